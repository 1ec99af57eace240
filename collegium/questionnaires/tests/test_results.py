"""Results of confidential answers: exact counts over sent responses only, and breakdowns in which
every group below the threshold is withheld and cannot be worked out from the rest (EN-1)."""

import pytest

from collegium.core.testing import assert_flat_query_count, count_queries
from collegium.questionnaires import results
from collegium.questionnaires.choices import Breakdown, QuestionKind
from collegium.questionnaires.results import COMPLEMENTARY, SMALL, suppressed_groups
from collegium.questionnaires.tests.factories import (
    QuestionFactory,
    QuestionnaireFactory,
    ResponseFactory,
    answer,
)
from collegium.questionnaires.tests.results_data import add_responses, make_sample

pytestmark = pytest.mark.django_db


def _by_question(found):
    return {result.question.pk: result for result in found.questions}


def _counts(result):
    return {option.label: option.count for option in result.options}


def test_only_sent_responses_are_counted_and_drafts_are_reported_apart():
    sample = make_sample(drafts=2)
    found = results.questionnaire_results(sample.questionnaire, threshold=5)
    assert (found.sent_count, found.draft_count) == (40, 2)
    assert not found.is_suppressed
    assert [result.number for result in found.questions] == [1, 2, 3, 4, 5, 6]


def test_single_choice_counts_and_shares_of_those_who_answered():
    sample = make_sample()
    result = _by_question(results.questionnaire_results(sample.questionnaire))[sample.single.pk]
    assert result.respondent_count == 40
    assert _counts(result) == {"Yes": 21, "No": 14, "Not sure": 5}
    assert [option.percent for option in result.options] == [52.5, 35.0, 12.5]


def test_multiple_choice_counts_each_choice_and_people_once():
    sample = make_sample()
    result = _by_question(results.questionnaire_results(sample.questionnaire))[sample.multiple.pk]
    assert result.respondent_count == 40
    assert _counts(result) == {"Apples": 30, "Bread": 20, "Cheese": 10}
    assert [option.percent for option in result.options] == [75.0, 50.0, 25.0]


def test_ranking_gives_the_mean_rank_and_first_places_of_each_choice():
    sample = make_sample()
    result = _by_question(results.questionnaire_results(sample.questionnaire))[sample.ranking.pk]
    by_label = {option.label: option for option in result.options}
    assert {label: option.first_count for label, option in by_label.items()} == {
        "X-ray": 20, "Yoga": 10, "Zinc": 10,
    }  # fmt: skip
    assert by_label["X-ray"].mean_rank == pytest.approx(1.75)
    assert by_label["Yoga"].mean_rank == pytest.approx(1.75)
    assert by_label["Zinc"].mean_rank == pytest.approx(2.5)
    assert all(option.count == 40 for option in result.options)


def test_agreement_scale_counts_every_point_with_the_median():
    sample = make_sample()
    result = _by_question(results.questionnaire_results(sample.questionnaire))[sample.likert.pk]
    assert [option.count for option in result.options] == [4, 10, 1, 20, 5]
    assert result.options[0].label == "Strongly disagree"
    assert result.median == 4.0
    assert result.mean == pytest.approx(3.3)


def test_rating_gives_the_distribution_mean_and_median_of_those_who_answered():
    sample = make_sample()
    result = _by_question(results.questionnaire_results(sample.questionnaire))[sample.rating.pk]
    assert result.respondent_count == 39
    assert [option.count for option in result.options] == [0, 4, 0, 0, 0, 10, 0, 20, 0, 5]
    assert result.mean == pytest.approx(278 / 39)
    assert result.median == 8.0


def test_a_text_question_only_counts_who_wrote_something():
    sample = make_sample()
    result = _by_question(results.questionnaire_results(sample.questionnaire))[sample.text.pk]
    assert result.respondent_count == 3
    assert result.options == []


def test_labels_follow_the_language_asked_for():
    sample = make_sample()
    found = results.questionnaire_results(sample.questionnaire, language="fr")
    result = _by_question(found)[sample.multiple.pk]
    assert result.label == "Que mangez-vous ?"
    assert [option.label for option in result.options] == ["Pommes", "Pain", "Fromage"]


def test_the_median_of_an_even_count_is_halfway_between_the_middle_two():
    questionnaire = QuestionnaireFactory()
    question = QuestionFactory(questionnaire=questionnaire, kind=QuestionKind.RATING)
    for value in (1, 2, 3, 4, 7, 9):
        answer(ResponseFactory(questionnaire=questionnaire), question, value)
    result = results.questionnaire_results(questionnaire, threshold=5).questions[0]
    assert result.median == 3.5


def test_below_the_threshold_nothing_but_the_count_is_given():
    questionnaire = QuestionnaireFactory()
    question = QuestionFactory(questionnaire=questionnaire)
    for _ in range(4):
        answer(ResponseFactory(questionnaire=questionnaire), question, "Yes")
    found = results.questionnaire_results(questionnaire, threshold=5)
    assert found.is_suppressed
    assert found.sent_count == 4
    assert found.questions == []
    answer(ResponseFactory(questionnaire=questionnaire), question, "No")
    found = results.questionnaire_results(questionnaire, threshold=5)
    assert not found.is_suppressed
    assert _counts(found.questions[0]) == {"Yes": 4, "No": 1, "Not sure": 0}


def test_the_threshold_is_a_setting(settings):
    sample = make_sample()
    settings.COLLEGIUM = {**settings.COLLEGIUM, "SUPPRESSION_THRESHOLD": 50}
    assert results.questionnaire_results(sample.questionnaire).is_suppressed
    settings.COLLEGIUM = {**settings.COLLEGIUM, "SUPPRESSION_THRESHOLD": 40}
    assert not results.questionnaire_results(sample.questionnaire).is_suppressed


def test_results_cost_the_same_queries_with_more_responses():
    sample = make_sample()
    questions = {
        "single": sample.single, "multiple": sample.multiple, "ranking": sample.ranking,
        "likert": sample.likert, "rating": sample.rating, "text": sample.text,
    }  # fmt: skip
    queries = assert_flat_query_count(
        lambda: results.questionnaire_results(sample.questionnaire),
        lambda: add_responses(sample.questionnaire, questions, 25),
    )
    assert queries == 5
    assert_flat_query_count(
        lambda: results.breakdowns(sample.questionnaire, Breakdown.PROVINCE),
        lambda: add_responses(sample.questionnaire, questions, 25),
    )


# Breakdowns -----------------------------------------------------------------------------------


def _rows(table):
    return {group.key: group for group in table.groups}


def test_breakdown_by_user_type_withholds_every_group_below_the_threshold():
    sample = make_sample()
    table = results.breakdown(sample.questionnaire, sample.single, Breakdown.USER_TYPE, 5)
    rows = _rows(table)
    assert not table.is_suppressed
    assert [group.key for group in table.groups] == [
        "physician", "learner", "allied_health", "patient", "public",
    ]  # fmt: skip
    assert rows["physician"].size == 20
    assert _counts_of(rows["physician"]) == {"Yes": 20, "No": 0, "Not sure": 0}
    assert _counts_of(rows["learner"]) == {"Yes": 0, "No": 10, "Not sure": 0}
    # Exactly the threshold is shown.
    assert rows["allied_health"].size == 5
    assert _counts_of(rows["allied_health"]) == {"Yes": 0, "No": 0, "Not sure": 5}
    for key in ("patient", "public"):
        assert rows[key].suppressed == SMALL
        assert rows[key].size is None
        assert rows[key].respondent_count is None
        assert rows[key].cells == []


def _counts_of(group):
    return {cell.label: cell.count for cell in group.cells}


def test_breakdown_by_province_names_the_unstated_and_withholds_small_provinces():
    sample = make_sample()
    table = results.breakdown(sample.questionnaire, sample.single, Breakdown.PROVINCE, 5)
    rows = _rows(table)
    assert [group.key for group in table.groups] == ["AB", "BC", "ON", "QC", ""]
    assert rows[""].label == "Not stated"
    assert _counts_of(rows["ON"]) == {"Yes": 11, "No": 5, "Not sure": 2}
    assert _counts_of(rows["QC"]) == {"Yes": 6, "No": 4, "Not sure": 2}
    assert _counts_of(rows["BC"]) == {"Yes": 2, "No": 2, "Not sure": 1}
    assert rows["BC"].size == 5
    assert rows["AB"].suppressed == SMALL
    assert rows[""].suppressed == SMALL
    assert rows["AB"].cells == rows[""].cells == []


def test_withheld_groups_cannot_be_recovered_by_subtracting_the_shown_ones_from_the_total():
    sample = make_sample()
    overall = _by_question(results.questionnaire_results(sample.questionnaire))
    for by in Breakdown.values:
        table = results.breakdown(sample.questionnaire, sample.single, by, 5)
        shown = [group for group in table.groups if not group.is_suppressed]
        withheld = 40 - sum(group.size for group in shown)
        # What subtraction recovers is a pool of at least two groups and five people.
        assert table.suppressed_count >= 2
        assert withheld >= 5
        assert (
            sum(group.respondent_count for group in shown)
            < overall[sample.single.pk].respondent_count
        )


def test_one_small_group_also_withholds_the_next_smallest_so_it_cannot_be_worked_out():
    questionnaire = QuestionnaireFactory()
    question = QuestionFactory(questionnaire=questionnaire)
    for user_type, count in (("physician", 25), ("learner", 6), ("allied_health", 5),
                             ("patient", 4)):  # fmt: skip
        for _ in range(count):
            answer(
                ResponseFactory(questionnaire=questionnaire, user_type=user_type), question, "Yes"
            )
    table = results.breakdown(questionnaire, question, Breakdown.USER_TYPE, 5)
    rows = _rows(table)
    assert rows["patient"].suppressed == SMALL
    # The smallest group shown otherwise goes with it: 5 is at the threshold, but the total
    # minus the others would give the patients' 4.
    assert rows["allied_health"].suppressed == COMPLEMENTARY
    assert rows["allied_health"].cells == []
    assert (rows["physician"].size, rows["learner"].size) == (25, 6)


def test_a_breakdown_with_no_group_left_to_show_is_withheld_entirely():
    # Thirty physicians and three learners: withholding the learners alone would let them be
    # worked out from the totals, so the physicians are withheld too, and nothing is left.
    questionnaire = QuestionnaireFactory()
    question = QuestionFactory(questionnaire=questionnaire)
    for user_type, count in (("physician", 30), ("learner", 3)):
        for _ in range(count):
            answer(
                ResponseFactory(questionnaire=questionnaire, user_type=user_type), question, "No"
            )
    table = results.breakdown(questionnaire, question, Breakdown.USER_TYPE, 5)
    assert table.is_suppressed
    assert table.groups == []


def test_the_answers_of_withheld_groups_are_not_even_read():
    sample = make_sample()
    _count, queries = count_queries(
        lambda: results.breakdowns(sample.questionnaire, Breakdown.USER_TYPE)
    )
    answer_queries = [query["sql"] for query in queries if "questionnaires_answer" in query["sql"]]
    assert answer_queries
    for sql in answer_queries:
        assert "'patient'" not in sql and "'public'" not in sql
        assert "'physician'" in sql


def test_scale_breakdowns_give_each_group_its_mean_and_median():
    sample = make_sample()
    table = results.breakdown(sample.questionnaire, sample.rating, Breakdown.PROVINCE, 5)
    rows = _rows(table)
    # Quebec: 6 physicians (8), 4 learners (6), 2 allied (10).
    assert _counts_of(rows["QC"])["8"] == 6
    assert rows["QC"].mean == pytest.approx((48 + 24 + 20) / 12)
    assert rows["QC"].median == 8.0
    assert table.data_column_count == 1 + 10 + 2


def test_a_breakdown_refuses_a_question_of_another_questionnaire_or_an_unknown_grouping():
    sample = make_sample()
    other = QuestionFactory()
    with pytest.raises(ValueError, match=str(other.pk)):
        results.breakdown(sample.questionnaire, other, Breakdown.USER_TYPE, 5)
    with pytest.raises(ValueError, match="specialty"):
        results.breakdowns(sample.questionnaire, "specialty")
    with pytest.raises(ValueError, match=str(sample.text.pk)):
        results.breakdown(sample.questionnaire, sample.text, Breakdown.USER_TYPE, 5)


@pytest.mark.parametrize(
    ("sizes", "small", "complementary"),
    [
        ({"a": 20, "b": 10}, set(), set()),
        ({"a": 20, "b": 5, "c": 4, "d": 1}, {"c", "d"}, set()),
        ({"a": 20, "b": 5, "c": 4}, {"c"}, {"b"}),
        ({"a": 20, "b": 6, "c": 1, "d": 2}, {"c", "d"}, {"b"}),
        ({"a": 3}, {"a"}, set()),
        ({"a": 9, "b": 9, "c": 2}, {"c"}, {"a"}),
    ],
)
def test_suppression_keeps_withheld_groups_a_pool_of_two_or_more_and_the_threshold(
    sizes, small, complementary
):
    assert suppressed_groups(sizes, 5) == (small, complementary)


def test_groups_withheld_for_another_reason_count_in_the_pool():
    assert suppressed_groups({"a": 10, "b": 10, "c": 3}, 5, hidden=["b"]) == ({"c"}, set())
    assert suppressed_groups({"a": 10, "b": 2, "c": 8}, 5, hidden=["b"]) == (set(), {"c"})


def test_text_answers_are_listed_by_random_id_without_the_empty_ones():
    sample = make_sample()
    page = results.text_answers(sample.questionnaire, sample.text)
    assert page.paginator.count == 3
    assert set(page.object_list[0]) == {"text", "response__language"}
    with pytest.raises(ValueError, match=str(sample.single.pk)):
        results.text_answers(sample.questionnaire, sample.single)

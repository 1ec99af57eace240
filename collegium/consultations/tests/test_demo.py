"""The demo consultations (issue 9): one open with forty sent responses whose small groups are
suppressed in the results, one closed with its "what we heard"; loading twice changes nothing."""

from django.core.management import call_command

from collegium import permissions
from collegium.accounts.models import User
from collegium.consultations.choices import ConsultationStatus
from collegium.consultations.models import Consultation, ConsultationComment
from collegium.questionnaires import results
from collegium.questionnaires.choices import Breakdown, QuestionKind, ResponseStatus
from collegium.questionnaires.models import Response


def test_the_demo_has_an_open_consultation_with_forty_responses_and_a_closed_one(db):
    call_command("demo_data")
    call_command("demo_data")

    open_one = Consultation.objects.get(status=ConsultationStatus.OPEN)
    closed = Consultation.objects.get(status=ConsultationStatus.CLOSED)
    assert Consultation.objects.count() == 2
    sent = Response.objects.filter(
        questionnaire=open_one.questionnaire, status=ResponseStatus.SUBMITTED
    )
    assert sent.count() == 40
    kinds = set(open_one.questionnaire.questions.values_list("kind", flat=True))
    assert kinds == set(QuestionKind.values)
    assert open_one.paragraphs.count() == 6
    assert ConsultationComment.objects.filter(consultation=open_one, paragraph__number=2).exists()
    maple = User.objects.get(username="dr-maple")
    assert Response.objects.get(questionnaire=open_one.questionnaire, respondent=maple).status == (
        ResponseStatus.DRAFT
    )

    assert closed.what_we_heard_published_at is not None
    assert closed.what_we_heard_html_fr and closed.what_we_heard_html_en
    assert closed.closed_at is not None and closed.opened_at < closed.closed_at

    analyst = User.objects.get(email="analyst@example.org")
    assert permissions.can_analyse_responses(analyst)
    assert not permissions.can_analyse_responses(User.objects.get(email="staff@example.org"))


def test_the_demo_results_suppress_the_small_groups(db):
    call_command("demo_data")
    open_one = Consultation.objects.get(status=ConsultationStatus.OPEN)
    question = open_one.questionnaire.questions.get(kind=QuestionKind.SINGLE)

    by_type = results.breakdown(open_one.questionnaire, question, Breakdown.USER_TYPE)
    rows = {group.key: group for group in by_type.groups}
    assert rows["allied_health"].is_small  # three people: fewer than five
    assert rows["allied_health"].cells == []
    assert not by_type.is_suppressed

    by_province = results.breakdown(open_one.questionnaire, question, Breakdown.PROVINCE)
    small = {group.key for group in by_province.groups if group.is_small}
    assert small == {"NS", "NL"}

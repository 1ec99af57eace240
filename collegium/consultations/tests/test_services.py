"""The rules of consultations (EN-1), as the services apply them whoever calls."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from collegium.accounts.choices import UserType
from collegium.communities.choices import CommunityStatus
from collegium.consultations import services
from collegium.consultations.choices import ConsultationStatus
from collegium.consultations.models import Consultation, ConsultationComment, Paragraph
from collegium.consultations.tests.build import draft_of, make_consultation, make_open, texts
from collegium.consultations.tests.factories import ConsultationFactory
from collegium.questionnaires.tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db


def _codes(error: ValidationError) -> dict[str, list[str]]:
    return {field: [str(item.code) for item in items] for field, items in error.error_dict.items()}


def _edit(staff, consultation, **overrides):
    values = {
        **texts(consultation.paragraphs.count()),
        "opens_at": consultation.opens_at,
        "closes_at": consultation.closes_at,
        **overrides,
    }
    return services.consultation_edit(actor=staff, consultation=consultation, **values)


# Creating and editing -------------------------------------------------------------------------


def test_staff_create_a_consultation_with_numbered_paragraphs_in_both_languages(staff):
    consultation = make_consultation(
        staff,
        draft_en="First **point**.\n\n\n  \nSecond point,\non two lines.",
        draft_fr="Premier point.\n\nDeuxième point.",
    )

    assert consultation.status == ConsultationStatus.DRAFT
    assert consultation.slug == "draft-policy-on-forms"
    assert consultation.questionnaire_id is not None
    assert consultation.audience_types == {UserType.PHYSICIAN, UserType.LEARNER}
    paragraphs = list(consultation.paragraphs.order_by("number"))
    assert [p.number for p in paragraphs] == [1, 2]
    assert paragraphs[0].html_en.strip() == "<p>First <strong>point</strong>.</p>"
    assert paragraphs[1].text_en == "Second point,\non two lines."
    assert paragraphs[1].text_fr == "Deuxième point."


def test_slugs_come_from_the_english_title_and_never_repeat(staff):
    first = make_consultation(staff)
    second = make_consultation(staff)
    third = make_consultation(staff)
    assert [first.slug, second.slug, third.slug] == [
        "draft-policy-on-forms",
        "draft-policy-on-forms-2",
        "draft-policy-on-forms-3",
    ]


def test_only_staff_create_consultations(physician):
    with pytest.raises(Http404):
        make_consultation(physician)
    assert not Consultation.objects.exists()


def test_both_titles_both_drafts_and_an_audience_are_required(staff):
    with pytest.raises(ValidationError) as refused:
        services.consultation_create(
            actor=staff,
            community=None,
            **texts(title_fr=" ", draft_en="", audience=[]),
        )
    # The texts are checked first, all at once.
    assert _codes(refused.value) == {"title_fr": ["required"], "draft_en": ["required"]}
    with pytest.raises(ValidationError) as refused:
        services.consultation_create(actor=staff, community=None, **texts(audience=[]))
    assert _codes(refused.value) == {"audience": ["required"]}
    with pytest.raises(ValidationError) as refused:
        services.consultation_create(actor=staff, community=None, **texts(audience=["wizard"]))
    assert _codes(refused.value) == {"audience": ["invalid"]}
    assert not Consultation.objects.exists()


def test_drafts_with_different_numbers_of_paragraphs_are_refused_next_to_the_french_draft(staff):
    with pytest.raises(ValidationError) as refused:
        services.consultation_create(
            actor=staff, community=None, **texts(draft_en=draft_of(12), draft_fr=draft_of(11))
        )
    assert _codes(refused.value) == {"draft_fr": ["paragraph_count"]}
    assert refused.value.error_dict["draft_fr"][0].message == (
        "The English draft has 12 paragraphs and the French one 11 paragraphs: they are shown "
        "side by side, so they must match."
    )
    assert not Consultation.objects.exists()


def test_a_paragraph_longer_than_the_limit_is_refused(staff):
    with pytest.raises(ValidationError) as refused:
        services.consultation_create(
            actor=staff, community=None, **texts(2, draft_en="Short.\n\n" + "x" * 20_001)
        )
    assert _codes(refused.value) == {"draft_en": ["paragraph_too_long"]}


def test_the_close_date_must_come_after_the_opening(staff):
    with pytest.raises(ValidationError) as refused:
        make_consultation(staff, lasts=timedelta(days=-1))
    assert _codes(refused.value) == {"closes_at": ["before_opening"]}


def test_a_consultation_is_held_in_an_active_community_or_on_the_whole_platform(staff, community):
    consultation = make_consultation(staff, community=community)
    assert consultation.community == community
    community.status = CommunityStatus.ARCHIVED
    community.save()
    with pytest.raises(ValidationError) as refused:
        make_consultation(staff, community=community)
    assert _codes(refused.value) == {"community": ["inactive"]}


def test_editing_changes_the_wording_in_place_and_keeps_the_address(staff):
    consultation = make_consultation(staff)
    before = {p.number: p.pk for p in consultation.paragraphs.all()}
    _edit(
        staff,
        consultation,
        title_en="A new title",
        draft_en="One.\n\nTwo, changed.\n\nThree.",
        audience=[UserType.PHYSICIAN],
    )
    consultation.refresh_from_db()
    assert consultation.slug == "draft-policy-on-forms"
    assert consultation.title_en == "A new title"
    assert consultation.audience_types == {UserType.PHYSICIAN}
    after = {p.number: p for p in consultation.paragraphs.all()}
    assert {number: p.pk for number, p in after.items()} == before
    assert after[2].text_en == "Two, changed."
    assert after[2].html_en.strip() == "<p>Two, changed.</p>"


def test_without_comments_on_paragraphs_the_draft_may_gain_or_lose_paragraphs(staff, physician):
    consultation = make_open(staff)
    services.consultation_comment_add(
        actor=physician, consultation=consultation, paragraph=None, body="On the whole."
    )
    _edit(staff, consultation, draft_en=draft_of(5), draft_fr=draft_of(5, "fr"))
    assert consultation.paragraphs.count() == 5
    _edit(staff, consultation, draft_en=draft_of(2), draft_fr=draft_of(2, "fr"))
    assert consultation.paragraphs.count() == 2


def test_once_paragraphs_have_comments_their_number_cannot_change(staff, physician):
    consultation = make_open(staff)
    paragraph = consultation.paragraphs.get(number=2)
    services.consultation_comment_add(
        actor=physician, consultation=consultation, paragraph=paragraph, body="On two."
    )
    with pytest.raises(ValidationError) as refused:
        _edit(staff, consultation, draft_en=draft_of(4), draft_fr=draft_of(4, "fr"))
    assert _codes(refused.value) == {"draft_en": ["paragraphs_commented"]}
    assert "keep its 3 paragraphs" in refused.value.error_dict["draft_en"][0].message
    assert consultation.paragraphs.count() == 3

    # Wording is fine: the comment stays on its paragraph.
    _edit(staff, consultation, draft_en="One.\n\nTwo, clearer.\n\nThree.")
    comment = ConsultationComment.objects.get()
    assert comment.paragraph == paragraph
    assert Paragraph.objects.get(pk=paragraph.pk).text_en == "Two, clearer."


def test_once_open_the_opening_date_stays_and_the_close_date_stays_ahead(staff):
    consultation = ConsultationFactory(opens_at=timezone.now() - timedelta(days=10))
    with pytest.raises(ValidationError) as refused:
        _edit(staff, consultation, opens_at=timezone.now() + timedelta(days=3))
    assert _codes(refused.value) == {"opens_at": ["opened"]}
    with pytest.raises(ValidationError) as refused:
        _edit(staff, consultation, closes_at=timezone.now() - timedelta(days=1))
    assert _codes(refused.value) == {"closes_at": ["past"]}
    later = timezone.now() + timedelta(days=60)
    _edit(staff, consultation, closes_at=later)
    consultation.refresh_from_db()
    assert consultation.closes_at == later


# Scheduling, opening, closing -----------------------------------------------------------------


def test_scheduling_needs_both_dates(staff):
    consultation = make_consultation(staff, opens_in=None)
    with pytest.raises(ValidationError) as refused:
        services.consultation_schedule(actor=staff, consultation=consultation)
    assert _codes(refused.value) == {"opens_at": ["required"], "closes_at": ["required"]}
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.DRAFT


def test_a_close_date_in_the_past_is_refused_when_scheduling(staff):
    consultation = make_consultation(staff, opens_in=timedelta(days=-10), lasts=timedelta(days=2))
    with pytest.raises(ValidationError) as refused:
        services.consultation_schedule(actor=staff, consultation=consultation)
    assert _codes(refused.value) == {"closes_at": ["past"]}


def test_a_consultation_without_questions_may_be_scheduled(staff):
    consultation = make_consultation(staff)
    assert not consultation.questionnaire.questions.exists()
    services.consultation_schedule(actor=staff, consultation=consultation)
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.SCHEDULED
    assert consultation.opened_at is None


def test_scheduling_when_the_opening_date_has_come_opens_it(staff):
    consultation = make_consultation(staff, opens_in=timedelta(minutes=-1))
    services.consultation_schedule(actor=staff, consultation=consultation)
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.OPEN
    assert consultation.opened_at is not None


def test_only_staff_schedule_and_only_what_is_in_preparation(staff, physician):
    consultation = make_consultation(staff)
    with pytest.raises(Http404):
        services.consultation_schedule(actor=physician, consultation=consultation)
    services.consultation_schedule(actor=staff, consultation=consultation)
    with pytest.raises(PermissionDenied):
        services.consultation_schedule(actor=staff, consultation=consultation)
    services.consultation_unschedule(actor=staff, consultation=consultation)
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.DRAFT


def test_open_now_and_close_now_set_the_dates_to_now(staff):
    consultation = make_consultation(staff, opens_in=timedelta(days=5))
    before = timezone.now()
    consultation = services.consultation_open_now(actor=staff, consultation=consultation)
    assert consultation.status == ConsultationStatus.OPEN
    assert before <= consultation.opens_at <= timezone.now()
    assert consultation.opened_at == consultation.opens_at
    consultation = services.consultation_close_now(actor=staff, consultation=consultation)
    assert consultation.status == ConsultationStatus.CLOSED
    assert consultation.closed_at == consultation.closes_at
    with pytest.raises(PermissionDenied):
        services.consultation_close_now(actor=staff, consultation=consultation)


def test_opening_and_closing_are_conditional_updates_that_happen_once(staff):
    consultation = ConsultationFactory(
        status=ConsultationStatus.SCHEDULED,
        opened_at=None,
        opens_at=timezone.now() - timedelta(minutes=1),
    )
    now = timezone.now()
    assert services.consultation_open(consultation=consultation, now=now) is True
    assert services.consultation_open(consultation=consultation, now=now) is False
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.OPEN
    assert consultation.opened_at == now

    # Not due yet: nothing closes.
    assert services.consultation_close(consultation=consultation, now=now) is False
    later = consultation.closes_at + timedelta(seconds=1)
    assert services.consultation_close(consultation=consultation, now=later) is True
    assert services.consultation_close(consultation=consultation, now=later) is False
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.CLOSED


# What we heard --------------------------------------------------------------------------------


def test_what_we_heard_is_published_once_closed_in_both_languages(staff):
    consultation = make_open(staff)
    with pytest.raises(PermissionDenied):
        services.what_we_heard_publish(
            actor=staff, consultation=consultation, text_en="Heard.", text_fr="Entendu."
        )
    consultation = services.consultation_close_now(actor=staff, consultation=consultation)
    with pytest.raises(ValidationError) as refused:
        services.what_we_heard_publish(
            actor=staff, consultation=consultation, text_en="Heard.", text_fr=" "
        )
    assert _codes(refused.value) == {"what_we_heard_fr": ["required"]}

    consultation = services.what_we_heard_publish(
        actor=staff, consultation=consultation, text_en="We **heard**.", text_fr="Entendu."
    )
    published_at = consultation.what_we_heard_published_at
    assert published_at is not None
    assert consultation.what_we_heard_html_en.strip() == "<p>We <strong>heard</strong>.</p>"

    # A correction keeps the first publication date.
    consultation = services.what_we_heard_publish(
        actor=staff, consultation=consultation, text_en="We heard more.", text_fr="Entendu."
    )
    assert consultation.what_we_heard_published_at == published_at
    assert consultation.what_we_heard_en == "We heard more."


def test_only_staff_publish_what_we_heard(staff, physician):
    consultation = services.consultation_close_now(actor=staff, consultation=make_open(staff))
    with pytest.raises(Http404):
        services.what_we_heard_publish(
            actor=physician, consultation=consultation, text_en="a", text_fr="b"
        )


# Comments -------------------------------------------------------------------------------------


def test_the_audience_comments_on_a_paragraph_or_on_the_whole_draft(staff, physician):
    consultation = make_open(staff)
    paragraph = consultation.paragraphs.get(number=1)
    on_paragraph = services.consultation_comment_add(
        actor=physician, consultation=consultation, paragraph=paragraph, body="**Yes**."
    )
    general = services.consultation_comment_add(
        actor=physician, consultation=consultation, paragraph=None, body="Overall, good."
    )
    assert on_paragraph.paragraph == paragraph
    assert on_paragraph.body_html.strip() == "<p><strong>Yes</strong>.</p>"
    assert general.paragraph is None


def test_the_same_submission_makes_one_comment(staff, physician):
    import uuid

    consultation = make_open(staff)
    key = uuid.uuid4()
    for _attempt in range(2):
        services.consultation_comment_add(
            actor=physician,
            consultation=consultation,
            paragraph=None,
            body="Once.",
            submission_key=key,
        )
    assert ConsultationComment.objects.count() == 1


def test_people_outside_the_audience_and_after_the_close_cannot_comment(staff, physician, patient):
    consultation = make_open(staff)
    with pytest.raises(PermissionDenied):
        services.consultation_comment_add(
            actor=patient, consultation=consultation, paragraph=None, body="Me too."
        )
    consultation = services.consultation_close_now(actor=staff, consultation=consultation)
    with pytest.raises(PermissionDenied) as refused:
        services.consultation_comment_add(
            actor=physician, consultation=consultation, paragraph=None, body="Too late."
        )
    assert "closed on" in str(refused.value)
    assert not ConsultationComment.objects.exists()


def test_a_paragraph_of_another_consultation_is_refused(staff, physician):
    consultation = make_open(staff)
    other = make_open(staff)
    with pytest.raises(ValidationError) as refused:
        services.consultation_comment_add(
            actor=physician,
            consultation=consultation,
            paragraph=other.paragraphs.first(),
            body="Here?",
        )
    assert _codes(refused.value) == {"paragraph": ["invalid"]}


def test_authors_edit_and_delete_their_comments_only_while_it_is_open(
    staff, physician, second_physician
):
    consultation = make_open(staff)
    comment = services.consultation_comment_add(
        actor=physician, consultation=consultation, paragraph=None, body="First."
    )
    with pytest.raises(PermissionDenied):
        services.consultation_comment_edit(actor=second_physician, comment=comment, body="Mine")
    comment = services.consultation_comment_edit(actor=physician, comment=comment, body="Better.")
    assert comment.body == "Better."
    assert comment.edited_at is not None
    services.consultation_close_now(actor=staff, consultation=consultation)
    with pytest.raises(PermissionDenied):
        services.consultation_comment_edit(actor=physician, comment=comment, body="Later.")
    with pytest.raises(PermissionDenied):
        services.consultation_comment_delete(actor=physician, comment=comment)
    comment.refresh_from_db()
    assert comment.body == "Better."
    assert comment.deleted_at is None


def test_a_deleted_comment_keeps_its_place(staff, physician):
    consultation = make_open(staff)
    comment = services.consultation_comment_add(
        actor=physician, consultation=consultation, paragraph=None, body="Oops."
    )
    services.consultation_comment_delete(actor=physician, comment=comment)
    comment.refresh_from_db()
    assert comment.deleted_at is not None


def test_erasing_an_account_empties_its_comments(staff, physician):
    consultation = make_open(staff)
    services.consultation_comment_add(
        actor=physician, consultation=consultation, paragraph=None, body="Mine."
    )
    services.consultation_comments_erase(user=physician)
    comment = ConsultationComment.objects.get()
    assert (comment.body, comment.deleted_at is not None) == ("", True)


def test_a_consultation_with_questions_counts_them_for_the_schedule_page(staff):
    consultation = make_consultation(staff)
    QuestionFactory(questionnaire=consultation.questionnaire)
    services.consultation_schedule(actor=staff, consultation=consultation)
    assert consultation.questionnaire.questions.count() == 1

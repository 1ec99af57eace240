"""Reads of consultations start from what the viewer may see (EN-1, SPEC §0)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import timezone

from collegium.accounts.choices import UserType
from collegium.consultations import selectors, services
from collegium.consultations.choices import ConsultationStatus
from collegium.consultations.models import ConsultationComment
from collegium.consultations.tests.build import make_consultation, make_open
from collegium.consultations.tests.factories import ConsultationFactory

pytestmark = pytest.mark.django_db


def test_consultation_for_finds_what_the_viewer_may_see_and_404s_the_rest(
    staff, physician, patient
):
    consultation = ConsultationFactory()
    found = selectors.consultation_for(physician, consultation.slug)
    assert found == consultation
    assert found.audience_types == {UserType.PHYSICIAN, UserType.LEARNER}
    for viewer in (patient, AnonymousUser()):
        with pytest.raises(Http404):
            selectors.consultation_for(viewer, consultation.slug)
    with pytest.raises(Http404):
        selectors.consultation_for(staff, "no-such-consultation")
    preparing = ConsultationFactory(status=ConsultationStatus.DRAFT, opened_at=None)
    with pytest.raises(Http404):
        selectors.consultation_for(physician, preparing.slug)
    assert selectors.consultation_for(staff, preparing.slug) == preparing


def test_the_list_puts_open_ones_first_closing_soonest_and_hides_preparation_from_members(
    staff, physician
):
    now = timezone.now()
    later = ConsultationFactory(closes_at=now + timedelta(days=20))
    sooner = ConsultationFactory(closes_at=now + timedelta(days=2))
    closed = ConsultationFactory(status=ConsultationStatus.CLOSED, closed_at=now)
    older_closed = ConsultationFactory(
        status=ConsultationStatus.CLOSED, closed_at=now - timedelta(days=9)
    )
    preparing = ConsultationFactory(status=ConsultationStatus.DRAFT, opened_at=None)
    scheduled = ConsultationFactory(status=ConsultationStatus.SCHEDULED, opened_at=None)

    lists = selectors.consultations_list(viewer=physician)
    assert lists.open == [sooner, later]
    assert lists.closed == [closed, older_closed]
    assert lists.preparing == [] and lists.scheduled == []

    lists = selectors.consultations_list(viewer=staff)
    assert lists.preparing == [preparing]
    assert lists.scheduled == [scheduled]
    assert selectors.consultations_list(viewer=staff, status="closed").open == []


def test_a_community_overview_lists_its_consultations_for_its_participants(
    staff, community, participant, physician
):
    consultation = make_open(staff, community=community)
    make_open(staff)  # platform-wide: not the community's
    assert selectors.community_consultations(viewer=participant, community=community) == [
        consultation
    ]
    assert selectors.community_consultations(viewer=physician, community=community) == []


def test_paragraphs_come_with_their_comments_and_the_general_ones_apart(
    staff, physician, second_physician, moderator
):
    consultation = make_open(staff)
    first, second = consultation.paragraphs.order_by("number")[:2]
    on_first = services.consultation_comment_add(
        actor=physician, consultation=consultation, paragraph=first, body="On one."
    )
    removed = services.consultation_comment_add(
        actor=physician, consultation=consultation, paragraph=second, body="Removed."
    )
    ConsultationComment.objects.filter(pk=removed.pk).update(removed_at=timezone.now())
    general = services.consultation_comment_add(
        actor=second_physician, consultation=consultation, paragraph=None, body="Overall."
    )

    draft = selectors.paragraphs_with_comments(consultation=consultation, viewer=second_physician)
    assert [p.number for p in draft.paragraphs] == [1, 2, 3]
    assert draft.paragraphs[0].comments_shown == [on_first]
    assert draft.paragraphs[1].comments_shown == []  # removed: hidden from readers
    assert draft.general == [general]
    assert draft.comment_count == 2

    # Its author and the platform's moderators still see it in its place.
    for viewer in (physician, moderator):
        draft = selectors.paragraphs_with_comments(consultation=consultation, viewer=viewer)
        assert draft.paragraphs[1].comments_shown == [removed]


def test_a_paragraph_by_number_and_a_comment_by_id_belong_to_the_consultation(staff, physician):
    consultation = make_open(staff)
    other = make_consultation(staff)
    assert selectors.paragraph_get(consultation=consultation, number=2).number == 2
    with pytest.raises(Http404):
        selectors.paragraph_get(consultation=consultation, number=4)
    comment = services.consultation_comment_add(
        actor=physician, consultation=consultation, paragraph=None, body="Mine."
    )
    assert (
        selectors.comment_get(viewer=physician, consultation=consultation, comment_id=comment.pk)
        == comment
    )
    with pytest.raises(Http404):
        selectors.comment_get(viewer=physician, consultation=other, comment_id=comment.pk)

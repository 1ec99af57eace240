"""The periodic task opens and closes consultations on their dates, once however often it runs,
and tells the audience only (EN-1, NO-1)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from collegium.accounts.choices import UserType
from collegium.accounts.tests.factories import UserFactory, verified_member
from collegium.consultations import services, tasks
from collegium.consultations.choices import ConsultationStatus
from collegium.consultations.tests.factories import ConsultationFactory
from collegium.notifications.choices import Kind
from collegium.notifications.models import FanOut, Notification
from collegium.notifications.testing import mail_to, told
from collegium.questionnaires.tests.factories import ResponseFactory

pytestmark = pytest.mark.django_db


def _scheduled(opens_in=timedelta(minutes=-1), lasts=timedelta(days=10), **fields):
    opens_at = timezone.now() + opens_in
    return ConsultationFactory(
        status=ConsultationStatus.SCHEDULED,
        opens_at=opens_at,
        closes_at=opens_at + lasts,
        opened_at=None,
        **fields,
    )


def test_the_task_opens_what_is_due_and_leaves_the_rest(django_capture_on_commit_callbacks):
    due = _scheduled()
    later = _scheduled(opens_in=timedelta(hours=2))
    in_preparation = ConsultationFactory(
        status=ConsultationStatus.DRAFT, opens_at=timezone.now() - timedelta(hours=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.open_and_close_consultations.call_local() == (1, 0)
    for consultation in (due, later, in_preparation):
        consultation.refresh_from_db()
    assert due.status == ConsultationStatus.OPEN
    assert due.opened_at is not None
    assert later.status == ConsultationStatus.SCHEDULED
    assert in_preparation.status == ConsultationStatus.DRAFT


def test_the_task_closes_what_is_due(django_capture_on_commit_callbacks):
    due = ConsultationFactory(closes_at=timezone.now() - timedelta(seconds=1))
    running = ConsultationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.open_and_close_consultations.call_local() == (0, 1)
    due.refresh_from_db()
    running.refresh_from_db()
    assert due.status == ConsultationStatus.CLOSED
    assert due.closed_at is not None
    assert running.status == ConsultationStatus.OPEN


def test_a_scheduled_consultation_whose_close_date_passed_closes_without_opening(
    django_capture_on_commit_callbacks, physician
):
    missed = _scheduled(opens_in=timedelta(days=-3), lasts=timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.open_and_close_consultations.call_local() == (0, 1)
    missed.refresh_from_db()
    assert missed.status == ConsultationStatus.CLOSED
    assert missed.opened_at is None
    assert told(physician) == []


def test_running_the_task_twice_opens_and_closes_once(django_capture_on_commit_callbacks):
    _scheduled()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.open_and_close_consultations.call_local() == (1, 0)
        assert tasks.open_and_close_consultations.call_local() == (0, 0)
    assert FanOut.objects.filter(key__startswith="consultation_opened:").count() == 1


def test_opening_tells_the_audience_and_no_one_else(
    django_capture_on_commit_callbacks, physician, second_physician, learner, patient, staff
):
    unverified = UserFactory(username="dr-unverified", user_type=UserType.PHYSICIAN)
    gone = verified_member("dr-gone", "5000050", is_active=False)
    consultation = _scheduled(audience=[UserType.PHYSICIAN])
    with django_capture_on_commit_callbacks(execute=True):
        tasks.open_and_close_consultations.call_local()

    for person in (physician, second_physician):
        (notification,) = told(person, Kind.CONSULTATION_OPENED)
        assert notification.link["en"] == consultation.get_absolute_url()
        assert notification.community_id is None
    # A learner outside an audience of physicians, the public, an unverified physician (a
    # member of the public), staff and a closed account hear nothing.
    for person in (learner, patient, unverified, staff, gone):
        assert told(person) == []
    (message,) = mail_to(physician)
    assert consultation.title_fr in message.subject  # in the physician's language, French
    assert "/fr/" in message.body


def test_the_public_in_the_audience_includes_unverified_physicians(
    django_capture_on_commit_callbacks, physician, patient
):
    unverified = UserFactory(username="dr-unverified", user_type=UserType.PHYSICIAN)
    public = UserFactory(username="someone", user_type=UserType.PUBLIC)
    _scheduled(audience=[UserType.PUBLIC])
    with django_capture_on_commit_callbacks(execute=True):
        tasks.open_and_close_consultations.call_local()
    assert len(told(unverified, Kind.CONSULTATION_OPENED)) == 1
    assert len(told(public, Kind.CONSULTATION_OPENED)) == 1
    assert told(physician) == [] and told(patient) == []


def test_a_community_consultation_tells_only_its_participants_in_the_audience(
    django_capture_on_commit_callbacks, community, participant, physician
):
    learner_inside = verified_member("learner-inside", "5000060", user_type=UserType.LEARNER)
    from collegium.communities import services as community_services

    community_services.membership_add(community, learner_inside)
    consultation = _scheduled(community=community, audience=[UserType.PHYSICIAN])
    with django_capture_on_commit_callbacks(execute=True):
        tasks.open_and_close_consultations.call_local()
    (notification,) = told(participant, Kind.CONSULTATION_OPENED)
    assert notification.community_id == community.pk
    assert notification.params["community"]["en"] == community.name
    assert told(physician) == []  # in the audience, not in the community
    assert told(learner_inside) == []  # in the community, not in the audience
    assert consultation.pk is not None


def test_the_audience_is_told_in_batches_across_many_people(
    django_capture_on_commit_callbacks, settings
):
    people = [verified_member(f"dr-many-{n}", f"51000{n:02d}") for n in range(8)]
    _scheduled(audience=[UserType.PHYSICIAN])
    with django_capture_on_commit_callbacks(execute=True):
        tasks.open_and_close_consultations.call_local()
    assert settings.COLLEGIUM["FAN_OUT_BATCH"] < len(people)
    assert Notification.objects.filter(kind=Kind.CONSULTATION_OPENED).count() == len(people)
    fan_out = FanOut.objects.get()
    assert fan_out.notified == len(people)
    assert fan_out.finished_at is not None


def test_a_retried_opening_task_tells_nobody_twice(django_capture_on_commit_callbacks, physician):
    consultation = _scheduled()
    with django_capture_on_commit_callbacks(execute=True):
        tasks.open_and_close_consultations.call_local()
        tasks.notify_consultation_opened.call_local(consultation.pk)
        tasks.notify_consultation_opened.call_local(consultation.pk)
    assert len(told(physician, Kind.CONSULTATION_OPENED)) == 1
    assert len(mail_to(physician)) == 1


def test_closing_tells_those_who_sent_answers_once(
    django_capture_on_commit_callbacks, staff, physician, second_physician, learner
):
    consultation = ConsultationFactory()
    ResponseFactory(questionnaire=consultation.questionnaire, respondent=physician)
    # A response still being written is not "sent answers".
    ResponseFactory(
        questionnaire=consultation.questionnaire,
        respondent=second_physician,
        status="draft",
        submitted_at=None,
    )
    # Answers to another consultation do not count.
    ResponseFactory(questionnaire=ConsultationFactory().questionnaire, respondent=learner)
    with django_capture_on_commit_callbacks(execute=True):
        services.consultation_close_now(actor=staff, consultation=consultation)
        tasks.notify_consultation_closed.call_local(consultation.pk)  # a retry
    (notification,) = told(physician, Kind.CONSULTATION_CLOSED)
    assert notification.link["en"] == consultation.get_absolute_url()
    assert told(second_physician) == []
    assert told(learner) == []


def test_the_tasks_tell_nothing_of_a_consultation_that_is_not_in_that_state(physician):
    consultation = ConsultationFactory(status=ConsultationStatus.SCHEDULED, opened_at=None)
    tasks.notify_consultation_opened.call_local(consultation.pk)
    tasks.notify_consultation_closed.call_local(consultation.pk)
    tasks.notify_what_we_heard_published.call_local(consultation.pk)
    tasks.notify_consultation_opened.call_local(0)
    assert told(physician) == []

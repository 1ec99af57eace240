"""What consultations tell people (NO-1): their audience when one opens (at the pace each chose
for consultations), those who took part when "what we heard" is published, and those a comment
mentions."""

from datetime import timedelta

import pytest
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from collegium.accounts.choices import UserType
from collegium.accounts.models import User
from collegium.consultations import services, tasks
from collegium.consultations.choices import ConsultationStatus
from collegium.consultations.tests.build import make_open
from collegium.consultations.tests.factories import ConsultationFactory
from collegium.notifications import services as notification_services
from collegium.notifications.choices import Category, Frequency, Kind
from collegium.notifications.models import EmailPreference
from collegium.notifications.testing import is_notification_email, mail_to, told
from collegium.questionnaires.tests.factories import ResponseFactory

pytestmark = pytest.mark.django_db


def _open_scheduled(audience):
    consultation = ConsultationFactory(
        status=ConsultationStatus.SCHEDULED,
        opened_at=None,
        opens_at=timezone.now() - timedelta(minutes=1),
        audience=audience,
    )
    tasks.open_and_close_consultations.call_local()
    return consultation


def test_each_person_of_the_audience_hears_at_the_pace_chosen_for_consultations(
    django_capture_on_commit_callbacks, physician, second_physician, learner
):
    EmailPreference.objects.create(
        user=second_physician, category=Category.ENGAGEMENT, frequency=Frequency.DAILY
    )
    EmailPreference.objects.create(
        user=learner, category=Category.ENGAGEMENT, frequency=Frequency.NEVER
    )
    with django_capture_on_commit_callbacks(execute=True):
        consultation = _open_scheduled([UserType.PHYSICIAN, UserType.LEARNER])
    # Everyone sees it in the app; only those who chose "every time" get an email now.
    assert [n.email for n in told(physician)] == [Frequency.INSTANT]
    assert [n.email for n in told(second_physician)] == [Frequency.DAILY]
    assert [n.email for n in told(learner)] == [Frequency.NEVER]
    (message,) = mail_to(physician)
    assert mail_to(second_physician) == [] and mail_to(learner) == []
    assert is_notification_email(message)
    assert consultation.title_fr in message.body  # in the physician's language


def test_the_unsubscribe_link_of_an_opening_stops_consultation_email(
    django_capture_on_commit_callbacks, client, physician
):
    with django_capture_on_commit_callbacks(execute=True):
        _open_scheduled([UserType.PHYSICIAN])
    (message,) = mail_to(physician)
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    token = url.rstrip("/").rsplit("/", 1)[1]
    notification_services.unsubscribe(token=token)
    assert EmailPreference.objects.get(user=physician).category == Category.ENGAGEMENT
    assert EmailPreference.objects.get(user=physician).frequency == Frequency.NEVER


def test_what_we_heard_tells_those_who_answered_or_commented_once(
    django_capture_on_commit_callbacks, staff, physician, second_physician, learner
):
    consultation = make_open(staff)
    ResponseFactory(questionnaire=consultation.questionnaire, respondent=physician)
    services.consultation_comment_add(
        actor=second_physician, consultation=consultation, paragraph=None, body="A view."
    )
    # Both answered and commented: told once.
    ResponseFactory(questionnaire=consultation.questionnaire, respondent=learner)
    services.consultation_comment_add(
        actor=learner, consultation=consultation, paragraph=None, body="Another view."
    )
    bystander = User.objects.create(username="bystander", user_type=UserType.PHYSICIAN)
    consultation = services.consultation_close_now(actor=staff, consultation=consultation)
    with django_capture_on_commit_callbacks(execute=True):
        services.what_we_heard_publish(
            actor=staff, consultation=consultation, text_en="Heard.", text_fr="Entendu."
        )
        # A correction tells nobody again, nor does a retried task.
        services.what_we_heard_publish(
            actor=staff, consultation=consultation, text_en="Heard more.", text_fr="Entendu."
        )
        tasks.notify_what_we_heard_published.call_local(consultation.pk)
    for person in (physician, second_physician, learner):
        assert len(told(person, Kind.WHAT_WE_HEARD_PUBLISHED)) == 1
    assert told(staff, Kind.WHAT_WE_HEARD_PUBLISHED) == []
    assert told(bystander) == []


def test_a_comment_tells_whom_it_mentions_if_they_see_the_consultation(
    django_capture_on_commit_callbacks, staff, physician, second_physician, patient
):
    consultation = make_open(staff)
    with django_capture_on_commit_callbacks(execute=True):
        comment = services.consultation_comment_add(
            actor=physician,
            consultation=consultation,
            paragraph=consultation.paragraphs.get(number=2),
            body="What do @dr-second and @a-patient think?",
        )
        tasks.notify_consultation_comment_added.call_local(comment.pk)  # a retry
    (notification,) = told(second_physician, Kind.MENTION)
    assert notification.link["en"].endswith(f"#{comment.anchor}")
    assert notification.target_kind == "consultation_comment"
    assert told(patient) == []  # outside the audience
    assert told(staff) == []  # who made the consultation hears nothing of each comment


def test_the_audience_condition_is_kept_as_json_and_nothing_else():
    condition = (Q(user_type__in=["physician"]) | Q(pk__in=[1, 2])) & ~Q(is_active=False)
    kept = notification_services.q_as_json(condition)
    assert notification_services.q_from_json(kept) == condition
    subquery = Q(Exists(User.objects.filter(pk=OuterRef("pk"))))
    with pytest.raises(TypeError):
        notification_services.q_as_json(subquery)

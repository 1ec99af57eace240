"""Background work of consultations (EN-1): opening and closing them on their dates, and telling
their audience, those who answered and those who commented (NO-1).

Who answered the confidential form is read inside these tasks and never written anywhere else:
their arguments are consultation ids, and the fan-out keeps a condition ("those who sent a
response to this questionnaire"), not a list of people."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from django.db.models import Q
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

if TYPE_CHECKING:
    from collegium.consultations.models import Consultation
    from collegium.notifications.services import Event


@db_periodic_task(crontab())
def open_and_close_consultations() -> tuple[int, int]:
    """Every minute: open the scheduled consultations whose date has come, close the open ones
    whose close date has come; answers how many of each."""
    from collegium.consultations import services

    return services.consultations_open_due(), services.consultations_close_due()


def _event(consultation: Consultation, kind: str) -> Event:
    from collegium.notifications.choices import Audience
    from collegium.notifications.kinds import in_each_language
    from collegium.notifications.services import Event

    community = consultation.community
    params: dict[str, object] = {"title": in_each_language(lambda: consultation.heading)}
    if community is not None:
        params["community"] = in_each_language(lambda: community.name)
    return Event(
        kind=kind,
        link=in_each_language(consultation.get_absolute_url),
        params=params,
        community_id=community.pk if community is not None else None,
        audience=Audience.PARTICIPANTS,
    )


def _consultation(consultation_id: int) -> Consultation | None:
    from collegium.consultations.models import Consultation

    return (
        Consultation.objects.select_related("community")
        .prefetch_related("audiences")
        .filter(pk=consultation_id)
        .first()
    )


def _respondents(consultation: Consultation) -> Q:
    """Those who sent confidential answers: a condition, never a list kept anywhere."""
    from collegium.questionnaires.choices import ResponseStatus

    return Q(
        questionnaire_responses__questionnaire=consultation.questionnaire_id,
        questionnaire_responses__status=ResponseStatus.SUBMITTED,
    )


@db_task(retries=3, retry_delay=30)
def notify_consultation_opened(consultation_id: int) -> None:
    """A consultation opened: its audience is told, once (the fan-out's key), in batches."""
    from collegium import permissions
    from collegium.consultations.choices import ConsultationStatus
    from collegium.notifications.choices import Kind
    from collegium.notifications.services import audience_notify

    consultation = _consultation(consultation_id)
    if consultation is None or consultation.status != ConsultationStatus.OPEN:
        return
    audience_notify(
        _event(consultation, Kind.CONSULTATION_OPENED),
        permissions.consultation_audience(consultation),
        key=f"consultation_opened:{consultation.pk}",
    )


@db_task(retries=3, retry_delay=30)
def notify_consultation_closed(consultation_id: int) -> None:
    """A consultation closed: those who sent confidential answers are told, once."""
    from collegium.consultations.choices import ConsultationStatus
    from collegium.notifications.choices import Kind
    from collegium.notifications.services import audience_notify

    consultation = _consultation(consultation_id)
    if consultation is None or consultation.status != ConsultationStatus.CLOSED:
        return
    audience_notify(
        _event(consultation, Kind.CONSULTATION_CLOSED),
        _respondents(consultation),
        key=f"consultation_closed:{consultation.pk}",
    )


@db_task(retries=3, retry_delay=30)
def notify_what_we_heard_published(consultation_id: int) -> None:
    """ "What we heard" is published: everyone who took part (sent answers, or commented) is
    told, once."""
    from collegium.consultations.models import ConsultationComment
    from collegium.notifications.choices import Kind
    from collegium.notifications.services import audience_notify

    consultation = _consultation(consultation_id)
    if consultation is None or consultation.what_we_heard_published_at is None:
        return
    # Comments are public: who wrote them may be kept with the fan-out.
    commenters = sorted(
        set(
            ConsultationComment.objects.filter(
                consultation=consultation, author__isnull=False, deleted_at__isnull=True
            ).values_list("author_id", flat=True)
        )
    )
    audience_notify(
        _event(consultation, Kind.WHAT_WE_HEARD_PUBLISHED),
        _respondents(consultation) | Q(pk__in=commenters),
        key=f"what_we_heard:{consultation.pk}",
    )


@db_task(retries=3, retry_delay=30)
def notify_consultation_comment_added(comment_id: int) -> None:
    """A comment on a consultation: the people it mentions are told, if they may see the
    consultation. Unlike a blog comment, nobody hears of it as the author of what it comments
    on (the consultation is the association's, not a person's)."""
    from collegium import permissions
    from collegium.consultations.models import ConsultationComment
    from collegium.editor.rendering import render_text
    from collegium.moderation.choices import TargetKind
    from collegium.notifications.choices import Kind
    from collegium.notifications.kinds import in_each_language
    from collegium.notifications.services import excerpt_of, notify, readers_among

    comment = (
        ConsultationComment.objects.select_related("consultation__community", "author")
        .filter(pk=comment_id)
        .first()
    )
    # Deleted, removed or held (MO-3): nobody hears of it.
    if comment is None or comment.deleted_at is not None or comment.removed_at is not None:
        return
    consultation = comment.consultation
    actor = comment.author
    event = replace(
        _event(consultation, Kind.MENTION),
        link=in_each_language(lambda: f"{consultation.get_absolute_url()}#{comment.anchor}"),
        actor_id=actor.pk if actor is not None else None,
        target_kind=TargetKind.CONSULTATION_COMMENT,
        target_id=comment.pk,
        excerpt=excerpt_of(comment.body_html),
    )
    event.params["actor"] = actor.username if actor is not None else ""
    told = {actor.pk} if actor is not None else set()
    people = readers_among(
        render_text(comment.body).mentioned,
        lambda person: permissions.can_view_consultation(person, consultation),
        besides=told,
    )
    if people:
        # Keyed: a retry after a later failure tells nobody twice.
        notify(event, people, key=f"mention:{TargetKind.CONSULTATION_COMMENT}:{comment.pk}")

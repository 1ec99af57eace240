"""Emails of moderation, sent by the workers in each recipient's language (MO-1, MO-2)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation
from huey.contrib.djhuey import db_task

from collegium.core.mail import send_user_mail


def _item(kind: str, object_id: int, language: str) -> dict[str, Any]:
    """The item's heading and address, in the recipient's language."""
    from collegium.moderation.targets import TARGETS

    target = TARGETS.get(kind)
    obj = target.load(object_id) if target is not None else None
    if target is None or obj is None:
        return {"heading": "", "url": ""}
    with translation.override(language):
        return {"heading": target.heading(obj), "url": target.url(obj), "kind": target.kind}


def _moderation_url(kind: str, object_id: int, language: str) -> str:
    from django.urls import reverse

    with translation.override(language):
        return reverse("moderation:item", kwargs={"kind": kind, "object_id": object_id})


@db_task(retries=5, retry_delay=30)
def tell_author(action_id: int) -> None:
    """The author learns what was done to what they wrote, and why; a banned account too,
    though it can no longer sign in."""
    from collegium.moderation.models import ModerationAction

    record = (
        ModerationAction.objects.select_related("subject", "community").filter(pk=action_id).first()
    )
    if record is None or record.subject is None or record.subject.deleted_at is not None:
        return
    language = record.subject.preferred_language
    send_user_mail(
        user=record.subject,
        template="moderation/email/author_notice",
        context={
            "record": record,
            "item": _item(record.kind, record.object_id, language),
            "report_email": settings.COLLEGIUM["REPORT_EMAIL"],
        },
    )


@db_task(retries=5, retry_delay=30)
def tell_reporters(action_id: int, report_ids: list[int]) -> None:
    """Everyone whose report the action settled is told how it ended (MO-1)."""
    from collegium.moderation.models import ModerationAction, Report

    record = ModerationAction.objects.filter(pk=action_id).first()
    if record is None:
        return
    reports = Report.objects.select_related("reporter").filter(
        pk__in=report_ids, reporter__is_active=True
    )
    for report in reports:
        language = report.reporter.preferred_language
        send_user_mail(
            user=report.reporter,
            template="moderation/email/report_outcome",
            context={
                "record": record,
                "report": report,
                "item": _item(record.kind, record.object_id, language),
            },
        )


@db_task(retries=5, retry_delay=30)
def tell_moderators(case_id: int) -> None:
    """Something waits in a queue: the community's leaders and moderators are told, or for a
    profile, the platform's moderators (MO-1)."""
    from django.db.models import Q

    from collegium.accounts.choices import StaffRole
    from collegium.accounts.models import User
    from collegium.communities.choices import MembershipStatus, Role
    from collegium.moderation.models import Case

    case = Case.objects.select_related("community").filter(pk=case_id).first()
    if case is None or not case.is_open:
        return
    if case.community_id is not None:
        people = User.objects.filter(
            memberships__community=case.community_id,
            memberships__status=MembershipStatus.ACTIVE,
            memberships__role__in=[Role.LEADER, Role.MODERATOR],
        )
    else:
        people = User.objects.filter(
            Q(staff_role__in=[StaffRole.MODERATOR, StaffRole.STAFF, StaffRole.ADMINISTRATOR])
            | Q(is_superuser=True)
        )
    for person in people.filter(is_active=True, deleted_at__isnull=True).distinct():
        language = person.preferred_language
        send_user_mail(
            user=person,
            template="moderation/email/case_waiting",
            context={
                "case": case,
                "item": _item(case.kind, case.object_id, language),
                "moderation_url": _moderation_url(case.kind, case.object_id, language),
            },
        )

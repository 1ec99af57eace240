"""Notices of moderation, told by the workers in the app and by email, in each recipient's
language (MO-1, MO-2, NO-1).

Moderation notices name no target (``target_kind``): removing an item withdraws what was said
about it (MO-2), never the notice telling its author that it was removed."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from huey.contrib.djhuey import db_task

from collegium.moderation.choices import Action

if TYPE_CHECKING:
    from collegium.accounts.models import User


def _items(kind: str, object_id: int) -> dict[str, dict[str, Any]]:
    """The item's heading and address in each language (empty once it no longer exists)."""
    from collegium.moderation.targets import TARGETS

    target = TARGETS.get(kind)
    obj = target.load(object_id) if target is not None else None
    found: dict[str, dict[str, Any]] = {}
    for code, _name in settings.LANGUAGES:
        if target is None or obj is None:
            found[code] = {"heading": "", "url": ""}
            continue
        with translation.override(code):
            found[code] = {"heading": target.heading(obj), "url": target.url(obj), "kind": kind}
    return found


def _part(items: dict[str, dict[str, Any]], part: str) -> dict[str, str]:
    return {code: str(item[part]) for code, item in items.items()}


def _reverse_in_each_language(name: str, **kwargs: Any) -> dict[str, str]:
    found = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            found[code] = reverse(name, kwargs=kwargs or None)
    return found


def _language(person: User) -> str:
    return person.preferred_language or settings.LANGUAGE_CODE


@db_task(retries=5, retry_delay=30)
def tell_author(action_id: int) -> None:
    """The author learns what was done to what they wrote, and why; a banned account too,
    though it can no longer sign in."""
    from collegium.moderation.models import ModerationAction
    from collegium.notifications.choices import Audience, Kind
    from collegium.notifications.services import Event, notify

    record = (
        ModerationAction.objects.select_related("subject", "community").filter(pk=action_id).first()
    )
    if record is None or record.subject is None or record.subject.deleted_at is not None:
        return
    subject = record.subject
    items = _items(record.kind, record.object_id)
    event = Event(
        kind=Kind.CONTENT_MODERATED,
        link=_part(items, "url"),
        params={"action": record.action, "title": _part(items, "heading")},
        community_id=record.community_id,
        # The author is told whether or not they still read the community (a ban, MO-2).
        audience=Audience.RECIPIENT,
    )
    notify(
        event,
        [subject],
        email_context={
            "record": record,
            "item": items.get(_language(subject), items[settings.LANGUAGE_CODE]),
            "report_email": settings.COLLEGIUM["REPORT_EMAIL"],
        },
        email_inactive=True,
    )


# What acts on the item reported; the others leave it as it was (the report is not upheld).
NOT_UPHELD = {Action.DISMISS, Action.RESTORE, Action.REOPEN}


@db_task(retries=5, retry_delay=30)
def tell_reporters(action_id: int, report_ids: list[int]) -> None:
    """Everyone whose report the action settled is told how it ended (MO-1)."""
    from collegium.moderation.models import ModerationAction, Report
    from collegium.notifications.choices import Audience, Kind
    from collegium.notifications.services import Event, notify

    record = ModerationAction.objects.filter(pk=action_id).first()
    if record is None:
        return
    reports = Report.objects.select_related("reporter").filter(
        pk__in=report_ids, reporter__is_active=True
    )
    upheld = record.action not in NOT_UPHELD
    items = _items(record.kind, record.object_id)
    link = _part(items, "url")
    if upheld or not all(link.values()):
        # What the moderators acted on may be gone from the reporter's sight: their reports are.
        link = _reverse_in_each_language("moderation:my_reports")
    event = Event(
        kind=Kind.REPORT_SETTLED,
        link=link,
        params={"upheld": upheld, "title": _part(items, "heading")},
        community_id=record.community_id,
        audience=Audience.RECIPIENT,
    )
    for report in reports:
        notify(
            event,
            [report.reporter],
            email_context={
                "record": record,
                "report": report,
                "item": items.get(_language(report.reporter), items[settings.LANGUAGE_CODE]),
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
    from collegium.notifications.choices import Audience, Kind
    from collegium.notifications.services import Event, notify

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
    items = _items(case.kind, case.object_id)
    links = _reverse_in_each_language("moderation:item", kind=case.kind, object_id=case.object_id)
    event = Event(
        kind=Kind.CASE_WAITING,
        link=links,
        params={"title": _part(items, "heading")},
        community_id=case.community_id,
        # A community's moderators see it while they moderate there; the platform's, always.
        audience=Audience.PARTICIPANTS if case.community_id is not None else Audience.RECIPIENT,
    )
    moderators: Iterable[User] = people.filter(is_active=True, deleted_at__isnull=True).distinct()
    for language, group in groupby(sorted(moderators, key=_language), key=_language):
        notify(
            event,
            list(group),
            email_context={
                "case": case,
                "item": items.get(language, items[settings.LANGUAGE_CODE]),
                "moderation_url": links.get(language, links[settings.LANGUAGE_CODE]),
            },
        )

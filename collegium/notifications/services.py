"""Writes of notifications: telling people, following things, email preferences, unsubscribing,
and the fan-out to followers or to an audience (NO-1 to NO-4).

``notify`` and the fan-out render email, so they run in the workers: a service that causes a
notification queues its app's task with ``transaction.on_commit`` (ARCHITECTURE.md)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from html import unescape
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.text import Truncator

from collegium import permissions
from collegium.accounts.models import User
from collegium.core.mail import render_plain_text
from collegium.notifications import outbox, tokens
from collegium.notifications.choices import (
    FREQUENCY_RANK,
    Audience,
    Category,
    Frequency,
)
from collegium.notifications.kinds import KINDS, describe, localized
from collegium.notifications.models import (
    EmailBody,
    EmailPreference,
    FanOut,
    FanOutBatch,
    Notification,
    NotificationSettings,
    Subscription,
)

EXCERPT_LENGTH = 280


@dataclass(frozen=True)
class Event:
    """Something that happened, as every notification about it records it."""

    kind: str
    link: dict[str, str]  # the address in each language (kinds.in_each_language)
    params: dict[str, Any]
    community_id: int | None = None
    audience: str = Audience.PARTICIPANTS
    actor_id: int | None = None
    target_kind: str = ""
    target_id: int | None = None
    excerpt: str = ""
    # Extra context for the kind's own email template (JSON-safe when fanned out).
    email_context: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Event:
        return cls(**data)

    def notification_for(self, recipient_id: int, email: str, now: datetime) -> Notification:
        """This event told to one person, who hears of it by email at ``email``'s pace."""
        return Notification(
            recipient_id=recipient_id,
            kind=self.kind,
            actor_id=self.actor_id,
            community_id=self.community_id,
            audience=self.audience,
            target_kind=self.target_kind,
            target_id=self.target_id,
            link=self.link,
            params=self.params,
            excerpt=self.excerpt,
            email=email,
            emailed_at=now if email == Frequency.INSTANT else None,
        )


def excerpt_of(html: str) -> str:
    """The first words of a text, as plain text, for a notification and its email."""
    text = " ".join(unescape(strip_tags(html)).split())
    return Truncator(text).chars(EXCERPT_LENGTH)


def _absolute(path: str) -> str:
    return f"{settings.COLLEGIUM['BASE_URL']}{path}"


def preferences_url(language: str) -> str:
    from django.urls import reverse

    with translation.override(language):
        return _absolute(reverse("notifications:preferences"))


def settings_for(user: User) -> NotificationSettings:
    found = NotificationSettings.objects.filter(user=user).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return NotificationSettings.objects.create(user=user)
    except IntegrityError:
        return NotificationSettings.objects.get(user=user)


# Rendering email -------------------------------------------------------------------------------


def _render_email(template: str, context: dict[str, Any], language: str) -> tuple[str, str, str]:
    """Subject, text and HTML of ``template`` in ``language``."""
    with translation.override(language):
        full = {
            "site_name": settings.COLLEGIUM["SITE_NAME"],
            "base_url": settings.COLLEGIUM["BASE_URL"],
            "preferences_url": preferences_url(language),
            "unsubscribe_url": EmailBody.UNSUBSCRIBE_MARK,
            **context,
        }
        subject = " ".join(render_plain_text(f"{template}_subject.txt", full).split())
        text = render_plain_text(f"{template}_message.txt", full)
        html = render_to_string(f"{template}_message.html", full)
    return subject, text, html


def _notification_email_context(event: Event, language: str) -> dict[str, Any]:
    with translation.override(language):
        return {
            "text": describe(event.kind, event.params),
            "url": _absolute(localized(event.link)),
            "excerpt": event.excerpt,
            "community_name": localized(event.params.get("community", "")),
            **event.email_context,
        }


def _event_body(event: Event, language: str, extra: dict[str, Any] | None = None) -> EmailBody:
    context = {**_notification_email_context(event, language), **(extra or {})}
    subject, text, html = _render_email(KINDS[event.kind].email_template, context, language)
    return outbox.body_create(
        subject=subject, text=text, html=html, headers={"Content-Language": language}
    )


# Telling people --------------------------------------------------------------------------------


def _category_frequencies(user_ids: Sequence[int], category: str) -> dict[int, str]:
    rows = EmailPreference.objects.filter(user__in=user_ids, category=category).values_list(
        "user_id", "frequency"
    )
    return dict(rows)


def notify(
    event: Event,
    recipients: Iterable[User],
    *,
    email_context: dict[str, Any] | None = None,
    email_inactive: bool = False,
    key: str = "",
) -> list[Notification]:
    """Tell each recipient about ``event``: in the app, and by email as their preference for the
    kind's category says (at once, in a digest, or not). Runs in a worker.

    ``email_context`` adds to the kind's email template, for this call's recipients only (it
    may hold things that are not JSON). An inactive account is told only when
    ``email_inactive`` says so (a banned person learns why, MO-2). With a ``key``, the same
    call made again (a retried task) tells nobody a second time."""
    people = [
        person
        for person in {person.pk: person for person in recipients}.values()
        if person.deleted_at is None and (person.is_active or email_inactive)
    ]
    if not people:
        return []
    category = KINDS[event.kind].category
    chosen = _category_frequencies([person.pk for person in people], category)
    now = timezone.now()
    made = [
        event.notification_for(person.pk, chosen.get(person.pk, Frequency.INSTANT), now)
        for person in people
    ]
    with transaction.atomic():
        if key:
            try:
                with transaction.atomic():
                    FanOut.objects.create(
                        key=f"notify:{key}"[:100],
                        event={"event": event.as_json()},
                        notified=len(made),
                        finished_at=now,
                    )
            except IntegrityError:
                return []  # told already
        Notification.objects.bulk_create(made)
        for person, notification in zip(people, made, strict=True):
            if notification.email != Frequency.INSTANT:
                continue
            language = person.preferred_language or settings.LANGUAGE_CODE
            body = _event_body(event, language, {"user": person, **(email_context or {})})
            unsubscribe = tokens.url(person.pk, f"category:{category}", language)
            outbox.enqueue(body, [outbox.Recipient(person.email, person.pk, unsubscribe)])
    return made


def readers_among(
    people: Iterable[User | None], may_read: Callable[[User], bool], *, besides: set[int]
) -> list[User]:
    """Those of ``people`` who may read what they would be told of, once each, in order,
    minus ``besides`` (who did it, or was told already)."""
    found: dict[int, User] = {}
    for person in people:
        if person is None or person.pk in besides or person.pk in found:
            continue
        if may_read(person):
            found[person.pk] = person
    return list(found.values())


def notifications_withdraw(target_kind: str, target_ids: Iterable[int]) -> int:
    """What the moderators removed is no longer announced (MO-2): its notifications go, and
    the digests that have not gone out yet will not mention it."""
    ids = list(target_ids)
    if not ids:
        return 0
    deleted, _details = Notification.objects.filter(
        target_kind=target_kind, target_id__in=ids
    ).delete()
    return deleted


# The fan-out to followers, or to an audience (NO-3) -------------------------------------------


@dataclass(frozen=True)
class Followed:
    """What an event happened in: ``field`` is a Subscription target, ``id`` its key."""

    field: str
    id: int


def _fan_out_start(key: str, event: Event, source: dict[str, Any], exclude: Iterable[int]) -> None:
    """Record the fan-out once per ``key`` and queue its first batch after the commit."""
    from collegium.notifications.tasks import fan_out_batch

    try:
        with transaction.atomic():
            FanOut.objects.create(
                key=key[:100],
                event={"event": event.as_json(), **source, "exclude": sorted(set(exclude))},
            )
    except IntegrityError:
        return  # told already: a retried task, or an item published twice
    transaction.on_commit(lambda: fan_out_batch(key[:100], 0))


def followers_notify(
    event: Event, followed: Sequence[Followed], *, key: str, exclude: Iterable[int] = ()
) -> None:
    """Tell everyone who follows any of ``followed`` about ``event``, once per ``key``, in
    batches in the workers (whoever is in ``exclude`` was told already, or did it)."""
    _fan_out_start(key, event, {"followed": [[item.field, item.id] for item in followed]}, exclude)


def audience_notify(event: Event, people: Q, *, key: str, exclude: Iterable[int] = ()) -> None:
    """Tell everyone ``people`` describes (a condition on accounts: a consultation's audience,
    those who answered it) about ``event``, once per ``key``, in batches in the workers. Each
    hears of it by email at the pace they chose for the kind's category.

    The condition is kept with the fan-out, not the people it finds: it may use only plain
    values (no subqueries), and who it finds is read batch by batch when the workers run."""
    _fan_out_start(key, event, {"people": q_as_json(people)}, exclude)


def q_as_json(condition: Q) -> dict[str, Any]:
    """A condition of plain lookups (strings, numbers, booleans, lists of them) as JSON."""
    children: list[Any] = []
    for child in condition.children:
        if isinstance(child, Q):
            children.append(q_as_json(child))
            continue
        if not isinstance(child, tuple) or not _is_plain(child[1]):
            raise TypeError(f"Not a plain lookup: {child!r}")
        lookup, value = child
        children.append([lookup, list(value) if isinstance(value, _SEQUENCES) else value])
    return {"connector": condition.connector, "negated": condition.negated, "children": children}


def q_from_json(data: dict[str, Any]) -> Q:
    children = [
        q_from_json(child) if isinstance(child, dict) else (child[0], child[1])
        for child in data["children"]
    ]
    return Q(*children, _connector=data["connector"], _negated=data["negated"])


_SEQUENCES = (list, tuple, set, frozenset)


def _is_plain(value: Any) -> bool:
    if isinstance(value, _SEQUENCES):
        return all(_is_plain(item) for item in value)
    return value is None or isinstance(value, str | int | float | bool)


def _followers_query(fan_out: FanOut) -> Q:
    targets = Q()
    for field_name, target_id in fan_out.event["followed"]:
        targets |= Q(**{field_name: target_id})
    return targets


def _is_audience(fan_out: FanOut) -> bool:
    return "people" in fan_out.event


def fan_out_followers(key: str, after_user_id: int) -> list[int]:
    """The next ``FAN_OUT_BATCH`` people of a fan-out after ``after_user_id``, by id (its
    followers, or its audience): those who still read where it happened, minus whoever did
    it or was told already."""
    fan_out = FanOut.objects.filter(key=key).first()
    if fan_out is None:
        return []
    event = Event.from_json(fan_out.event["event"])
    people: QuerySet[Any]
    if _is_audience(fan_out):
        user_path = ""
        people = User.objects.filter(q_from_json(fan_out.event["people"]), pk__gt=after_user_id)
    else:
        user_path = "user__"
        people = Subscription.objects.filter(
            _followers_query(fan_out), user_id__gt=after_user_id
        ).exclude(frequency=Frequency.NEVER)
    people = people.exclude(**{f"{user_path}pk__in": fan_out.event["exclude"]}).filter(
        **{f"{user_path}is_active": True, f"{user_path}deleted_at__isnull": True}
    )
    if event.actor_id is not None:
        people = people.exclude(**{f"{user_path}pk": event.actor_id})
    if event.audience == Audience.PARTICIPANTS and event.community_id is not None:
        people = people.filter(permissions.readers_of_community(event.community_id, user_path))
    size = settings.COLLEGIUM["FAN_OUT_BATCH"]
    ids = people.order_by(f"{user_path}pk").values_list(f"{user_path}pk", flat=True)
    return list(ids.distinct()[:size])


def fan_out_advance(key: str, after_user_id: int, last_user_id: int) -> bool:
    """Move the fan-out's cursor past a batch; only the first run of a batch succeeds, so a
    retried batch does not queue its successor twice."""
    return bool(FanOut.objects.filter(key=key, cursor=after_user_id).update(cursor=last_user_id))


def _followers_choices(fan_out: FanOut, user_ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    """How often each follower of a batch hears of it, and what their unsubscribe link stops:
    the most frequent choice wins when someone follows the event's community and its tag."""
    chosen: dict[int, tuple[str, int]] = {}
    rows = (
        Subscription.objects.filter(_followers_query(fan_out), user_id__in=list(user_ids))
        .exclude(frequency=Frequency.NEVER)
        .values_list("user_id", "frequency", "pk")
    )
    for user_id, frequency, subscription_id in rows:
        best = chosen.get(user_id)
        if best is None or FREQUENCY_RANK[frequency] < FREQUENCY_RANK[best[0]]:
            chosen[user_id] = (frequency, subscription_id)
    return {
        user_id: (frequency, f"follow:{subscription_id}")
        for user_id, (frequency, subscription_id) in chosen.items()
    }


def _audience_choices(event: Event, user_ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    """How often each person of a batch hears of it: their choice for the kind's category (at
    once unless they chose otherwise; "nothing" still shows it in the app, as ``notify``)."""
    category = KINDS[event.kind].category
    chosen = _category_frequencies(user_ids, category)
    return {
        user_id: (chosen.get(user_id, Frequency.INSTANT), f"category:{category}")
        for user_id in user_ids
    }


def fan_out_deliver(key: str, after_user_id: int, user_ids: Sequence[int]) -> int:
    """Notify one batch of people and queue their instant emails; answers how many (none
    when this batch was delivered before)."""
    fan_out = FanOut.objects.get(key=key)
    event = Event.from_json(fan_out.event["event"])
    chosen = (
        _audience_choices(event, user_ids)
        if _is_audience(fan_out)
        else _followers_choices(fan_out, user_ids)
    )
    people = {
        row["pk"]: row
        for row in User.objects.filter(pk__in=list(chosen)).values(
            "pk", "email", "preferred_language"
        )
    }
    now = timezone.now()
    bodies: dict[str, EmailBody] = {}
    recipients: dict[str, list[outbox.Recipient]] = {}
    issued_ms = int(time.time() * 1000)
    notifications = []
    for user_id, (frequency, unsubscribe_scope) in chosen.items():
        person = people.get(user_id)
        if person is None:
            continue
        notifications.append(event.notification_for(user_id, frequency, now))
        if frequency != Frequency.INSTANT or not person["email"]:
            continue
        language = person["preferred_language"] or settings.LANGUAGE_CODE
        recipients.setdefault(language, []).append(
            outbox.Recipient(
                person["email"],
                user_id,
                tokens.url(user_id, unsubscribe_scope, language, issued_ms=issued_ms),
            )
        )
    # A follower's email says they follow it; someone told as one of an audience was not.
    extra = {} if _is_audience(fan_out) else {"followed": True}
    with transaction.atomic():
        try:
            with transaction.atomic():
                FanOutBatch.objects.create(fan_out=fan_out, after_user_id=after_user_id)
        except IntegrityError:
            return 0
        Notification.objects.bulk_create(notifications, batch_size=1000)
        for language, addressed in recipients.items():
            if language not in bodies:
                bodies[language] = _event_body(event, language, extra)
            outbox.enqueue(bodies[language], addressed)
        FanOut.objects.filter(pk=fan_out.pk).update(notified=F("notified") + len(notifications))
    return len(notifications)


def fan_out_finish(key: str) -> None:
    FanOut.objects.filter(key=key, finished_at__isnull=True).update(finished_at=timezone.now())


# Following -------------------------------------------------------------------------------------


def _target_field(target: Any, *, blog: bool) -> str:
    from collegium.communities.models import Community
    from collegium.core.models import Tag
    from collegium.forums.models import Thread

    if isinstance(target, Community):
        return "blog" if blog else "community"
    if isinstance(target, Thread):
        return "thread"
    if isinstance(target, Tag):
        return "tag"
    raise TypeError(f"Nothing to follow in {type(target).__name__}")


def follow_set(*, user: User, target: Any, frequency: str, blog: bool = False) -> Subscription:
    """Follow something, change how often one hears of it, or stop (NO-2)."""
    if frequency not in Frequency.values:
        from django.utils.translation import gettext as _

        from collegium.core.validation import field_error

        raise field_error("frequency", _("Choose how often to hear of it."), "invalid")
    allowed = (
        permissions.can_follow_blog(user, target) if blog else permissions.can_follow(user, target)
    )
    if not allowed:
        raise Http404
    field_name = _target_field(target, blog=blog)
    now = timezone.now()
    subscription, created = Subscription.objects.get_or_create(
        user=user, **{field_name: target}, defaults={"frequency": frequency}
    )
    if not created and subscription.frequency != frequency:
        subscription.frequency, subscription.changed_at = frequency, now
        subscription.save(update_fields=["frequency", "changed_at"])
    return subscription


def thread_follow_on_post(*, user: User, thread: Any) -> None:
    """Who starts or replies to a discussion follows it, unless they chose not to: in their
    settings, or by muting this one (its subscription says "never" and stays so)."""
    settings_row = NotificationSettings.objects.filter(user=user).first()
    if settings_row is not None and not settings_row.follow_threads_i_post_in:
        return
    Subscription.objects.get_or_create(
        user=user, thread=thread, defaults={"frequency": Frequency.INSTANT}
    )


def follows_save(*, user: User, frequencies: dict[int, str]) -> int:
    """The preferences page: a new frequency for each of the person's follows, by id."""
    now = timezone.now()
    changed = 0
    for subscription in Subscription.objects.filter(user=user, pk__in=list(frequencies)):
        frequency = frequencies[subscription.pk]
        if frequency in Frequency.values and frequency != subscription.frequency:
            subscription.frequency, subscription.changed_at = frequency, now
            subscription.save(update_fields=["frequency", "changed_at"])
            changed += 1
    return changed


def email_preferences_save(
    *, user: User, frequencies: dict[str, str], follow_threads_i_post_in: bool
) -> None:
    now = timezone.now()
    existing = {row.category: row for row in EmailPreference.objects.filter(user=user)}
    for category, frequency in frequencies.items():
        if category not in Category.values or frequency not in Frequency.values:
            continue
        row = existing.get(category)
        if row is None:
            if frequency != Frequency.INSTANT:
                EmailPreference.objects.create(user=user, category=category, frequency=frequency)
        elif row.frequency != frequency:
            row.frequency, row.changed_at = frequency, now
            row.save(update_fields=["frequency", "changed_at"])
    settings_row = settings_for(user)
    if settings_row.follow_threads_i_post_in != follow_threads_i_post_in:
        settings_row.follow_threads_i_post_in = follow_threads_i_post_in
        settings_row.save(update_fields=["follow_threads_i_post_in"])


def feed_token_reset(*, user: User) -> NotificationSettings:
    """A new secret for the person's private feed addresses; the old ones answer 404 (NO-4)."""
    from collegium.notifications.models import new_feed_token

    settings_row = settings_for(user)
    settings_row.feed_token = new_feed_token()
    settings_row.save(update_fields=["feed_token"])
    return settings_row


# Reading ---------------------------------------------------------------------------------------


def notification_mark_read(*, user: User, notification_id: int) -> Notification:
    notification = Notification.objects.filter(pk=notification_id, recipient=user).first()
    if notification is None:
        raise Http404
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# Unsubscribing (NO-2) --------------------------------------------------------------------------


@dataclass(frozen=True)
class Unsubscribed:
    """What a link did: ``done`` false when it had been used already."""

    user: User
    scope: str
    done: bool
    what: str  # what the person no longer receives, in the current language


def _scope_parts(scope: str) -> tuple[str, str]:
    kind, _sep, value = scope.partition(":")
    return kind, value


def unsubscribe_describe(link: tokens.Unsubscribe) -> tuple[User, str]:
    """Whose link it is and what it stops, without changing anything (the page shown before
    the button, and after). Raises ``tokens.InvalidLink`` for one that names nothing."""
    from django.utils.translation import gettext as _

    user = User.objects.filter(pk=link.user_id, deleted_at__isnull=True).first()
    if user is None:
        raise tokens.InvalidLink
    kind, value = _scope_parts(link.scope)
    if kind == "follow":
        subscription = Subscription.objects.filter(pk=value if value.isdigit() else 0, user=user)
        found = subscription.select_related("community", "blog", "thread", "tag").first()
        if found is None:
            raise tokens.InvalidLink
        return user, _("email about %(item)s") % {"item": follow_label(found)}
    if kind == "category" and value in Category.values:
        return user, _("email about: %(category)s") % {"category": Category(value).label}
    if kind == "digest" and value in {Frequency.DAILY, Frequency.WEEKLY}:
        return user, _("the %(digest)s") % {"digest": str(Frequency(value).label).lower()}
    raise tokens.InvalidLink


def follow_label(subscription: Subscription) -> str:
    from django.utils.translation import gettext as _

    target: Any = subscription.target
    field_name = subscription.target_field
    if field_name == "thread":
        return _("the discussion “%(title)s”") % {"title": target.heading}
    if field_name == "blog":
        return _("the blog of %(community)s") % {"community": target.name}
    if field_name == "tag":
        return _("the tag “%(tag)s”") % {"tag": target.name}
    return _("the community %(community)s") % {"community": target.name}


@transaction.atomic
def unsubscribe(*, token: str) -> Unsubscribed:
    """Stop what the link names, once. A link older than the last change of what it names was
    used already (or overtaken by a newer choice): nothing changes, and the page says so."""
    link = tokens.read(token)
    user, what = unsubscribe_describe(link)
    issued = datetime.fromtimestamp(link.issued_ms / 1000, tz=UTC)
    now = timezone.now()
    kind, value = _scope_parts(link.scope)
    if kind == "follow":
        changed = Subscription.objects.filter(pk=int(value), user=user, changed_at__lt=issued)
        done = bool(
            changed.exclude(frequency=Frequency.NEVER).update(
                frequency=Frequency.NEVER, changed_at=now
            )
        )
    elif kind == "category":
        row = EmailPreference.objects.select_for_update().filter(user=user, category=value).first()
        if row is None:
            EmailPreference.objects.create(user=user, category=value, frequency=Frequency.NEVER)
            done = True
        elif row.changed_at < issued and row.frequency != Frequency.NEVER:
            row.frequency, row.changed_at = Frequency.NEVER, now
            row.save(update_fields=["frequency", "changed_at"])
            done = True
        else:
            done = False
    else:
        follows = Subscription.objects.filter(user=user, frequency=value, changed_at__lt=issued)
        preferences = EmailPreference.objects.filter(
            user=user, frequency=value, changed_at__lt=issued
        )
        done = bool(
            follows.update(frequency=Frequency.NEVER, changed_at=now)
            + preferences.update(frequency=Frequency.NEVER, changed_at=now)
        )
    return Unsubscribed(user=user, scope=link.scope, done=done, what=what)

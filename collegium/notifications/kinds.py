"""What each kind of notification says, which email preference it answers to, and which
email template tells it (NO-1). A later capability adds its kind to ``choices.Kind`` and here.

The words are rendered when read, in the reader's language: ``params`` hold names and titles,
a title written in both languages as ``{"en": …, "fr": …}``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from collegium.notifications.choices import Category, Kind

Params = Mapping[str, Any]


def localized(value: Any) -> str:
    """A text kept in each language, in the current one (or the other one when it is empty)."""
    if not isinstance(value, Mapping):
        return "" if value is None else str(value)
    language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    return str(value.get(language) or next((text for text in value.values() if text), ""))


def in_each_language(read: Callable[[], Any]) -> dict[str, str]:
    """``read()`` under each language of the site: a title or an address to keep for later."""
    values = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            values[code] = str(read())
    return values


def _words(params: Params) -> defaultdict[str, str]:
    # A name missing from older params reads as empty rather than failing the whole page.
    return defaultdict(str, {key: localized(value) for key, value in params.items()})


def _join_decided(p: Params) -> str:
    if p.get("approved"):
        return _("Your request to join %(community)s was accepted.") % _words(p)
    return _("Your request to join %(community)s was declined.") % _words(p)


def _proposal_decided(p: Params) -> str:
    outcome = p.get("status")
    if outcome == "approved":
        return _("Your proposed community “%(title)s” was approved.") % _words(p)
    if outcome == "changes":
        return _("Changes were requested to your proposed community “%(title)s”.") % _words(p)
    return _("Your proposed community “%(title)s” was declined.") % _words(p)


def _proposal_status_changed(p: Params) -> str:
    from collegium.proposals.choices import ProposalStatus

    words = _words(p)
    status = p.get("status")
    if status not in ProposalStatus.values:
        return _("The status of the proposal “%(title)s” changed.") % words
    words["status"] = str(ProposalStatus(status).label).lower()
    return _("The proposal “%(title)s” is now %(status)s.") % words


def _content_moderated(p: Params) -> str:
    from collegium.moderation.choices import Action

    words = _words(p)
    words["action"] = str(Action(p["action"]).label).lower() if p.get("action") else ""
    return _("The moderators acted on “%(title)s”: %(action)s.") % words


def _report_settled(p: Params) -> str:
    if p.get("upheld"):
        return _("Your report about “%(title)s” was handled: the moderators acted on it.") % (
            _words(p)
        )
    return _("Your report about “%(title)s” was reviewed: no action was needed.") % _words(p)


@dataclass(frozen=True)
class KindSpec:
    category: str
    describe: Callable[[Params], str]
    # The email that tells it; its templates get the notification's ``text``, ``url``, ``excerpt``
    # and whatever the caller adds.
    email_template: str = "notifications/email/notification"


KINDS: dict[str, KindSpec] = {
    Kind.REPLY: KindSpec(
        Category.REPLIES, lambda p: _("%(actor)s replied to you in “%(title)s”.") % _words(p)
    ),
    Kind.COMMENT: KindSpec(
        Category.REPLIES, lambda p: _("%(actor)s commented on “%(title)s”.") % _words(p)
    ),
    Kind.MENTION: KindSpec(
        Category.MENTIONS, lambda p: _("%(actor)s mentioned you in “%(title)s”.") % _words(p)
    ),
    Kind.ANSWER_SUGGESTED: KindSpec(
        Category.ANSWERS,
        lambda p: _("%(actor)s suggested an answer to your question “%(title)s”.") % _words(p),
    ),
    Kind.ANSWER_VERIFIED: KindSpec(
        Category.ANSWERS,
        lambda p: _("%(actor)s marked your reply to “%(title)s” as a verified answer.") % _words(p),
    ),
    Kind.JOIN_REQUESTED: KindSpec(
        Category.MEMBERSHIP, lambda p: _("%(actor)s asked to join %(community)s.") % _words(p)
    ),
    Kind.JOIN_DECIDED: KindSpec(
        Category.MEMBERSHIP, _join_decided, "communities/email/request_decided"
    ),
    Kind.INVITED: KindSpec(
        Category.MEMBERSHIP,
        lambda p: _("%(actor)s invited you to join %(community)s.") % _words(p),
        "communities/email/invitation",
    ),
    Kind.PROPOSAL_DECIDED: KindSpec(
        Category.MEMBERSHIP, _proposal_decided, "communities/email/proposal_decided"
    ),
    Kind.CONTENT_MODERATED: KindSpec(
        Category.MODERATION, _content_moderated, "moderation/email/author_notice"
    ),
    Kind.REPORT_SETTLED: KindSpec(
        Category.MODERATION, _report_settled, "moderation/email/report_outcome"
    ),
    Kind.CASE_WAITING: KindSpec(
        Category.MODERATION,
        lambda p: _("Something reported is waiting for moderation: “%(title)s”.") % _words(p),
        "moderation/email/case_waiting",
    ),
    Kind.NEW_THREAD: KindSpec(
        Category.FOLLOWED,
        lambda p: _("%(actor)s started “%(title)s” in %(community)s.") % _words(p),
    ),
    Kind.NEW_REPLY: KindSpec(
        Category.FOLLOWED, lambda p: _("%(actor)s replied in “%(title)s”.") % _words(p)
    ),
    Kind.NEW_BLOG_POST: KindSpec(
        Category.FOLLOWED,
        lambda p: _("New on the blog of %(community)s: “%(title)s”.") % _words(p),
    ),
    Kind.NEW_RESOURCE: KindSpec(
        Category.FOLLOWED,
        lambda p: _("%(actor)s shared “%(title)s” in %(community)s.") % _words(p),
    ),
    Kind.CONSULTATION_OPENED: KindSpec(
        Category.ENGAGEMENT,
        lambda p: _("A consultation is open for your feedback: “%(title)s”.") % _words(p),
    ),
    Kind.CONSULTATION_CLOSED: KindSpec(
        Category.ENGAGEMENT,
        lambda p: _("The consultation “%(title)s” has closed.") % _words(p),
    ),
    Kind.SURVEY_INVITATION: KindSpec(
        Category.ENGAGEMENT,
        lambda p: _("You are invited to answer the survey “%(title)s”.") % _words(p),
    ),
    Kind.WHAT_WE_HEARD_PUBLISHED: KindSpec(
        Category.ENGAGEMENT,
        lambda p: _("What we heard in the consultation “%(title)s” is published.") % _words(p),
    ),
    Kind.PROPOSAL_STATUS_CHANGED: KindSpec(Category.ENGAGEMENT, _proposal_status_changed),
}


def describe(kind: str, params: Params) -> str:
    """The notification in a sentence, in the current language; a kind this version no longer
    knows (a notification stored by a later or earlier one) reads as its bare name."""
    spec = KINDS.get(kind)
    if spec is None:
        return str(dict(Kind.choices).get(kind, kind))
    return spec.describe(params)

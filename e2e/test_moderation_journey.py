"""A reply that names a patient is reported, removed and restored (issue 7; SPEC MO-1, MO-2),
in both languages, with axe on every page.

Labels are looked up through Django's catalogue at test time, so the French journey follows the
interface whatever its current wording, and asserts the French text once the catalogue has it.
The author reads the platform in the other language than the test's: what they are told comes
in their language, whatever language the moderator works in.
"""

from __future__ import annotations

import re
from email.message import EmailMessage
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import ngettext
from playwright.sync_api import expect

from collegium.forums import services as forum_services
from collegium.forums.models import Post, Thread
from collegium.moderation.choices import Action, Category, TargetKind
from collegium.moderation.models import ModerationAction, Report
from e2e.journeys import (
    bilingual_community,
    link_path,
    mails_to,
    sign_in,
    text_of,
    verified_person,
)
from e2e.journeys import press as _press
from e2e.journeys import translated as _
from e2e.journeys import url_in as _url

LANGUAGES = ["en", "fr"]
LOCALES = {"en": "en-CA", "fr": "fr-CA"}
OTHER = {"en": "fr", "fr": "en"}

PATIENT_REPLY = (
    "Mrs Jeanne Lavoie, 84, fell three times at home this winter; "
    "a night light and a bedside commode stopped the falls."
)
REPORT_NOTE = "The reply gives a patient's full name and age."
AUTHOR_NOTE = "Please tell the story again without the patient's name."


# Helpers ---------------------------------------------------------------------------------------


def _only_mail_to(mailbox: Path, address: str, subject: str) -> EmailMessage:
    matching = [m for m in mails_to(mailbox, address) if str(m["Subject"]) == subject]
    subjects = [str(m["Subject"]) for m in mails_to(mailbox, address)]
    assert len(matching) == 1, f"expected one email {subject!r} to {address}, got {subjects}"
    return matching[0]


def _label(language: str, choice: object) -> str:
    """The label of a ``TextChoices`` member in ``language``."""
    with translation.override(language):
        return str(choice.label)  # type: ignore[attr-defined]


def _waiting(language: str, count: int) -> str:
    with translation.override(language):
        return ngettext("%(counter)s waiting", "%(counter)s waiting", count) % {"counter": count}


def _thread_url(language: str, thread: Thread) -> str:
    return _url(language, "forums:thread", slug=thread.community.slug, thread_id=thread.pk)


def _reply_in(page, reply: Post):
    return page.locator(f"#{reply.anchor}")


# The journey -----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_reply_naming_a_patient_is_reported_removed_with_a_reason_and_restored(
    open_page, a11y, mailbox, transactional_db, language
):
    author_language = OTHER[language]
    leader = verified_person(language, "lead@example.org", "dr-lead", "7000001")
    author = verified_person(author_language, "author@example.org", "dr-birch", "7000002")
    reporter = verified_person(language, "reporter@example.org", "dr-fir", "7000003")
    community = bilingual_community(
        "falls-prevention",
        author,
        reporter,
        leader=leader,
        name_en="Falls prevention circle",
        name_fr="Cercle de prévention des chutes",
    )
    thread = forum_services.thread_create(
        actor=leader,
        community=community,
        kind="discussion",
        title="What stopped falls at home?",
        body="Tell us what worked for your older patients living alone.",
    )
    reply = forum_services.post_reply(actor=author, thread=thread, body=PATIENT_REPLY)
    privacy = _label(language, Category.PRIVACY)

    # 1. A participant reports the reply for a privacy breach (MO-1). ---------------------------
    participant = open_page(locale=LOCALES[language])
    sign_in(participant, a11y, reporter.email, language=language)
    participant.goto(_thread_url(language, thread))
    a11y(participant)
    expect(_reply_in(participant, reply)).to_contain_text("Jeanne Lavoie")
    _press(
        participant,
        _reply_in(participant, reply).get_by_role(
            "link", name=_(language, "Report", context="verb")
        ),
    )
    a11y(participant)
    expect(participant.get_by_role("heading", level=1)).to_have_text(
        _(language, "Report to the moderators")
    )
    participant.get_by_label(privacy, exact=True).check()
    participant.get_by_label(_(language, "Tell the moderators more")).fill(REPORT_NOTE)
    _press(participant, participant.get_by_role("button", name=_(language, "Send the report")))
    a11y(participant)
    expect(
        participant.get_by_text(
            _(
                language,
                "Thank you: the moderators have your report. You will be told what they did.",
            )
        )
    ).to_be_visible()
    report = Report.objects.get()
    assert (report.reporter, report.category, report.note) == (
        reporter,
        Category.PRIVACY,
        REPORT_NOTE,
    )

    # The leader is told that a report waits, in their language.
    waiting_mail = _only_mail_to(
        mailbox, leader.email, _(language, "A report waits for a moderator")
    )
    assert _(language, "Someone reported something that you moderate.") in text_of(waiting_mail)

    # 2. The leader finds it in the community's queue and removes it (MO-2). --------------------
    moderator = open_page(locale=LOCALES[language])
    sign_in(moderator, a11y, leader.email, language=language)
    moderator.goto(_url(language, "communities:detail", slug=community.slug))
    a11y(moderator)
    queue_link = moderator.get_by_role("link", name=_(language, "Moderation queue"))
    expect(queue_link).to_contain_text(_waiting(language, 1))
    _press(moderator, queue_link)
    a11y(moderator)
    case = report.case
    card = moderator.locator(f"#case-{case.pk}")
    expect(card).to_contain_text(privacy)
    expect(card).to_contain_text(author.username)
    expect(card).to_contain_text("Jeanne Lavoie")
    _press(moderator, card.get_by_role("link", name=thread.title))
    a11y(moderator)
    reports = moderator.get_by_role("region", name=_(language, "Reports"))
    expect(reports).to_contain_text(privacy)
    expect(reports).to_contain_text(REPORT_NOTE)

    remove = moderator.locator("#act-remove")
    remove.locator("summary").click()
    remove.get_by_label(_(language, "Guideline it breaks")).select_option(label=privacy)
    remove.get_by_label(_(language, "Note to the author")).fill(AUTHOR_NOTE)
    _press(moderator, remove.get_by_role("button", name=_(language, "Remove")))
    a11y(moderator)
    done = _(language, "Done: %(action)s. It is on the record and can be undone from the log.") % {
        "action": _label(language, Action.REMOVE)
    }
    expect(moderator.get_by_text(done)).to_be_visible()
    reply.refresh_from_db()
    assert reply.removed_at is not None and reply.removal_category == Category.PRIVACY

    # 3. The author is told why, in their own language, and sees their reply marked. -----------
    notice = _only_mail_to(
        mailbox, author.email, _(author_language, "Something you wrote was removed")
    )
    notice_text = text_of(notice)
    assert (
        f"{_(author_language, 'Reason:')} {_label(author_language, Category.PRIVACY)}"
        in notice_text
    )
    assert AUTHOR_NOTE in notice_text
    assert _(author_language, "Note from the moderators:") in notice_text

    writer = open_page(locale=LOCALES[author_language])
    sign_in(writer, a11y, author.email, language=author_language)
    with translation.override(author_language):
        reply_link = re.escape(reply.get_absolute_url())
    writer.goto(link_path(notice_text, reply_link))
    a11y(writer)
    marked = _(
        author_language,
        "Removed by the moderators (%(reason)s). Only its author and the moderators see it.",
    ) % {"reason": _label(author_language, Category.PRIVACY)}
    own_reply = _reply_in(writer, reply)
    expect(own_reply.get_by_role("note")).to_contain_text(marked)
    expect(own_reply.get_by_role("note")).to_contain_text(AUTHOR_NOTE)
    expect(own_reply).to_contain_text("Jeanne Lavoie")

    # Everyone else sees that it was removed, not what it said.
    participant.goto(_thread_url(language, thread))
    a11y(participant)
    expect(_reply_in(participant, reply)).to_contain_text(
        _(language, "This post was removed by the moderators.")
    )
    expect(participant.locator("main")).not_to_contain_text("Jeanne Lavoie")

    # 4. The reporter is told what the moderators did (MO-1). -----------------------------------
    outcome = _(language, "The moderators removed it.")
    outcome_mail = text_of(
        _only_mail_to(mailbox, reporter.email, _(language, "What happened to your report"))
    )
    assert outcome in outcome_mail
    assert privacy in outcome_mail
    assert "Jeanne Lavoie" not in outcome_mail

    signed_in = _(language, "Signed in as <strong>%(username)s</strong>") % {
        "username": reporter.username
    }
    _press(participant, participant.get_by_role("link", name=re.sub("<[^>]+>", "", signed_in)))
    a11y(participant)
    _press(participant, participant.get_by_role("link", name=_(language, "Your reports")))
    a11y(participant)
    expect(participant.get_by_role("heading", level=1)).to_have_text(_(language, "Your reports"))
    reports_list = participant.locator("main .card-list")
    # What was removed is no longer shown to the reporter, only what it was and how it ended.
    expect(reports_list).to_contain_text(_label(language, TargetKind.POST))
    expect(reports_list).not_to_contain_text("Jeanne Lavoie")
    expect(reports_list).to_contain_text(privacy)
    expect(reports_list).to_contain_text(outcome)

    # 5. The removal is on the community's record, and undoing it restores the reply (MO-2). ----
    moderator.goto(_url(language, "moderation:community_queue", slug=community.slug))
    a11y(moderator)
    _press(
        moderator,
        moderator.get_by_role("link", name=_(language, "This community's moderation log")),
    )
    a11y(moderator)
    removal = ModerationAction.objects.get(action=Action.REMOVE)
    row = moderator.locator(f"#action-{removal.pk}")
    expect(row).to_contain_text(_label(language, Action.REMOVE))
    expect(row).to_contain_text(leader.username)
    expect(row).to_contain_text(privacy)
    expect(row).to_contain_text(AUTHOR_NOTE)
    _press(
        moderator, row.get_by_role("button", name=re.compile(f"^{re.escape(_(language, 'Undo'))}"))
    )
    a11y(moderator)
    undone = _(language, "Undone: %(action)s.") % {"action": _label(language, Action.RESTORE)}
    expect(moderator.get_by_text(undone)).to_be_visible()
    # Undone once and for all: the removal no longer offers to be undone.
    expect(moderator.locator(f"#action-{removal.pk}").get_by_role("button")).to_have_count(0)
    reply.refresh_from_db()
    assert reply.removed_at is None

    participant.goto(_thread_url(language, thread))
    a11y(participant)
    expect(_reply_in(participant, reply)).to_contain_text("Jeanne Lavoie")
    expect(_reply_in(participant, reply)).not_to_contain_text(
        _(language, "This post was removed by the moderators.")
    )
    # The author is told that it is visible again, in their language.
    _only_mail_to(mailbox, author.email, _(author_language, "Something you wrote is visible again"))

"""Notifications in the browser (SPEC NO-1, NO-2), in both languages, with axe on every page:
follow a community from its page; the bell shows a new mention while the page stays open;
the notification opens what it is about; the preferences page turns the follow into a daily
digest.

Labels are looked up through Django's catalogue at test time, so the French journey follows the
interface whatever its current wording.
"""

from __future__ import annotations

import pytest
from django.utils import translation
from playwright.sync_api import expect

from collegium.notifications.choices import Frequency, Kind
from collegium.notifications.kinds import describe
from collegium.notifications.models import Notification, Subscription
from e2e.journeys import bilingual_community, sign_in, verified_person
from e2e.journeys import press as _press
from e2e.journeys import translated as _
from e2e.journeys import url_in as _url

LANGUAGES = ["en", "fr"]
LOCALES = {"en": "en-CA", "fr": "fr-CA"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_bell_shows_a_new_mention_and_a_follow_becomes_a_daily_digest(
    open_page, a11y, transactional_db, settings, language
):
    settings.COLLEGIUM = {**settings.COLLEGIUM, "NOTIFICATION_POLL_SECONDS": 1}
    leader = verified_person(language, "lead@example.org", "dr-lead", "6000001")
    reader = verified_person(language, "reader@example.org", "dr-reader", "6000002")
    community = bilingual_community(
        "rural-care", reader, leader=leader, name_en="Rural care", name_fr="Soins en région"
    )

    # The reader follows the community from its page.
    page = open_page(locale=LOCALES[language])
    sign_in(page, a11y, reader.email, language=language)
    page.goto(_url(language, "communities:detail", slug=community.slug))
    a11y(page)
    control = page.locator("form.follow-control")
    control.get_by_label(_(language, "Email me", context="follow")).select_option(Frequency.INSTANT)
    _press(page, control.get_by_role("button", name=_(language, "Follow", context="action")))
    a11y(page)
    assert Subscription.objects.get(user=reader, community=community).frequency == "instant"
    bell = page.locator("header .bell")
    expect(bell).to_have_text(_(language, "Notifications"))

    # While the page stays open, the leader mentions the reader in a new discussion.
    page.evaluate("window.stillTheSamePage = true")
    from collegium.forums import services as forum_services

    forum_services.thread_create(
        actor=leader,
        community=community,
        kind="discussion",
        title="Locum coverage",
        body="@dr-reader, who covers your clinic in August?",
    )
    expect(page.locator("header .bell .bell__count")).to_have_text("1", timeout=10_000)
    assert page.evaluate("window.stillTheSamePage") is True  # no reload
    a11y(page)
    (mention,) = Notification.objects.filter(recipient=reader)
    assert mention.kind == Kind.MENTION  # told once, as a mention, not also as a follower

    # The bell leads to the list; the notification opens the discussion and is read.
    _press(page, page.locator("header .bell"))
    a11y(page)
    with translation.override(language):
        sentence = describe(mention.kind, mention.params)
    _press(page, page.get_by_role("link", name=sentence))
    a11y(page)
    expect(page.get_by_role("heading", name="Locum coverage")).to_be_visible()
    mention.refresh_from_db()
    assert mention.read_at is not None

    # The preferences page changes the follow to a daily digest.
    page.goto(_url(language, "notifications:preferences"))
    a11y(page)
    follows = page.locator("#follows")
    follows.get_by_role("combobox").select_option(Frequency.DAILY)
    _press(page, follows.get_by_role("button", name=_(language, "Save")))
    a11y(page)
    expect(page.locator("#follows").get_by_role("combobox")).to_have_value(Frequency.DAILY)
    assert Subscription.objects.get(user=reader, community=community).frequency == "daily"

"""A new account reaches the posting limit (SPEC MO-3), in both languages, with axe on every page.

The limit is tiny for the live server: one thread an hour for a new account. The second thread
is refused with a page that says when the person can post again, and their text waits as a
draft in the form the page links back to.
"""

from __future__ import annotations

import re

import pytest
from django.utils.translation import ngettext
from playwright.sync_api import expect

from collegium.forums.models import Thread
from collegium.moderation import limits
from collegium.moderation.middleware import limited_message
from e2e.journeys import bilingual_community, sign_in, verified_person
from e2e.journeys import press as _press
from e2e.journeys import translated as _
from e2e.journeys import url_in as _url

LANGUAGES = ["en", "fr"]
LOCALES = {"en": "en-CA", "fr": "fr-CA"}


@pytest.fixture
def one_thread_an_hour_for_new_accounts(settings):
    settings.COLLEGIUM = {
        **settings.COLLEGIUM,
        "RATE_LIMITS": {
            action: {"normal": "100/h", "new_account": "1/h"} for action in limits.ACTIONS
        },
    }


def _start_thread(page, language: str, title: str, body: str) -> None:
    _press(page, page.get_by_role("link", name=_(language, "New thread")))
    page.get_by_label(_(language, "Title")).fill(title)
    page.get_by_label(_(language, "Message", context="form field")).fill(body)
    _press(page, page.get_by_role("button", name=_(language, "Publish")))


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_new_account_over_the_posting_limit_learns_when_to_post_again_and_keeps_its_text(
    open_page, a11y, page_watch, transactional_db, one_thread_an_hour_for_new_accounts, language
):
    newcomer = verified_person(language, "new@example.org", "dr-new", "6000001")
    leader = verified_person(language, "lead@example.org", "dr-lead", "6000002")
    community = bilingual_community(
        "rural-call",
        newcomer,
        leader=leader,
        name_en="Rural call",
        name_fr="Garde en région",
    )
    forum = _url(language, "forums:threads", slug=community.slug)
    # The refusal is a page answered with 429, which Chromium also logs to the console.
    page_watch.expect_failure(429, _url(language, "forums:thread_create", slug=community.slug))
    page = open_page(locale=LOCALES[language])
    sign_in(page, a11y, newcomer.email, language=language)

    # The first thread of the hour is published.
    page.goto(forum)
    a11y(page)
    _start_thread(page, language, "Evening call in March", "Who can cover the evening of March 3?")
    a11y(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Evening call in March")

    # The second is refused: the page says what was limited and when to come back.
    page.goto(forum)
    a11y(page)
    text = "Who can cover the weekend of March 10?"
    _start_thread(page, language, "Weekend call in March", text)
    a11y(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        _(language, "Please wait before trying again")
    )
    main = page.locator("main")
    with _language(language):
        expect(main).to_contain_text(limited_message("thread"))
        # The window may end within the minute: "1 minute" or "N minutes".
        forms = [
            ngettext(
                "You can try again in %(minutes)s minute (at %(time)s).",
                "You can try again in %(minutes)s minutes (at %(time)s).",
                count,
            )
            for count in (1, 2)
        ]
    patterns = [
        re.escape(form)
        .replace(re.escape("%(minutes)s"), "[0-9]+")
        .replace(re.escape("%(time)s"), ".+")
        for form in forms
    ]
    expect(main).to_contain_text(re.compile("|".join(patterns)))
    expect(main).to_contain_text(_(language, "Go back to your draft"))
    assert Thread.objects.filter(community=community).count() == 1

    # Nothing typed is lost: the draft waits in the form.
    _press(page, page.get_by_role("link", name=_(language, "Go back to your draft")))
    a11y(page)
    expect(page.get_by_label(_(language, "Title"))).to_have_value("Weekend call in March")
    expect(page.get_by_label(_(language, "Message", context="form field"))).to_have_value(text)


def _language(language: str):
    from django.utils import translation

    return translation.override(language)

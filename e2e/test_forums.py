"""Forums and the editor (SPEC CT-1, CT-4) in both languages, with axe on every page.

Labels are looked up through Django's catalogue at test time, so the French journeys follow the
interface whatever its current wording.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from collegium.accounts.choices import UserType
from collegium.accounts.models import User
from collegium.accounts.tests.factories import TEST_PASSWORD
from collegium.communities.models import Community
from collegium.editor.models import Draft
from collegium.forums.models import Post, Thread
from e2e.journeys import bilingual_community, sign_in, verified_person
from e2e.journeys import press as _press
from e2e.journeys import translated as _
from e2e.journeys import url_in as _url

LANGUAGES = ["en", "fr"]
LOCALES = {"en": "en-CA", "fr": "fr-CA"}


def _thread_url(language: str, thread: Thread) -> str:
    return _url(language, "forums:thread", slug=thread.community.slug, thread_id=thread.pk)


def _community(*people: User, leader: User) -> Community:
    return bilingual_community(
        "anticoagulation",
        *people,
        leader=leader,
        name_en="Anticoagulation circle",
        name_fr="Cercle d’anticoagulation",
        description_en="Questions about anticoagulants in practice.",
        description_fr="Questions sur les anticoagulants en pratique.",
    )


def _reply_box(page, language: str):
    return page.get_by_label(_(language, "Your reply", context="form field"))


# Journey 1: a question, a reply, a suggestion, a verification (CT-1) --------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_learners_question_gets_a_verified_answer_shown_first(
    open_page, a11y, transactional_db, language
):
    learner = verified_person(
        language, "learner@example.org", "resident-oak", "3000001", user_type=UserType.LEARNER
    )
    physician = verified_person(language, "doc@example.org", "dr-elm", "3000002")
    third = verified_person(language, "third@example.org", "dr-ash", "3000003")
    leader = verified_person(language, "lead@example.org", "dr-lead", "3000004")
    community = _community(learner, physician, third, leader=leader)

    # The learner asks.
    page = open_page(locale=LOCALES[language])
    sign_in(page, a11y, learner.email, language=language)
    page.goto(_url(language, "communities:detail", slug=community.slug))
    a11y(page)
    _press(page, page.get_by_role("link", name=_(language, "Open the forum")))
    a11y(page)
    _press(page, page.get_by_role("link", name=_(language, "New thread")))
    a11y(page)
    page.get_by_label(_(language, "Ask a question (replies can be marked as answers)")).check()
    page.get_by_label(_(language, "Title")).fill("Apixaban before a tooth extraction?")
    page.get_by_label(_(language, "Message", context="form field")).fill(
        "Should my patient hold apixaban before a simple extraction?"
    )
    _press(page, page.get_by_role("button", name=_(language, "Publish")))
    a11y(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Apixaban before a tooth extraction?")
    thread = Thread.objects.get()

    # A physician replies; someone else guesses first.
    for person, text in (
        (third, "Hold it for two days, to be safe."),
        (physician, "No need to hold it for a simple extraction; use local haemostasis."),
    ):
        other = open_page(locale=LOCALES[language])
        sign_in(other, a11y, person.email, language=language)
        other.goto(_thread_url(language, thread))
        a11y(other)
        _reply_box(other, language).fill(text)
        _press(other, other.get_by_role("button", name=_(language, "Post the reply")))
        a11y(other)
        expect(other.get_by_text(text)).to_be_visible()
        other.close()
    answer = Post.objects.get(body__startswith="No need")

    # A third participant suggests it.
    suggester = open_page(locale=LOCALES[language])
    sign_in(suggester, a11y, third.email, language=language)
    suggester.goto(_thread_url(language, thread))
    a11y(suggester)
    _press(
        suggester,
        suggester.locator(f"#{answer.anchor}").get_by_role(
            "button", name=_(language, "Suggest as answer")
        ),
    )
    a11y(suggester)
    expect(suggester.get_by_text(_(language, "Suggested as an answer."))).to_be_visible()
    # "Helpful" answers in place, without loading a page.
    suggester.locator(f"#{answer.anchor} .helpful button").click()
    expect(suggester.locator(f"#{answer.anchor} .helpful button")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(suggester.locator(f"#{answer.anchor} .helpful__count")).to_have_text("1")

    # The asker verifies it, and it leads the thread.
    page.goto(_thread_url(language, thread))
    a11y(page)
    _press(
        page,
        page.locator(f"#{answer.anchor}").get_by_role(
            "button", name=_(language, "Verify as answer")
        ),
    )
    a11y(page)
    answers = page.get_by_role("region", name=_(language, "Answers"))
    expect(answers).to_contain_text("No need to hold it")
    expect(answers).not_to_contain_text("Hold it for two days")
    expect(answers).to_contain_text(learner.username)
    body = page.locator("main").inner_text()
    assert body.index("No need to hold it") < body.index("Hold it for two days")
    answer.refresh_from_db()
    assert answer.verified_by == learner and answer.suggested_by == third


# Journey 2: the session expires while a long reply is typed (CT-4) ----------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_long_reply_survives_an_expired_session(
    open_page, a11y, page_watch, transactional_db, language
):
    author = verified_person(language, "author@example.org", "dr-birch", "3000011")
    replier = verified_person(language, "replier@example.org", "dr-fir", "3000012")
    community = _community(author, replier, leader=author)
    from collegium.forums import services

    thread = services.thread_create(
        actor=author,
        community=community,
        kind="discussion",
        title="After-hours call",
        body="How do you organise it?",
    )
    text = " ".join(["We share a rota between four clinics and a nurse line."] * 40)

    page = open_page(locale=LOCALES[language])
    sign_in(page, a11y, replier.email, language=language)
    page.goto(_thread_url(language, thread))
    a11y(page)
    _reply_box(page, language).fill(text)
    # The session ends while the page stays open; autosave is then refused, as it should be.
    page_watch.expect_failure(403, _url(language, "editor:draft_save"))
    page.context.clear_cookies(name="sessionid")
    _press(page, page.get_by_role("button", name=_(language, "Post the reply")))
    a11y(page)
    page.locator("#id_login").fill(replier.email)
    page.locator("#id_password").fill(TEST_PASSWORD)
    _press(page, page.locator("form.form button[type=submit]").first)
    a11y(page)

    expect(_reply_box(page, language)).to_have_value(text)
    assert Draft.objects.get(user=replier).body == text
    _press(page, page.get_by_role("button", name=_(language, "Post the reply")))
    a11y(page)
    expect(page.get_by_text(text[:60]).first).to_be_visible()
    assert Post.objects.filter(thread=thread, author=replier).count() == 1


# Journey 3: a health card number triggers the warning (CT-4) ----------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_reply_with_a_health_card_number_is_held_for_a_second_look(
    open_page, a11y, transactional_db, language
):
    author = verified_person(language, "author@example.org", "dr-birch", "3000021")
    replier = verified_person(language, "replier@example.org", "dr-fir", "3000022")
    community = _community(author, replier, leader=author)
    from collegium.forums import services

    thread = services.thread_create(
        actor=author, community=community, kind="discussion", title="Referrals", body="Tips?"
    )
    text = "Mme Gagnon, carte santé 1234-567-890-AB, attend depuis six mois."

    page = open_page(locale=LOCALES[language])
    sign_in(page, a11y, replier.email, language=language)
    page.goto(_thread_url(language, thread))
    a11y(page)
    _reply_box(page, language).fill(text)
    _press(page, page.get_by_role("button", name=_(language, "Post the reply")))
    a11y(page)

    expect(page.get_by_role("button", name=_(language, "Publish anyway"))).to_be_visible()
    expect(_reply_box(page, language)).to_have_value(text)
    assert not Post.objects.filter(author=replier).exists()

    _reply_box(page, language).fill("Mme G. attend depuis six mois.")
    _press(page, page.get_by_role("button", name=_(language, "Post the reply")))
    a11y(page)
    expect(page.get_by_text("Mme G. attend depuis six mois.")).to_be_visible()
    assert Post.objects.filter(author=replier).count() == 1

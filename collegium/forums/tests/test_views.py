import uuid

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from collegium.communities.tests.factories import make_community
from collegium.core.testing import assert_flat_query_count
from collegium.editor.models import Draft
from collegium.forums import services
from collegium.forums.models import Post, Thread
from collegium.forums.selectors import POSTS_PER_PAGE
from collegium.forums.tests.factories import make_question, make_thread


@pytest.fixture
def thread(community, asker):
    return make_thread(community, asker)


def _reply_url(thread):
    return reverse("forums:reply", args=[thread.community.slug, thread.pk])


def _reply(client, thread, body, **extra):
    data = {"body": body, "submission_key": str(uuid.uuid4()), **extra}
    return client.post(_reply_url(thread), data)


# Who sees what --------------------------------------------------------------------------------


def _pages(thread):
    slug = thread.community.slug
    opening = thread.posts.get(position=0)
    return [
        reverse("forums:threads", args=[slug]),
        reverse("forums:thread", args=[slug, thread.pk]),
        reverse("forums:post", args=[slug, opening.pk]),
        reverse("forums:reply", args=[slug, thread.pk]),
        reverse("forums:thread_create", args=[slug]),
    ]


def test_participants_and_staff_read_the_forum(client, thread, replier, staff, moderator):
    for person in (replier, staff, moderator):
        client.force_login(person)
        for url in _pages(thread):
            response = client.get(url, follow=True)
            assert response.status_code == 200, (person, url)


def test_people_outside_a_community_get_404_everywhere_in_its_forum(client, thread, outsider):
    client.force_login(outsider)
    for url in _pages(thread):
        assert client.get(url).status_code == 404, url
    slug = thread.community.slug
    opening = thread.posts.get(position=0)
    for url in (
        reverse("forums:post_edit", args=[slug, opening.pk]),
        reverse("forums:post_history", args=[slug, opening.pk]),
        reverse("forums:thread_close", args=[slug, thread.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert _reply(client, thread, "Let me in").status_code == 404
    assert client.post(reverse("forums:post_helpful", args=[slug, opening.pk])).status_code == 404
    assert client.post(reverse("forums:thread_export", args=[slug, thread.pk])).status_code == 404
    assert Post.objects.count() == 1


def test_anonymous_visitors_are_sent_to_sign_in_or_get_404(client, thread):
    slug = thread.community.slug
    assert client.get(reverse("forums:threads", args=[slug])).status_code == 404
    assert client.get(reverse("forums:thread", args=[slug, thread.pk])).status_code == 404


def test_a_thread_of_another_community_is_404_under_this_ones_address(client, thread, replier):
    other = make_community("Other place", participants=[replier])
    client.force_login(replier)
    url = reverse("forums:thread", args=[other.slug, thread.pk])
    assert client.get(url).status_code == 404


def test_only_the_author_and_moderators_see_a_posts_history(
    client, thread, asker, replier, leader, third
):
    opening = thread.posts.get()
    services.post_edit(actor=asker, post=opening, body="Edited", base_version=1)
    url = reverse("forums:post_history", args=[thread.community.slug, opening.pk])
    for person, status in ((asker, 200), (leader, 200), (replier, 404), (third, 404)):
        client.force_login(person)
        assert client.get(url).status_code == status, person


def test_only_the_author_opens_the_edit_and_delete_pages(client, thread, asker, leader):
    opening = thread.posts.get()
    slug = thread.community.slug
    for person, status in ((asker, 200), (leader, 404)):
        client.force_login(person)
        assert (
            client.get(reverse("forums:post_edit", args=[slug, opening.pk])).status_code == status
        )
        assert (
            client.get(reverse("forums:post_delete", args=[slug, opening.pk])).status_code == status
        )


def test_only_leaders_and_moderators_open_the_close_page(client, thread, leader, moderator, asker):
    url = reverse("forums:thread_close", args=[thread.community.slug, thread.pk])
    for person, status in ((leader, 200), (moderator, 200), (asker, 404)):
        client.force_login(person)
        assert client.get(url).status_code == status, person


# The journey of a question --------------------------------------------------------------------


def test_the_verified_answer_shows_first_with_who_verified_it(
    client, community, asker, replier, third
):
    question = make_question(community, asker)
    services.post_reply(actor=third, thread=question, body="An early guess")
    answer = services.post_reply(actor=replier, thread=question, body="The right answer")
    services.answer_suggest(actor=third, post=answer)
    services.answer_verify(actor=asker, post=answer)

    client.force_login(third)
    html = client.get(question.get_absolute_url()).content.decode()

    answers = html.index('id="answers-title"')
    assert html.index("The right answer") > answers
    assert html.index("The right answer") < html.index("An early guess")
    assert "verified by learner-asker" in html


def test_the_asker_verifies_through_the_page(client, community, asker, replier):
    question = make_question(community, asker)
    answer = services.post_reply(actor=replier, thread=question, body="Try this")
    client.force_login(asker)

    url = reverse("forums:post_answer", args=[community.slug, answer.pk, "verify"])
    response = client.post(url, follow=True)

    assert response.status_code == 200
    answer.refresh_from_db()
    assert answer.verified_by == asker
    assert "Verified as an answer" in response.content.decode()


def test_an_unknown_answer_action_is_404(client, community, asker, replier):
    question = make_question(community, asker)
    answer = services.post_reply(actor=replier, thread=question, body="Try this")
    client.force_login(asker)
    url = reverse("forums:post_answer", args=[community.slug, answer.pk, "explode"])
    assert client.post(url).status_code == 404


def test_helpful_with_htmx_returns_the_button_alone(client, thread, replier):
    opening = thread.posts.get()
    client.force_login(replier)
    url = reverse("forums:post_helpful", args=[thread.community.slug, opening.pk])

    response = client.post(url, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'aria-pressed="true"' in html and "<html" not in html


def test_helpful_without_javascript_redirects_back_to_the_post(client, thread, replier):
    opening = thread.posts.get()
    client.force_login(replier)
    url = reverse("forums:post_helpful", args=[thread.community.slug, opening.pk])
    response = client.post(url)
    assert response.status_code == 302
    opening.refresh_from_db()
    assert opening.helpful_count == 1


# Writing: nothing typed is lost (CT-4) --------------------------------------------------------


def test_a_reply_is_posted_and_its_draft_discarded(client, thread, replier):
    client.force_login(replier)
    Draft.objects.create(user=replier, key=f"forums:reply:{thread.pk}", body="half")

    response = _reply(client, thread, "A full reply")

    post = Post.objects.get(position=1)
    assert response.status_code == 302 and post.body == "A full reply"
    assert not Draft.objects.filter(user=replier).exists()


def test_a_double_submit_makes_one_reply(client, thread, replier):
    client.force_login(replier)
    key = str(uuid.uuid4())
    _reply(client, thread, "Once", submission_key=key)
    _reply(client, thread, "Once", submission_key=key)
    assert Post.objects.filter(thread=thread).count() == 2


def test_an_empty_reply_is_refused_next_to_the_field(client, thread, replier):
    client.force_login(replier)
    response = _reply(client, thread, "   ")
    assert response.status_code == 200
    assert 'id="id_body_error"' in response.content.decode()
    assert Post.objects.count() == 1


def test_an_over_long_reply_is_refused_and_kept(client, thread, replier):
    client.force_login(replier)
    text = "x" * 20_001
    response = _reply(client, thread, text)
    assert response.status_code == 200
    assert text in response.content.decode()
    assert Draft.objects.get(user=replier).body == text


def test_a_reply_to_a_closed_thread_is_refused_and_kept_as_a_draft(client, thread, replier, leader):
    services.thread_close(actor=leader, thread=thread, summary="Settled.")
    client.force_login(replier)

    response = _reply(client, thread, "My late but long thoughts")

    html = response.content.decode()
    assert "This thread is closed" in html
    assert "My late but long thoughts" in html
    assert Draft.objects.get(user=replier, key=f"forums:reply:{thread.pk}").body == (
        "My late but long thoughts"
    )


def test_a_reply_quoting_a_deleted_post_is_refused_and_kept(client, thread, replier, third):
    gone = services.post_reply(actor=third, thread=thread, body="Soon deleted")
    services.post_delete(actor=third, post=gone)
    client.force_login(replier)

    response = _reply(client, thread, "Answering the deleted one", reply_to=str(gone.pk))

    html = response.content.decode()
    assert "was deleted" in html and "Answering the deleted one" in html
    assert Post.objects.filter(deleted_at__isnull=True).count() == 1


def test_a_reply_sent_after_the_session_expired_survives_the_sign_in(client, thread, replier):
    text = "A long reply typed while the session quietly expired."

    response = _reply(client, thread, text)

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(replier)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert text in page
    assert Draft.objects.get(user=replier, key=f"forums:reply:{thread.pk}").body == text


def test_the_health_information_warning_stops_a_reply_until_confirmed(client, thread, replier):
    client.force_login(replier)
    text = "My patient Jean Tremblay, health card 1234-567-890-AB, called."

    warned = _reply(client, thread, text)

    html = warned.content.decode()
    assert "personal health information" in html and "Publish anyway" in html
    assert text in html
    assert Post.objects.count() == 1
    published = _reply(client, thread, text, publish_anyway="on")
    assert published.status_code == 302
    assert Post.objects.count() == 2


def test_preview_without_javascript_renders_and_saves_nothing(client, thread, replier):
    client.force_login(replier)
    response = _reply(client, thread, "**bold idea**", editor_preview="1")
    assert "<strong>bold idea</strong>" in response.content.decode()
    assert Post.objects.count() == 1


def test_an_edit_conflict_shows_both_versions_and_loses_neither(client, thread, asker):
    opening = thread.posts.get()
    services.post_edit(actor=asker, post=opening, body="Saved from the other tab", base_version=1)
    client.force_login(asker)
    url = reverse("forums:post_edit", args=[thread.community.slug, opening.pk])

    response = client.post(
        url,
        {
            "title": thread.title,
            "body": "Typed in this tab",
            "base_version": "1",
            "submission_key": str(uuid.uuid4()),
        },
    )

    html = response.content.decode()
    assert "Saved from the other tab" in html and "Typed in this tab" in html
    assert 'name="base_version" value="2"' in html
    opening.refresh_from_db()
    assert opening.body == "Saved from the other tab"


def test_a_new_thread_form_keeps_everything_after_an_error(client, community, asker):
    client.force_login(asker)
    url = reverse("forums:thread_create", args=[community.slug])
    response = client.post(
        url,
        {
            "kind": "question",
            "title": "",
            "body": "A body worth keeping",
            "submission_key": str(uuid.uuid4()),
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "A body worth keeping" in html and 'id="id_title_error"' in html
    assert not Thread.objects.exists()


def test_starting_a_thread_leads_to_it(client, community, asker):
    client.force_login(asker)
    url = reverse("forums:thread_create", args=[community.slug])
    response = client.post(
        url,
        {
            "kind": "question",
            "title": "What dose?",
            "body": "Adult, 70 kg.",
            "tags": "dosing",
            "submission_key": str(uuid.uuid4()),
        },
    )
    thread = Thread.objects.get()
    assert response.status_code == 302 and response["Location"] == thread.get_absolute_url()
    assert thread.is_question


def test_the_open_period_fields_are_only_offered_to_staff(client, community, asker, staff):
    url = reverse("forums:thread_create", args=[community.slug])
    client.force_login(asker)
    assert 'name="closes_at"' not in client.get(url).content.decode()
    client.force_login(staff)
    assert 'name="closes_at"' in client.get(url).content.decode()


# Lists ----------------------------------------------------------------------------------------


def test_the_lists_show_unanswered_questions_mine_and_by_tag(client, community, asker, replier):
    answered = make_question(community, asker, title="Answered one")
    reply = services.post_reply(actor=replier, thread=answered, body="Yes")
    services.answer_verify(actor=asker, post=reply)
    make_question(community, replier, title="Open question")
    make_thread(community, replier, title="Tagged talk", tags="rota")
    client.force_login(asker)
    url = reverse("forums:threads", args=[community.slug])

    unanswered = client.get(url, {"listing": "unanswered"}).content.decode()
    mine = client.get(url, {"listing": "mine"}).content.decode()
    tagged = client.get(url, {"tag": "rota"}).content.decode()

    assert "Open question" in unanswered and "Answered one" not in unanswered
    assert "Answered one" in mine and "Open question" not in mine
    assert "Tagged talk" in tagged and "Open question" not in tagged


def test_pinned_threads_lead_the_latest_list(client, community, asker, leader):
    pinned = make_thread(community, asker, title="House rules")
    make_thread(community, asker, title="Newer thread")
    services.thread_pin(actor=leader, thread=pinned, pinned=True)
    client.force_login(asker)
    html = client.get(reverse("forums:threads", args=[community.slug])).content.decode()
    assert html.index("House rules") < html.index("Newer thread")


def test_a_malformed_cursor_shows_the_first_page(client, community, asker):
    make_thread(community, asker, title="Only thread")
    client.force_login(asker)
    url = reverse("forums:threads", args=[community.slug])
    for cursor in ("garbage", "1.2.3", "99999999999999999999999.1", "-5.x"):
        response = client.get(url, {"cursor": cursor})
        assert response.status_code == 200
    assert "Only thread" in client.get(url, {"cursor": "garbage"}).content.decode()


# Query counts (scale) -------------------------------------------------------------------------


def test_the_thread_list_costs_the_same_queries_with_more_threads(
    client, community, asker, replier, leader
):
    make_thread(community, asker, tags="a, b")
    services.thread_pin(actor=leader, thread=make_thread(community, asker), pinned=True)
    client.force_login(replier)
    url = reverse("forums:threads", args=[community.slug])

    def grow():
        for number in range(40):
            thread = make_thread(community, asker, title=f"Thread {number}", tags=f"t{number}")
            services.post_reply(actor=replier, thread=thread, body="Reply")
        services.thread_pin(actor=leader, thread=thread, pinned=True)

    assert_flat_query_count(lambda: client.get(url), grow)


def test_a_thread_page_costs_the_same_queries_with_more_replies(
    client, community, asker, replier, third
):
    question = make_question(community, asker)
    first = services.post_reply(actor=replier, thread=question, body="First")
    client.force_login(third)
    url = question.get_absolute_url()

    def grow():
        previous = first
        for number in range(120):
            previous = services.post_reply(
                actor=replier if number % 2 else third,
                thread=question,
                body=f"Reply {number} @learner-asker",
                reply_to=previous,
            )
            if number % 10 == 0:
                services.answer_suggest(actor=asker, post=previous)
        services.answer_verify(actor=asker, post=previous)

    assert_flat_query_count(lambda: client.get(url), grow)
    deep = f"{url}?after=100"
    assert_flat_query_count(lambda: client.get(deep), lambda: None)


def test_a_deep_page_of_a_long_thread_shows_the_right_replies(client, community, asker, replier):
    thread = make_thread(community, asker)
    for number in range(1, 121):
        services.post_reply(actor=replier, thread=thread, body=f"Reply number {number}")
    client.force_login(asker)

    html = client.get(thread.get_absolute_url(), {"after": 100}).content.decode()

    assert "Reply number 101" in html and "Reply number 120" in html
    assert "Reply number 100<" not in html
    assert 'rel="prev"' in html and 'rel="next"' not in html


def test_a_posts_address_leads_to_the_page_that_shows_it(client, community, asker, replier):
    thread = make_thread(community, asker)
    posts = [services.post_reply(actor=replier, thread=thread, body=f"R{n}") for n in range(60)]
    client.force_login(asker)
    response = client.get(reverse("forums:post", args=[community.slug, posts[-1].pk]))
    after = (59 // POSTS_PER_PAGE) * POSTS_PER_PAGE
    assert response["Location"].endswith(f"?after={after}#post-{posts[-1].pk}")


def test_a_huge_reply_is_refused_without_an_error_page(client, thread, replier):
    client.force_login(replier)
    response = _reply(client, thread, "x" * 150_000)
    assert response.status_code == 200
    assert Post.objects.count() == 1


def test_a_posts_kept_rendering_follows_edits_answers_and_renames(
    client, community, asker, replier
):
    question = make_question(community, asker)
    reply = services.post_reply(actor=replier, thread=question, body="First wording")
    client.force_login(asker)
    assert "First wording" in client.get(question.get_absolute_url()).content.decode()

    services.post_edit(actor=replier, post=reply, body="Second wording", base_version=1)
    services.answer_verify(actor=asker, post=reply)
    replier.username = "dr-renamed"
    replier.save()

    html = client.get(question.get_absolute_url()).content.decode()
    assert "Second wording" in html and "First wording" not in html
    assert "verified by learner-asker" in html
    assert "dr-renamed" in html and "dr-replier" not in html
    with translation.override("fr"):
        french_url = question.get_absolute_url()
        verified_in_french = gettext("Verified answer")
    french = client.get(french_url).content.decode()
    assert verified_in_french in french and "Verified answer" not in french

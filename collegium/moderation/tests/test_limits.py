"""Limits (SPEC MO-3): how often a person may write, and the same text twice."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import checks
from django.core.cache import caches
from django.core.cache.backends import db as db_cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext
from django_ratelimit import core as ratelimit_core

from collegium.accounts.choices import StaffRole
from collegium.accounts.tests.factories import UserFactory, verified_member
from collegium.blogs.models import BlogComment
from collegium.blogs.tests.factories import make_post
from collegium.comments import services as comment_services
from collegium.communities import services as community_services
from collegium.communities.models import Invitation
from collegium.communities.tests.factories import make_community
from collegium.editor.models import Draft
from collegium.forums import services as forum_services
from collegium.forums.choices import ThreadKind
from collegium.forums.models import Post, Thread
from collegium.forums.tests.factories import make_thread
from collegium.moderation import limits
from collegium.moderation.limits import RateLimited
from collegium.moderation.middleware import limited_message
from collegium.resources.models import Resource, ResourceComment
from collegium.resources.tests.factories import make_collection, make_link

NORMAL, NEW_ACCOUNT = 3, 1


@pytest.fixture(autouse=True)
def tiny_limits(settings):
    """Every action: three an hour, one an hour for a new account (younger than a week, or
    fewer than two forum posts)."""
    settings.COLLEGIUM = {
        **settings.COLLEGIUM,
        "RATE_LIMITS": {
            action: {"normal": f"{NORMAL}/h", "new_account": f"{NEW_ACCOUNT}/h"}
            for action in limits.ACTIONS
        },
        "NEW_ACCOUNT_DAYS": 7,
        "NEW_ACCOUNT_POSTS": 2,
        "REPEAT_WINDOW_SECONDS": 600,
    }


@pytest.fixture
def leader(db):
    return verified_member("dr-limits-leader", "5000001", date_joined=_days_ago(400))


@pytest.fixture
def newcomer(db):
    return verified_member("dr-newcomer", "5000002")


@pytest.fixture
def veteran(db):
    return verified_member("dr-veteran", "5000003", date_joined=_days_ago(400))


@pytest.fixture
def community(leader, newcomer, veteran):
    community = make_community("Rural medicine", leaders=[leader], participants=[newcomer, veteran])
    # The leader and the veteran are established: old accounts with two posts each.
    for person in (leader, veteran):
        for number in range(2):
            make_thread(community, person, title=f"Earlier {number}", body=f"{person} {number}")
    return community


@pytest.fixture
def thread(community, leader):
    return make_thread(community, leader, body="Who covers your practice when you are away?")


def _days_ago(days):
    return timezone.now() - timedelta(days=days)


def _reply_url(thread, language="en"):
    with translation.override(language):
        return reverse("forums:reply", args=[thread.community.slug, thread.pk])


def _reply(client, thread, body, *, language="en", **extra):
    data = {"body": body, "submission_key": str(uuid.uuid4()), **extra}
    return client.post(_reply_url(thread, language), data)


# Who is limited, and how much -----------------------------------------------------------------


def test_an_account_is_new_while_it_is_young_or_has_written_few_posts(community, newcomer, leader):
    veteran_without_posts = verified_member("dr-quiet", "5000009", date_joined=_days_ago(400))
    community_services.membership_add(community, veteran_without_posts)
    assert limits.is_new_account(newcomer)
    assert limits.is_new_account(veteran_without_posts)
    make_thread(community, veteran_without_posts, title="One", body="First post")
    second = make_thread(community, veteran_without_posts, title="Two", body="Second post")
    assert not limits.is_new_account(veteran_without_posts)
    forum_services.post_delete(actor=veteran_without_posts, post=second.posts.get())
    assert limits.is_new_account(veteran_without_posts)


def test_a_new_account_reaches_its_lower_limit_before_an_established_one(
    community, newcomer, veteran
):
    limits.check(newcomer, "reply")
    with pytest.raises(RateLimited) as refused:
        limits.check(newcomer, "reply")
    assert refused.value.action == "reply"
    assert 0 < refused.value.retry_after <= 3600

    for _attempt in range(NORMAL):
        limits.check(veteran, "reply")
    with pytest.raises(RateLimited):
        limits.check(veteran, "reply")


def test_each_action_has_its_own_counter(community, newcomer):
    limits.check(newcomer, "reply")
    limits.check(newcomer, "comment")
    limits.check(newcomer, "report")
    with pytest.raises(RateLimited):
        limits.check(newcomer, "comment")


def test_private_messages_have_a_limit_ready_for_when_they_exist(community, newcomer):
    limits.check(newcomer, "message")
    with pytest.raises(RateLimited):
        limits.check(newcomer, "message")


def test_an_unknown_action_or_a_signed_out_visitor_is_a_programming_error(newcomer):
    with pytest.raises(ValueError, match="teleport"):
        limits.check(newcomer, "teleport")
    with pytest.raises(ValueError, match="signed-in"):
        limits.check(AnonymousUser(), "reply")


def test_association_staff_and_platform_moderators_are_not_limited(db):
    staff = UserFactory(staff_role=StaffRole.STAFF, is_staff=True, username="staff-limits")
    moderator = UserFactory(staff_role=StaffRole.MODERATOR, username="mod-limits")
    for person in (staff, moderator):
        assert limits.is_new_account(person)
        for _attempt in range(NORMAL + 5):
            limits.check(person, "thread")


def test_the_counters_are_shared_by_every_web_process(community, newcomer, monkeypatch):
    # Two processes each open their own cache client on the same shared cache.
    first_process = caches.create_connection("default")
    second_process = caches.create_connection("default")
    assert first_process is not second_process

    monkeypatch.setattr(ratelimit_core, "caches", {"default": first_process})
    limits.check(newcomer, "thread")
    monkeypatch.setattr(ratelimit_core, "caches", {"default": second_process})
    with pytest.raises(RateLimited):
        limits.check(newcomer, "thread")


def test_one_form_sent_twice_counts_once(community, newcomer):
    key = uuid.uuid4()
    limits.check(newcomer, "reply", submission_key=key)
    limits.check(newcomer, "reply", submission_key=key)
    with pytest.raises(RateLimited):
        limits.check(newcomer, "reply", submission_key=uuid.uuid4())


# The cache the counters live in ---------------------------------------------------------------


def _cache_expiry(key):
    stored = caches["default"].make_and_validate_key(key)
    with connection.cursor() as cursor:
        cursor.execute("SELECT expires FROM collegium_cache WHERE cache_key = %s", [stored])
        return cursor.fetchone()[0]


def test_the_database_cache_counts_without_changing_when_a_counter_ends(db):
    cache = caches["default"]
    assert cache.add("counter", 0, 3600)
    expiry = _cache_expiry("counter")

    assert cache.incr("counter") == 1
    assert cache.incr("counter", 2) == 3

    assert cache.get("counter") == 3
    assert _cache_expiry("counter") == expiry
    with pytest.raises(ValueError, match="not found"):
        cache.incr("no-such-counter")


def test_django_ratelimit_accepts_our_caches_and_refuses_one_that_cannot_count(settings):
    def problems():
        return [
            message
            for message in checks.run_checks(tags=[checks.Tags.caches])
            if not message.is_silenced() and message.id.startswith("django_ratelimit")
        ]

    assert problems() == []
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": ""}
    }
    assert problems() == []
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "x"}
    }
    assert [message.id for message in problems()] == ["django_ratelimit.E003"]


# The 429 page ---------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_reply_over_the_limit_gets_429_saying_when_to_come_back_and_keeps_the_text(
    client, thread, newcomer, language
):
    client.force_login(newcomer)
    assert _reply(client, thread, "My first reply here.", language=language).status_code == 302
    text = "A second reply, refused for now."

    response = _reply(client, thread, text, language=language)

    assert response.status_code == 429
    retry_after = int(response["Retry-After"])
    assert 0 < retry_after <= 3600
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    with translation.override(language):
        assert limited_message("reply") in page
        assert gettext("Go back to your draft") in page
    assert "minute" in page
    assert f'href="{_reply_url(thread, language)}"' in page
    assert Post.objects.filter(thread=thread).count() == 2
    draft = Draft.objects.get(user=newcomer, key=f"forums:reply:{thread.pk}")
    assert draft.body == text
    # The draft waits in the form the page links to.
    assert text in client.get(_reply_url(thread, language)).content.decode()


def test_the_429_page_says_the_local_time_to_try_again(client, thread, newcomer):
    client.force_login(newcomer)
    _reply(client, thread, "My first reply here.")

    response = _reply(client, thread, "Too soon.")

    at = timezone.localtime(timezone.now() + timedelta(seconds=int(response["Retry-After"])))
    # Either side of a minute's turn while the test runs.
    shown = {formats.time_format(at + timedelta(seconds=s), "TIME_FORMAT") for s in (-2, 0, 2)}
    assert any(time in response.content.decode() for time in shown)


def test_htmx_and_scripts_get_429_with_a_line_of_text(client, thread, newcomer):
    client.force_login(newcomer)
    _reply(client, thread, "My first reply here.")

    for headers in ({"HX-Request": "true"}, {"Accept": "application/json"}):
        response = client.post(
            _reply_url(thread),
            {"body": f"Refused {headers}", "submission_key": str(uuid.uuid4())},
            headers=headers,
        )
        assert response.status_code == 429
        assert int(response["Retry-After"]) > 0
        assert response["Content-Type"].startswith("text/plain")
        body = response.content.decode()
        assert body.startswith(limited_message("reply"))
        assert "<html" not in body


def test_a_thread_over_the_limit_is_kept_as_a_draft_with_its_title(client, community, newcomer):
    client.force_login(newcomer)
    url = reverse("forums:thread_create", args=[community.slug])
    fields = {"kind": ThreadKind.DISCUSSION, "tags": ""}
    first = client.post(url, {**fields, "title": "First", "body": "First thread text"})
    assert first.status_code == 302
    thread_count = Thread.objects.count()

    response = client.post(url, {**fields, "title": "Second", "body": "Second thread text"})

    assert response.status_code == 429
    assert f'href="{url}"' in response.content.decode()
    assert Thread.objects.count() == thread_count
    draft = Draft.objects.get(user=newcomer, key=f"forums:thread:{community.pk}")
    assert (draft.title, draft.body) == ("Second", "Second thread text")


def test_previews_autosaves_and_pages_are_not_counted(client, thread, newcomer):
    client.force_login(newcomer)
    for _attempt in range(3):
        assert client.get(_reply_url(thread)).status_code == 200
        preview = _reply(client, thread, "Only a preview", editor_preview="1")
        assert preview.status_code == 200
        autosave = client.post(
            reverse("editor:draft_save"),
            {"key": f"forums:reply:{thread.pk}", "body": "Typing"},
            headers={"Accept": "application/json"},
        )
        assert autosave.status_code == 200
    assert _reply(client, thread, "The real reply").status_code == 302


def test_a_double_submitted_reply_at_the_limit_returns_the_post_not_a_refusal(
    client, thread, newcomer
):
    client.force_login(newcomer)
    key = str(uuid.uuid4())
    first = _reply(client, thread, "Sent twice by a double click", submission_key=key)
    second = _reply(client, thread, "Sent twice by a double click", submission_key=key)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Post.objects.filter(body="Sent twice by a double click").count() == 1


def test_comments_over_the_limit_get_429_and_wait_as_drafts_under_the_post(
    client, community, leader, newcomer
):
    post = make_post(community, leader)
    client.force_login(newcomer)
    url = reverse("blogs:comment_add", args=[community.slug, post.slug])
    assert client.post(url, {"body": "First comment"}).status_code == 302

    response = client.post(url, {"body": "Second comment, kept"})

    assert response.status_code == 429
    assert f'href="{post.get_absolute_url()}#comment-form"' in response.content.decode()
    assert BlogComment.objects.count() == 1
    draft_key = f"blogs:comment:{community.slug}/{post.slug}"
    assert Draft.objects.get(user=newcomer, key=draft_key).body == "Second comment, kept"
    assert "Second comment, kept" in client.get(post.get_absolute_url()).content.decode()


def test_resource_comments_and_additions_are_limited(client, community, leader, newcomer):
    collection = make_collection(community, leader)
    resource = make_link(collection, leader)
    client.force_login(leader)
    comment_url = reverse("resources:comment_add", args=[community.slug, resource.pk])
    for number in range(NORMAL):
        assert client.post(comment_url, {"body": f"Comment {number}"}).status_code == 302
    refused = client.post(comment_url, {"body": "One too many"})
    assert refused.status_code == 429
    assert f'href="{resource.get_absolute_url()}#comment-form"' in refused.content.decode()
    assert ResourceComment.objects.count() == NORMAL

    add_url = reverse("resources:resource_add", args=[community.slug])
    fields = {"collection": str(collection.pk), "kind": "link", "language": "en"}
    fields |= {"description": "", "tags": ""}
    for number in range(NORMAL):
        response = client.post(
            add_url, {**fields, "title": f"Guide {number}", "url": f"https://example.org/{number}"}
        )
        assert response.status_code == 302
    refused = client.post(
        add_url, {**fields, "title": "One too many", "url": "https://example.org/more"}
    )
    assert refused.status_code == 429
    assert Resource.objects.count() == NORMAL + 1


def test_invitations_are_limited(client, community, leader):
    client.force_login(leader)
    url = reverse("communities:manage_members", args=[community.slug])
    for number in range(NORMAL):
        response = client.post(url, {"target": f"colleague{number}@example.org"})
        assert response.status_code == 302

    refused = client.post(
        url, {"target": "one-more@example.org"}, headers={"Referer": f"http://testserver{url}"}
    )

    assert refused.status_code == 429
    assert limited_message("invitation") in refused.content.decode()
    assert f'href="http://testserver{url}"' in refused.content.decode()
    assert Invitation.objects.count() == NORMAL


# The same text twice --------------------------------------------------------------------------


def test_the_same_text_twice_is_refused_next_to_the_field_and_kept(
    client, thread, veteran, django_capture_on_commit_callbacks
):
    client.force_login(veteran)
    with django_capture_on_commit_callbacks(execute=True):
        assert _reply(client, thread, "Thanks,   everyone!\nVery helpful.").status_code == 302

    response = _reply(client, thread, "thanks, EVERYONE! very helpful.")

    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()["body"]
    assert [error.code for error in errors] == ["repeated"]
    assert "same text" in response.content.decode()
    assert "thanks, EVERYONE! very helpful." in response.content.decode()
    assert Post.objects.filter(thread=thread, author=veteran).count() == 1
    draft = Draft.objects.get(user=veteran, key=f"forums:reply:{thread.pk}")
    assert draft.body == "thanks, EVERYONE! very helpful."


def test_the_same_text_is_accepted_again_after_the_window(
    thread, veteran, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        forum_services.post_reply(actor=veteran, thread=thread, body="Agreed.")
    with pytest.raises(ValidationError):
        forum_services.post_reply(actor=veteran, thread=thread, body="Agreed.")

    later = timezone.now() + timedelta(seconds=601)
    monkeypatch.setattr(db_cache, "tz_now", lambda: later)

    forum_services.post_reply(actor=veteran, thread=thread, body="Agreed.")
    assert Post.objects.filter(body="Agreed.").count() == 2


def test_someone_else_may_post_the_same_text(
    thread, veteran, newcomer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        forum_services.post_reply(actor=veteran, thread=thread, body="Agreed.")
    forum_services.post_reply(actor=newcomer, thread=thread, body="Agreed.")


def test_a_double_submit_of_the_same_text_still_returns_the_first_post(
    thread, veteran, django_capture_on_commit_callbacks
):
    key = uuid.uuid4()
    with django_capture_on_commit_callbacks(execute=True):
        first = forum_services.post_reply(
            actor=veteran, thread=thread, body="Once only", submission_key=key
        )
    again = forum_services.post_reply(
        actor=veteran, thread=thread, body="Once only", submission_key=key
    )
    assert again == first
    assert Post.objects.filter(body="Once only").count() == 1


def test_a_thread_or_comment_repeating_a_recent_text_is_refused(
    community, leader, veteran, django_capture_on_commit_callbacks
):
    post = make_post(community, leader)
    with django_capture_on_commit_callbacks(execute=True):
        make_thread(community, veteran, title="Locums", body="Looking for a locum in March.")
    with pytest.raises(ValidationError) as refused:
        comment_services.comment_add(
            model=BlogComment,
            target_field="post",
            target=post,
            author=veteran,
            body="Looking for a locum in March.",
        )
    assert refused.value.error_dict["body"][0].code == "repeated"
    assert not BlogComment.objects.exists()


def test_the_repeat_check_reads_the_shared_cache(
    thread, veteran, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        forum_services.post_reply(actor=veteran, thread=thread, body="Seen by every process")
    monkeypatch.setattr(limits, "cache", caches.create_connection("default"))
    with pytest.raises(ValidationError):
        forum_services.post_reply(actor=veteran, thread=thread, body="Seen by every process")


def test_rates_come_from_the_environment_and_a_malformed_one_stops_the_start(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from config import settings as config

    monkeypatch.setenv("COLLEGIUM_RATE_LIMIT_REPLY", "120/h,30/10m")
    assert config._rate_limit("reply", "60/h", "15/h") == {
        "normal": "120/h",
        "new_account": "30/10m",
    }
    monkeypatch.setenv("COLLEGIUM_RATE_LIMIT_REPLY", "lots")
    with pytest.raises(ImproperlyConfigured, match="COLLEGIUM_RATE_LIMIT_REPLY"):
        config._rate_limit("reply", "60/h", "15/h")

import re
import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from collegium.communities import services as community_services
from collegium.forums import services
from collegium.forums.models import BODY_MAX_LENGTH, Mention, Post, Thread
from collegium.forums.tests.factories import make_question, make_thread


def _codes(error: ValidationError) -> set[str | None]:
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


# Threads and replies --------------------------------------------------------------------------


def test_a_participant_starts_a_thread_with_its_opening_post_and_tags(community, asker):
    thread = make_thread(community, asker, tags="Locums, northern practice")

    opening = thread.posts.get()
    assert opening.position == 0
    assert opening.author == asker
    assert "<p>Who covers your practice" in opening.body_html
    assert thread.post_count == 1 and thread.reply_count == 0
    assert sorted(tag.name for tag in thread.tags.all()) == ["Locums", "northern practice"]


def test_someone_outside_the_community_cannot_start_a_thread(community, outsider):
    with pytest.raises(PermissionDenied):
        make_thread(community, outsider)
    assert not Thread.objects.exists()


def test_a_participant_who_has_not_accepted_new_rules_cannot_post(community, asker):
    community.rules_en = "New rules."
    community.rules_version += 1
    community.save()

    with pytest.raises(PermissionDenied):
        make_thread(community, asker)


@pytest.mark.parametrize("body", ["", "   \n  "])
def test_an_empty_text_is_refused(community, asker, body):
    with pytest.raises(ValidationError) as caught:
        make_thread(community, asker, body=body)
    assert _codes(caught.value) == {"required"}


def test_an_over_long_text_is_refused(community, asker):
    with pytest.raises(ValidationError) as caught:
        make_thread(community, asker, body="a" * (BODY_MAX_LENGTH + 1))
    assert _codes(caught.value) == {"max_length"}


def test_the_same_submission_twice_makes_one_thread_and_one_reply(community, asker, replier):
    key = uuid.uuid4()
    first = make_thread(community, asker, submission_key=key)
    second = make_thread(community, asker, submission_key=key)
    assert first == second
    reply_key = uuid.uuid4()
    reply = services.post_reply(
        actor=replier, thread=first, body="Me too.", submission_key=reply_key
    )
    again = services.post_reply(
        actor=replier, thread=first, body="Me too.", submission_key=reply_key
    )

    assert reply == again
    assert Thread.objects.count() == 1
    assert Post.objects.count() == 2


def test_replies_take_the_next_positions_and_update_the_thread(community, asker, replier, third):
    thread = make_thread(community, asker)
    first = services.post_reply(actor=replier, thread=thread, body="First")
    second = services.post_reply(actor=third, thread=thread, body="Second", reply_to=first)

    thread.refresh_from_db()
    assert (first.position, second.position) == (1, 2)
    assert second.reply_to == first
    assert thread.reply_count == 2 and thread.post_count == 3
    assert thread.last_post_author == third
    assert thread.last_posted_at == second.created_at


def test_script_and_event_handlers_never_reach_the_stored_html(community, asker):
    body = (
        '<script>alert(1)</script> <img src=x onerror="alert(1)"> '
        "[click](javascript:alert(1)) [x](JaVaScRiPt:alert(1)) "
        '<a href="#" onclick="alert(1)">a</a>'
    )
    thread = make_thread(community, asker, body=body)
    html = thread.posts.get().body_html.lower()

    # Raw HTML is shown as text; no tag carries a handler and no link a script.
    assert "<script" not in html and "<img" not in html
    assert not re.search(r"<[^>]*\bon[a-z]+\s*=", html)
    assert 'href="javascript' not in html


def test_broken_markdown_is_stored_and_rendered_without_error(community, asker):
    thread = make_thread(community, asker, body="```python\nunclosed fence\n\n> > > [link](")
    assert "unclosed fence" in thread.posts.get().body_html


def test_mentions_link_to_profiles_and_are_recorded(community, asker, replier, third):
    thread = make_thread(community, asker)
    post = services.post_reply(
        actor=replier,
        thread=thread,
        body="@learner-asker and @dr-third, see this; mail me@dr-third.ca; `@dr-leader` in code",
    )

    assert set(Mention.objects.filter(post=post).values_list("user__username", flat=True)) == {
        "learner-asker",
        "dr-third",
    }
    assert 'href="/u/learner-asker"' in post.body_html
    assert 'href="/u/dr-leader"' not in post.body_html


def test_nobody_replies_to_a_deleted_post(community, asker, replier, third):
    thread = make_thread(community, asker)
    reply = services.post_reply(actor=replier, thread=thread, body="Soon gone")
    services.post_delete(actor=replier, post=reply)

    with pytest.raises(ValidationError) as caught:
        services.post_reply(actor=third, thread=thread, body="Answering", reply_to=reply)
    assert _codes(caught.value) == {"deleted"}


# Editing --------------------------------------------------------------------------------------


def test_an_edit_keeps_the_earlier_text_in_the_history(community, asker):
    thread = make_thread(community, asker)
    opening = thread.posts.get()

    edited = services.post_edit(
        actor=asker, post=opening, body="Clearer question", title="New title", base_version=1
    )

    thread.refresh_from_db()
    assert edited.version == 2 and edited.edited_at is not None
    assert thread.title == "New title"
    revision = edited.revisions.get()
    assert revision.body == "Who covers your practice when you are away?"
    assert revision.title == "Locum coverage in the north"


def test_an_edit_from_an_outdated_version_is_a_conflict_that_changes_nothing(community, asker):
    opening = make_thread(community, asker).posts.get()
    services.post_edit(actor=asker, post=opening, body="Second text", base_version=1)

    with pytest.raises(services.EditConflict) as caught:
        services.post_edit(actor=asker, post=opening, body="Third text", base_version=1)

    assert caught.value.current.body == "Second text"
    opening.refresh_from_db()
    assert opening.body == "Second text" and opening.version == 2


def test_only_the_author_edits_a_post(community, asker, leader):
    opening = make_thread(community, asker).posts.get()
    with pytest.raises(PermissionDenied):
        services.post_edit(actor=leader, post=opening, body="Hijacked", base_version=1)


def test_deleting_an_opening_post_nobody_answered_removes_the_thread(community, asker):
    thread = make_thread(community, asker)
    services.post_delete(actor=asker, post=thread.posts.get())
    thread.refresh_from_db()
    assert thread.deleted_at is not None


def test_deleting_a_reply_keeps_the_thread_and_its_place(community, asker, replier):
    thread = make_thread(community, asker)
    reply = services.post_reply(actor=replier, thread=thread, body="Oops")
    services.post_delete(actor=replier, post=reply)

    thread.refresh_from_db()
    reply.refresh_from_db()
    assert thread.deleted_at is None and thread.reply_count == 0
    assert reply.deleted_at is not None and reply.position == 1


# Reactions and answers ------------------------------------------------------------------------


def test_helpful_toggles_and_counts(community, asker, replier):
    opening = make_thread(community, asker).posts.get()
    assert services.reaction_toggle(actor=replier, post=opening) is True
    opening.refresh_from_db()
    assert opening.helpful_count == 1
    assert services.reaction_toggle(actor=replier, post=opening) is False
    opening.refresh_from_db()
    assert opening.helpful_count == 0


def test_nobody_finds_their_own_post_helpful(community, asker):
    opening = make_thread(community, asker).posts.get()
    with pytest.raises(PermissionDenied):
        services.reaction_toggle(actor=asker, post=opening)


def test_any_participant_suggests_and_the_asker_verifies_an_answer(
    community, asker, replier, third
):
    question = make_question(community, asker)
    reply = services.post_reply(
        actor=replier, thread=question, body="Hold nothing; use tranexamic."
    )

    services.answer_suggest(actor=third, post=reply)
    services.answer_verify(actor=asker, post=reply)

    reply.refresh_from_db()
    question.refresh_from_db()
    assert reply.suggested_by == third and reply.verified_by == asker
    assert question.verified_answer_count == 1 and question.suggested_answer_count == 1


def test_a_leader_and_staff_verify_answers_but_other_participants_do_not(
    community, asker, replier, third, leader, staff
):
    question = make_question(community, asker)
    reply = services.post_reply(actor=replier, thread=question, body="An answer")

    with pytest.raises(PermissionDenied):
        services.answer_verify(actor=third, post=reply)
    services.answer_verify(actor=leader, post=reply)
    services.answer_unverify(actor=staff, post=reply)

    reply.refresh_from_db()
    assert reply.verified_at is None


def test_several_replies_can_be_verified_and_undone(community, asker, replier, third):
    question = make_question(community, asker)
    one = services.post_reply(actor=replier, thread=question, body="One way")
    two = services.post_reply(actor=third, thread=question, body="Another way")
    services.answer_verify(actor=asker, post=one)
    services.answer_verify(actor=asker, post=two)
    services.answer_unverify(actor=asker, post=one)

    question.refresh_from_db()
    assert question.verified_answer_count == 1


def test_discussions_have_no_answers(community, asker, replier, third):
    thread = make_thread(community, asker)
    reply = services.post_reply(actor=replier, thread=thread, body="A view")
    with pytest.raises(PermissionDenied):
        services.answer_suggest(actor=third, post=reply)
    with pytest.raises(PermissionDenied):
        services.answer_verify(actor=asker, post=reply)


def test_nobody_suggests_their_own_reply(community, asker, replier):
    question = make_question(community, asker)
    reply = services.post_reply(actor=replier, thread=question, body="Mine")
    with pytest.raises(PermissionDenied):
        services.answer_suggest(actor=replier, post=reply)


# Lifecycle ------------------------------------------------------------------------------------


def test_a_closed_thread_shows_its_summary_and_takes_no_reply(community, asker, leader, replier):
    thread = make_thread(community, asker)
    services.thread_close(actor=leader, thread=thread, summary="We agreed on a **rota**.")

    assert "<strong>rota</strong>" in thread.closing_summary_html
    with pytest.raises(PermissionDenied, match="closed"):
        services.post_reply(actor=replier, thread=thread, body="Late")
    services.thread_reopen(actor=leader, thread=thread)
    services.post_reply(actor=replier, thread=thread, body="Now in time")


def test_participants_do_not_close_or_pin_threads(community, asker, replier):
    thread = make_thread(community, asker)
    with pytest.raises(PermissionDenied):
        services.thread_close(actor=replier, thread=thread, summary="Done")
    with pytest.raises(PermissionDenied):
        services.thread_pin(actor=replier, thread=thread, pinned=True)


def test_an_archived_thread_is_read_only_for_everyone(community, asker, leader, replier):
    thread = make_thread(community, asker)
    opening = thread.posts.get()
    services.thread_archive(actor=leader, thread=thread)

    with pytest.raises(PermissionDenied, match="archived"):
        services.post_reply(actor=replier, thread=thread, body="Late")
    with pytest.raises(PermissionDenied):
        services.post_edit(actor=asker, post=opening, body="Changed", base_version=1)
    with pytest.raises(ValidationError):
        services.thread_close(actor=leader, thread=thread, summary="Too late")


def test_an_archived_community_takes_no_new_thread_or_reply(community, asker, leader, replier):
    thread = make_thread(community, asker)
    community_services.community_archive(actor=leader, community=community)
    community.refresh_from_db()
    thread.refresh_from_db()

    with pytest.raises(PermissionDenied, match="archived"):
        make_thread(community, asker)
    with pytest.raises(PermissionDenied, match="archived"):
        services.post_reply(actor=replier, thread=thread, body="Late")


def test_only_staff_give_a_topic_an_open_period(community, asker, staff):
    closes = timezone.now() + timedelta(days=7)
    with pytest.raises(PermissionDenied):
        make_thread(community, asker, closes_at=closes)
    topic = make_thread(community, staff, closes_at=closes)
    assert topic.closes_at == closes


def test_an_open_period_in_the_past_or_backwards_is_refused(community, staff):
    now = timezone.now()
    with pytest.raises(ValidationError) as caught:
        make_thread(community, staff, closes_at=now - timedelta(days=1))
    assert _codes(caught.value) == {"past"}
    with pytest.raises(ValidationError) as caught:
        make_thread(
            community,
            staff,
            opens_at=now + timedelta(days=3),
            closes_at=now + timedelta(days=2),
        )
    assert _codes(caught.value) == {"period_order"}


def test_replies_wait_for_the_open_period_and_stop_when_it_ends(community, staff, replier):
    now = timezone.now()
    topic = make_thread(
        community, staff, opens_at=now + timedelta(hours=1), closes_at=now + timedelta(days=1)
    )
    with pytest.raises(PermissionDenied, match="not open"):
        services.post_reply(actor=replier, thread=topic, body="Too early")
    Thread.objects.filter(pk=topic.pk).update(
        opens_at=now - timedelta(days=2), closes_at=now - timedelta(days=1)
    )
    topic.refresh_from_db()
    with pytest.raises(PermissionDenied, match="ended"):
        services.post_reply(actor=replier, thread=topic, body="Too late")


def test_an_export_is_emailed_as_a_file_to_a_participant(
    community, asker, replier, mailoutbox, django_capture_on_commit_callbacks
):
    thread = make_thread(community, asker)
    services.post_reply(actor=replier, thread=thread, body="A **useful** reply")

    with django_capture_on_commit_callbacks(execute=True):
        export = services.thread_export_request(actor=replier, thread=thread)

    export.refresh_from_db()
    assert export.sent_at is not None
    message = mailoutbox[-1]
    assert message.to == [replier.email]
    name, content, mimetype = message.attachments[0]
    assert name == f"thread-{thread.pk}.html" and mimetype == "text/html"
    text = content.decode() if isinstance(content, bytes) else content
    assert "<strong>useful</strong>" in text


def test_someone_outside_the_community_cannot_ask_for_an_export(community, asker, outsider):
    thread = make_thread(community, asker)
    from django.http import Http404

    with pytest.raises(Http404):
        services.thread_export_request(actor=outsider, thread=thread)


def test_erasing_an_account_blanks_its_posts_and_keeps_others_threads(community, asker, replier):
    from collegium.accounts.data_rights import account_delete

    thread = make_thread(community, asker)
    reply = services.post_reply(actor=replier, thread=thread, body="Something personal")
    lonely = make_thread(community, replier, title="Nobody answered")

    account_delete(user=replier, erase_content=True)

    reply = Post.objects.get(pk=reply.pk)
    assert reply.body == "" and reply.deleted_at is not None
    assert Thread.objects.get(pk=lonely.pk).deleted_at is not None
    assert Thread.objects.get(pk=thread.pk).deleted_at is None

"""The rules of reporting and of every moderation action (MO-1, MO-2, MO-3)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from collegium import permissions
from collegium.communities.services import membership_add
from collegium.forums import services as forums_services
from collegium.forums.models import Post, PostRevision, Thread
from collegium.moderation import services
from collegium.moderation.choices import Action, CaseStatus, Category, TargetKind
from collegium.moderation.models import Case, ModerationAction, Report
from collegium.moderation.targets import TARGETS

POST = TARGETS[TargetKind.POST]


def _report(reporter, post, category=Category.PRIVACY, note="A patient's name and birth date."):
    return services.report_submit(
        reporter=reporter, target=POST, obj=post, category=category, note=note
    )


def _case(post):
    return Case.objects.get(kind=TargetKind.POST, object_id=post.pk)


# Reports (MO-1) -------------------------------------------------------------------------------


def test_a_report_opens_a_case_that_tells_the_community_moderators(
    reporter, reply, leader, community_moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = _report(reporter, reply)
    case = report.case
    assert case.status == CaseStatus.OPEN
    assert case.open_reports == 1
    assert case.community == reply.thread.community
    assert case.author_id == reply.author_id
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted([leader.email, community_moderator.email])
    # Each in their own language: the leader reads French.
    french = next(m for m in mail.outbox if m.to == [leader.email])
    assert "Un signalement est en attente" in french.subject


def test_one_report_per_person_per_item(reporter, reply):
    _report(reporter, reply)
    with pytest.raises(ValidationError) as refused:
        _report(reporter, reply, category=Category.OTHER)
    assert refused.value.code == "already_reported"
    assert Report.objects.count() == 1


def test_a_second_person_adds_to_the_same_case(reporter, second_reporter, reply):
    _report(reporter, reply)
    _report(second_reporter, reply, category=Category.ABUSIVE)
    case = _case(reply)
    assert case.open_reports == 2
    assert Case.objects.count() == 1


@pytest.mark.parametrize(("note", "code"), [("   ", "required"), ("x" * 1001, "max_length")])
def test_an_empty_or_over_long_note_is_refused(reporter, reply, note, code):
    with pytest.raises(ValidationError) as refused:
        _report(reporter, reply, note=note)
    assert refused.value.error_dict["note"][0].code == code
    assert not Report.objects.exists()


def test_an_unknown_category_is_refused(reporter, reply):
    with pytest.raises(ValidationError) as refused:
        _report(reporter, reply, category="spam")
    assert "category" in refused.value.error_dict


def test_nobody_reports_their_own_words(author, reply):
    with pytest.raises(PermissionDenied):
        _report(author, reply)


def test_what_one_cannot_read_cannot_be_reported(outsider, reply):
    with pytest.raises(PermissionDenied):
        _report(outsider, reply)
    assert not Report.objects.exists()


def test_a_new_report_reopens_a_handled_case(reporter, second_reporter, reply, leader):
    _report(reporter, reply)
    services.case_dismiss(actor=leader, target=POST, obj=reply, revision=None)
    _report(second_reporter, reply)
    case = _case(reply)
    assert case.is_open
    assert case.open_reports == 1


# Removing and restoring (MO-2) ----------------------------------------------------------------


def test_removing_hides_and_tells_author_and_reporters(
    reporter, second_reporter, author, reply, leader, django_capture_on_commit_callbacks
):
    _report(reporter, reply)
    _report(second_reporter, reply)
    case = _case(reply)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        record = services.content_remove(
            actor=leader,
            target=POST,
            obj=reply,
            revision=case.revision,
            category=Category.PRIVACY,
            note="Please never name patients.",
        )
    reply.refresh_from_db()
    assert reply.removed_at is not None
    assert reply.removal_category == Category.PRIVACY
    assert Post.objects.filter(pk=reply.pk).exists(), "hidden, not destroyed"
    case.refresh_from_db()
    assert case.status == CaseStatus.RESOLVED
    assert case.outcome == Action.REMOVE
    assert set(Report.objects.values_list("outcome", flat=True)) == {Action.REMOVE}
    assert record.before == {"removed": False}
    # The author reads French: the reason comes in French.
    to_author = next(m for m in mail.outbox if m.to == [author.email])
    assert "retiré" in to_author.subject
    assert "confidentialité" in to_author.body
    assert "Please never name patients." in to_author.body
    to_reporters = [m for m in mail.outbox if m.to[0] in {reporter.email, second_reporter.email}]
    assert len(to_reporters) == 2
    assert all("removed it" in m.body for m in to_reporters)
    # Plain text is not HTML: the apostrophe stays an apostrophe.
    assert all("including a patient's information" in m.body for m in to_reporters)


def test_removed_post_is_hidden_from_participants_but_not_author_or_moderators(
    reporter, author, reply, leader, platform_moderator
):
    services.content_remove(
        actor=leader, target=POST, obj=reply, revision=None, category=Category.PRIVACY
    )
    reply.refresh_from_db()
    assert permissions.can_report(reporter, reply, readable=True, author_id=author.pk) is False
    assert permissions.can_see_removed(leader, reply.thread.community)
    assert permissions.can_see_removed(platform_moderator, reply.thread.community)
    assert not permissions.can_see_removed(reporter, reply.thread.community)


def test_removing_the_opening_post_removes_the_thread_from_lists(thread, leader, reporter):
    opening = thread.posts.get(position=0)
    services.content_remove(
        actor=leader, target=POST, obj=opening, revision=None, category=Category.OFF_TOPIC
    )
    assert not permissions.visible_threads(reporter, Thread.objects.all()).exists()
    assert permissions.visible_threads(leader, Thread.objects.all()).exists()
    thread.refresh_from_db()
    assert permissions.can_read_thread(reporter, thread), "its author still reads it"


def test_a_removal_needs_a_guideline(leader, reply):
    with pytest.raises(ValidationError) as refused:
        services.content_remove(actor=leader, target=POST, obj=reply, revision=None, category="")
    assert "category" in refused.value.error_dict


def test_acting_on_a_case_another_moderator_handled_does_nothing_twice(
    reporter, reply, leader, community_moderator
):
    _report(reporter, reply)
    seen = _case(reply).revision  # both moderators opened the page at this point
    services.content_remove(
        actor=community_moderator,
        target=POST,
        obj=reply,
        revision=seen,
        category=Category.PRIVACY,
    )
    with pytest.raises(services.AlreadyHandled) as told:
        services.case_dismiss(actor=leader, target=POST, obj=reply, revision=seen)
    assert "dr-moderator" in told.value.messages[0]
    with pytest.raises(ValidationError):
        services.content_remove(
            actor=leader, target=POST, obj=reply, revision=seen, category=Category.OTHER
        )
    assert ModerationAction.objects.count() == 1


def test_a_leader_acting_outside_their_community_gets_404(leader, outsider, foreign_community):
    thread = forums_services.thread_create(
        actor=outsider,
        community=foreign_community,
        kind="discussion",
        title="Elsewhere",
        body="Not the leader's community.",
    )
    opening = thread.posts.get()
    with pytest.raises(Http404):
        services.content_remove(
            actor=leader, target=POST, obj=opening, revision=None, category=Category.OTHER
        )
    assert not ModerationAction.objects.exists()


def test_restore_shows_it_again(leader, reply):
    services.content_remove(
        actor=leader, target=POST, obj=reply, revision=None, category=Category.OTHER
    )
    services.content_restore(actor=leader, target=POST, obj=reply, revision=None)
    reply.refresh_from_db()
    assert reply.removed_at is None
    with pytest.raises(ValidationError):
        services.content_restore(actor=leader, target=POST, obj=reply, revision=None)


# Editing, closing, moving ---------------------------------------------------------------------


def test_a_moderator_edit_keeps_the_earlier_text_and_needs_a_note(leader, reply):
    with pytest.raises(ValidationError) as refused:
        services.content_edit(
            actor=leader, target=POST, obj=reply, revision=None, text="Shorter.", note=""
        )
    assert "note" in refused.value.error_dict
    record = services.content_edit(
        actor=leader,
        target=POST,
        obj=reply,
        revision=None,
        text="Our patient had to wait.",
        note="Took out the patient's name.",
    )
    reply.refresh_from_db()
    assert reply.body == "Our patient had to wait."
    assert PostRevision.objects.filter(post=reply, body__contains="Jane Doe").exists()
    assert record.before["text"].startswith("Our patient Jane Doe")
    assert record.after["text"] == "Our patient had to wait."


def test_close_and_move_the_thread(leader, reply, other_community, foreign_community):
    services.thread_close(actor=leader, target=POST, obj=reply, revision=None, note="Resolved.")
    reply.thread.refresh_from_db()
    assert reply.thread.closed_at is not None
    with pytest.raises(ValidationError) as refused:
        services.thread_move(
            actor=leader, target=POST, obj=reply, revision=None, community=foreign_community
        )
    assert "community" in refused.value.error_dict
    services.thread_move(
        actor=leader, target=POST, obj=reply, revision=None, community=other_community
    )
    reply.thread.refresh_from_db()
    assert reply.thread.community == other_community


# Sanctions ------------------------------------------------------------------------------------


def test_warn_tells_the_author(leader, author, reply, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.author_warn(
            actor=leader, target=POST, obj=reply, revision=None, note="Mind patients' privacy."
        )
    assert [m.to for m in mail.outbox] == [[author.email]]
    assert "avertissement" in mail.outbox[0].subject


def test_only_platform_moderators_suspend(leader, platform_moderator, author, reply):
    with pytest.raises(PermissionDenied):
        services.author_suspend(
            actor=leader, target=POST, obj=reply, revision=None, days=7, note="Repeated."
        )
    with pytest.raises(ValidationError) as refused:
        services.author_suspend(
            actor=platform_moderator, target=POST, obj=reply, revision=None, days=0, note="x"
        )
    assert "days" in refused.value.error_dict
    services.author_suspend(
        actor=platform_moderator, target=POST, obj=reply, revision=None, days=7, note="Repeated."
    )
    author.refresh_from_db()
    assert author.is_suspended
    assert author.suspended_until > timezone.now() + timedelta(days=6)


def test_a_suspended_person_is_told_until_when_and_cannot_post(platform_moderator, author, reply):
    services.author_suspend(
        actor=platform_moderator, target=POST, obj=reply, revision=None, days=3, note="Cool off."
    )
    author.refresh_from_db()
    with pytest.raises(PermissionDenied) as refused:
        forums_services.post_reply(actor=author, thread=reply.thread, body="Let me answer.")
    assert "suspended until" in str(refused.value)
    assert str(author.suspended_until.year) in str(refused.value)


def test_staff_cannot_be_sanctioned_here(platform_moderator, community, leader):
    membership_add(community, platform_moderator)
    thread = forums_services.thread_create(
        actor=platform_moderator,
        community=community,
        kind="discussion",
        title="A word from the moderators",
        body="Welcome.",
    )
    with pytest.raises(ValidationError) as refused:
        services.author_warn(
            actor=leader, target=POST, obj=thread.posts.get(), revision=None, note="No."
        )
    assert refused.value.code == "staff"


def test_ban_from_the_community(leader, author, reply):
    services.author_ban_from_community(
        actor=leader, target=POST, obj=reply, revision=None, note="Repeated breaches."
    )
    assert not permissions.can_participate(author, reply.thread.community)
    with pytest.raises(ValidationError):
        services.author_ban_from_community(
            actor=leader, target=POST, obj=reply, revision=None, note="Again."
        )


def test_ban_from_the_platform_deactivates_the_account(platform_moderator, leader, author, reply):
    with pytest.raises(PermissionDenied):
        services.author_ban_from_platform(
            actor=leader, target=POST, obj=reply, revision=None, note="Spam."
        )
    services.author_ban_from_platform(
        actor=platform_moderator, target=POST, obj=reply, revision=None, note="Spam."
    )
    author.refresh_from_db()
    assert not author.is_active
    assert author.banned_at is not None


# Undoing from the log -------------------------------------------------------------------------


def test_undo_a_removal_restores_and_cannot_be_undone_twice(leader, reply):
    record = services.content_remove(
        actor=leader, target=POST, obj=reply, revision=None, category=Category.OTHER
    )
    undo = services.action_undo(actor=leader, record=record)
    assert undo.action == Action.RESTORE
    assert undo.undo_of == record
    reply.refresh_from_db()
    assert reply.removed_at is None
    record.refresh_from_db()
    assert record.undone_at is not None
    with pytest.raises(ValidationError) as refused:
        services.action_undo(actor=leader, record=record)
    assert refused.value.code == "already_undone"


def test_undo_a_dismissal_reopens_the_reports(reporter, reply, leader):
    _report(reporter, reply)
    record = services.case_dismiss(actor=leader, target=POST, obj=reply, revision=None)
    services.action_undo(actor=leader, record=record)
    case = _case(reply)
    assert case.is_open
    assert case.open_reports == 1
    assert Report.objects.get().outcome == ""


def test_undo_an_edit_puts_the_text_back(leader, reply):
    original = reply.body
    record = services.content_edit(
        actor=leader, target=POST, obj=reply, revision=None, text="Edited.", note="Why."
    )
    services.action_undo(actor=leader, record=record)
    reply.refresh_from_db()
    assert reply.body == original


def test_undo_a_move_and_a_closing(leader, reply, other_community):
    community = reply.thread.community
    move = services.thread_move(
        actor=leader, target=POST, obj=reply, revision=None, community=other_community
    )
    services.action_undo(actor=leader, record=move)
    reply.thread.refresh_from_db()
    assert reply.thread.community == community
    closing = services.thread_close(
        actor=leader, target=POST, obj=reply, revision=None, note="Done."
    )
    services.action_undo(actor=leader, record=closing)
    reply.thread.refresh_from_db()
    assert reply.thread.closed_at is None


def test_undo_sanctions(platform_moderator, leader, author, reply):
    suspension = services.author_suspend(
        actor=platform_moderator, target=POST, obj=reply, revision=None, days=2, note="Pause."
    )
    assert not services.can_undo(leader, suspension), "a leader cannot lift a suspension"
    services.action_undo(actor=platform_moderator, record=suspension)
    author.refresh_from_db()
    assert not author.is_suspended
    ban = services.author_ban_from_community(
        actor=leader, target=POST, obj=reply, revision=None, note="Out."
    )
    services.action_undo(actor=leader, record=ban)
    assert permissions.can_participate(author, reply.thread.community)
    platform_ban = services.author_ban_from_platform(
        actor=platform_moderator, target=POST, obj=reply, revision=None, note="Spam."
    )
    services.action_undo(actor=platform_moderator, record=platform_ban)
    author.refresh_from_db()
    assert author.is_active


def test_a_leader_cannot_undo_outside_their_community(leader, outsider, foreign_community):
    thread = forums_services.thread_create(
        actor=outsider, community=foreign_community, kind="discussion", title="T", body="B"
    )
    record = services.content_remove(
        actor=outsider,
        target=POST,
        obj=thread.posts.get(),
        revision=None,
        category=Category.OTHER,
    )
    with pytest.raises(Http404):
        services.action_undo(actor=leader, record=record)


# Links from new accounts (MO-3) ---------------------------------------------------------------


def test_links_from_a_new_account_wait_for_a_moderator(settings, thread, author, reporter):
    settings.COLLEGIUM = {**settings.COLLEGIUM, "HOLD_LINKS_FROM_NEW_ACCOUNTS": True}
    held = forums_services.post_reply(
        actor=author, thread=thread, body="Cheap pills at https://example.com/pills"
    )
    plain = forums_services.post_reply(actor=author, thread=thread, body="No link here.")
    held.refresh_from_db()
    plain.refresh_from_db()
    assert held.removed_at is not None
    assert held.removal_category == "held"
    assert plain.removed_at is None
    case = Case.objects.get(kind=TargetKind.POST, object_id=held.pk)
    assert case.is_open
    assert ModerationAction.objects.get().action == Action.HOLD


def test_a_removed_reply_leaves_the_threads_figures_and_comes_back_with_it(leader, reply):
    thread = reply.thread
    thread.refresh_from_db()
    assert thread.reply_count == 1
    services.content_remove(
        actor=leader, target=POST, obj=reply, revision=None, category=Category.OTHER
    )
    thread.refresh_from_db()
    assert thread.reply_count == 0
    services.content_restore(actor=leader, target=POST, obj=reply, revision=None)
    thread.refresh_from_db()
    assert thread.reply_count == 1


def test_deleting_a_removed_reply_does_not_count_it_out_twice(leader, author, reply):
    services.content_remove(
        actor=leader, target=POST, obj=reply, revision=None, category=Category.OTHER
    )
    forums_services.post_delete(actor=author, post=reply)
    reply.thread.refresh_from_db()
    assert reply.thread.reply_count == 0


def test_a_moved_thread_takes_its_images_along(
    settings, tmp_path, leader, author, thread, other_community, outsider
):
    from collegium.editor import services as editor_services
    from collegium.editor.models import Attachment
    from collegium.editor.tests import files

    settings.MEDIA_ROOT = tmp_path
    image = editor_services.attachment_upload(
        actor=author,
        community=thread.community,
        upload=files.upload(files.image_bytes("PNG"), "ward.png", "image/png"),
    )
    reply = forums_services.post_reply(
        actor=author, thread=thread, body=f"![The ward]({image.get_absolute_url()})"
    )
    services.thread_move(
        actor=leader, target=POST, obj=reply, revision=None, community=other_community
    )
    image.refresh_from_db()
    assert image.community == other_community
    assert permissions.can_view_attachment(outsider, Attachment.objects.get(pk=image.pk))

"""Removed content leaves what others receive: the emailed archive of a thread (MO-2)."""

from django.core import mail

from collegium.forums import services as forums_services
from collegium.moderation import services
from collegium.moderation.choices import Category, TargetKind
from collegium.moderation.targets import TARGETS


def _archive(person, thread, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        forums_services.thread_export_request(actor=person, thread=thread)
    (message,) = mail.outbox
    ((_name, content, _type),) = message.attachments
    return content.decode() if isinstance(content, bytes) else content


def test_the_emailed_archive_leaves_removed_posts_out(
    reporter, leader, author, reply, django_capture_on_commit_callbacks
):
    services.content_remove(
        actor=leader,
        target=TARGETS[TargetKind.POST],
        obj=reply,
        revision=None,
        category=Category.PRIVACY,
    )
    seen_by_participant = _archive(reporter, reply.thread, django_capture_on_commit_callbacks)
    assert "Jane Doe" not in seen_by_participant
    assert "This post was removed by the moderators." in seen_by_participant
    seen_by_leader = _archive(leader, reply.thread, django_capture_on_commit_callbacks)
    assert "Jane Doe" in seen_by_leader
    seen_by_author = _archive(author, reply.thread, django_capture_on_commit_callbacks)
    assert "Jane Doe" in seen_by_author

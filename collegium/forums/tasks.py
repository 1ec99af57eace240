"""Background work of the forums."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation
from huey.contrib.djhuey import db_task

from collegium.core.mail import send_user_mail


@db_task(retries=3, retry_delay=60)
def deliver_thread_export(export_id: int) -> None:
    """Build the archive of a thread as one HTML file and email it to whoever asked (CT-5).

    Access is checked again here: someone who left the community since asking gets nothing."""
    from collegium import permissions
    from collegium.forums.models import Post, ThreadExport

    export = (
        ThreadExport.objects.select_related("thread__community", "requested_by")
        .filter(pk=export_id, sent_at__isnull=True)
        .first()
    )
    if export is None:
        return
    person, thread = export.requested_by, export.thread
    if not person.is_active or not permissions.can_read_thread(person, thread):
        return
    posts = (
        Post.objects.filter(thread=thread)
        .select_related("author", "verified_by")
        .order_by("position")
        .iterator(chunk_size=2000)
    )
    with translation.override(person.preferred_language or "en"):
        document = render_to_string(
            "forums/export/thread.html",
            {
                "thread": thread,
                "posts": posts,
                "exported_at": timezone.now(),
                # Removed posts are for their authors and the moderators only (MO-2).
                "sees_removed": permissions.can_see_removed(person, thread.community),
                "reader_id": person.pk,
            },
        )
        thread_url, thread_title = thread.get_absolute_url(), thread.heading
    send_user_mail(
        user=person,
        template="forums/email/thread_export",
        context={"thread_title": thread_title, "thread_url": thread_url},
        attachments=[(f"thread-{thread.pk}.html", document.encode(), "text/html")],
    )
    ThreadExport.objects.filter(pk=export.pk).update(sent_at=timezone.now())

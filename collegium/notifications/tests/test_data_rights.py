"""Notifications in "download my data" and "delete my account" (ID-6)."""

import io
import json
import zipfile

from collegium.accounts import data_rights
from collegium.notifications import outbox, services
from collegium.notifications.choices import Category, EmailStatus, Frequency, Kind
from collegium.notifications.models import (
    EmailPreference,
    Notification,
    OutboxEmail,
    Subscription,
)


def test_export_has_what_i_follow_my_email_choices_and_my_notifications(thread, author, follower):
    services.follow_set(user=follower, target=thread, frequency=Frequency.DAILY)
    EmailPreference.objects.create(
        user=follower, category=Category.MENTIONS, frequency=Frequency.WEEKLY
    )
    Notification.objects.create(
        recipient=follower,
        kind=Kind.MENTION,
        audience="participants",
        params={"actor": author.username, "title": thread.title},
    )
    archive = zipfile.ZipFile(io.BytesIO(data_rights.account_export(user=follower)))
    mine = json.loads(archive.read("collegium.json"))["notifications"]
    assert mine["follows"] == [
        {"what": "thread", "id": thread.pk, "email": "daily", "since": mine["follows"][0]["since"]}
    ]
    assert mine["email_preferences"] == {"mentions": "weekly"}
    assert mine["notifications"][0]["text"] == (f"dr-author mentioned you in “{thread.title}”.")


def test_deleting_an_account_takes_its_follows_and_notifications_and_stops_its_mail(
    thread, follower, django_capture_on_commit_callbacks
):
    services.follow_set(user=follower, target=thread, frequency=Frequency.INSTANT)
    Notification.objects.create(recipient=follower, kind=Kind.MENTION, audience="participants")
    with django_capture_on_commit_callbacks(execute=False):
        body = outbox.body_create(subject="Hello", text="Text")
        (queued,) = outbox.enqueue(body, [outbox.Recipient(follower.email, follower.pk)])
    data_rights.ERASERS["notifications"](follower, True)
    assert not Subscription.objects.filter(user=follower).exists()
    assert not Notification.objects.filter(recipient=follower).exists()
    assert OutboxEmail.objects.get(pk=queued).status == EmailStatus.FAILED
    assert outbox.send([queued]) == 0

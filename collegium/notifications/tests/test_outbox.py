"""The outbox (NO-3): queued with what caused it, sent by the workers, retried with a growing
wait while the mail server is down, never sent twice, given up when an address is refused."""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.utils import timezone

from collegium.notifications import outbox
from collegium.notifications.choices import EmailStatus
from collegium.notifications.models import OutboxEmail


class DownServer(LocmemBackend):
    """A mail server that cannot be reached."""

    def open(self):
        raise ConnectionRefusedError(111, "Connection refused")


class RefusingServer(LocmemBackend):
    """A mail server that refuses one address for good (550) and another for now (450)."""

    def send_messages(self, messages):
        for message in messages:
            if "gone@" in message.to[0]:
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"No such user")})
            if "busy@" in message.to[0]:
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (450, b"Mailbox busy")})
        return super().send_messages(messages)


class DroppingServer(LocmemBackend):
    """A mail server that hangs up after the first message."""

    def send_messages(self, messages):
        if len(mail.outbox) >= 1:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


def _queue(*addresses, unsubscribe_url=""):
    body = outbox.body_create(subject="Hello", text="Text part", html="<p>HTML part</p>")
    return outbox.enqueue(
        body, [outbox.Recipient(address, None, unsubscribe_url) for address in addresses]
    )


def test_a_queued_message_is_sent_after_the_commit_with_a_text_and_an_html_part(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        (email_id,) = _queue("someone@example.org")
    assert mail.outbox == []  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()
    (message,) = mail.outbox
    assert message.to == ["someone@example.org"]
    assert message.body == "Text part"
    assert message.alternatives[0][1] == "text/html"
    row = OutboxEmail.objects.get(pk=email_id)
    assert row.status == EmailStatus.SENT
    assert row.attempts == 1
    assert row.sent_at is not None


def test_the_unsubscribe_address_goes_into_the_rfc_8058_headers_and_the_text(
    db, django_capture_on_commit_callbacks
):
    body = outbox.body_create(
        subject="New reply",
        text=f"Stop: {outbox.EmailBody.UNSUBSCRIBE_MARK}",
        html=f'<a href="{outbox.EmailBody.UNSUBSCRIBE_MARK}">Stop</a>',
    )
    url = "https://collegium.example/en/notifications/unsubscribe/abc/?x=1&y=2"
    with django_capture_on_commit_callbacks(execute=True):
        outbox.enqueue(body, [outbox.Recipient("someone@example.org", None, url)])
    (message,) = mail.outbox
    assert message.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.body == f"Stop: {url}"
    assert (
        'href="https://collegium.example/en/notifications/unsubscribe/abc/?x=1&amp;y=2"'
        in (message.alternatives[0][0])
    )


def test_a_message_without_an_unsubscribe_address_has_no_list_headers(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _queue("someone@example.org")
    assert "List-Unsubscribe" not in mail.outbox[0].extra_headers


def test_a_server_that_is_down_delays_the_mail_with_a_growing_wait_and_loses_none(
    db, settings, django_capture_on_commit_callbacks
):
    settings.OUTBOX_TRANSPORT_BACKEND = f"{__name__}.DownServer"
    with django_capture_on_commit_callbacks(execute=True):
        ids = _queue("a@example.org", "b@example.org")
    rows = OutboxEmail.objects.filter(pk__in=ids)
    assert {row.status for row in rows} == {EmailStatus.QUEUED}
    assert all(row.attempts == 1 and "refused" in row.last_error for row in rows)
    first_wait = rows[0].next_attempt_at - timezone.now()
    assert timedelta(seconds=50) < first_wait <= timedelta(seconds=60)

    # Not due yet: the periodic pass leaves them alone.
    assert outbox.due_ids(100) == []
    OutboxEmail.objects.update(next_attempt_at=timezone.now())
    outbox.send(outbox.due_ids(100))
    row = OutboxEmail.objects.get(pk=ids[0])
    assert row.attempts == 2
    assert row.next_attempt_at - timezone.now() > timedelta(seconds=110)  # doubled

    settings.OUTBOX_TRANSPORT_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboxEmail.objects.update(next_attempt_at=timezone.now())
    outbox.send(outbox.due_ids(100))
    assert sorted(message.to[0] for message in mail.outbox) == ["a@example.org", "b@example.org"]
    assert set(OutboxEmail.objects.values_list("status", flat=True)) == {EmailStatus.SENT}


def test_the_wait_doubles_up_to_its_ceiling(settings):
    settings.COLLEGIUM = {
        **settings.COLLEGIUM,
        "OUTBOX": {**settings.COLLEGIUM["OUTBOX"], "RETRY_SECONDS": 60, "MAX_RETRY_SECONDS": 600},
    }
    assert [outbox.backoff(n).total_seconds() for n in (1, 2, 3, 4, 5, 9)] == [
        60,
        120,
        240,
        480,
        600,
        600,
    ]


def test_a_message_is_given_up_after_its_last_attempt(
    db, settings, django_capture_on_commit_callbacks
):
    settings.OUTBOX_TRANSPORT_BACKEND = f"{__name__}.DownServer"
    settings.COLLEGIUM = {
        **settings.COLLEGIUM,
        "OUTBOX": {**settings.COLLEGIUM["OUTBOX"], "MAX_ATTEMPTS": 2},
    }
    with django_capture_on_commit_callbacks(execute=True):
        (email_id,) = _queue("a@example.org")
    OutboxEmail.objects.update(next_attempt_at=timezone.now())
    outbox.send(outbox.due_ids(100))
    row = OutboxEmail.objects.get(pk=email_id)
    assert row.status == EmailStatus.FAILED
    assert row.next_attempt_at is None
    assert outbox.due_ids(100) == []  # not retried forever


def test_an_address_the_server_refuses_is_recorded_and_not_retried(
    db, settings, django_capture_on_commit_callbacks
):
    settings.OUTBOX_TRANSPORT_BACKEND = f"{__name__}.RefusingServer"
    with django_capture_on_commit_callbacks(execute=True):
        gone, busy, fine = _queue("gone@example.org", "busy@example.org", "fine@example.org")
    refused = OutboxEmail.objects.get(pk=gone)
    assert refused.status == EmailStatus.REFUSED
    assert "550" in refused.last_error
    assert refused.next_attempt_at is None
    # A temporary refusal (4xx) waits for another try; the others were still sent.
    assert OutboxEmail.objects.get(pk=busy).status == EmailStatus.QUEUED
    assert OutboxEmail.objects.get(pk=fine).status == EmailStatus.SENT
    assert [message.to for message in mail.outbox] == [["fine@example.org"]]
    OutboxEmail.objects.update(next_attempt_at=timezone.now())
    assert gone not in outbox.due_ids(100)


def test_a_connection_lost_mid_batch_keeps_the_rest_for_later_and_sends_none_twice(
    db, settings, django_capture_on_commit_callbacks
):
    settings.OUTBOX_TRANSPORT_BACKEND = f"{__name__}.DroppingServer"
    with django_capture_on_commit_callbacks(execute=True):
        ids = _queue("a@example.org", "b@example.org", "c@example.org")
    statuses = dict(OutboxEmail.objects.values_list("pk", "status"))
    assert statuses == {
        ids[0]: EmailStatus.SENT,
        ids[1]: EmailStatus.QUEUED,
        ids[2]: EmailStatus.QUEUED,
    }
    settings.OUTBOX_TRANSPORT_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboxEmail.objects.update(next_attempt_at=timezone.now())
    outbox.send(outbox.due_ids(100))
    outbox.send(ids)  # a repeated task finds nothing left to send
    assert sorted(message.to[0] for message in mail.outbox) == [
        "a@example.org",
        "b@example.org",
        "c@example.org",
    ]


def test_a_message_claimed_by_a_worker_is_not_sent_by_another(
    db, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        (email_id,) = _queue("a@example.org")
    claimed = outbox._claim([email_id])
    assert [row.pk for row in claimed] == [email_id]
    assert outbox.send([email_id]) == 0  # a second worker finds it taken
    assert outbox.due_ids(100) == []
    # Until the first worker's lease runs out (it died): then the periodic pass takes it back.
    OutboxEmail.objects.update(claimed_until=timezone.now() - timedelta(seconds=1))
    assert outbox.due_ids(100) == [email_id]
    assert outbox.send([email_id]) == 1
    assert len(mail.outbox) == 1


def test_each_try_of_a_message_keeps_the_same_message_id(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        (email_id,) = _queue("a@example.org")
    row = OutboxEmail.objects.select_related("body").get(pk=email_id)
    first = outbox.build_message(row).extra_headers["Message-ID"]
    assert first == outbox.build_message(row).extra_headers["Message-ID"]
    assert first.startswith(f"<outbox.{email_id}.")


@pytest.mark.usefixtures("db")
def test_mail_sent_through_django_goes_through_the_outbox(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "collegium.notifications.outbox.OutboxBackend"
    message = EmailMultiAlternatives(
        "Confirm your address", "Plain", to=["new@example.org"], cc=["copy@example.org"]
    )
    message.attach_alternative("<p>Rich</p>", "text/html")
    message.attach("notes.txt", b"attached", "text/plain")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert message.send() == 1
    assert mail.outbox == []
    assert OutboxEmail.objects.filter(status=EmailStatus.QUEUED).count() == 2
    for callback in callbacks:
        callback()
    assert sorted(sent.to[0] for sent in mail.outbox) == ["copy@example.org", "new@example.org"]
    sent = mail.outbox[0]
    assert sent.subject == "Confirm your address"
    assert sent.alternatives[0][0] == "<p>Rich</p>"
    assert sent.attachments[0][:2] == ("notes.txt", "attached")


def test_sent_mail_is_forgotten_after_its_days_and_refused_mail_stays(
    db, settings, django_capture_on_commit_callbacks
):
    settings.OUTBOX_TRANSPORT_BACKEND = f"{__name__}.RefusingServer"
    with django_capture_on_commit_callbacks(execute=True):
        gone, _fine = _queue("gone@example.org", "fine@example.org")
    later = timezone.now() + timedelta(days=31)
    assert outbox.prune(now=later) == 1
    assert list(OutboxEmail.objects.values_list("pk", flat=True)) == [gone]
    assert outbox.EmailBody.objects.count() == 1  # still used by the refused one
    assert outbox.prune(now=timezone.now()) == 0  # nothing younger goes

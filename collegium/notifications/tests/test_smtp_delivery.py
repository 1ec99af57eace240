"""End to end with a real SMTP server (aiosmtpd, started here): what a follower receives, and
mail that waits out a mail server's absence, none lost and none twice (NO-2, NO-3)."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from collegium.forums import services as forum_services
from collegium.forums.models import Post
from collegium.notifications import services
from collegium.notifications.choices import EmailStatus, Frequency, Kind
from collegium.notifications.kinds import in_each_language
from collegium.notifications.models import OutboxEmail, Subscription
from collegium.notifications.tasks import outbox_send_due


def test_a_reply_to_a_followed_thread_sends_one_email_in_the_followers_language(
    thread, author, follower, reader, smtp_server, django_capture_on_commit_callbacks
):
    services.follow_set(user=follower, target=thread, frequency=Frequency.INSTANT)
    with django_capture_on_commit_callbacks(execute=True):
        reply = forum_services.post_reply(
            actor=reader, thread=thread, body="We share a locum with the next town."
        )

    to_follower = [message for rcpt, message in smtp_server.received if rcpt == [follower.email]]
    assert len(to_follower) == 1
    message = to_follower[0]
    assert message["Content-Language"] == "fr"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe_url = message["List-Unsubscribe"].strip().strip("<>")
    assert "/fr/" in unsubscribe_url
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert '<html lang="fr">' in html
    post_url = in_each_language(Post.objects.get(pk=reply.pk).get_absolute_url)["fr"]
    assert post_url in text and post_url in html
    assert unsubscribe_url in text
    assert "/fr/notifications/" in text  # the preferences page, in French

    # One click from the mail program (RFC 8058): a POST with no cookie and no CSRF token.
    path = unsubscribe_url.split("://", 1)[1].split("/", 1)[1]
    response = Client(enforce_csrf_checks=True).post(f"/{path}", {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Subscription.objects.get(user=follower, thread=thread).frequency == Frequency.NEVER


def test_mail_waits_while_the_server_is_down_and_arrives_exactly_once(
    thread, author, follower, smtp_server, django_capture_on_commit_callbacks
):
    post = thread.posts.get(position=0)
    event = services.Event(
        kind=Kind.MENTION,
        link=in_each_language(post.get_absolute_url),
        params={"actor": author.username, "title": thread.title},
        community_id=thread.community_id,
        actor_id=author.pk,
        target_kind="post",
        target_id=post.pk,
    )
    smtp_server.stop()
    with django_capture_on_commit_callbacks(execute=True):
        for _number in range(20):
            services.notify(event, [follower])
    assert smtp_server.received == []
    waiting = OutboxEmail.objects.filter(status=EmailStatus.QUEUED)
    assert waiting.count() == 20
    assert all(row.attempts == 1 and row.last_error for row in waiting)

    smtp_server.start()
    # The wait is over; the periodic pass runs, twice (as two workers or two minutes would).
    OutboxEmail.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    outbox_send_due()
    outbox_send_due()
    assert len(smtp_server.received) == 20
    assert {rcpt[0] for rcpt, _message in smtp_server.received} == {follower.email}
    assert len({message["Message-ID"] for _rcpt, message in smtp_server.received}) == 20
    assert OutboxEmail.objects.filter(status=EmailStatus.SENT).count() == 20

"""The private Atom feeds (NO-4): a secret address shows what its owner may see today, and
nothing once the secret is replaced, the account closed or the community left."""

from xml.etree import ElementTree

from django.urls import reverse
from django.utils import timezone

from collegium.blogs.tests.factories import make_post
from collegium.forums.tests.factories import make_thread
from collegium.notifications import services
from collegium.notifications.choices import Audience, Kind
from collegium.notifications.tests.test_views import feed_url, leave, notification_for
from collegium.resources.tests.factories import make_collection, make_link

ATOM = "{http://www.w3.org/2005/Atom}"


def parsed(response) -> ElementTree.Element:
    return ElementTree.fromstring(response.content)  # noqa: S314 (our own response)


def feed_entries(response) -> list[str | None]:
    return [entry.findtext(f"{ATOM}title") for entry in parsed(response).iter(f"{ATOM}entry")]


# Private feeds ----------------------------------------------------------------------------------


def test_the_notifications_feed_of_a_secret_address(client, reader, community):
    notification_for(reader, community=community, excerpt="<b>Hi</b> there")
    notification_for(reader, community=community, params={"actor": "x", "title": "Gone"})
    notification_for(
        reader, audience=Audience.RECIPIENT, kind=Kind.INVITED,
        params={"actor": "dr-leader", "community": "Sports medicine"},
    )  # fmt: skip
    response = client.get(feed_url(reader))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    titles = feed_entries(response)
    assert "dr-author replied to you in “Locum coverage in the north”." in titles
    assert "dr-leader invited you to join Sports medicine." in titles
    summaries = [entry.text for entry in parsed(response).iter(f"{ATOM}summary")]
    assert "&lt;b&gt;Hi&lt;/b&gt; there" in summaries, "plain text, escaped for HTML"
    leave(reader, community)
    titles = feed_entries(client.get(feed_url(reader)))
    assert titles == ["dr-leader invited you to join Sports medicine."]


def test_feeds_answer_404_to_unknown_and_replaced_secrets(client, reader, community):
    old_feed, old_community_feed = feed_url(reader), feed_url(reader, community)
    assert client.get(old_feed).status_code == 200
    assert client.get(reverse("notifications:feed", kwargs={"token": "guess"})).status_code == 404
    services.feed_token_reset(user=reader)
    assert client.get(old_feed).status_code == 404
    assert client.get(old_community_feed).status_code == 404
    assert client.get(feed_url(reader)).status_code == 200


def test_feeds_of_a_closed_account_answer_404(client, reader, community):
    url = feed_url(reader, community)
    reader.is_active = False
    reader.save(update_fields=["is_active"])
    assert client.get(url).status_code == 404
    assert client.get(feed_url(reader)).status_code == 404


def test_the_community_feed_shows_what_its_owner_reads(client, reader, leader, author, community):
    thread = make_thread(community, author, title="Night calls")
    removed = make_thread(community, author, title="Removed thread")
    removed.removed_at = timezone.now()
    removed.save(update_fields=["removed_at"])
    make_post(community, leader, title="Winter locums")
    make_post(community, leader, title="A draft", publication="draft")
    make_link(make_collection(community, leader), leader, title="Rural guide")
    response = client.get(feed_url(reader, community))
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex"
    assert "no-store" in response["Cache-Control"]
    titles = feed_entries(response)
    assert {"Night calls", "Winter locums", "Rural guide"} <= set(titles)
    assert "Removed thread" not in titles and "A draft" not in titles
    assert thread.get_absolute_url() in response.content.decode()


def test_the_community_feed_answers_404_once_its_owner_left(
    client, reader, community, other_community
):
    url = feed_url(reader, community)
    assert client.get(feed_url(reader, other_community)).status_code == 404
    leave(reader, community)
    assert client.get(url).status_code == 404

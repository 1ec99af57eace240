from datetime import timedelta
from xml.etree import ElementTree

from django.urls import reverse
from django.utils import timezone, translation

from collegium.blogs import services
from collegium.blogs.choices import Publication
from collegium.blogs.models import guest_disclaimer
from collegium.blogs.tests.factories import make_association_post, make_post
from collegium.core.testing import assert_flat_query_count

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _feed_url(community, language="en"):
    with translation.override(language):
        return reverse("blogs:feed", args=[community.slug])


def _entries(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    # Our own feed, just rendered: trusted input.
    return ElementTree.fromstring(response.content).findall(f"{ATOM}entry")  # noqa: S314


def test_a_public_blogs_feed_is_read_anonymously_with_full_entries(
    client, public_community, leader
):
    post = make_post(public_community, leader, summary="Short summary", tags="rural, call")
    entries = _entries(client.get(_feed_url(public_community)))
    assert len(entries) == 1
    entry = entries[0]
    assert entry.findtext(f"{ATOM}title") == post.title_en
    assert entry.find(f"{ATOM}author").findtext(f"{ATOM}name") == leader.username
    assert entry.findtext(f"{ATOM}published")
    assert entry.findtext(f"{ATOM}updated")
    assert sorted(c.get("term") for c in entry.findall(f"{ATOM}category")) == ["call", "rural"]
    assert entry.get(XML_LANG) == "en"
    content = entry.find(f"{ATOM}content")
    assert content.get("type") == "html"
    assert "What the new locum program covers" in content.text
    assert entry.find(f"{ATOM}link").get("href").endswith(post.get_absolute_url())


def test_a_private_blogs_feed_is_404_for_everyone_members_included(
    client, community, leader, participant, staff
):
    make_post(community, leader)
    for person in (None, participant, leader, staff):
        if person:
            client.force_login(person)
        assert client.get(_feed_url(community)).status_code == 404


def test_drafts_scheduled_and_deleted_posts_never_reach_a_feed(client, public_community, leader):
    make_post(public_community, leader, title="Draft one", publication=Publication.DRAFT)
    make_post(
        public_community,
        leader,
        title="Scheduled one",
        publication=Publication.SCHEDULE,
        publish_at=timezone.now() + timedelta(days=1),
    )
    deleted = make_post(public_community, leader, title="Deleted one")
    services.blog_post_delete(actor=leader, post=deleted)
    make_post(public_community, leader, title="Published one")
    for url in (_feed_url(public_community), reverse("blogs:latest_feed")):
        titles = [entry.findtext(f"{ATOM}title") for entry in _entries(client.get(url))]
        assert titles == ["Published one"], url


def test_the_site_feed_holds_public_blogs_only(client, community, public_community, leader):
    make_post(community, leader, title="Private words")
    make_post(public_community, leader, title="Public words")
    titles = [
        e.findtext(f"{ATOM}title") for e in _entries(client.get(reverse("blogs:latest_feed")))
    ]
    assert titles == ["Public words"]


def test_guest_entries_carry_the_disclaimer_in_the_feeds_language(client, public_community, leader):
    make_post(public_community, leader, guest=services.GuestAuthor(name="Dr. Ada Expert"))
    for language in ("en", "fr"):
        entry = _entries(client.get(_feed_url(public_community, language)))[0]
        assert guest_disclaimer(language) in entry.find(f"{ATOM}content").text
        assert guest_disclaimer(language) in entry.findtext(f"{ATOM}summary")
        assert entry.find(f"{ATOM}author").findtext(f"{ATOM}name") == "Dr. Ada Expert"


def test_an_association_post_is_in_the_feeds_language(client, public_community, staff):
    make_association_post(public_community, staff)
    english = _entries(client.get(_feed_url(public_community, "en")))[0]
    french = _entries(client.get(_feed_url(public_community, "fr")))[0]
    assert english.findtext(f"{ATOM}title") == "Our brief on physician workload"
    assert french.findtext(f"{ATOM}title") == "Notre mémoire sur la charge de travail"
    assert french.get(XML_LANG) == "fr"


def test_the_blog_page_of_a_public_blog_links_its_feed(client, public_community):
    page = client.get(reverse("blogs:community_blog", args=[public_community.slug]))
    assert 'type="application/atom+xml"' in page.content.decode()


def test_a_public_cover_is_served_to_anonymous_readers_only_once_published(
    client, public_community, leader
):
    from collegium.blogs.tests.test_services import _png

    post = make_post(
        public_community,
        leader,
        publication=Publication.DRAFT,
        cover=services.Cover(upload=_png(), alt="A clinic"),
    )
    url = post.cover.get_absolute_url()
    assert client.get(url).status_code == 404
    services.blog_post_publish(actor=leader, post=post)
    assert client.get(url).status_code == 200


def test_an_image_in_a_public_post_is_served_to_anonymous_readers_only_once_published(
    client, public_community, leader
):
    from collegium.blogs.tests.test_services import _png
    from collegium.editor.services import attachment_upload

    image = attachment_upload(actor=leader, community=public_community, upload=_png())
    post = make_post(
        public_community,
        leader,
        publication=Publication.DRAFT,
        body=f"A clinic:\n\n![The waiting room]({image.get_absolute_url()})",
    )
    other = attachment_upload(actor=leader, community=public_community, upload=_png())
    url = image.get_absolute_url()
    assert client.get(url).status_code == 404
    services.blog_post_publish(actor=leader, post=post)
    assert client.get(url).status_code == 200
    # An image that no published post shows stays private.
    assert client.get(other.get_absolute_url()).status_code == 404


def test_the_feeds_cost_the_same_queries_with_more_posts(client, public_community, leader):
    make_post(public_community, leader, tags="one")

    def grow():
        for number in range(10):
            make_post(
                public_community,
                leader,
                title=f"Post {number}",
                tags=f"t{number}",
                guest=services.GuestAuthor(name="Dr. Guest") if number % 2 else None,
            )

    assert_flat_query_count(lambda: client.get(_feed_url(public_community)), grow)
    assert_flat_query_count(lambda: client.get(reverse("blogs:latest_feed")), grow)

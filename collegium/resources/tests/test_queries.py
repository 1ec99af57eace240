"""Pages cost the same number of queries however much the library holds (scale, STYLE.md)."""

from django.urls import reverse

from collegium.core.testing import assert_flat_query_count
from collegium.resources import services
from collegium.resources.tests.factories import make_collection, make_file, make_link


def test_the_library_page_costs_the_same_with_more_collections_and_resources(
    client, community, collection, leader, uploader, reader
):
    make_link(collection, uploader, tags="rural")
    client.force_login(reader)
    url = reverse("resources:library", args=[community.slug])

    def grow():
        for number in range(6):
            parent = make_collection(community, leader, title=f"Collection {number}")
            child = make_collection(community, leader, title=f"Sub {number}", parent=parent)
            for item in range(3):
                make_link(child, uploader, title=f"Link {item}", tags=f"t{number}, t{item}")
            make_file(parent, uploader, name=f"guide-{number}.pdf")

    assert_flat_query_count(lambda: client.get(url), grow)


def test_a_collection_page_costs_the_same_with_more_resources(
    client, community, collection, leader, uploader, reader
):
    make_link(collection, uploader)
    make_collection(community, leader, title="Sub", parent=collection)
    client.force_login(reader)
    url = collection.get_absolute_url()

    def grow():
        for number in range(30):
            make_link(collection, uploader, title=f"Link {number}", tags=f"t{number}")
        make_collection(community, leader, title="Another sub", parent=collection)

    for sort in ("newest", "title", "downloads"):
        assert_flat_query_count(lambda s=sort: client.get(url, {"sort": s}), lambda: None)
    assert_flat_query_count(lambda: client.get(url), grow)


def test_a_resource_page_costs_the_same_with_more_comments(
    client, collection, uploader, reader, leader
):
    resource = make_file(collection, uploader, tags="rural, call")
    services.resource_comment_add(actor=reader, resource=resource, body="First")
    client.force_login(reader)
    url = resource.get_absolute_url()

    def grow():
        for number in range(20):
            author = (uploader, reader, leader)[number % 3]
            services.resource_comment_add(actor=author, resource=resource, body=f"Comment {number}")

    assert_flat_query_count(lambda: client.get(url), grow)

import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from collegium.communities.choices import CommunityStatus
from collegium.communities.models import Community
from collegium.communities.tests.factories import make_community
from collegium.resources import services
from collegium.resources.choices import PreviewStatus, ResourceKind
from collegium.resources.models import Collection, Resource
from collegium.resources.tests.factories import make_collection, make_file, make_link, pdf_bytes


def _codes(error: ValidationError, field: str) -> list[str | None]:
    return [e.code for e in error.error_dict[field]]


def _archive(community):
    Community.objects.filter(pk=community.pk).update(status=CommunityStatus.ARCHIVED)
    community.refresh_from_db()
    return community


# Collections ----------------------------------------------------------------------------------


def test_collections_hold_one_level_of_sub_collections(community, leader, collection):
    sub = make_collection(community, leader, title="Rural practice", parent=collection)

    with pytest.raises(ValidationError) as caught:
        make_collection(community, leader, title="Too deep", parent=sub)

    assert _codes(caught.value, "parent") == ["too_deep"]
    assert "sub-collections cannot hold collections" in caught.value.messages[0]
    assert not Collection.objects.filter(title="Too deep").exists()


def test_a_collection_with_sub_collections_cannot_go_inside_another(community, leader, collection):
    make_collection(community, leader, title="Rural practice", parent=collection)
    other = make_collection(community, leader, title="Videos")

    with pytest.raises(ValidationError) as caught:
        services.collection_edit(actor=leader, collection=collection, title="Guides", parent=other)

    assert _codes(caught.value, "parent") == ["has_children"]


def test_a_collection_cannot_take_a_parent_from_another_library(community, leader, collection):
    elsewhere = make_community("Elsewhere", leaders=[leader])
    other = make_collection(elsewhere, leader, title="Theirs")

    with pytest.raises(ValidationError) as caught:
        make_collection(community, leader, title="Mine", parent=other)

    assert _codes(caught.value, "parent") == ["invalid"]


def test_collection_addresses_are_unique_in_a_library(community, leader, collection):
    again = make_collection(community, leader, title="Guides")
    new = make_collection(community, leader, title="New")

    assert (collection.slug, again.slug, new.slug) == ("guides", "guides-2", "new-collection")


def test_only_leaders_and_staff_arrange_the_library(community, uploader, staff):
    with pytest.raises(PermissionDenied):
        make_collection(community, uploader, title="Mine")
    assert make_collection(community, staff, title="Association guides").pk


def test_an_empty_collection_is_deleted_but_not_one_that_holds_something(
    community, leader, collection, uploader
):
    sub = make_collection(community, leader, title="Rural practice", parent=collection)
    resource = make_file(sub, uploader)

    with pytest.raises(ValidationError) as caught:
        services.collection_delete(actor=leader, collection=collection)
    assert caught.value.code == "has_children"
    with pytest.raises(ValidationError) as caught:
        services.collection_delete(actor=leader, collection=sub)
    assert caught.value.code == "not_empty"
    assert "1 resource" in caught.value.messages[0]

    services.resource_delete(actor=uploader, resource=resource)
    services.collection_delete(actor=leader, collection=sub)

    assert not Collection.objects.filter(pk=sub.pk).exists()
    assert not Resource.objects.filter(pk=resource.pk).exists()


def test_deleting_a_collection_removes_the_files_of_its_deleted_resources(
    community, leader, collection, uploader, media, django_capture_on_commit_callbacks
):
    resource = make_file(collection, uploader)
    services.resource_delete(actor=uploader, resource=resource)

    with django_capture_on_commit_callbacks(execute=True):
        services.collection_delete(actor=leader, collection=collection)

    assert [path for path in media.rglob("*") if path.is_file()] == []


# Adding resources -----------------------------------------------------------------------------


def test_participants_add_resources_only_where_the_community_allows_it(leader, uploader, reader):
    closed = make_community("Closed library", leaders=[leader], participants=[uploader])
    guides = make_collection(closed, leader)

    with pytest.raises(PermissionDenied) as caught:
        make_link(guides, uploader)
    assert "leaders add resources" in str(caught.value)

    assert make_link(guides, leader).added_by == leader
    Community.objects.filter(pk=closed.pk).update(participants_may_upload=True)
    guides.community.refresh_from_db()
    assert make_link(guides, uploader, title="Mine").added_by == uploader
    with pytest.raises(PermissionDenied):
        make_link(guides, reader, title="Not a participant")


def test_people_outside_the_community_cannot_add(collection, outsider):
    with pytest.raises(PermissionDenied):
        make_file(collection, outsider)
    assert not Resource.objects.exists()


def test_an_archived_communitys_library_is_read_only(community, collection, leader, uploader):
    resource = make_link(collection, uploader)
    _archive(community)
    collection.community = community
    resource.collection.community = community

    for attempt in (
        lambda: make_link(collection, leader, title="Late"),
        lambda: make_file(collection, leader),
        lambda: make_collection(community, leader, title="Late"),
        lambda: services.resource_edit(actor=uploader, resource=resource, title="Changed"),
        lambda: services.resource_delete(actor=leader, resource=resource),
    ):
        with pytest.raises(PermissionDenied) as caught:
            attempt()
        assert "archived" in str(caught.value)
    resource.refresh_from_db()
    assert resource.title == "Rural guide" and resource.deleted_at is None


def test_a_file_is_stored_under_a_random_name_with_its_type_from_its_content(collection, uploader):
    resource = make_file(collection, uploader, name="../../etc/Call schedule.exe")

    assert resource.kind == ResourceKind.FILE
    assert resource.content_type == "application/pdf" and resource.file_kind == "pdf"
    assert resource.original_name == "Call schedule.pdf"
    assert resource.title == "Call schedule"
    assert resource.file.name == f"resources/{resource.uuid.hex[:2]}/{resource.uuid.hex}.pdf"
    assert resource.size == len(pdf_bytes())
    assert resource.preview_status == PreviewStatus.PENDING


def test_two_files_with_the_same_name_are_both_kept_the_second_as_title_2(
    collection, uploader, reader
):
    first = make_file(collection, uploader, data=pdf_bytes("First"))
    second = make_file(collection, reader, data=pdf_bytes("Second"))
    third = make_file(collection, reader, data=pdf_bytes("Third"), title="CALL-SCHEDULES")

    assert first.title == "call-schedules" and not first.title_was_taken
    assert second.title == "call-schedules (2)"
    assert second.title_was_taken == "call-schedules"
    assert third.title == "CALL-SCHEDULES (3)"
    assert first.file.name != second.file.name
    assert first.file.read() != second.file.read()


def test_a_title_taken_by_a_deleted_resource_is_free_again(collection, uploader):
    first = make_link(collection, uploader)
    services.resource_delete(actor=uploader, resource=first)

    assert make_link(collection, uploader).title == "Rural guide"


def test_the_same_title_in_another_collection_is_fine(community, leader, collection, uploader):
    other = make_collection(community, leader, title="Videos")
    make_link(collection, uploader)

    assert make_link(other, uploader).title == "Rural guide"


def test_a_double_submit_adds_one_resource(collection, uploader):
    key = uuid.uuid4()
    first = make_file(collection, uploader, submission_key=key)
    again = make_file(collection, uploader, submission_key=key)

    assert first.pk == again.pk and Resource.objects.count() == 1


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(document.cookie)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "ftp://files.example.org/guide.pdf",
        "vbscript:msgbox(1)",
        "//example.org/guide",
        "example.org/guide",
    ],
)
def test_links_are_http_or_https_only(collection, uploader, url):
    with pytest.raises(ValidationError) as caught:
        make_link(collection, uploader, url=url)

    assert _codes(caught.value, "url") == ["scheme"]
    assert "https://" in caught.value.error_dict["url"][0].messages[0]
    assert not Resource.objects.exists()


def test_a_malformed_web_address_is_refused(collection, uploader):
    with pytest.raises(ValidationError) as caught:
        make_link(collection, uploader, url="https://exa mple.org/")

    assert _codes(caught.value, "url") == ["invalid"]


def test_a_link_without_title_is_named_after_its_website(collection, uploader):
    link = make_link(collection, uploader, url="https://www.cma.ca/guide?x=1", title="")

    assert link.title == "cma.ca" and link.domain == "cma.ca"


def test_too_many_tags_are_refused_next_to_the_tags(collection, uploader):
    with pytest.raises(ValidationError) as caught:
        make_link(collection, uploader, tags=",".join(f"tag{n}" for n in range(12)))

    assert _codes(caught.value, "tags") == ["too_many"]


def test_the_description_is_rendered_as_safe_markdown(collection, uploader):
    link = make_link(collection, uploader, description="**Read** this <script>alert(1)</script>")

    assert "<strong>Read</strong>" in link.description_html
    assert "<script>" not in link.description_html


# Editing and deleting -------------------------------------------------------------------------


def test_the_person_who_added_a_resource_and_leaders_edit_it_others_do_not(
    collection, uploader, reader, leader
):
    link = make_link(collection, uploader, tags="rural")

    services.resource_edit(
        actor=uploader, resource=link, title="Rural guide, 2026", tags="rural, call"
    )
    services.resource_edit(
        actor=leader, resource=link, title="Rural guide 2026", url="https://example.org/new"
    )
    with pytest.raises(PermissionDenied):
        services.resource_edit(actor=reader, resource=link, title="Mine now")
    with pytest.raises(PermissionDenied):
        services.resource_delete(actor=reader, resource=link)

    link.refresh_from_db()
    assert (link.title, link.url) == ("Rural guide 2026", "https://example.org/new")


def test_an_edit_refuses_a_title_the_collection_has(collection, uploader):
    make_link(collection, uploader, title="Taken")
    link = make_link(collection, uploader)

    with pytest.raises(ValidationError) as caught:
        services.resource_edit(actor=uploader, resource=link, title="TAKEN")

    assert _codes(caught.value, "title") == ["taken"]


def test_an_edit_moves_a_resource_within_its_library_only(community, collection, uploader, leader):
    videos = make_collection(community, leader, title="Videos")
    elsewhere = make_collection(make_community("Other", leaders=[leader]), leader)
    link = make_link(collection, uploader)

    services.resource_edit(actor=uploader, resource=link, title=link.title, collection=videos)
    with pytest.raises(ValidationError) as caught:
        services.resource_edit(
            actor=uploader, resource=link, title=link.title, collection=elsewhere
        )

    assert _codes(caught.value, "collection") == ["invalid"]
    link.refresh_from_db()
    assert link.collection == videos


def test_a_deleted_resource_cannot_be_changed_or_commented(collection, uploader, reader):
    link = make_link(collection, uploader)
    services.resource_delete(actor=uploader, resource=link)

    with pytest.raises(PermissionDenied):
        services.resource_edit(actor=uploader, resource=link, title="Back")
    with pytest.raises(PermissionDenied):
        services.resource_comment_add(actor=reader, resource=link, body="Hello")


def test_downloads_are_counted_in_the_database(collection, uploader):
    resource = make_file(collection, uploader)

    for _time in range(3):
        services.resource_count_download(resource=resource)

    resource.refresh_from_db()
    assert resource.download_count == 3


# Comments -------------------------------------------------------------------------------------


def test_participants_comment_and_authors_delete_their_comments(collection, uploader, reader):
    link = make_link(collection, uploader)
    comment = services.resource_comment_add(actor=reader, resource=link, body="Useful, thanks")

    assert "<p>Useful, thanks</p>" in comment.body_html
    with pytest.raises(PermissionDenied):
        services.resource_comment_delete(actor=uploader, comment=comment)
    services.resource_comment_delete(actor=reader, comment=comment)

    comment.refresh_from_db()
    assert comment.is_deleted


def test_outsiders_cannot_comment(collection, uploader, outsider):
    link = make_link(collection, uploader)

    with pytest.raises(PermissionDenied):
        services.resource_comment_add(actor=outsider, resource=link, body="Hello")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_no_collection_can_take_the_address_of_the_new_collection_page(language):
    from django.urls import reverse
    from django.utils import translation

    with translation.override(language):
        address = reverse("resources:collection_create", kwargs={"slug": "any"})

    assert address.rstrip("/").rsplit("/", 1)[-1] in services.RESERVED_SLUGS

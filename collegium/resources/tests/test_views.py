import uuid

import pytest
from django.urls import reverse

from collegium.communities.choices import CommunityStatus, DirectoryVisibility
from collegium.communities.models import Community
from collegium.core import sample_media
from collegium.resources import services
from collegium.resources.models import Resource, ResourceComment
from collegium.resources.tests.factories import make_collection, make_file, make_link


@pytest.fixture
def pdf(collection, uploader, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return make_file(collection, uploader)


@pytest.fixture
def comment(pdf, reader):
    return services.resource_comment_add(actor=reader, resource=pdf, body="Thanks for this")


def _pages(community, collection, resource):
    slug = community.slug
    return [
        reverse("resources:library", args=[slug]),
        collection.get_absolute_url(),
        resource.get_absolute_url(),
        reverse("resources:resource_add", args=[slug]),
    ]


def _files(resource):
    return [resource.file_url, resource.download_url, resource.preview_url]


# Who sees what --------------------------------------------------------------------------------


def test_participants_leaders_and_staff_read_the_library_and_its_files(
    client, community, collection, pdf, uploader, reader, leader, staff, moderator
):
    for person in (uploader, reader, leader, staff, moderator):
        client.force_login(person)
        for url in [*_pages(community, collection, pdf), *_files(pdf)]:
            assert client.get(url).status_code == 200, (person, url)


@pytest.mark.parametrize("visibility", [DirectoryVisibility.HIDDEN, DirectoryVisibility.PUBLIC])
def test_outsiders_and_anonymous_visitors_get_404_on_pages_and_files(
    client, community, collection, pdf, comment, outsider, visibility
):
    Community.objects.filter(pk=community.pk).update(visibility=visibility)
    slug = community.slug
    for person in (outsider, None):
        client.logout()
        if person is not None:
            client.force_login(person)
        urls = [
            *_pages(community, collection, pdf),
            *_files(pdf),
            reverse("resources:resource_edit", args=[slug, pdf.pk]),
            reverse("resources:resource_delete", args=[slug, pdf.pk]),
            reverse("resources:collection_edit", args=[slug, collection.slug]),
            reverse("resources:comment_edit", args=[slug, comment.pk]),
        ]
        for url in urls:
            response = client.get(url)
            if person is None and url.endswith(("/add/", "/edit/", "/delete/")):
                assert response.status_code in (302, 404), url
            else:
                assert response.status_code == 404, (person, url)
        assert client.head(pdf.file_url).status_code == 404
    client.force_login(outsider)
    response = client.post(
        reverse("resources:comment_add", args=[slug, pdf.pk]), {"body": "Let me in"}
    )
    assert response.status_code == 404
    assert ResourceComment.objects.count() == 1
    pdf.refresh_from_db()
    assert pdf.download_count == 0


def test_a_resource_of_another_community_is_404_under_this_ones_address(
    client, community, pdf, reader, leader
):
    other = make_community_with(reader, leader)
    client.force_login(reader)

    assert client.get(reverse("resources:resource", args=[other.slug, pdf.pk])).status_code == 404
    file_url = reverse("resources:file", args=[other.slug, pdf.uuid, "x.pdf"])
    assert client.get(file_url).status_code == 404


def make_community_with(*people):
    from collegium.communities.tests.factories import make_community

    return make_community("Elsewhere", participants=list(people))


def test_an_unknown_file_is_404(client, community, reader):
    client.force_login(reader)
    url = reverse("resources:file", args=[community.slug, uuid.uuid4(), "guide.pdf"])
    assert client.get(url).status_code == 404


def test_deleted_resources_vanish_from_every_page_and_address(
    client, community, collection, pdf, uploader, reader, staff
):
    link = make_link(collection, uploader)
    services.resource_delete(actor=uploader, resource=pdf)
    for person in (reader, staff):
        client.force_login(person)
        library = client.get(reverse("resources:library", args=[community.slug])).content.decode()
        listing = client.get(collection.get_absolute_url()).content.decode()
        assert "call-schedules" not in library and "call-schedules" not in listing
        assert "Rural guide" in library and "Rural guide" in listing
        assert "1 resource" in library
        for url in [pdf.get_absolute_url(), *_files(pdf)]:
            assert client.get(url).status_code == 404, url
    assert link.pk


def test_only_the_author_and_leaders_open_edit_and_delete(
    client, community, pdf, uploader, reader, leader
):
    slug = community.slug
    for person, status in ((uploader, 200), (leader, 200), (reader, 404)):
        client.force_login(person)
        for name in ("resources:resource_edit", "resources:resource_delete"):
            assert client.get(reverse(name, args=[slug, pdf.pk])).status_code == status


def test_only_leaders_and_staff_open_the_collection_pages(
    client, community, collection, leader, staff, uploader
):
    slug = community.slug
    urls = [
        reverse("resources:collection_create", args=[slug]),
        reverse("resources:collection_edit", args=[slug, collection.slug]),
        reverse("resources:collection_delete", args=[slug, collection.slug]),
    ]
    for person, status in ((leader, 200), (staff, 200), (uploader, 404)):
        client.force_login(person)
        for url in urls:
            assert client.get(url).status_code == status, (person, url)


def test_participants_of_a_closed_library_are_told_who_adds(client, community, collection, reader):
    Community.objects.filter(pk=community.pk).update(participants_may_upload=False)
    client.force_login(reader)

    response = client.get(reverse("resources:resource_add", args=[community.slug]))

    assert response.status_code == 200
    assert "leaders add resources" in response.content.decode()
    assert 'type="file"' not in response.content.decode()


def test_an_archived_library_is_read_only_on_its_pages(client, community, collection, pdf, leader):
    Community.objects.filter(pk=community.pk).update(status=CommunityStatus.ARCHIVED)
    client.force_login(leader)

    library = client.get(reverse("resources:library", args=[community.slug])).content.decode()
    page = client.get(pdf.get_absolute_url()).content.decode()

    assert "archived" in library and "Add a resource" not in library
    assert "archived" in page and 'id="comment-form"' not in page
    assert (
        client.get(reverse("resources:collection_create", args=[community.slug])).status_code == 404
    )


# Files: headers and download counts -----------------------------------------------------------


def test_a_pdf_is_always_downloaded_with_safe_headers(client, pdf, reader):
    client.force_login(reader)

    response = client.get(pdf.file_url)

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="call-schedules.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_office_documents_are_downloaded(client, collection, uploader, reader):
    document = make_file(
        collection,
        uploader,
        data=sample_media.docx_document(["Procès-verbal"]),
        name="minutes.docx",
    )
    client.force_login(reader)

    response = client.get(document.file_url)

    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("data", "name", "content_type"),
    [
        (sample_media.png_image(width=80, height=60), "chart.png", "image/webp"),
        (sample_media.webm_video(seconds=0.5, fps=4), "talk.webm", "video/webm"),
        (sample_media.wav_audio(seconds=0.2), "tone.wav", "audio/wav"),
    ],
    ids=["image", "video", "audio"],
)
def test_images_video_and_audio_open_in_the_browser_unless_downloaded(
    client, collection, uploader, reader, data, name, content_type
):
    resource = make_file(collection, uploader, data=data, name=name)
    client.force_login(reader)

    shown = client.get(resource.file_url)
    downloaded = client.get(resource.download_url)

    assert shown["Content-Type"] == content_type
    assert shown["Content-Disposition"].startswith("inline")
    assert shown["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert shown["X-Content-Type-Options"] == "nosniff"
    assert downloaded["Content-Disposition"].startswith("attachment")


def test_a_video_is_served_by_ranges_for_the_player(client, collection, uploader, reader):
    data = sample_media.webm_video(seconds=0.5, fps=4)
    video = make_file(collection, uploader, data=data, name="talk.webm")
    client.force_login(reader)

    response = client.get(video.file_url, headers={"Range": "bytes=10-19"})

    assert response.status_code == 206
    assert b"".join(response.streaming_content) == data[10:20]


def test_full_downloads_and_ranges_from_the_start_are_counted_once_each(client, pdf, reader):
    client.force_login(reader)

    client.get(pdf.download_url)
    client.get(pdf.file_url, headers={"Range": "bytes=0-"})
    client.get(pdf.file_url, headers={"Range": "bytes=100-200"})
    client.head(pdf.file_url)
    client.get(pdf.preview_url)

    pdf.refresh_from_db()
    assert pdf.download_count == 2


def test_the_page_shows_the_download_button_with_size_and_type(client, pdf, reader):
    client.force_login(reader)
    client.get(pdf.download_url)

    html = client.get(pdf.get_absolute_url()).content.decode()

    assert f'href="{pdf.download_url}"' in html
    assert "· PDF document, 1.0" in html
    assert "<dt>Downloads</dt><dd>1</dd>" in html


# The item page --------------------------------------------------------------------------------


def test_a_pdf_shows_its_first_page_as_an_image(client, pdf, reader):
    client.force_login(reader)

    html = client.get(pdf.get_absolute_url()).content.decode()

    assert f'<img src="{pdf.preview_url}" alt="First page of call-schedules"' in html


def test_a_preview_not_made_yet_says_so(client, collection, uploader, reader):
    resource = make_file(collection, uploader)  # the worker has not run
    client.force_login(reader)

    html = client.get(resource.get_absolute_url()).content.decode()

    assert "Preview being prepared" in html
    assert client.get(resource.preview_url).status_code == 404


def test_a_video_and_an_audio_file_get_a_player(client, collection, uploader, reader):
    video = make_file(
        collection, uploader, data=sample_media.webm_video(seconds=0.5), name="talk.webm"
    )
    audio = make_file(collection, uploader, data=sample_media.wav_audio(), name="tone.wav")
    client.force_login(reader)

    video_page = client.get(video.get_absolute_url()).content.decode()
    audio_page = client.get(audio.get_absolute_url()).content.decode()

    assert (
        f'<video class="resource__player" controls preload="metadata" src="{video.file_url}"'
        in (video_page)
    )
    assert (
        f'<audio class="resource__player" controls preload="metadata" src="{audio.file_url}"'
        in (audio_page)
    )


def test_a_link_leads_out_with_its_domain_shown(client, collection, uploader, reader):
    link = make_link(collection, uploader, url="https://www.example.org/guide?a=1&b=2")
    client.force_login(reader)

    html = client.get(link.get_absolute_url()).content.decode()

    assert 'href="https://www.example.org/guide?a=1&amp;b=2" rel="nofollow ugc noopener"' in html
    assert "Open the page on example.org" in html


def test_user_content_carries_its_language(client, collection, uploader, reader):
    link = make_link(collection, uploader, title="Guide rural", language="fr", description="Lu")
    client.force_login(reader)

    html = client.get(link.get_absolute_url()).content.decode()

    assert '<h1 id="resource-title" lang="fr">Guide rural</h1>' in html
    assert 'class="prose resource__description" lang="fr"' in html


# Comments -------------------------------------------------------------------------------------


def test_a_participant_comments_and_the_comment_shows(client, pdf, reader):
    client.force_login(reader)
    url = reverse("resources:comment_add", args=[pdf.collection.community.slug, pdf.pk])

    response = client.post(url, {"body": "Very useful", "submission_key": str(uuid.uuid4())})

    comment = ResourceComment.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#{comment.anchor}")
    assert "Very useful" in client.get(pdf.get_absolute_url()).content.decode()


def test_an_empty_comment_is_refused_on_the_page(client, pdf, reader):
    client.force_login(reader)
    url = reverse("resources:comment_add", args=[pdf.collection.community.slug, pdf.pk])

    response = client.post(url, {"body": "   "})

    assert response.status_code == 200
    assert 'id="id_body_error"' in response.content.decode()
    assert not ResourceComment.objects.exists()


def test_the_author_edits_and_deletes_their_comment(client, comment, reader):
    slug = comment.resource.collection.community.slug
    client.force_login(reader)

    client.post(reverse("resources:comment_edit", args=[slug, comment.pk]), {"body": "Edited"})
    client.post(reverse("resources:comment_delete", args=[slug, comment.pk]))

    comment.refresh_from_db()
    assert comment.body == "Edited" and comment.is_deleted


# Collections ----------------------------------------------------------------------------------


def test_a_leader_creates_a_sub_collection_and_the_library_shows_it(
    client, community, collection, leader
):
    client.force_login(leader)
    url = reverse("resources:collection_create", args=[community.slug])

    response = client.post(url, {"title": "Rural practice", "parent": str(collection.pk)})

    assert response.status_code == 302
    html = client.get(reverse("resources:library", args=[community.slug])).content.decode()
    assert "Rural practice" in html


def test_a_sub_collection_is_not_offered_as_a_parent(client, community, collection, leader):
    sub = make_collection(community, leader, title="Rural practice", parent=collection)
    client.force_login(leader)
    url = reverse("resources:collection_create", args=[community.slug])

    response = client.post(url, {"title": "Too deep", "parent": str(sub.pk)})

    assert 'id="id_parent_error"' in response.content.decode()
    assert 'value="Too deep"' in response.content.decode()


def test_deleting_a_collection_that_holds_resources_says_what_to_do(
    client, community, collection, pdf, leader
):
    client.force_login(leader)
    url = reverse("resources:collection_delete", args=[community.slug, collection.slug])

    response = client.post(url)

    assert response.status_code == 200
    assert "Move it to another collection or delete it first" in response.content.decode()
    assert Resource.objects.filter(pk=pdf.pk).exists()


def test_the_collection_page_sorts_and_paginates(client, community, collection, uploader, reader):
    for number in range(27):
        make_link(collection, uploader, title=f"Guide {number:02d}")
    client.force_login(reader)

    first = client.get(collection.get_absolute_url(), {"sort": "title"}).content.decode()
    second = client.get(collection.get_absolute_url(), {"sort": "title", "page": "2"})

    assert "Guide 00" in first and "Guide 26" not in first
    assert "Guide 26" in second.content.decode()
    assert client.get(collection.get_absolute_url(), {"page": "x"}).status_code == 200


def test_the_library_filters_by_kind_language_and_tag(
    client, community, collection, pdf, uploader, reader
):
    make_link(collection, uploader, title="Guide rural", language="fr", tags="rural")
    client.force_login(reader)
    url = reverse("resources:library", args=[community.slug])

    links = client.get(url, {"kind": "link"}).content.decode()
    documents = client.get(url, {"kind": "document"}).content.decode()
    french = client.get(url, {"language": "fr"}).content.decode()
    tagged = client.get(url, {"tag": "rural"}).content.decode()

    assert "Guide rural" in links and "call-schedules" not in links
    assert "call-schedules" in documents and "Guide rural" not in documents
    assert "Guide rural" in french and "call-schedules" not in french
    assert "Guide rural" in tagged and "call-schedules" not in tagged

"""The library's pages are valid HTML according to the Nu HTML checker, in both languages."""

import shutil

import pytest
from django.urls import reverse
from django.utils import translation

from collegium.core import sample_media
from collegium.resources import services
from collegium.resources.tests.factories import make_collection, make_file, make_link
from tests.test_html_validity import _check, _french

pytestmark = pytest.mark.skipif(
    shutil.which("java") is None,
    reason="The Nu HTML checker needs Java: apt-get install default-jre-headless",
)


def test_library_pages_pass_the_nu_html_checker_in_both_languages(
    client, tmp_path, community, collection, leader, uploader, reader,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    sub = make_collection(community, leader, title="Rural practice", parent=collection)
    with django_capture_on_commit_callbacks(execute=True):
        pdf = make_file(collection, uploader, description="**Two** pages", tags="call, rural")
        image = make_file(sub, uploader, data=sample_media.png_image(), name="poster.png")
    video = make_file(sub, uploader, data=sample_media.webm_video(seconds=0.5), name="talk.webm")
    audio = make_file(sub, uploader, data=sample_media.wav_audio(), name="tone.wav")
    link = make_link(collection, uploader, url="https://example.org/?a=1&b=2", language="fr")
    comment = services.resource_comment_add(actor=uploader, resource=pdf, body="*Useful*")
    slug = community.slug
    with translation.override("en"):
        pages = [
            reverse("resources:library", args=[slug]),
            reverse("resources:library", args=[slug]) + "?kind=link&language=fr",
            collection.get_absolute_url(),
            sub.get_absolute_url() + "?sort=title",
            pdf.get_absolute_url(),
            image.get_absolute_url(),
            video.get_absolute_url(),
            audio.get_absolute_url(),
            link.get_absolute_url(),
            reverse("resources:resource_add", args=[slug]),
            reverse("resources:resource_edit", args=[slug, pdf.pk]),
            reverse("resources:resource_delete", args=[slug, pdf.pk]),
            reverse("resources:comment_edit", args=[slug, comment.pk]),
            reverse("resources:comment_delete", args=[slug, comment.pk]),
        ]
        leaders = [
            reverse("resources:collection_create", args=[slug]),
            reverse("resources:collection_edit", args=[slug, collection.slug]),
            reverse("resources:collection_delete", args=[slug, collection.slug]),
        ]
    client.force_login(uploader)
    _check(client, tmp_path, pages + [_french(url) for url in pages])
    client.force_login(leader)
    _check(client, tmp_path, leaders + [_french(url) for url in leaders])

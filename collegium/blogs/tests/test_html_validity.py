"""The blog pages are valid HTML according to the Nu HTML checker (tests/test_html_validity.py)."""

import shutil
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from collegium.blogs import services
from collegium.blogs.choices import Publication
from collegium.blogs.tests.factories import make_association_post, make_post
from tests.test_html_validity import _check, _french

pytestmark = pytest.mark.skipif(
    shutil.which("java") is None,
    reason="The Nu HTML checker needs Java: apt-get install default-jre-headless",
)


def test_blog_pages_pass_the_nu_html_checker_in_both_languages(
    client, tmp_path, public_community, leader, staff, participant
):
    from collegium.blogs.tests.test_services import _png

    community = public_community
    guest = make_post(
        community,
        leader,
        body="| a | b |\n| - | - |\n| 1 | 2 |",
        tags="rural, call",
        guest=services.GuestAuthor(name="Dr. Ada Expert", credentials="MD"),
        cover=services.Cover(upload=_png(), alt="A clinic in the snow"),
    )
    association = make_association_post(community, staff)
    make_post(
        community,
        leader,
        title="Later",
        publication=Publication.SCHEDULE,
        publish_at=timezone.now() + timedelta(days=1),
    )
    comment = services.blog_comment_add(actor=participant, post=guest, body="**Thanks**")
    services.blog_comment_add(actor=participant, post=association, body="Merci")
    slug = community.slug
    with translation.override("en"):
        writer_pages = [
            reverse("blogs:community_blog", args=[slug]),
            reverse("blogs:latest"),
            guest.get_absolute_url(),
            association.get_absolute_url() + "?read=fr",
            reverse("blogs:post_create", args=[slug]),
            reverse("blogs:association_post_create", args=[slug]),
            reverse("blogs:post_edit", args=[slug, guest.slug]),
            reverse("blogs:post_delete", args=[slug, guest.slug]),
        ]
        commenter_pages = [
            guest.get_absolute_url(),
            reverse("blogs:comment_edit", args=[slug, guest.slug, comment.pk]),
            reverse("blogs:comment_delete", args=[slug, guest.slug, comment.pk]),
        ]
    client.force_login(staff)
    _check(client, tmp_path, writer_pages + [_french(url) for url in writer_pages])
    client.force_login(participant)
    _check(client, tmp_path, commenter_pages + [_french(url) for url in commenter_pages])
    client.logout()
    _check(client, tmp_path, [guest.get_absolute_url()])

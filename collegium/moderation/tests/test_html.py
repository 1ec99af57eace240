"""The moderation pages are valid HTML according to the Nu HTML checker, in English and in French
(tests/test_html_validity.py)."""

import shutil

import pytest
from django.urls import reverse

from collegium.accounts.services import profile_ensure
from collegium.blogs import services as blogs_services
from collegium.blogs.tests.factories import make_post
from collegium.moderation import services
from collegium.moderation.choices import Category, TargetKind
from collegium.moderation.targets import TARGETS
from collegium.resources.tests.factories import make_collection, make_link
from tests.test_html_validity import _check, _french

pytestmark = pytest.mark.skipif(
    shutil.which("java") is None,
    reason="The Nu HTML checker needs Java: apt-get install default-jre-headless",
)


def _report(reporter, kind, obj, category=Category.PRIVACY, note="A patient's name & birth date."):
    return services.report_submit(
        reporter=reporter, target=TARGETS[kind], obj=obj, category=category, note=note
    )


def _both_languages(urls: list[str]) -> list[str]:
    return urls + [_french(url) for url in urls]


@pytest.fixture
def moderated(community, leader, community_moderator, author, reporter, second_reporter, reply):
    """Items of every kind, reported, acted on, one of them removed."""
    post = TARGETS[TargetKind.POST]
    # A reply reported twice, with a warning in between: reports, history and the post it
    # answers on its page.
    _report(reporter, TargetKind.POST, reply)
    services.author_warn(
        actor=leader, target=post, obj=reply, revision=None, note="Never name patients <here>."
    )
    _report(
        second_reporter, TargetKind.POST, reply, category=Category.ABUSIVE, note="Rude.\nTwice."
    )
    services.content_edit(
        actor=community_moderator, target=post, obj=reply, revision=None,
        text="Our patient had to wait.", note="A patient's name.",
    )  # fmt: skip
    # A blog post, reported and removed.
    blog_post = make_post(community, leader, title="Call schedules", body="What **changes**.")
    _report(reporter, TargetKind.BLOG_POST, blog_post, category=Category.COMMERCIAL)
    removal = services.content_remove(
        actor=community_moderator, target=TARGETS[TargetKind.BLOG_POST], obj=blog_post,
        revision=None, category=Category.COMMERCIAL, note="No advertising.",
    )  # fmt: skip
    services.action_undo(actor=leader, record=removal, note="It was an announcement.")
    # A comment on it, reported and removed; a resource, reported and waiting.
    comment = blogs_services.blog_comment_add(actor=author, post=blog_post, body="| a | b |")
    _report(reporter, TargetKind.BLOG_COMMENT, comment)
    services.content_remove(
        actor=leader, target=TARGETS[TargetKind.BLOG_COMMENT], obj=comment, revision=None,
        category=Category.PRIVACY, note="Never name patients.",
    )  # fmt: skip
    resource = make_link(
        make_collection(community, leader),
        leader,
        title="Locum contacts",
        description="Who to *call*.",
        language="fr",
    )
    _report(reporter, TargetKind.RESOURCE, resource, category=Category.OFF_TOPIC)
    # A profile, reported and waiting for the platform's moderators.
    profile = profile_ensure(user=author)
    profile.display_name, profile.background = "Dr. Author", "Rural practice.\n\nTwenty years."
    profile.save()
    _report(reporter, TargetKind.PROFILE, author, category=Category.ABUSIVE)
    return {"reply": reply, "blog_post": blog_post, "comment": comment, "resource": resource}


def test_the_reporters_pages_pass_the_nu_html_checker(
    client, tmp_path, moderated, reporter, second_reporter
):
    client.force_login(second_reporter)
    blog_post = moderated["blog_post"]
    _check(
        client,
        tmp_path,
        _both_languages(
            [
                reverse("moderation:report", args=[TargetKind.BLOG_POST, blog_post.pk]),
                reverse("moderation:report", args=[TargetKind.RESOURCE, moderated["resource"].pk]),
            ]
        ),
    )
    client.force_login(reporter)
    _check(
        client,
        tmp_path,
        _both_languages(
            [
                # Already reported: the page says so instead of showing the form.
                reverse("moderation:report", args=[TargetKind.POST, moderated["reply"].pk]),
                reverse("moderation:my_reports"),
            ]
        ),
    )


def test_the_community_moderators_pages_pass_the_nu_html_checker(
    client, tmp_path, moderated, community, leader
):
    client.force_login(leader)
    queue = reverse("moderation:community_queue", args=[community.slug])
    _check(
        client,
        tmp_path,
        _both_languages(
            [
                queue,
                f"{queue}?status=resolved",
                reverse("moderation:item", args=[TargetKind.POST, moderated["reply"].pk]),
                reverse("moderation:item", args=[TargetKind.BLOG_POST, moderated["blog_post"].pk]),
                reverse("moderation:item", args=[TargetKind.RESOURCE, moderated["resource"].pk]),
                reverse("moderation:item", args=[TargetKind.BLOG_COMMENT, moderated["comment"].pk]),
                reverse("moderation:community_log", args=[community.slug]),
            ]
        ),
    )


def test_the_platform_pages_pass_the_nu_html_checker(
    client, tmp_path, moderated, author, platform_moderator, administrator
):
    client.force_login(platform_moderator)
    queue = reverse("moderation:queue")
    _check(
        client,
        tmp_path,
        _both_languages(
            [
                queue,
                f"{queue}?status=resolved&category=commercial",
                reverse("moderation:item", args=[TargetKind.PROFILE, author.pk]),
            ]
        ),
    )
    client.force_login(administrator)
    _check(client, tmp_path, _both_languages([reverse("moderation:log")]))


def test_an_item_acted_on_without_reports_shows_how_it_was_handled(
    client, community, leader, reply
):
    services.content_remove(
        actor=leader, target=TARGETS[TargetKind.POST], obj=reply, revision=None,
        category=Category.PRIVACY,
    )  # fmt: skip
    client.force_login(leader)
    url = reverse("moderation:community_queue", args=[community.slug])
    page = client.get(url, {"status": "resolved"}).content.decode()
    row = page[page.index('id="case-') : page.index("</li>", page.index('id="case-'))]
    assert 'datetime=""' not in row
    assert "Removed" in row.split("Handled", 1)[1]

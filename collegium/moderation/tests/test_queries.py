"""The moderation pages, and the pages that hide removed content, cost the same number of
queries however much there is to show (scale, STYLE.md)."""

from itertools import count

import pytest
from django.urls import reverse

from collegium.accounts.services import profile_ensure
from collegium.accounts.tests.factories import verified_member
from collegium.blogs import services as blogs_services
from collegium.blogs.tests.factories import make_post
from collegium.communities.services import membership_add
from collegium.communities.tests.factories import make_community
from collegium.core.testing import assert_flat_query_count
from collegium.forums import services as forums_services
from collegium.moderation import services
from collegium.moderation.choices import Category, TargetKind
from collegium.moderation.targets import TARGETS
from collegium.resources import services as resources_services
from collegium.resources.tests.factories import make_collection, make_link

CATEGORIES = [Category.PRIVACY, Category.ABUSIVE, Category.OFF_TOPIC, Category.COMMERCIAL]
POST = TARGETS[TargetKind.POST]
numbers = count(1)


@pytest.fixture
def library(community, leader):
    return make_collection(community, leader, title="Guides")


@pytest.fixture
def blog_post(community, leader):
    return make_post(community, leader, title="Call schedules", body="What changes in March.")


@pytest.fixture
def resource(library, leader):
    return make_link(library, leader, url="https://example.org/locums", title="Locum contacts")


@pytest.fixture
def grow_items(thread, blog_post, resource, library, community, leader, author):
    """Makes one item of every kind, written by the author (blog posts and resources by the
    leader, who writes the blog and arranges the library), and returns them by kind."""

    def make(profiles: bool = True) -> list[tuple[str, object]]:
        number = next(numbers)
        items = [
            (
                TargetKind.POST,
                forums_services.post_reply(actor=author, thread=thread, body=f"Reply {number}"),
            ),
            (
                TargetKind.BLOG_POST,
                make_post(community, leader, title=f"Post {number}", body=f"Body {number}"),
            ),
            (
                TargetKind.BLOG_COMMENT,
                blogs_services.blog_comment_add(
                    actor=author, post=blog_post, body=f"Blog comment {number}"
                ),
            ),
            (
                TargetKind.RESOURCE,
                make_link(
                    library,
                    leader,
                    url=f"https://example.org/{number}",
                    title=f"Link {number}",
                    description=f"About link {number}",
                ),
            ),
            (
                TargetKind.RESOURCE_COMMENT,
                resources_services.resource_comment_add(
                    actor=author, resource=resource, body=f"Resource comment {number}"
                ),
            ),
        ]
        if profiles:
            person = verified_member(f"dr-person-{number}", f"5{number:06d}")
            profile = profile_ensure(user=person)
            profile.background = f"Background {number}"
            profile.save()
            membership_add(community, person)
            items.append((TargetKind.PROFILE, person))
        return items

    return make


def _report(reporters, items) -> None:
    for reporter in reporters:
        for number, (kind, obj) in enumerate(items):
            services.report_submit(
                reporter=reporter,
                target=TARGETS[kind],
                obj=obj,
                category=CATEGORIES[number % len(CATEGORIES)],
                note=f"Report {number}",
            )


REMOVED_AND_RESTORED = {TargetKind.POST}
WARNED = {TargetKind.BLOG_COMMENT, TargetKind.PROFILE}


def _act_on(actor, items) -> None:
    """A mix of actions on the items: removals, a removal undone, warnings."""
    for kind, obj in items:
        target = TARGETS[kind]
        if kind in WARNED:
            services.author_warn(
                actor=actor, target=target, obj=obj, revision=None, note="Mind your words."
            )
            continue
        record = services.content_remove(
            actor=actor, target=target, obj=obj, revision=None, category=Category.PRIVACY
        )
        if kind in REMOVED_AND_RESTORED:
            services.action_undo(actor=actor, record=record, note="On second thought.")


# The queues -----------------------------------------------------------------------------------


def test_the_platform_queue_costs_the_same_with_more_cases_of_every_kind(
    client, platform_moderator, reporter, second_reporter, grow_items
):
    _report([reporter], grow_items())
    client.force_login(platform_moderator)
    url = reverse("moderation:queue")
    page = client.get(url)
    assert page.content.count(b'class="card" id="case-') == 6

    def grow():
        for _ in range(3):
            _report([reporter, second_reporter], grow_items())

    assert_flat_query_count(lambda: client.get(url), grow)
    assert client.get(url).content.count(b'class="card" id="case-') == 24


def test_the_community_queue_costs_the_same_with_more_cases_of_every_kind(
    client, leader, community, reporter, second_reporter, grow_items
):
    _report([reporter], grow_items(profiles=False))
    client.force_login(leader)
    url = reverse("moderation:community_queue", args=[community.slug])
    assert client.get(url).content.count(b'class="card" id="case-') == 5

    def grow():
        for _ in range(3):
            _report([reporter, second_reporter], grow_items(profiles=False))

    assert_flat_query_count(lambda: client.get(url), grow)
    assert client.get(url).content.count(b'class="card" id="case-') == 20


def test_a_queue_of_handled_cases_costs_the_same_with_more_of_them(
    client, leader, community, reporter, grow_items
):
    items = grow_items(profiles=False)
    _report([reporter], items)
    _act_on(leader, items)
    client.force_login(leader)
    url = reverse("moderation:community_queue", args=[community.slug])

    def grow():
        for _ in range(3):
            more = grow_items(profiles=False)
            _report([reporter], more)
            _act_on(leader, more)

    assert_flat_query_count(lambda: client.get(url, {"status": "resolved"}), grow)


# One item -------------------------------------------------------------------------------------


def test_the_item_page_costs_the_same_with_more_reports_and_actions(
    client, community, leader, community_moderator, reporter, reply
):
    _report([reporter], [(TargetKind.POST, reply)])
    client.force_login(leader)
    url = reverse("moderation:item", args=[TargetKind.POST, reply.pk])
    assert client.get(url).status_code == 200

    def grow():
        people = []
        for _ in range(8):
            number = next(numbers)
            person = verified_member(f"dr-reporter-{number}", f"6{number:06d}")
            membership_add(community, person)
            people.append(person)
        _report(people, [(TargetKind.POST, reply)])
        services.case_dismiss(actor=community_moderator, target=POST, obj=reply, revision=None)
        removal = services.content_remove(
            actor=leader, target=POST, obj=reply, revision=None, category=Category.PRIVACY
        )
        services.action_undo(actor=community_moderator, record=removal)
        services.content_edit(
            actor=leader, target=POST, obj=reply, revision=None, text="Our patient waited.",
            note="A patient's name.",
        )  # fmt: skip
        services.author_warn(actor=leader, target=POST, obj=reply, revision=None, note="Please.")

    assert_flat_query_count(lambda: client.get(url), grow)
    page = client.get(url).content
    assert page.count(b"Reported by") == 9
    assert b"Edited by a moderator" in page


def test_the_item_page_of_a_post_costs_the_same_with_more_communities(
    client, leader, reporter, reply
):
    _report([reporter], [(TargetKind.POST, reply)])
    client.force_login(leader)
    url = reverse("moderation:item", args=[TargetKind.POST, reply.pk])

    def grow():
        for number in range(5):
            make_community(f"Elsewhere {next(numbers)}", leaders=[leader] if number % 2 else [])

    assert_flat_query_count(lambda: client.get(url), grow)


# The audit log --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who",
    [
        ("leader"),
        ("community_moderator"),
        "platform_moderator",
        "administrator",
    ],
)
def test_the_community_log_costs_the_same_with_more_actions(
    client, request, leader, community, grow_items, who
):
    _act_on(leader, grow_items(profiles=False))
    client.force_login(request.getfixturevalue(who))
    url = reverse("moderation:community_log", args=[community.slug])

    def grow():
        for _ in range(3):
            _act_on(leader, grow_items(profiles=False))

    assert_flat_query_count(lambda: client.get(url), grow)
    # Every action is a row: four removals (one undone, with its undo) and one warning each time.
    assert client.get(url).content.count(b'<tr id="action-') == 4 * 6


def test_the_administrators_log_costs_the_same_with_more_actions(
    client, administrator, platform_moderator, leader, foreign_community, outsider, grow_items
):
    _act_on(platform_moderator, grow_items())
    client.force_login(administrator)
    url = reverse("moderation:log")

    def grow():
        for _ in range(3):
            _act_on(platform_moderator, grow_items())
        # Elsewhere too: another community's actions are on the same log.
        thread = forums_services.thread_create(
            actor=outsider, community=foreign_community, kind="discussion", title="T", body="B"
        )
        _act_on(outsider, [(TargetKind.POST, thread.posts.get())])

    assert_flat_query_count(lambda: client.get(url), grow)
    assert_flat_query_count(lambda: client.get(url, {"action": "remove"}), lambda: None)


# The reporter's own reports -------------------------------------------------------------------


def test_my_reports_costs_the_same_with_more_reports_of_every_kind(
    client, leader, reporter, grow_items
):
    _report([reporter], grow_items())
    client.force_login(reporter)
    url = reverse("moderation:my_reports")

    def grow():
        for number in range(3):
            items = grow_items()
            _report([reporter], items)
            if number:
                _act_on(leader, items[:5])

    assert_flat_query_count(lambda: client.get(url), grow)
    assert client.get(url).content.count(b'<li class="card">') == 24


# Pages where removed content keeps its place --------------------------------------------------
#
# More posts and comments, a third of them removed, cost the same queries, whoever reads them (a
# participant sees placeholders, the author and the leader the texts marked as removed).


@pytest.mark.parametrize("who", ["reporter", "author", "leader"])
def test_a_thread_costs_the_same_with_removed_posts(client, request, thread, author, leader, who):
    def add(start):
        return [
            forums_services.post_reply(actor=author, thread=thread, body=f"Reply number {n}")
            for n in range(start, start + 12)
        ]

    replies = add(0)
    client.force_login(request.getfixturevalue(who))
    url = thread.get_absolute_url()

    def grow():
        replies.extend(add(12))
        for reply in replies[::3]:
            services.content_remove(
                actor=leader, target=POST, obj=reply, revision=None, category=Category.OTHER
            )

    assert_flat_query_count(lambda: client.get(url), grow)
    page = client.get(url).content
    placeholders = page.count(b"This post was removed by the moderators.")
    assert placeholders == (8 if who == "reporter" else 0)
    assert page.count(b"Reply number") == (16 if who == "reporter" else 24)
    assert page.count(b"Removed by the moderators") == (0 if who == "reporter" else 8)


@pytest.mark.parametrize("who", ["reporter", "author", "leader"])
@pytest.mark.parametrize("kind", [TargetKind.BLOG_COMMENT, TargetKind.RESOURCE_COMMENT])
def test_comment_sections_cost_the_same_with_removed_comments(
    client, request, blog_post, resource, author, leader, who, kind
):
    parent = blog_post if kind == TargetKind.BLOG_COMMENT else resource

    def add(start):
        if kind == TargetKind.BLOG_COMMENT:
            return [
                blogs_services.blog_comment_add(actor=author, post=parent, body=f"Comment {n}")
                for n in range(start, start + 12)
            ]
        return [
            resources_services.resource_comment_add(
                actor=author, resource=parent, body=f"Comment {n}"
            )
            for n in range(start, start + 12)
        ]

    comments = add(0)
    client.force_login(request.getfixturevalue(who))
    url = parent.get_absolute_url()

    def grow():
        comments.extend(add(12))
        for comment in comments[::3]:
            services.content_remove(
                actor=leader, target=TARGETS[kind], obj=comment, revision=None,
                category=Category.OTHER,
            )  # fmt: skip

    assert_flat_query_count(lambda: client.get(url), grow)
    page = client.get(url).content
    placeholders = page.count(b"This comment was removed by the moderators.")
    assert placeholders == (8 if who == "reporter" else 0)
    assert page.count(b"Removed by the moderators") == (0 if who == "reporter" else 8)

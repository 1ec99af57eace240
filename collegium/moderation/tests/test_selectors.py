"""The reads of moderation: filters from whatever a query string holds, what a reporter still
sees of what they reported, and what may be reported at all (MO-1, MO-2)."""

import pytest
from django.http import Http404, QueryDict
from django.urls import reverse

from collegium.accounts.data_rights import account_delete
from collegium.blogs import services as blogs_services
from collegium.blogs.choices import Publication
from collegium.blogs.tests.factories import make_post
from collegium.communities.models import Membership
from collegium.communities.services import membership_remove
from collegium.forums import services as forums_services
from collegium.moderation import selectors, services
from collegium.moderation.choices import CaseStatus, Category, TargetKind
from collegium.moderation.selectors import LogFilters, QueueFilters
from collegium.moderation.targets import TARGETS
from collegium.resources import services as resources_services
from collegium.resources.tests.factories import make_collection, make_link

POST = TARGETS[TargetKind.POST]


def _report(reporter, obj, kind=TargetKind.POST, category=Category.PRIVACY):
    return services.report_submit(
        reporter=reporter, target=TARGETS[kind], obj=obj, category=category, note="Look."
    )


# Filters from query strings -------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "category=spam&language=de&age=month&status=closed",
        "category=&language=&age=&status=",
        "category=PRIVACY&language=EN&age=Day&status=OPEN",
        "category=privacy%00&age=1&status=resolved%20",
    ],
)
def test_unknown_queue_filters_are_ignored(query):
    assert QueueFilters.from_query(QueryDict(query)) == QueueFilters()


def test_known_queue_filters_are_kept():
    filters = QueueFilters.from_query(
        QueryDict("community=rural&category=privacy&language=fr&age=older&status=resolved")
    )
    assert filters == QueueFilters(
        community="rural",
        category=Category.PRIVACY,
        language="fr",
        age="older",
        status=CaseStatus.RESOLVED,
    )
    assert len(QueueFilters.from_query(QueryDict(f"community={'x' * 500}")).community) == 80


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("action=explode", LogFilters()),
        ("action=REMOVE", LogFilters()),
        ("since=yesterday&until=soon", LogFilters()),
        ("since=2024-01-05T10:00&until=05/01/2024", LogFilters()),
        ("moderator=%20dr-leader%20&person=%20", LogFilters(moderator="dr-leader")),
        (
            "action=remove&since=2024-01-05&until=2024-02-29",
            LogFilters(action="remove", since="2024-01-05", until="2024-02-29"),
        ),
    ],
)
def test_log_filters_keep_only_what_makes_sense(query, expected):
    assert LogFilters.from_query(QueryDict(query)) == expected


@pytest.mark.parametrize("date", ["2024-02-30", "2024-13-01", "2023-02-29"])
def test_an_impossible_date_is_ignored_like_any_bad_date(date):
    assert LogFilters.from_query(QueryDict(f"since={date}&until={date}")) == LogFilters()


def test_an_impossible_date_on_the_log_pages_is_not_an_error(client, administrator):
    client.force_login(administrator)
    for url in (reverse("moderation:log"), reverse("moderation:log_export")):
        assert client.get(url, {"since": "2024-02-30"}).status_code == 200, url


def test_bad_filters_on_the_pages_are_not_errors(
    client, platform_moderator, administrator, leader, community, reply, reporter
):
    _report(reporter, reply)
    client.force_login(platform_moderator)
    page = client.get(
        reverse("moderation:queue"),
        {"category": "spam", "language": "xx", "age": "ages", "status": "lost", "page": "last"},
    )
    assert page.status_code == 200
    assert b"Night shifts in small hospitals" in page.content, "the filters were dropped"
    assert client.get(reverse("moderation:queue"), {"page": "999"}).status_code == 200
    client.force_login(leader)
    page = client.get(
        reverse("moderation:community_queue", args=[community.slug]),
        {"category": "<script>", "status": "resolved'"},
    )
    assert page.status_code == 200
    assert b"Night shifts in small hospitals" in page.content
    assert b"<script>" not in page.content
    services.content_remove(
        actor=leader, target=POST, obj=reply, revision=None, category=Category.PRIVACY
    )
    client.force_login(administrator)
    for url in (reverse("moderation:log"), reverse("moderation:log_export")):
        response = client.get(url, {"action": "nothing", "since": "someday", "page": "-1"})
        assert response.status_code == 200, url
    page = client.get(reverse("moderation:log"), {"since": "someday", "action": "nothing"})
    assert b'value="someday"' not in page.content
    assert b'<option value="remove">' in page.content, "no action is chosen"


# My reports -----------------------------------------------------------------------------------


def _shown(rows):
    return [row.item.heading if row.item else None for row in rows]


def test_my_reports_shows_what_was_reported_newest_first(reporter, reply, thread, author):
    _report(reporter, reply)
    _report(reporter, author, kind=TargetKind.PROFILE, category=Category.ABUSIVE)
    rows = selectors.my_reports(viewer=reporter)
    assert [row.report.case.kind for row in rows] == [TargetKind.PROFILE, TargetKind.POST]
    assert _shown(rows) == ["dr-author", "Night shifts in small hospitals"]


def test_my_reports_hides_the_item_once_it_is_removed(client, reporter, reply, leader):
    _report(reporter, reply)
    services.content_remove(
        actor=leader, target=POST, obj=reply, revision=None, category=Category.PRIVACY
    )
    rows = selectors.my_reports(viewer=reporter)
    assert _shown(rows) == [None]
    client.force_login(reporter)
    page = client.get(reverse("moderation:my_reports"))
    assert b"The moderators removed it." in page.content
    assert reply.get_absolute_url().encode() not in page.content
    assert b"Night shifts in small hospitals" not in page.content


def test_my_reports_hides_the_item_once_the_reporter_left_the_community(
    client, reporter, reply, community
):
    _report(reporter, reply)
    assert _shown(selectors.my_reports(viewer=reporter)) == ["Night shifts in small hospitals"]
    membership_remove(
        actor=reporter, membership=Membership.objects.get(community=community, user=reporter)
    )
    rows = selectors.my_reports(viewer=reporter)
    assert len(rows) == 1
    assert _shown(rows) == [None]
    client.force_login(reporter)
    page = client.get(reverse("moderation:my_reports"))
    assert b"It is waiting for a moderator." in page.content
    assert b"Night shifts in small hospitals" not in page.content


def test_my_reports_hides_what_its_author_deleted(reporter, second_reporter, reply, author):
    _report(reporter, reply)
    _report(second_reporter, author, kind=TargetKind.PROFILE)
    forums_services.post_delete(actor=author, post=reply)
    assert _shown(selectors.my_reports(viewer=reporter)) == [None]
    account_delete(user=author, erase_content=False)
    assert _shown(selectors.my_reports(viewer=second_reporter)) == [None]


# What may be reported -------------------------------------------------------------------------


@pytest.fixture
def library(community, leader):
    return make_collection(community, leader, title="Guides")


@pytest.fixture
def blog_post(community, leader):
    return make_post(community, leader, title="Call schedules", body="What changes in March.")


def test_reportable_get_finds_what_the_viewer_reads(reporter, reply, blog_post, author):
    target, obj = selectors.reportable_get(
        viewer=reporter, kind=TargetKind.POST, object_id=reply.pk
    )
    assert (target, obj) == (POST, reply)
    _target, found = selectors.reportable_get(
        viewer=reporter, kind=TargetKind.PROFILE, object_id=author.pk
    )
    assert found == author


@pytest.mark.parametrize("kind", ["nothing", "POST", "", "post/../profile"])
def test_reportable_get_404_for_an_unknown_kind(reporter, reply, kind):
    with pytest.raises(Http404):
        selectors.reportable_get(viewer=reporter, kind=kind, object_id=reply.pk)


@pytest.mark.parametrize("kind", [kind for kind, _label in TargetKind.choices])
def test_reportable_get_404_for_a_missing_item(reporter, kind):
    with pytest.raises(Http404):
        selectors.reportable_get(viewer=reporter, kind=kind, object_id=987654)


def test_reportable_get_404_for_deleted_items(
    reporter, author, leader, thread, reply, blog_post, library
):
    comment = blogs_services.blog_comment_add(actor=author, post=blog_post, body="Words")
    resource = make_link(library, leader, title="Locum contacts")
    resource_comment = resources_services.resource_comment_add(
        actor=author, resource=resource, body="More words"
    )
    other_resource = make_link(library, leader, url="https://example.org/b", title="Other")
    forums_services.post_delete(actor=author, post=reply)
    blogs_services.blog_comment_delete(actor=author, comment=comment)
    resources_services.resource_delete(actor=leader, resource=other_resource)
    # A comment goes with the resource it was on.
    resources_services.resource_delete(actor=leader, resource=resource)
    gone = [
        (TargetKind.POST, reply),
        (TargetKind.BLOG_COMMENT, comment),
        (TargetKind.RESOURCE, other_resource),
        (TargetKind.RESOURCE_COMMENT, resource_comment),
    ]
    for kind, obj in gone:
        with pytest.raises(Http404):
            selectors.reportable_get(viewer=reporter, kind=kind, object_id=obj.pk)


def test_reportable_get_404_for_a_reply_in_a_deleted_thread(reporter, reply, thread):
    thread.deleted_at = reply.created_at
    thread.save(update_fields=["deleted_at"])
    with pytest.raises(Http404):
        selectors.reportable_get(viewer=reporter, kind=TargetKind.POST, object_id=reply.pk)


def test_reportable_get_404_for_a_deleted_account(second_reporter, author):
    account_delete(user=author, erase_content=False)
    with pytest.raises(Http404):
        selectors.reportable_get(
            viewer=second_reporter, kind=TargetKind.PROFILE, object_id=author.pk
        )


def test_reportable_get_404_for_an_unpublished_blog_post(reporter, community, leader):
    draft = make_post(community, leader, title="Not yet", publication=Publication.DRAFT)
    with pytest.raises(Http404):
        selectors.reportable_get(viewer=reporter, kind=TargetKind.BLOG_POST, object_id=draft.pk)


def test_reportable_get_404_for_what_was_removed_except_for_author_and_moderators(
    reporter, second_reporter, author, leader, community_moderator, reply
):
    services.content_remove(
        actor=leader, target=POST, obj=reply, revision=None, category=Category.PRIVACY
    )
    for person in (reporter, second_reporter):
        with pytest.raises(Http404):
            selectors.reportable_get(viewer=person, kind=TargetKind.POST, object_id=reply.pk)
    # Its author and the moderators still see it (none of them may report it, though).
    for person in (author, leader, community_moderator):
        _target, found = selectors.reportable_get(
            viewer=person, kind=TargetKind.POST, object_id=reply.pk
        )
        assert found == reply


def test_reportable_get_404_for_an_outsider(outsider, reply):
    with pytest.raises(Http404):
        selectors.reportable_get(viewer=outsider, kind=TargetKind.POST, object_id=reply.pk)

"""Every kind of item other than forum posts, through the pages: reported by its readers, never
by its author, moderated by its community's leaders (a profile by the platform's moderators),
and hidden once removed from everyone but its author and the moderators (MO-1, MO-2)."""

from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from collegium.accounts.services import profile_ensure
from collegium.blogs import services as blogs_services
from collegium.blogs.tests.factories import make_post
from collegium.communities.choices import DirectoryVisibility, Role
from collegium.communities.models import Community, Membership
from collegium.communities.services import membership_set_role
from collegium.communities.tests.factories import make_community
from collegium.moderation.choices import Action, Category, TargetKind
from collegium.moderation.models import Case, ModerationAction, Report
from collegium.resources import services as resources_services
from collegium.resources.tests.factories import make_collection, make_file, make_link

ATOM = "{http://www.w3.org/2005/Atom}"
REMOVED_NOTICE = b"Removed by the moderators"
REMOVED_COMMENT = b"This comment was removed by the moderators."


@dataclass
class Reportable:
    """An item as a test needs it: where it lives and words only its readers see."""

    kind: str
    obj: Any
    page: str
    text: bytes

    @property
    def report_url(self) -> str:
        return reverse("moderation:report", args=[self.kind, self.obj.pk])

    @property
    def item_url(self) -> str:
        return reverse("moderation:item", args=[self.kind, self.obj.pk])

    def act_url(self, action: str) -> str:
        return reverse("moderation:act", args=[self.kind, self.obj.pk, action])


CONTENT_KINDS = [
    TargetKind.BLOG_POST,
    TargetKind.BLOG_COMMENT,
    TargetKind.RESOURCE,
    TargetKind.RESOURCE_COMMENT,
]
ALL_KINDS = [*CONTENT_KINDS, TargetKind.PROFILE]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def library(community, leader):
    """The community's library, where participants may add resources."""
    Community.objects.filter(pk=community.pk).update(participants_may_upload=True)
    community.refresh_from_db()
    return make_collection(community, leader, title="Guides")


@pytest.fixture
def blog_post(community, leader, author):
    """A post the author wrote while they led the community with the leader; a participant
    since, so that what they see is an author's view, not a moderator's."""
    membership = Membership.objects.get(community=community, user=author)
    membership_set_role(actor=leader, membership=membership, role=Role.LEADER)
    post = make_post(
        community,
        author,
        title="Night coverage in rural hospitals",
        body="Our rota is shared between three towns.",
    )
    membership_set_role(actor=leader, membership=membership, role=Role.PARTICIPANT)
    return post


@pytest.fixture
def leader_post(community, leader):
    return make_post(community, leader, title="Call schedules", body="What changes in March.")


@pytest.fixture
def blog_comment(leader_post, author):
    return blogs_services.blog_comment_add(
        actor=author, post=leader_post, body="Our patient Jane Doe waited all night."
    )


@pytest.fixture
def resource(library, author):
    return make_link(
        library,
        author,
        title="Rural call guide",
        description="Who covers the evening call in each town.",
    )


@pytest.fixture
def leader_resource(library, leader):
    return make_link(library, leader, url="https://example.org/locums", title="Locum contacts")


@pytest.fixture
def resource_comment(leader_resource, author):
    return resources_services.resource_comment_add(
        actor=author, resource=leader_resource, body="Ask John Roe, he knows everyone."
    )


@pytest.fixture
def profile(author):
    profile = profile_ensure(user=author)
    profile.display_name = "Dr. Author"
    profile.background = "Twenty years of rural practice."
    profile.save()
    return profile


@pytest.fixture
def item(request) -> Reportable:
    """The item of the kind the test is parametrized with."""
    kind = request.param
    fixture = request.getfixturevalue
    if kind == TargetKind.BLOG_POST:
        post = fixture("blog_post")
        return Reportable(kind, post, post.get_absolute_url(), b"shared between three towns")
    if kind == TargetKind.BLOG_COMMENT:
        comment = fixture("blog_comment")
        return Reportable(kind, comment, fixture("leader_post").get_absolute_url(), b"Jane Doe")
    if kind == TargetKind.RESOURCE:
        resource = fixture("resource")
        return Reportable(kind, resource, resource.get_absolute_url(), b"the evening call")
    if kind == TargetKind.RESOURCE_COMMENT:
        comment = fixture("resource_comment")
        page = fixture("leader_resource").get_absolute_url()
        return Reportable(kind, comment, page, b"John Roe")
    author = fixture("author")
    fixture("profile")
    return Reportable(kind, author, author.get_absolute_url(), b"Twenty years of rural practice")


def _row(content: bytes, title: bytes) -> bytes:
    """The list row that shows ``title``."""
    at = content.index(title)
    return content[content.rindex(b"<li", 0, at) : content.index(b"</li>", at)]


def _report(client, item: Reportable, category=Category.PRIVACY, note="A patient's name."):
    return client.post(item.report_url, {"category": category, "note": note})


def _act(client, item: Reportable, action: str, **fields):
    """What the moderator's form on the item page sends, with the case's current revision."""
    case = Case.objects.filter(kind=item.kind, object_id=item.obj.pk).first()
    data = {f"{action}-revision": case.revision if case is not None else 0}
    data.update({f"{action}-{name}": value for name, value in fields.items()})
    return client.post(item.act_url(action), data)


def _remove(client, item: Reportable) -> None:
    done = _act(client, item, "remove", category=Category.PRIVACY, note="Never name patients.")
    assert done.status_code == 302
    item.obj.refresh_from_db()
    assert item.obj.removed_at is not None


# Reporting (MO-1) -----------------------------------------------------------------------------


@pytest.mark.parametrize("item", ALL_KINDS, indirect=True)
def test_a_reader_reports_it(client, reporter, item):
    client.force_login(reporter)
    page = client.get(item.report_url)
    assert page.status_code == 200
    assert b"Send the report" in page.content
    sent = _report(client, item)
    assert sent.status_code == 302
    assert sent["Location"].split("#")[0] == item.page
    report = Report.objects.get()
    assert (report.case.kind, report.case.object_id) == (item.kind, item.obj.pk)
    assert report.reporter == reporter
    assert report.case.is_open
    # Back on the report page, the reader is told they already did.
    assert b"You reported this on" in client.get(item.report_url).content


@pytest.mark.parametrize("item", CONTENT_KINDS, indirect=True)
def test_an_outsider_cannot_reach_the_report_page(client, outsider, item):
    client.force_login(outsider)
    assert client.get(item.report_url).status_code == 404
    assert _report(client, item).status_code == 404
    assert not Report.objects.exists()


@pytest.mark.parametrize("item", ALL_KINDS, indirect=True)
def test_the_author_cannot_report_their_own(client, author, item):
    client.force_login(author)
    page = client.get(item.page)
    assert page.status_code == 200
    assert item.report_url.encode() not in page.content
    refused = _report(client, item)
    assert refused.status_code == 400
    assert b"You cannot report what you wrote yourself." in refused.content
    assert not Report.objects.exists()


@pytest.mark.parametrize("item", ALL_KINDS, indirect=True)
def test_the_report_link_shows_where_the_item_lives(client, reporter, item):
    client.force_login(reporter)
    page = client.get(item.page)
    assert page.status_code == 200
    assert item.text in page.content
    assert item.report_url.encode() in page.content
    # Readers do not moderate.
    assert item.item_url.encode() not in page.content


@pytest.mark.parametrize("item", CONTENT_KINDS, indirect=True)
def test_the_moderate_link_shows_to_the_community_leaders(
    client, leader, community_moderator, item
):
    for person in (leader, community_moderator):
        client.force_login(person)
        page = client.get(item.page)
        assert item.item_url.encode() in page.content, person
        moderated = client.get(item.item_url)
        assert moderated.status_code == 200
        assert item.text in moderated.content
        assert b'id="act-remove"' in moderated.content


@pytest.mark.parametrize("item", CONTENT_KINDS, indirect=True)
def test_a_leader_of_another_community_moderates_nothing_here(
    client, outsider, foreign_community, item
):
    """The outsider leads a community of their own, not this one."""
    client.force_login(outsider)
    assert client.get(item.item_url).status_code == 404
    assert _act(client, item, "remove", category=Category.OTHER).status_code == 404
    assert not ModerationAction.objects.exists()


@pytest.mark.parametrize("item", CONTENT_KINDS, indirect=True)
def test_what_is_removed_cannot_be_reported_any_more(client, leader, second_reporter, item):
    client.force_login(leader)
    _remove(client, item)
    client.force_login(second_reporter)
    assert client.get(item.report_url).status_code == 404
    assert _report(client, item).status_code == 404


# Removed blog posts ---------------------------------------------------------------------------


@pytest.mark.parametrize("item", [TargetKind.BLOG_POST], indirect=True)
def test_a_removed_blog_post_is_for_its_author_and_the_moderators(
    client, leader, community_moderator, author, reporter, item
):
    client.force_login(community_moderator)
    _remove(client, item)
    client.force_login(reporter)
    assert client.get(item.page).status_code == 404
    for person in (author, leader, community_moderator):
        client.force_login(person)
        page = client.get(item.page)
        assert page.status_code == 200, person
        assert item.text in page.content
        assert REMOVED_NOTICE in page.content
        assert b"Never name patients." in page.content


@pytest.mark.parametrize("item", [TargetKind.BLOG_POST], indirect=True)
def test_a_removed_blog_post_leaves_the_lists_but_the_leaders(
    client, leader, reporter, community, item
):
    title = b"Night coverage in rural hospitals"
    lists = [reverse("blogs:community_blog", args=[community.slug]), reverse("blogs:latest")]
    client.force_login(reporter)
    for url in lists:
        assert title in client.get(url).content, url
    client.force_login(leader)
    _remove(client, item)
    for url in lists:
        page = client.get(url)
        assert b'badge--attention">Removed<' in _row(page.content, title), url
    client.force_login(reporter)
    for url in lists:
        page = client.get(url)
        assert title not in page.content, url


@pytest.fixture
def public_community(leader, reporter):
    return make_community(
        "Public health",
        leaders=[leader],
        participants=[reporter],
        visibility=DirectoryVisibility.PUBLIC,
        blog_is_public=True,
    )


def _feed_titles(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    # Our own feed, just rendered: trusted input.
    entries = ElementTree.fromstring(response.content).findall(f"{ATOM}entry")  # noqa: S314
    return [entry.findtext(f"{ATOM}title") or "" for entry in entries]


def test_a_removed_post_of_a_public_blog_leaves_its_feeds_and_the_public(
    client, public_community, leader, platform_moderator
):
    post = make_post(public_community, leader, title="Vaccines for rural clinics")
    make_post(public_community, leader, title="Flu season")
    feeds = [reverse("blogs:feed", args=[public_community.slug]), reverse("blogs:latest_feed")]
    blog = reverse("blogs:community_blog", args=[public_community.slug])
    for url in feeds:
        assert "Vaccines for rural clinics" in _feed_titles(client, url)
    assert client.get(post.get_absolute_url()).status_code == 200
    client.force_login(platform_moderator)
    _remove(client, Reportable(TargetKind.BLOG_POST, post, post.get_absolute_url(), b""))
    client.logout()
    for url in feeds:
        assert _feed_titles(client, url) == ["Flu season"], url
    assert client.get(post.get_absolute_url()).status_code == 404
    page = client.get(blog)
    assert b"Flu season" in page.content
    assert b"Vaccines for rural clinics" not in page.content


# Removed resources ----------------------------------------------------------------------------


@pytest.mark.parametrize("item", [TargetKind.RESOURCE], indirect=True)
def test_a_removed_resource_is_for_its_author_and_the_moderators(
    client, leader, author, reporter, item
):
    client.force_login(leader)
    _remove(client, item)
    client.force_login(reporter)
    assert client.get(item.page).status_code == 404
    for person in (author, leader):
        client.force_login(person)
        page = client.get(item.page)
        assert page.status_code == 200, person
        assert item.text in page.content
        assert REMOVED_NOTICE in page.content


@pytest.mark.parametrize("item", [TargetKind.RESOURCE], indirect=True)
def test_a_removed_resource_leaves_the_library_but_the_leaders(
    client, leader, reporter, community, library, item
):
    title = b"Rural call guide"
    lists = [reverse("resources:library", args=[community.slug]), library.get_absolute_url()]
    client.force_login(reporter)
    for url in lists:
        assert title in client.get(url).content, url
    client.force_login(leader)
    _remove(client, item)
    for url in lists:
        page = client.get(url)
        assert b'badge--attention">Removed<' in _row(page.content, title), url
    client.force_login(reporter)
    for url in lists:
        page = client.get(url)
        assert title not in page.content, url


def test_a_removed_file_is_not_served_to_participants(client, library, author, reporter, leader):
    resource = make_file(library, author, name="rota.pdf")
    client.force_login(reporter)
    assert client.get(resource.file_url).status_code == 200
    client.force_login(leader)
    _remove(client, Reportable(TargetKind.RESOURCE, resource, resource.get_absolute_url(), b""))
    client.force_login(reporter)
    assert client.get(resource.file_url).status_code == 404
    client.force_login(author)
    assert client.get(resource.file_url).status_code == 200


# Removed comments -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "item", [TargetKind.BLOG_COMMENT, TargetKind.RESOURCE_COMMENT], indirect=True
)
def test_a_removed_comment_keeps_its_place_and_its_text_for_author_and_moderators(
    client, leader, author, reporter, item
):
    client.force_login(leader)
    _remove(client, item)
    client.force_login(reporter)
    page = client.get(item.page)
    assert page.status_code == 200
    assert REMOVED_COMMENT in page.content
    assert item.text not in page.content
    assert b"Comments (0)" in page.content
    for person in (author, leader):
        client.force_login(person)
        page = client.get(item.page)
        assert item.text in page.content, person
        assert REMOVED_NOTICE in page.content
        assert REMOVED_COMMENT not in page.content


@pytest.mark.parametrize(
    "item", [TargetKind.BLOG_COMMENT, TargetKind.RESOURCE_COMMENT], indirect=True
)
def test_a_restored_comment_shows_again(client, leader, reporter, item):
    client.force_login(leader)
    _remove(client, item)
    assert _act(client, item, "restore").status_code == 302
    client.force_login(reporter)
    page = client.get(item.page)
    assert item.text in page.content
    assert REMOVED_COMMENT not in page.content


# Profiles -------------------------------------------------------------------------------------


@pytest.mark.parametrize("item", [TargetKind.PROFILE], indirect=True)
def test_a_profile_is_moderated_by_the_platform_moderators_only(
    client, reporter, leader, community_moderator, platform_moderator, item
):
    client.force_login(reporter)
    assert (
        _report(client, item, category=Category.ABUSIVE, note="Offensive words.").status_code == 302
    )
    for person in (leader, community_moderator, reporter):
        client.force_login(person)
        assert client.get(item.item_url).status_code == 404, person
        assert item.item_url.encode() not in client.get(item.page).content
        refused = _act(client, item, "warn", note="Mind your words.")
        assert refused.status_code == 404
    client.force_login(platform_moderator)
    profile_page = client.get(item.page)
    assert item.item_url.encode() in profile_page.content
    page = client.get(item.item_url)
    assert page.status_code == 200
    assert b"Offensive words." in page.content
    assert b"Twenty years of rural practice" in page.content
    # Nothing of a profile is removed: its owner is warned, suspended or banned.
    assert b'id="act-remove"' not in page.content
    assert b'id="act-warn"' in page.content


@pytest.mark.parametrize("item", [TargetKind.PROFILE], indirect=True)
def test_a_profiles_owner_is_warned(
    client, reporter, author, platform_moderator, item, django_capture_on_commit_callbacks
):
    from django.core import mail

    client.force_login(reporter)
    _report(client, item, category=Category.ABUSIVE, note="Offensive words.")
    client.force_login(platform_moderator)
    with django_capture_on_commit_callbacks(execute=True):
        done = _act(client, item, "warn", note="Mind your words.")
    assert done.status_code == 302
    record = ModerationAction.objects.get()
    assert (record.action, record.subject, record.kind) == (Action.WARN, author, TargetKind.PROFILE)
    assert author.email in [message.to[0] for message in mail.outbox]
    assert reporter.email in [message.to[0] for message in mail.outbox]
    # The reporter reads how it ended.
    client.force_login(reporter)
    page = client.get(reverse("moderation:my_reports"))
    assert b"The moderators took action with its author." in page.content


@pytest.mark.parametrize("item", [TargetKind.PROFILE], indirect=True)
def test_a_profile_cannot_be_removed(client, platform_moderator, item):
    client.force_login(platform_moderator)
    refused = _act(client, item, "remove", category=Category.ABUSIVE)
    # Only a forged form gets here: the page offers no removal of a profile.
    assert refused.status_code == 400
    assert b'id="act-remove"' not in refused.content
    assert not ModerationAction.objects.exists()

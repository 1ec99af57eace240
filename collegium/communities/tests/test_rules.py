"""Community rules kept in versions, accepted again when they change (SPEC MO-4)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from collegium import permissions
from collegium.accounts.choices import StaffRole, UserType
from collegium.accounts.tests.factories import UserFactory
from collegium.communities import services
from collegium.communities.choices import DirectoryVisibility, Joining, MembershipStatus
from collegium.communities.models import Community, Membership, RulesVersion
from collegium.communities.tests.factories import make_community
from collegium.core.testing import assert_flat_query_count

pytestmark = pytest.mark.django_db


def _change_rules(community: Community, actor, *, en: str, fr: str = "", note: str = "") -> None:
    community.rules_en, community.rules_fr = en, fr
    services.community_save(
        actor=actor, community=community, audience=community.audience_types, rules_note=note
    )
    community.refresh_from_db()


def _member(username: str, member_id: str):
    return UserFactory(
        username=username,
        user_type=UserType.PHYSICIAN,
        member_id=member_id,
        member_verified_at=timezone.now(),
    )


@pytest.fixture
def community(leader, member):
    return make_community(
        "Rural medicine", leaders=[leader], participants=[member], rules_en="Be kind."
    )


def _history_url(community: Community) -> str:
    return reverse("communities:rules_history", args=[community.slug])


def _accept_url(community: Community) -> str:
    return reverse("communities:rules_accept", args=[community.slug])


# Versions (services) --------------------------------------------------------------------------


def test_a_community_created_with_rules_keeps_them_as_its_first_version(community):
    version = RulesVersion.objects.get(community=community)
    assert version.number == community.rules_version == 1
    assert version.rules_en == "Be kind."
    assert version.rules_html_en == "<p>Be kind.</p>\n"


def test_a_community_created_without_rules_has_no_version_until_it_writes_some(leader):
    community = make_community("Quiet", leaders=[leader])
    assert not RulesVersion.objects.filter(community=community).exists()

    _change_rules(community, leader, en="Stay on topic.", note="First rules.")

    version = RulesVersion.objects.get(community=community)
    assert version.number == community.rules_version == 2
    assert version.note == "First rules."


def test_changing_the_rules_records_a_version_with_what_changed_and_who(community, leader):
    _change_rules(
        community, leader, en="Be kind. Stay on topic.", fr="Soyez bienveillants.", note="Topic."
    )

    latest = RulesVersion.objects.filter(community=community).order_by("-number").first()
    assert latest is not None
    assert (latest.number, latest.note, latest.created_by) == (2, "Topic.", leader)
    assert (latest.rules_en, latest.rules_fr) == ("Be kind. Stay on topic.", "Soyez bienveillants.")
    assert latest.rules_html_fr == "<p>Soyez bienveillants.</p>\n"
    # The first version is kept as it was.
    assert RulesVersion.objects.get(community=community, number=1).rules_en == "Be kind."


def test_saving_other_settings_records_no_version_and_keeps_participants_in(
    community, leader, member
):
    community.description_en = "A new description."
    services.community_save(
        actor=leader,
        community=community,
        audience=community.audience_types,
        rules_note="Nothing really changed.",
    )

    community.refresh_from_db()
    assert community.rules_version == 1
    assert RulesVersion.objects.filter(community=community).count() == 1
    assert permissions.can_participate(member, community)


def test_a_participant_accepts_the_version_they_were_shown(community, leader, member):
    _change_rules(community, leader, en="Be kind. No advertising.")
    assert not permissions.can_participate(member, community)

    membership = services.rules_accept(user=member, community=community, version=2)

    assert membership.rules_version_accepted == 2
    assert permissions.can_participate(member, community)


def test_accepting_a_version_the_rules_have_moved_past_is_refused(community, leader, member):
    _change_rules(community, leader, en="Version two.")
    _change_rules(community, leader, en="Version three.")

    with pytest.raises(ValidationError) as error:
        services.rules_accept(user=member, community=community, version=2)

    assert error.value.code == "stale"
    assert Membership.objects.get(user=member).rules_version_accepted == 1


def test_a_version_that_does_not_exist_yet_is_refused(community, member):
    with pytest.raises(ValidationError) as error:
        services.rules_accept(user=member, community=community, version=7)
    assert error.value.code == "stale"


@pytest.mark.parametrize("status", ["none", MembershipStatus.BANNED])
def test_only_participants_accept_a_communitys_rules(community, leader, status):
    person = _member("dr-outside", "1000009")
    if status != "none":
        membership = services.membership_add(community, person)
        services.membership_ban(actor=leader, membership=membership, reason="Spam.")

    with pytest.raises(ValidationError) as error:
        services.rules_accept(user=person, community=community, version=1)

    assert error.value.code == "not_participant"


def test_the_data_migration_keeps_the_rules_of_existing_communities(community, leader):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("collegium.communities.migrations.0004_rules_versions")
    quiet = make_community("Quiet", leaders=[leader])
    _change_rules(community, leader, en="Version two.")
    RulesVersion.objects.all().delete()

    migration.record_current_rules(apps, SimpleNamespace(connection=connection))

    kept = RulesVersion.objects.get(community=community)
    assert (kept.number, kept.rules_en, kept.rules_html_en) == (
        2,
        "Version two.",
        "<p>Version two.</p>\n",
    )
    assert not RulesVersion.objects.filter(community=quiet).exists()


# The history page ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("visibility", "viewer", "expected"),
    [
        (DirectoryVisibility.PUBLIC, "anonymous", 200),
        (DirectoryVisibility.SIGNED_IN, "anonymous", 404),
        (DirectoryVisibility.SIGNED_IN, "patient", 200),
        (DirectoryVisibility.MEMBERS, "patient", 404),
        (DirectoryVisibility.MEMBERS, "outsider", 200),
        (DirectoryVisibility.HIDDEN, "outsider", 404),
        (DirectoryVisibility.HIDDEN, "participant", 200),
        (DirectoryVisibility.HIDDEN, "staff", 200),
    ],
)
def test_the_rules_history_is_for_those_who_may_see_the_community(
    client, leader, member, visibility, viewer, expected
):
    community = make_community(
        "Secret circle",
        leaders=[leader],
        participants=[member],
        visibility=visibility,
        rules_en="Be kind.",
    )
    people = {
        "patient": lambda: UserFactory(user_type=UserType.PATIENT),
        "outsider": lambda: _member("dr-outside", "1000009"),
        "participant": lambda: member,
        "staff": lambda: UserFactory(staff_role=StaffRole.STAFF, is_staff=True),
    }
    if viewer != "anonymous":
        client.force_login(people[viewer]())

    assert client.get(_history_url(community)).status_code == expected


def test_the_history_lists_versions_newest_first_with_dates_notes_and_texts(
    client, community, leader, member
):
    _change_rules(community, leader, en="Be kind. Cite your sources.", note="Sources.")
    client.force_login(member)

    page = client.get(_history_url(community)).content.decode()

    assert page.index("Version 2") < page.index("Version 1")
    assert "Sources." in page
    assert "Cite your sources." in page and "<p>Be kind.</p>" in page


def test_the_history_page_costs_the_same_queries_with_more_versions(client, community, leader):
    client.force_login(leader)
    texts = iter(range(100))

    def grow() -> None:
        for _ in range(3):
            _change_rules(community, leader, en=f"Rule {next(texts)}.", note="More.")

    assert_flat_query_count(lambda: client.get(_history_url(community)), grow)


# The community page --------------------------------------------------------------------------


def test_the_rules_section_shows_the_version_its_date_and_the_history(client, community, member):
    client.force_login(member)

    page = client.get(community.get_absolute_url()).content.decode()

    assert 'id="rules"' in page
    assert "Version 1 · updated" in page
    assert _history_url(community) in page
    assert "I accept the new rules" not in page


def test_a_participant_behind_sees_the_change_the_note_and_the_form(
    client, community, leader, member
):
    _change_rules(community, leader, en="Be kind. No advertising.", note="No advertising.")
    client.force_login(member)

    page = client.get(community.get_absolute_url()).content.decode()

    assert "The rules changed on" in page and "accept to keep taking part" in page
    assert "No advertising." in page
    assert "I accept the new rules" in page
    assert 'name="version" value="2"' in page
    # The leader who wrote them accepted them by saving; someone not in it is not asked.
    client.force_login(leader)
    assert "I accept the new rules" not in client.get(community.get_absolute_url()).content.decode()
    client.force_login(_member("dr-outside", "1000009"))
    assert "I accept the new rules" not in client.get(community.get_absolute_url()).content.decode()


def test_accepting_the_rules_needs_a_signed_in_participant(client, community, leader, member):
    _change_rules(community, leader, en="Version two.")

    anonymous = client.post(_accept_url(community), {"version": 2})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    client.force_login(_member("dr-outside", "1000009"))
    assert client.post(_accept_url(community), {"version": 2}).status_code == 404
    client.force_login(member)
    assert client.get(_accept_url(community)).status_code == 405
    assert Membership.objects.get(user=member).rules_version_accepted == 1


def test_accepting_the_rules_needs_the_csrf_token(community, leader, member):
    _change_rules(community, leader, en="Version two.")
    guarded = Client(enforce_csrf_checks=True)
    guarded.force_login(member)

    assert guarded.post(_accept_url(community), {"version": 2}).status_code == 403
    assert Membership.objects.get(user=member).rules_version_accepted == 1


def test_a_participant_accepts_and_goes_back_where_they_were(client, community, leader, member):
    _change_rules(community, leader, en="Version two.")
    client.force_login(member)
    thread_list = reverse("forums:threads", args=[community.slug])

    response = client.post(_accept_url(community), {"version": 2, "next": thread_list})

    assert response.status_code == 302 and response["Location"] == thread_list
    assert Membership.objects.get(user=member).rules_version_accepted == 2


def test_an_outside_next_address_is_ignored(client, community, leader, member):
    _change_rules(community, leader, en="Version two.")
    client.force_login(member)

    response = client.post(
        _accept_url(community), {"version": 2, "next": "https://evil.example.com/"}
    )

    assert response["Location"] == community.get_absolute_url()


def test_rules_changed_again_while_reading_are_refused_and_the_newer_ones_shown(
    client, community, leader, member
):
    _change_rules(community, leader, en="Version two.")
    _change_rules(community, leader, en="Version three.", note="Three.")
    client.force_login(member)

    response = client.post(_accept_url(community), {"version": 2}, follow=True)

    page = response.content.decode()
    assert "The rules changed again while you were reading them" in page
    assert "Version three." in page and 'name="version" value="3"' in page
    assert Membership.objects.get(user=member).rules_version_accepted == 1


@pytest.mark.parametrize("version", ["", "zero", "-1"])
def test_a_malformed_version_is_refused_with_a_message(client, community, leader, member, version):
    _change_rules(community, leader, en="Version two.")
    client.force_login(member)

    response = client.post(_accept_url(community), {"version": version}, follow=True)

    assert "accept them again" in response.content.decode()
    assert Membership.objects.get(user=member).rules_version_accepted == 1


def test_the_settings_page_keeps_the_note_with_the_new_rules(client, community, leader):
    client.force_login(leader)
    url = reverse("communities:manage_settings", args=[community.slug])
    form = client.get(url).context["form"]
    assert "rules_note" in form.fields
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in {"cover_upload", "audience", "tags_text"}
    }
    data.update(
        audience=sorted(community.audience_types),
        rules_en="Be kind. Share sources.",
        rules_note="Sources are now required.",
        blog_is_public="",
        participants_may_upload="",
    )

    response = client.post(url, {k: v for k, v in data.items() if v not in (False, "")})

    assert response.status_code == 302
    latest = RulesVersion.objects.get(community=community, number=2)
    assert latest.note == "Sources are now required." and latest.created_by == leader


def test_staff_create_a_community_without_a_note_field(client):
    client.force_login(UserFactory(staff_role=StaffRole.STAFF, is_staff=True))
    form = client.get(reverse("communities:staff_create")).context["form"]
    assert "rules_note" not in form.fields


# Being told, with a link, and taking part again ----------------------------------------------


def _reply(client, community, thread, body):
    url = reverse("forums:reply", args=[community.slug, thread.pk])
    return client.post(url, {"body": body, "submission_key": str(uuid.uuid4())})


def test_a_participant_blocked_by_new_rules_is_told_where_to_accept_and_then_replies(
    client, community, leader, member
):
    from collegium.forums.models import Post
    from collegium.forums.tests.factories import make_thread

    thread = make_thread(community, leader)
    _change_rules(community, leader, en="Be kind. No advertising.", note="No advertising.")
    client.force_login(member)

    thread_page = client.get(thread.get_absolute_url()).content.decode()
    assert "This community&#x27;s rules have changed" in thread_page
    assert "Read and accept the new rules" in thread_page
    refused = _reply(client, community, thread, "My long reply")
    html = refused.content.decode()
    assert refused.status_code == 200 and "My long reply" in html
    assert "This community&#x27;s rules have changed" in html
    link = f"{community.get_absolute_url()}?next="
    assert link in html and "#rules" in html

    client.post(_accept_url(community), {"version": 2})
    accepted = _reply(client, community, thread, "My long reply")

    assert accepted.status_code == 302
    assert Post.objects.filter(thread=thread, body="My long reply").exists()


def test_a_blocked_participant_gets_the_link_on_the_new_thread_page(
    client, community, leader, member
):
    _change_rules(community, leader, en="Version two.")
    client.force_login(member)

    page = client.get(reverse("forums:thread_create", args=[community.slug])).content.decode()

    assert "Read and accept the new rules" in page


def test_a_blocked_participant_gets_the_link_under_a_blog_post(client, community, leader, member):
    from collegium.blogs.tests.factories import make_post

    post = make_post(community, leader)
    _change_rules(community, leader, en="Version two.")
    client.force_login(member)

    page = client.get(post.get_absolute_url()).content.decode()

    assert "This community&#x27;s rules have changed" in page
    assert "Read and accept the new rules" in page


def test_changed_guidelines_block_writing_until_accepted_with_a_link_to_them(
    client, community, leader, member, django_capture_on_commit_callbacks
):
    from collegium.forums.models import Post
    from collegium.forums.tests.factories import make_thread
    from collegium.pages.choices import PageSlug
    from collegium.pages.models import Page
    from collegium.pages.services import page_version_publish

    thread = make_thread(community, leader)
    with django_capture_on_commit_callbacks(execute=True):  # clears the cached version number
        new = page_version_publish(
            page=Page.objects.get(slug=PageSlug.GUIDELINES), actor=None,
            title_en="Guidelines", title_fr="Lignes directrices",
            body_en="Be respectful.", body_fr="Soyez respectueux.", note="Respect.",
        )  # fmt: skip
    client.force_login(member)

    refused = _reply(client, community, thread, "Still here")
    html = refused.content.decode()
    assert "The community guidelines have changed" in html
    assert reverse("pages:guidelines") + "?next=" in html
    guidelines = client.get(reverse("pages:guidelines")).content.decode()
    assert "I accept the community guidelines" in guidelines
    assert f'name="version" value="{new.number}"' in guidelines

    client.post(reverse("accounts:guidelines_accept"), {"version": new.number})
    assert _reply(client, community, thread, "Still here").status_code == 302
    assert Post.objects.filter(body="Still here").exists()


def test_the_participation_refusal_says_what_to_do_for_each_case(community, leader, member):
    from collegium.permissions import Remedy, participation_refusal

    assert participation_refusal(member, community) is None
    _change_rules(community, leader, en="Version two.")
    refusal = participation_refusal(member, community)
    assert refusal is not None and refusal.remedy == Remedy.RULES
    outsider = _member("dr-outside", "1000009")
    refusal = participation_refusal(outsider, community)
    assert refusal is not None and refusal.remedy == Remedy.JOIN
    member.suspended_until = timezone.now() + timedelta(days=1)
    refusal = participation_refusal(member, community)
    assert refusal is not None and refusal.remedy == Remedy.NONE
    open_one = make_community("Open", joining=Joining.OPEN)
    from django.contrib.auth.models import AnonymousUser

    refusal = participation_refusal(AnonymousUser(), open_one)
    assert refusal is not None and refusal.remedy == Remedy.JOIN

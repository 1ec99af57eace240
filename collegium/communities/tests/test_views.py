"""Who gets which page, what the join panel says, and flat query counts (SPEC CO-3, CO-5)."""

import pytest
from django.utils import timezone

from collegium.accounts.choices import UserType
from collegium.accounts.tests.factories import UserFactory
from collegium.communities import services
from collegium.communities.choices import DirectoryVisibility, Joining, Role
from collegium.communities.models import JoinRequest, Membership
from collegium.communities.tests.factories import make_community
from collegium.core.testing import assert_flat_query_count

pytestmark = pytest.mark.django_db


def test_the_public_sees_only_public_communities(client):
    make_community("Open to all", visibility=DirectoryVisibility.PUBLIC)
    make_community("Signed in only", visibility=DirectoryVisibility.SIGNED_IN)

    page = client.get("/en/communities/").content.decode()

    assert "Open to all" in page
    assert "Signed in only" not in page
    assert client.get("/en/communities/signed-in-only/").status_code == 404


def test_a_hidden_community_answers_404_to_everyone_but_its_participants(client, member, leader):
    make_community("Secret group", visibility=DirectoryVisibility.HIDDEN, leaders=[leader])

    client.force_login(member)
    assert "Secret group" not in client.get("/en/communities/").content.decode()
    assert client.get("/en/communities/secret-group/").status_code == 404
    assert client.get("/en/communities/secret-group/settings/").status_code == 404
    assert (
        client.post("/en/communities/secret-group/join/", {"accept_rules": "on"}).status_code == 404
    )
    client.force_login(leader)
    assert client.get("/en/communities/secret-group/").status_code == 200


def test_a_patient_sees_the_member_community_neither_listed_nor_by_url(client):
    client.force_login(UserFactory(user_type=UserType.PATIENT))
    assert "Member Community" not in client.get("/en/communities/").content.decode()
    assert client.get("/en/communities/member-community/").status_code == 404


def test_a_verified_member_joins_the_member_community(client, member):
    client.force_login(member)
    page = client.get("/en/communities/member-community/").content.decode()
    assert "Join this community" in page

    response = client.post("/en/communities/member-community/join/", {"accept_rules": "on"})

    assert response.status_code == 302
    assert Membership.objects.filter(user=member, community__is_member_community=True).exists()


def test_joining_without_accepting_the_rules_says_so_next_to_the_checkbox(client, member):
    make_community("Open", joining=Joining.OPEN)
    client.force_login(member)

    response = client.post("/en/communities/open/join/", {})

    assert response.status_code == 200
    assert response.context["join_form"].errors["accept_rules"]
    assert not Membership.objects.filter(user=member).exists()


def test_a_request_keeps_the_message_typed_when_the_rules_are_not_accepted(client, member):
    make_community("By request", joining=Joining.REQUEST)
    client.force_login(member)

    response = client.post("/en/communities/by-request/request/", {"message": "I work in Gaspé."})

    assert "I work in Gaspé." in response.content.decode()
    assert not JoinRequest.objects.exists()


@pytest.mark.parametrize(
    ("user_type", "verified", "expected"),
    [
        (UserType.PATIENT, False, "This community is for other types of participants"),
        (UserType.PHYSICIAN, False, "Verify your membership"),
        (UserType.PHYSICIAN, True, "Ask to join"),
    ],
)
def test_the_join_panel_always_explains_itself(client, user_type, verified, expected):
    make_community("By request", joining=Joining.REQUEST)
    user = UserFactory(
        user_type=user_type, member_id="42424" if verified else None,
        member_verified_at=timezone.now() if verified else None,
    )  # fmt: skip
    client.force_login(user)
    assert expected in client.get("/en/communities/by-request/").content.decode()


def test_signed_out_people_are_asked_to_sign_in_first(client):
    make_community("Public one", visibility=DirectoryVisibility.PUBLIC)
    page = client.get("/en/communities/public-one/").content.decode()
    assert "Sign in to join this community" in page


def test_only_leaders_and_staff_open_the_leaders_pages(client, member, leader, staff):
    make_community("Led", leaders=[leader], participants=[member])
    for user, status in ((member, 404), (leader, 200), (staff, 200)):
        client.force_login(user)
        assert client.get("/en/communities/led/settings/").status_code == status
        assert client.get("/en/communities/led/members/").status_code == status


def test_a_leader_cannot_act_on_a_request_of_another_community(client, leader, member):
    make_community("Mine", leaders=[leader])
    other = make_community("Theirs", leaders=[UserFactory()])
    request = services.join_request_submit(
        user=member, community=other, message="", accepted_rules=True
    )
    client.force_login(leader)

    response = client.post(f"/en/communities/mine/requests/{request.pk}/approve/")

    assert response.status_code == 404
    request.refresh_from_db()
    assert request.status == "pending"


def test_a_malformed_invitation_is_shown_next_to_the_field_and_kept(client, leader):
    make_community("Led", leaders=[leader])
    client.force_login(leader)

    from django.urls import reverse
    from django.utils import translation

    with translation.override("fr"):
        url = reverse("communities:manage_members", kwargs={"slug": "led"})
    response = client.post(url, {"target": "pas-un-courriel"})

    assert response.status_code == 200
    assert response.context["invite_form"].errors["target"]
    assert 'value="pas-un-courriel"' in response.content.decode()


def test_removing_the_last_leader_is_refused_with_a_message(client, leader):
    community = make_community("Led", leaders=[leader])
    membership = community.memberships.get(user=leader)
    client.force_login(leader)

    response = client.post(f"/en/communities/led/members/{membership.pk}/remove/", follow=True)

    assert "at least one leader" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk, role=Role.LEADER).exists()


def test_the_directory_costs_the_same_queries_with_more_communities(client, member):
    client.force_login(member)
    counter = iter(range(1000))

    def grow():
        for _ in range(4):
            n = next(counter)
            make_community(
                f"Community {n}", participants=[UserFactory()],
                joining=[Joining.OPEN, Joining.REQUEST, Joining.INVITATION][n % 3],
            )  # fmt: skip

    grow()
    assert_flat_query_count(lambda: client.get("/en/communities/"), grow)


def test_a_community_page_costs_the_same_queries_with_more_participants(client, member, leader):
    make_community("Growing", leaders=[leader])
    client.force_login(member)

    def grow():
        community = make_community(f"Other {UserFactory().pk}")
        growing = community.__class__.objects.get(slug="growing")
        for _ in range(5):
            services.membership_add(growing, UserFactory(), role=Role.LEADER)
        del community

    assert_flat_query_count(lambda: client.get("/en/communities/growing/"), grow)


def test_the_directory_filters_by_language_kind_and_what_i_can_join(client, member):
    make_community("English open", joining=Joining.OPEN, language="en")
    make_community("Français", joining=Joining.OPEN, language="fr", name_fr="Français")
    make_community("Invitation", joining=Joining.INVITATION)
    client.force_login(member)

    french = client.get("/en/communities/", {"language": "fr"}).content.decode()
    joinable = client.get("/en/communities/", {"can_join": "on"}).content.decode()

    assert "Français" in french and "English open" not in french
    assert "English open" in joinable and "Invitation" not in joinable


def test_a_leader_uploads_a_cover_that_only_those_who_see_the_community_can_load(
    client, leader, member
):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    community = make_community("Led", leaders=[leader], visibility=DirectoryVisibility.HIDDEN)
    buffer = io.BytesIO()
    Image.new("RGB", (2400, 900), "teal").save(buffer, "PNG")
    client.force_login(leader)
    data = {
        "name_en": "Led", "description_en": "About.", "language": "en",
        "joining": "request", "visibility": "hidden", "audience": ["physician"],
        "cover_upload": SimpleUploadedFile("cover.png", buffer.getvalue(), "image/png"),
    }  # fmt: skip

    response = client.post("/en/communities/led/settings/", data)

    assert response.status_code == 302
    community.refresh_from_db()
    assert community.cover.name.endswith(".webp")
    assert client.get("/en/communities/led/cover/")["Content-Type"] == "image/webp"
    client.force_login(member)
    assert client.get("/en/communities/led/cover/").status_code == 404


def test_staff_create_an_association_led_community_in_both_languages(client, staff, member):
    data = {
        "name_en": "Climate and health", "name_fr": "Climat et santé",
        "description_en": "Heat waves.", "description_fr": "Chaleur extrême.",
        "language": "both", "joining": "open", "visibility": "public",
        "audience": ["physician", "learner"], "tags_text": "climate",
    }  # fmt: skip
    client.force_login(member)
    assert client.post("/en/staff/communities/new/", data).status_code == 404
    client.force_login(staff)

    missing_french = client.post("/en/staff/communities/new/", {**data, "name_fr": ""})
    created = client.post("/en/staff/communities/new/", data)

    assert missing_french.context["form"].errors["name_fr"]
    assert created.status_code == 302
    from collegium.communities.models import Community

    community = Community.objects.get(slug="climate-and-health")
    assert community.kind == "association"
    assert community.name_fr == "Climat et santé"
    assert [tag.name for tag in community.tags.all()] == ["climate"]


def test_only_leaders_and_staff_archive_a_community(client, member, leader, staff):
    community = make_community(leaders=[leader], participants=[member])
    url = f"/en/communities/{community.slug}/archive/"

    client.force_login(member)
    assert client.post(url).status_code == 404
    community.refresh_from_db()
    assert not community.is_archived

    client.force_login(leader)
    response = client.post(url, follow=True)
    community.refresh_from_db()
    assert community.is_archived
    assert "read-only" in response.content.decode()
    assert client.get(url).status_code == 405

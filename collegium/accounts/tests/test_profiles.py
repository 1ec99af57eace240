"""Profiles (ID-5): editing, per-field visibility, photos served only to those allowed."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from collegium.accounts.choices import Audience, StaffRole, UserType
from collegium.accounts.models import Profile
from collegium.accounts.services import profile_ensure
from collegium.accounts.tests.factories import UserFactory
from collegium.core.testing import assert_flat_query_count

pytestmark = pytest.mark.django_db


def _png(width=800, height=600) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (30, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def _profile_form(**overrides):
    data = {
        "display_name": "Dr Camille Tremblay", "background": "Family physician in Moncton.",
        "interests_text": "rural medicine, Wellness, rural medicine", "province": "NB",
        "specialty": "Family medicine", "conflict_of_interest": "None.",
        "preferred_language": "fr",
        "audience_photo": Audience.SIGNED_IN, "audience_background": Audience.SIGNED_IN,
        "audience_interests": Audience.SIGNED_IN, "audience_province": Audience.MEMBERS,
        "audience_specialty": Audience.STAFF, "audience_conflict_of_interest": Audience.SIGNED_IN,
    }  # fmt: skip
    data.update(overrides)
    return data


def test_a_person_fills_in_their_profile_and_sees_it(client, physician):
    client.force_login(physician)
    data = _profile_form(photo_upload=SimpleUploadedFile("me.png", _png(), "image/png"))

    response = client.post("/en/account/profile/", data)

    assert response.status_code == 302
    profile = Profile.objects.get(user=physician)
    assert profile.display_name == "Dr Camille Tremblay"
    assert sorted(tag.name for tag in profile.interests.all()) == ["Wellness", "rural medicine"]
    assert profile.photo.name.endswith(".webp")
    physician.refresh_from_db()
    assert physician.preferred_language == "fr"
    page = client.get(f"/en/people/{physician.username}/").content.decode()
    assert "Dr Camille Tremblay" in page and "Family medicine" in page
    assert profile.is_complete


def test_a_photo_that_is_not_an_image_is_refused_next_to_the_field_and_nothing_changes(
    client, physician
):
    client.force_login(physician)
    fake = SimpleUploadedFile("me.jpg", b"MZ\x90\x00 not an image", "image/jpeg")

    response = client.post("/en/account/profile/", _profile_form(photo_upload=fake))

    assert response.status_code == 200
    assert "not a JPEG, PNG or WebP image" in " ".join(
        response.context["form"].errors["photo_upload"]
    )
    assert 'value="Dr Camille Tremblay"' in response.content.decode()
    assert Profile.objects.get(user=physician).display_name == ""


def test_a_photo_over_the_size_limit_is_refused(client, physician, settings):
    settings.COLLEGIUM = {**settings.COLLEGIUM, "PROFILE_PHOTO_MAX_BYTES": 1000}
    client.force_login(physician)
    big = SimpleUploadedFile("me.png", _png(), "image/png")
    response = client.post("/en/account/profile/", _profile_form(photo_upload=big))
    assert "larger than" in " ".join(response.context["form"].errors["photo_upload"])


def test_too_many_interests_are_refused(client, physician):
    client.force_login(physician)
    interests = ", ".join(f"topic {n}" for n in range(11))
    response = client.post("/en/account/profile/", _profile_form(interests_text=interests))
    assert response.context["form"].errors["interests_text"]


@pytest.fixture
def camille_profile(physician):
    profile = profile_ensure(user=physician)
    profile.specialty = "Family medicine"
    profile.province = "NB"
    profile.background = "Moncton"
    profile.visibility = {"specialty": Audience.STAFF, "province": Audience.MEMBERS}
    profile.save()
    return profile


@pytest.mark.parametrize(
    ("viewer_kind", "sees_province", "sees_specialty"),
    [
        ("patient", False, False),
        ("unverified physician", False, False),
        ("verified member", True, False),
        ("staff", True, True),
        ("owner", True, True),
    ],
)
def test_each_profile_field_is_shown_to_the_audience_its_owner_chose(
    client, camille_profile, viewer_kind, sees_province, sees_specialty
):
    from django.utils import timezone

    viewers = {
        "patient": lambda: UserFactory(user_type=UserType.PATIENT),
        "unverified physician": lambda: UserFactory(user_type=UserType.PHYSICIAN),
        "verified member": lambda: UserFactory(
            user_type=UserType.LEARNER, member_id="555555", member_verified_at=timezone.now()
        ),
        "staff": lambda: UserFactory(staff_role=StaffRole.STAFF),
        "owner": lambda: camille_profile.user,
    }
    client.force_login(viewers[viewer_kind]())

    page = client.get(f"/en/people/{camille_profile.user.username}/").content.decode()

    assert "Moncton" in page
    assert ("New Brunswick" in page) is sees_province
    assert ("Family medicine" in page) is sees_specialty


def test_profiles_are_not_for_the_public(client, physician):
    response = client.get(f"/en/people/{physician.username}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_an_unknown_or_deleted_person_answers_404(client, patient, physician):
    client.force_login(patient)
    assert client.get("/en/people/nobody-here/").status_code == 404
    physician.is_active = False
    physician.save()
    assert client.get(f"/en/people/{physician.username}/").status_code == 404


def test_the_photo_is_served_only_to_those_who_may_see_it(client, physician, patient):
    client.force_login(physician)
    client.post(
        "/en/account/profile/",
        _profile_form(
            audience_photo=Audience.MEMBERS,
            photo_upload=SimpleUploadedFile("me.png", _png(), "image/png"),
        ),
    )
    url = f"/en/people/{physician.username}/photo/"

    own = client.get(url)
    client.force_login(patient)
    other = client.get(url)
    client.logout()
    anonymous = client.get(url)

    assert own.status_code == 200
    assert own["Content-Type"] == "image/webp"
    assert own["X-Content-Type-Options"] == "nosniff"
    assert other.status_code == 404
    assert anonymous.status_code == 302


def test_a_profile_page_costs_the_same_queries_whatever_the_interests(client, physician, patient):
    from collegium.accounts.services import tags_from_text

    profile = profile_ensure(user=physician)
    client.force_login(patient)
    url = f"/en/people/{physician.username}/"

    assert_flat_query_count(
        lambda: client.get(url),
        lambda: profile.interests.set(tags_from_text("a, b, c, d, e, f")),
    )


@pytest.mark.parametrize(
    "url",
    [
        "/en/account/", "/en/account/profile/", "/en/account/username/",
        "/en/account/membership/", "/en/account/terms/", "/en/account/my-data/",
        "/en/account/delete/", "/en/staff/member-claims/", "/en/people/anyone/rename/",
    ],
)  # fmt: skip
def test_account_pages_send_signed_out_people_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")

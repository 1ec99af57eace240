"""Assigned usernames (ID-4)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from collegium.accounts import services
from collegium.accounts.models import User
from collegium.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_generated_usernames_are_readable_unique_and_never_the_email():
    user = services.user_create(email="camille.tremblay@example.org", password="x" * 12)
    others = [services.user_create(email=f"p{n}@example.org", password=None) for n in range(20)]
    assert len({other.username for other in [user, *others]}) == 21
    assert "camille" not in user.username and "@" not in user.username
    assert services.USERNAME_PATTERN.match(user.username)


def test_people_ask_staff_to_change_their_username_by_default(client, physician):
    client.force_login(physician)
    page = client.get("/en/account/username/").content.decode()
    assert "write to" in page
    with pytest.raises(PermissionDenied):
        services.username_change(actor=physician, user=physician, username="new-name")


def test_where_allowed_a_person_changes_their_username_and_the_old_one_redirects(
    client, physician, settings
):
    settings.COLLEGIUM = {**settings.COLLEGIUM, "USERS_MAY_CHANGE_USERNAME": True}
    old = physician.username
    client.force_login(physician)

    response = client.post("/en/account/username/", {"username": "dr-moncton"})

    assert response.status_code == 302
    physician.refresh_from_db()
    assert physician.username == "dr-moncton"
    redirect = client.get(f"/en/people/{old}/")
    assert redirect.status_code == 301
    assert redirect["Location"] == "/en/people/dr-moncton/"


@pytest.mark.parametrize(
    ("requested", "message"),
    [
        ("a", "3 to 30 lowercase letters"),
        ("Has Spaces", "3 to 30 lowercase letters"),
        ("taken-name", "already taken"),
        ("former-name", "already taken"),
    ],
)
def test_a_bad_username_is_refused_next_to_the_field(
    client, physician, settings, requested, message
):
    settings.COLLEGIUM = {**settings.COLLEGIUM, "USERS_MAY_CHANGE_USERNAME": True}
    UserFactory(username="taken-name")
    other = UserFactory(username="former-name")
    services.username_change(actor=other, user=other, username="other-now")
    client.force_login(physician)
    before = physician.username

    response = client.post("/en/account/username/", {"username": requested})

    assert message in " ".join(response.context["form"].errors["username"])
    assert f'value="{requested}"' in response.content.decode()
    physician.refresh_from_db()
    assert physician.username == before


def test_a_username_that_reveals_the_email_is_refused(physician):
    physician.email = "camille@example.org"
    with pytest.raises(ValidationError):
        services.username_validate("camille", user=physician)


def test_staff_rename_anyone(client, staff_user, physician):
    client.force_login(staff_user)
    response = client.post(f"/en/people/{physician.username}/rename/", {"username": "dr-renamed"})
    assert response.status_code == 302
    assert User.objects.get(pk=physician.pk).username == "dr-renamed"
    assert physician.username_changes.get().changed_by == staff_user


def test_a_participant_cannot_rename_others(client, physician, patient):
    client.force_login(patient)
    assert client.get(f"/en/people/{physician.username}/rename/").status_code == 404

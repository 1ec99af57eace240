"""Registration (ID-1, ID-2, ID-3): who may sign up, email verification, the member ID claim."""

import re

import pytest
from django.core import mail

from collegium.accounts.choices import ClaimStatus, ConsentDocument, RosterStatus, UserType
from collegium.accounts.models import Consent, RosterEntry, User

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-enough-passphrase"


@pytest.fixture
def roster(db):
    return RosterEntry.objects.create(
        member_id="1234567", first_name="Camille", last_name="Tremblay",
        email="camille@example.org", member_type=UserType.PHYSICIAN, status=RosterStatus.ACTIVE,
    )  # fmt: skip


def _sign_up(client, language="en", **fields):
    data = {
        "email": "camille@example.org", "password1": PASSWORD, "password2": PASSWORD,
        "user_type": UserType.PHYSICIAN, "member_id": "1234567", "accept_terms": "on",
    }  # fmt: skip
    data.update(fields)
    return client.post(f"/{language}/accounts/signup/", data)


def _confirmation_link(message) -> str:
    found = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body)
    assert found is not None
    return found.group(0)


def test_a_physician_on_the_roster_is_verified_once_their_email_is_confirmed(
    client, roster, django_capture_on_commit_callbacks
):
    response = _sign_up(client)

    assert response.status_code == 302
    user = User.objects.get(email="camille@example.org")
    assert not user.is_member
    assert user.member_claims.get().status == ClaimStatus.PENDING
    assert user.username and "camille" not in user.username
    link = _confirmation_link(mail.outbox[-1])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)

    user.refresh_from_db()
    assert user.is_member
    assert user.member_id == "1234567"
    assert mail.outbox[-1].subject.startswith("Your membership is verified")


def test_sign_up_records_acceptance_of_the_current_terms_and_privacy(client, roster):
    _sign_up(client)
    user = User.objects.get(email="camille@example.org")
    assert set(Consent.objects.filter(user=user).values_list("document", flat=True)) == {
        ConsentDocument.TERMS,
        ConsentDocument.PRIVACY,
    }


def test_the_verification_email_is_in_the_language_of_the_sign_up(client, roster):
    _sign_up(client, language="fr")
    assert User.objects.get().preferred_language == "fr"
    assert "courriel" in mail.outbox[-1].subject.lower() or "adresse" in mail.outbox[-1].body


def test_a_patient_signs_up_when_non_members_may_register(client, settings):
    settings.COLLEGIUM = {**settings.COLLEGIUM, "NON_MEMBERS_MAY_REGISTER": True}
    response = _sign_up(client, email="pat@example.org", user_type=UserType.PATIENT, member_id="")
    assert response.status_code == 302
    patient = User.objects.get(email="pat@example.org")
    assert patient.user_type == UserType.PATIENT
    assert not patient.member_claims.exists()


def test_a_patient_is_turned_away_with_an_explanation_when_only_members_may_register(
    client, settings
):
    settings.COLLEGIUM = {**settings.COLLEGIUM, "NON_MEMBERS_MAY_REGISTER": False}

    page = client.get("/en/accounts/signup/").content.decode()
    response = _sign_up(client, email="pat@example.org", user_type=UserType.PATIENT, member_id="")

    assert "open to members of" in page
    assert 'value="patient"' not in page
    assert response.status_code == 200
    assert not User.objects.filter(email="pat@example.org").exists()
    assert response.context["form"].errors["user_type"]


@pytest.mark.parametrize(
    ("member_id", "message"),
    [
        ("", "give their member ID"),
        ("12ab", "does not look like a member ID"),
    ],
)
def test_a_physician_without_a_valid_member_id_is_told_next_to_the_field(
    client, roster, member_id, message
):
    response = _sign_up(client, member_id=member_id)

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["member_id"])
    assert 'value="camille@example.org"' in response.content.decode()
    assert not User.objects.exists()


def test_a_member_id_held_by_another_account_is_refused_at_sign_up(client, roster):
    from collegium.accounts.tests.factories import UserFactory

    UserFactory(member_id="1234567")
    response = _sign_up(client, email="other@example.org")
    assert "already linked to another account" in " ".join(
        response.context["form"].errors["member_id"]
    )


def test_an_email_already_used_is_refused(client, roster):
    from collegium.accounts.tests.factories import UserFactory

    UserFactory(email="camille@example.org")
    response = _sign_up(client)
    # allauth prevents account enumeration: the form passes and the owner gets an email instead.
    assert User.objects.filter(email="camille@example.org").count() == 1
    assert response.status_code in {200, 302}


def test_a_weak_password_is_refused_with_the_rule_it_breaks(client, roster):
    response = _sign_up(client, password1="12345678", password2="12345678")
    errors = " ".join(response.context["form"].errors["password1"])
    assert "too short" in errors or "too common" in errors or "entirely numeric" in errors
    assert not User.objects.exists()


def test_terms_must_be_accepted(client, roster):
    response = _sign_up(client, accept_terms="")
    assert response.context["form"].errors["accept_terms"]
    assert not User.objects.exists()


def test_a_member_id_not_on_the_roster_is_refused_at_sign_up_and_nothing_is_created(client):
    response = _sign_up(client, member_id="7654321")

    assert "cannot find this member ID on the membership roster" in " ".join(
        response.context["form"].errors["member_id"]
    )
    assert 'value="7654321"' in response.content.decode()
    assert not User.objects.exists()


def test_a_physician_whose_roster_email_differs_waits_for_staff_and_sees_why(client, roster):
    _sign_up(client, email="camille.t@example.org")
    user = User.objects.get()
    assert not user.is_member
    assert user.member_claims.get().status == ClaimStatus.PENDING
    client.force_login(user)
    page = client.get("/en/").content.decode()
    assert "Your membership is not verified yet" in page

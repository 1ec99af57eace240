"""Identity journeys (SPEC ID-1 to ID-6) in both languages, with axe on every page."""

import re
from email import message_from_bytes, policy

import pytest
from playwright.sync_api import expect

from collegium.accounts.choices import RosterStatus, UserType
from collegium.accounts.models import RosterEntry, User
from e2e.journeys import sign_in, translated

PASSWORD = "a-long-enough-passphrase"
# ID-6, MO-4: the terms, the privacy policy and the community guidelines are accepted together.
TERMS = "I accept the terms of use, the privacy policy and the community guidelines."
TEXT = {
    "en": {
        "create": "Create an account", "email": "Email", "password": "Password",
        "again": "Password (again)", "physician": "Physician", "patient": "Patient",
        "member_id": "Member ID (optional)",
        "submit": "Create my account", "confirm": "Confirm", "banner": "not verified yet",
        "signed_in": "Signed in as",
    },
    "fr": {
        "create": "Créer un compte", "email": "Courriel", "password": "Mot de passe",
        "again": "Mot de passe (confirmation)", "physician": "Médecin",
        "patient": "Patient ou patiente",
        "member_id": "Numéro de membre (facultatif)",
        "submit": "Créer mon compte", "confirm": "Confirmer", "banner": "pas encore vérifiée",
        "signed_in": "Session ouverte",
    },
}  # fmt: skip


def _latest_link(mailbox, pattern: str) -> str:
    newest = sorted(mailbox.glob("*.eml"))[-1]
    message = message_from_bytes(newest.read_bytes(), policy=policy.default)
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    found = re.search(pattern, part.get_content())
    assert found is not None, f"no link matching {pattern} in {newest.name}"
    return found.group(0)


@pytest.fixture
def roster(transactional_db):
    RosterEntry.objects.create(
        member_id="1234567", first_name="Camille", last_name="Tremblay",
        email="camille@example.org", member_type=UserType.PHYSICIAN, status=RosterStatus.ACTIVE,
    )  # fmt: skip


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_physician_signs_up_confirms_their_email_and_is_verified(
    page, a11y, mailbox, roster, language
):
    text = TEXT[language]
    page.goto(f"/{language}/")
    a11y(page)
    page.get_by_role("link", name=text["create"]).first.click()
    a11y(page)

    page.get_by_label(text["email"], exact=True).fill("camille@example.org")
    page.get_by_label(text["password"], exact=True).fill(PASSWORD)
    page.get_by_label(text["again"]).fill(PASSWORD)
    page.get_by_label(text["physician"], exact=True).check()
    page.get_by_label(text["member_id"]).fill("1234567")
    page.get_by_label(translated(language, TERMS)).check()
    page.get_by_role("button", name=text["submit"]).click()
    a11y(page)

    link = _latest_link(mailbox, r"https?://\S+/accounts/confirm-email/\S+/")
    page.goto(link)
    a11y(page)
    page.get_by_role("button", name=text["confirm"]).click()
    a11y(page)

    expect(page.get_by_role("link", name=re.compile(f"^{text['signed_in']}"))).to_be_visible()
    expect(page.get_by_text(text["banner"])).to_have_count(0)
    user = User.objects.get(email="camille@example.org")
    assert user.is_member
    assert user.member_id == "1234567"


def test_an_unverified_physician_claims_their_member_id_later_and_is_verified(
    page, a11y, transactional_db
):
    from collegium.accounts.tests.factories import UserFactory

    RosterEntry.objects.create(
        member_id="7654321", first_name="Alexis", last_name="Fortin",
        email="alexis@example.org", member_type=UserType.PHYSICIAN, status=RosterStatus.ACTIVE,
    )  # fmt: skip
    UserFactory(email="alexis@example.org", user_type=UserType.PHYSICIAN)
    sign_in(page, a11y, "alexis@example.org")
    expect(page.get_by_text("Your membership is not verified yet")).to_be_visible()

    page.get_by_role("link", name="Give your member ID").click()
    a11y(page)
    page.get_by_label("Member ID").fill("12")
    page.get_by_role("button", name="Verify my membership").click()
    a11y(page)
    expect(page.locator("#id_member_id_error")).to_contain_text("does not look like a member ID")
    expect(page.get_by_label("Member ID")).to_have_value("12")

    page.get_by_label("Member ID").fill("7654321")
    page.get_by_role("button", name="Verify my membership").click()
    a11y(page)

    expect(page.get_by_text("Your membership is verified (member ID 7654321)")).to_be_visible()
    expect(page.get_by_text("Your membership is not verified yet")).to_have_count(0)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_patient_signs_up_when_non_members_may_register(page, a11y, mailbox, settings, language):
    settings.COLLEGIUM = {**settings.COLLEGIUM, "NON_MEMBERS_MAY_REGISTER": True}
    text = TEXT[language]
    page.goto(f"/{language}/accounts/signup/")
    a11y(page)

    page.get_by_label(text["email"], exact=True).fill("pat@example.org")
    page.get_by_label(text["password"], exact=True).fill(PASSWORD)
    page.get_by_label(text["again"]).fill(PASSWORD)
    page.get_by_label(text["patient"], exact=True).check()
    page.get_by_label(translated(language, TERMS)).check()
    page.get_by_role("button", name=text["submit"]).click()
    a11y(page)

    assert User.objects.get(email="pat@example.org").user_type == UserType.PATIENT
    assert sorted(mailbox.glob("*.eml"))


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_patient_is_turned_away_with_an_explanation_when_only_members_may_register(
    page, a11y, settings, language
):
    settings.COLLEGIUM = {**settings.COLLEGIUM, "NON_MEMBERS_MAY_REGISTER": False}
    page.goto(f"/{language}/accounts/signup/")
    a11y(page)

    expect(page.locator("#who-can-join")).to_be_visible()
    expect(page.get_by_label(TEXT[language]["patient"], exact=True)).to_have_count(0)


def test_a_person_downloads_their_data_then_deletes_their_account(page, a11y, transactional_db):
    from collegium.accounts.tests.factories import UserFactory

    user = UserFactory(email="leaving@example.org", username="leaving-soon")
    page.context.add_cookies([])
    sign_in(page, a11y, "leaving@example.org")
    page.goto("/en/account/my-data/")
    a11y(page)

    with page.expect_download() as download:
        page.get_by_role("button", name="Download my data").click()
    assert download.value.suggested_filename == "collegium-leaving-soon.zip"

    page.get_by_role("link", name="Delete your account").click()
    a11y(page)
    page.get_by_role("button", name="Delete my account").click()
    a11y(page)
    expect(page.locator("#id_confirm_email_error")).to_be_visible()
    page.get_by_label("Keep my posts and comments").check()
    page.get_by_label("Type your email address to confirm").fill("leaving@example.org")
    page.get_by_role("button", name="Delete my account").click()
    a11y(page)

    expect(page.get_by_role("heading", name="Your account is deleted")).to_be_visible()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    assert User.objects.get(pk=user.pk).username == f"former-member-{user.pk}"


def test_a_person_changes_their_email_address_after_confirming_the_new_one(
    page, a11y, mailbox, transactional_db
):
    from collegium.accounts.tests.factories import UserFactory

    user = UserFactory(email="old@example.org")
    sign_in(page, a11y, "old@example.org")
    page.goto("/en/accounts/email/")
    a11y(page)

    page.get_by_label("Change to").fill("new@example.org")
    page.get_by_role("button", name="Change Email").click()
    a11y(page)
    link = _latest_link(mailbox, r"https?://\S+/accounts/confirm-email/\S+/")
    page.goto(link)
    a11y(page)
    page.get_by_role("button", name="Confirm").click()
    a11y(page)

    user.refresh_from_db()
    assert user.email == "new@example.org"


def test_a_person_who_forgot_their_password_resets_it_by_email(
    page, a11y, mailbox, transactional_db
):
    from collegium.accounts.tests.factories import UserFactory

    UserFactory(email="forgetful@example.org")
    page.goto("/en/accounts/password/reset/")
    a11y(page)
    page.get_by_label("Email").fill("forgetful@example.org")
    page.get_by_role("button", name="Reset My Password").click()
    a11y(page)

    page.goto(_latest_link(mailbox, r"https?://\S+/accounts/password/reset/key/\S+/"))
    a11y(page)
    page.get_by_label("New Password", exact=True).fill(PASSWORD)
    page.get_by_label("New Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Change Password").click()
    a11y(page)

    sign_in(page, a11y, "forgetful@example.org", password=PASSWORD)
    expect(page.get_by_role("link", name=re.compile("^Signed in as"))).to_be_visible()

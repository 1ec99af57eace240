"""Two-step sign-in (SPEC ID-2): an authenticator app, and recovery codes when it is lost."""

import re
import time

from allauth.mfa import app_settings
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from playwright.sync_api import expect

from collegium.accounts.tests.factories import TEST_PASSWORD, UserFactory
from e2e.journeys import sign_in


def _current_code(secret: str) -> str:
    """The app's code now, never one about to expire: a code read in the last seconds of its
    period would reach the server in the next one, where it is no longer valid."""
    period = app_settings.TOTP_PERIOD
    remaining = period - time.time() % period
    if remaining < 5:
        time.sleep(remaining + 0.1)
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


def test_a_person_turns_on_an_authenticator_app_and_signs_in_with_a_recovery_code(
    page, a11y, transactional_db
):
    UserFactory(email="careful@example.org")
    sign_in(page, a11y, "careful@example.org")
    page.goto("/en/accounts/2fa/")
    a11y(page)

    page.get_by_role("link", name="Activate").first.click()
    a11y(page)
    # Changing how one signs in asks for the password again (allauth reauthentication).
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    a11y(page)
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Authenticator code").fill(_current_code(secret))
    page.get_by_role("button", name="Activate").click()
    a11y(page)
    page.goto("/en/accounts/2fa/recovery-codes/")
    a11y(page)
    codes = page.get_by_label("Unused codes").input_value().split()
    assert len(codes) >= 5

    page.get_by_role("button", name="Sign out").click()
    a11y(page)
    sign_in(page, a11y, "careful@example.org")
    expect(page.get_by_label("Code")).to_be_visible()
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Sign In").click()
    a11y(page)

    expect(page.get_by_role("link", name=re.compile("^Signed in as"))).to_be_visible()


def test_a_person_adds_a_passkey_and_signs_in_with_it(page, a11y, transactional_db):
    from allauth.mfa.models import Authenticator

    user = UserFactory(email="passkey@example.org")
    # Chromium's virtual authenticator stands in for a phone or a security key.
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2", "transport": "internal", "hasResidentKey": True,
                "hasUserVerification": True, "isUserVerified": True,
            }
        },
    )  # fmt: skip
    sign_in(page, a11y, "passkey@example.org")
    page.goto("/en/accounts/2fa/webauthn/add/")
    a11y(page)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    a11y(page)

    page.get_by_label("Name").fill("Laptop")
    page.get_by_label("Passwordless").check()
    page.get_by_role("button", name="Add", exact=True).click()
    # The first key also creates recovery codes, which allauth then shows.
    page.wait_for_url(re.compile(r".*/2fa/recovery-codes/$"))
    a11y(page)

    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.WEBAUTHN).exists()
    page.get_by_role("button", name="Sign out").click()
    a11y(page)
    page.goto("/en/accounts/login/")
    a11y(page)
    page.get_by_role("button", name="Sign in with a passkey").click()
    page.wait_for_url(re.compile(r".*/en/$"))
    expect(page.get_by_role("link", name=re.compile("^Signed in as"))).to_be_visible()
    a11y(page)

"""Single sign-on with the association's identity provider (SPEC ID-2, ID-3), in a browser.

The provider is a real OpenID Connect provider (oidc-provider-mock, started by ``e2e.oidc``);
its pages are not ours, so axe checks Collegium's pages only.
"""

import copy
import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from collegium.accounts.choices import UserType
from collegium.accounts.models import User
from e2e.oidc import provider_running

SIGNED_IN = {"en": "Signed in as", "fr": "Session ouverte"}


@pytest.fixture
def association(settings):
    """The association's provider, configured as OIDC_ISSUER would configure it.

    The live server runs in this process, and allauth reads its settings at request time.
    """
    with provider_running() as provider:
        settings.SOCIALACCOUNT_PROVIDERS = provider.socialaccount_providers()
        # Chromium applies form-action to the redirect that follows "Continue", so the policy
        # must name the provider: what config/settings.py has to do for OIDC_ISSUER (see
        # collegium/accounts/tests/test_oidc.py, the content-security-policy test).
        policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
        policy["DIRECTIVES"]["form-action"] = [
            *policy["DIRECTIVES"]["form-action"],
            provider.issuer,
        ]
        settings.CONTENT_SECURITY_POLICY = policy
        yield provider


def _say(language: str, message: str, context: str | None = None) -> str:
    # Our wording in the page's language, from the catalogue (tests/test_translations.py
    # checks that the French catalogue is complete).
    with translation.override(language):
        if context:
            return translation.pgettext(context, message)
        return translation.gettext(message)


def _sign_in_at_the_association(page, page_watch, association, sub: str) -> None:
    page.wait_for_url(f"{association.issuer}/**")
    # The provider's page is the association's, not ours: axe does not judge it.
    page_watch.unchecked_loads[:] = [
        url for url in page_watch.unchecked_loads if not url.startswith(association.issuer)
    ]
    page.get_by_placeholder("sub").fill(sub)
    page.get_by_role("button", name="Authorize").click()


def _sign_in_through_the_association(page, a11y, page_watch, association, language, sub):
    # The provider's page asks a CDN for its stylesheet; tests do not depend on the internet.
    page.route(
        "https://cdn.jsdelivr.net/**",
        lambda route: route.fulfill(status=200, content_type="text/css", body=""),
    )
    page.goto(f"/{language}/")
    a11y(page)
    page.get_by_role("link", name=_say(language, "Sign in", "action")).first.click()
    a11y(page)
    page.get_by_role("link", name="Association").click()
    a11y(page)
    page.get_by_role("button", name=_say(language, "Continue")).click()
    _sign_in_at_the_association(page, page_watch, association, sub)

    # ID-6: back on Collegium, signed in, a new account accepts the terms before going on.
    # MO-4: with the community guidelines.
    terms = page.get_by_label(
        _say(
            language,
            "I accept the terms of use, the privacy policy and the community guidelines.",
        )
    )
    expect(terms).to_be_visible()
    a11y(page)
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("link", name=re.compile(f"^{SIGNED_IN[language]}"))).to_be_visible()
    terms.check()
    page.get_by_role("button", name=_say(language, "Accept and continue")).click()
    page.wait_for_url(f"**/{language}/")
    a11y(page)
    page.get_by_role("link", name=re.compile(f"^{SIGNED_IN[language]}")).click()
    a11y(page)
    expect(
        page.get_by_role("heading", level=1, name=_say(language, "Your account"))
    ).to_be_visible()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_physician_signs_in_through_the_association_and_is_a_verified_member(
    page, a11y, page_watch, association, language
):
    association.user_set(
        "camille", email="camille@example.org", user_type="physician", member_id="1234567"
    )

    _sign_in_through_the_association(page, a11y, page_watch, association, language, "camille")

    expect(page.get_by_text(_say(language, "Your membership is not verified yet"))).to_have_count(0)
    expect(page.get_by_text(_say(language, "verified member"))).to_be_visible()
    user = User.objects.get(email="camille@example.org")
    assert user.user_type == UserType.PHYSICIAN
    assert user.member_id == "1234567"
    assert user.is_member
    assert user.preferred_language == language


def test_a_patient_signs_in_through_the_association_and_is_not_a_member(
    page, a11y, page_watch, association
):
    association.user_set("sam", email="sam@example.org", user_type="patient")

    _sign_in_through_the_association(page, a11y, page_watch, association, "en", "sam")

    expect(page.get_by_text("Patient", exact=True)).to_be_visible()
    expect(page.get_by_text("verified member")).to_have_count(0)
    user = User.objects.get(email="sam@example.org")
    assert user.user_type == UserType.PATIENT
    assert user.member_id is None
    assert not user.is_member

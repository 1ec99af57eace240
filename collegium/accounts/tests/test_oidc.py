"""Single sign-on with the association's identity provider (SPEC ID-2, ID-3).

Every test talks to a real OpenID Connect provider (oidc-provider-mock, started by
``e2e.oidc``) over HTTP: allauth fetches its discovery document, exchanges the code at its
token endpoint, reads its userinfo. Nothing of allauth is mocked. The browser's part is played
by Django's test client on our side and ``requests`` on the provider's side.
"""

import json
import os
import subprocess
import sys
from datetime import datetime
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from collegium.accounts.choices import ClaimStatus, UserType
from collegium.accounts.models import MemberClaim, User
from collegium.accounts.services import USERNAME_PATTERN
from collegium.accounts.tests.factories import UserFactory
from e2e.oidc import provider_running

pytestmark = pytest.mark.django_db

CAMILLE = {"email": "camille@example.org", "user_type": "physician", "member_id": "1234567"}


@pytest.fixture
def association(settings):
    """The association's provider, configured as OIDC_ISSUER would configure it."""
    with provider_running() as provider:
        settings.SOCIALACCOUNT_PROVIDERS = provider.socialaccount_providers()
        provider.user_set("camille", **CAMILLE)
        yield provider


def _sign_in_at_provider(client: Client, sub: str) -> str:
    """Start SSO from Collegium and sign in at the provider: the URL it sends the browser to."""
    with translation.override("en"):
        login = reverse("openid_connect_login", kwargs={"provider_id": "association"})
    start = client.post(login)
    assert start.status_code == 302, start.content
    authorised = requests.post(
        start["Location"], data={"sub": sub}, allow_redirects=False, timeout=5
    )
    assert authorised.status_code == 302, authorised.text
    callback = urlsplit(authorised.headers["Location"])
    return f"{callback.path}?{callback.query}"


def _return_to_collegium(client: Client, callback: str, capture_on_commit_callbacks):
    # Member verification runs after the sign-in commits, as in production.
    with capture_on_commit_callbacks(execute=True):
        return client.get(callback)


def _with_query(callback: str, **changes: str) -> str:
    path, _, query = callback.partition("?")
    params = {name: values[0] for name, values in parse_qs(query).items()}
    return f"{path}?{urlencode({**params, **changes})}"


def _assert_nobody_signed_in(client: Client) -> None:
    assert "_auth_user_id" not in client.session
    assert not User.objects.exists()
    assert not SocialAccount.objects.exists()


def test_a_physician_signing_in_through_the_association_gets_one_verified_account(
    client, association, django_capture_on_commit_callbacks
):
    callback = _sign_in_at_provider(client, "camille")
    response = _return_to_collegium(client, callback, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    user = User.objects.get()
    assert client.session["_auth_user_id"] == str(user.pk)
    # ID-4: the handle is assigned by the platform, never taken from the email.
    assert USERNAME_PATTERN.match(user.username)
    assert "camille" not in user.username
    assert user.email == "camille@example.org"
    assert user.user_type == UserType.PHYSICIAN
    # ID-3: the association vouches for the member ID in its own token.
    assert user.member_id == "1234567"
    assert isinstance(user.member_verified_at, datetime)
    assert user.is_member
    assert SocialAccount.objects.get().uid == "camille"


def test_signing_in_again_through_the_association_reuses_the_same_account(
    client, association, django_capture_on_commit_callbacks
):
    first = _sign_in_at_provider(client, "camille")
    _return_to_collegium(client, first, django_capture_on_commit_callbacks)
    user = User.objects.get()

    other_browser = Client()
    again = _sign_in_at_provider(other_browser, "camille")
    _return_to_collegium(other_browser, again, django_capture_on_commit_callbacks)

    assert other_browser.session["_auth_user_id"] == str(user.pk)
    assert User.objects.count() == 1
    assert SocialAccount.objects.count() == 1
    assert User.objects.get().username == user.username


def test_a_person_the_association_calls_a_patient_is_a_patient_and_not_a_member(
    client, association, django_capture_on_commit_callbacks
):
    association.user_set("sam", email="sam@example.org", user_type="patient", member_id="7654321")

    callback = _sign_in_at_provider(client, "sam")
    _return_to_collegium(client, callback, django_capture_on_commit_callbacks)

    user = User.objects.get()
    assert user.user_type == UserType.PATIENT
    assert user.member_id is None
    assert not user.is_member
    assert not MemberClaim.objects.exists()


def test_a_user_type_collegium_does_not_know_makes_a_member_of_the_public(
    client, association, django_capture_on_commit_callbacks
):
    association.user_set("root", email="root@example.org", user_type="administrator")

    callback = _sign_in_at_provider(client, "root")
    _return_to_collegium(client, callback, django_capture_on_commit_callbacks)

    assert User.objects.get().user_type == UserType.PUBLIC


def test_a_member_id_another_account_holds_is_not_given_to_the_newcomer(
    client, association, django_capture_on_commit_callbacks
):
    holder = UserFactory(member_id="1234567", member_verified_at=timezone.now())

    callback = _sign_in_at_provider(client, "camille")
    _return_to_collegium(client, callback, django_capture_on_commit_callbacks)

    newcomer = User.objects.exclude(pk=holder.pk).get()
    assert newcomer.member_id is None
    assert not newcomer.is_member
    # Staff decide between the two accounts (ID-3).
    claim = MemberClaim.objects.get(user=newcomer)
    assert (claim.member_id, claim.status) == ("1234567", ClaimStatus.PENDING)
    holder.refresh_from_db()
    assert holder.member_id == "1234567"


def test_a_callback_whose_state_was_tampered_with_signs_nobody_in(client, association):
    # The state ties the provider's answer to the sign-in this browser started (CSRF on login).
    callback = _sign_in_at_provider(client, "camille")
    state = parse_qs(urlsplit(callback).query)["state"][0]

    response = client.get(_with_query(callback, state=state[::-1]))

    assert response.status_code == 401
    assert "Third-Party Login Failure" in response.content.decode()
    _assert_nobody_signed_in(client)


def test_a_code_issued_to_another_browser_signs_nobody_in(client, association):
    # Code injection: an attacker replays the victim's code with the attacker's own, valid,
    # state. PKCE refuses it: the code was issued for the victim's challenge, and only the
    # victim's session holds the matching verifier (e2e.oidc makes the mock check it, as the
    # association's provider does). An OIDC nonce would catch this too; allauth sends none.
    victims_callback = _sign_in_at_provider(Client(), "camille")
    victims_code = parse_qs(urlsplit(victims_callback).query)["code"][0]
    attackers_callback = _sign_in_at_provider(client, "mallory")

    response = client.get(_with_query(attackers_callback, code=victims_code))

    assert response.status_code == 401
    _assert_nobody_signed_in(client)


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"aud": ["another-client"]}, id="issued to another client"),
        pytest.param({"iss": "https://idp.example.org"}, id="issued by another provider"),
        pytest.param({"exp": 1_000_000_000}, id="expired"),
    ],
)
def test_an_id_token_not_meant_for_collegium_signs_nobody_in(client, association, changes):
    # The provider signs a token whose audience, issuer or lifetime is wrong; allauth must
    # check the claims, not only that the token came from the token endpoint.
    association.id_token_changes = changes
    callback = _sign_in_at_provider(client, "camille")

    response = client.get(callback)

    assert response.status_code == 401
    assert "Third-Party Login Failure" in response.content.decode()
    _assert_nobody_signed_in(client)


def test_a_token_the_provider_re_signs_with_the_right_claims_still_signs_in(
    client, association, django_capture_on_commit_callbacks
):
    # Control for the test above: re-signing alone does not make allauth refuse a token, so
    # each refusal there comes from the claim that was changed.
    association.id_token_changes = {"aud": ["collegium"], "iss": association.issuer}
    callback = _sign_in_at_provider(client, "camille")

    _return_to_collegium(client, callback, django_capture_on_commit_callbacks)

    assert client.session["_auth_user_id"] == str(User.objects.get().pk)


def test_an_id_token_with_a_nonce_collegium_never_sent_signs_nobody_in(client, association):
    association.id_token_changes = {"nonce": "chosen-by-an-attacker"}
    callback = _sign_in_at_provider(client, "camille")

    client.get(callback)

    _assert_nobody_signed_in(client)


def test_the_content_security_policy_lets_the_sign_in_form_go_on_to_the_association(
    settings, tmp_path
):
    # Settings as production loads them, in a fresh interpreter with OIDC_ISSUER set.
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("OIDC_", "DJANGO_"))}
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        COLLEGIUM_DATA_DIR=str(tmp_path),
        OIDC_ISSUER="https://idp.example.org/realms/members",
        OIDC_CLIENT_ID="collegium",
        OIDC_CLIENT_SECRET="secret",
    )
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action']))"
    )
    result = subprocess.run(  # noqa: S603 - our own code, in this interpreter
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True, check=True,
    )  # fmt: skip

    assert "https://idp.example.org" in json.loads(result.stdout)

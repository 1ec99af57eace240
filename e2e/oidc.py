"""The association's identity provider, for tests: oidc-provider-mock on a free local port.

The mock is a real OpenID Connect provider (discovery, authorization form, token, userinfo,
JWKS; RS256-signed ID tokens). It accepts any client ID and secret. Two additions make it a
stricter stand-in for the association's provider and let tests see what a bad one would do:

- it enforces PKCE (S256) at the token endpoint, as the association's provider does, which the
  mock alone does not;
- ``Provider.id_token_changes`` rewrites claims of the next ID tokens it issues, re-signed with
  the provider's own key, so a test can hand Collegium a token for another client.
"""

from __future__ import annotations

import base64
import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import flask
import jwt
import oidc_provider_mock
import requests
import werkzeug.serving

CLIENT_ID = "collegium"
CLIENT_SECRET = "collegium-test-secret"  # the mock accepts any secret


@dataclass
class Provider:
    """A running provider: where it is, who may sign in, and how its next ID tokens look."""

    issuer: str
    id_token_changes: dict[str, Any] = field(default_factory=dict)
    _challenges: dict[str, str] = field(default_factory=dict)
    _signing_key: bytes = b""

    def user_set(self, sub: str, **claims: Any) -> None:
        """The person ``sub`` exists at the provider with these claims (ID token and userinfo)."""
        response = requests.put(f"{self.issuer}/users/{sub}", json=claims, timeout=5)
        response.raise_for_status()

    def socialaccount_providers(self, *, client_id: str = CLIENT_ID) -> dict[str, Any]:
        """``SOCIALACCOUNT_PROVIDERS`` as config/settings.py builds it with ``OIDC_ISSUER`` set."""
        from django.conf import settings

        return {
            "openid_connect": {
                "provider_class": settings.SOCIALACCOUNT_PROVIDERS["openid_connect"][
                    "provider_class"
                ],
                "OAUTH_PKCE_ENABLED": True,
                "APPS": [
                    {
                        "provider_id": "association",
                        "name": "Association",
                        "client_id": client_id,
                        "secret": CLIENT_SECRET,
                        "settings": {
                            "server_url": self.issuer,
                            "token_auth_method": "client_secret_basic",
                            "fetch_userinfo": True,
                        },
                    }
                ],
            }
        }

    def _remember_challenge(self, response: flask.Response) -> flask.Response:
        # The authorization code travels in the redirect; keep the challenge it was issued for.
        request = flask.request
        challenge = request.args.get("code_challenge")
        code = _query_value(response.headers.get("Location", ""), "code")
        if request.method == "POST" and challenge and code:
            self._challenges[code] = challenge
        return response

    def _check_verifier(self) -> flask.Response | None:
        form = flask.request.form
        if form.get("grant_type") != "authorization_code":
            return None
        challenge = self._challenges.pop(form.get("code", ""), None)
        verifier = form.get("code_verifier", "")
        digest = hashlib.sha256(verifier.encode()).digest()
        if challenge is None or base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != challenge:
            return flask.make_response(
                {"error": "invalid_grant", "error_description": "Code challenge failed."}, 400
            )
        return None

    def _rewrite_id_token(self, response: flask.Response) -> flask.Response:
        body = response.get_json(silent=True)
        if not self.id_token_changes or not isinstance(body, dict) or "id_token" not in body:
            return response
        claims = jwt.decode(body["id_token"], options={"verify_signature": False})
        claims.update(self.id_token_changes)
        header = jwt.get_unverified_header(body["id_token"])
        body["id_token"] = jwt.encode(claims, self._signing_key, algorithm="RS256", headers=header)
        response.set_data(flask.json.dumps(body))
        return response


class _QuietRequestHandler(werkzeug.serving.WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


def _query_value(url: str, name: str) -> str | None:
    values = parse_qs(urlsplit(url).query).get(name)
    return values[0] if values else None


@contextmanager
def provider_running() -> Iterator[Provider]:
    """Start the provider on 127.0.0.1 in a background thread; stop it afterwards."""
    app = oidc_provider_mock.app()
    server = werkzeug.serving.make_server(
        "127.0.0.1", 0, app, threaded=True, request_handler=_QuietRequestHandler
    )
    provider = Provider(issuer=f"http://127.0.0.1:{server.server_port}")

    @app.before_request
    def enforce_pkce() -> flask.Response | None:
        if flask.request.path == "/oauth2/token":
            return provider._check_verifier()
        return None

    @app.after_request
    def watch_codes_and_tokens(response: flask.Response) -> flask.Response:
        if flask.request.path == "/oauth2/authorize":
            return provider._remember_challenge(response)
        if flask.request.path == "/oauth2/token":
            return provider._rewrite_id_token(response)
        return response

    with app.test_request_context():
        app.preprocess_request()  # the mock keeps its signing key where its views find it
        provider._signing_key = flask.g.oidc_provider_mock_storage.jwk.as_pem(is_private=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.daemon = True
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)

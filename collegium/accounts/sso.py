"""Single sign-on with the association's identity provider (SPEC ID-2).

allauth's OpenID Connect provider checks ``state``, PKCE, the issuer, the audience and the
signature, but sends no ``nonce``. This subclass (``provider_class`` in settings) sends one bound
to the browser's sign-in state; ``SocialAccountAdapter.pre_social_login`` refuses an ID token
that does not carry it back.
"""

from __future__ import annotations

import secrets
from typing import Any

from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from django.http import HttpRequest, HttpResponse


class NonceOpenIDConnectProvider(OpenIDConnectProvider):
    # allauth finds the URLs of a provider class in its package.
    package = "allauth.socialaccount.providers.openid_connect"

    def redirect(
        self,
        request: HttpRequest,
        process: Any,
        next_url: str | None = None,
        data: Any = None,
        **kwargs: Any,
    ) -> HttpResponse:
        nonce = secrets.token_urlsafe(32)
        auth_params = kwargs.pop("auth_params", None)
        if auth_params is None:
            auth_params = self.get_auth_params()
        # The nonce goes to the provider and into allauth's stashed state for this sign-in.
        return super().redirect(
            request, process, next_url, data,
            auth_params={**auth_params, "nonce": nonce}, nonce=nonce, **kwargs,
        )  # fmt: skip


provider_classes = [NonceOpenIDConnectProvider]

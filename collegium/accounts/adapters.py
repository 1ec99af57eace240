"""How django-allauth fits Collegium: assigned usernames, languages, roster checks, SSO claims."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialLogin
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import gettext as _

from collegium.accounts import services
from collegium.accounts.choices import UserType
from collegium.accounts.models import Profile, User
from collegium.accounts.sso import NonceOpenIDConnectProvider


class AccountAdapter(DefaultAccountAdapter):
    def populate_username(self, request: HttpRequest, user: Any) -> None:
        # ID-4: the platform assigns a readable handle; it never comes from the email or name.
        if not user.username:
            user.username = services.username_generate()

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        user = super().save_user(request, user, form, commit=False)
        user.preferred_language = translation.get_language() or settings.LANGUAGE_CODE
        if commit:
            user.save()
            Profile.objects.get_or_create(user=user)
        return user

    def confirm_email(self, request: HttpRequest, email_address: EmailAddress) -> bool:
        confirmed = super().confirm_email(request, email_address)
        if confirmed:
            # ID-3: a claim waiting for a verified address may now match the roster.
            services.member_claims_reevaluate(user=email_address.user)
        return bool(confirmed)

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        # CO-3: someone who registered from an invitation link lands back on it.
        if request.session.get("collegium_invitation_token"):
            return self.get_login_redirect_url(request)
        return str(super().get_signup_redirect_url(request))

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        # CO-3: someone who followed an invitation link before having an account lands on it.
        token = request.session.get("collegium_invitation_token")
        if token:
            url = reverse("communities:invitation", kwargs={"token": token})
        else:
            url = super().get_login_redirect_url(request)
        # ID-5: after sign-in the interface speaks the person's preferred language.
        return translate_url(url, request.user.preferred_language)  # type: ignore[union-attr]

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        # ID-5: every email in the recipient's language.
        recipient = User.objects.filter(email__iexact=email).only("preferred_language").first()
        language = recipient.preferred_language if recipient else translation.get_language()
        with translation.override(language):
            super().send_mail(template_prefix, email, context)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Single sign-on with the association's identity provider (ID-2, ID-3)."""

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        # ID-2: the ID token must carry back the nonce this browser's sign-in sent (sso.py).
        if isinstance(sociallogin.account.get_provider(request), NonceOpenIDConnectProvider):
            expected = (sociallogin.state or {}).get("nonce")
            id_token = (sociallogin.account.extra_data or {}).get("id_token") or {}
            if not expected or id_token.get("nonce") != expected:
                raise PermissionDenied(_("The sign-in could not be confirmed. Please try again."))

    def populate_user(
        self, request: HttpRequest, sociallogin: SocialLogin, data: dict[str, Any]
    ) -> Any:
        user = super().populate_user(request, sociallogin, data)
        claims = _claims(sociallogin)
        user_type = str(claims.get(settings.OIDC_USER_TYPE_CLAIM, "")).strip().lower()
        user.user_type = user_type if user_type in UserType.values else UserType.PUBLIC
        user.preferred_language = translation.get_language() or settings.LANGUAGE_CODE
        user.username = ""
        return user

    def save_user(self, request: HttpRequest, sociallogin: SocialLogin, form: Any = None) -> Any:
        user = super().save_user(request, sociallogin, form)
        Profile.objects.get_or_create(user=user)
        member_id = str(_claims(sociallogin).get(settings.OIDC_MEMBER_ID_CLAIM, "") or "")
        if member_id and user.user_type in {UserType.PHYSICIAN, UserType.LEARNER}:
            # The association vouches for the member ID it puts in its own token (SPEC ID-3).
            transaction.on_commit(
                lambda: services.member_sso_verify(user=user, member_id=member_id)
            )
        return user


def _claims(sociallogin: SocialLogin) -> dict[str, Any]:
    data = sociallogin.account.extra_data or {}
    # allauth keeps the userinfo and the ID token claims; either may carry ours.
    merged: dict[str, Any] = {}
    for part in (data.get("id_token") or {}, data.get("userinfo") or {}, data):
        if isinstance(part, dict):
            merged.update(part)
    return merged

"""Ask signed-in people to accept new terms before they go on (SPEC ID-6)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode

# Pages a person must still reach: the texts to read, signing out, managing the account
# itself (allauth), and the operations endpoints; also the header's unread count (fetched by
# every page, the consent page included) and the email unsubscribe links (NO-2). The home
# page is not one of them, so that a new account made through single sign-on meets the terms
# at once.
EXEMPT_NAMESPACES = {"admin", "dev_mail"}
EXEMPT_NAME_PREFIXES = ("account_", "mfa_", "socialaccount_", "openid_connect_")
EXEMPT_NAMES = {
    "accounts:consent", "accounts:delete", "accounts:data_export", "healthz", "readyz",
    "theme_set", "pages:help", "pages:guidelines", "pages:privacy", "pages:terms",
    "notifications:bell", "notifications:unsubscribe",
}  # fmt: skip


def consent_middleware(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.method != "GET":
            return get_response(request)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return get_response(request)
        if (
            match.namespace in EXEMPT_NAMESPACES
            or match.view_name in EXEMPT_NAMES
            or (match.url_name or "").startswith(EXEMPT_NAME_PREFIXES)
            or request.path_info.startswith("/static/")
        ):
            return get_response(request)
        from collegium.accounts.selectors import consents_missing

        if consents_missing(user=user):
            target = reverse("accounts:consent")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return get_response(request)

    return middleware

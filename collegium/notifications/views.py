"""Notifications (NO-1), the bell, what someone follows and their email preferences (NO-2),
one-click unsubscribing (NO-2, RFC 8058). Thin: the selectors read, the services decide."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from collegium.accounts.models import User
from collegium.core.redirects import is_ours, safe_next
from collegium.core.validation import add_errors
from collegium.notifications import forms, selectors, services, tokens
from collegium.notifications.choices import Frequency
from collegium.notifications.kinds import localized
from collegium.notifications.models import Subscription

# The event the bell listens for, so that its count follows what is read on the page.
CHANGED_EVENT = "notifications-changed"


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _is_htmx(request: HttpRequest) -> bool:
    return bool(request.headers.get("HX-Request"))


# The list (NO-1) -------------------------------------------------------------------------------


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    viewer = _user(request)
    cursor = request.GET.get("cursor", "")
    page = selectors.notifications_page(viewer, cursor)
    return render(
        request,
        "notifications/list.html",
        {
            "page": page,
            "cursor": cursor,
            "unread": selectors.unread_count(viewer),
            "here": request.get_full_path(),
        },
    )


@login_required
@require_GET
def notification_open(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark a notification read and go to what it is about (a page of this site only)."""
    viewer = _user(request)
    notification = selectors.notification_get(viewer, notification_id)
    services.notification_mark_read(user=viewer, notification_id=notification.pk)
    target = localized(notification.link)
    if not target.startswith("/") or not is_ours(request, target):
        target = reverse("notifications:list")
    return redirect(target)


@login_required
@require_POST
def notification_mark_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    viewer = _user(request)
    services.notification_mark_read(user=viewer, notification_id=notification_id)
    if _is_htmx(request):
        notification = selectors.notification_get(viewer, notification_id)
        response = render(
            request,
            "notifications/components/item.html",
            {"notification": notification, "here": safe_next(request, "")},
        )
        response["HX-Trigger"] = CHANGED_EVENT
        return response
    return redirect(safe_next(request, reverse("notifications:list")))


@login_required
@require_POST
def notifications_mark_all_read(request: HttpRequest) -> HttpResponse:
    services.notifications_mark_all_read(user=_user(request))
    messages.success(request, _("All your notifications are marked as read."))
    return redirect(safe_next(request, reverse("notifications:list")))


@never_cache
@require_GET
def bell(request: HttpRequest) -> HttpResponse:
    """The bell with the unread count, which the page's header asks for, then polls."""
    if not isinstance(request.user, User):
        if _is_htmx(request):
            # Signed out in another tab: leave the header as it is rather than put a sign-in
            # page into it.
            return HttpResponse(status=204)
        return redirect_to_login(request.get_full_path())
    return render(
        request,
        "notifications/components/bell.html",
        {
            "unread": selectors.unread_count(request.user),
            "poll_seconds": settings.COLLEGIUM["NOTIFICATION_POLL_SECONDS"],
            "changed_event": CHANGED_EVENT,
        },
    )


# Preferences (NO-2, NO-4) ----------------------------------------------------------------------


def _preferences_context(
    request: HttpRequest,
    viewer: User,
    follows: list[selectors.Follow],
    bound: dict[str, forms.forms.Form],
) -> dict[str, Any]:
    email_initial: dict[str, Any] = dict(selectors.email_frequencies(viewer))
    email_initial["follow_threads_i_post_in"] = selectors.follows_threads_i_post_in(viewer)
    token = services.settings_for(viewer).feed_token
    return {
        "follows_form": bound.get("follows") or forms.FollowsForm(follows),
        "email_form": bound.get("email") or forms.EmailPreferencesForm(initial=email_initial),
        "tag_form": bound.get("tag") or forms.TagFollowForm(),
        "lost_access": any(not follow.is_readable for follow in follows),
        "notifications_feed_url": request.build_absolute_uri(
            reverse("notifications:feed", kwargs={"token": token})
        ),
        "community_feeds": [
            (
                community,
                request.build_absolute_uri(
                    reverse(
                        "notifications:community_feed",
                        kwargs={"token": token, "slug": community.slug},
                    )
                ),
            )
            for community in selectors.communities_with_feeds(viewer)
        ],
    }


def _saved(request: HttpRequest, message: str, anchor: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(f"{reverse('notifications:preferences')}#{anchor}")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    """What the person follows and how often they hear of it, their email for what concerns
    them, following a tag, and their private feeds: one page, a form for each."""
    viewer = _user(request)
    follows = selectors.follows_of(viewer)
    bound: dict[str, Any] = {}
    if request.method == "POST":
        which = request.POST.get("form")
        if which == "follows":
            follows_form = forms.FollowsForm(follows, request.POST)
            if follows_form.is_valid():
                services.follows_save(user=viewer, frequencies=follows_form.frequencies())
                return _saved(request, _("Your choices for what you follow are saved."), "follows")
            bound["follows"] = follows_form
        elif which == "email":
            email_form = forms.EmailPreferencesForm(request.POST)
            if email_form.is_valid():
                services.email_preferences_save(
                    user=viewer,
                    frequencies=email_form.frequencies(),
                    follow_threads_i_post_in=email_form.cleaned_data["follow_threads_i_post_in"],
                )
                return _saved(request, _("Your email preferences are saved."), "email")
            bound["email"] = email_form
        elif which == "tag":
            tag_form = forms.TagFollowForm(request.POST)
            if tag_form.is_valid():
                try:
                    subscription = services.follow_set(
                        user=viewer,
                        target=tag_form.cleaned_data["tag"],
                        frequency=tag_form.cleaned_data["frequency"],
                    )
                except ValidationError as error:
                    add_errors(tag_form, error)
                else:
                    _followed(request, subscription)
                    return redirect(f"{reverse('notifications:preferences')}#follows")
            bound["tag"] = tag_form
        else:
            return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        _preferences_context(request, viewer, follows, bound),
        status=400 if bound else 200,
    )


@login_required
@require_POST
def feed_token_reset(request: HttpRequest) -> HttpResponse:
    services.feed_token_reset(user=_user(request))
    return _saved(
        request,
        _(
            "Your private feeds have new secret addresses. The old addresses no longer work: "
            "give the new ones to your feed reader."
        ),
        "feeds",
    )


# Following (NO-2) ------------------------------------------------------------------------------


@login_required
@require_POST
def follow(request: HttpRequest) -> HttpResponse:
    """The follow control of a community, its blog, a discussion or a tag."""
    viewer = _user(request)
    form = forms.FollowForm(request.POST)
    if not form.is_valid():
        raise Http404
    kind = form.cleaned_data["target"]
    target = selectors.follow_target(kind, form.cleaned_data["id"])
    back = safe_next(request, reverse("notifications:preferences"))
    try:
        subscription = services.follow_set(
            user=viewer,
            target=target,
            frequency=form.cleaned_data["frequency"],
            blog=kind == "blog",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    _followed(request, subscription)
    return redirect(back)


def _followed(request: HttpRequest, subscription: Subscription) -> None:
    what = services.follow_label(subscription)
    if subscription.frequency == Frequency.NEVER:
        messages.success(request, _("You no longer follow %(item)s.") % {"item": what})
    else:
        messages.success(
            request,
            _("You follow %(item)s. Email: %(frequency)s.")
            % {"item": what, "frequency": Frequency(subscription.frequency).label},
        )


# Unsubscribing (NO-2, RFC 8058) ----------------------------------------------------------------


def _unsubscribe_page(
    request: HttpRequest, state: str, status: int, **context: Any
) -> HttpResponse:
    return render(
        request, "notifications/unsubscribe.html", {"state": state, **context}, status=status
    )


# A mail provider's one-click unsubscribe posts "List-Unsubscribe=One-Click" with no cookie and no
# CSRF token: the signed, expiring, single-use link is the authority (RFC 8058).
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET says what the link stops and changes nothing; POST stops it."""
    try:
        if request.method == "POST":
            result = services.unsubscribe(token=token)
            return _unsubscribe_page(
                request, "done" if result.done else "already", 200, what=result.what
            )
        _person, what = services.unsubscribe_describe(tokens.read(token))
    except tokens.InvalidLink:
        return _unsubscribe_page(request, "invalid", 400)
    except tokens.ExpiredLink:
        return _unsubscribe_page(request, "expired", 410)
    return _unsubscribe_page(request, "confirm", 200, what=what)

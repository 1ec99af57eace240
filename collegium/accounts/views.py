"""People and identity pages: profiles, member verification, usernames, consent, data rights."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from collegium import permissions
from collegium.accounts import data_rights, selectors, services
from collegium.accounts.forms import (
    AccountDeleteForm,
    ClaimRejectForm,
    ConsentForm,
    GuidelinesAcceptForm,
    MemberClaimForm,
    ProfileForm,
    UsernameForm,
)
from collegium.accounts.models import MemberClaim, User
from collegium.core.redirects import safe_next
from collegium.pages.selectors import guidelines_version_current


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@login_required
def profile_detail(request: HttpRequest, username: str) -> HttpResponse:
    """A person's profile: each field shown to the audience its owner chose (ID-5)."""
    lookup = selectors.profile_get(viewer=_user(request), username=username)
    if lookup.current_username is not None:
        # ID-4: an old username leads to the person's profile under their current one.
        return redirect("accounts:profile", username=lookup.current_username, permanent=True)
    person = lookup.user
    assert person is not None
    profile = services.profile_ensure(user=person)
    return render(
        request,
        "accounts/profile_detail.html",
        {
            "person": person,
            "profile": profile,
            "visible": selectors.profile_fields_for(viewer=_user(request), profile=profile),
            "may_rename": permissions.can_change_username(_user(request), person),
        },
    )


def profile_redirect(request: HttpRequest, username: str) -> HttpResponse:
    """``/u/<username>``: the language-neutral link that @mentions store (CT-1), sent on to the
    profile in the reader's language, where the usual checks apply."""
    from django.utils import translation

    language = translation.get_language_from_request(request, check_path=False)
    with translation.override(language):
        return redirect("accounts:profile", username=username)


@login_required
def profile_photo(request: HttpRequest, username: str) -> FileResponse:
    """The photo, only to those who may see it; never from a public media URL (SPEC §0)."""
    lookup = selectors.profile_get(viewer=_user(request), username=username)
    person = lookup.user
    if person is None:
        raise Http404
    profile = services.profile_ensure(user=person)
    if not profile.photo or not permissions.can_view_profile_field(
        _user(request), profile, "photo"
    ):
        raise Http404
    response = FileResponse(profile.photo.open("rb"), content_type="image/webp")
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    profile = services.profile_ensure(user=user)
    form = ProfileForm(request.POST or None, request.FILES or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save_profile(user=user)
        messages.success(request, _("Your profile is saved."))
        return redirect("accounts:profile", username=user.username)
    return render(request, "accounts/profile_edit.html", {"form": form, "profile": profile})


@login_required
@require_http_methods(["GET", "POST"])
def username_edit(request: HttpRequest) -> HttpResponse:
    """Change one's own username, where the platform allows it (ID-4)."""
    user = _user(request)
    if not permissions.can_change_username(user, user):
        return render(request, "accounts/username_ask_staff.html", status=200)
    form = UsernameForm(request.POST or None, user=user, initial={"username": user.username})
    if request.method == "POST" and form.is_valid():
        services.username_change(actor=user, user=user, username=form.cleaned_data["username"])
        messages.success(request, _("Your username is now %(name)s.") % {"name": user.username})
        return redirect("accounts:profile", username=user.username)
    return render(request, "accounts/username_edit.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def user_rename(request: HttpRequest, username: str) -> HttpResponse:
    """Staff give someone a new username (ID-4)."""
    actor = _user(request)
    person = get_object_or_404(
        permissions.visible_people(actor, User.objects.all()), username=username
    )
    if not permissions.can_change_username(actor, person):
        raise Http404
    form = UsernameForm(request.POST or None, user=person, initial={"username": person.username})
    if request.method == "POST" and form.is_valid():
        services.username_change(actor=actor, user=person, username=form.cleaned_data["username"])
        messages.success(request, _("The username is now %(name)s.") % {"name": person.username})
        return redirect("accounts:profile", username=person.username)
    return render(request, "accounts/user_rename.html", {"form": form, "person": person})


@login_required
@require_http_methods(["GET", "POST"])
def membership(request: HttpRequest) -> HttpResponse:
    """Claim a member ID and see where the claim stands (ID-3)."""
    user = _user(request)
    form = MemberClaimForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            claim = services.member_claim_submit(
                user=user, member_id=form.cleaned_data["member_id"]
            )
        except ValidationError as error:
            form.add_error("member_id", error)
        else:
            if claim.status == "verified":
                messages.success(request, _("Your membership is verified. Welcome!"))
            else:
                messages.info(
                    request, _("Thank you. Association staff will review your claim shortly.")
                )
            return redirect("accounts:membership")
    return render(
        request,
        "accounts/membership.html",
        {"form": form, "claim": selectors.member_claim_latest_for(user=user)},
    )


@login_required
def member_claim_queue(request: HttpRequest) -> HttpResponse:
    """Staff: claims the roster could not settle (ID-3)."""
    if not permissions.can_review_member_claims(_user(request)):
        raise Http404
    return render(
        request,
        "accounts/member_claim_queue.html",
        {
            "rows": selectors.member_claim_queue(viewer=_user(request)),
            "reject_form": ClaimRejectForm(),
        },
    )


@login_required
@require_POST
def member_claim_decide(request: HttpRequest, claim_id: int, decision: str) -> HttpResponse:
    actor = _user(request)
    if not permissions.can_review_member_claims(actor) or decision not in {"verify", "reject"}:
        raise Http404
    claim = get_object_or_404(MemberClaim.objects.select_related("user"), pk=claim_id)
    try:
        if decision == "verify":
            services.member_claim_verify(actor=actor, claim=claim)
            messages.success(
                request,
                _("The membership of %(name)s is verified.") % {"name": claim.user.username},
            )
        else:
            form = ClaimRejectForm(request.POST)
            if not form.is_valid():
                return render(
                    request,
                    "accounts/member_claim_queue.html",
                    {
                        "rows": selectors.member_claim_queue(viewer=actor),
                        "reject_form": form,
                        "rejecting": claim.pk,
                    },
                )
            services.member_claim_reject(
                actor=actor, claim=claim, reason=form.cleaned_data["reason"]
            )
            messages.success(
                request, _("The claim of %(name)s is declined.") % {"name": claim.user.username}
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("accounts:member_claim_queue")


@login_required
@require_http_methods(["GET", "POST"])
def consent(request: HttpRequest) -> HttpResponse:
    """Accept the current terms of use and privacy policy before going on (ID-6)."""
    user = _user(request)
    missing = selectors.consents_missing(user=user)
    next_url = safe_next(request, reverse("pages:landing"))
    if not missing:
        return redirect(next_url)
    guidelines_missing = user.guidelines_version_accepted < guidelines_version_current()
    form = ConsentForm(request.POST or None, with_guidelines=guidelines_missing)
    if request.method == "POST" and form.is_valid():
        services.consent_record(user=user, versions=missing)
        if guidelines_missing:
            services.guidelines_accept(user=user)
        return redirect(next_url)
    return render(
        request,
        "accounts/consent.html",
        {
            "form": form,
            "missing": missing,
            "guidelines_missing": guidelines_missing,
            "next": next_url,
        },
    )


@login_required
@require_POST
def guidelines_accept(request: HttpRequest) -> HttpResponse:
    """Accept the community guidelines shown on their page, then go back (MO-4)."""
    user = _user(request)
    next_url = safe_next(request, "")
    form = GuidelinesAcceptForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Read the guidelines and accept them again."), code="invalid")
        services.guidelines_accept(user=user, version=form.cleaned_data["version"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        query = f"?{urlencode({'next': next_url})}" if next_url else ""
        return redirect(f"{reverse('pages:guidelines')}{query}#accept-guidelines")
    messages.success(
        request, _("Thank you for accepting the community guidelines: you can write again.")
    )
    return redirect(next_url or reverse("pages:guidelines"))


@login_required
def account_home(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/account_home.html", {})


@login_required
@require_http_methods(["GET", "POST"])
def data_export(request: HttpRequest) -> HttpResponse:
    """Download everything the person wrote and set, with their files, as a zip (ID-6)."""
    if request.method == "GET":
        return render(request, "accounts/data_export.html", {})
    user = _user(request)
    archive = data_rights.account_export(user=user)
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="collegium-{user.username}.zip"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    """Delete one's account, keeping or erasing what one wrote (ID-6)."""
    user = _user(request)
    form = AccountDeleteForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        erase = form.cleaned_data["content"] == AccountDeleteForm.ERASE
        with transaction.atomic():
            data_rights.account_delete(user=user, erase_content=erase)
        logout(request)
        return render(request, "accounts/account_deleted.html", {"erased": erase})
    return render(request, "accounts/account_delete.html", {"form": form})

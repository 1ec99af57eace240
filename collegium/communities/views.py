"""Communities of interest: directory, overview, joining, leaders' tools, proposals (SPEC CO)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from collegium import permissions
from collegium.accounts import services as accounts_services
from collegium.accounts.models import User
from collegium.blogs import selectors as blog_selectors
from collegium.communities import selectors, services
from collegium.communities.choices import CommunityKind, Role
from collegium.communities.forms import (
    BanForm,
    CommunityForm,
    DecisionReasonForm,
    DirectoryFilterForm,
    InvitationForm,
    JoinForm,
    JoinRequestForm,
    ProposalForm,
    ProposalReviewForm,
    RoleForm,
    RulesAcceptForm,
)
from collegium.communities.models import (
    Community,
    CommunityProposal,
    Invitation,
    JoinRequest,
    Membership,
)
from collegium.core.redirects import safe_next
from collegium.core.validation import add_errors
from collegium.forums import selectors as forum_selectors
from collegium.moderation import limits
from collegium.resources import selectors as resource_selectors

INVITATION_SESSION_KEY = "collegium_invitation_token"


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def directory(request: HttpRequest) -> HttpResponse:
    """Browse and filter the communities one may see (CO-5)."""
    form = DirectoryFilterForm(request.GET or None)
    filters = selectors.DirectoryFilters()
    if form.is_valid():
        filters = selectors.DirectoryFilters(**form.cleaned_data)
    if isinstance(request.user, User):
        accounts_services.profile_mark_communities_browsed(user=request.user)
    return render(
        request,
        "communities/directory.html",
        {
            "form": form,
            "entries": selectors.community_list(viewer=request.user, filters=filters),
            "may_propose": permissions.can_propose_community(request.user),
            "may_create": permissions.can_create_community(request.user),
        },
    )


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A community's overview: objectives, leaders, rules, figures and the join panel (CO-5)."""
    community = selectors.community_get(viewer=request.user, slug=slug)
    return _render_detail(request, community)


def _render_detail(
    request: HttpRequest, community: Community, *, join_form: Any = None, status: int = 200
) -> HttpResponse:
    action = permissions.join_action(request.user, community)
    if join_form is None:
        join_form = JoinRequestForm() if action == "request" else JoinForm()
    return render(
        request,
        "communities/detail.html",
        {
            "community": community,
            "leaders": selectors.community_leaders(community=community),
            "action": action,
            "join_form": join_form,
            "may_manage": permissions.can_manage(request.user, community),
            "may_read": permissions.can_read_community_content(request.user, community),
            "may_read_blog": permissions.can_read_blog(request.user, community),
            "recent_posts": blog_selectors.community_recent_posts(
                viewer=request.user, community=community
            ),
            "recent_resources": resource_selectors.community_recent_resources(
                viewer=request.user, community=community, limit=3
            ),
            "recent_threads": forum_selectors.community_recent_threads(
                viewer=request.user, community=community
            ),
            "audience_labels": ", ".join(
                str(audience.get_user_type_display()) for audience in community.audiences.all()
            ),
            "rules_version": selectors.rules_version_current(community=community),
            "rules_to_accept": selectors.rules_to_accept(viewer=request.user, community=community),
            # MO-4: after accepting changed rules, back to the form that sent the person here.
            "rules_next": safe_next(request, ""),
        },
        status=status,
    )


def cover(request: HttpRequest, slug: str) -> FileResponse:
    """The cover image, only to those who may see the community (never a public media URL)."""
    community = selectors.community_get(viewer=request.user, slug=slug)
    if not community.cover:
        raise Http404
    response = FileResponse(community.cover.open("rb"), content_type="image/webp")
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_POST
def join(request: HttpRequest, slug: str) -> HttpResponse:
    community = selectors.community_get(viewer=_user(request), slug=slug)
    form = JoinForm(request.POST)
    if form.is_valid():
        try:
            services.membership_join(user=_user(request), community=community, accepted_rules=True)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Welcome! You are now a participant."))
        return redirect(community)
    return _render_detail(request, community, join_form=form)


@login_required
@require_POST
def request_to_join(request: HttpRequest, slug: str) -> HttpResponse:
    community = selectors.community_get(viewer=_user(request), slug=slug)
    form = JoinRequestForm(request.POST)
    if form.is_valid():
        try:
            services.join_request_submit(
                user=_user(request),
                community=community,
                message=form.cleaned_data["message"],
                accepted_rules=True,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Your request is sent. You will get an email when a leader decides."),
            )
        return redirect(community)
    return _render_detail(request, community, join_form=form)


@login_required
@require_POST
def withdraw_request(request: HttpRequest, slug: str) -> HttpResponse:
    community = selectors.community_get(viewer=_user(request), slug=slug)
    pending = get_object_or_404(
        JoinRequest, community=community, user=_user(request), status="pending"
    )
    services.join_request_withdraw(user=_user(request), request=pending)
    messages.success(request, _("Your request is withdrawn."))
    return redirect(community)


@login_required
@require_POST
def leave(request: HttpRequest, slug: str) -> HttpResponse:
    community = selectors.community_get(viewer=_user(request), slug=slug)
    membership = get_object_or_404(Membership, community=community, user=_user(request))
    try:
        services.membership_remove(actor=_user(request), membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(community)
    messages.success(request, _("You have left the community."))
    return redirect("communities:directory")


def _managed(request: HttpRequest, slug: str) -> Community:
    """A community the viewer leads; 404 for anyone else (no hint that it exists)."""
    community = selectors.community_get(viewer=_user(request), slug=slug)
    if not permissions.can_manage(_user(request), community):
        raise Http404
    return community


def _save_community_form(request: HttpRequest, form: CommunityForm) -> bool:
    """Save a valid community form through the service; its refusals go next to the fields."""
    try:
        services.community_save(
            actor=_user(request),
            community=form.instance,
            audience=form.cleaned_data["audience"],
            tags=form.cleaned_data["tags_text"],
            cover=form.processed_cover,
            rules_note=form.cleaned_data.get("rules_note", ""),
        )
    except ValidationError as error:
        add_errors(form, error)
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def manage_settings(request: HttpRequest, slug: str) -> HttpResponse:
    community = _managed(request, slug)
    form = CommunityForm(
        request.POST or None,
        request.FILES or None,
        instance=community,
        bilingual_required=community.kind == CommunityKind.ASSOCIATION,
    )
    if request.method == "POST" and form.is_valid() and _save_community_form(request, form):
        messages.success(request, _("The community's settings are saved."))
        return redirect(community)
    return render(
        request, "communities/manage_settings.html", {"community": community, "form": form}
    )


def rules_history(request: HttpRequest, slug: str) -> HttpResponse:
    """Every version of the community's rules, newest first, for those who may see it (MO-4)."""
    community = selectors.community_get(viewer=request.user, slug=slug)
    return render(
        request,
        "communities/rules_history.html",
        {
            "community": community,
            "versions": selectors.rules_version_list(viewer=request.user, community=community),
        },
    )


@login_required
@require_POST
def rules_accept(request: HttpRequest, slug: str) -> HttpResponse:
    """A participant accepts the changed rules shown on the community's page (MO-4)."""
    user = _user(request)
    community = selectors.community_get(viewer=user, slug=slug)
    membership = getattr(community, "viewer_membership", None)
    if membership is None or not membership.is_active:
        raise Http404
    next_url = safe_next(request, "")
    form = RulesAcceptForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Read the rules below and accept them again."), code="invalid")
        services.rules_accept(user=user, community=community, version=form.cleaned_data["version"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        query = f"?{urlencode({'next': next_url})}" if next_url else ""
        return redirect(f"{community.get_absolute_url()}{query}#rules")
    messages.success(request, _("Thank you for accepting the rules: you can take part again."))
    return redirect(next_url or community.get_absolute_url())


@login_required
@require_POST
def archive(request: HttpRequest, slug: str) -> HttpResponse:
    """Leaders archive their community: everything stays readable, nothing changes (CT-5)."""
    community = _managed(request, slug)
    services.community_archive(actor=_user(request), community=community)
    messages.success(request, _("The community is archived: its content is now read-only."))
    return redirect(community)


@login_required
@require_http_methods(["GET", "POST"])
def manage_members(request: HttpRequest, slug: str) -> HttpResponse:
    """Leaders: participants and their roles, requests to join, invitations (CO-3, CO-4)."""
    community = _managed(request, slug)
    invite_form = InvitationForm(request.POST or None)
    if request.method == "POST" and invite_form.is_valid():
        limits.check(_user(request), "invitation")  # MO-3: a 429 page over the limit
        try:
            services.invitation_create(
                actor=_user(request), community=community, target=invite_form.cleaned_data["target"]
            )
        except ValidationError as error:
            add_errors(invite_form, error, "target")
        else:
            messages.success(request, _("The invitation is sent."))
            return redirect("communities:manage_members", slug=community.slug)
    return _render_members(request, community, invite_form=invite_form)


def _render_members(request: HttpRequest, community: Community, **context: Any) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "communities/manage_members.html",
        {
            "community": community,
            "memberships": selectors.community_members(viewer=user, community=community),
            "requests": selectors.join_requests_pending(viewer=user, community=community),
            "invitations": selectors.invitations_pending(viewer=user, community=community),
            "invite_form": context.pop("invite_form", InvitationForm()),
            "roles": Role.choices,
            **context,
        },
    )


@login_required
@require_POST
def decide_request(request: HttpRequest, slug: str, request_id: int, decision: str) -> HttpResponse:
    community = _managed(request, slug)
    if decision not in {"approve", "decline"}:
        raise Http404
    join_request = get_object_or_404(JoinRequest, pk=request_id, community=community)
    form = DecisionReasonForm(request.POST)
    form.is_valid()
    try:
        services.join_request_decide(
            actor=_user(request),
            request=join_request,
            approve=decision == "approve",
            reason=form.cleaned_data.get("reason", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Decision recorded; the person is emailed."))
    return redirect("communities:manage_members", slug=community.slug)


@login_required
@require_POST
def revoke_invitation(request: HttpRequest, slug: str, invitation_id: int) -> HttpResponse:
    community = _managed(request, slug)
    invitation = get_object_or_404(Invitation, pk=invitation_id, community=community)
    try:
        services.invitation_revoke(actor=_user(request), invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The invitation is revoked."))
    return redirect("communities:manage_members", slug=community.slug)


@login_required
@require_POST
def change_member(request: HttpRequest, slug: str, membership_id: int, change: str) -> HttpResponse:
    """Change a role, remove or ban someone (CO-4)."""
    community = _managed(request, slug)
    membership = get_object_or_404(Membership, pk=membership_id, community=community)
    actor = _user(request)
    try:
        if change == "role":
            role_form = RoleForm(request.POST)
            if not role_form.is_valid():
                raise ValidationError(_("Choose a role."))
            services.membership_set_role(
                actor=actor, membership=membership, role=role_form.cleaned_data["role"]
            )
            done = _("The role of %(name)s is changed.")
        elif change == "remove":
            services.membership_remove(actor=actor, membership=membership)
            done = _("%(name)s is removed from the community.")
        elif change == "ban":
            ban_form = BanForm(request.POST)
            if not ban_form.is_valid():
                raise ValidationError(_("Give a reason for the ban."))
            services.membership_ban(
                actor=actor, membership=membership, reason=ban_form.cleaned_data["reason"]
            )
            done = _("%(name)s is banned from the community.")
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done % {"name": membership.user.username})
    return redirect("communities:manage_members", slug=community.slug)


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Where an invitation email leads: sign up or in first, then accept and land inside."""
    found = Invitation.objects.select_related("community").filter(token=token).first()
    if not services.invitation_usable(found):
        return render(request, "communities/invitation_unusable.html", status=404)
    assert found is not None
    if not isinstance(request.user, User):
        # CO-3: after registering (or signing in), the person comes back here.
        request.session[INVITATION_SESSION_KEY] = token
        return render(request, "communities/invitation_anonymous.html", {"invitation": found})
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_accept(user=request.user, invitation=found, accepted_rules=True)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            request.session.pop(INVITATION_SESSION_KEY, None)
            messages.success(request, _("Welcome! You are now a participant."))
            return redirect(found.community)
    return render(
        request,
        "communities/invitation_accept.html",
        {"invitation": found, "community": found.community, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def propose(request: HttpRequest) -> HttpResponse:
    """Members and stakeholders propose a member-led community (CO-2)."""
    user = _user(request)
    if not permissions.can_propose_community(user):
        return render(request, "communities/propose_not_allowed.html", status=403)
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        proposal = form.save(commit=False)
        proposal.audience = form.cleaned_data["audience"]
        try:
            services.proposal_submit(actor=user, proposal=proposal)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Thank you. Association staff will review your proposal."))
            return redirect("communities:proposals")
    return render(request, "communities/propose.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request: HttpRequest, proposal_id: int) -> HttpResponse:
    """Answer staff's request for changes (CO-2)."""
    proposal = get_object_or_404(
        CommunityProposal, pk=proposal_id, proposed_by=_user(request), status="changes"
    )
    form = ProposalForm(
        request.POST or None, instance=proposal, initial={"audience": proposal.audience}
    )
    if request.method == "POST" and form.is_valid():
        edited = form.save(commit=False)
        edited.audience = form.cleaned_data["audience"]
        try:
            services.proposal_resubmit(actor=_user(request), proposal=edited)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your changes are sent to association staff."))
            return redirect("communities:proposals")
    return render(request, "communities/propose.html", {"form": form, "proposal": proposal})


@login_required
def my_proposals(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "communities/proposals.html",
        {"proposals": selectors.proposals_of(viewer=_user(request))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_create(request: HttpRequest) -> HttpResponse:
    """Association staff create an association-led community, in both languages (CO-2)."""
    user = _user(request)
    if not permissions.can_create_community(user):
        raise Http404
    form = CommunityForm(request.POST or None, request.FILES or None, bilingual_required=True)
    if request.method == "POST" and form.is_valid():
        form.instance.kind = CommunityKind.ASSOCIATION
        if _save_community_form(request, form):
            messages.success(request, _("The community is created."))
            return redirect(form.instance)
    return render(request, "communities/staff_create.html", {"form": form})


@login_required
def staff_proposals(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not permissions.can_create_community(user):
        raise Http404
    return render(
        request,
        "communities/staff_proposals.html",
        {"proposals": selectors.proposals_for_review(viewer=user), "form": ProposalReviewForm()},
    )


@login_required
@require_POST
def staff_review(request: HttpRequest, proposal_id: int) -> HttpResponse:
    user = _user(request)
    if not permissions.can_create_community(user):
        raise Http404
    proposal = get_object_or_404(CommunityProposal, pk=proposal_id)
    form = ProposalReviewForm(request.POST)
    if form.is_valid():
        try:
            services.proposal_review(
                actor=user,
                proposal=proposal,
                decision=form.cleaned_data["decision"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Decision recorded; the proposers are emailed."))
    else:
        messages.error(request, _("Choose a decision."))
    return redirect(reverse("communities:staff_proposals"))

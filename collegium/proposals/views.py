"""Proposals: the list, a proposal's page with its support, status history and comments, the
submit form, and staff's status changes (SPEC EN-2, CT-4).

Proposals are for people who are signed in: anyone else is sent to sign in. A proposal of a
community the viewer does not read is 404. Every form keeps what was typed: a refusal shows it
again with the message next to the field, and the text is kept as a draft (CT-4)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from collegium import permissions
from collegium.accounts.models import User
from collegium.comments import views as comment_views
from collegium.comments.forms import CommentForm
from collegium.core.validation import run_on_form
from collegium.editor import services as editor_services
from collegium.editor import views as editor_views
from collegium.moderation import limits
from collegium.moderation.targets import kind_for
from collegium.proposals import selectors, services
from collegium.proposals.choices import ProposalLanguage, ProposalSort, ProposalStatus
from collegium.proposals.forms import ProposalFilterForm, ProposalForm, StatusChangeForm
from collegium.proposals.models import Proposal, ProposalComment

T = TypeVar("T")

NEW_PROPOSAL_DRAFT = "proposals:new"
PROFILE_PLACEHOLDER = "collegium-placeholder"


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _preview(request: HttpRequest) -> str | None:
    """Without JavaScript the Preview button submits the form: render the text it names."""
    if editor_views.preview_requested(request):
        field = request.POST.get("editor_preview", "body")
        return editor_views.preview_html(request.POST.get(field, ""))
    return None


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


# The list -------------------------------------------------------------------------------------


def _list_query(filters: selectors.ProposalFilters, cursor: str = "") -> str:
    query = {
        "sort": filters.sort,
        **({"status": filters.status} if filters.status else {}),
        **({"community": filters.community} if filters.community else {}),
        **({"cursor": cursor} if cursor else {}),
    }
    return f"?{urlencode(query)}"


@login_required
def proposal_list(request: HttpRequest) -> HttpResponse:
    """The proposals the viewer may read: newest, most supported, or by status; of one status
    or one community (EN-2)."""
    form = ProposalFilterForm(request.GET)
    filters = selectors.ProposalFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.ProposalFilters(
            sort=data["sort"] or ProposalSort.NEWEST,
            status=data["status"],
            community=data["community"],
            cursor=data["cursor"],
        )
    page = selectors.proposal_list(viewer=request.user, filters=filters)
    for proposal in page.proposals:
        proposal.is_supported = proposal.pk in page.supported  # type: ignore[attr-defined]
    return render(
        request,
        "proposals/list.html",
        {
            "page": page,
            "filters": filters,
            "form": ProposalFilterForm(
                initial={
                    "sort": filters.sort,
                    "status": filters.status,
                    "community": filters.community,
                }
            ),
            "next_url": _list_query(filters, page.next_cursor) if page.next_cursor else "",
            "first_url": _list_query(filters) if filters.cursor else "",
            "may_submit": permissions.may_open_proposal_form(request.user),
        },
    )


# A proposal -----------------------------------------------------------------------------------


def _proposal(request: HttpRequest, proposal_id: int) -> Proposal:
    return selectors.proposal_get(viewer=request.user, proposal_id=proposal_id)


def _comment_draft_key(proposal_id: int) -> str:
    # By address, so that text sent after the session expired finds its form again.
    return f"proposals:comment:{proposal_id}"


def _attach_comment_links(comments: Iterable[ProposalComment], request: HttpRequest) -> None:
    """Give each comment ``links`` and what the viewer may do with it, decided by the policy,
    reversing each address once per page (``comment_views.COMMENT_ID_PLACEHOLDER``)."""
    comments = list(comments)
    if not comments:
        return
    viewer = request.user
    proposal = comments[0].proposal
    placeholder = str(comment_views.COMMENT_ID_PLACEHOLDER)
    kind = kind_for(ProposalComment)
    addresses = {
        "edit": reverse("proposals:comment_edit", args=[proposal.pk, placeholder]),
        "delete": reverse("proposals:comment_delete", args=[proposal.pk, placeholder]),
        "report": reverse("moderation:report", args=[kind, placeholder]),
        "moderate": reverse("moderation:item", args=[kind, placeholder]),
    }
    profile = reverse("accounts:profile", kwargs={"username": PROFILE_PLACEHOLDER})
    # Removed comments keep their place; their text is for their author and the moderators.
    sees_removed = permissions.can_see_removed(viewer, proposal.community)
    viewer_pk = getattr(viewer, "pk", None)
    for comment in comments:
        number = str(comment.pk)
        comment.links = {  # type: ignore[attr-defined]
            name: address.replace(placeholder, number) for name, address in addresses.items()
        }
        if comment.author is not None:
            comment.links["author"] = profile.replace(  # type: ignore[attr-defined]
                PROFILE_PLACEHOLDER, comment.author.username
            )
        comment.may_edit = permissions.can_edit_proposal_comment(  # type: ignore[attr-defined]
            viewer, comment, proposal
        )
        comment.may_read = (  # type: ignore[attr-defined]
            comment.removed_at is None or sees_removed or comment.author_id == viewer_pk
        )
        comment.may_report = comment.deleted_at is None and permissions.can_report(  # type: ignore[attr-defined]
            viewer, comment, readable=True, author_id=comment.author_id
        )
        comment.may_moderate = sees_removed  # type: ignore[attr-defined]


def _comments_context(
    request: HttpRequest, proposal: Proposal, *, form: CommentForm | None = None
) -> dict[str, Any]:
    comments = selectors.proposal_comments(viewer=request.user, proposal=proposal)
    _attach_comment_links(comments, request)
    refusal = permissions.proposal_comment_refusal(request.user, proposal)
    may_comment = refusal is None
    key = _comment_draft_key(proposal.pk)
    draft = comment_views.comment_draft(request, key) if may_comment else None
    if form is None and may_comment:
        form = CommentForm(initial={"body": draft.body if draft else ""})
    upload_url = None
    community = proposal.community
    if may_comment and community is not None and permissions.can_attach(request.user, community):
        upload_url = reverse("editor:attachment_upload", kwargs={"slug": community.slug})
    return {
        "comments": comments,
        "comment_count": sum(1 for c in comments if not c.is_deleted and not c.is_removed),
        "may_comment": may_comment,
        "comment_refusal": refusal,
        # A refused comment stays on the page with its text, even when no new one may be added.
        "show_comment_form": may_comment or (form is not None and form.is_bound),
        "comment_form": form,
        "comment_action": reverse("proposals:comment_add", args=[proposal.pk]),
        "comment_draft_key": key,
        "comment_draft": draft,
        "comment_upload_url": upload_url,
    }


def _support_context(request: HttpRequest, proposal: Proposal) -> dict[str, Any]:
    refusal = permissions.proposal_support_refusal(request.user, proposal)
    return {
        "supports": selectors.proposal_is_supported_by(viewer=request.user, proposal=proposal),
        "may_support": refusal is None,
        "support_refusal": refusal,
    }


def _detail_context(
    request: HttpRequest,
    proposal: Proposal,
    *,
    comment_form: CommentForm | None = None,
    status_form: StatusChangeForm | None = None,
) -> dict[str, Any]:
    may_change_status = permissions.can_change_proposal_status(request.user, proposal)
    if status_form is None and may_change_status and proposal.next_statuses:
        status_form = StatusChangeForm(proposal=proposal)
    return {
        "proposal": proposal,
        "community": proposal.community,
        "history": selectors.proposal_status_history(proposal=proposal),
        "may_change_status": may_change_status,
        "status_form": status_form,
        "editor_preview": _preview(request),
        **_support_context(request, proposal),
        **_comments_context(request, proposal, form=comment_form),
    }


@login_required
def proposal_detail(request: HttpRequest, proposal_id: int) -> HttpResponse:
    """A proposal: its text, who submitted it, its support, its status history with the
    reasons, and the comments."""
    proposal = _proposal(request, proposal_id)
    return render(request, "proposals/detail.html", _detail_context(request, proposal))


# Support --------------------------------------------------------------------------------------


def _support_answer(
    request: HttpRequest, proposal: Proposal, write: Callable[[], object], done: str
) -> HttpResponse:
    """Support or take it back; with htmx the support panel is swapped in place (saying why,
    when it was refused), without it the page is shown again at the panel."""
    try:
        write()
    except PermissionDenied as error:
        if not _is_htmx(request):
            messages.error(request, str(error) or _("You cannot do this here."))
    else:
        if not _is_htmx(request):
            messages.success(request, done)
    if not _is_htmx(request):
        return redirect(f"{proposal.get_absolute_url()}#support")
    proposal.refresh_from_db(fields=["support_count"])
    return render(
        request,
        "proposals/components/support.html",
        {"proposal": proposal, **_support_context(request, proposal)},
    )


@login_required
@require_POST
def proposal_support(request: HttpRequest, proposal_id: int) -> HttpResponse:
    """Support a proposal, once (a second time changes nothing)."""
    proposal = _proposal(request, proposal_id)
    return _support_answer(
        request,
        proposal,
        lambda: services.proposal_support(actor=_user(request), proposal=proposal),
        _("You support this proposal."),
    )


@login_required
@require_POST
def proposal_support_withdraw(request: HttpRequest, proposal_id: int) -> HttpResponse:
    """Take one's support back while the proposal is not decided."""
    proposal = _proposal(request, proposal_id)
    return _support_answer(
        request,
        proposal,
        lambda: services.proposal_support_withdraw(actor=_user(request), proposal=proposal),
        _("Your support is withdrawn."),
    )


# Status ---------------------------------------------------------------------------------------


@login_required
@require_POST
def proposal_status_change(request: HttpRequest, proposal_id: int) -> HttpResponse:
    """Staff move the proposal to its next status with a public reason; a refusal shows the
    page again with the message next to the field and the reason kept."""
    proposal = _proposal(request, proposal_id)
    if not permissions.can_change_proposal_status(request.user, proposal):
        raise Http404
    form = StatusChangeForm(request.POST, proposal=proposal)
    if form.is_valid():
        data = form.cleaned_data
        change = run_on_form(
            form,
            lambda: services.proposal_status_change(
                actor=_user(request),
                proposal=proposal,
                status=data["status"],
                reason=data["reason"],
                expected_status=data["from_status"] or None,
            ),
        )
        if change is not None:
            messages.success(
                request,
                _("The proposal is now “%(status)s”. Its author and supporters are told.")
                % {"status": ProposalStatus(change.to_status).label},
            )
            return redirect(f"{proposal.get_absolute_url()}#history")
    return render(
        request, "proposals/detail.html", _detail_context(request, proposal, status_form=form)
    )


# Submitting -----------------------------------------------------------------------------------


def _keep_and_sign_in(request: HttpRequest) -> HttpResponse:
    """A proposal sent after the session expired: keep its text through the sign-in (CT-4)."""
    with contextlib.suppress(ValidationError):
        editor_services.draft_keep_for_sign_in(
            session=request.session,
            key=NEW_PROPOSAL_DRAFT,
            body=request.POST.get("body", ""),
            title=request.POST.get("title", ""),
        )
    messages.info(request, _("Your session has expired. Sign in again: your text is kept."))
    return redirect_to_login(request.get_full_path())


def _save_draft(request: HttpRequest, form: ProposalForm) -> None:
    # Beyond what a draft holds, the text is still on the page that shows the form again.
    with contextlib.suppress(ValidationError):
        editor_services.draft_save(
            user=_user(request),
            key=NEW_PROPOSAL_DRAFT,
            body=form.data.get("body", ""),
            title=form.data.get("title", ""),
        )


@require_http_methods(["GET", "POST"])
def proposal_create(request: HttpRequest) -> HttpResponse:
    """Submit a proposal, for everyone or about a community; a leader may submit it on the
    community's behalf (EN-2). The text is autosaved as a draft."""
    if not isinstance(request.user, User):
        if request.method == "POST":
            return _keep_and_sign_in(request)
        return redirect_to_login(request.get_full_path())
    user = _user(request)
    if not permissions.may_open_proposal_form(user):
        return render(request, "proposals/submit_not_allowed.html", status=403)
    in_own_name = permissions.submits_proposals_in_own_name(user)
    communities = selectors.proposal_communities(viewer=user)
    if not in_own_name:
        communities = [(community, True) for community, leads in communities if leads]
    draft = None
    if request.method == "POST":
        form = ProposalForm(request.POST, communities=communities, may_submit_alone=in_own_name)
        if not editor_views.preview_requested(request) and form.is_valid():
            data = form.cleaned_data
            try:
                # MO-3: a new proposal counts as a new thread of discussion.
                limits.check(
                    user,
                    "thread",
                    submission_key=data["submission_key"],
                    draft_url=reverse("proposals:create"),
                )
            except limits.RateLimited:
                _save_draft(request, form)
                raise
            proposal = run_on_form(
                form,
                lambda: services.proposal_submit(
                    actor=user,
                    title=data["title"],
                    summary=data["summary"],
                    body=data["body"],
                    language=data["language"],
                    community=data.get("community"),
                    submitted_for_community=bool(data.get("submitted_for_community")),
                    submission_key=data["submission_key"],
                ),
            )
            if proposal is not None:
                editor_services.draft_discard(user=user, key=NEW_PROPOSAL_DRAFT)
                messages.success(request, _("Your proposal is submitted."))
                return redirect(proposal)
        _save_draft(request, form)
    else:
        draft = comment_views.comment_draft(request, NEW_PROPOSAL_DRAFT)
        language = (get_language() or "en")[:2]
        initial: dict[str, Any] = {
            "language": language if language in ProposalLanguage.values else ProposalLanguage.EN,
            "community": request.GET.get("community", ""),
        }
        if draft is not None:
            initial["body"] = draft.body
            if draft.title:
                initial["title"] = draft.title
        form = ProposalForm(initial=initial, communities=communities, may_submit_alone=in_own_name)
    return render(
        request,
        "proposals/form.html",
        {
            "form": form,
            "draft_key": NEW_PROPOSAL_DRAFT,
            "draft": draft,
            "editor_preview": _preview(request),
            "writing_refusal": permissions.writing_refusal(user),
        },
    )


# Comments -------------------------------------------------------------------------------------


@require_POST
def comment_add(request: HttpRequest, proposal_id: int) -> HttpResponse:
    """Weigh in on a proposal; a refusal shows the proposal again with the text kept."""
    draft_key = _comment_draft_key(proposal_id)
    if not isinstance(request.user, User):
        return comment_views.keep_for_sign_in(request, key=draft_key)
    proposal = _proposal(request, proposal_id)
    form, comment = comment_views.handle_comment_post(
        request,
        draft_key=draft_key,
        draft_url=f"{proposal.get_absolute_url()}#comment-form",
        write=lambda data: services.proposal_comment_add(
            actor=_user(request),
            proposal=proposal,
            body=data["body"],
            submission_key=data["submission_key"],
        ),
    )
    if comment is not None:
        return redirect(f"{proposal.get_absolute_url()}#{comment.anchor}")
    return render(
        request, "proposals/detail.html", _detail_context(request, proposal, comment_form=form)
    )


def _own_comment(request: HttpRequest, proposal_id: int, comment_id: int) -> ProposalComment:
    proposal = _proposal(request, proposal_id)
    comment = selectors.proposal_comment_get(
        viewer=request.user, proposal=proposal, comment_id=comment_id
    )
    if not permissions.can_edit_proposal_comment(request.user, comment, proposal):
        raise Http404
    return comment


@login_required
@require_http_methods(["GET", "POST"])
def comment_edit(request: HttpRequest, proposal_id: int, comment_id: int) -> HttpResponse:
    comment = _own_comment(request, proposal_id, comment_id)
    proposal = comment.proposal
    draft_key = f"proposals:comment-edit:{comment.pk}"
    form, saved = comment_views.handle_comment_edit(
        request,
        comment=comment,
        draft_key=draft_key,
        save=lambda body: services.proposal_comment_edit(
            actor=_user(request), comment=comment, body=body
        ),
    )
    if saved is not None:
        messages.success(request, _("Your changes are saved."))
        return redirect(f"{proposal.get_absolute_url()}#{saved.anchor}")
    return render(
        request,
        "proposals/comment_edit.html",
        {
            "proposal": proposal,
            "comment": comment,
            "form": form,
            "draft_key": draft_key,
            "editor_preview": _preview(request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def comment_delete(request: HttpRequest, proposal_id: int, comment_id: int) -> HttpResponse:
    comment = _own_comment(request, proposal_id, comment_id)
    proposal = comment.proposal
    if request.method == "POST":
        try:
            services.proposal_comment_delete(actor=_user(request), comment=comment)
        except PermissionDenied as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your comment is deleted."))
        return redirect(f"{proposal.get_absolute_url()}#{comment.anchor}")
    return render(
        request, "proposals/comment_delete.html", {"proposal": proposal, "comment": comment}
    )

"""Helpers that keep each app's comment views thin (CT-2, CT-3, CT-4).

An app's view fetches what is commented on through its selector, then:

- ``comment_section_context`` builds the context of ``comments/section.html``;
- ``handle_comment_post`` validates the form and runs the app's service, keeping the text as a
  draft and on the form when anything refuses it (like the forums' replies);
- ``handle_comment_edit`` does the same for an edit;
- ``keep_for_sign_in`` keeps a comment sent after the session expired through the sign-in.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from collegium import permissions
from collegium.accounts.models import User
from collegium.comments import services
from collegium.comments.forms import CommentForm
from collegium.comments.models import CommentBase
from collegium.core.validation import run_on_form
from collegium.editor import selectors as editor_selectors
from collegium.editor import services as editor_services
from collegium.editor import views as editor_views
from collegium.moderation import limits
from collegium.moderation.targets import kind_for

if TYPE_CHECKING:
    from collegium.communities.models import Community
    from collegium.editor.models import Draft

T = TypeVar("T")
C = TypeVar("C", bound=CommentBase)

# Reverse a comment's addresses once per page with this in place of its id, then substitute.
COMMENT_ID_PLACEHOLDER = 2147480001
_PROFILE_PLACEHOLDER = "collegium-placeholder"


def comment_draft(request: HttpRequest, key: str) -> Draft | None:
    """The saved draft of a comment form, including text kept over an expired session."""
    if not isinstance(request.user, User):
        return None
    kept = editor_services.draft_adopt_kept(session=request.session, user=request.user, key=key)
    return kept or editor_selectors.draft_get(user=request.user, key=key)


def keep_for_sign_in(request: HttpRequest, *, key: str) -> HttpResponse:
    """A comment sent after the session expired: keep its text through the sign-in (CT-4)."""
    with contextlib.suppress(ValidationError):
        editor_services.draft_keep_for_sign_in(
            session=request.session, key=key, body=request.POST.get("body", "")
        )
    messages.info(request, _("Your session has expired. Sign in again: your text is kept."))
    return redirect_to_login(request.get_full_path())


def _save_draft(request: HttpRequest, key: str, form: CommentForm) -> None:
    # Beyond what a draft holds, the text is still on the page that shows the form again.
    assert isinstance(request.user, User)
    with contextlib.suppress(ValidationError):
        editor_services.draft_save(user=request.user, key=key, body=form.data.get("body", ""))


def handle_comment_post(
    request: HttpRequest,
    *,
    draft_key: str,
    write: Callable[[dict[str, Any]], T],
    draft_url: str | None = None,
) -> tuple[CommentForm, T | None]:
    """Validate a posted comment form and run ``write(cleaned_data)`` (the app's service).

    Returns the form and what ``write`` returned, or None when the form was only previewed or
    was refused: the form then carries the errors and the text, which is also kept as a draft.
    The person must be signed in (see ``keep_for_sign_in``).

    Comments are rate-limited (MO-3): over the limit the text is saved as a draft, then
    ``RateLimited`` becomes the 429 page, which links to ``draft_url`` (where the form is)."""
    assert isinstance(request.user, User)
    form = CommentForm(request.POST)
    if not editor_views.preview_requested(request) and form.is_valid():
        data = form.cleaned_data
        try:
            limits.check(
                request.user,
                "comment",
                submission_key=data["submission_key"],
                draft_url=draft_url,
            )
        except limits.RateLimited:
            _save_draft(request, draft_key, form)
            raise
        result = run_on_form(form, lambda: write(data))
        if result is not None:
            editor_services.draft_discard(user=request.user, key=draft_key)
            return form, result
    _save_draft(request, draft_key, form)
    return form, None


def handle_comment_edit(
    request: HttpRequest,
    *,
    comment: C,
    draft_key: str,
    community: Community | None = None,
    save: Callable[[str], C] | None = None,
) -> tuple[CommentForm, C | None]:
    """The edit form of a comment: on GET filled with the draft or the comment, on POST saved
    by ``save(body)`` (the app's service), by default the shared ``comment_edit`` checked
    against ``community``. Returns the form and the saved comment (None when not saved)."""
    user = request.user
    assert isinstance(user, User)
    if save is None:
        assert community is not None

        def save(body: str) -> C:
            return services.comment_edit(
                comment=comment, actor=user, body=body, community=community
            )

    if request.method != "POST":
        draft = comment_draft(request, draft_key)
        return CommentForm(initial={"body": draft.body if draft else comment.body}), None
    form = CommentForm(request.POST)
    if not editor_views.preview_requested(request) and form.is_valid():
        body = form.cleaned_data["body"]
        saved = run_on_form(form, lambda: save(body))
        if saved is not None:
            editor_services.draft_discard(user=user, key=draft_key)
            return form, saved
    _save_draft(request, draft_key, form)
    return form, None


def attach_comment_links(
    comments: Iterable[CommentBase],
    *,
    viewer: permissions.Viewer,
    community: Community,
    edit_url: str,
    delete_url: str,
) -> None:
    """Give each comment ``links`` (edit, delete, author) and ``may_edit``, decided by the policy.

    ``edit_url`` and ``delete_url`` are reversed with ``COMMENT_ID_PLACEHOLDER`` as the id: one
    ``reverse`` per page rather than per comment."""
    comments = list(comments)
    placeholder = str(COMMENT_ID_PLACEHOLDER)
    profile = reverse("accounts:profile", kwargs={"username": _PROFILE_PLACEHOLDER})
    kind = kind_for(type(comments[0])) if comments else ""
    report = reverse("moderation:report", args=[kind, COMMENT_ID_PLACEHOLDER]) if kind else ""
    moderate = reverse("moderation:item", args=[kind, COMMENT_ID_PLACEHOLDER]) if kind else ""
    # Removed comments keep their place; their text is for their author and the moderators.
    sees_removed = permissions.can_see_removed(viewer, community)
    viewer_pk = getattr(viewer, "pk", None)
    for comment in comments:
        number = str(comment.pk)
        links = {
            "edit": edit_url.replace(placeholder, number),
            "delete": delete_url.replace(placeholder, number),
            "report": report.replace(placeholder, number),
            "moderate": moderate.replace(placeholder, number),
        }
        if comment.author is not None:
            links["author"] = profile.replace(_PROFILE_PLACEHOLDER, comment.author.username)
        comment.links = links  # type: ignore[attr-defined]
        comment.may_edit = permissions.can_edit_comment(  # type: ignore[attr-defined]
            viewer, comment, community
        )
        comment.may_read = (  # type: ignore[attr-defined]
            comment.removed_at is None or sees_removed or comment.author_id == viewer_pk
        )
        comment.may_report = comment.deleted_at is None and permissions.can_report(  # type: ignore[attr-defined]
            viewer, comment, readable=True, author_id=comment.author_id
        )
        comment.may_moderate = sees_removed  # type: ignore[attr-defined]


def comment_section_context(
    request: HttpRequest,
    *,
    community: Community,
    comments: list[C] | None,
    may_comment: bool,
    action_url: str,
    edit_url: str,
    delete_url: str,
    draft_key: str,
    form: CommentForm | None = None,
    refusal: str | None = None,
) -> dict[str, Any]:
    """The context ``comments/section.html`` documents. ``comments`` is None when the viewer
    may not read them (``permissions.can_read_comments``): the section then says who can."""
    if comments is not None:
        attach_comment_links(
            comments,
            viewer=request.user,
            community=community,
            edit_url=edit_url,
            delete_url=delete_url,
        )
    draft = comment_draft(request, draft_key) if may_comment else None
    if form is None and may_comment:
        form = CommentForm(initial={"body": draft.body if draft else ""})
    upload_url = None
    if may_comment and permissions.can_attach(request.user, community):
        upload_url = reverse("editor:attachment_upload", kwargs={"slug": community.slug})
    return {
        "comments": comments,
        "comment_count": (
            sum(1 for c in comments if not c.is_deleted and not c.is_removed) if comments else 0
        ),
        "comments_lang": community.language if community.language in {"en", "fr"} else "",
        "may_comment": may_comment,
        # A refused comment stays on the page with its text, even when no new one may be added.
        "show_comment_form": may_comment or (form is not None and form.is_bound),
        "comment_refusal": refusal,
        "comment_form": form,
        "comment_action": action_url,
        "comment_draft_key": draft_key,
        "comment_draft": draft,
        "comment_upload_url": upload_url,
        "comment_community": community,
        "may_participate": permissions.can_participate(request.user, community),
    }

"""Forums: thread lists, threads, replies, edits, answers and lifecycle (SPEC CT-1, CT-4, CT-5).

Every form here keeps what was typed: a refusal re-renders it with the text and saves a draft,
and a reply posted after the session expired is kept through the sign-in (CT-4)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from collegium import permissions
from collegium.accounts.models import User
from collegium.communities import selectors as community_selectors
from collegium.communities.models import Community
from collegium.core.validation import add_errors
from collegium.editor import selectors as editor_selectors
from collegium.editor import services as editor_services
from collegium.editor import views as editor_views
from collegium.forums import selectors, services
from collegium.forums.choices import ThreadListing
from collegium.forums.forms import CloseForm, PostEditForm, ReplyForm, ThreadFilterForm, ThreadForm
from collegium.forums.models import Post, Thread
from collegium.moderation import limits

T = TypeVar("T")


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _community(request: HttpRequest, slug: str) -> Community:
    return community_selectors.community_get(viewer=request.user, slug=slug)


def _readable_community(request: HttpRequest, slug: str) -> Community:
    """A community whose content the viewer may read; 404 for anyone else (SPEC §0)."""
    community = _community(request, slug)
    if not permissions.can_read_community_content(request.user, community):
        raise Http404
    return community


def _refusal(form: Any, error: PermissionDenied) -> None:
    form.add_error(None, str(error) or _("You cannot do this here."))


def _upload_url(request: HttpRequest, community: Community) -> str | None:
    if permissions.can_attach(request.user, community):
        return reverse("editor:attachment_upload", kwargs={"slug": community.slug})
    return None


def _draft(request: HttpRequest, key: str) -> Any:
    """The saved draft of a form, including text kept over an expired session (CT-4)."""
    if not isinstance(request.user, User):
        return None
    kept = editor_services.draft_adopt_kept(session=request.session, user=request.user, key=key)
    return kept or editor_selectors.draft_get(user=request.user, key=key)


def _keep_and_sign_in(request: HttpRequest, *, key: str, fields: dict[str, str]) -> HttpResponse:
    """A form sent after the session expired: keep the text through the sign-in (CT-4)."""
    editor_services.draft_keep_for_sign_in(
        session=request.session,
        key=key,
        body=fields.get("body", ""),
        title=fields.get("title", ""),
    )
    messages.info(request, _("Your session has expired. Sign in again: your text is kept."))
    return redirect_to_login(request.get_full_path())


def _publish(
    request: HttpRequest,
    form: Any,
    draft_key: str,
    write: Callable[[], T],
    *,
    limit: str | None = None,
) -> T | None:
    """Run the write of a valid editor form: a refusal goes on the form (which keeps the
    text), success throws the draft away. None when refused.

    ``limit`` names the rate-limited action (MO-3): over the limit, the text is saved as a
    draft before ``RateLimited`` becomes the 429 page that links back to it."""
    if limit is not None:
        try:
            limits.check(
                _user(request),
                limit,
                submission_key=form.cleaned_data.get("submission_key"),
                draft_url=request.path,
            )
        except limits.RateLimited:
            _save_draft(request, draft_key, form)
            raise
    try:
        result = write()
    except ValidationError as error:
        add_errors(form, error)
        return None
    except PermissionDenied as error:
        _refusal(form, error)
        return None
    editor_services.draft_discard(user=_user(request), key=draft_key)
    return result


def _save_draft(request: HttpRequest, key: str, form: Any) -> None:
    # Beyond what a draft holds, the text is still on the page that shows the form again.
    with contextlib.suppress(ValidationError):
        editor_services.draft_save(
            user=_user(request),
            key=key,
            body=form.data.get("body", "") or form.data.get("summary", ""),
            title=form.data.get("title", ""),
        )


# Lists ----------------------------------------------------------------------------------------


def thread_list(request: HttpRequest, slug: str) -> HttpResponse:
    """A community's forum: latest, unanswered questions, my threads, by tag (CT-1)."""
    community = _readable_community(request, slug)
    form = ThreadFilterForm(request.GET)
    filters = selectors.ThreadFilters()
    if form.is_valid():
        filters = selectors.ThreadFilters(
            listing=form.cleaned_data["listing"] or ThreadListing.LATEST,
            tag=form.cleaned_data["tag"],
            cursor=form.cleaned_data["cursor"],
        )
    page = selectors.thread_list(viewer=request.user, community=community, filters=filters)
    next_url = ""
    if page.next_cursor:
        query = {"listing": filters.listing, "cursor": page.next_cursor}
        if filters.tag:
            query["tag"] = filters.tag
        next_url = f"?{urlencode(query)}"
    return render(
        request,
        "forums/thread_list.html",
        {
            "community": community,
            "page": page,
            "filters": filters,
            "listings": ThreadListing.choices,
            "next_url": next_url,
            "may_start": permissions.can_start_thread(request.user, community),
        },
    )


# Threads --------------------------------------------------------------------------------------


def _thread_context(
    request: HttpRequest, thread: Thread, *, after: int | None, reply_form: Any = None
) -> dict[str, Any]:
    community = thread.community
    user = request.user
    draft_key = f"forums:reply:{thread.pk}"
    may_reply = permissions.can_reply(user, thread)
    draft = _draft(request, draft_key) if may_reply else None
    if reply_form is None and may_reply:
        reply_form = ReplyForm(initial={"body": draft.body if draft else ""})
    page = selectors.thread_posts(viewer=user, thread=thread, after=after)
    _attach_permissions(user, page, _PostLinks(community, thread))
    return {
        "community": community,
        "thread": thread,
        "page": page,
        "editor_preview": None,
        "reply_form": reply_form,
        "draft_key": draft_key,
        "draft": draft,
        "upload_url": _upload_url(request, community) if may_reply else None,
        "may_reply": may_reply,
        "refusal": permissions.thread_refusal(thread),
        "may_participate": permissions.can_participate(user, community),
        "may_moderate": permissions.can_moderate_thread(user, thread),
        "may_verify": thread.is_question
        and (
            thread.author_id == getattr(user, "pk", None) or permissions.can_manage(user, community)
        ),
        "may_moderate_community": permissions.can_moderate_community(user, community),
    }


class _PostLinks:
    """The addresses of a page's posts, reversed once per page rather than once per post and
    button: on a page of many posts, ``reverse`` was the largest cost after the templates."""

    NUMBER = "2147480001"
    WORD = "collegium-placeholder"
    ROUTES = {
        "self": "forums:post",
        "edit": "forums:post_edit",
        "delete": "forums:post_delete",
        "history": "forums:post_history",
        "helpful": "forums:post_helpful",
    }

    def __init__(self, community: Community, thread: Thread) -> None:
        slug = community.slug
        self.routes = {
            key: reverse(name, args=[slug, self.NUMBER]) for key, name in self.ROUTES.items()
        }
        self.answer = reverse("forums:post_answer", args=[slug, self.NUMBER, self.WORD])
        self.quote = reverse("forums:reply", args=[slug, thread.pk]) + "?quote="
        self.profile = reverse("accounts:profile", kwargs={"username": self.WORD})
        self.report = reverse("moderation:report", args=["post", self.NUMBER])
        self.moderate = reverse("moderation:item", args=["post", self.NUMBER])

    def attach(self, post: Post) -> None:
        number = str(post.pk)
        links = {key: route.replace(self.NUMBER, number) for key, route in self.routes.items()}
        answer = self.answer.replace(self.NUMBER, number)
        for action in ANSWER_ACTIONS:
            links[action] = answer.replace(self.WORD, action)
        links["quote"] = f"{self.quote}{number}"
        links["report"] = self.report.replace(self.NUMBER, number)
        links["moderate"] = self.moderate.replace(self.NUMBER, number)
        if post.author is not None:
            links["author"] = self.profile.replace(self.WORD, post.author.username)
        if post.reply_to_id:
            links["reply_to"] = self.routes["self"].replace(self.NUMBER, str(post.reply_to_id))
        post.links = links  # type: ignore[attr-defined]


def _attach_permissions(user: Any, page: selectors.PostPage, links: _PostLinks) -> None:
    """What the viewer may do with each post, decided by the policy once per post; the
    viewer's membership is already attached to the community, so this costs no query."""
    posts = [*page.posts, *page.verified, *page.suggested]
    if page.opening is not None:
        posts.append(page.opening)
    # Removed posts keep their place; their text is for their author and the moderators.
    sees_removed = bool(posts) and permissions.can_see_removed(user, posts[0].thread.community)
    for post in posts:
        links.attach(post)
        post.is_helpful = post.pk in page.helpful  # type: ignore[attr-defined]
        post.may = {  # type: ignore[attr-defined]
            "edit": permissions.can_edit_post(user, post),
            "history": post.edited_at is not None and permissions.can_view_post_history(user, post),
            "react": permissions.can_react(user, post),
            "suggest": permissions.can_suggest_answer(user, post),
            "unsuggest": post.suggested_by_id == getattr(user, "pk", None)
            or permissions.can_verify_answer(user, post),
            "verify": permissions.can_verify_answer(user, post),
            "read": post.removed_at is None
            or sees_removed
            or post.author_id == getattr(user, "pk", None),
            "report": post.deleted_at is None
            and permissions.can_report(user, post, readable=True, author_id=post.author_id),
        }


def thread_detail(request: HttpRequest, slug: str, thread_id: int) -> HttpResponse:
    """A thread: its answers first on a question, then the conversation (CT-1)."""
    community = _readable_community(request, slug)
    thread = selectors.thread_get(viewer=request.user, community=community, thread_id=thread_id)
    try:
        after = int(request.GET.get("after", "0")) or None
    except ValueError:
        after = None
    if after is not None and after < 0:
        after = None
    return render(request, "forums/thread.html", _thread_context(request, thread, after=after))


def post_detail(request: HttpRequest, slug: str, post_id: int) -> HttpResponse:
    """A post's own address: the page of its thread that shows it, at the post."""
    community = _readable_community(request, slug)
    post = selectors.post_get(viewer=request.user, community=community, post_id=post_id)
    url = post.thread.get_absolute_url()
    after = selectors.post_page_after(post=post)
    if after:
        url += f"?after={after}"
    return redirect(f"{url}#{post.anchor}")


@require_http_methods(["GET", "POST"])
def thread_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Start a discussion or ask a question (CT-1); staff may give it an open period (CT-5)."""
    community = _community(request, slug)
    draft_key = f"forums:thread:{community.pk}"
    if not isinstance(request.user, User):
        if request.method == "POST":
            return _keep_and_sign_in(request, key=draft_key, fields=request.POST.dict())
        return redirect_to_login(request.get_full_path())
    if not permissions.can_read_community_content(request.user, community):
        raise Http404
    may_set_period = permissions.can_post_association_topic(request.user)
    draft = _draft(request, draft_key)
    if request.method == "POST":
        form = ThreadForm(request.POST, may_set_open_period=may_set_period)
        if not editor_views.preview_requested(request) and form.is_valid():
            data = form.cleaned_data
            thread = _publish(
                request,
                form,
                draft_key,
                lambda: services.thread_create(
                    actor=_user(request),
                    community=community,
                    kind=data["kind"],
                    title=data["title"],
                    body=data["body"],
                    tags=data["tags"],
                    opens_at=data.get("opens_at"),
                    closes_at=data.get("closes_at"),
                    submission_key=data["submission_key"],
                ),
                limit="thread",
            )
            if thread is not None:
                return redirect(thread)
        _save_draft(request, draft_key, form)
    else:
        initial = {"body": draft.body, "title": draft.title} if draft else {}
        form = ThreadForm(initial=initial, may_set_open_period=may_set_period)
    return render(
        request,
        "forums/thread_form.html",
        {
            "community": community,
            "form": form,
            "draft_key": draft_key,
            "draft": draft,
            "upload_url": _upload_url(request, community),
            "may_start": permissions.can_start_thread(request.user, community),
            "editor_preview": _preview(request, "body"),
        },
    )


def _preview(request: HttpRequest, field: str) -> str | None:
    """Without JavaScript the Preview button submits the form: render the text, save nothing."""
    if editor_views.preview_requested(request):
        return editor_views.preview_html(request.POST.get(field, ""))
    return None


@require_http_methods(["GET", "POST"])
def reply(request: HttpRequest, slug: str, thread_id: int) -> HttpResponse:
    """Reply to a thread, quoting a post with ``?quote=<id>`` (CT-1)."""
    draft_key = f"forums:reply:{thread_id}"
    if not isinstance(request.user, User):
        if request.method == "POST":
            return _keep_and_sign_in(request, key=draft_key, fields=request.POST.dict())
        return redirect_to_login(request.get_full_path())
    community = _readable_community(request, slug)
    thread = selectors.thread_get(viewer=request.user, community=community, thread_id=thread_id)
    quoted = _quoted_post(request, community, thread)
    if request.method == "POST":
        form = ReplyForm(request.POST)
        if not editor_views.preview_requested(request) and form.is_valid():
            data = form.cleaned_data
            post = _publish(
                request,
                form,
                draft_key,
                lambda: services.post_reply(
                    actor=_user(request),
                    thread=thread,
                    body=data["body"],
                    reply_to=quoted,
                    submission_key=data["submission_key"],
                ),
                limit="reply",
            )
            if post is not None:
                return redirect(post)
        # CT-4: whatever stopped the reply, the text stays, on the page and as a draft.
        _save_draft(request, draft_key, form)
    else:
        if not permissions.can_reply(request.user, thread):
            messages.error(
                request, permissions.thread_refusal(thread) or _("You cannot reply here.")
            )
            return redirect(thread)
        draft = _draft(request, draft_key)
        body = draft.body if draft else ""
        if quoted is not None and not quoted.is_deleted:
            author = quoted.author.username if quoted.author else _("a former member")
            quote = "\n".join(f"> {line}" for line in quoted.body.splitlines())
            body = f"{body}\n\n" if body else ""
            body += _("@%(username)s wrote:") % {"username": author} + f"\n{quote}\n\n"
        form = ReplyForm(initial={"body": body, "reply_to": quoted.pk if quoted else None})
    return render(
        request,
        "forums/reply.html",
        {
            "community": community,
            "thread": thread,
            "quoted": quoted,
            "form": form,
            "draft_key": draft_key,
            "upload_url": _upload_url(request, community),
            "editor_preview": _preview(request, "body"),
        },
    )


def _quoted_post(request: HttpRequest, community: Community, thread: Thread) -> Post | None:
    raw = request.POST.get("reply_to") or request.GET.get("quote")
    if not raw:
        return None
    try:
        post = selectors.post_get(viewer=request.user, community=community, post_id=int(raw))
    except (ValueError, Http404):
        return None
    return post if post.thread_id == thread.pk else None


# Posts ----------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request: HttpRequest, slug: str, post_id: int) -> HttpResponse:
    """Edit one's post; an edit that crossed someone else's shows both versions (CT-4)."""
    community = _readable_community(request, slug)
    post = selectors.post_get(viewer=request.user, community=community, post_id=post_id)
    if not permissions.can_edit_post(request.user, post):
        raise Http404
    draft_key = f"forums:edit:{post.pk}"
    conflict: Post | None = None
    if request.method == "POST":
        form = PostEditForm(request.POST, is_opening=post.is_opening)
        if not editor_views.preview_requested(request) and form.is_valid():
            data = form.cleaned_data
            try:
                services.post_edit(
                    actor=_user(request),
                    post=post,
                    body=data["body"],
                    title=data.get("title"),
                    base_version=data["base_version"],
                )
            except services.EditConflict as error:
                conflict = error.current
                form.add_error(None, error)
                # Saving again now knowingly replaces the version shown above.
                data = request.POST.copy()
                data["base_version"] = str(conflict.version)
                form.data = data
            except ValidationError as error:
                add_errors(form, error)
            except PermissionDenied as error:
                _refusal(form, error)
            else:
                editor_services.draft_discard(user=_user(request), key=draft_key)
                messages.success(request, _("Your changes are saved."))
                return redirect(post)
        _save_draft(request, draft_key, form)
    else:
        draft = _draft(request, draft_key)
        form = PostEditForm(
            initial={
                "title": post.thread.title,
                "body": draft.body if draft else post.body,
                "base_version": post.version,
            },
            is_opening=post.is_opening,
        )
    return render(
        request,
        "forums/post_edit.html",
        {
            "community": community,
            "post": post,
            "thread": post.thread,
            "form": form,
            "conflict": conflict,
            "draft_key": draft_key,
            "upload_url": _upload_url(request, community),
            "editor_preview": _preview(request, "body"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def post_delete(request: HttpRequest, slug: str, post_id: int) -> HttpResponse:
    community = _readable_community(request, slug)
    post = selectors.post_get(viewer=request.user, community=community, post_id=post_id)
    if not permissions.can_delete_post(request.user, post):
        raise Http404
    if request.method == "POST":
        services.post_delete(actor=_user(request), post=post)
        messages.success(request, _("Your post is deleted."))
        if post.is_opening and post.thread.reply_count == 0:
            return redirect("forums:threads", slug=community.slug)
        return redirect(post)
    return render(
        request,
        "forums/post_delete.html",
        {"community": community, "post": post, "thread": post.thread},
    )


@login_required
def post_history(request: HttpRequest, slug: str, post_id: int) -> HttpResponse:
    """Earlier versions of an edited post: for its author, leaders and moderators (CT-1)."""
    community = _readable_community(request, slug)
    post = selectors.post_get(viewer=request.user, community=community, post_id=post_id)
    revisions = selectors.post_revisions(viewer=request.user, post=post)
    return render(
        request,
        "forums/post_history.html",
        {"community": community, "post": post, "thread": post.thread, "revisions": revisions},
    )


@login_required
@require_POST
def post_helpful(request: HttpRequest, slug: str, post_id: int) -> HttpResponse:
    """Mark a post helpful, or take the mark back; htmx swaps the button in place."""
    community = _readable_community(request, slug)
    post = selectors.post_get(viewer=request.user, community=community, post_id=post_id)
    try:
        is_helpful = services.reaction_toggle(actor=_user(request), post=post)
    except PermissionDenied as error:
        if request.headers.get("HX-Request"):
            return HttpResponse(str(error), status=403)
        messages.error(request, str(error))
        return redirect(post)
    if request.headers.get("HX-Request"):
        post.refresh_from_db(fields=["helpful_count"])
        _PostLinks(community, post.thread).attach(post)
        return render(
            request,
            "forums/components/helpful.html",
            {"post": post, "is_helpful": is_helpful, "may_react": True, "community": community},
        )
    return redirect(post)


ANSWER_ACTIONS = {
    "suggest": services.answer_suggest,
    "unsuggest": services.answer_unsuggest,
    "verify": services.answer_verify,
    "unverify": services.answer_unverify,
}


@login_required
@require_POST
def post_answer(request: HttpRequest, slug: str, post_id: int, action: str) -> HttpResponse:
    """Suggest or verify a reply as an answer to the question, or undo it (CT-1)."""
    if action not in ANSWER_ACTIONS:
        raise Http404
    community = _readable_community(request, slug)
    post = selectors.post_get(viewer=request.user, community=community, post_id=post_id)
    try:
        ANSWER_ACTIONS[action](actor=_user(request), post=post)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _answer_message(action))
    return redirect(post)


def _answer_message(action: str) -> str:
    return {
        "suggest": _("Suggested as an answer."),
        "unsuggest": _("The suggestion is withdrawn."),
        "verify": _("Verified as an answer. It now shows first in the thread."),
        "unverify": _("The verification is undone."),
    }[action]


# Lifecycle (CT-5) -----------------------------------------------------------------------------


def _moderated_thread(request: HttpRequest, slug: str, thread_id: int) -> Thread:
    community = _readable_community(request, slug)
    thread = selectors.thread_get(viewer=request.user, community=community, thread_id=thread_id)
    if not permissions.can_moderate_thread(request.user, thread):
        raise Http404
    return thread


@login_required
@require_http_methods(["GET", "POST"])
def thread_close(request: HttpRequest, slug: str, thread_id: int) -> HttpResponse:
    """Close a thread with a closing summary (CT-5)."""
    thread = _moderated_thread(request, slug, thread_id)
    draft_key = f"forums:close:{thread.pk}"
    if request.method == "POST":
        form = CloseForm(request.POST)
        if not editor_views.preview_requested(request) and form.is_valid():
            summary = form.cleaned_data["summary"]
            closed = _publish(
                request,
                form,
                draft_key,
                lambda: services.thread_close(actor=_user(request), thread=thread, summary=summary),
            )
            if closed is not None:
                messages.success(request, _("The thread is closed."))
                return redirect(thread)
        _save_draft(request, draft_key, form)
    else:
        draft = _draft(request, draft_key)
        form = CloseForm(initial={"summary": draft.body if draft else thread.closing_summary})
    return render(
        request,
        "forums/thread_close.html",
        {
            "community": thread.community,
            "thread": thread,
            "form": form,
            "draft_key": draft_key,
            "editor_preview": _preview(request, "summary"),
        },
    )


@login_required
@require_POST
def thread_action(request: HttpRequest, slug: str, thread_id: int, action: str) -> HttpResponse:
    """Pin, unpin, reopen or archive a thread (CT-1, CT-5)."""
    thread = _moderated_thread(request, slug, thread_id)
    actor = _user(request)
    try:
        if action == "pin":
            services.thread_pin(actor=actor, thread=thread, pinned=True)
            messages.success(request, _("The thread is pinned to the top of the forum."))
        elif action == "unpin":
            services.thread_pin(actor=actor, thread=thread, pinned=False)
            messages.success(request, _("The thread is no longer pinned."))
        elif action == "reopen":
            services.thread_reopen(actor=actor, thread=thread)
            messages.success(request, _("The thread is open again."))
        elif action == "archive":
            services.thread_archive(actor=actor, thread=thread)
            messages.success(request, _("The thread is archived: it is now read-only."))
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(thread)


@login_required
@require_POST
def thread_export(request: HttpRequest, slug: str, thread_id: int) -> HttpResponse:
    """Ask for an archive of the thread, sent by email when ready (CT-5)."""
    community = _readable_community(request, slug)
    thread = selectors.thread_get(viewer=request.user, community=community, thread_id=thread_id)
    services.thread_export_request(actor=_user(request), thread=thread)
    messages.success(
        request, _("The archive of this thread is being prepared. It will arrive by email.")
    )
    return redirect(thread)

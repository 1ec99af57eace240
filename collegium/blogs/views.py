"""Blogs: a community's blog, its posts from draft to publication, comments, the site's
latest posts and the Atom feeds of public blogs (SPEC CT-2, CT-4, NO-4).

Every form keeps what was typed: a refusal shows it again with the message next to the field,
and the text is kept as a draft (CT-4)."""

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
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from collegium import permissions
from collegium.accounts.models import User
from collegium.blogs import selectors, services
from collegium.blogs.forms import BlogFilterForm, BlogPostForm
from collegium.blogs.models import BlogComment, BlogPost, guest_disclaimer
from collegium.comments import views as comment_views
from collegium.comments.forms import CommentForm
from collegium.communities import selectors as community_selectors
from collegium.communities.choices import CommunityLanguage
from collegium.communities.models import Community
from collegium.core.validation import run_on_form
from collegium.editor import services as editor_services
from collegium.editor import views as editor_views

T = TypeVar("T")


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _community(request: HttpRequest, slug: str) -> Community:
    return community_selectors.community_get(viewer=request.user, slug=slug)


def _blog_community(request: HttpRequest, slug: str) -> Community:
    """A community whose blog the viewer may read; 404 for anyone else (SPEC §0)."""
    community = _community(request, slug)
    if not permissions.can_read_blog(request.user, community):
        raise Http404
    return community


def _post(request: HttpRequest, slug: str, post_slug: str) -> BlogPost:
    community = _blog_community(request, slug)
    return selectors.blog_post_get(viewer=request.user, community=community, post_slug=post_slug)


def _editable_post(request: HttpRequest, slug: str, post_slug: str) -> BlogPost:
    post = _post(request, slug, post_slug)
    if not permissions.can_edit_blog_post(request.user, post):
        raise Http404
    return post


def _disclaimer() -> str:
    return guest_disclaimer(get_language() or "en")


def _preview(request: HttpRequest) -> str | None:
    """Without JavaScript the Preview button submits the form: render the text it names."""
    if editor_views.preview_requested(request):
        field = request.POST.get("editor_preview", "body")
        return editor_views.preview_html(request.POST.get(field, ""))
    return None


# Reading --------------------------------------------------------------------------------------


def community_blog(request: HttpRequest, slug: str) -> HttpResponse:
    """A community's blog: published posts newest first, by tag; writers see their drafts."""
    community = _blog_community(request, slug)
    form = BlogFilterForm(request.GET)
    tag = cursor = ""
    if form.is_valid():
        tag, cursor = form.cleaned_data["tag"], form.cleaned_data["cursor"]
    page = selectors.blog_post_list(
        viewer=request.user, community=community, tag=tag, cursor=cursor
    )
    next_url = ""
    if page.next_cursor:
        query = {"cursor": page.next_cursor, **({"tag": tag} if tag else {})}
        next_url = f"?{urlencode(query)}"
    language = get_language() or "en"
    for post in page.posts:
        post.lang = post.reading_language(language)  # type: ignore[attr-defined]
        post.shown = post.text_in(post.lang)  # type: ignore[attr-defined]
    return render(
        request,
        "blogs/community_blog.html",
        {
            "community": community,
            "page": page,
            "tag": tag,
            "cursor": cursor,
            "next_url": next_url,
            "unpublished": selectors.blog_unpublished_posts(
                viewer=request.user, community=community
            ),
            "may_write": permissions.can_write_blog(request.user, community),
            "may_write_association": permissions.can_write_blog(request.user, community)
            and permissions.can_write_association_post(request.user),
            "is_public": permissions.blog_is_public(community),
            "disclaimer": _disclaimer(),
        },
    )


def latest(request: HttpRequest) -> HttpResponse:
    """The latest posts of every blog the viewer may read."""
    form = BlogFilterForm(request.GET)
    cursor = form.cleaned_data["cursor"] if form.is_valid() else ""
    page = selectors.latest_posts(viewer=request.user, cursor=cursor)
    language = get_language() or "en"
    for post in page.posts:
        post.lang = post.reading_language(language)  # type: ignore[attr-defined]
        post.shown = post.text_in(post.lang)  # type: ignore[attr-defined]
    return render(
        request,
        "blogs/latest.html",
        {
            "page": page,
            "cursor": cursor,
            "next_url": f"?{urlencode({'cursor': page.next_cursor})}" if page.next_cursor else "",
            "disclaimer": _disclaimer(),
        },
    )


def _comment_draft_key(slug: str, post_slug: str) -> str:
    # By address, so that text sent after the session expired finds its form again.
    return f"blogs:comment:{slug}/{post_slug}"


def _comment_urls(post: BlogPost) -> dict[str, str]:
    args = [post.community.slug, post.slug]
    placeholder = comment_views.COMMENT_ID_PLACEHOLDER
    return {
        "action_url": reverse("blogs:comment_add", args=args),
        "edit_url": reverse("blogs:comment_edit", args=[*args, placeholder]),
        "delete_url": reverse("blogs:comment_delete", args=[*args, placeholder]),
    }


def _post_context(
    request: HttpRequest, post: BlogPost, *, comment_form: CommentForm | None = None
) -> dict[str, Any]:
    community = post.community
    wanted = request.GET.get("read") or get_language()
    lang = post.reading_language(wanted)
    may_comment = permissions.can_comment_blog_post(request.user, post)
    refusal = None
    if post.is_published and community.is_archived:
        refusal = _("This community is archived: it can be read, not changed.")
    comments = selectors.blog_post_comments(viewer=request.user, post=post)
    return {
        "community": community,
        "post": post,
        "lang": lang,
        "shown": post.text_in(lang),
        "other_languages": [code for code in post.languages if code != lang],
        "disclaimer": _disclaimer(),
        "may_edit": permissions.can_edit_blog_post(request.user, post),
        "editor_preview": _preview(request),
        **comment_views.comment_section_context(
            request,
            community=community,
            comments=comments,
            may_comment=may_comment,
            draft_key=_comment_draft_key(community.slug, post.slug),
            form=comment_form,
            refusal=refusal,
            **_comment_urls(post),
        ),
    }


def post_detail(request: HttpRequest, slug: str, post_slug: str) -> HttpResponse:
    """A blog post in the reader's language (or the one asked for), then its comments."""
    post = _post(request, slug, post_slug)
    return render(request, "blogs/post.html", _post_context(request, post))


# Writing --------------------------------------------------------------------------------------


def _draft_key(slug: str, post: BlogPost | None, language: str = "") -> str:
    # By address for new posts, so that text sent after the session expired finds its form.
    base = f"blogs:edit:{post.pk}" if post else f"blogs:new:{slug}"
    return f"{base}:{language}" if language else base


def _texts(form: BlogPostForm) -> dict[str, services.PostText]:
    data = form.cleaned_data
    if form.bilingual:
        return {
            code: services.PostText(
                title=data.get(f"title_{code}", ""),
                summary=data.get(f"summary_{code}", ""),
                body=data.get(f"body_{code}", ""),
            )
            for code in ("en", "fr")
        }
    language = data.get("language") or form.initial.get("language") or "en"
    return {
        language: services.PostText(
            title=data.get("title", ""), summary=data.get("summary", ""), body=data.get("body", "")
        )
    }


def _guest(form: BlogPostForm) -> services.GuestAuthor | None:
    data = form.cleaned_data
    if not data.get("is_guest_post"):
        return None
    return services.GuestAuthor(
        member_username=data.get("guest_member", ""),
        name=data.get("guest_author_name", ""),
        credentials=data.get("guest_author_credentials", ""),
    )


def _cover(form: BlogPostForm) -> services.Cover:
    data = form.cleaned_data
    return services.Cover(
        upload=data.get("cover"),
        alt=data.get("cover_alt_en" if form.bilingual else "cover_alt", ""),
        alt_fr=data.get("cover_alt_fr", "") if form.bilingual else "",
        remove=data.get("remove_cover", False),
    )


def _save_drafts(request: HttpRequest, form: BlogPostForm, key: Callable[[str], str]) -> None:
    """Keep each language's text as a draft: beyond it, it is still on the page shown again."""
    for code in form.languages:
        suffix = f"_{code}" if code else ""
        with contextlib.suppress(ValidationError):
            editor_services.draft_save(
                user=_user(request),
                key=key(code),
                body=form.data.get(f"body{suffix}", ""),
                title=form.data.get(f"title{suffix}", ""),
            )


def _keep_and_sign_in(
    request: HttpRequest, key: Callable[[str], str], languages: tuple[str, ...]
) -> HttpResponse:
    """A post sent after the session expired: keep its texts through the sign-in (CT-4)."""
    for code in languages:
        suffix = f"_{code}" if code else ""
        with contextlib.suppress(ValidationError):
            editor_services.draft_keep_for_sign_in(
                session=request.session,
                key=key(code),
                body=request.POST.get(f"body{suffix}", ""),
                title=request.POST.get(f"title{suffix}", ""),
            )
    messages.info(request, _("Your session has expired. Sign in again: your text is kept."))
    return redirect_to_login(request.get_full_path())


def _discard_drafts(request: HttpRequest, form: BlogPostForm, key: Callable[[str], str]) -> None:
    for code in form.languages:
        editor_services.draft_discard(user=_user(request), key=key(code))


def _drafts_initial(
    request: HttpRequest, key: Callable[[str], str], languages: tuple[str, ...]
) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    drafts = {}
    for code in languages:
        draft = comment_views.comment_draft(request, key(code))
        if draft is not None:
            suffix = f"_{code}" if code else ""
            initial[f"body{suffix}"] = draft.body
            if draft.title:
                initial[f"title{suffix}"] = draft.title
            drafts[code] = draft
    initial["drafts"] = drafts
    return initial


def _form_context(
    request: HttpRequest,
    community: Community,
    form: BlogPostForm,
    key: Callable[[str], str],
    drafts: dict[str, Any],
    post: BlogPost | None = None,
) -> dict[str, Any]:
    upload_url = (
        reverse("editor:attachment_upload", kwargs={"slug": community.slug})
        if permissions.can_attach(request.user, community)
        else None
    )
    texts = []
    for code, fields in zip(form.languages, form.text_fields(), strict=True):
        texts.append(
            {
                "code": code,
                "title": fields[0],
                "summary": fields[1],
                "body": fields[2],
                "draft_key": key(code),
                "draft": drafts.get(code),
            }
        )
    return {
        "community": community,
        "post": post,
        "form": form,
        "texts": texts,
        "upload_url": upload_url,
        "editor_preview": _preview(request),
        "disclaimer": _disclaimer(),
    }


@require_http_methods(["GET", "POST"])
def post_create(request: HttpRequest, slug: str, association: bool = False) -> HttpResponse:
    """Write a post for the community's blog: a draft, published now, or scheduled (CT-2);
    ``association``: an association post, in both languages, by staff."""
    languages: tuple[str, ...] = ("en", "fr") if association else ("",)

    def key(code: str) -> str:
        kind = ":".join(part for part in ("association" if association else "", code) if part)
        return _draft_key(slug, None, kind)

    if not isinstance(request.user, User):
        if request.method == "POST":
            return _keep_and_sign_in(request, key, languages)
        return redirect_to_login(request.get_full_path())
    community = _blog_community(request, slug)
    if not permissions.can_write_blog(request.user, community) or (
        association and not permissions.can_write_association_post(request.user)
    ):
        raise Http404

    options = {
        "bilingual": association,
        "may_choose_language": community.language == CommunityLanguage.BOTH,
    }
    drafts: dict[str, Any] = {}
    if request.method == "POST":
        form = BlogPostForm(request.POST, request.FILES, **options)
        if not editor_views.preview_requested(request) and form.is_valid():
            data = form.cleaned_data
            post = run_on_form(
                form,
                lambda: services.blog_post_create(
                    actor=_user(request),
                    community=community,
                    texts=_texts(form),
                    language=data.get("language") or services.community_language(community),
                    is_association_post=association,
                    guest=_guest(form),
                    tags=data["tags"],
                    cover=_cover(form),
                    publication=data["publication"],
                    publish_at=data.get("publish_at"),
                    submission_key=data["submission_key"],
                ),
            )
            if post is not None:
                _discard_drafts(request, form, key)
                messages.success(request, _status_message(post))
                return redirect(post)
        _save_drafts(request, form, key)
    else:
        initial = _drafts_initial(request, key, languages)
        drafts = initial.pop("drafts")
        initial["language"] = services.community_language(community)
        form = BlogPostForm(initial=initial, **options)
    return render(
        request,
        "blogs/post_form.html",
        _form_context(request, community, form, key, drafts),
    )


def _status_message(post: BlogPost) -> str:
    if post.is_published:
        return _("The post is published.")
    if post.is_scheduled:
        return _("The post is scheduled.")
    return _("The post is saved as a draft.")


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request: HttpRequest, slug: str, post_slug: str) -> HttpResponse:
    """Change a post; a published one keeps its publication date."""
    post = _editable_post(request, slug, post_slug)
    community = post.community
    languages: tuple[str, ...] = ("en", "fr") if post.is_association_post else ("",)

    def key(code: str) -> str:
        return _draft_key(community.slug, post, code)

    options = {
        "bilingual": post.is_association_post,
        "may_choose_language": community.language == CommunityLanguage.BOTH,
        "is_published": post.is_published,
        "has_cover": post.cover_id is not None,
    }
    drafts: dict[str, Any] = {}
    if request.method == "POST":
        form = BlogPostForm(request.POST, request.FILES, **options)
        if not editor_views.preview_requested(request) and form.is_valid():
            data = form.cleaned_data
            saved = run_on_form(
                form,
                lambda: services.blog_post_edit(
                    actor=_user(request),
                    post=post,
                    texts=_texts(form),
                    language=data.get("language") or post.language,
                    guest=_guest(form),
                    tags=data["tags"],
                    cover=_cover(form),
                    publication=data.get("publication"),
                    publish_at=data.get("publish_at"),
                ),
            )
            if saved is not None:
                _discard_drafts(request, form, key)
                messages.success(request, _("Your changes are saved."))
                return redirect(saved)
        _save_drafts(request, form, key)
    else:
        form = BlogPostForm(initial=_edit_initial(request, post, key, languages, drafts), **options)
    return render(
        request,
        "blogs/post_form.html",
        _form_context(request, community, form, key, drafts, post=post),
    )


def _edit_initial(
    request: HttpRequest,
    post: BlogPost,
    key: Callable[[str], str],
    languages: tuple[str, ...],
    drafts: dict[str, Any],
) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "language": post.language,
        "tags": ", ".join(tag.name for tag in post.tags.all()),
        "is_guest_post": post.is_guest_post,
        "guest_member": post.guest_member.username if post.guest_member else "",
        "guest_author_name": post.guest_author_name,
        "guest_author_credentials": post.guest_author_credentials,
        "publication": {"scheduled": "schedule"}.get(post.status, "draft"),
        "publish_at": post.publish_at,
    }
    for code in languages:
        text = post.text_in(code or post.language)
        suffix = f"_{code}" if code else ""
        initial.update(
            {
                f"title{suffix}": text["title"],
                f"cover_alt{suffix}": text["cover_alt"],
                f"summary{suffix}": text["summary"],
                f"body{suffix}": text["body"],
            }
        )
    from_drafts = _drafts_initial(request, key, languages)
    drafts.update(from_drafts.pop("drafts"))
    initial.update(from_drafts)
    return initial


@login_required
@require_POST
def post_action(request: HttpRequest, slug: str, post_slug: str, action: str) -> HttpResponse:
    """Publish a draft or scheduled post now, or take a post back to the drafts."""
    actions = {
        "publish": (services.blog_post_publish, _("The post is published.")),
        "unpublish": (services.blog_post_unpublish, _("The post is back among the drafts.")),
    }
    if action not in actions:
        raise Http404
    post = _editable_post(request, slug, post_slug)
    service, message = actions[action]
    try:
        post = service(actor=_user(request), post=post)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, message)
    return redirect(post)


@login_required
@require_http_methods(["GET", "POST"])
def post_delete(request: HttpRequest, slug: str, post_slug: str) -> HttpResponse:
    post = _editable_post(request, slug, post_slug)
    if request.method == "POST":
        try:
            services.blog_post_delete(actor=_user(request), post=post)
        except PermissionDenied as error:
            messages.error(request, str(error))
            return redirect(post)
        messages.success(request, _("The post is deleted."))
        return redirect("blogs:community_blog", slug=post.community.slug)
    return render(
        request,
        "blogs/post_delete.html",
        {
            "community": post.community,
            "post": post,
            "shown": post.text_in(post.reading_language(get_language())),
        },
    )


# Comments -------------------------------------------------------------------------------------


@require_POST
def comment_add(request: HttpRequest, slug: str, post_slug: str) -> HttpResponse:
    """A participant comments on a post; a refusal shows the post again with the text kept."""
    draft_key = _comment_draft_key(slug, post_slug)
    if not isinstance(request.user, User):
        return comment_views.keep_for_sign_in(request, key=draft_key)
    post = _post(request, slug, post_slug)
    if not permissions.can_read_comments(request.user, post.community):
        raise Http404
    form, comment = comment_views.handle_comment_post(
        request,
        draft_key=draft_key,
        draft_url=f"{post.get_absolute_url()}#comment-form",
        write=lambda data: services.blog_comment_add(
            actor=_user(request),
            post=post,
            body=data["body"],
            submission_key=data["submission_key"],
        ),
    )
    if comment is not None:
        return redirect(f"{post.get_absolute_url()}#{comment.anchor}")
    return render(request, "blogs/post.html", _post_context(request, post, comment_form=form))


def _own_comment(request: HttpRequest, slug: str, post_slug: str, comment_id: int) -> BlogComment:
    post = _post(request, slug, post_slug)
    comment = selectors.blog_comment_get(viewer=request.user, post=post, comment_id=comment_id)
    if not permissions.can_edit_comment(request.user, comment, post.community):
        raise Http404
    return comment


@login_required
@require_http_methods(["GET", "POST"])
def comment_edit(request: HttpRequest, slug: str, post_slug: str, comment_id: int) -> HttpResponse:
    comment = _own_comment(request, slug, post_slug, comment_id)
    post = comment.post
    draft_key = f"blogs:comment-edit:{comment.pk}"
    form, saved = comment_views.handle_comment_edit(
        request, comment=comment, community=post.community, draft_key=draft_key
    )
    if saved is not None:
        messages.success(request, _("Your changes are saved."))
        return redirect(f"{post.get_absolute_url()}#{saved.anchor}")
    return render(
        request,
        "blogs/comment_edit.html",
        {
            "community": post.community,
            "post": post,
            "comment": comment,
            "form": form,
            "draft_key": draft_key,
            "editor_preview": _preview(request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def comment_delete(
    request: HttpRequest, slug: str, post_slug: str, comment_id: int
) -> HttpResponse:
    comment = _own_comment(request, slug, post_slug, comment_id)
    post = comment.post
    if request.method == "POST":
        try:
            services.blog_comment_delete(actor=_user(request), comment=comment)
        except PermissionDenied as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your comment is deleted."))
        return redirect(f"{post.get_absolute_url()}#{comment.anchor}")
    return render(
        request,
        "blogs/comment_delete.html",
        {"community": post.community, "post": post, "comment": comment},
    )

"""Resource libraries: collections, items, uploads, files and comments (SPEC CT-3).

Uploads work as a plain multipart form without JavaScript. A file is dropped while it arrives
once it passes its kind's limit (``limited_uploads``); whatever refuses it, the refusal is shown
next to the file field and everything typed is kept. Files are served only through
``resource_file``, to those who may read the library (404 for anyone else).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from collegium import permissions
from collegium.accounts.models import User
from collegium.comments import views as comment_views
from collegium.comments.views import COMMENT_ID_PLACEHOLDER
from collegium.communities import selectors as community_selectors
from collegium.communities.models import Community
from collegium.core import uploads
from collegium.core.images import megabytes
from collegium.core.serving import is_from_start, serve_file
from collegium.core.upload_handlers import limited_uploads, upload_refusal
from collegium.core.validation import run_on_form
from collegium.editor import views as editor_views
from collegium.moderation import limits
from collegium.resources import selectors, services
from collegium.resources.choices import KindFilter, ResourceKind, ResourceLanguage, ResourceSort
from collegium.resources.forms import (
    CollectionForm,
    CollectionSortForm,
    LibraryFilterForm,
    ResourceAddForm,
    ResourceEditForm,
)
from collegium.resources.models import Collection, Resource, ResourceComment


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _library(request: HttpRequest, slug: str) -> Community:
    """A community whose library the viewer may read; 404 for anyone else (SPEC §0)."""
    community = community_selectors.community_get(viewer=request.user, slug=slug)
    permissions.check_read_library(request.user, community)
    return community


def _preview(request: HttpRequest) -> str | None:
    """Without JavaScript the editor's Preview button submits the form: render, save nothing."""
    if editor_views.preview_requested(request):
        return editor_views.preview_html(request.POST.get("description", ""))
    return None


# The library and its collections --------------------------------------------------------------


@require_safe
def library(request: HttpRequest, slug: str) -> HttpResponse:
    """A community's library: its collections and the latest resources, filtered (CT-3)."""
    community = _library(request, slug)
    form = LibraryFilterForm(request.GET)
    filters = selectors.LibraryFilters()
    if form.is_valid():
        filters = selectors.LibraryFilters(**form.cleaned_data)
    found = selectors.library_get(viewer=request.user, community=community, filters=filters)
    return render(
        request,
        "resources/library.html",
        {
            "community": community,
            "library": found,
            "filter_form": form,
            "kinds": KindFilter.choices,
            "may_add": permissions.can_add_resource(request.user, community),
            "may_manage": permissions.can_manage_library(request.user, community),
        },
    )


@require_safe
def collection_detail(request: HttpRequest, slug: str, collection_slug: str) -> HttpResponse:
    """A collection's resources, a page at a time, sorted as the reader chooses (CT-3)."""
    community = _library(request, slug)
    collection = selectors.collection_get(
        viewer=request.user, community=community, collection_slug=collection_slug
    )
    form = CollectionSortForm(request.GET)
    sort, page_number = ResourceSort.NEWEST.value, 1
    if form.is_valid():
        sort = form.cleaned_data["sort"] or sort
        page_number = form.cleaned_data["page"] or 1
    page = selectors.collection_resources(
        viewer=request.user, collection=collection, sort=sort, page_number=page_number
    )
    return render(
        request,
        "resources/collection.html",
        {
            "community": community,
            "collection": collection,
            "page": page,
            "sort": sort,
            "sorts": ResourceSort.choices,
            "may_add": permissions.can_add_resource(request.user, community),
            "may_manage": permissions.can_manage_library(request.user, community),
        },
    )


def _parents(
    request: HttpRequest, community: Community, *, exclude: Collection | None = None
) -> list[Collection]:
    """The collections a collection may go inside: top-level ones (one level of nesting)."""
    collections = selectors.library_collections(viewer=request.user, community=community)
    return [
        collection
        for collection in collections
        if collection.parent_id is None and (exclude is None or collection.pk != exclude.pk)
    ]


def _managed_library(request: HttpRequest, slug: str) -> Community:
    community = _library(request, slug)
    if not permissions.can_manage_library(request.user, community):
        raise Http404
    return community


@login_required
@require_http_methods(["GET", "POST"])
def collection_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Leaders add a collection, or a sub-collection of a top-level one."""
    community = _managed_library(request, slug)
    parents = _parents(request, community)
    if request.method == "POST":
        form = CollectionForm(request.POST, parents=parents)
        if form.is_valid():
            data = form.cleaned_data
            collection = run_on_form(
                form,
                lambda: services.collection_create(
                    actor=_user(request),
                    community=community,
                    title=data["title"],
                    description=data["description"],
                    parent=data["parent"],
                ),
            )
            if collection is not None:
                messages.success(request, _("The collection is created."))
                return redirect(collection)
    else:
        initial = {}
        parent_slug = request.GET.get("parent", "")
        for parent in parents:
            if parent.slug == parent_slug:
                initial["parent"] = str(parent.pk)
        form = CollectionForm(initial=initial, parents=parents)
    return render(
        request,
        "resources/collection_form.html",
        {"community": community, "form": form, "collection": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def collection_edit(request: HttpRequest, slug: str, collection_slug: str) -> HttpResponse:
    community = _managed_library(request, slug)
    collection = selectors.collection_get(
        viewer=request.user, community=community, collection_slug=collection_slug
    )
    parents = _parents(request, community, exclude=collection)
    if request.method == "POST":
        form = CollectionForm(request.POST, parents=parents, with_position=True)
        if form.is_valid():
            data = form.cleaned_data
            saved = run_on_form(
                form,
                lambda: services.collection_edit(
                    actor=_user(request),
                    collection=collection,
                    title=data["title"],
                    description=data["description"],
                    parent=data["parent"],
                    position=data["position"],
                ),
            )
            if saved is not None:
                messages.success(request, _("Your changes are saved."))
                return redirect(saved)
    else:
        form = CollectionForm(
            initial={
                "title": collection.title,
                "description": collection.description,
                "parent": str(collection.parent_id or ""),
                "position": collection.position,
            },
            parents=parents,
            with_position=True,
        )
    return render(
        request,
        "resources/collection_form.html",
        {"community": community, "form": form, "collection": collection},
    )


@login_required
@require_http_methods(["GET", "POST"])
def collection_delete(request: HttpRequest, slug: str, collection_slug: str) -> HttpResponse:
    """Delete an empty collection; one that still holds something says what to move first."""
    community = _managed_library(request, slug)
    collection = selectors.collection_get(
        viewer=request.user, community=community, collection_slug=collection_slug
    )
    refusal = ""
    if request.method == "POST":
        try:
            services.collection_delete(actor=_user(request), collection=collection)
        except ValidationError as error:
            refusal = " ".join(error.messages)
        except PermissionDenied as error:
            refusal = str(error)
        else:
            messages.success(request, _("The collection is deleted."))
            return redirect("resources:library", slug=community.slug)
    return render(
        request,
        "resources/collection_delete.html",
        {"community": community, "collection": collection, "refusal": refusal},
    )


# Adding, editing and deleting resources -------------------------------------------------------


def _limits_help() -> str:
    return _(
        "PDF, Word, Excel, PowerPoint, plain text, images (PNG, JPEG, GIF, WebP), video (MP4, "
        "WebM) and audio (MP3, M4A, Ogg, WAV, FLAC). Up to %(megabytes)s MB, or %(video)s MB "
        "for a video."
    ) % {
        "megabytes": megabytes(uploads.max_bytes(uploads.Kind.PDF)),
        "video": megabytes(uploads.max_bytes(uploads.Kind.VIDEO)),
    }


def _added_message(resource: Resource) -> str:
    if resource.title_was_taken:
        return _(
            "This collection already had a resource called “%(taken)s”: nothing was replaced, "
            "and yours is called “%(title)s”."
        ) % {"taken": resource.title_was_taken, "title": resource.title}
    return _("“%(title)s” is added to the library.") % {"title": resource.title}


def _add(request: HttpRequest, form: ResourceAddForm) -> Resource | None:
    data = form.cleaned_data
    # MO-3: over the limit, the 429 page says when to try again.
    limits.check(_user(request), "upload", submission_key=data["submission_key"])
    common = {
        "actor": _user(request),
        "collection": data["collection"],
        "title": data["title"],
        "description": data["description"],
        "language": data["language"],
        "tags": data["tags"],
        "submission_key": data["submission_key"],
    }
    if data["kind"] == ResourceKind.LINK:
        return run_on_form(form, lambda: services.resource_add_link(url=data["url"], **common))
    return run_on_form(form, lambda: services.resource_add_file(upload=data["file"], **common))


@limited_uploads(uploads.RESOURCE_KINDS)
@require_http_methods(["GET", "POST"])
def resource_add(request: HttpRequest, slug: str) -> HttpResponse:
    """Add a file or a link to a collection: leaders, and participants where the community
    allows it (CT-3)."""
    if not isinstance(request.user, User):
        return redirect_to_login(request.get_full_path())
    community = _library(request, slug)
    collections = selectors.library_collections(viewer=request.user, community=community)
    refusal = None
    try:
        permissions.check_add_resource(request.user, community)
    except PermissionDenied as error:
        refusal = str(error)
    form = None
    if refusal is None:
        if request.method == "POST":
            form = ResourceAddForm(
                request.POST,
                request.FILES,
                collections=collections,
                max_help=_limits_help(),
                file_refusal=upload_refusal(request),
            )
            if not editor_views.preview_requested(request) and form.is_valid():
                resource = _add(request, form)
                if resource is not None:
                    messages.success(request, _added_message(resource))
                    return redirect(resource)
        else:
            chosen = next((c for c in collections if c.slug == request.GET.get("collection")), None)
            form = ResourceAddForm(
                initial={
                    "collection": str(chosen.pk) if chosen else "",
                    # A bilingual community's resources start in the reader's language.
                    "language": (
                        community.language
                        if community.language in ResourceLanguage.values
                        else translation.get_language()
                    ),
                },
                collections=collections,
                max_help=_limits_help(),
            )
    return render(
        request,
        "resources/resource_add.html",
        {
            "community": community,
            "form": form,
            "refusal": refusal,
            "has_collections": bool(collections),
            "may_manage": permissions.can_manage_library(request.user, community),
            "editor_preview": _preview(request),
        },
    )


def _editable(request: HttpRequest, slug: str, resource_id: int) -> Resource:
    community = _library(request, slug)
    resource = selectors.resource_get(
        viewer=request.user, community=community, resource_id=resource_id
    )
    if not permissions.can_edit_resource(request.user, resource):
        raise Http404
    return resource


@login_required
@require_http_methods(["GET", "POST"])
def resource_edit(request: HttpRequest, slug: str, resource_id: int) -> HttpResponse:
    resource = _editable(request, slug, resource_id)
    community = resource.collection.community
    collections = selectors.library_collections(viewer=request.user, community=community)
    if request.method == "POST":
        form = ResourceEditForm(request.POST, collections=collections, is_link=resource.is_link)
        if not editor_views.preview_requested(request) and form.is_valid():
            data = form.cleaned_data
            saved = run_on_form(
                form,
                lambda: services.resource_edit(
                    actor=_user(request),
                    resource=resource,
                    title=data["title"],
                    description=data["description"],
                    language=data["language"],
                    tags=data["tags"],
                    collection=data["collection"],
                    url=data.get("url"),
                ),
            )
            if saved is not None:
                messages.success(request, _("Your changes are saved."))
                return redirect(saved)
    else:
        form = ResourceEditForm(
            initial={
                "collection": str(resource.collection_id),
                "title": resource.title,
                "description": resource.description,
                "language": resource.language,
                "tags": ", ".join(tag.name for tag in resource.tags.all()),
                "url": resource.url,
            },
            collections=collections,
            is_link=resource.is_link,
        )
    return render(
        request,
        "resources/resource_edit.html",
        {
            "community": community,
            "resource": resource,
            "collection": resource.collection,
            "form": form,
            "editor_preview": _preview(request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def resource_delete(request: HttpRequest, slug: str, resource_id: int) -> HttpResponse:
    resource = _editable(request, slug, resource_id)
    community = resource.collection.community
    if request.method == "POST":
        services.resource_delete(actor=_user(request), resource=resource)
        messages.success(request, _("“%(title)s” is deleted.") % {"title": resource.title})
        return redirect(resource.collection)
    return render(
        request,
        "resources/resource_delete.html",
        {"community": community, "resource": resource, "collection": resource.collection},
    )


# A resource's page, its file and its comments -------------------------------------------------


def _comment_urls(community: Community) -> dict[str, str]:
    return {
        "edit_url": reverse(
            "resources:comment_edit", args=[community.slug, COMMENT_ID_PLACEHOLDER]
        ),
        "delete_url": reverse(
            "resources:comment_delete", args=[community.slug, COMMENT_ID_PLACEHOLDER]
        ),
    }


def _resource_page(
    request: HttpRequest, resource: Resource, *, comment_form: Any = None
) -> HttpResponse:
    community = resource.collection.community
    may_comment = permissions.can_comment_resource(request.user, resource)
    context = {
        "community": community,
        "resource": resource,
        "collection": resource.collection,
        "may_edit": permissions.can_edit_resource(request.user, resource),
        "editor_preview": (
            editor_views.preview_html(request.POST.get("body", ""))
            if editor_views.preview_requested(request)
            else None
        ),
        **comment_views.comment_section_context(
            request,
            community=community,
            comments=selectors.resource_comments(viewer=request.user, resource=resource),
            may_comment=may_comment,
            action_url=reverse("resources:comment_add", args=[community.slug, resource.pk]),
            draft_key=f"resources:comment:{resource.pk}",
            form=comment_form,
            refusal=(
                _("This community is archived: it can be read, not changed.")
                if community.is_archived
                else None
            ),
            **_comment_urls(community),
        ),
    }
    return render(request, "resources/resource.html", context)


@require_safe
def resource_detail(request: HttpRequest, slug: str, resource_id: int) -> HttpResponse:
    """A resource: its preview, details, download button and comments (CT-3)."""
    community = _library(request, slug)
    resource = selectors.resource_get(
        viewer=request.user, community=community, resource_id=resource_id
    )
    return _resource_page(request, resource)


@require_safe
def resource_file(request: HttpRequest, slug: str, uuid: Any, name: str) -> HttpResponseBase:
    """The file, to those who may read the library; 404 for anyone else and once deleted.

    ``?download=1`` asks for a download even of what could be shown (an image, a video)."""
    community = _library(request, slug)
    resource = selectors.resource_file_get(viewer=request.user, community=community, uuid=uuid)
    response = serve_file(
        request,
        resource.file,
        content_type=resource.content_type,
        filename=resource.original_name,
        inline=False if request.GET.get("download") else None,
    )
    if request.method == "GET" and response.status_code < 400 and is_from_start(request):
        services.resource_count_download(resource=resource)
    return response


@require_safe
def resource_preview(request: HttpRequest, slug: str, uuid: Any) -> HttpResponseBase:
    """The preview image of a file (an image, a PDF's first page), once it is made."""
    community = _library(request, slug)
    resource = selectors.resource_file_get(viewer=request.user, community=community, uuid=uuid)
    if not resource.has_preview:
        raise Http404
    return serve_file(request, resource.preview, content_type="image/webp", filename="preview.webp")


@require_POST
def comment_add(request: HttpRequest, slug: str, resource_id: int) -> HttpResponse:
    """Post a comment on a resource; a refusal shows the page again with the text kept."""
    draft_key = f"resources:comment:{resource_id}"
    if not isinstance(request.user, User):
        return comment_views.keep_for_sign_in(request, key=draft_key)
    community = _library(request, slug)
    resource = selectors.resource_get(
        viewer=request.user, community=community, resource_id=resource_id
    )
    form, comment = comment_views.handle_comment_post(
        request,
        draft_key=draft_key,
        draft_url=f"{resource.get_absolute_url()}#comment-form",
        write=lambda data: services.resource_comment_add(
            actor=_user(request),
            resource=resource,
            body=data["body"],
            submission_key=data["submission_key"],
        ),
    )
    if comment is None:
        return _resource_page(request, resource, comment_form=form)
    messages.success(request, _("Your comment is posted."))
    return redirect(f"{resource.get_absolute_url()}#{comment.anchor}")


def _own_comment(request: HttpRequest, slug: str, comment_id: int) -> ResourceComment:
    community = _library(request, slug)
    comment = selectors.resource_comment_get(
        viewer=request.user, community=community, comment_id=comment_id
    )
    if not permissions.can_edit_comment(request.user, comment, community):
        raise Http404
    return comment


@login_required
@require_http_methods(["GET", "POST"])
def comment_edit(request: HttpRequest, slug: str, comment_id: int) -> HttpResponse:
    comment = _own_comment(request, slug, comment_id)
    resource = comment.resource
    draft_key = f"resources:comment-edit:{comment.pk}"
    form, saved = comment_views.handle_comment_edit(
        request,
        comment=comment,
        community=resource.collection.community,
        draft_key=draft_key,
    )
    if saved is not None:
        messages.success(request, _("Your changes are saved."))
        return redirect(f"{resource.get_absolute_url()}#{saved.anchor}")
    return render(
        request,
        "resources/comment_edit.html",
        {
            "community": resource.collection.community,
            "resource": resource,
            "collection": resource.collection,
            "comment": comment,
            "form": form,
            "draft_key": draft_key,
            "editor_preview": (
                editor_views.preview_html(request.POST.get("body", ""))
                if editor_views.preview_requested(request)
                else None
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def comment_delete(request: HttpRequest, slug: str, comment_id: int) -> HttpResponse:
    comment = _own_comment(request, slug, comment_id)
    resource = comment.resource
    if request.method == "POST":
        services.resource_comment_delete(actor=_user(request), comment=comment)
        messages.success(request, _("Your comment is deleted."))
        return redirect(f"{resource.get_absolute_url()}#comments")
    return render(
        request,
        "resources/comment_delete.html",
        {
            "community": resource.collection.community,
            "resource": resource,
            "collection": resource.collection,
            "comment": comment,
        },
    )

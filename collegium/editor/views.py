"""The one editor's endpoints: preview, drafts, attachments and serving them (SPEC CT-4).

The editor's script calls the first three with ``fetch``; each answers a signed-out caller with
403 and ``{"error": "signed_out"}`` rather than a redirect to the sign-in page, so the script can
tell "your session has expired" from "the network is down". Without JavaScript, the Preview
button submits the caller's own form: its view uses ``preview_requested`` and ``preview_html``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from collegium import permissions
from collegium.accounts.models import User
from collegium.communities.selectors import community_get
from collegium.core import uploads
from collegium.core.redirects import safe_next
from collegium.core.serving import serve_file
from collegium.core.upload_handlers import limited_uploads, upload_refusal
from collegium.editor import selectors, services
from collegium.editor.health_information import FindingKind, find_health_information
from collegium.editor.models import Attachment
from collegium.editor.rendering import render_text

PREVIEW_MAX_LENGTH = services.DRAFT_BODY_MAX_LENGTH
# Room for the multipart envelope around the file itself.


# Helpers for the views of other apps ---------------------------------------------------------


def preview_requested(request: HttpRequest) -> bool:
    """Whether a form was submitted with the editor's Preview button (no JavaScript)."""
    return request.method == "POST" and "editor_preview" in request.POST


def preview_html(text: str) -> str:
    """A text as it will be published: give it to the template as ``editor_preview``."""
    return render_text(text[:PREVIEW_MAX_LENGTH]).html


def markdown_for(attachment: Attachment) -> str:
    """What the editor inserts for an attachment: an image, or a link to the file."""
    name = _escape_markdown(attachment.original_name)
    if attachment.is_image:
        alt = _escape_markdown(attachment.original_name.rsplit(".", 1)[0])
        return f"![{alt}]({attachment.get_absolute_url()})"
    return f"[{name}]({attachment.get_absolute_url()})"


def _escape_markdown(text: str) -> str:
    return "".join(f"\\{char}" if char in "\\`*_[]<>~|!#" else char for char in text)


# Decorators ----------------------------------------------------------------------------------


def _signed_out() -> JsonResponse:
    return JsonResponse(
        {"error": "signed_out", "message": _("Your session has expired. Sign in again.")},
        status=403,
    )


def _signed_in(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """For the script's endpoints: 403 JSON for someone signed out, never a redirect."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not isinstance(request.user, User) or not request.user.is_active:
            return _signed_out()
        return view(request, *args, **kwargs)

    return wrapper


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _message(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


# Preview and drafts --------------------------------------------------------------------------


@require_POST
@_signed_in
def preview(request: HttpRequest) -> HttpResponse:
    """The text as it will be published, as an HTML fragment, with what looks like health
    information listed under it."""
    text = request.POST.get("text", "")
    if len(text) > PREVIEW_MAX_LENGTH:
        return HttpResponse(
            _("This text is too long to preview (more than %(max)s characters).")
            % {"max": PREVIEW_MAX_LENGTH},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    findings = find_health_information(text)
    return render(
        request,
        "editor/preview.html",
        {
            "html": preview_html(text),
            "is_empty": not text.strip(),
            "findings": [(FindingKind(f.kind).label, f.excerpt) for f in findings],
        },
    )


@require_POST
@_signed_in
def draft_save(request: HttpRequest) -> JsonResponse:
    """Autosave: keep the text of a form as a draft; answers when it was saved."""
    try:
        draft = services.draft_save(
            user=request.user,  # type: ignore[arg-type]
            key=request.POST.get("key", ""),
            body=request.POST.get("body", ""),
            title=request.POST.get("title", ""),
        )
    except ValidationError as error:
        return JsonResponse({"error": "invalid", "message": _message(error)}, status=400)
    return JsonResponse({"saved_at": draft.updated_at.isoformat()})


@require_POST
def draft_discard(request: HttpRequest) -> HttpResponse:
    """Throw a draft away. The script calls it; without JavaScript the "Discard the draft"
    button submits the whole form here, and we go back to the page."""
    key = request.POST.get("editor_discard") or request.POST.get("key", "")
    if isinstance(request.user, User):
        services.draft_discard(user=request.user, key=key)
    elif _wants_json(request):
        return _signed_out()
    if _wants_json(request):
        return HttpResponse(status=204)
    return redirect(safe_next(request, "/", field="editor_next"))


# Attachments ---------------------------------------------------------------------------------


def _attachment_limit(kind: uploads.Kind) -> int:
    # Read at call time: tests and operators change it without a restart.
    return int(settings.COLLEGIUM["ATTACHMENT_MAX_BYTES"])


@limited_uploads(uploads.ATTACHMENT_KINDS, limit=_attachment_limit)
@require_POST
@_signed_in
def attachment_upload(request: HttpRequest, slug: str) -> JsonResponse:
    """Upload one file (``file``) for a text written in a community: its address and the
    Markdown to insert, or a message saying why it was refused. A file past the limit is
    dropped while it arrives (``limited_uploads``), never stored."""
    community = community_get(viewer=request.user, slug=slug)
    if not permissions.can_attach(request.user, community):
        raise Http404
    refusal = upload_refusal(request)
    if refusal is not None:
        return JsonResponse({"error": _message(refusal)}, status=400)
    upload = request.FILES.get("file")
    if upload is None:
        return JsonResponse({"error": _("Choose a file to attach.")}, status=400)
    try:
        attachment = services.attachment_upload(
            actor=request.user,  # type: ignore[arg-type]
            community=community,
            upload=upload,
        )
    except ValidationError as error:
        return JsonResponse({"error": _message(error)}, status=400)
    except PermissionDenied:
        raise Http404 from None
    return JsonResponse(
        {
            "url": attachment.get_absolute_url(),
            "markdown": markdown_for(attachment),
            "name": attachment.original_name,
            "is_image": attachment.is_image,
        },
        status=201,
    )


@require_safe
def attachment(request: HttpRequest, uuid: Any, name: str) -> HttpResponseBase:
    """An attachment, to those who may read where it was posted; 404 for anyone else.

    The type is the one sniffed at upload; only images open in the browser, everything else is
    downloaded (``collegium.core.serving``)."""
    found = selectors.attachment_get(viewer=request.user, uuid=uuid)
    return serve_file(
        request, found.file, content_type=found.content_type, filename=found.original_name
    )

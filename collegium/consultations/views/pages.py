"""Consultations (EN-1): the list, a consultation's page with its bilingual draft, documents and
public comments, and the staff pages that prepare, schedule, open and close it and publish
"what we heard". The confidential form is in ``questionnaire.py``, its results in
``results.py``.

Consultations are for people signed in: others are sent to sign in; a consultation the viewer
may not see, and every staff page for anyone but staff, is a 404. Every form keeps what was
typed: a refusal shows it again with the message next to the field."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from collegium import permissions
from collegium.accounts.choices import UserType
from collegium.accounts.models import User
from collegium.comments import views as comment_views
from collegium.comments.forms import CommentForm
from collegium.comments.views import COMMENT_ID_PLACEHOLDER
from collegium.consultations import selectors, services
from collegium.consultations.choices import ConsultationStatus, DraftDisplay
from collegium.consultations.forms import ConsultationForm, DocumentForm, WhatWeHeardForm
from collegium.consultations.models import (
    Consultation,
    ConsultationComment,
    ConsultationDocument,
    Paragraph,
)
from collegium.core import uploads
from collegium.core.images import megabytes
from collegium.core.serving import serve_file
from collegium.core.upload_handlers import limited_uploads, upload_refusal
from collegium.core.validation import run_on_form
from collegium.editor import services as editor_services
from collegium.editor import views as editor_views
from collegium.editor.models import Draft
from collegium.moderation.choices import TargetKind
from collegium.questionnaires import selectors as questionnaire_selectors

T = TypeVar("T")
_PROFILE_PLACEHOLDER = "collegium-placeholder"


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _managed(request: HttpRequest, slug: str) -> Consultation:
    """A consultation for a staff page: 404 for anyone but staff (SPEC §0)."""
    permissions.check_manage_consultations(request.user)
    return selectors.consultation_for(request.user, slug)


def _preview(request: HttpRequest) -> str | None:
    """Without JavaScript the editor's Preview button submits the form: render the text it
    names, save nothing."""
    if editor_views.preview_requested(request):
        field = request.POST.get("editor_preview", "body")
        return editor_views.preview_html(request.POST.get(field, ""))
    return None


def _previews(request: HttpRequest, fields: Iterable[str]) -> dict[str, str | None]:
    """The preview asked for without JavaScript, under the one field it names of a form with
    several editors (None under the others)."""
    preview = _preview(request)
    named = request.POST.get("editor_preview", "")
    return {name: preview if name == named else None for name in fields}


def _audience_words(consultation: Consultation) -> str:
    """The audience in words, in the order of the user types (members first)."""
    order = list(UserType.values)
    audiences = sorted(consultation.audiences.all(), key=lambda a: order.index(a.user_type))
    return ", ".join(str(audience.get_user_type_display()) for audience in audiences)


def _reader_language() -> str:
    return (get_language() or "en")[:2]


def _in_reader_language(read: Callable[[str], str]) -> dict[str, str]:
    """A text in the reader's language, or in the other one when it is empty, with its
    language (for the ``lang`` attribute)."""
    language = _reader_language()
    other = "fr" if language == "en" else "en"
    text = read(language)
    if text:
        return {"text": text, "lang": language}
    return {"text": read(other), "lang": other}


def _document_title(document: ConsultationDocument, language: str) -> str:
    return str(getattr(document, f"title_{language}", "") or "")


def _describe(consultations: Iterable[Consultation]) -> None:
    for consultation in consultations:
        consultation.audience_words = _audience_words(consultation)  # type: ignore[attr-defined]


# The list -------------------------------------------------------------------------------------


@login_required
@require_safe
def consultation_list(request: HttpRequest) -> HttpResponse:
    """Open consultations first, closing soonest; then the closed ones, marked when "what we
    heard" is published; for staff, those in preparation and scheduled too."""
    status = request.GET.get("status", "")
    if status not in ConsultationStatus.values:
        status = ""
    lists = selectors.consultations_list(viewer=request.user, status=status)
    _describe([*lists.open, *lists.closed, *lists.preparing, *lists.scheduled])
    return render(
        request,
        "consultations/list.html",
        {
            "lists": lists,
            "status": status,
            "statuses": ConsultationStatus.choices,
            "may_manage": permissions.can_manage_consultations(request.user),
        },
    )


# A consultation's page ------------------------------------------------------------------------


def _display(request: HttpRequest) -> str:
    display = request.GET.get("display", "")
    return display if display in DraftDisplay.values else DraftDisplay.SIDE_BY_SIDE


def _comment_draft_key(slug: str, paragraph: Paragraph | None) -> str:
    # By address, so that text sent after the session expired finds its form again.
    return f"consultations:comment:{slug}:{paragraph.number if paragraph else 'all'}"


def _attach_comment_links(
    comments: list[ConsultationComment], *, viewer: permissions.Viewer, consultation: Consultation
) -> None:
    """Each comment's ``links`` and what the viewer may do with it, as
    ``comments.views.attach_comment_links`` does for a community's comments (a platform-wide
    consultation has no community)."""
    if not comments:
        return
    placeholder = str(COMMENT_ID_PLACEHOLDER)
    args = [consultation.slug, COMMENT_ID_PLACEHOLDER]
    kind = TargetKind.CONSULTATION_COMMENT
    urls = {
        "edit": reverse("consultations:comment_edit", args=args),
        "delete": reverse("consultations:comment_delete", args=args),
        "report": reverse("moderation:report", args=[kind, COMMENT_ID_PLACEHOLDER]),
        "moderate": reverse("moderation:item", args=[kind, COMMENT_ID_PLACEHOLDER]),
    }
    profile = reverse("accounts:profile", kwargs={"username": _PROFILE_PLACEHOLDER})
    sees_removed = permissions.can_see_removed(viewer, consultation.community)
    viewer_pk = getattr(viewer, "pk", None)
    for comment in comments:
        number = str(comment.pk)
        links = {name: url.replace(placeholder, number) for name, url in urls.items()}
        if comment.author is not None:
            links["author"] = profile.replace(_PROFILE_PLACEHOLDER, comment.author.username)
        comment.links = links  # type: ignore[attr-defined]
        comment.may_edit = permissions.can_edit_consultation_comment(  # type: ignore[attr-defined]
            viewer, comment, consultation
        )
        comment.may_read = (  # type: ignore[attr-defined]
            comment.removed_at is None or sees_removed or comment.author_id == viewer_pk
        )
        comment.may_report = comment.deleted_at is None and permissions.can_report(  # type: ignore[attr-defined]
            viewer, comment, readable=True, author_id=comment.author_id
        )
        comment.may_moderate = sees_removed  # type: ignore[attr-defined]


def _comment_form(
    request: HttpRequest,
    consultation: Consultation,
    paragraph: Paragraph | None,
    drafts: dict[str, Draft],
    bound: CommentForm | None,
) -> CommentForm:
    """The comment form of a paragraph (or of the draft as a whole), filled with its saved
    draft; with ids of its own, several being on one page."""
    key = _comment_draft_key(consultation.slug, paragraph)
    draft = drafts.get(key)
    if bound is not None:
        form = bound
    else:
        if isinstance(request.user, User):
            # Text sent after the session expired comes back after the sign-in (CT-4).
            draft = (
                editor_services.draft_adopt_kept(
                    session=request.session, user=request.user, key=key
                )
                or draft
            )
        form = CommentForm(initial={"body": draft.body if draft else ""})
    form.auto_id = f"p{paragraph.number}_%s" if paragraph else "all_%s"
    form.draft_key = key  # type: ignore[attr-defined]
    form.draft = draft  # type: ignore[attr-defined]
    form.preview = None  # type: ignore[attr-defined]
    return form


def _detail_context(
    request: HttpRequest,
    consultation: Consultation,
    *,
    bound_form: CommentForm | None = None,
    bound_paragraph: Paragraph | None = None,
) -> dict[str, Any]:
    viewer = request.user
    display = _display(request)
    draft = selectors.paragraphs_with_comments(consultation=consultation, viewer=viewer)
    may_comment = permissions.can_take_part_in_consultation(viewer, consultation)
    refusal = None if may_comment else permissions.consultation_refusal(viewer, consultation)
    _attach_comment_links(
        [comment for p in draft.paragraphs for comment in p.comments_shown]  # type: ignore[attr-defined]
        + draft.general,
        viewer=viewer,
        consultation=consultation,
    )
    drafts = (
        selectors.comment_drafts(
            viewer=viewer, key_prefix=f"consultations:comment:{consultation.slug}:"
        )
        if may_comment
        else {}
    )
    bound_number = bound_paragraph.number if bound_paragraph else None
    for paragraph in draft.paragraphs:
        bound = bound_form if bound_form is not None and bound_number == paragraph.number else None
        paragraph.form = (  # type: ignore[attr-defined]
            _comment_form(request, consultation, paragraph, drafts, bound)
            if may_comment or bound
            else None
        )
    general_bound = bound_form if bound_form is not None and bound_paragraph is None else None
    general_form = None
    if may_comment or general_bound is not None:
        general_form = _comment_form(request, consultation, None, drafts, general_bound)
    preview = _preview(request)
    for form in [*(p.form for p in draft.paragraphs), general_form]:  # type: ignore[attr-defined]
        if form is not None and form is bound_form:
            form.preview = preview
    questionnaire = consultation.questionnaire
    has_questions = questionnaire.questions.exists()
    may_manage = permissions.can_manage_consultations(viewer)
    action = reverse("consultations:comment_add", args=[consultation.slug])
    if display != DraftDisplay.SIDE_BY_SIDE:
        action += f"?{urlencode({'display': display})}"
    documents = selectors.consultation_documents(consultation=consultation)
    for document in documents:
        shown = _in_reader_language(partial(_document_title, document))
        document.heading, document.heading_lang = shown["text"], shown["lang"]  # type: ignore[attr-defined]
    return {
        "consultation": consultation,
        "heading_lang": _in_reader_language(
            lambda language: consultation.text_in("title", language)
        )["lang"],
        "summary": _in_reader_language(lambda language: consultation.text_in("summary", language)),
        "audience_words": _audience_words(consultation),
        "display": display,
        "displays": DraftDisplay.choices,
        "languages": ["en", "fr"] if display == DraftDisplay.SIDE_BY_SIDE else [display],
        "paragraphs": draft.paragraphs,
        "general_comments": draft.general,
        "comment_count": draft.comment_count,
        "documents": documents,
        "may_comment": may_comment,
        "comment_refusal": refusal,
        "general_form": general_form,
        "comment_action": action,
        "has_questions": has_questions,
        "may_respond": consultation.is_open and has_questions,
        # The call to answer says where the person is: not started, a draft, or sent.
        "own_response": questionnaire_selectors.response_for(
            questionnaire=questionnaire, user=viewer
        )
        if consultation.is_open and has_questions
        else None,
        "may_manage": may_manage,
        "may_analyse": permissions.can_analyse_responses(viewer),
        "what_we_heard": {
            "en": consultation.what_we_heard_html_en,
            "fr": consultation.what_we_heard_html_fr,
        },
    }


@login_required
@require_safe
def consultation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A consultation: its status and dates, audience, documents, the numbered draft in both
    languages (or one) with the comments on each paragraph, and the call to give confidential
    feedback while it is open."""
    consultation = selectors.consultation_for(request.user, slug)
    return render(request, "consultations/detail.html", _detail_context(request, consultation))


# Public comments ------------------------------------------------------------------------------


def _posted_paragraph(request: HttpRequest, consultation: Consultation) -> Paragraph | None:
    """The paragraph a comment is about (its number in the form), or None for the draft as a
    whole; a number the draft does not have is a 404."""
    value = request.POST.get("paragraph", "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise Http404
    return selectors.paragraph_get(consultation=consultation, number=int(value))


@require_POST
def comment_add(request: HttpRequest, slug: str) -> HttpResponse:
    """Comment on the draft or on one paragraph; a refusal (the consultation closed meanwhile)
    shows the page again with the text kept and the reason."""
    number = request.POST.get("paragraph", "").strip()
    draft_key = f"consultations:comment:{slug}:{number if number.isdigit() else 'all'}"
    if not isinstance(request.user, User):
        return comment_views.keep_for_sign_in(request, key=draft_key)
    consultation = selectors.consultation_for(request.user, slug)
    paragraph = _posted_paragraph(request, consultation)
    anchor = paragraph.anchor if paragraph else "general-comments"
    form, comment = comment_views.handle_comment_post(
        request,
        draft_key=_comment_draft_key(slug, paragraph),
        draft_url=f"{consultation.get_absolute_url()}#{anchor}",
        write=lambda data: services.consultation_comment_add(
            actor=_user(request),
            consultation=consultation,
            paragraph=paragraph,
            body=data["body"],
            submission_key=data["submission_key"],
        ),
    )
    if comment is not None:
        messages.success(request, _("Your comment is posted."))
        url = consultation.get_absolute_url()
        if _display(request) != DraftDisplay.SIDE_BY_SIDE:
            url += f"?{urlencode({'display': _display(request)})}"
        return redirect(f"{url}#{comment.anchor}")
    return render(
        request,
        "consultations/detail.html",
        _detail_context(request, consultation, bound_form=form, bound_paragraph=paragraph),
    )


def _own_comment(request: HttpRequest, slug: str, comment_id: int) -> ConsultationComment:
    consultation = selectors.consultation_for(request.user, slug)
    comment = selectors.comment_get(
        viewer=request.user, consultation=consultation, comment_id=comment_id
    )
    if not permissions.can_edit_consultation_comment(request.user, comment, consultation):
        raise Http404
    return comment


@login_required
@require_http_methods(["GET", "POST"])
def comment_edit(request: HttpRequest, slug: str, comment_id: int) -> HttpResponse:
    """The author changes their comment while the consultation is open."""
    comment = _own_comment(request, slug, comment_id)
    consultation = comment.consultation
    draft_key = f"consultations:comment-edit:{comment.pk}"
    user = _user(request)
    form, saved = comment_views.handle_comment_edit(
        request,
        comment=comment,
        draft_key=draft_key,
        save=lambda body: services.consultation_comment_edit(
            actor=user, comment=comment, body=body
        ),
    )
    if saved is not None:
        messages.success(request, _("Your changes are saved."))
        return redirect(f"{consultation.get_absolute_url()}#{saved.anchor}")
    return render(
        request,
        "consultations/comment_edit.html",
        {
            "consultation": consultation,
            "comment": comment,
            "form": form,
            "draft_key": draft_key,
            "editor_preview": _preview(request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def comment_delete(request: HttpRequest, slug: str, comment_id: int) -> HttpResponse:
    """The author deletes their comment while the consultation is open."""
    comment = _own_comment(request, slug, comment_id)
    consultation = comment.consultation
    if request.method == "POST":
        try:
            services.consultation_comment_delete(actor=_user(request), comment=comment)
        except PermissionDenied as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your comment is deleted."))
        return redirect(f"{consultation.get_absolute_url()}#{comment.anchor}")
    return render(
        request,
        "consultations/comment_delete.html",
        {"consultation": consultation, "comment": comment},
    )


# Preparing a consultation (staff) -------------------------------------------------------------


def _draft_key(consultation: Consultation | None, language: str) -> str:
    base = f"consultations:edit:{consultation.pk}" if consultation else "consultations:new"
    return f"{base}:{language}"


def _save_drafts(
    request: HttpRequest, form: ConsultationForm, consultation: Consultation | None
) -> None:
    """Keep each language's draft policy as typed: beyond it, it is on the page shown again."""
    for language in ("en", "fr"):
        with contextlib.suppress(ValidationError):
            editor_services.draft_save(
                user=_user(request),
                key=_draft_key(consultation, language),
                body=form.data.get(f"draft_{language}", ""),
                title=form.data.get(f"title_{language}", ""),
            )


def _discard_drafts(request: HttpRequest, consultation: Consultation | None) -> None:
    for language in ("en", "fr"):
        editor_services.draft_discard(user=_user(request), key=_draft_key(consultation, language))


def _drafts_initial(
    request: HttpRequest, consultation: Consultation | None
) -> tuple[dict[str, Any], dict[str, Draft]]:
    initial: dict[str, Any] = {}
    drafts: dict[str, Draft] = {}
    for language in ("en", "fr"):
        draft = comment_views.comment_draft(request, _draft_key(consultation, language))
        if draft is not None:
            initial[f"draft_{language}"] = draft.body
            if draft.title:
                initial[f"title_{language}"] = draft.title
            drafts[language] = draft
    return initial, drafts


def _written(form: ConsultationForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "title_en": data["title_en"],
        "title_fr": data["title_fr"],
        "summary_en": data.get("summary_en", ""),
        "summary_fr": data.get("summary_fr", ""),
        "draft_en": data["draft_en"],
        "draft_fr": data["draft_fr"],
        "audience": data["audience"],
        "opens_at": data.get("opens_at"),
        "closes_at": data.get("closes_at"),
    }


def _form_page(
    request: HttpRequest,
    form: ConsultationForm,
    drafts: dict[str, Draft],
    consultation: Consultation | None = None,
) -> HttpResponse:
    return render(
        request,
        "consultations/form.html",
        {
            "consultation": consultation,
            "form": form,
            "draft_keys": {
                language: _draft_key(consultation, language) for language in ("en", "fr")
            },
            "drafts": drafts,
            "previews": _previews(request, ("draft_en", "draft_fr")),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def consultation_create(request: HttpRequest) -> HttpResponse:
    """Staff prepare a consultation; it stays in preparation until they schedule it."""
    permissions.check_manage_consultations(request.user)
    communities = selectors.communities_for_consultations()
    drafts: dict[str, Draft] = {}
    if request.method == "POST":
        form = ConsultationForm(request.POST, communities=communities)
        if not editor_views.preview_requested(request) and form.is_valid():
            consultation = run_on_form(
                form,
                lambda: services.consultation_create(
                    actor=_user(request),
                    community=form.cleaned_data.get("community"),
                    **_written(form),
                ),
            )
            if consultation is not None:
                _discard_drafts(request, None)
                messages.success(
                    request,
                    _(
                        "The consultation is saved, in preparation. Build its form, then "
                        "schedule it."
                    ),
                )
                return redirect(consultation)
        _save_drafts(request, form, None)
    else:
        initial, drafts = _drafts_initial(request, None)
        chosen = next((c for c in communities if c.slug == request.GET.get("community")), None)
        initial["community"] = str(chosen.pk) if chosen else ""
        form = ConsultationForm(initial=initial, communities=communities)
    return _form_page(request, form, drafts)


@login_required
@require_http_methods(["GET", "POST"])
def consultation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Staff change a consultation: its texts, audience and dates (within what the service
    allows once it has opened, or once paragraphs have comments)."""
    consultation = _managed(request, slug)
    opened = consultation.opened_at is not None
    closed = consultation.status == ConsultationStatus.CLOSED
    drafts: dict[str, Draft] = {}
    if request.method == "POST":
        form = ConsultationForm(
            request.POST, initial=_edit_initial(consultation), opened=opened, closed=closed
        )
        if not editor_views.preview_requested(request) and form.is_valid():
            saved = run_on_form(
                form,
                lambda: services.consultation_edit(
                    actor=_user(request), consultation=consultation, **_written(form)
                ),
            )
            if saved is not None:
                _discard_drafts(request, consultation)
                messages.success(request, _("Your changes are saved."))
                return redirect(saved)
        _save_drafts(request, form, consultation)
    else:
        initial = _edit_initial(consultation)
        from_drafts, drafts = _drafts_initial(request, consultation)
        initial.update(from_drafts)
        form = ConsultationForm(initial=initial, opened=opened, closed=closed)
    return _form_page(request, form, drafts, consultation)


def _edit_initial(consultation: Consultation) -> dict[str, Any]:
    return {
        **{
            f"{name}_{language}": consultation.text_in(name, language)
            for name in ("title", "summary", "draft")
            for language in ("en", "fr")
        },
        "audience": sorted(consultation.audience_types),
        "opens_at": consultation.opens_at,
        "closes_at": consultation.closes_at,
    }


@login_required
@require_http_methods(["GET", "POST"])
def consultation_schedule(request: HttpRequest, slug: str) -> HttpResponse:
    """Schedule a consultation in preparation, take it back into preparation, open it now or
    close it now."""
    consultation = _managed(request, slug)
    errors: list[str] = []
    if request.method == "POST":
        actions = {
            "schedule": (services.consultation_schedule, _("The consultation is scheduled.")),
            "unschedule": (
                services.consultation_unschedule,
                _("The consultation is back in preparation."),
            ),
            "open": (services.consultation_open_now, _("The consultation is open.")),
            "close": (services.consultation_close_now, _("The consultation is closed.")),
        }
        action = actions.get(request.POST.get("action", ""))
        if action is None:
            raise Http404
        service, message = action
        try:
            consultation = service(actor=_user(request), consultation=consultation)
        except ValidationError as error:
            errors = error.messages
        except PermissionDenied as error:
            errors = [str(error)]
        else:
            if (
                consultation.status == ConsultationStatus.OPEN
                and request.POST["action"] == "schedule"
            ):
                message = _("The consultation is open: its opening date had come.")
            messages.success(request, message)
            return redirect("consultations:schedule", slug=consultation.slug)
    return render(
        request,
        "consultations/schedule.html",
        {
            "consultation": consultation,
            "errors": errors,
            "question_count": consultation.questionnaire.questions.count(),
            "paragraph_count": consultation.paragraphs.count(),
            "audience_words": _audience_words(consultation),
        },
    )


# Documents (staff) ----------------------------------------------------------------------------


def _document_help() -> str:
    return _("PDF, Word, Excel or PowerPoint, up to %(megabytes)s MB.") % {
        "megabytes": megabytes(uploads.max_bytes(uploads.Kind.PDF))
    }


@limited_uploads(services.DOCUMENT_KINDS)
@require_http_methods(["GET", "POST"])
def documents(request: HttpRequest, slug: str) -> HttpResponse:
    """The documents of a consultation, and the form to add one."""
    if not isinstance(request.user, User):
        return redirect_to_login(request.get_full_path())
    consultation = _managed(request, slug)
    if request.method == "POST":
        form = DocumentForm(request.POST, request.FILES, file_refusal=upload_refusal(request))
        if form.is_valid():
            data = form.cleaned_data
            document = run_on_form(
                form,
                lambda: services.document_add(
                    actor=_user(request),
                    consultation=consultation,
                    upload=data["file"],
                    title_en=data["title_en"],
                    title_fr=data["title_fr"],
                    language=data["language"],
                ),
            )
            if document is not None:
                messages.success(
                    request, _("“%(name)s” is attached.") % {"name": document.original_name}
                )
                return redirect("consultations:documents", slug=consultation.slug)
    else:
        form = DocumentForm()
    form.fields["file"].help_text = _document_help()
    return render(
        request,
        "consultations/documents.html",
        {
            "consultation": consultation,
            "documents": documents,
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_delete(request: HttpRequest, slug: str, uuid: Any) -> HttpResponse:
    permissions.check_manage_consultations(request.user)
    document = selectors.document_get(viewer=request.user, slug=slug, uuid=uuid)
    consultation = document.consultation
    if request.method == "POST":
        services.document_delete(actor=_user(request), document=document)
        messages.success(request, _("The document is deleted."))
        return redirect("consultations:documents", slug=consultation.slug)
    return render(
        request,
        "consultations/document_delete.html",
        {"consultation": consultation, "document": document},
    )


@login_required
@require_safe
def document_download(request: HttpRequest, slug: str, uuid: Any, name: str) -> HttpResponseBase:
    """A document, to those who may see the consultation (404 for anyone else), always as a
    download."""
    document = selectors.document_get(viewer=request.user, slug=slug, uuid=uuid)
    return serve_file(
        request,
        document.file,
        content_type=document.content_type,
        filename=document.original_name,
        inline=False,
    )


# What we heard (staff) ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def what_we_heard_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """After the close, staff publish what they heard and how the feedback was used; they may
    correct it later (participants are told the first time only)."""
    consultation = _managed(request, slug)
    if request.method == "POST":
        form = WhatWeHeardForm(request.POST)
        if not editor_views.preview_requested(request) and form.is_valid():
            data = form.cleaned_data
            first = consultation.what_we_heard_published_at is None
            saved = run_on_form(
                form,
                lambda: services.what_we_heard_publish(
                    actor=_user(request),
                    consultation=consultation,
                    text_en=data["what_we_heard_en"],
                    text_fr=data["what_we_heard_fr"],
                ),
            )
            if saved is not None:
                messages.success(
                    request,
                    _("“What we heard” is published: participants are told.")
                    if first
                    else _("“What we heard” is corrected."),
                )
                return redirect(f"{saved.get_absolute_url()}#what-we-heard")
    else:
        form = WhatWeHeardForm(
            initial={
                "what_we_heard_en": consultation.text_in("what_we_heard", "en"),
                "what_we_heard_fr": consultation.text_in("what_we_heard", "fr"),
            }
        )
    return render(
        request,
        "consultations/what_we_heard.html",
        {
            "consultation": consultation,
            "form": form,
            "may_publish": consultation.is_closed,
            "previews": _previews(request, ("what_we_heard_en", "what_we_heard_fr")),
        },
    )

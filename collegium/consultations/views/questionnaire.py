"""A consultation's confidential form (EN-1): staff build it, participants answer it.

The builder's pages are 404 for everyone but staff. A participant reaches only their own
response: another response's id is 404, as is a question id from another form. Nothing a
person types is lost: a refused send, a send after the close or a send from an expired session
keeps it (as their draft, or in the session until they sign in again), shown again with the
reason."""

from __future__ import annotations

import contextlib
import json
from typing import Any, TypeVar

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from collegium import permissions
from collegium.accounts.models import User
from collegium.consultations import selectors
from collegium.consultations.models import Consultation
from collegium.core.validation import add_errors, run_on_form
from collegium.editor import services as editor_services
from collegium.questionnaires import selectors as questionnaire_selectors
from collegium.questionnaires import services
from collegium.questionnaires.choices import QuestionKind
from collegium.questionnaires.forms import QuestionForm, ResponseForm
from collegium.questionnaires.models import Question, Response

T = TypeVar("T")


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _consultation(request: HttpRequest, slug: str) -> Consultation:
    return selectors.consultation_for(request.user, slug)


def _managed(request: HttpRequest, slug: str) -> Consultation:
    """A consultation whose form the viewer builds: staff; 404 for anyone else."""
    permissions.check_manage_consultations(request.user)
    return _consultation(request, slug)


def _is_htmx(request: HttpRequest) -> bool:
    return bool(request.headers.get("HX-Request"))


# Building the form (staff) -------------------------------------------------------------------


def _builder_url(consultation: Consultation, question: Question | None = None) -> str:
    url = reverse("consultations:form", args=[consultation.slug])
    return f"{url}#question-{question.pk}" if question is not None else url


def _question_data(form: QuestionForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "kind": data["kind"],
        "label_en": data["label_en"],
        "label_fr": data["label_fr"],
        "help_text_en": data["help_text_en"],
        "help_text_fr": data["help_text_fr"],
        "required": data["required"],
        "choices": data["choices"],
    }


def _builder_context(
    request: HttpRequest, consultation: Consultation, add_form: QuestionForm | None = None
) -> dict[str, Any]:
    questionnaire = consultation.questionnaire
    questions = questionnaire_selectors.question_list(questionnaire=questionnaire)
    counts = questionnaire_selectors.response_counts(questionnaire=questionnaire)
    slug = consultation.slug
    for number, question in enumerate(questions, start=1):
        question.number = number  # type: ignore[attr-defined]
        question.edit_url = reverse(  # type: ignore[attr-defined]
            "consultations:question_edit", args=[slug, question.pk]
        )
        question.delete_url = reverse(  # type: ignore[attr-defined]
            "consultations:question_delete", args=[slug, question.pk]
        )
        question.move_url = reverse(  # type: ignore[attr-defined]
            "consultations:question_move", args=[slug, question.pk]
        )
    return {
        "consultation": consultation,
        "questions": questions,
        "counts": counts,
        "is_answered": counts.total > 0,
        "revision_count": questionnaire.revision - 1,
        # A question added once people have answered gets its revision note by itself.
        "add_form": add_form or QuestionForm(),
        "may_analyse": permissions.can_analyse_responses(request.user),
    }


@login_required
@require_safe
def builder(request: HttpRequest, slug: str) -> HttpResponse:
    """The form's questions in order, to edit, move or delete, and a question to add; what
    can still change once people have answered, said plainly."""
    consultation = _managed(request, slug)
    return render(
        request,
        "consultations/questionnaire/builder.html",
        _builder_context(request, consultation),
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_add(request: HttpRequest, slug: str) -> HttpResponse:
    """Add a question (the form is on the builder's page, shown again with any refusal)."""
    consultation = _managed(request, slug)
    if request.method == "GET":
        return redirect(f"{_builder_url(consultation)}#add-question")
    form = QuestionForm(request.POST)
    if form.is_valid():
        question = run_on_form(
            form,
            lambda: services.question_add(
                actor=_user(request),
                questionnaire=consultation.questionnaire,
                **_question_data(form),
            ),
        )
        if question is not None:
            messages.success(request, _("The question is added."))
            return redirect(_builder_url(consultation, question))
    return render(
        request,
        "consultations/questionnaire/builder.html",
        _builder_context(request, consultation, add_form=form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, slug: str, question_id: int) -> HttpResponse:
    """Change a question; once people have answered, only its wording and whether it is
    required (to optional), each change keeping the earlier wording."""
    consultation = _managed(request, slug)
    questionnaire = consultation.questionnaire
    question = questionnaire_selectors.question_get(
        questionnaire=questionnaire, question_id=question_id
    )
    is_answered = questionnaire_selectors.response_counts(questionnaire=questionnaire).total > 0
    if request.method == "POST":
        form = QuestionForm(request.POST, is_answered=is_answered)
        if form.is_valid():
            saved = run_on_form(
                form,
                lambda: services.question_edit(
                    actor=_user(request),
                    question=question,
                    note=form.cleaned_data.get("note", ""),
                    **_question_data(form),
                ),
            )
            if saved is not None:
                messages.success(request, _("Your changes are saved."))
                return redirect(_builder_url(consultation, saved))
    else:
        form = QuestionForm(initial=QuestionForm.initial_for(question), is_answered=is_answered)
    return render(
        request,
        "consultations/questionnaire/question_edit.html",
        {
            "consultation": consultation,
            "question": question,
            "form": form,
            "is_answered": is_answered,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_delete(request: HttpRequest, slug: str, question_id: int) -> HttpResponse:
    """Delete a question, after confirming; refused, with the reason, once people answer."""
    consultation = _managed(request, slug)
    questionnaire = consultation.questionnaire
    question = questionnaire_selectors.question_get(
        questionnaire=questionnaire, question_id=question_id
    )
    refusal = ""
    if request.method == "POST":
        try:
            services.question_delete(actor=_user(request), question=question)
        except (ValidationError, PermissionDenied) as error:
            refusal = " ".join(getattr(error, "messages", [str(error)]))
        else:
            messages.success(request, _("The question is deleted."))
            return redirect(_builder_url(consultation))
    is_answered = questionnaire_selectors.response_counts(questionnaire=questionnaire).total > 0
    return render(
        request,
        "consultations/questionnaire/question_delete.html",
        {
            "consultation": consultation,
            "question": question,
            "is_answered": is_answered,
            "refusal": refusal,
        },
    )


@login_required
@require_POST
def question_move(request: HttpRequest, slug: str, question_id: int) -> HttpResponse:
    """Move a question one place up or down."""
    consultation = _managed(request, slug)
    question = questionnaire_selectors.question_get(
        questionnaire=consultation.questionnaire, question_id=question_id
    )
    direction = request.POST.get("direction", "")
    if direction not in services.DIRECTIONS:
        raise Http404
    try:
        services.question_move(actor=_user(request), question=question, direction=direction)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    return redirect(_builder_url(consultation, question))


@login_required
@require_safe
def revisions(request: HttpRequest, slug: str) -> HttpResponse:
    """The wordings people answered before each fix made once they had started answering."""
    consultation = _managed(request, slug)
    found = list(questionnaire_selectors.revision_list(questionnaire=consultation.questionnaire))
    kinds = dict(QuestionKind.choices)
    for revision in found:
        revision.questions = [  # type: ignore[attr-defined]
            {**question, "kind_label": kinds.get(question.get("kind"), question.get("kind"))}
            for question in revision.wording.get("questions", [])
        ]
    return render(
        request,
        "consultations/questionnaire/revisions.html",
        {"consultation": consultation, "revisions": found},
    )


# Answering (participants) ---------------------------------------------------------------------


def _kept_key(slug: str) -> str:
    # By address: what was sent signed out finds its form again after the sign-in.
    return f"consultations:feedback:{slug}"


def _keep_and_sign_in(request: HttpRequest, slug: str) -> HttpResponse:
    """Answers sent after the session expired: keep them through the sign-in (SPEC §0)."""
    answers = {name: request.POST.getlist(name) for name in request.POST if name.startswith("q")}
    with contextlib.suppress(ValidationError):
        editor_services.draft_keep_for_sign_in(
            session=request.session, key=_kept_key(slug), body=json.dumps(answers)
        )
    if _is_htmx(request):
        return HttpResponse(
            _("Your session has expired. Sign in again: your answers are still on this page."),
            status=403,
            content_type="text/plain; charset=utf-8",
        )
    messages.info(request, _("Your session has expired. Sign in again: your answers are kept."))
    return redirect_to_login(reverse("consultations:respond", args=[slug]))


def _adopt_kept(
    request: HttpRequest, consultation: Consultation, questions: list[Question]
) -> dict[str, Any] | None:
    """The answers kept over a sign-in, if any: they become the person's draft."""
    user = _user(request)
    key = _kept_key(consultation.slug)
    kept = editor_services.draft_adopt_kept(session=request.session, user=user, key=key)
    if kept is None:
        return None
    editor_services.draft_discard(user=user, key=key)
    try:
        answers = json.loads(kept.body)
        data = MultiValueDict({str(name): list(values) for name, values in answers.items()})
    except (ValueError, TypeError, AttributeError):
        return None
    # Only this form's questions are read back: anything else kept is dropped, not refused.
    known = ResponseForm(consultation.questionnaire, data=data, questions=questions).typed()
    if _may_keep_drafts(consultation):
        services.response_save_draft(
            questionnaire=consultation.questionnaire, user=user, data=known
        )
    messages.info(request, _("Your answers were kept. Check them, then send them."))
    return known


def _may_keep_drafts(consultation: Consultation) -> bool:
    """Drafts are kept once a consultation is published (open, or closed: a send that came
    too late keeps its text); one in preparation gets none, since any response, even a
    draft, fixes the form's structure."""
    return consultation.is_open or consultation.is_closed


def _response_url(consultation: Consultation, response: Response | None) -> str:
    if response is None:
        return reverse("consultations:respond", args=[consultation.slug])
    return reverse("consultations:response", args=[consultation.slug, response.pk])


def _respond_page(
    request: HttpRequest,
    consultation: Consultation,
    form: ResponseForm,
    response: Response | None,
    refusal: str | None,
) -> HttpResponse:
    questions = form.questions
    sent = (
        questionnaire_selectors.sent_answers(response=response, questions=questions)
        if response is not None and response.is_submitted
        else {}
    )
    unsent = response is not None and questionnaire_selectors.has_unsent_changes(
        response=response, questions=questions, sent=sent
    )
    url = _response_url(consultation, response)
    draft_url = (
        reverse("consultations:response_draft", args=[consultation.slug, response.pk])
        if response is not None
        else url
    )
    return render(
        request,
        "consultations/questionnaire/respond.html",
        {
            "consultation": consultation,
            "form": form,
            "response": response,
            "refusal": refusal,
            "has_unsent_changes": unsent,
            "action_url": url,
            "draft_url": draft_url,
            "threshold": settings.COLLEGIUM["SUPPRESSION_THRESHOLD"],
        },
    )


def _shown_answers(
    response: Response | None, questions: list[Question], refusal: str | None
) -> dict[str, Any]:
    """What the form shows: the draft (the latest typed); once nothing can change any more,
    what was sent, if anything was."""
    if response is None:
        return {}
    if refusal is not None and response.is_submitted:
        return questionnaire_selectors.sent_answers(response=response, questions=questions)
    return dict(response.draft)


@require_http_methods(["GET", "POST"])
def respond(request: HttpRequest, slug: str, response_id: int | None = None) -> HttpResponse:
    """A participant's confidential answers: their draft or sent answers, or an empty form;
    sent with "Send my answers", kept with "Save as draft". Changeable until the close, then
    shown read-only with the reason."""
    if not isinstance(request.user, User):
        if request.method == "POST":
            return _keep_and_sign_in(request, slug)
        return redirect_to_login(request.get_full_path())
    consultation = _consultation(request, slug)
    questionnaire = consultation.questionnaire
    if response_id is not None:
        response: Response | None = questionnaire_selectors.response_get(
            questionnaire=questionnaire, user=request.user, response_id=response_id
        )
    else:
        response = questionnaire_selectors.response_for(
            questionnaire=questionnaire, user=request.user
        )
        if response is not None and request.method == "GET":
            return redirect(_response_url(consultation, response))
    questions = questionnaire_selectors.question_list(questionnaire=questionnaire)
    if request.method == "POST":
        return _respond_post(request, consultation, questions, response)
    refusal = permissions.consultation_refusal(request.user, consultation)
    initial = _adopt_kept(request, consultation, questions)
    if initial is not None:
        response = questionnaire_selectors.response_for(
            questionnaire=questionnaire, user=request.user
        )
    else:
        initial = _shown_answers(response, questions, refusal)
    form = ResponseForm(
        questionnaire, initial=initial, questions=questions, read_only=refusal is not None
    )
    return _respond_page(request, consultation, form, response, refusal)


def _posted_form(
    request: HttpRequest, consultation: Consultation, questions: list[Question]
) -> ResponseForm:
    form = ResponseForm(consultation.questionnaire, data=request.POST, questions=questions)
    if form.forged_names():
        # A question or a choice of another form: a forged request, not typing.
        raise Http404
    return form


def _draft_saved(
    request: HttpRequest,
    consultation: Consultation,
    response: Response | None,
    refusal: str | None,
) -> HttpResponse:
    """The short status htmx puts under the form: when the draft was saved, and why it can
    no longer be sent when it cannot."""
    return render(
        request,
        "consultations/questionnaire/draft_status.html",
        {
            "response": response,
            "refusal": refusal,
            "draft_url": reverse(
                "consultations:response_draft", args=[consultation.slug, response.pk]
            )
            if response is not None
            else "",
        },
    )


def _respond_post(
    request: HttpRequest,
    consultation: Consultation,
    questions: list[Question],
    response: Response | None,
) -> HttpResponse:
    user = _user(request)
    questionnaire = consultation.questionnaire
    form = _posted_form(request, consultation, questions)
    typed = form.typed()
    refusal = permissions.consultation_refusal(user, consultation)
    if request.POST.get("action") == "draft":
        return _save_draft(request, consultation, form, typed, refusal)
    if not _may_keep_drafts(consultation):
        return _read_only(request, consultation, form, typed, response, refusal)
    try:
        response = services.response_submit(
            questionnaire=questionnaire,
            user=user,
            data=typed,
            check=lambda: permissions.check_take_part_in_consultation(user, consultation),
        )
    except PermissionDenied as error:
        # Kept as the draft by the service; shown again, read-only, with the reason.
        response = questionnaire_selectors.response_for(questionnaire=questionnaire, user=user)
        return _read_only(request, consultation, form, typed, response, str(error) or refusal)
    except ValidationError as error:
        add_errors(form, error)
        response = questionnaire_selectors.response_for(questionnaire=questionnaire, user=user)
        return _respond_page(request, consultation, form, response, None)
    messages.success(
        request,
        _("Your answers are sent. You can change them and send them again until the close."),
    )
    return redirect(_response_url(consultation, response))


def _read_only(
    request: HttpRequest,
    consultation: Consultation,
    form: ResponseForm,
    typed: dict[str, Any],
    response: Response | None,
    refusal: str | None,
) -> HttpResponse:
    shown = ResponseForm(
        consultation.questionnaire, initial=typed, questions=form.questions, read_only=True
    )
    return _respond_page(
        request,
        consultation,
        shown,
        response,
        refusal or _("This consultation is not open: answers cannot be sent."),
    )


def _save_draft(
    request: HttpRequest,
    consultation: Consultation,
    form: ResponseForm,
    typed: dict[str, Any],
    refusal: str | None,
) -> HttpResponse:
    user = _user(request)
    questionnaire = consultation.questionnaire
    response = questionnaire_selectors.response_for(questionnaire=questionnaire, user=user)
    if _may_keep_drafts(consultation):
        response = services.response_save_draft(questionnaire=questionnaire, user=user, data=typed)
    if _is_htmx(request):
        return _draft_saved(request, consultation, response, refusal)
    if refusal is not None:
        return _read_only(request, consultation, form, typed, response, refusal)
    messages.success(request, _("Your draft is saved. Your answers count once you send them."))
    return redirect(_response_url(consultation, response))


@require_POST
def respond_draft(request: HttpRequest, slug: str, response_id: int) -> HttpResponse:
    """Save what the person typed in their response as its draft: the script calls it a
    moment after typing stops (htmx, answered with a short status); without JavaScript the
    "Save as draft" button does the same through ``respond``."""
    if not isinstance(request.user, User):
        return _keep_and_sign_in(request, slug)
    consultation = _consultation(request, slug)
    questions = questionnaire_selectors.question_list(questionnaire=consultation.questionnaire)
    questionnaire_selectors.response_get(
        questionnaire=consultation.questionnaire, user=request.user, response_id=response_id
    )
    form = _posted_form(request, consultation, questions)
    refusal = permissions.consultation_refusal(request.user, consultation)
    return _save_draft(request, consultation, form, form.typed(), refusal)

"""The results of a consultation's confidential answers, for analysts only (EN-1): counts and
charts, breakdowns with small groups withheld, the text answers, the exports and the record of
who looked. Everyone else gets 404, as if the pages did not exist. Every look is logged
(``questionnaires.audit``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from collegium import permissions
from collegium.accounts.models import User
from collegium.consultations.models import Consultation
from collegium.consultations.selectors import consultation_for
from collegium.questionnaires import audit, charts, exports
from collegium.questionnaires import results as answers
from collegium.questionnaires.choices import TEXT_KINDS, AccessAction, Breakdown
from collegium.questionnaires.models import Question


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _analysed(request: HttpRequest, slug: str) -> Consultation:
    """A consultation whose confidential answers the viewer may analyse; 404 for anyone else."""
    permissions.check_analyse_responses(request.user)
    return consultation_for(request.user, slug)


def _language() -> str:
    return (translation.get_language() or "en")[:2]


def _no_store(response: HttpResponse | StreamingHttpResponse) -> None:
    # Confidential answers stay out of shared and browser caches.
    response["Cache-Control"] = "no-store, private"


@login_required
@require_safe
def results(request: HttpRequest, slug: str) -> HttpResponse:
    """Counts and charts per question, and the breakdown chosen with ``?by=``."""
    consultation = _analysed(request, slug)
    by = request.GET.get("by", "")
    if by and by not in Breakdown.values:
        raise Http404
    questionnaire = consultation.questionnaire
    language = _language()
    questions = answers.questionnaire_questions(questionnaire)
    found = answers.questionnaire_results(questionnaire, language=language, questions=questions)
    tables = (
        answers.breakdowns(questionnaire, by, language=language, questions=questions)
        if by and not found.is_suppressed
        else {}
    )
    audit.access_record(
        viewer=_user(request),
        questionnaire=questionnaire,
        action=AccessAction.BREAKDOWN if by else AccessAction.RESULTS,
        detail=audit.access_detail(by=by),
    )
    rows = [
        (
            result,
            charts.question_chart(
                result,
                labelled_by=f"question-{result.question.pk}-caption",
                details=f"question-{result.question.pk}-table",
            ),
            tables.get(result.question.pk),
        )
        for result in found.questions
    ]
    response = render(
        request,
        "consultations/results/results.html",
        {
            "consultation": consultation,
            "results": found,
            "rows": rows,
            "by": by,
            "breakdowns": Breakdown.choices,
            "text_kinds": TEXT_KINDS,
        },
    )
    _no_store(response)
    return response


def _text_question(consultation: Consultation, question_id: int) -> Question:
    """A text question of this consultation's form; 404 for any other id."""
    return get_object_or_404(
        Question.objects.filter(questionnaire=consultation.questionnaire, kind__in=TEXT_KINDS),
        pk=question_id,
    )


@login_required
@require_safe
def text_answers(request: HttpRequest, slug: str, question_id: int) -> HttpResponse:
    """A text question's answers, without names, a page at a time."""
    consultation = _analysed(request, slug)
    question = _text_question(consultation, question_id)
    questionnaire = consultation.questionnaire
    sent, _drafts = answers.response_counts(questionnaire)
    threshold = answers.suppression_threshold()
    page = None
    if sent >= threshold:
        page = answers.text_answers(questionnaire, question, page=request.GET.get("page", 1))
        audit.access_record(
            viewer=_user(request),
            questionnaire=questionnaire,
            action=AccessAction.TEXT_ANSWERS,
            detail=audit.access_detail(question=question, page=page.number),
        )
    response = render(
        request,
        "consultations/results/text_answers.html",
        {
            "consultation": consultation,
            "question": question,
            "label": answers.label_in(question, _language()),
            "page": page,
            "sent_count": sent,
            "threshold": threshold,
        },
    )
    _no_store(response)
    return response


@login_required
@require_safe
def export(
    request: HttpRequest, slug: str, file_format: str
) -> HttpResponse | StreamingHttpResponse:
    """The sent responses as CSV (streamed) or XLSX, with no account data."""
    consultation = _analysed(request, slug)
    if file_format not in {"csv", "xlsx"}:
        raise Http404
    questionnaire = consultation.questionnaire
    try:
        prepared = exports.export_prepare(questionnaire, language=_language())
    except exports.TooFewResponses:
        messages.warning(
            request,
            _("There is nothing to export until %(threshold)s responses have been sent.")
            % {"threshold": answers.suppression_threshold()},
        )
        return redirect("consultations:results", slug=consultation.slug)
    audit.access_record(
        viewer=_user(request),
        questionnaire=questionnaire,
        action=AccessAction.EXPORT_CSV if file_format == "csv" else AccessAction.EXPORT_XLSX,
        detail=audit.access_detail(response_count=prepared.response_count),
    )
    name = f"{consultation.slug}-responses-{timezone.localdate().isoformat()}.{file_format}"
    response: HttpResponse | StreamingHttpResponse
    if file_format == "csv":
        response = StreamingHttpResponse(
            prepared.csv_chunks(), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(prepared.xlsx(), content_type=exports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    _no_store(response)
    return response


@login_required
@require_safe
def access_log(request: HttpRequest, slug: str) -> HttpResponse:
    """Who looked at the confidential answers, what and when, newest first."""
    consultation = _analysed(request, slug)
    page = audit.access_log_page(
        viewer=request.user,
        questionnaire=consultation.questionnaire,
        page=request.GET.get("page", 1),
    )
    response = render(
        request,
        "consultations/results/access_log.html",
        {"consultation": consultation, "page": page},
    )
    _no_store(response)
    return response

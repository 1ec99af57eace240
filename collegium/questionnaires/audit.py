"""The record of every look at confidential answers (EN-1): results, breakdowns, text answers
and exports each write a ``ConfidentialAccess`` row, which analysts can read back."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.core.paginator import Page, Paginator
from django.utils.translation import gettext as _

from collegium import permissions
from collegium.questionnaires.choices import Breakdown
from collegium.questionnaires.models import ConfidentialAccess, Question, Questionnaire, label_in

if TYPE_CHECKING:
    from collegium.accounts.models import User
    from collegium.permissions import Viewer

ACCESS_LOG_PAGE_SIZE = 50
DETAIL_MAX_LENGTH = 200


def access_detail(
    *,
    question: Question | None = None,
    by: str = "",
    page: int | None = None,
    response_count: int | None = None,
) -> str:
    """What exactly was looked at, in words no language owns (``key=value`` pairs); the log
    page puts it in the reader's language (``access_detail_display``)."""
    parts = []
    if question is not None:
        parts.append(f"question={question.pk}")
    if by:
        parts.append(f"by={by}")
    if page is not None:
        parts.append(f"page={page}")
    if response_count is not None:
        parts.append(f"responses={response_count}")
    return " ".join(parts)


def _parse(detail: str) -> dict[str, str]:
    pairs = (part.partition("=") for part in detail.split())
    return {key: value for key, _equals, value in pairs if value}


def access_detail_display(detail: str, question_labels: Mapping[int, str]) -> str:
    """A recorded detail as a short phrase in the active language."""
    found = _parse(detail)
    phrases = []
    if "question" in found:
        try:
            label = question_labels.get(int(found["question"]))
        except ValueError:
            label = None
        phrases.append(
            _("Question: “%(label)s”") % {"label": label}
            if label
            else _("A question since deleted")
        )
    if found.get("by") in Breakdown.values:
        phrases.append(_("Breakdown: %(group)s") % {"group": Breakdown(found["by"]).label})
    if found.get("page", "").isdigit():
        phrases.append(_("Page %(number)s") % {"number": found["page"]})
    if found.get("responses", "").isdigit():
        phrases.append(_("%(count)s responses") % {"count": found["responses"]})
    return " · ".join(phrases)


def access_record(
    *, viewer: User, questionnaire: Questionnaire, action: str, detail: str = ""
) -> ConfidentialAccess:
    """Put a look at confidential answers on the record: who, what, when (EN-1)."""
    access = ConfidentialAccess(
        questionnaire=questionnaire,
        viewer=viewer,
        action=action,
        detail=detail[:DETAIL_MAX_LENGTH],
    )
    access.full_clean()
    access.save()
    return access


def access_log_page(
    *, viewer: Viewer, questionnaire: Questionnaire, page: int | str = 1
) -> Page[ConfidentialAccess]:
    """Who looked at a questionnaire's confidential answers, newest first, a page at a time;
    each row's ``description`` says what they looked at. Analysts only (404 for others)."""
    permissions.check_analyse_responses(viewer)
    accesses = ConfidentialAccess.objects.filter(questionnaire=questionnaire).select_related(
        "viewer"
    )
    current = Paginator(accesses.order_by("-at", "-id"), ACCESS_LOG_PAGE_SIZE).get_page(page)
    question_ids = set()
    for access in current.object_list:
        value = _parse(access.detail).get("question", "")
        if value.isdigit():
            question_ids.add(int(value))
    labels = {
        question.pk: label_in(question)
        for question in Question.objects.filter(questionnaire=questionnaire, pk__in=question_ids)
    }
    for access in current.object_list:
        access.description = access_detail_display(access.detail, labels)
    return current

"""Confidential questionnaires: a form built by staff from question types, one response per
participant, and the results only analysts see (EN-1; the e-Panel's surveys, EN-3, reuse it).

A questionnaire belongs to what asks it (a consultation, later a survey) through a one-to-one
field on that model; nothing here knows about consultations.

Confidentiality: a response keeps its respondent only to let them edit it and to make it one per
person. Results, breakdowns and exports read ``public_id`` and the user type and province
recorded on the response when it was sent, never the account.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from collegium.accounts.choices import Province, UserType
from collegium.questionnaires.choices import (
    AccessAction,
    QuestionKind,
    ResponseStatus,
)

LABEL_MAX_LENGTH = 500
HELP_MAX_LENGTH = 1_000
CHOICE_MAX_LENGTH = 200
SHORT_TEXT_MAX_LENGTH = 300
LONG_TEXT_MAX_LENGTH = 10_000
MAX_CHOICES = 20
MAX_QUESTIONS = 60


def new_public_id() -> str:
    """A response's identifier in results and exports: random, so it says nothing of who or
    when (not the primary key, which is ordered)."""
    return secrets.token_hex(8)


class Questionnaire(models.Model):
    """A form of questions. ``revision`` counts the wording fixes made once answers exist
    (each one kept as a ``QuestionnaireRevision``)."""

    revision = models.PositiveIntegerField(_("revision"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        permissions = [
            (
                "analyse_responses",
                _("Can see the results of confidential answers and export them"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class Question(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    kind = models.CharField(_("type"), max_length=20, choices=QuestionKind.choices)
    # Translated by modeltranslation (label_en/label_fr, help_text_en/help_text_fr): both
    # languages are required by the services.
    label = models.CharField(_("question"), max_length=LABEL_MAX_LENGTH)
    help_text = models.CharField(_("help text"), max_length=HELP_MAX_LENGTH, blank=True)
    required = models.BooleanField(_("an answer is required"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    if TYPE_CHECKING:
        label_en: str | None
        label_fr: str | None
        help_text_en: str | None
        help_text_fr: str | None

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.label or ""

    @property
    def field_name(self) -> str:
        """The name of the question's field in the response form."""
        return f"q{self.pk}"


class Choice(models.Model):
    """One of the answers a single-choice, multiple-choice or ranking question offers."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveIntegerField(_("position"), default=0)
    label = models.CharField(_("choice"), max_length=CHOICE_MAX_LENGTH)

    if TYPE_CHECKING:
        label_en: str | None
        label_fr: str | None

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.label or ""


class QuestionnaireRevision(models.Model):
    """The wording of a questionnaire as it was before a fix made once answers existed: what
    people answered stays on record."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField(_("revision"))
    # Every question's and choice's labels in both languages, as they read in this revision.
    wording = models.JSONField(_("wording"))
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("questionnaire revision")
        verbose_name_plural = _("questionnaire revisions")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "number"], name="questionnaire_revision_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire_id} r{self.number}"


class Response(models.Model):
    """One participant's confidential answers: a draft while they type, sent once, editable
    until the questionnaire closes."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="responses"
    )
    # Only to find the person's own response; never shown to analysts or exported.
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questionnaire_responses",
    )
    public_id = models.CharField(
        _("response ID"), max_length=16, unique=True, default=new_public_id, editable=False
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT
    )
    # What the person typed, as typed, even what is not valid yet: nothing typed is lost.
    draft = models.JSONField(_("draft"), default=dict, blank=True)
    # Recorded when the response is sent, for breakdowns: the groups, not the person.
    user_type = models.CharField(
        _("user type"), max_length=20, choices=UserType.choices, blank=True
    )
    province = models.CharField(
        _("province or territory"), max_length=2, choices=Province.choices, blank=True
    )
    language = models.CharField(_("language"), max_length=2, blank=True)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "respondent"],
                condition=Q(respondent__isnull=False),
                name="response_one_per_person",
            )
        ]
        indexes = [
            models.Index(fields=["questionnaire", "status"], name="response_by_status"),
        ]

    def __str__(self) -> str:
        return self.public_id

    @property
    def is_submitted(self) -> bool:
        return self.status == ResponseStatus.SUBMITTED


class Answer(models.Model):
    """A sent response's answer to one question, in a shape the database can count.

    - single choice: one row with ``choice``;
    - multiple choice: one row per choice ticked;
    - ranking: one row per choice with its rank (1 first) in ``number``;
    - agreement scale and rating: one row with the point in ``number``;
    - short and long text: one row with ``text``.
    """

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choice = models.ForeignKey(
        Choice, on_delete=models.CASCADE, null=True, blank=True, related_name="answers"
    )
    number = models.SmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True, max_length=LONG_TEXT_MAX_LENGTH)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [
            models.Index(fields=["question", "choice"], name="answer_by_choice"),
            models.Index(fields=["question", "number"], name="answer_by_number"),
        ]

    def __str__(self) -> str:
        return f"{self.response_id}/{self.question_id}"


class ConfidentialAccess(models.Model):
    """Every view and export of confidential answers: who, what, when (EN-1)."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="accesses"
    )
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=20, choices=AccessAction.choices)
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("access to confidential answers")
        verbose_name_plural = _("accesses to confidential answers")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.viewer} {self.action} {self.at:%Y-%m-%d %H:%M}"


def label_in(obj: Question | Choice, language: str | None = None) -> str:
    """A label in ``language`` (the active one by default), falling back to the other."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    other = "fr" if language.startswith("en") else "en"
    return getattr(obj, f"label_{language[:2]}", None) or getattr(obj, f"label_{other}", None) or ""

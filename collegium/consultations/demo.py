"""Demo consultations (EN-1): one open, with a form of every question type and forty sent
responses spread so that the small groups are suppressed in the results, comments on its
paragraphs, and a draft kept by dr-maple; one closed, with its "what we heard". The analyst
demo account gets the permission to see results.

The forty sent responses stand for people who are not demo sign-ins: they have no respondent,
as after those people deleted their accounts (their answers stay, linked to nobody)."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone

from collegium.accounts.choices import UserType
from collegium.accounts.models import User
from collegium.consultations import demo_content as content
from collegium.consultations import services
from collegium.consultations.models import Consultation
from collegium.questionnaires import services as questionnaire_services
from collegium.questionnaires.choices import ResponseStatus
from collegium.questionnaires.models import Answer, Question, Response

# Who sent the forty responses: groups of fewer than five (allied health; Nova Scotia and
# Newfoundland and Labrador) are suppressed in the breakdowns.
RESPONDENT_TYPES = (
    [UserType.PHYSICIAN] * 24 + [UserType.LEARNER] * 13 + [UserType.ALLIED_HEALTH] * 3
)
PROVINCES = ["ON"] * 12 + ["QC"] * 10 + ["BC"] * 7 + ["AB"] * 6 + ["NS"] * 3 + ["NL"] * 2


def load(write: Callable[[str], None]) -> None:
    staff = User.objects.filter(email="staff@example.org").first()
    if staff is None or Consultation.objects.exists():
        write("consultations: demo consultations kept")
        return
    analyst = User.objects.filter(email="analyst@example.org").first()
    if analyst is not None:
        analyst.user_permissions.add(Permission.objects.get(codename="analyse_responses"))
    with transaction.atomic():
        open_one = _open_consultation(staff)
        closed = _closed_consultation(staff)
    write(
        f"consultations: “{open_one.title_en}” open with "
        f"{open_one.questionnaire.responses.filter(status=ResponseStatus.SUBMITTED).count()} "
        f"responses; “{closed.title_en}” closed with what we heard"
    )


def _create(staff: User, title: dict, summary: dict, draft: dict, audience: list) -> Consultation:
    return services.consultation_create(
        actor=staff,
        community=None,
        title_en=title["en"],
        title_fr=title["fr"],
        summary_en=summary["en"],
        summary_fr=summary["fr"],
        draft_en=draft["en"],
        draft_fr=draft["fr"],
        audience=audience,
        closes_at=timezone.now() + timedelta(days=30),
    )


def _add_questions(staff: User, consultation: Consultation, questions: list[dict]) -> None:
    for question in questions:
        questionnaire_services.question_add(
            actor=staff,
            questionnaire=consultation.questionnaire,
            kind=question["kind"],
            label_en=question["label"][0],
            label_fr=question["label"][1],
            required=question["required"],
            choices=question.get("choices", ()),
        )


def _typed_answer(question: Question, rng: random.Random) -> Any:
    """A plausible answer, as the form would send it, leaning towards agreement."""
    choices = [str(choice.pk) for choice in question.choices.all()]
    if question.kind == "likert5":
        return str(rng.choices([1, 2, 3, 4, 5], weights=[1, 2, 3, 6, 4])[0])
    if question.kind == "likert7":
        return str(rng.choices(range(1, 8), weights=[1, 1, 2, 3, 5, 4, 2])[0])
    if question.kind == "rating":
        return str(rng.choices(range(1, 11), weights=[1, 1, 1, 2, 3, 4, 6, 7, 4, 2])[0])
    if question.kind == "single":
        return rng.choices(choices, weights=[5, 2, 3, 4][: len(choices)])[0]
    if question.kind == "multiple":
        return rng.sample(choices, rng.randint(1, len(choices)))
    if question.kind == "ranking":
        return rng.sample(choices, len(choices))
    if question.kind == "short_text":
        return rng.choice(content.SHORT_ANSWERS) if rng.random() < 0.4 else ""
    return rng.choice(content.LONG_ANSWERS) if rng.random() < 0.3 else ""


def _sent_responses(consultation: Consultation, count: int, seed: int) -> None:
    """``count`` sent responses of people who are not demo sign-ins, answers checked by the
    same rules as the form's."""
    rng = random.Random(seed)  # noqa: S311 (demo answers, repeatable; nothing secret)
    questions = list(consultation.questionnaire.questions.prefetch_related("choices"))
    types = (RESPONDENT_TYPES * 2)[:count]
    provinces = (PROVINCES * 2)[:count]
    rng.shuffle(provinces)
    now = timezone.now()
    for number in range(count):
        response = Response.objects.create(
            questionnaire=consultation.questionnaire,
            status=ResponseStatus.SUBMITTED,
            user_type=types[number],
            province=provinces[number],
            language=rng.choice(["en", "fr"]),
            submitted_at=now - timedelta(hours=rng.randint(1, 150)),
        )
        rows: list[Answer] = []
        for question in questions:
            for row in questionnaire_services.answer_rows(question, _typed_answer(question, rng)):
                row.response = response
                rows.append(row)
        Answer.objects.bulk_create(rows)


def _open_consultation(staff: User) -> Consultation:
    consultation = _create(
        staff,
        content.ADMIN_BURDEN_TITLE,
        content.ADMIN_BURDEN_SUMMARY,
        content.ADMIN_BURDEN_DRAFT,
        [UserType.PHYSICIAN, UserType.LEARNER, UserType.ALLIED_HEALTH],
    )
    _add_questions(staff, consultation, content.ADMIN_BURDEN_QUESTIONS)
    consultation = services.consultation_open_now(actor=staff, consultation=consultation)
    _sent_responses(consultation, 40, seed=2026)

    maple = User.objects.filter(username="dr-maple").first()
    birch = User.objects.filter(username="resident-birch").first()
    paragraphs = {paragraph.number: paragraph for paragraph in consultation.paragraphs.all()}
    if maple is not None:
        services.consultation_comment_add(
            actor=maple,
            consultation=consultation,
            paragraph=paragraphs[2],
            body="Un formulaire unique, oui, mais il faut qu’il soit bilingue dès le départ et "
            "accepté par les assureurs privés, pas seulement par les régimes publics.",
        )
        first = consultation.questionnaire.questions.first()
        if first is not None:
            # dr-maple started answering and has not sent yet: the form shows the draft.
            questionnaire_services.response_save_draft(
                questionnaire=consultation.questionnaire, user=maple, data={first.field_name: "4"}
            )
    if birch is not None:
        services.consultation_comment_add(
            actor=birch,
            consultation=consultation,
            paragraph=paragraphs[3],
            body="Residents write many of these notes on nights and weekends. Five days is "
            "right; some employers ask after one.",
        )
        services.consultation_comment_add(
            actor=birch,
            consultation=consultation,
            paragraph=None,
            body="Clear and practical overall. Please keep learners in mind in the final version.",
        )
    return consultation


def _closed_consultation(staff: User) -> Consultation:
    consultation = _create(
        staff,
        content.VIRTUAL_CARE_TITLE,
        content.VIRTUAL_CARE_SUMMARY,
        content.VIRTUAL_CARE_DRAFT,
        [UserType.PHYSICIAN, UserType.LEARNER],
    )
    _add_questions(
        staff,
        consultation,
        [content.ADMIN_BURDEN_QUESTIONS[0], content.ADMIN_BURDEN_QUESTIONS[-1]],
    )
    consultation = services.consultation_open_now(actor=staff, consultation=consultation)
    _sent_responses(consultation, 12, seed=2025)
    consultation = services.consultation_close_now(actor=staff, consultation=consultation)
    # It ran last month: the dates say so.
    month_ago = timezone.now() - timedelta(days=60)
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_at=month_ago,
        opened_at=month_ago,
        closes_at=month_ago + timedelta(days=30),
        closed_at=month_ago + timedelta(days=30),
    )
    consultation.refresh_from_db()
    return services.what_we_heard_publish(
        actor=staff,
        consultation=consultation,
        text_en=content.VIRTUAL_CARE_WHAT_WE_HEARD["en"],
        text_fr=content.VIRTUAL_CARE_WHAT_WE_HEARD["fr"],
    )

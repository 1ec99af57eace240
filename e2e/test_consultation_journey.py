"""A consultation from its creation to a member's confidential answers (issue 9; SPEC EN-1), in
both languages with axe on every page: staff write a bilingual draft, build a form of two
questions and open it; a member comments in public on paragraph 2 and sends confidential
answers (saved as a draft while they choose), which they can still change until the close.

Labels are looked up through Django's catalogue at test time, so the French journey follows the
interface whatever its current wording.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from collegium.accounts.choices import StaffRole, UserType
from collegium.accounts.tests.factories import UserFactory
from collegium.consultations.choices import ConsultationStatus
from collegium.consultations.models import Consultation, ConsultationComment
from collegium.questionnaires.choices import ResponseStatus
from collegium.questionnaires.models import Response
from e2e.journeys import press, sign_in, verified_person
from e2e.journeys import translated as _
from e2e.journeys import url_in as _url

LOCALES = {"en": "en-CA", "fr": "fr-CA"}

DRAFT_EN = """Administrative work that does not improve care takes time from patients.

Governments should adopt one standard form for sick notes.

Insurers should stop asking for notes for short absences."""
DRAFT_FR = """Le travail administratif qui n’améliore pas les soins enlève du temps aux patients.

Les gouvernements devraient adopter un formulaire unique pour les billets médicaux.

Les assureurs devraient cesser d’exiger un billet pour les courtes absences."""


@pytest.mark.parametrize("language", ["en", "fr"])
def test_staff_open_a_consultation_and_a_member_comments_and_answers_in_confidence(
    open_page, a11y, transactional_db, language
):
    UserFactory(
        username="staff-sam",
        email="staff@example.org",
        user_type=UserType.PUBLIC,
        staff_role=StaffRole.STAFF,
        preferred_language=language,
    )
    member = verified_person(language, "member@example.org", "dr-member", "7000001")

    # Staff write the consultation in both languages and put it to physicians.
    staff_page = open_page(locale=LOCALES[language])
    sign_in(staff_page, a11y, "staff@example.org", language=language)
    staff_page.goto(_url(language, "consultations:create"))
    a11y(staff_page)
    staff_page.locator("#id_title_en").fill("Draft policy on forms")
    staff_page.locator("#id_title_fr").fill("Projet de politique sur les formulaires")
    staff_page.locator("#id_draft_en").fill(DRAFT_EN)
    staff_page.locator("#id_draft_fr").fill(DRAFT_FR)
    staff_page.get_by_label(_(language, "Physician", context="user type"), exact=True).check()
    closes = timezone.localtime(timezone.now() + timedelta(days=30))
    staff_page.locator("#id_closes_at").fill(closes.strftime("%Y-%m-%dT%H:%M"))
    press(staff_page, staff_page.get_by_role("button", name=_(language, "Save the consultation")))
    a11y(staff_page)
    consultation = Consultation.objects.get()
    assert consultation.paragraphs.count() == 3

    # They build its confidential form: a required agreement scale and a single choice.
    staff_page.goto(_url(language, "consultations:form", slug=consultation.slug))
    a11y(staff_page)
    add = staff_page.locator("form.form", has=staff_page.locator("#id_kind"))
    add.locator("#id_kind").select_option("likert5")
    add.locator("#id_label_en").fill("The draft addresses my paperwork.")
    add.locator("#id_label_fr").fill("Le projet répond à ma paperasse.")
    add.locator("#id_required").check()
    press(staff_page, add.get_by_role("button", name=_(language, "Add the question")))
    a11y(staff_page)
    add = staff_page.locator("form.form", has=staff_page.locator("#id_kind"))
    add.locator("#id_kind").select_option("single")
    add.locator("#id_label_en").fill("Which change matters most?")
    add.locator("#id_label_fr").fill("Quel changement compte le plus?")
    add.locator("#id_choices").fill("One form | Un formulaire\nNo notes | Aucun billet")
    press(staff_page, add.get_by_role("button", name=_(language, "Add the question")))
    a11y(staff_page)
    assert consultation.questionnaire.questions.count() == 2

    # They open it now.
    staff_page.goto(_url(language, "consultations:schedule", slug=consultation.slug))
    a11y(staff_page)
    press(
        staff_page,
        staff_page.get_by_role("button", name=_(language, "Open now", context="consultation")),
    )
    a11y(staff_page)
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.OPEN

    # A member comments in public on paragraph 2, beside its text.
    page = open_page(locale=LOCALES[language])
    sign_in(page, a11y, member.email, language=language)
    page.goto(_url(language, "consultations:detail", slug=consultation.slug))
    a11y(page)
    paragraph = page.locator("#paragraph-2")
    paragraph.locator("summary").click()
    paragraph.locator("textarea").fill("One form, yes: and bilingual from the start.")
    press(
        page,
        paragraph.get_by_role(
            "button", name=_(language, "Post your comment on paragraph %(number)s") % {"number": 2}
        ),
    )
    a11y(page)
    expect(page.locator("#paragraph-2")).to_contain_text("bilingual from the start")
    comment = ConsultationComment.objects.get()
    assert (comment.author, comment.paragraph.number) == (member, 2)

    # They give confidential feedback: a missing required answer is shown next to its question,
    # with the other answer kept.
    press(page, page.get_by_role("link", name=_(language, "Give confidential feedback")))
    a11y(page)
    form = page.locator("form.questionnaire-form")
    label = "Un formulaire" if language == "fr" else "One form"
    form.get_by_label(label, exact=True).check()
    # What they chose is saved as a draft a moment later, without leaving the page.
    saved_at = _(language, "Draft saved at %(time)s.").split("%(time)s")[0]
    expect(page.locator("#draft-status")).to_contain_text(saved_at, timeout=10_000)
    draft = Response.objects.get()
    assert draft.status == ResponseStatus.DRAFT and draft.draft
    a11y(page)
    press(page, form.get_by_role("button", name=_(language, "Send my answers")))
    a11y(page)
    expect(page.get_by_text(_(language, "Answer this question.")).first).to_be_visible()
    expect(form.get_by_label(label, exact=True)).to_be_checked()
    assert Response.objects.get().status == ResponseStatus.DRAFT

    form.get_by_label(_(language, "Agree", context="agreement"), exact=True).check()
    press(page, form.get_by_role("button", name=_(language, "Send my answers")))
    a11y(page)
    response = Response.objects.get()
    assert response.status == ResponseStatus.SUBMITTED
    assert response.answers.count() == 2
    assert (response.user_type, response.language) == (UserType.PHYSICIAN, language)
    expect(page.locator("form.questionnaire-form")).to_be_visible()
    expect(page.get_by_role("button", name=_(language, "Send my changed answers"))).to_be_visible()

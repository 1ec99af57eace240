"""The admin shows questionnaires, read-only, and never a response or an answer (EN-1)."""

from django.contrib import admin
from django.urls import reverse

from collegium.accounts.tests.factories import UserFactory
from collegium.questionnaires.models import Answer, Choice, Question, Questionnaire, Response
from collegium.questionnaires.tests.factories import QuestionFactory


def test_responses_and_answers_are_not_in_the_admin():
    registered = admin.site._registry

    assert Questionnaire in registered and Question in registered
    assert Response not in registered and Answer not in registered and Choice not in registered


def test_administrators_read_questionnaires_in_the_admin_and_change_nothing(client, db):
    question = QuestionFactory(label_en="Do you agree?")
    client.force_login(UserFactory(username="admin-reader", is_staff=True, is_superuser=True))

    page = client.get(reverse("admin:questionnaires_question_change", args=[question.pk]))

    assert page.status_code == 200 and "Do you agree?" in page.content.decode()
    assert "Yes" in page.content.decode()
    listing = client.get(reverse("admin:questionnaires_questionnaire_changelist"))
    assert listing.status_code == 200
    assert client.get(reverse("admin:questionnaires_question_add")).status_code == 403
    changed = client.post(
        reverse("admin:questionnaires_question_change", args=[question.pk]),
        {"label_en": "Changed"},
    )
    assert changed.status_code == 403
    question.refresh_from_db()
    assert question.label_en == "Do you agree?"

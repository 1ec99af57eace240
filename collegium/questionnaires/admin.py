"""Questionnaires in the admin, to read only: they are built on the builder's pages, where the
rules that protect the answers apply (EN-1). Responses and answers are not in the admin at all:
a respondent next to their answers is what nobody may see."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from collegium.questionnaires.models import Choice, Question, Questionnaire


class ReadOnly:
    """Seen in the admin, never changed there."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class QuestionInline(ReadOnly, admin.TabularInline):
    model = Question
    fields = ["position", "kind", "label_en", "label_fr", "required"]
    show_change_link = True
    extra = 0


class ChoiceInline(ReadOnly, admin.TabularInline):
    model = Choice
    fields = ["position", "label_en", "label_fr"]
    extra = 0


@admin.register(Questionnaire)
class QuestionnaireAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["__str__", "revision", "created_at", "updated_at"]
    fields = ["revision", "created_at", "updated_at"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [QuestionInline]


@admin.register(Question)
class QuestionAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["label", "questionnaire", "position", "kind", "required"]
    list_filter = ["kind", "required"]
    search_fields = ["label_en", "label_fr"]
    fields = [
        "questionnaire", "position", "kind", "label_en", "label_fr", "help_text_en",
        "help_text_fr", "required",
    ]  # fmt: skip
    inlines = [ChoiceInline]

"""Read-only views of moderation for the Django admin: changes go through the moderation pages,
so that each is on the record (MO-2)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from collegium.moderation.models import Case, ModerationAction, Report


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Case)
class CaseAdmin(ReadOnly):
    list_display = ("kind", "object_id", "community", "status", "open_reports", "opened_at")
    list_filter = ("status", "kind")


@admin.register(Report)
class ReportAdmin(ReadOnly):
    list_display = ("case", "reporter", "category", "created_at", "outcome")
    list_filter = ("category", "outcome")


@admin.register(ModerationAction)
class ModerationActionAdmin(ReadOnly):
    list_display = ("created_at", "actor", "action", "kind", "object_id", "community", "subject")
    list_filter = ("action", "kind")
    search_fields = ("actor__username", "subject__username", "note")

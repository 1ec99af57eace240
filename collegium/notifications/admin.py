"""Read-only views of notifications for the Django admin: staff see the mail a server refused
or that was given up after retries (NO-3), and what people were told and follow."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from collegium.notifications.models import FanOut, Notification, OutboxEmail, Subscription


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(OutboxEmail)
class OutboxEmailAdmin(ReadOnly):
    list_display = (
        "to",
        "subject",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "created_at",
    )
    list_filter = ("status",)
    list_select_related = ("body",)
    search_fields = ("to",)
    date_hierarchy = "created_at"
    exclude = ("claim",)

    @admin.display(description=_("subject"), ordering="body__subject")
    def subject(self, obj: OutboxEmail) -> str:
        return obj.body.subject


@admin.register(Notification)
class NotificationAdmin(ReadOnly):
    list_display = ("created_at", "recipient", "kind", "community", "read_at", "email")
    list_filter = ("kind", "email")
    list_select_related = ("recipient", "community")
    search_fields = ("recipient__username",)
    raw_id_fields = ("recipient", "actor", "community")


@admin.register(Subscription)
class SubscriptionAdmin(ReadOnly):
    list_display = ("user", "target_field", "target_id", "frequency", "changed_at")
    list_filter = ("frequency",)
    list_select_related = ("user",)
    search_fields = ("user__username",)
    raw_id_fields = ("user", "community", "blog", "thread", "tag")


@admin.register(FanOut)
class FanOutAdmin(ReadOnly):
    list_display = ("key", "started_at", "finished_at", "notified")
    search_fields = ("key",)

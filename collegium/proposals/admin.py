from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from collegium.proposals.models import Proposal, ProposalComment, ProposalStatusChange


class StatusChangeInline(admin.TabularInline):
    """The public history, read-only: a status changes through the proposal's page, with its
    reason, so that the author and supporters are told (EN-2)."""

    model = ProposalStatusChange
    extra = 0
    can_delete = False
    fields = ("from_status", "to_status", "reason", "changed_by", "changed_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "support_count", "community", "language", "created_at"]
    list_filter = ["status", "language", "submitted_for_community"]
    search_fields = ["title", "summary"]
    raw_id_fields = ["author", "community", "removed_by"]
    # The status and the count are the services' to change (history, notifications, F()).
    readonly_fields = ["status", "status_changed_at", "support_count", "body_html", "created_at"]
    inlines = [StatusChangeInline]


@admin.register(ProposalComment)
class ProposalCommentAdmin(admin.ModelAdmin):
    list_display = ["proposal", "author", "created_at", "deleted_at"]
    raw_id_fields = ["proposal", "author", "removed_by"]
    readonly_fields = ["body_html"]

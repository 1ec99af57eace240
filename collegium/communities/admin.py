from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from collegium.communities.models import (
    Community,
    CommunityAudience,
    CommunityProposal,
    Invitation,
    JoinRequest,
    Membership,
    RulesVersion,
)


class AudienceInline(admin.TabularInline):
    model = CommunityAudience
    extra = 0


class RulesVersionInline(admin.TabularInline):
    model = RulesVersion
    fields = ("number", "note", "created_at", "created_by")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        # Versions are made by the community's settings page, which numbers them (MO-4).
        return False


@admin.register(Community)
class CommunityAdmin(TranslationAdmin):
    list_display = ("name", "kind", "status", "joining", "visibility", "participant_count")
    list_filter = ("kind", "status", "joining", "visibility", "language")
    search_fields = ("name_en", "name_fr", "slug")
    # MO-4: the rules change from the community's settings page, which keeps each version and
    # asks participants to accept it; a change here would skip both.
    readonly_fields = ("participant_count", "rules_version", "rules_en", "rules_fr")
    inlines = [AudienceInline, RulesVersionInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "community", "role", "status", "joined_at")
    list_filter = ("role", "status")
    search_fields = ("user__username", "community__slug")


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ("user", "community", "status", "created_at")
    list_filter = ("status",)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "community", "status", "expires_at")
    list_filter = ("status",)
    exclude = ("token",)


@admin.register(CommunityProposal)
class CommunityProposalAdmin(admin.ModelAdmin):
    list_display = ("name", "proposed_by", "status", "created_at")
    list_filter = ("status",)

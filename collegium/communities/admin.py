from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from collegium.communities.models import (
    Community,
    CommunityAudience,
    CommunityProposal,
    Invitation,
    JoinRequest,
    Membership,
)


class AudienceInline(admin.TabularInline):
    model = CommunityAudience
    extra = 0


@admin.register(Community)
class CommunityAdmin(TranslationAdmin):
    list_display = ("name", "kind", "status", "joining", "visibility", "participant_count")
    list_filter = ("kind", "status", "joining", "visibility", "language")
    search_fields = ("name_en", "name_fr", "slug")
    readonly_fields = ("participant_count", "rules_version")
    inlines = [AudienceInline]


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

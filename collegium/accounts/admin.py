from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from collegium.accounts.models import MemberClaim, Profile, RosterEntry, User, UsernameChange


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "email", "user_type", "member_id", "staff_role", "is_active")
    list_filter = ("user_type", "staff_role", "is_active", "is_staff")
    search_fields = ("username", "email", "first_name", "last_name", "member_id")
    readonly_fields = ("member_id", "member_verified_at", "deleted_at")
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (
            _("Collegium"),
            {
                "fields": (
                    "user_type",
                    "staff_role",
                    "preferred_language",
                    "member_id",
                    "member_verified_at",
                    "deleted_at",
                )
            },
        ),
    )


@admin.register(RosterEntry)
class RosterEntryAdmin(admin.ModelAdmin):
    """The membership roster (ID-3); bulk changes go through ``manage.py import_roster``."""

    list_display = ("member_id", "last_name", "first_name", "email", "member_type", "status")
    list_filter = ("member_type", "status")
    search_fields = ("member_id", "last_name", "first_name", "email")


@admin.register(MemberClaim)
class MemberClaimAdmin(admin.ModelAdmin):
    list_display = ("user", "member_id", "status", "is_automatic", "created_at", "decided_at")
    list_filter = ("status", "is_automatic")
    search_fields = ("member_id", "user__username", "user__email")
    readonly_fields = ("user", "member_id", "status", "is_automatic", "created_at", "decided_at",
                       "decided_by", "reason")  # fmt: skip

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "display_name", "province", "specialty")
    search_fields = ("user__username", "display_name")


@admin.register(UsernameChange)
class UsernameChangeAdmin(admin.ModelAdmin):
    list_display = ("old_username", "new_username", "changed_at", "changed_by")
    search_fields = ("old_username", "new_username")

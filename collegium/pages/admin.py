from django.contrib import admin

from collegium.pages.models import Page, PageVersion


class PageVersionInline(admin.TabularInline):
    model = PageVersion
    fields = ("number", "title_en", "title_fr", "note", "created_at", "created_by")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        # New versions are published through the service, which renders and numbers them.
        return False


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ("slug", "current_version")
    readonly_fields = ("slug", "current_version")
    inlines = [PageVersionInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

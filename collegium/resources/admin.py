from django.contrib import admin

from collegium.resources.models import Collection, Resource, ResourceComment


@admin.register(Collection)
class CollectionAdmin(admin.ModelAdmin):
    list_display = ["title", "community", "parent", "position"]
    search_fields = ["title"]
    raw_id_fields = ["community", "parent"]


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["title", "collection", "kind", "file_kind", "download_count", "created_at"]
    list_filter = ["kind", "file_kind", "preview_status"]
    search_fields = ["title", "original_name"]
    raw_id_fields = ["collection", "added_by"]
    readonly_fields = [
        "uuid", "file", "original_name", "content_type", "file_kind", "extension", "size",
        "preview", "preview_status", "download_count", "description_html",
    ]  # fmt: skip


@admin.register(ResourceComment)
class ResourceCommentAdmin(admin.ModelAdmin):
    list_display = ["resource", "author", "created_at"]
    raw_id_fields = ["resource", "author"]
    readonly_fields = ["body_html"]

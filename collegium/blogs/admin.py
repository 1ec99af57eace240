from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from collegium.blogs.models import BlogComment, BlogPost


@admin.register(BlogPost)
class BlogPostAdmin(TranslationAdmin):
    list_display = ["title", "community", "status", "is_association_post", "published_at"]
    list_filter = ["status", "is_association_post", "is_guest_post"]
    search_fields = ["title_en", "title_fr", "slug"]
    raw_id_fields = ["community", "author", "guest_member", "cover"]
    readonly_fields = ["body_html", "published_at"]


@admin.register(BlogComment)
class BlogCommentAdmin(admin.ModelAdmin):
    list_display = ["post", "author", "created_at", "deleted_at"]
    raw_id_fields = ["post", "author"]
    readonly_fields = ["body_html"]

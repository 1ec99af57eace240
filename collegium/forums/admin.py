from django.contrib import admin

from collegium.forums.models import Post, Thread


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ["title", "community", "kind", "reply_count", "last_posted_at"]
    list_filter = ["kind", "is_pinned"]
    search_fields = ["title"]
    raw_id_fields = ["author", "last_post_author", "closed_by", "community"]
    readonly_fields = ["post_count", "reply_count", "verified_answer_count"]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["thread", "position", "author", "created_at"]
    raw_id_fields = ["thread", "author", "reply_to", "suggested_by", "verified_by"]
    readonly_fields = ["body_html", "version"]

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from collegium.consultations.models import (
    Consultation,
    ConsultationAudience,
    ConsultationComment,
    ConsultationDocument,
    Paragraph,
)


class AudienceInline(admin.TabularInline):
    model = ConsultationAudience
    extra = 0


class ParagraphInline(TranslationTabularInline):
    """The paragraphs come from the drafts (the services split them): read here, changed by
    editing the draft."""

    model = Paragraph
    extra = 0
    fields = ["number", "text"]
    readonly_fields = ["number", "text"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Consultation)
class ConsultationAdmin(TranslationAdmin):
    """Consultations are prepared, scheduled and closed on their own pages, whose services split
    the drafts into paragraphs and tell people: here, their texts and dates are read only."""

    list_display = ["title", "community", "status", "opens_at", "closes_at"]
    list_filter = ["status"]
    search_fields = ["title_en", "title_fr", "slug"]
    raw_id_fields = ["community", "questionnaire", "created_by"]
    readonly_fields = [
        "draft_en",
        "draft_fr",
        "what_we_heard_en",
        "what_we_heard_fr",
        "status",
        "opened_at",
        "closed_at",
        "what_we_heard_published_at",
        "created_at",
        "updated_at",
    ]
    inlines = [AudienceInline, ParagraphInline]


@admin.register(ConsultationDocument)
class ConsultationDocumentAdmin(TranslationAdmin):
    list_display = ["original_name", "consultation", "language", "size", "created_at"]
    raw_id_fields = ["consultation", "uploaded_by"]
    readonly_fields = ["original_name", "content_type", "extension", "size", "file"]


@admin.register(ConsultationComment)
class ConsultationCommentAdmin(admin.ModelAdmin):
    list_display = ["consultation", "paragraph", "author", "created_at", "deleted_at"]
    raw_id_fields = ["consultation", "paragraph", "author"]
    readonly_fields = ["body_html"]

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from collegium.accounts.models import User
from collegium.pages.models import Page, PageVersion
from collegium.pages.services import page_version_publish


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


class PublishForm(forms.Form):
    """A new text for a page, in both languages (MO-4: a new guidelines version is accepted
    again before people write)."""

    title_en = forms.CharField(label=_("Title (English)"), max_length=200)
    title_fr = forms.CharField(label=_("Title (French)"), max_length=200)
    body_en = forms.CharField(
        label=_("Text in English (Markdown)"), widget=forms.Textarea(attrs={"rows": 20})
    )
    body_fr = forms.CharField(
        label=_("Text in French (Markdown)"), widget=forms.Textarea(attrs={"rows": 20})
    )
    note = forms.CharField(
        label=_("What changed"),
        required=False,
        max_length=300,
        help_text=_("Shown with the new version, e.g. to people asked to accept the guidelines."),
    )


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ("slug", "current_version")
    readonly_fields = ("slug", "current_version", "publish_link")
    inlines = [PageVersionInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("New version"))
    def publish_link(self, obj: Page) -> str:
        if obj.pk is None:
            return ""
        url = reverse("admin:pages_page_publish", args=[obj.pk])
        return format_html('<a class="button" href="{}">{}</a>', url, _("Publish a new version"))

    def get_urls(self) -> list[URLPattern]:
        publish = path(
            "<int:page_id>/publish/",
            self.admin_site.admin_view(self.publish_view),
            name="pages_page_publish",
        )
        return [publish, *super().get_urls()]

    def publish_view(self, request: HttpRequest, page_id: int) -> HttpResponse:
        """Publish through the service, which numbers the version and clears the cached
        version numbers that consent and the guidelines check read (ID-6, MO-4)."""
        page = Page.objects.select_related("current_version").filter(pk=page_id).first()
        if page is None:
            raise Http404
        if not self.has_change_permission(request, page):
            raise PermissionDenied
        current = page.current_version
        initial: dict[str, Any] = {}
        if current is not None:
            initial = {
                field: getattr(current, field)
                for field in ("title_en", "title_fr", "body_en", "body_fr")
            }
        form = PublishForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            actor = request.user if isinstance(request.user, User) else None
            try:
                version = page_version_publish(page=page, actor=actor, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    _("Version %(number)s is published.") % {"number": version.number},
                    messages.SUCCESS,
                )
                return redirect("admin:pages_page_change", page.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": page,
            "title": _("Publish a new version of %(page)s") % {"page": page},
            "form": form,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/pages/page/publish.html", context)

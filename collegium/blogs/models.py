"""Blogs: the posts of a community's blog and their comments (CT-2)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from collegium.blogs.choices import PostLanguage, PostStatus
from collegium.comments.models import CommentBase, one_comment_per_submission
from collegium.moderation.models import Removable

TITLE_MAX_LENGTH = 200
SUMMARY_MAX_LENGTH = 500
BODY_MAX_LENGTH = 50_000
SLUG_MAX_LENGTH = 120
GUEST_NAME_MAX_LENGTH = 120
GUEST_CREDENTIALS_MAX_LENGTH = 200
COVER_ALT_MAX_LENGTH = 250
LANGUAGES = ("en", "fr")


def guest_disclaimer(language: str) -> str:
    """The sentence every guest post carries (CT-2), in ``language``, naming the association
    by its name in that language (not a translation of the English one)."""
    from collegium.core.context_processors import organisation_name

    with translation.override(language):
        return gettext(
            "Guest posts do not necessarily represent the policies or positions of "
            "%(organisation)s, nor their endorsement by it."
        ) % {"organisation": organisation_name(language)}


class BlogPost(Removable):
    """A post on a community's blog, by its leaders or the association's staff (CT-2).

    Association posts are written in both languages (``title_en``/``title_fr``…, by
    modeltranslation); a community post is written in one, ``language``, and fills only it."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="blog_posts"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="blog_posts"
    )
    slug = models.SlugField(_("web address"), max_length=SLUG_MAX_LENGTH)
    # Translated by modeltranslation (title_en/title_fr …): the services fill them, never these.
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH, blank=True)
    summary = models.CharField(_("summary"), max_length=SUMMARY_MAX_LENGTH, blank=True)
    body = models.TextField(_("text"), max_length=BODY_MAX_LENGTH, blank=True)
    body_html = models.TextField(editable=False, default="", blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=PostLanguage.choices, default=PostLanguage.EN
    )
    is_association_post = models.BooleanField(_("association post"), default=False)

    # A guest post is by a named member or by a subject-matter expert without an account.
    is_guest_post = models.BooleanField(_("guest post"), default=False)
    guest_member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("guest member"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="guest_blog_posts",
    )
    guest_author_name = models.CharField(
        _("guest author's name"), max_length=GUEST_NAME_MAX_LENGTH, blank=True
    )
    guest_author_credentials = models.CharField(
        _("guest author's credentials"), max_length=GUEST_CREDENTIALS_MAX_LENGTH, blank=True
    )

    status = models.CharField(
        _("status"), max_length=10, choices=PostStatus.choices, default=PostStatus.DRAFT
    )
    publish_at = models.DateTimeField(_("publication scheduled for"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    cover = models.ForeignKey(
        "editor.Attachment",
        verbose_name=_("cover image"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    cover_alt = models.CharField(
        _("description of the cover image"), max_length=COVER_ALT_MAX_LENGTH, blank=True
    )
    tags = models.ManyToManyField("core.Tag", verbose_name=_("tags"), blank=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    # One submission of the new-post form makes one post, however many times it arrives.
    submission_key = models.UUIDField(null=True, blank=True, editable=False)

    if TYPE_CHECKING:
        title_en: str | None
        title_fr: str | None
        summary_en: str | None
        summary_fr: str | None
        body_en: str | None
        body_fr: str | None
        body_html_en: str | None
        body_html_fr: str | None
        cover_alt_en: str | None
        cover_alt_fr: str | None

    class Meta:
        verbose_name = _("blog post")
        verbose_name_plural = _("blog posts")
        constraints = [
            models.UniqueConstraint(fields=["community", "slug"], name="blogpost_slug_unique"),
            models.UniqueConstraint(
                fields=["author", "submission_key"],
                condition=Q(submission_key__isnull=False),
                name="blogpost_one_per_submission",
            ),
            models.CheckConstraint(
                condition=Q(status="scheduled", publish_at__isnull=False) | ~Q(status="scheduled"),
                name="blogpost_scheduled_has_date",
            ),
        ]
        indexes = [
            # A community's blog and the site's latest posts, newest first (keyset pages).
            models.Index(
                fields=["community", "status", "-published_at", "-id"], name="blogpost_blog"
            ),
            models.Index(fields=["status", "-published_at", "-id"], name="blogpost_latest"),
            # The periodic task finds due posts without reading the others.
            models.Index(
                fields=["publish_at"],
                condition=Q(status="scheduled"),
                name="blogpost_due",
            ),
        ]

    def __str__(self) -> str:
        return self.heading

    def get_absolute_url(self) -> str:
        return reverse("blogs:post", kwargs={"slug": self.community.slug, "post_slug": self.slug})

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages the post is written in."""
        return LANGUAGES if self.is_association_post else (self.language,)

    def reading_language(self, wanted: str | None) -> str:
        """The language to show: the one wanted when the post has it, else its own."""
        return wanted if wanted in self.languages else self.languages[0]

    def text_in(self, language: str) -> dict[str, str]:
        """Title, summary and HTML in one language, without modeltranslation's fallbacks."""
        return {
            "title": getattr(self, f"title_{language}", None) or "",
            "summary": getattr(self, f"summary_{language}", None) or "",
            "body": getattr(self, f"body_{language}", None) or "",
            "body_html": getattr(self, f"body_html_{language}", None) or "",
            "cover_alt": getattr(self, f"cover_alt_{language}", None) or "",
        }

    @property
    def heading_language(self) -> str:
        """The language ``heading`` is in."""
        return self.reading_language(translation.get_language())

    @property
    def heading(self) -> str:
        """The title in the reader's language when the post has it, else in its own."""
        return self.text_in(self.heading_language)["title"] or str(_("Untitled post"))

    @property
    def is_published(self) -> bool:
        return self.status == PostStatus.PUBLISHED

    @property
    def is_scheduled(self) -> bool:
        return self.status == PostStatus.SCHEDULED

    @property
    def is_draft(self) -> bool:
        return self.status == PostStatus.DRAFT


class BlogComment(CommentBase):
    """A participant's comment on a blog post (CT-2)."""

    post = models.ForeignKey(BlogPost, on_delete=models.CASCADE, related_name="comments")

    class Meta:
        verbose_name = _("blog comment")
        verbose_name_plural = _("blog comments")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["post", "created_at", "id"], name="blogcomment_order"),
            models.Index(fields=["author", "-created_at"], name="blogcomment_by_author"),
        ]
        constraints = [one_comment_per_submission("blogcomment_one_per_submission")]

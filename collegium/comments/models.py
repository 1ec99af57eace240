"""What every kind of comment shares: blog posts (CT-2) and resources (CT-3) are commented on
with the one editor (CT-4).

A concrete model adds the foreign key to what it comments on and its own ``Meta``: ordering, an
index on (target, created_at, id), and a partial unique constraint on (author, submission_key)
so that a double submit makes one comment::

    class BlogComment(CommentBase):
        post = models.ForeignKey(BlogPost, on_delete=models.CASCADE, related_name="comments")

        class Meta:
            ordering = ["created_at", "id"]
            indexes = [models.Index(fields=["post", "created_at", "id"], name="blogcomment_order")]
            constraints = [one_comment_per_submission("blogcomment_one_per_submission")]
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from collegium.moderation.models import Removable

COMMENT_MAX_LENGTH = 5_000


def one_comment_per_submission(name: str) -> models.UniqueConstraint:
    """The constraint each concrete comment model adds: one comment per form submission."""
    return models.UniqueConstraint(
        fields=["author", "submission_key"],
        condition=Q(submission_key__isnull=False),
        name=name,
    )


class CommentBase(Removable):
    """A participant's comment written with the editor; deleted ones keep their place."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH)
    body_html = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("posted at"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    # One submission of a form makes one comment, however many times it arrives.
    submission_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def anchor(self) -> str:
        return f"comment-{self.pk}"

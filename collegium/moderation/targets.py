"""What can be reported and moderated, and how each kind is found, shown, hidden and edited.

One ``Target`` per kind (MO-1): a forum post (opening or reply), a blog post, a comment on a
blog post, a resource, a comment on a resource, a public comment on a consultation (EN-1), a
proposal and a comment on it (EN-2), and a person's profile. The moderation services and pages
know only this interface; a later kind of content (messages) plugs in with one more ``Target``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils import timezone

from collegium import permissions
from collegium.moderation.choices import TargetKind

if TYPE_CHECKING:
    from collegium.accounts.models import User
    from collegium.communities.models import Community
    from collegium.permissions import Viewer


@dataclass(frozen=True)
class Target:
    kind: str
    model_path: str  # "app_label.Model", resolved lazily: content apps import moderation
    related: tuple[str, ...] = ()
    author_field: str = "author"
    text_field: str = "body"
    removable: bool = True
    editable: bool = False

    # Finding ---------------------------------------------------------------------------------

    @property
    def model(self) -> type[models.Model]:
        from django.apps import apps

        return apps.get_model(self.model_path)

    def load(self, pk: int) -> Any | None:
        return self.model._default_manager.select_related(*self.related).filter(pk=pk).first()

    def load_many(self, pks: Iterable[int]) -> dict[int, Any]:
        queryset = self.model._default_manager.select_related(*self.related)
        return {obj.pk: obj for obj in queryset.filter(pk__in=list(pks))}

    # Describing ------------------------------------------------------------------------------

    def community(self, obj: Any) -> Community | None:
        raise NotImplementedError

    def author_id(self, obj: Any) -> int | None:
        return getattr(obj, f"{self.author_field}_id", None)

    def author(self, obj: Any) -> User | None:
        return getattr(obj, self.author_field, None)

    def url(self, obj: Any) -> str:
        return str(obj.get_absolute_url())

    def heading(self, obj: Any) -> str:
        raise NotImplementedError

    def text(self, obj: Any) -> str:
        return str(getattr(obj, self.text_field, "") or "")

    def html(self, obj: Any) -> str:
        return str(getattr(obj, f"{self.text_field}_html", "") or "")

    def language(self, obj: Any) -> str:
        community = self.community(obj)
        return community.language if community is not None else ""

    def is_deleted(self, obj: Any) -> bool:
        """Deleted by its author: nothing left to report or moderate."""
        return getattr(obj, "deleted_at", None) is not None

    def is_removed(self, obj: Any) -> bool:
        return getattr(obj, "removed_at", None) is not None

    def can_read(self, viewer: Viewer, obj: Any) -> bool:
        """The viewer may read the item where it lives, removal aside."""
        raise NotImplementedError

    # Changing (the moderation services call these inside their transaction) -------------------

    def set_removed(
        self, obj: Any, *, actor: User | None, category: str, note: str, removed: bool
    ) -> None:
        obj.removed_at = timezone.now() if removed else None
        obj.removed_by = actor if removed else None
        obj.removal_category = category if removed else ""
        obj.removal_note = note if removed else ""
        obj.save(update_fields=["removed_at", "removed_by", "removal_category", "removal_note"])

    def set_text(self, obj: Any, *, actor: User, text: str) -> None:
        from collegium.editor.rendering import render_text

        setattr(obj, self.text_field, text)
        setattr(obj, f"{self.text_field}_html", render_text(text).html)
        obj.edited_at = timezone.now()
        obj.save(update_fields=[self.text_field, f"{self.text_field}_html", "edited_at"])

    def thread(self, obj: Any) -> Any | None:
        """The forum thread the item opens or answers, for closing and moving."""
        return None


class PostTarget(Target):
    def community(self, obj: Any) -> Community:
        return obj.thread.community

    def heading(self, obj: Any) -> str:
        return str(obj.thread.heading)

    def is_deleted(self, obj: Any) -> bool:
        return obj.deleted_at is not None or obj.thread.deleted_at is not None

    def can_read(self, viewer: Viewer, obj: Any) -> bool:
        return permissions.can_read_community_content(viewer, obj.thread.community)

    def set_removed(
        self, obj: Any, *, actor: User | None, category: str, note: str, removed: bool
    ) -> None:
        from django.db.models import F

        from collegium.forums.models import Thread

        super().set_removed(obj, actor=actor, category=category, note=note, removed=removed)
        if obj.is_opening:
            # The opening post is the thread: the thread leaves the lists with it.
            super().set_removed(
                obj.thread, actor=actor, category=category, note=note, removed=removed
            )
        elif obj.deleted_at is None:
            # The thread's figures count what its readers see, as for a deleted post.
            step = -1 if removed else 1
            changes: dict[str, Any] = {"reply_count": F("reply_count") + step}
            if obj.verified_at is not None:
                changes["verified_answer_count"] = F("verified_answer_count") + step
            if obj.suggested_at is not None:
                changes["suggested_answer_count"] = F("suggested_answer_count") + step
            Thread.objects.filter(pk=obj.thread_id).update(**changes)

    def set_text(self, obj: Any, *, actor: User, text: str) -> None:
        from collegium.forums.models import PostRevision

        PostRevision.objects.create(
            post=obj,
            version=obj.version,
            body=obj.body,
            title=obj.thread.title if obj.is_opening else "",
            written_at=obj.edited_at or obj.created_at,
            replaced_by=actor,
        )
        obj.version += 1
        obj.save(update_fields=["version"])
        super().set_text(obj, actor=actor, text=text)

    def thread(self, obj: Any) -> Any:
        return obj.thread


class BlogPostTarget(Target):
    def community(self, obj: Any) -> Community:
        return obj.community

    def heading(self, obj: Any) -> str:
        return str(obj.heading)

    def text(self, obj: Any) -> str:
        return "\n\n".join(
            part for part in (obj.summary_en, obj.body_en, obj.summary_fr, obj.body_fr) if part
        )

    def html(self, obj: Any) -> str:
        return str(obj.body_html or "")

    def language(self, obj: Any) -> str:
        return "both" if obj.is_association_post else obj.language

    def can_read(self, viewer: Viewer, obj: Any) -> bool:
        from collegium.blogs.choices import PostStatus

        return obj.status == PostStatus.PUBLISHED and permissions.can_read_blog(
            viewer, obj.community
        )


class BlogCommentTarget(Target):
    def community(self, obj: Any) -> Community:
        return obj.post.community

    def url(self, obj: Any) -> str:
        return f"{obj.post.get_absolute_url()}#{obj.anchor}"

    def heading(self, obj: Any) -> str:
        return str(obj.post.heading)

    def is_deleted(self, obj: Any) -> bool:
        return obj.deleted_at is not None or obj.post.deleted_at is not None

    def can_read(self, viewer: Viewer, obj: Any) -> bool:
        return permissions.can_read_comments(viewer, obj.post.community)


class ResourceTarget(Target):
    def community(self, obj: Any) -> Community:
        return obj.collection.community

    def heading(self, obj: Any) -> str:
        return str(obj.title)

    def language(self, obj: Any) -> str:
        return str(obj.language)

    def can_read(self, viewer: Viewer, obj: Any) -> bool:
        return permissions.can_read_library(viewer, obj.collection.community)


class ResourceCommentTarget(Target):
    def community(self, obj: Any) -> Community:
        return obj.resource.collection.community

    def url(self, obj: Any) -> str:
        return f"{obj.resource.get_absolute_url()}#{obj.anchor}"

    def heading(self, obj: Any) -> str:
        return str(obj.resource.title)

    def is_deleted(self, obj: Any) -> bool:
        return obj.deleted_at is not None or obj.resource.deleted_at is not None

    def can_read(self, viewer: Viewer, obj: Any) -> bool:
        return permissions.can_read_comments(viewer, obj.resource.collection.community)


class ProposalTarget(Target):
    """A proposal (EN-2): in its community, or platform-wide (the platform's moderators')."""

    def community(self, obj: Any) -> Community | None:
        return obj.community

    def heading(self, obj: Any) -> str:
        return str(obj.title)

    def text(self, obj: Any) -> str:
        return "\n\n".join(part for part in (obj.summary, obj.body) if part)

    def language(self, obj: Any) -> str:
        return str(obj.language)

    def can_read(self, viewer: Viewer, obj: Any) -> bool:
        return permissions.can_read_proposals_of(viewer, obj.community)


class ProposalCommentTarget(Target):
    def community(self, obj: Any) -> Community | None:
        return obj.proposal.community

    def url(self, obj: Any) -> str:
        return f"{obj.proposal.get_absolute_url()}#{obj.anchor}"

    def heading(self, obj: Any) -> str:
        return str(obj.proposal.title)

    def language(self, obj: Any) -> str:
        return ""  # comments say nothing of their language; the proposal's may not be theirs

    def is_deleted(self, obj: Any) -> bool:
        return obj.deleted_at is not None or obj.proposal.deleted_at is not None

    def can_read(self, viewer: Viewer, obj: Any) -> bool:
        return permissions.can_read_proposals_of(viewer, obj.proposal.community)


class ConsultationCommentTarget(Target):
    """A public comment on a consultation's draft (EN-1); a platform-wide consultation has no
    community, so the platform's moderators act on its comments."""

    def community(self, obj: Any) -> Community | None:
        return obj.consultation.community

    def url(self, obj: Any) -> str:
        return f"{obj.consultation.get_absolute_url()}#{obj.anchor}"

    def heading(self, obj: Any) -> str:
        return str(obj.consultation.heading)

    def can_read(self, viewer: Viewer, obj: Any) -> bool:
        return permissions.can_view_consultation(viewer, obj.consultation)


class ProfileTarget(Target):
    """A person's profile: reported for what it says or shows. Nothing of it is removed; the
    person is warned, suspended or banned."""

    def author_id(self, obj: Any) -> int | None:
        return int(obj.pk)

    def author(self, obj: Any) -> User:
        return obj

    def community(self, obj: Any) -> None:
        return None

    def heading(self, obj: Any) -> str:
        return str(obj.username)

    def text(self, obj: Any) -> str:
        profile = getattr(obj, "profile", None)
        if profile is None:
            return ""
        return "\n\n".join(part for part in (profile.display_name, profile.background) if part)

    def html(self, obj: Any) -> str:
        from django.utils.html import escape, linebreaks

        return str(linebreaks(escape(self.text(obj))))

    def language(self, obj: Any) -> str:
        return str(obj.preferred_language)

    def is_deleted(self, obj: Any) -> bool:
        return obj.deleted_at is not None or not obj.is_active

    def can_read(self, viewer: Viewer, obj: Any) -> bool:
        from collegium.accounts.models import User

        return permissions.visible_people(viewer, User.objects.filter(pk=obj.pk)).exists()


TARGETS: dict[str, Target] = {
    TargetKind.POST: PostTarget(
        TargetKind.POST,
        "forums.Post",
        related=("thread__community", "author"),
        editable=True,
    ),
    TargetKind.BLOG_POST: BlogPostTarget(
        TargetKind.BLOG_POST, "blogs.BlogPost", related=("community", "author")
    ),
    TargetKind.BLOG_COMMENT: BlogCommentTarget(
        TargetKind.BLOG_COMMENT,
        "blogs.BlogComment",
        related=("post__community", "author"),
        editable=True,
    ),
    TargetKind.RESOURCE: ResourceTarget(
        TargetKind.RESOURCE,
        "resources.Resource",
        related=("collection__community", "added_by"),
        author_field="added_by",
        text_field="description",
    ),
    TargetKind.RESOURCE_COMMENT: ResourceCommentTarget(
        TargetKind.RESOURCE_COMMENT,
        "resources.ResourceComment",
        related=("resource__collection__community", "author"),
        editable=True,
    ),
    TargetKind.CONSULTATION_COMMENT: ConsultationCommentTarget(
        TargetKind.CONSULTATION_COMMENT,
        "consultations.ConsultationComment",
        related=("consultation__community", "author"),
        editable=True,
    ),
    TargetKind.PROFILE: ProfileTarget(
        TargetKind.PROFILE, "accounts.User", related=("profile",), removable=False
    ),
    TargetKind.PROPOSAL: ProposalTarget(
        TargetKind.PROPOSAL, "proposals.Proposal", related=("community", "author")
    ),
    TargetKind.PROPOSAL_COMMENT: ProposalCommentTarget(
        TargetKind.PROPOSAL_COMMENT,
        "proposals.ProposalComment",
        related=("proposal__community", "author"),
        editable=True,
    ),
}


def target_for(kind: str) -> Target:
    """The target of a kind named in a URL or a row; an unknown kind is a missing page."""
    from django.http import Http404

    try:
        return TARGETS[kind]
    except KeyError:
        raise Http404 from None


def kind_for(model: type[models.Model]) -> str:
    """The kind under which items of ``model`` are reported and moderated."""
    label = model._meta.label_lower
    for kind, target in TARGETS.items():
        if target.model_path.lower() == label:
            return kind
    raise LookupError(label)

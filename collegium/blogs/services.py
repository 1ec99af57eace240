"""Writes to the blogs: posts from draft to publication, and their comments (CT-2)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from collegium import permissions
from collegium.accounts.models import User
from collegium.accounts.services import tags_from_text
from collegium.blogs import tasks
from collegium.blogs.choices import PostLanguage, PostStatus, Publication
from collegium.blogs.models import (
    BODY_MAX_LENGTH,
    GUEST_CREDENTIALS_MAX_LENGTH,
    GUEST_NAME_MAX_LENGTH,
    LANGUAGES,
    SLUG_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    BlogComment,
    BlogPost,
)
from collegium.comments import services as comment_services
from collegium.communities.choices import CommunityStatus
from collegium.communities.models import Community
from collegium.core.validation import field_error
from collegium.editor import services as editor_services
from collegium.editor.models import Attachment
from collegium.editor.rendering import render_text


@dataclass(frozen=True)
class PostText:
    """What a writer typed for one language of a post."""

    title: str = ""
    summary: str = ""
    body: str = ""


@dataclass(frozen=True)
class GuestAuthor:
    """Who wrote a guest post: a member by username, or an expert by name and credentials."""

    member_username: str = ""
    name: str = ""
    credentials: str = ""


@dataclass(frozen=True)
class Cover:
    """The cover image asked for: a new upload, removing the current one, and its description
    for people who cannot see it, in the post's language (``alt``); an association post also
    describes it in French (``alt_fr``, ``alt`` being the English)."""

    upload: UploadedFile | None = None
    alt: str = ""
    alt_fr: str = ""
    remove: bool = False


# Validation -----------------------------------------------------------------------------------


def _field(name: str, language: str, bilingual: bool) -> str:
    """The form field a refusal belongs next to: ``title_fr`` on a bilingual form."""
    return f"{name}_{language}" if bilingual else name


def _clean_texts(
    texts: dict[str, PostText], *, languages: tuple[str, ...], bilingual: bool
) -> dict[str, PostText]:
    cleaned: dict[str, PostText] = {}
    for language in languages:
        text = texts.get(language, PostText())
        title = " ".join(text.title.split())
        summary = " ".join(text.summary.split())
        body = text.body.replace("\r\n", "\n").strip()
        errors: dict[str, ValidationError] = {}
        if not title:
            message = (
                _("Give the post a title in English.")
                if bilingual and language == "en"
                else _("Give the post a title in French.")
                if bilingual
                else _("Give the post a title.")
            )
            errors[_field("title", language, bilingual)] = ValidationError(message, "required")
        elif len(title) > TITLE_MAX_LENGTH:
            errors[_field("title", language, bilingual)] = ValidationError(
                _("Keep the title under %(limit)s characters.") % {"limit": TITLE_MAX_LENGTH},
                "max_length",
            )
        if len(summary) > SUMMARY_MAX_LENGTH:
            errors[_field("summary", language, bilingual)] = ValidationError(
                _("Keep the summary under %(limit)s characters.") % {"limit": SUMMARY_MAX_LENGTH},
                "max_length",
            )
        if not body:
            message = (
                _("Write the post in English.")
                if bilingual and language == "en"
                else _("Write the post in French.")
                if bilingual
                else _("Write the post before you save it.")
            )
            errors[_field("body", language, bilingual)] = ValidationError(message, "required")
        elif len(body) > BODY_MAX_LENGTH:
            errors[_field("body", language, bilingual)] = ValidationError(
                _("Keep this under %(limit)s characters (it has %(count)s).")
                % {
                    "limit": number_format(BODY_MAX_LENGTH, force_grouping=True),
                    "count": number_format(len(body), force_grouping=True),
                },
                "max_length",
            )
        if errors:
            raise ValidationError(errors)
        cleaned[language] = PostText(title=title, summary=summary, body=body)
    return cleaned


def _publication(
    publication: str, publish_at: datetime | None
) -> tuple[str, datetime | None, datetime | None]:
    """The status, ``publish_at`` and ``published_at`` asked for; a schedule must be ahead."""
    now = timezone.now()
    if publication == Publication.NOW:
        return PostStatus.PUBLISHED, None, now
    if publication == Publication.SCHEDULE:
        if publish_at is None:
            raise field_error(
                "publish_at", _("Choose the date and time of the publication."), "required"
            )
        if publish_at <= now:
            raise field_error(
                "publish_at",
                _(
                    "Choose a date and time in the future for the publication, or publish "
                    "the post now."
                ),
                "past",
            )
        return PostStatus.SCHEDULED, publish_at, None
    if publication == Publication.DRAFT:
        return PostStatus.DRAFT, None, None
    raise field_error("publication", _("Choose when to publish the post."), "invalid")


def _guest_fields(guest: GuestAuthor | None) -> dict[str, object]:
    if guest is None:
        return {
            "is_guest_post": False,
            "guest_member": None,
            "guest_author_name": "",
            "guest_author_credentials": "",
        }
    username = guest.member_username.strip().lstrip("@")
    name = " ".join(guest.name.split())
    credentials = " ".join(guest.credentials.split())
    if bool(username) == bool(name):
        raise field_error(
            "guest_member",
            _(
                "Name the guest author: either a member's username, or the name of an expert "
                "without an account — not both."
            ),
            "one_guest",
        )
    if credentials and not name:
        raise field_error(
            "guest_author_credentials",
            _("Credentials are for an expert without an account: give their name too."),
            "credentials_without_name",
        )
    if len(name) > GUEST_NAME_MAX_LENGTH:
        raise field_error(
            "guest_author_name",
            _("Keep the name under %(limit)s characters.") % {"limit": GUEST_NAME_MAX_LENGTH},
            "max_length",
        )
    if len(credentials) > GUEST_CREDENTIALS_MAX_LENGTH:
        raise field_error(
            "guest_author_credentials",
            _("Keep the credentials under %(limit)s characters.")
            % {"limit": GUEST_CREDENTIALS_MAX_LENGTH},
            "max_length",
        )
    member = None
    if username:
        member = User.objects.filter(
            username__iexact=username, is_active=True, deleted_at__isnull=True
        ).first()
        if member is None:
            raise field_error(
                "guest_member",
                _("Nobody has the username “%(username)s”.") % {"username": username},
                "unknown",
            )
    return {
        "is_guest_post": True,
        "guest_member": member,
        "guest_author_name": name,
        "guest_author_credentials": credentials,
    }


def _check_cover(cover: Cover, has_cover: bool, languages: tuple[str, ...]) -> dict[str, str]:
    """The cover's description in each language of the post, required when there is a cover."""
    bilingual = len(languages) > 1
    typed = {"en": cover.alt, "fr": cover.alt_fr} if bilingual else {languages[0]: cover.alt}
    alts = {language: " ".join(text.split()) for language, text in typed.items()}
    if cover.upload is not None or (has_cover and not cover.remove):
        for language in languages:
            if not alts[language]:
                message = (
                    _("Describe the cover image in English for people who cannot see it.")
                    if bilingual and language == "en"
                    else _("Describe the cover image in French for people who cannot see it.")
                    if bilingual
                    else _("Describe the cover image for people who cannot see it.")
                )
                raise field_error(_field("cover_alt", language, bilingual), message, "required")
    return alts


def _write_cover_alts(post: BlogPost, alts: dict[str, str]) -> None:
    for language in LANGUAGES:
        described = post.cover is not None and language in alts
        setattr(post, f"cover_alt_{language}", alts[language] if described else "")


def _upload_cover(actor: User, community: Community, upload: UploadedFile) -> Attachment:
    """Store the cover through the editor's upload (types from the content, images
    re-encoded); anything but an image is refused next to the field, leaving nothing behind."""
    try:
        attachment = editor_services.attachment_upload(
            actor=actor, community=community, upload=upload
        )
    except ValidationError as error:
        raise ValidationError({"cover": error.messages}) from error
    if not attachment.is_image:
        attachment.file.delete(save=False)
        attachment.delete()
        raise field_error(
            "cover",
            _("Choose an image (JPEG, PNG, GIF or WebP) for the cover."),
            "not_an_image",
        )
    return attachment


def _unique_slug(community: Community, title: str) -> str:
    base = slugify(title)[: SLUG_MAX_LENGTH - 8].strip("-") or "post"
    taken = set(
        BlogPost.objects.filter(community=community, slug__startswith=base).values_list(
            "slug", flat=True
        )
    )
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _write_texts(post: BlogPost, texts: dict[str, PostText]) -> None:
    for language in LANGUAGES:
        text = texts.get(language)
        setattr(post, f"title_{language}", text.title if text else "")
        setattr(post, f"summary_{language}", text.summary if text else "")
        setattr(post, f"body_{language}", text.body if text else "")
        setattr(post, f"body_html_{language}", render_text(text.body).html if text else "")


def _languages(post_language: str, is_association_post: bool) -> tuple[str, ...]:
    if is_association_post:
        return LANGUAGES
    if post_language not in PostLanguage.values:
        raise field_error("language", _("Choose the language of the post."), "invalid")
    return (post_language,)


# Posts ----------------------------------------------------------------------------------------


def _locked(post: BlogPost) -> BlogPost:
    """The post, read again under a row lock for a change. Only its own row is locked:
    PostgreSQL cannot lock the nullable side of the cover's outer join."""
    return (
        BlogPost.objects.select_for_update(of=("self",))
        .select_related("community", "cover")
        .get(pk=post.pk)
    )


@transaction.atomic
def blog_post_create(
    *,
    actor: User,
    community: Community,
    texts: dict[str, PostText],
    language: str = PostLanguage.EN,
    is_association_post: bool = False,
    guest: GuestAuthor | None = None,
    tags: str = "",
    cover: Cover | None = None,
    publication: str = Publication.DRAFT,
    publish_at: datetime | None = None,
    submission_key: uuid.UUID | None = None,
) -> BlogPost:
    """Write a post on a community's blog: kept as a draft, published or scheduled (CT-2)."""
    permissions.check_write_blog(actor, community)
    if submission_key is not None:
        existing = BlogPost.objects.filter(author=actor, submission_key=submission_key).first()
        if existing is not None:
            return existing
    if is_association_post and not permissions.can_write_association_post(actor):
        raise PermissionDenied(_("Only the association's staff write association posts."))
    languages = _languages(language, is_association_post)
    cleaned = _clean_texts(texts, languages=languages, bilingual=is_association_post)
    status, scheduled_for, published_at = _publication(publication, publish_at)
    guest_fields = _guest_fields(guest)
    cover = cover or Cover()
    alts = _check_cover(cover, has_cover=False, languages=languages)
    tag_list = tags_from_text(tags)
    post = BlogPost(
        community=community,
        author=actor,
        slug=_unique_slug(community, cleaned[languages[0]].title),
        language=languages[0] if not is_association_post else community_language(community),
        is_association_post=is_association_post,
        status=status,
        publish_at=scheduled_for,
        published_at=published_at,
        submission_key=submission_key,
        **guest_fields,
    )
    _write_texts(post, cleaned)
    if cover.upload is not None:
        post.cover = _upload_cover(actor, community, cover.upload)
    _write_cover_alts(post, alts)
    post.full_clean()
    post.save()
    post.tags.set(tag_list)
    if post.is_published:
        transaction.on_commit(partial(tasks.notify_blog_post_published, post.pk))
    return post


def community_language(community: Community) -> str:
    """The language a new post of the community is written in unless the writer says."""
    return community.language if community.language in PostLanguage.values else PostLanguage.EN


@transaction.atomic
def blog_post_edit(
    *,
    actor: User,
    post: BlogPost,
    texts: dict[str, PostText],
    language: str | None = None,
    guest: GuestAuthor | None = None,
    tags: str = "",
    cover: Cover | None = None,
    publication: str | None = None,
    publish_at: datetime | None = None,
) -> BlogPost:
    """Change a post; a published one keeps its publication date. ``publication`` (for posts
    not published yet) keeps it as a draft, publishes it or schedules it."""
    post = _locked(post)
    if post.deleted_at is not None:
        raise PermissionDenied(_("This blog post was deleted: it cannot be changed."))
    permissions.check_edit_blog_post(actor, post)
    was_published = post.is_published
    languages = _languages(language or post.language, post.is_association_post)
    cleaned = _clean_texts(texts, languages=languages, bilingual=post.is_association_post)
    if publication is not None and not post.is_published:
        post.status, post.publish_at, post.published_at = _publication(publication, publish_at)
    guest_fields = _guest_fields(guest)
    cover = cover or Cover()
    alts = _check_cover(cover, has_cover=post.cover_id is not None, languages=languages)
    tag_list = tags_from_text(tags)
    for name, value in guest_fields.items():
        setattr(post, name, value)
    if not post.is_association_post:
        post.language = languages[0]
    _write_texts(post, cleaned)
    if cover.upload is not None:
        post.cover = _upload_cover(actor, post.community, cover.upload)
    elif cover.remove:
        post.cover = None
    _write_cover_alts(post, alts)
    post.full_clean()
    post.save()
    post.tags.set(tag_list)
    if post.is_published and not was_published:
        transaction.on_commit(partial(tasks.notify_blog_post_published, post.pk))
    return post


@transaction.atomic
def blog_post_publish(*, actor: User, post: BlogPost) -> BlogPost:
    """Publish a draft or a scheduled post now ("Publish now")."""
    post = _locked(post)
    permissions.check_edit_blog_post(actor, post)
    if post.deleted_at is not None or post.is_published:
        return post
    post.status, post.publish_at, post.published_at = PostStatus.PUBLISHED, None, timezone.now()
    post.full_clean()
    post.save(update_fields=["status", "publish_at", "published_at", "updated_at"])
    transaction.on_commit(partial(tasks.notify_blog_post_published, post.pk))
    return post


@transaction.atomic
def blog_post_unpublish(*, actor: User, post: BlogPost) -> BlogPost:
    """Take a published or scheduled post back to the drafts: readers no longer see it."""
    post = _locked(post)
    permissions.check_edit_blog_post(actor, post)
    if post.deleted_at is not None or post.is_draft:
        return post
    post.status, post.publish_at, post.published_at = PostStatus.DRAFT, None, None
    post.full_clean()
    post.save(update_fields=["status", "publish_at", "published_at", "updated_at"])
    return post


@transaction.atomic
def blog_post_delete(*, actor: User, post: BlogPost) -> BlogPost:
    """Delete a post: it vanishes from the blog, the lists and the feeds (kept, hidden)."""
    post = _locked(post)
    permissions.check_edit_blog_post(actor, post)
    if post.deleted_at is None:
        post.deleted_at = timezone.now()
        post.save(update_fields=["deleted_at"])
    return post


@transaction.atomic
def blog_posts_publish_due(*, now: datetime | None = None) -> int:
    """Publish the scheduled posts whose time has come (the periodic task); answers how many.

    One conditional UPDATE: running it twice, or in two workers at once, publishes each post
    once, at the time it was scheduled for (and its followers hear of it once: NO-3's key)."""
    now = now or timezone.now()
    due = BlogPost.objects.filter(
        status=PostStatus.SCHEDULED,
        publish_at__lte=now,
        deleted_at__isnull=True,
        community__status=CommunityStatus.ACTIVE,
    )
    ids = list(due.values_list("pk", flat=True))
    if not ids:
        return 0
    published = due.filter(pk__in=ids).update(
        status=PostStatus.PUBLISHED, published_at=F("publish_at"), updated_at=now
    )
    for post_id in ids:
        transaction.on_commit(partial(tasks.notify_blog_post_published, post_id))
    return published


# Comments -------------------------------------------------------------------------------------


@transaction.atomic
def blog_comment_add(
    *, actor: User, post: BlogPost, body: str, submission_key: uuid.UUID | None = None
) -> BlogComment:
    """A participant comments on a published post (CT-2)."""
    if post.deleted_at is not None:
        raise PermissionDenied(_("This blog post was deleted: it cannot be commented on."))
    permissions.check_comment_blog_post(actor, post)
    return comment_services.comment_add(
        model=BlogComment,
        target_field="post",
        target=post,
        author=actor,
        body=body,
        submission_key=submission_key,
    )


def blog_comment_edit(*, actor: User, comment: BlogComment, body: str) -> BlogComment:
    """The author changes their comment."""
    return comment_services.comment_edit(
        comment=comment, actor=actor, body=body, community=comment.post.community
    )


def blog_comment_delete(*, actor: User, comment: BlogComment) -> BlogComment:
    """The author deletes their comment; it keeps its place, shown as deleted."""
    return comment_services.comment_delete(
        comment=comment, actor=actor, community=comment.post.community
    )


# Data rights (ID-6) ---------------------------------------------------------------------------


def blog_content_erase(*, user: User) -> None:
    """On an erasing account deletion (ID-6): the person's comments lose their text and show
    as deleted; the posts they wrote, or that carry their name as guest, lose their text and
    leave the blog."""
    comment_services.comments_erase(model=BlogComment, user=user)
    emptied: dict[str, object] = {
        f"{name}_{language}": ""
        for name in ("title", "summary", "body", "body_html")
        for language in LANGUAGES
    }
    now = timezone.now()
    BlogPost.objects.filter(author=user).update(deleted_at=now, submission_key=None, **emptied)
    BlogPost.objects.filter(guest_member=user).update(deleted_at=now, **emptied)

"""Writes of the one editor: drafts that keep what people type, and attachments (SPEC CT-4)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from collegium import permissions
from collegium.core import uploads
from collegium.editor.models import Attachment, Draft

if TYPE_CHECKING:
    from collegium.accounts.models import User
    from collegium.communities.models import Community

DRAFT_KEY_MAX_LENGTH = 120
# Far above any form's own limit: a draft is never where text is cut.
DRAFT_BODY_MAX_LENGTH = 100_000
DRAFT_TITLE_MAX_LENGTH = 300
# Keys name a form: "forums:reply:42", "forums:thread:7", "blogs:post:new".
DRAFT_KEY_PATTERN = re.compile(r"[A-Za-z0-9_.:/-]+")
# Text kept in an anonymous session over a sign-in (CT-4): a few forms at most.
KEPT_SESSION_KEY = "collegium_kept_drafts"
KEPT_MAX_FORMS = 5


def _validate_draft(key: str, body: str, title: str) -> None:
    if not key or len(key) > DRAFT_KEY_MAX_LENGTH or not DRAFT_KEY_PATTERN.fullmatch(key):
        raise ValidationError(_("This draft cannot be saved: its form is unknown."), code="key")
    if len(body) > DRAFT_BODY_MAX_LENGTH:
        raise ValidationError(
            _("This text is too long to be saved as a draft (more than %(max)s characters)."),
            code="too_long",
            params={"max": DRAFT_BODY_MAX_LENGTH},
        )
    if len(title) > DRAFT_TITLE_MAX_LENGTH:
        raise ValidationError(
            _("This title is too long to be saved as a draft (more than %(max)s characters)."),
            code="title_too_long",
            params={"max": DRAFT_TITLE_MAX_LENGTH},
        )


# Drafts ---------------------------------------------------------------------------------------


@transaction.atomic
def draft_save(*, user: User, key: str, body: str, title: str = "") -> Draft:
    """Keep what someone is writing in a form, replacing what was kept before."""
    _validate_draft(key, body, title)
    draft, _created = Draft.objects.update_or_create(
        user=user, key=key, defaults={"body": body, "title": title}
    )
    return draft


@transaction.atomic
def draft_discard(*, user: User, key: str) -> None:
    """Forget a form's draft: it was published, or its writer threw it away."""
    Draft.objects.filter(user=user, key=key).delete()


def draft_keep_for_sign_in(*, session: SessionBase, key: str, body: str, title: str = "") -> None:
    """Keep text sent by someone whose session expired, in their anonymous session, until they
    sign in again (Django keeps that session's data through the sign-in)."""
    _validate_draft(key, body, title)
    kept: dict[str, Any] = dict(session.get(KEPT_SESSION_KEY) or {})
    kept.pop(key, None)
    kept[key] = {"body": body, "title": title}
    while len(kept) > KEPT_MAX_FORMS:
        del kept[next(iter(kept))]
    session[KEPT_SESSION_KEY] = kept


def draft_adopt_kept(*, session: SessionBase, user: User, key: str) -> Draft | None:
    """After the sign-in, turn the text kept for this form into the person's draft; it wins
    over an older draft, being the last thing they wrote. None when nothing was kept."""
    kept: dict[str, Any] = dict(session.get(KEPT_SESSION_KEY) or {})
    entry = kept.pop(key, None)
    if entry is None:
        return None
    if kept:
        session[KEPT_SESSION_KEY] = kept
    else:
        del session[KEPT_SESSION_KEY]
    return draft_save(
        user=user,
        key=key,
        body=str(entry.get("body", ""))[:DRAFT_BODY_MAX_LENGTH],
        title=str(entry.get("title", ""))[:DRAFT_TITLE_MAX_LENGTH],
    )


# Attachments ----------------------------------------------------------------------------------


@transaction.atomic
def attachment_upload(*, actor: User, community: Community, upload: UploadedFile) -> Attachment:
    """Add an image or a file to what someone writes in a community.

    The type is decided from the content (``collegium.core.uploads``); images are re-encoded.
    On any refusal or failure nothing is left behind: no row, no file."""
    if not permissions.can_attach(actor, community):
        raise PermissionDenied(
            _("Only participants of this community can attach files to what they write here.")
        )
    # Read at call time: tests and operators change it without a restart of the code.
    max_bytes = int(settings.COLLEGIUM["ATTACHMENT_MAX_BYTES"])
    inspected = uploads.inspect_upload(
        upload, kinds=uploads.ATTACHMENT_KINDS, limit=lambda kind: max_bytes
    )
    attachment = Attachment(
        uploaded_by=actor,
        community=community,
        original_name=uploads.clean_name(upload.name or "", inspected),
        content_type=inspected.content_type,
        extension=inspected.extension,
        size=inspected.size,
        is_image=inspected.is_image,
    )
    attachment.full_clean(exclude=["file"])
    # The stored name comes from attachment_path (the random uuid), never from the upload.
    attachment.file.save(
        f"upload{inspected.extension}", uploads.stored_content(upload, inspected), save=False
    )
    try:
        attachment.save()
    except BaseException:
        attachment.file.delete(save=False)
        raise
    return attachment

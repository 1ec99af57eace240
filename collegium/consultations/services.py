"""Writes to consultations (EN-1): staff prepare, schedule, open and close them, attach
documents and publish "what we heard"; participants comment on the draft.

Every rule lives here, so that a page, the admin, a script and the periodic task behave the
same; notifications are queued once the transaction commits."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from collegium import permissions
from collegium.accounts.choices import UserType
from collegium.accounts.models import User
from collegium.comments import services as comment_services
from collegium.communities.choices import CommunityStatus
from collegium.communities.models import Community
from collegium.consultations import tasks
from collegium.consultations.choices import ConsultationStatus, DocumentLanguage
from collegium.consultations.models import (
    DOCUMENT_TITLE_MAX_LENGTH,
    DRAFT_MAX_LENGTH,
    PARAGRAPH_MAX_LENGTH,
    SLUG_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    WHAT_WE_HEARD_MAX_LENGTH,
    Consultation,
    ConsultationAudience,
    ConsultationComment,
    ConsultationDocument,
    Paragraph,
)
from collegium.core import uploads
from collegium.core.validation import field_error
from collegium.editor.rendering import render_text
from collegium.questionnaires.models import Questionnaire

LANGUAGES = ("en", "fr")
# What a consultation's documents may be: the draft as a PDF, background papers, evidence.
DOCUMENT_KINDS = frozenset({uploads.Kind.PDF, uploads.Kind.OFFICE})
# One or more blank lines (spaces and tabs allowed on them) end a paragraph.
_PARAGRAPH_BREAK = re.compile(r"\n(?:[ \t]*\n)+")


@dataclass(frozen=True)
class ConsultationText:
    """What staff typed for one language of a consultation."""

    title: str = ""
    summary: str = ""
    draft: str = ""


# Validation -----------------------------------------------------------------------------------


def split_paragraphs(draft: str) -> list[str]:
    """The numbered paragraphs of a draft: its text split on blank lines (EN-1)."""
    text = draft.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return []
    return [part.strip() for part in _PARAGRAPH_BREAK.split(text) if part.strip()]


def _paragraph_count(count: int) -> str:
    return ngettext("%(count)s paragraph", "%(count)s paragraphs", count) % {
        "count": number_format(count, force_grouping=True)
    }


def _required_message(field: str, language: str) -> str:
    messages = {
        ("title", "en"): _("Give the consultation a title in English."),
        ("title", "fr"): _("Give the consultation a title in French."),
        ("draft", "en"): _("Write the draft policy in English."),
        ("draft", "fr"): _("Write the draft policy in French."),
    }
    return messages[(field, language)]


def _clean_texts(
    texts: dict[str, ConsultationText],
) -> tuple[dict[str, ConsultationText], dict[str, list[str]]]:
    """Both languages' texts as they will be stored, and each draft's paragraphs; every refusal
    at once, each next to its field."""
    errors: dict[str, ValidationError] = {}
    cleaned: dict[str, ConsultationText] = {}
    paragraphs: dict[str, list[str]] = {}
    for language in LANGUAGES:
        text = texts.get(language, ConsultationText())
        title = " ".join(text.title.split())
        summary = text.summary.replace("\r\n", "\n").strip()
        draft = text.draft.replace("\r\n", "\n").replace("\r", "\n").strip()
        if not title:
            errors[f"title_{language}"] = ValidationError(
                _required_message("title", language), "required"
            )
        elif len(title) > TITLE_MAX_LENGTH:
            errors[f"title_{language}"] = ValidationError(
                _("Keep the title under %(limit)s characters.") % {"limit": TITLE_MAX_LENGTH},
                "max_length",
            )
        if len(summary) > SUMMARY_MAX_LENGTH:
            errors[f"summary_{language}"] = ValidationError(
                _("Keep the summary under %(limit)s characters.")
                % {"limit": number_format(SUMMARY_MAX_LENGTH, force_grouping=True)},
                "max_length",
            )
        parts = split_paragraphs(draft)
        if not draft:
            errors[f"draft_{language}"] = ValidationError(
                _required_message("draft", language), "required"
            )
        elif len(draft) > DRAFT_MAX_LENGTH:
            errors[f"draft_{language}"] = ValidationError(
                _("Keep the draft under %(limit)s characters (it has %(count)s).")
                % {
                    "limit": number_format(DRAFT_MAX_LENGTH, force_grouping=True),
                    "count": number_format(len(draft), force_grouping=True),
                },
                "max_length",
            )
        else:
            too_long = next(
                (
                    number
                    for number, part in enumerate(parts, 1)
                    if len(part) > PARAGRAPH_MAX_LENGTH
                ),
                None,
            )
            if too_long is not None:
                errors[f"draft_{language}"] = ValidationError(
                    _(
                        "Paragraph %(number)s is longer than %(limit)s characters: split it "
                        "with a blank line."
                    )
                    % {
                        "number": too_long,
                        "limit": number_format(PARAGRAPH_MAX_LENGTH, force_grouping=True),
                    },
                    "paragraph_too_long",
                )
        cleaned[language] = ConsultationText(title=title, summary=summary, draft=draft)
        paragraphs[language] = parts
    english, french = len(paragraphs["en"]), len(paragraphs["fr"])
    if english and french and english != french and "draft_fr" not in errors:
        errors["draft_fr"] = ValidationError(
            _(
                "The English draft has %(english)s and the French one %(french)s: they are "
                "shown side by side, so they must match."
            )
            % {"english": _paragraph_count(english), "french": _paragraph_count(french)},
            "paragraph_count",
        )
    if errors:
        raise ValidationError(errors)
    return cleaned, paragraphs


def _clean_audience(audience: Iterable[str]) -> list[str]:
    chosen = sorted(set(audience))
    if not chosen:
        raise field_error(
            "audience",
            _("Choose at least one user type to put the consultation to."),
            "required",
        )
    if any(user_type not in UserType.values for user_type in chosen):
        raise field_error("audience", _("Choose user types from the list."), "invalid")
    return chosen


def _clean_community(community: Community | None) -> Community | None:
    if community is not None and community.status != CommunityStatus.ACTIVE:
        raise field_error(
            "community",
            _("Choose an active community, or none for a consultation of the whole platform."),
            "inactive",
        )
    return community


def _date(value: datetime) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def _check_dates(opens_at: datetime | None, closes_at: datetime | None, *, scheduled: bool) -> None:
    """The close date comes after the opening; once scheduled, it is still ahead."""
    if opens_at is not None and closes_at is not None and closes_at <= opens_at:
        raise field_error(
            "closes_at", _("Choose a close date after the opening date."), "before_opening"
        )
    if scheduled and closes_at is not None and closes_at <= timezone.now():
        raise field_error(
            "closes_at",
            _("This close date has passed: choose one in the future."),
            "past",
        )


def _same_minute(one: datetime | None, other: datetime | None) -> bool:
    """Dates are chosen to the minute: a date shown on the form and sent back is unchanged."""
    if one is None or other is None:
        return one is other
    return one.replace(second=0, microsecond=0) == other.replace(second=0, microsecond=0)


def _unique_slug(title: str) -> str:
    base = slugify(title)[: SLUG_MAX_LENGTH - 8].strip("-") or "consultation"
    taken = set(Consultation.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _write_texts(consultation: Consultation, texts: dict[str, ConsultationText]) -> None:
    for language in LANGUAGES:
        text = texts[language]
        setattr(consultation, f"title_{language}", text.title)
        setattr(consultation, f"summary_{language}", text.summary)
        setattr(consultation, f"draft_{language}", text.draft)


def _write_paragraphs(consultation: Consultation, paragraphs: dict[str, list[str]]) -> None:
    """The numbered paragraphs of both drafts: rows changed in place (their comments keep
    their numbers), added or taken away at the end."""
    pairs = list(zip(paragraphs["en"], paragraphs["fr"], strict=True))
    existing = {paragraph.number: paragraph for paragraph in consultation.paragraphs.all()}
    changed: list[Paragraph] = []
    added: list[Paragraph] = []
    for number, (english, french) in enumerate(pairs, start=1):
        paragraph = existing.get(number) or Paragraph(consultation=consultation, number=number)
        if paragraph.pk is not None and (paragraph.text_en, paragraph.text_fr) == (english, french):
            continue
        paragraph.text_en, paragraph.text_fr = english, french
        paragraph.html_en = render_text(english).html
        paragraph.html_fr = render_text(french).html
        (changed if paragraph.pk is not None else added).append(paragraph)
    if changed:
        Paragraph.objects.bulk_update(changed, ["text_en", "text_fr", "html_en", "html_fr"])
    if added:
        Paragraph.objects.bulk_create(added)
    consultation.paragraphs.filter(number__gt=len(pairs)).delete()


def _check_paragraphs_kept(consultation: Consultation, paragraphs: dict[str, list[str]]) -> None:
    """Comments point at paragraph numbers: once there are some, the draft keeps its number of
    paragraphs (its wording may change)."""
    count = consultation.paragraphs.count()
    if len(paragraphs["en"]) == count:
        return
    commented = ConsultationComment.objects.filter(
        consultation=consultation, paragraph__isnull=False
    ).exists()
    if commented:
        raise field_error(
            "draft_en",
            _(
                "People have commented on paragraphs of this draft, and their comments point "
                "at paragraph numbers: keep its %(count)s. You can change the wording within "
                "them."
            )
            % {"count": _paragraph_count(count)},
            "paragraphs_commented",
        )


def _write_audience(consultation: Consultation, audience: Sequence[str]) -> None:
    consultation.audiences.exclude(user_type__in=audience).delete()
    present = set(consultation.audiences.values_list("user_type", flat=True))
    ConsultationAudience.objects.bulk_create(
        ConsultationAudience(consultation=consultation, user_type=user_type)
        for user_type in audience
        if user_type not in present
    )
    # The prefetched audience, if any, is out of date.
    getattr(consultation, "_prefetched_objects_cache", {}).pop("audiences", None)


def _locked(consultation: Consultation) -> Consultation:
    return (
        Consultation.objects.select_for_update(of=("self",))
        .select_related("community", "questionnaire")
        .get(pk=consultation.pk)
    )


# Preparing a consultation ---------------------------------------------------------------------


@transaction.atomic
def consultation_create(
    *,
    actor: User,
    community: Community | None,
    title_en: str,
    title_fr: str,
    summary_en: str = "",
    summary_fr: str = "",
    draft_en: str,
    draft_fr: str,
    audience: Iterable[str],
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
) -> Consultation:
    """Staff prepare a consultation, platform-wide or in a community, with its empty
    confidential form; it stays in preparation until scheduled (EN-1)."""
    permissions.check_manage_consultations(actor)
    texts, paragraphs = _clean_texts(
        {
            "en": ConsultationText(title_en, summary_en, draft_en),
            "fr": ConsultationText(title_fr, summary_fr, draft_fr),
        }
    )
    chosen = _clean_audience(audience)
    community = _clean_community(community)
    _check_dates(opens_at, closes_at, scheduled=False)
    consultation = Consultation(
        community=community,
        slug=_unique_slug(texts["en"].title),
        opens_at=opens_at,
        closes_at=closes_at,
        created_by=actor,
        questionnaire=Questionnaire.objects.create(),
    )
    _write_texts(consultation, texts)
    consultation.full_clean()
    consultation.save()
    _write_audience(consultation, chosen)
    _write_paragraphs(consultation, paragraphs)
    return consultation


@transaction.atomic
def consultation_edit(
    *,
    actor: User,
    consultation: Consultation,
    title_en: str,
    title_fr: str,
    summary_en: str = "",
    summary_fr: str = "",
    draft_en: str,
    draft_fr: str,
    audience: Iterable[str],
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
) -> Consultation:
    """Staff change a consultation. Its address stays; once people commented on paragraphs,
    the draft keeps its number of paragraphs; once open, its opening date stays, and once
    closed, its close date too."""
    permissions.check_manage_consultations(actor)
    consultation = _locked(consultation)
    texts, paragraphs = _clean_texts(
        {
            "en": ConsultationText(title_en, summary_en, draft_en),
            "fr": ConsultationText(title_fr, summary_fr, draft_fr),
        }
    )
    chosen = _clean_audience(audience)
    _check_paragraphs_kept(consultation, paragraphs)
    if consultation.opened_at is not None and not _same_minute(opens_at, consultation.opens_at):
        raise field_error(
            "opens_at",
            _("The consultation opened on %(date)s: that date cannot change.")
            % {"date": _date(consultation.opened_at)},
            "opened",
        )
    if consultation.status == ConsultationStatus.CLOSED and not _same_minute(
        closes_at, consultation.closes_at
    ):
        raise field_error(
            "closes_at",
            _("The consultation is closed: its close date cannot change."),
            "closed",
        )
    scheduled = consultation.status in {ConsultationStatus.SCHEDULED, ConsultationStatus.OPEN}
    if scheduled and (opens_at is None or closes_at is None):
        raise field_error(
            "opens_at" if opens_at is None else "closes_at",
            _("A scheduled consultation needs its opening and close dates."),
            "required",
        )
    _check_dates(opens_at, closes_at, scheduled=scheduled)
    _write_texts(consultation, texts)
    if consultation.opened_at is None:
        consultation.opens_at = opens_at
    if consultation.status != ConsultationStatus.CLOSED:
        consultation.closes_at = closes_at
    consultation.full_clean()
    consultation.save()
    _write_audience(consultation, chosen)
    _write_paragraphs(consultation, paragraphs)
    return consultation


def _check_ready(consultation: Consultation) -> None:
    """What scheduling needs: both dates, a close date ahead, and the draft's paragraphs."""
    errors: dict[str, ValidationError] = {}
    if consultation.opens_at is None:
        errors["opens_at"] = ValidationError(
            _("Choose when the consultation opens before scheduling it."), "required"
        )
    if consultation.closes_at is None:
        errors["closes_at"] = ValidationError(
            _("Choose when the consultation closes before scheduling it."), "required"
        )
    if not consultation.paragraphs.exists():
        errors["draft_en"] = ValidationError(
            _("Write the draft policy before scheduling the consultation."), "required"
        )
    if errors:
        raise ValidationError(errors)
    _check_dates(consultation.opens_at, consultation.closes_at, scheduled=True)


@transaction.atomic
def consultation_schedule(*, actor: User, consultation: Consultation) -> Consultation:
    """A consultation in preparation is scheduled: the periodic task opens it on its date (at
    once when that date has come). A consultation may ask for comments only: its form may
    have no question (the page warns)."""
    permissions.check_manage_consultations(actor)
    consultation = _locked(consultation)
    if consultation.status != ConsultationStatus.DRAFT:
        raise PermissionDenied(_("Only a consultation in preparation can be scheduled."))
    _check_ready(consultation)
    consultation.status = ConsultationStatus.SCHEDULED
    consultation.save(update_fields=["status", "updated_at"])
    now = timezone.now()
    assert consultation.opens_at is not None  # checked by _check_ready
    if consultation.opens_at <= now:
        consultation_open(consultation=consultation, now=now)
        consultation.refresh_from_db()
    return consultation


@transaction.atomic
def consultation_unschedule(*, actor: User, consultation: Consultation) -> Consultation:
    """A scheduled consultation goes back into preparation before it opens."""
    permissions.check_manage_consultations(actor)
    consultation = _locked(consultation)
    if consultation.status != ConsultationStatus.SCHEDULED:
        raise PermissionDenied(_("Only a scheduled consultation can go back into preparation."))
    consultation.status = ConsultationStatus.DRAFT
    consultation.save(update_fields=["status", "updated_at"])
    return consultation


@transaction.atomic
def consultation_open_now(*, actor: User, consultation: Consultation) -> Consultation:
    """Staff open a consultation in preparation or scheduled now: its opening date becomes
    now, and it opens as the periodic task would open it."""
    permissions.check_manage_consultations(actor)
    consultation = _locked(consultation)
    if consultation.status not in {ConsultationStatus.DRAFT, ConsultationStatus.SCHEDULED}:
        raise PermissionDenied(_("This consultation has opened already."))
    now = timezone.now()
    consultation.opens_at = now
    _check_ready(consultation)
    consultation.status = ConsultationStatus.SCHEDULED
    consultation.full_clean()
    consultation.save(update_fields=["opens_at", "status", "updated_at"])
    consultation_open(consultation=consultation, now=now)
    consultation.refresh_from_db()
    return consultation


@transaction.atomic
def consultation_close_now(*, actor: User, consultation: Consultation) -> Consultation:
    """Staff close an open consultation now: its close date becomes now."""
    permissions.check_manage_consultations(actor)
    consultation = _locked(consultation)
    if consultation.status != ConsultationStatus.OPEN:
        raise PermissionDenied(_("Only an open consultation can be closed."))
    now = timezone.now()
    consultation.closes_at = now
    consultation.save(update_fields=["closes_at", "updated_at"])
    consultation_close(consultation=consultation, now=now)
    consultation.refresh_from_db()
    return consultation


# Opening and closing (the periodic task) ------------------------------------------------------


def consultation_open(*, consultation: Consultation, now: datetime) -> bool:
    """Open a scheduled consultation whose date has come; its audience is told once the
    transaction commits. One conditional UPDATE: two workers never open it twice."""
    opened = Consultation.objects.filter(
        pk=consultation.pk, status=ConsultationStatus.SCHEDULED, opens_at__lte=now
    ).update(status=ConsultationStatus.OPEN, opened_at=now, updated_at=now)
    if opened:
        transaction.on_commit(partial(tasks.notify_consultation_opened, consultation.pk))
    return bool(opened)


def consultation_close(*, consultation: Consultation, now: datetime) -> bool:
    """Close a consultation whose close date has come; those who sent answers are told once
    the transaction commits. A scheduled one whose close date passed before it could open
    (the workers were down) closes without opening."""
    closed = Consultation.objects.filter(
        pk=consultation.pk,
        status__in=[ConsultationStatus.OPEN, ConsultationStatus.SCHEDULED],
        closes_at__lte=now,
    ).update(status=ConsultationStatus.CLOSED, closed_at=now, updated_at=now)
    if closed:
        transaction.on_commit(partial(tasks.notify_consultation_closed, consultation.pk))
    return bool(closed)


@transaction.atomic
def consultations_open_due(*, now: datetime | None = None) -> int:
    """Open every scheduled consultation whose date has come and whose close date has not;
    answers how many."""
    now = now or timezone.now()
    due = Consultation.objects.filter(
        status=ConsultationStatus.SCHEDULED, opens_at__lte=now, closes_at__gt=now
    ).only("pk")
    return sum(consultation_open(consultation=consultation, now=now) for consultation in due)


@transaction.atomic
def consultations_close_due(*, now: datetime | None = None) -> int:
    """Close every open (or still scheduled) consultation whose close date has come."""
    now = now or timezone.now()
    due = Consultation.objects.filter(
        status__in=[ConsultationStatus.OPEN, ConsultationStatus.SCHEDULED], closes_at__lte=now
    ).only("pk")
    return sum(consultation_close(consultation=consultation, now=now) for consultation in due)


# What we heard --------------------------------------------------------------------------------


@transaction.atomic
def what_we_heard_publish(
    *, actor: User, consultation: Consultation, text_en: str, text_fr: str
) -> Consultation:
    """After the close, staff publish what they heard and how the feedback was used, in both
    languages; they may correct it later. Participants are told the first time only."""
    permissions.check_manage_consultations(actor)
    consultation = _locked(consultation)
    if not consultation.is_closed:
        raise PermissionDenied(_("“What we heard” is published once the consultation has closed."))
    texts = {"en": text_en, "fr": text_fr}
    errors: dict[str, ValidationError] = {}
    for language in LANGUAGES:
        text = texts[language].replace("\r\n", "\n").strip()
        texts[language] = text
        if not text:
            errors[f"what_we_heard_{language}"] = ValidationError(
                _("Write what you heard in English.")
                if language == "en"
                else _("Write what you heard in French."),
                "required",
            )
        elif len(text) > WHAT_WE_HEARD_MAX_LENGTH:
            errors[f"what_we_heard_{language}"] = ValidationError(
                _("Keep this under %(limit)s characters (it has %(count)s).")
                % {
                    "limit": number_format(WHAT_WE_HEARD_MAX_LENGTH, force_grouping=True),
                    "count": number_format(len(text), force_grouping=True),
                },
                "max_length",
            )
    if errors:
        raise ValidationError(errors)
    first = consultation.what_we_heard_published_at is None
    for language in LANGUAGES:
        setattr(consultation, f"what_we_heard_{language}", texts[language])
        setattr(consultation, f"what_we_heard_html_{language}", render_text(texts[language]).html)
    if first:
        consultation.what_we_heard_published_at = timezone.now()
    consultation.full_clean()
    consultation.save()
    if first:
        transaction.on_commit(partial(tasks.notify_what_we_heard_published, consultation.pk))
    return consultation


# Documents ------------------------------------------------------------------------------------


def _clean_document_title(title: str, language: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise field_error(
            f"title_{language}",
            _("Give the document a title in English.")
            if language == "en"
            else _("Give the document a title in French."),
            "required",
        )
    if len(title) > DOCUMENT_TITLE_MAX_LENGTH:
        raise field_error(
            f"title_{language}",
            _("Keep the title under %(limit)s characters.") % {"limit": DOCUMENT_TITLE_MAX_LENGTH},
            "max_length",
        )
    return title


@transaction.atomic
def document_add(
    *,
    actor: User,
    consultation: Consultation,
    upload: File,
    title_en: str,
    title_fr: str,
    language: str = DocumentLanguage.BOTH,
) -> ConsultationDocument:
    """Attach a PDF or an office document to a consultation, recognised from its content
    (never its name); served only to those who may see the consultation."""
    permissions.check_manage_consultations(actor)
    titles = {"en": _clean_document_title(title_en, "en")}
    titles["fr"] = _clean_document_title(title_fr, "fr")
    if language not in DocumentLanguage.values:
        raise field_error("language", _("Choose the language of the document."), "invalid")
    try:
        inspected = uploads.inspect_upload(upload, kinds=DOCUMENT_KINDS)
    except uploads.UploadRejected as error:
        raise ValidationError({"file": error}) from None
    last = consultation.documents.aggregate(last=Max("position"))["last"]
    document = ConsultationDocument(
        consultation=consultation,
        title_en=titles["en"],
        title_fr=titles["fr"],
        language=language,
        original_name=uploads.clean_name(upload.name or "", inspected),
        content_type=inspected.content_type,
        extension=inspected.extension,
        size=inspected.size,
        position=(last or 0) + 1,
        uploaded_by=actor,
    )
    document.full_clean(exclude=["file"])
    # The stored name comes from document_path (the random uuid), never from the upload.
    document.file.save(
        f"upload{inspected.extension}", uploads.stored_content(upload, inspected), save=False
    )
    try:
        document.save()
    except BaseException:
        document.file.delete(save=False)
        raise
    return document


@transaction.atomic
def document_delete(*, actor: User, document: ConsultationDocument) -> None:
    """Take a document away from a consultation: the row now, the file once that commits."""
    permissions.check_manage_consultations(actor)
    storage, name = document.file.storage, document.file.name
    document.delete()
    if name:
        transaction.on_commit(partial(storage.delete, name))


# Public comments on the draft -----------------------------------------------------------------


@transaction.atomic
def consultation_comment_add(
    *,
    actor: User,
    consultation: Consultation,
    paragraph: Paragraph | None,
    body: str,
    submission_key: uuid.UUID | None = None,
) -> ConsultationComment:
    """A participant comments in public on the draft as a whole, or on one of its paragraphs,
    while the consultation is open (EN-1)."""
    permissions.check_take_part_in_consultation(actor, consultation)
    if paragraph is not None and paragraph.consultation_id != consultation.pk:
        raise field_error("paragraph", _("Choose a paragraph of this draft."), "invalid")
    comment = comment_services.comment_add(
        model=ConsultationComment,
        target_field="consultation",
        target=consultation,
        author=actor,
        body=body,
        submission_key=submission_key,
        extra_fields={"paragraph": paragraph},
        # The comment task tells the author of what is commented on: staff need not hear of
        # every comment on a consultation. Those it mentions are told by ours.
        notify=False,
    )
    transaction.on_commit(partial(tasks.notify_consultation_comment_added, comment.pk))
    return comment


@transaction.atomic
def consultation_comment_edit(
    *, actor: User, comment: ConsultationComment, body: str
) -> ConsultationComment:
    """The author changes their comment while the consultation is open; it shows as edited."""
    comment = (
        ConsultationComment.objects.select_for_update(of=("self",))
        .select_related("consultation__community")
        .get(pk=comment.pk)
    )
    permissions.check_edit_consultation_comment(actor, comment, comment.consultation)
    body = comment_services.comment_clean_body(body)
    if body == comment.body:
        return comment
    comment.body = body
    comment.body_html = render_text(body).html
    comment.edited_at = timezone.now()
    comment.full_clean()
    comment.save(update_fields=["body", "body_html", "edited_at"])
    return comment


@transaction.atomic
def consultation_comment_delete(
    *, actor: User, comment: ConsultationComment
) -> ConsultationComment:
    """The author deletes their comment while the consultation is open: it keeps its place and
    shows as deleted."""
    comment = (
        ConsultationComment.objects.select_for_update(of=("self",))
        .select_related("consultation__community")
        .get(pk=comment.pk)
    )
    permissions.check_edit_consultation_comment(actor, comment, comment.consultation)
    comment.deleted_at = timezone.now()
    comment.save(update_fields=["deleted_at"])
    return comment


# Data rights (ID-6) ---------------------------------------------------------------------------


def consultation_comments_erase(*, user: User) -> None:
    """On an erasing account deletion, the person's comments lose their text and show as
    deleted, like their blog comments."""
    comment_services.comments_erase(model=ConsultationComment, user=user)

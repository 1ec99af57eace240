"""What an uploaded attachment is, decided from its bytes alone, and everything else refused (CT-4).

An upload is untrusted bytes whose name and browser-declared type say nothing reliable. Each
accepted kind is recognised by its own structure, checked from the first byte:

- Images (PNG, JPEG, GIF, WebP) are decoded and their pixels re-encoded as WebP on a fresh canvas
  (see ``collegium.core.images``): metadata, trailing data and whatever else a polyglot carried
  are not copied. The pixel count is checked from the header before anything is decoded.
- PDF starts with ``%PDF-`` at byte 0. A file that merely contains ``%PDF`` further in (an HTML
  page with a PDF appended) is not a PDF to us. What follows the header is not inspected: a PDF
  may carry scripts, which run, if at all, inside the reader's PDF viewer; the file is served as
  ``application/pdf`` with ``nosniff`` and a sandboxing CSP, so a browser never treats it as a
  page of this site.
- Word, Excel and PowerPoint (Office Open XML) are zip archives starting at byte 0, whose
  ``[Content_Types].xml`` names exactly one main part of a document, workbook or presentation.
  Other zips (plain archives, OpenDocument, Java), macro-enabled documents and archives that
  would unpack to far more than they weigh (zip bombs) are refused. Only the declared sizes are
  read; nothing but ``[Content_Types].xml`` (bounded) is ever decompressed.
- Plain text (``.txt``, ``.csv``) is UTF-8 without NUL or other control bytes, and without markup
  that a browser could take for a page (HTML, SVG, XML) or a ``#!`` script line.

The name is used only to choose between the two equivalent text types (CSV or plain) and to keep
the person's own name for the file, with the extension corrected to what the content is.
"""

from __future__ import annotations

import io
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from collegium.core.files import EmptyUpload, UploadTooBig
from collegium.core.files import read_at_most as read_at_most_or_raise

# The WebP header parser and encoder are shared with profile photos (SPEC ID-5).
from collegium.core.images import encode_webp, megabytes, webp_canvas_size

IMAGE_FORMATS = ("PNG", "JPEG", "GIF", "WEBP")
IMAGE_MAX_SIDE = 2000
IMAGE_MAX_PIXELS = 40_000_000
NAME_MAX_LENGTH = 200

# Zip bombs: what an archive may unpack to, in total and relative to its own size.
ZIP_MAX_UNCOMPRESSED = 250 * 1024 * 1024
ZIP_MAX_RATIO = 100
ZIP_MAX_MEMBERS = 10_000
CONTENT_TYPES_MAX_BYTES = 1024 * 1024

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
OOXML_MAIN_PARTS = {
    f"{DOCX}.main+xml": (DOCX, ".docx"),
    f"{XLSX}.main+xml": (XLSX, ".xlsx"),
    f"{PPTX}.main+xml": (PPTX, ".pptx"),
}
TEXT_PLAIN = "text/plain; charset=utf-8"
TEXT_CSV = "text/csv; charset=utf-8"
WEBP = "image/webp"

# Extensions a person's file name may keep for each kind of content.
EXTENSIONS = {
    WEBP: {".webp"},
    PDF: {".pdf"},
    DOCX: {".docx"},
    XLSX: {".xlsx"},
    PPTX: {".pptx"},
    TEXT_PLAIN: {".txt", ".text", ".md"},
    TEXT_CSV: {".csv"},
}

_CONTENT_TYPE_ATTRIBUTE = re.compile(rb"""ContentType\s*=\s*["']([^"']{1,200})["']""")
_MACROS = re.compile(rb"macroEnabled|vbaProject|vnd\.ms-office\.activeX", re.IGNORECASE)
# Markup a browser could render as a page, or an XML document (SVG), anywhere in a text file.
_MARKUP = re.compile(
    r"<\s*(?:!doctype|\?xml|html|head|body|script|svg|iframe|frame|object|embed|meta|link"
    r"|style|form|img|math|base)\b",
    re.IGNORECASE,
)
# Control characters other than tab, line feed, form feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


class AttachmentRejected(ValidationError):
    """An upload we refuse, with a message the person can act on."""


@dataclass(frozen=True)
class Inspected:
    """What an accepted upload is, and the bytes to store for it."""

    content: bytes
    content_type: str
    extension: str
    is_image: bool


def read_at_most(upload: File, max_bytes: int) -> bytes:
    """The upload's bytes, refusing an empty or too large file without reading all of it."""
    try:
        return read_at_most_or_raise(upload, max_bytes)
    except EmptyUpload:
        raise _empty() from None
    except UploadTooBig:
        raise _too_big(max_bytes) from None


def inspect(data: bytes, *, name: str = "") -> Inspected:
    """Recognise an upload from its content, re-encoding images; refuse anything else."""
    if not data:
        raise _empty()
    if _is_image(data):
        return Inspected(_reencode_image(data), WEBP, ".webp", is_image=True)
    if data.startswith(b"%PDF-"):
        return Inspected(data, PDF, ".pdf", is_image=False)
    if data.startswith(b"PK\x03\x04"):
        content_type, extension = _office_document(data)
        return Inspected(data, content_type, extension, is_image=False)
    if _is_plain_text(data):
        if name.lower().endswith(".csv"):
            return Inspected(data, TEXT_CSV, ".csv", is_image=False)
        return Inspected(data, TEXT_PLAIN, ".txt", is_image=False)
    raise _not_allowed()


def clean_name(name: str, inspected: Inspected) -> str:
    """The person's file name made safe to show and to send back: no folders, no control or
    direction characters, at most 200 characters, with an extension that matches the content."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    kept = []
    for char in name:
        category = unicodedata.category(char)
        if category.startswith("Z"):
            kept.append(" ")
        elif not category.startswith("C"):  # control, format (bidi overrides), unassigned...
            kept.append(char)
    name = re.sub(r"\s+", " ", "".join(kept)).strip(" .")
    stem, dot, extension = name.rpartition(".")
    if dot and f".{extension.lower()}" in EXTENSIONS[inspected.content_type]:
        extension = f".{extension}"
    elif dot and extension.isalnum() and len(extension) <= 5:
        extension = inspected.extension  # "report.exe" holding a PDF becomes "report.pdf"
    else:
        stem, extension = name, inspected.extension  # "Notes v2.1 final" keeps its dots
    stem = stem.strip(" .") or "file"
    return stem[: NAME_MAX_LENGTH - len(extension)] + extension


# Images ---------------------------------------------------------------------------------------


def _is_image(data: bytes) -> bool:
    return (
        data.startswith(b"\x89PNG\r\n\x1a\n")
        or data.startswith(b"\xff\xd8\xff")
        or data[:6] in (b"GIF87a", b"GIF89a")
        or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")
    )


def _reencode_image(data: bytes) -> bytes:
    # As for profile photos: Pillow's own bomb warning becomes an error here, locally.
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        image = _open_image(data)
        try:
            image.verify()
        # Pillow reports broken input with many exception types; any failure means refusal.
        except Exception:
            raise _damaged() from None
        image = _open_image(data)  # Pillow cannot use an image after verify()
        # A JPEG can be decoded at 1/2, 1/4 or 1/8 scale: far less memory for a large photo.
        image.draft(None, (IMAGE_MAX_SIDE, IMAGE_MAX_SIDE))
        try:
            image.seek(0)  # an animated GIF or WebP: its first frame
            image.load()
            image = ImageOps.exif_transpose(image)
            return encode_webp(image, max_side=IMAGE_MAX_SIDE)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_many_pixels() from None
        except Exception:
            raise _damaged() from None


def _open_image(data: bytes) -> Image.Image:
    # libwebp allocates the whole canvas as soon as Pillow opens a WebP: check its header first.
    webp_size = webp_canvas_size(data)
    if webp_size is not None and webp_size[0] * webp_size[1] > IMAGE_MAX_PIXELS:
        raise _too_many_pixels()
    try:
        image = Image.open(io.BytesIO(data), formats=IMAGE_FORMATS)
    except UnidentifiedImageError:
        raise _damaged() from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except Exception:
        raise _damaged() from None
    width, height = image.size
    if width * height > IMAGE_MAX_PIXELS:
        raise _too_many_pixels()
    return image


# Office documents -----------------------------------------------------------------------------


def _office_document(data: bytes) -> tuple[str, str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > ZIP_MAX_MEMBERS:
                raise _unpacks_too_big()
            unpacked = sum(member.file_size for member in members)
            if unpacked > ZIP_MAX_UNCOMPRESSED or unpacked > ZIP_MAX_RATIO * len(data):
                raise _unpacks_too_big()
            if any(member.filename.lower().endswith("vbaproject.bin") for member in members):
                raise _macros()
            try:
                content_types = archive.getinfo("[Content_Types].xml")
            except KeyError:
                raise _not_allowed() from None
            if content_types.file_size > CONTENT_TYPES_MAX_BYTES:
                raise _not_allowed()
            with archive.open(content_types) as stream:
                declared = stream.read(CONTENT_TYPES_MAX_BYTES + 1)
    except ValidationError:
        raise
    # A broken, encrypted or oddly compressed archive fails in many ways; all mean refusal.
    except Exception:
        raise _damaged() from None
    if len(declared) > CONTENT_TYPES_MAX_BYTES or b"<!DOCTYPE" in declared.upper():
        raise _not_allowed()
    if _MACROS.search(declared):
        raise _macros()
    types = {
        match.decode("utf-8", "replace") for match in _CONTENT_TYPE_ATTRIBUTE.findall(declared)
    }
    main_parts = {content_type for content_type in types if content_type.endswith(".main+xml")}
    if len(main_parts) != 1:
        raise _not_allowed()
    main_part = main_parts.pop()
    if main_part not in OOXML_MAIN_PARTS:
        raise _not_allowed()  # a template, a slide show or another kind of package
    return OOXML_MAIN_PARTS[main_part]


# Text -----------------------------------------------------------------------------------------


def _is_plain_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return not (_CONTROL.search(text) or _MARKUP.search(text) or text.lstrip().startswith("#!"))


# Refusals -------------------------------------------------------------------------------------


def _empty() -> AttachmentRejected:
    return AttachmentRejected(_("This file is empty."), code="empty")


def _too_big(max_bytes: int) -> AttachmentRejected:
    return AttachmentRejected(
        _("This file is larger than %(megabytes)s MB."),
        code="too_big",
        params={"megabytes": megabytes(max_bytes)},
    )


def _not_allowed() -> AttachmentRejected:
    return AttachmentRejected(
        _(
            "This type of file cannot be attached. You can attach images (PNG, JPEG, GIF or "
            "WebP), PDF documents, Word, Excel and PowerPoint files, and plain text."
        ),
        code="not_allowed",
    )


def _macros() -> AttachmentRejected:
    return AttachmentRejected(
        _("Documents with macros cannot be attached. Save a copy without macros and attach it."),
        code="macros",
    )


def _unpacks_too_big() -> AttachmentRejected:
    return AttachmentRejected(
        _("This document holds too much data to be attached."), code="unpacks_too_big"
    )


def _too_many_pixels() -> AttachmentRejected:
    from collegium.core.images import number_format_megapixels

    return AttachmentRejected(
        _("This image is too large to process (more than %(megapixels)s megapixels)."),
        code="too_many_pixels",
        params={"megapixels": number_format_megapixels(IMAGE_MAX_PIXELS)},
    )


def _damaged() -> AttachmentRejected:
    return AttachmentRejected(
        _("This file is damaged or incomplete. Please save it again and upload the new copy."),
        code="damaged",
    )

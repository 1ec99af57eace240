"""What an uploaded file is, decided from its bytes alone, and everything else refused (CT-3, CT-4).

An upload is untrusted bytes whose name and browser-declared type say nothing reliable. Each
accepted kind is recognised by its own structure, checked from the first byte; each caller says
which kinds it accepts (the editor's attachments, a resource library) and each kind has its own
size limit. A file that stops short of what its own structure declares (an interrupted upload)
is refused as incomplete.

- Images (PNG, JPEG, GIF, WebP) are decoded and their pixels re-encoded as WebP on a fresh canvas
  (see ``collegium.core.images``): metadata, trailing data and whatever else a polyglot carried
  are not copied. The pixel count is checked from the header before anything is decoded.
- PDF starts with ``%PDF-`` at byte 0 and ends with ``%%EOF`` in its last kilobyte. A file that
  merely contains ``%PDF`` further in (an HTML page with a PDF appended) is not a PDF to us. What
  lies between is not inspected: a PDF may carry scripts, which run, if at all, inside the
  reader's PDF viewer; PDFs are always downloaded, never shown as a page of this site.
- Word, Excel and PowerPoint (Office Open XML) are zip archives starting at byte 0, whose
  ``[Content_Types].xml`` names exactly one main part of a document, workbook or presentation.
  Other zips (plain archives, OpenDocument, Java), macro-enabled documents and archives that
  would unpack to far more than they weigh (zip bombs) are refused. Only the declared sizes are
  read; nothing but ``[Content_Types].xml`` (bounded) is ever decompressed.
- Plain text (``.txt``, ``.csv``) is UTF-8 without NUL or other control bytes, and without markup
  that a browser could take for a page (HTML, SVG, XML) or a ``#!`` script line.
- Video: MP4 (ISO base media: top-level boxes from ``ftyp`` that add up exactly to the file) and
  WebM (an EBML header whose document type is ``webm``, and a segment of the declared size).
- Audio: MP3 (an ID3 tag or an MPEG audio frame header), M4A (MP4 with an audio brand), Ogg,
  WAV (a RIFF ``WAVE`` of the declared size) and FLAC.

Large files are never read into memory: only their first bytes, their structure and their end
are looked at; images and text, whose content is decoded, are read whole within their limit.

The name is used only to choose between the two equivalent text types (CSV or plain) and to keep
the person's own name for the file, with the extension corrected to what the content is.
"""

from __future__ import annotations

import io
import re
import struct
import unicodedata
import warnings
import zipfile
from collections.abc import Callable, Collection
from dataclasses import dataclass
from enum import StrEnum
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from collegium.core.files import EmptyUpload, UploadTooBig
from collegium.core.files import read_at_most as read_at_most_or_raise

# The WebP header parser and encoder are shared with profile photos (SPEC ID-5).
from collegium.core.images import encode_webp, megabytes, webp_canvas_size


class Kind(StrEnum):
    """The kinds of file we accept, each recognised by its own structure."""

    IMAGE = "image"
    PDF = "pdf"
    OFFICE = "office"
    TEXT = "text"
    VIDEO = "video"
    AUDIO = "audio"


# What the editor attaches to a text (CT-4) and what a resource library holds (CT-3).
ATTACHMENT_KINDS = frozenset({Kind.IMAGE, Kind.PDF, Kind.OFFICE, Kind.TEXT})
RESOURCE_KINDS = frozenset(Kind)

# Enough of the start of a file to recognise every kind.
HEAD_BYTES = 64 * 1024
# A PDF ends with %%EOF within its last kilobyte (PDF 1.7, 7.5.5, as readers accept it).
PDF_TAIL_BYTES = 1024
MEDIA_MAX_BOXES = 10_000

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
MP4 = "video/mp4"
WEBM = "video/webm"
M4A = "audio/mp4"
MP3 = "audio/mpeg"
OGG = "audio/ogg"
WAV = "audio/wav"
FLAC = "audio/flac"
# Types a browser shows in place without any risk of it being taken for a page of this site.
SAFE_INLINE = frozenset({WEBP, MP4, WEBM, M4A, MP3, OGG, WAV, FLAC})

# Extensions a person's file name may keep for each kind of content.
EXTENSIONS = {
    WEBP: {".webp"},
    PDF: {".pdf"},
    DOCX: {".docx"},
    XLSX: {".xlsx"},
    PPTX: {".pptx"},
    TEXT_PLAIN: {".txt", ".text", ".md"},
    TEXT_CSV: {".csv"},
    MP4: {".mp4", ".m4v"},
    WEBM: {".webm"},
    M4A: {".m4a", ".m4b", ".mp4"},
    MP3: {".mp3"},
    OGG: {".ogg", ".oga", ".opus"},
    WAV: {".wav"},
    FLAC: {".flac"},
}
# MP4 brands of audio-only files; QuickTime files (brand "qt  ") are not MP4.
_AUDIO_BRANDS = {b"M4A ", b"M4B ", b"M4P ", b"F4A ", b"F4B "}

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


class UploadRejected(ValidationError):
    """An upload we refuse, with a message the person can act on."""


# The editor's name for it, from before uploads served more than attachments.
AttachmentRejected = UploadRejected


@dataclass(frozen=True)
class Inspected:
    """What an accepted upload is. ``content`` holds the bytes to store when they differ from
    the upload's (a re-encoded image); None means the upload is stored as it is."""

    kind: Kind
    content_type: str
    extension: str
    size: int
    content: bytes | None = None

    @property
    def is_image(self) -> bool:
        return self.kind == Kind.IMAGE


def max_bytes(kind: Kind) -> int:
    """The largest file of a kind a resource library accepts (settings, read at call time)."""
    limits = settings.COLLEGIUM
    return int(limits["VIDEO_MAX_BYTES"] if kind == Kind.VIDEO else limits["UPLOAD_MAX_BYTES"])


def largest_bytes(kinds: Collection[Kind], limit: Callable[[Kind], int] = max_bytes) -> int:
    return max(limit(kind) for kind in kinds)


def is_safe_inline(content_type: str) -> bool:
    """Images we re-encoded, video and audio open in the browser; anything else is downloaded."""
    return content_type in SAFE_INLINE


def read_at_most(upload: File, max_bytes: int) -> bytes:
    """The upload's bytes, refusing an empty or too large file without reading all of it."""
    try:
        return read_at_most_or_raise(upload, max_bytes)
    except EmptyUpload:
        raise _empty() from None
    except UploadTooBig:
        raise too_big(max_bytes) from None


def sniff(head: bytes) -> Kind | None:
    """The kind a file claims to be from its first bytes, before its structure is checked."""
    if _is_image(head):
        return Kind.IMAGE
    if head.startswith(b"%PDF-"):
        return Kind.PDF
    if head.startswith(b"PK\x03\x04"):
        return Kind.OFFICE
    if head[4:8] == b"ftyp":
        return Kind.AUDIO if head[8:12] in _AUDIO_BRANDS else Kind.VIDEO
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return Kind.VIDEO
    if _audio_type(head) is not None:
        return Kind.AUDIO
    if head and b"\x00" not in head[:HEAD_BYTES]:
        return Kind.TEXT  # confirmed or refused once the whole text is read
    return None


def inspect_upload(
    upload: File,
    *,
    kinds: Collection[Kind],
    limit: Callable[[Kind], int] = max_bytes,
) -> Inspected:
    """Recognise an upload from its content, among ``kinds``, within the limit of its kind.

    Images are re-encoded; everything else is checked where it is and stored as it is. Raises
    ``UploadRejected`` with a message the person can act on."""
    declared = getattr(upload, "size", None)
    if declared == 0:
        raise _empty()
    largest = largest_bytes(kinds, limit)
    if declared is not None and declared > largest:
        raise too_big(largest)
    upload.seek(0)
    # Never more than one byte past the largest limit, whatever the upload claims.
    head = upload.read(min(HEAD_BYTES, largest + 1))
    if not head:
        raise _empty()
    kind = sniff(head)
    if kind is None or kind not in kinds:
        raise _not_allowed(kinds)
    kind_limit = limit(kind)
    if kind in (Kind.IMAGE, Kind.TEXT):
        data = read_at_most(upload, kind_limit)
        if kind == Kind.IMAGE:
            content = _reencode_image(data)
            return Inspected(Kind.IMAGE, WEBP, ".webp", len(content), content)
        if not _is_plain_text(data):
            raise _not_allowed(kinds)
        csv = (upload.name or "").lower().endswith(".csv")
        return Inspected(
            Kind.TEXT, TEXT_CSV if csv else TEXT_PLAIN, ".csv" if csv else ".txt", len(data)
        )
    # Whatever the upload says about its size, the bytes decide.
    size = upload.seek(0, io.SEEK_END)
    if size > kind_limit:
        raise too_big(kind_limit)
    if kind == Kind.PDF:
        _check_pdf_complete(upload, size)
        return Inspected(Kind.PDF, PDF, ".pdf", size)
    if kind == Kind.OFFICE:
        content_type, extension = _office_document(upload, size, kinds)
        return Inspected(Kind.OFFICE, content_type, extension, size)
    if head[4:8] == b"ftyp":
        _check_boxes(upload, size)
        if kind == Kind.AUDIO:
            return Inspected(Kind.AUDIO, M4A, ".m4a", size)
        return Inspected(Kind.VIDEO, MP4, ".mp4", size)
    if kind == Kind.VIDEO:
        _check_webm(upload, head, size)
        return Inspected(Kind.VIDEO, WEBM, ".webm", size)
    content_type, extension = _audio_type(head) or ("", "")
    if content_type == WAV:
        _check_riff_size(head, size)
    return Inspected(Kind.AUDIO, content_type, extension, size)


def inspect(
    data: bytes, *, name: str = "", kinds: Collection[Kind] = ATTACHMENT_KINDS
) -> Inspected:
    """``inspect_upload`` for bytes already in memory, without a size limit."""
    return inspect_upload(ContentFile(data, name=name), kinds=kinds, limit=lambda kind: len(data))


def stored_content(upload: File, inspected: Inspected) -> File:
    """What to save in a file field for an accepted upload: the re-encoded bytes, or the upload
    itself from its first byte (streamed by the storage, never read whole)."""
    if inspected.content is not None:
        return ContentFile(inspected.content)
    upload.seek(0)
    return upload


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


def _office_document(upload: IO[bytes], size: int, kinds: Collection[Kind]) -> tuple[str, str]:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            if len(members) > ZIP_MAX_MEMBERS:
                raise _unpacks_too_big()
            unpacked = sum(member.file_size for member in members)
            if unpacked > ZIP_MAX_UNCOMPRESSED or unpacked > ZIP_MAX_RATIO * size:
                raise _unpacks_too_big()
            if any(member.filename.lower().endswith("vbaproject.bin") for member in members):
                raise _macros()
            try:
                content_types = archive.getinfo("[Content_Types].xml")
            except KeyError:
                raise _not_allowed(kinds) from None
            if content_types.file_size > CONTENT_TYPES_MAX_BYTES:
                raise _not_allowed(kinds)
            with archive.open(content_types) as stream:
                declared = stream.read(CONTENT_TYPES_MAX_BYTES + 1)
    except ValidationError:
        raise
    # A broken, encrypted or oddly compressed archive fails in many ways; all mean refusal.
    except Exception:
        raise _damaged() from None
    if len(declared) > CONTENT_TYPES_MAX_BYTES or b"<!DOCTYPE" in declared.upper():
        raise _not_allowed(kinds)
    if _MACROS.search(declared):
        raise _macros()
    types = {
        match.decode("utf-8", "replace") for match in _CONTENT_TYPE_ATTRIBUTE.findall(declared)
    }
    main_parts = {content_type for content_type in types if content_type.endswith(".main+xml")}
    if len(main_parts) != 1:
        raise _not_allowed(kinds)
    main_part = main_parts.pop()
    if main_part not in OOXML_MAIN_PARTS:
        raise _not_allowed(kinds)  # a template, a slide show or another kind of package
    return OOXML_MAIN_PARTS[main_part]


# PDF, video and audio: their structure, without reading them whole -------------------------


def _check_pdf_complete(upload: IO[bytes], size: int) -> None:
    upload.seek(max(0, size - PDF_TAIL_BYTES))
    if b"%%EOF" not in upload.read(PDF_TAIL_BYTES):
        raise incomplete()


def _check_boxes(upload: IO[bytes], size: int) -> None:
    """ISO base media (MP4, M4A): top-level boxes, from ``ftyp``, that cover the file exactly."""
    offset, seen = 0, set()
    for _index in range(MEDIA_MAX_BOXES):
        if offset == size:
            break
        upload.seek(offset)
        header = upload.read(16)
        if len(header) < 8:
            raise incomplete()
        box_size, box_type = struct.unpack(">I4s", header[:8])
        if offset == 0 and (box_type != b"ftyp" or header[8:12] == b"qt  "):
            raise _not_allowed(RESOURCE_KINDS)
        if box_size == 1:  # a 64-bit size follows the type
            if len(header) < 16:
                raise incomplete()
            box_size = struct.unpack(">Q", header[8:16])[0]
        elif box_size == 0:  # the last box runs to the end of the file
            box_size = size - offset
        if box_size < 8:
            raise _damaged()
        seen.add(box_type)
        offset += box_size
    else:
        raise _damaged()
    if offset > size:
        raise incomplete()
    if b"moov" not in seen:
        raise _damaged()


def _read_vint(data: bytes, position: int) -> tuple[int, int, bool]:
    """An EBML variable-length integer at ``position``: its value, its length, and whether it
    is the reserved "unknown size" (all value bits set)."""
    if position >= len(data):
        raise incomplete()
    first = data[position]
    length = 8 - first.bit_length() + 1
    if first == 0 or length > 8 or position + length > len(data):
        raise _damaged()
    value = first & (0xFF >> length)
    for byte in data[position + 1 : position + length]:
        value = (value << 8) | byte
    return value, length, value == (1 << (7 * length)) - 1


def _check_webm(upload: IO[bytes], head: bytes, size: int) -> None:
    """WebM: an EBML header whose document type is "webm", then a segment of the declared size
    (a live recording may leave it unknown)."""
    header_size, size_length, _unknown = _read_vint(head, 4)
    body_start = 4 + size_length
    header = head[body_start : body_start + header_size]
    if len(header) < header_size:
        raise incomplete()
    doc_type = b""
    position = 0
    while position < len(header):
        element_id_length = 8 - header[position].bit_length() + 1
        element_id = header[position : position + element_id_length]
        value_size, length, _unknown = _read_vint(header, position + element_id_length)
        value_start = position + element_id_length + length
        if element_id == b"\x42\x82":
            doc_type = header[value_start : value_start + value_size]
        position = value_start + value_size
    if doc_type.rstrip(b"\x00") != b"webm":
        raise _not_allowed(RESOURCE_KINDS)
    segment_start = body_start + header_size
    if head[segment_start : segment_start + 4] != b"\x18\x53\x80\x67":
        raise incomplete() if len(head) < segment_start + 4 else _damaged()
    segment_size, length, unknown = _read_vint(head, segment_start + 4)
    if unknown:
        return
    expected = segment_start + 4 + length + segment_size
    if expected > size:
        raise incomplete()


def _audio_type(head: bytes) -> tuple[str, str] | None:
    if head.startswith(b"ID3") or _is_mpeg_audio_frame(head):
        return MP3, ".mp3"
    if head.startswith(b"OggS"):
        return OGG, ".ogg"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return WAV, ".wav"
    if head.startswith(b"fLaC"):
        return FLAC, ".flac"
    return None


def _is_mpeg_audio_frame(head: bytes) -> bool:
    """An MPEG audio frame header: 11 sync bits, a known version and layer, a valid bit rate
    and sample rate (ISO/IEC 11172-3, 2.4.1.3)."""
    if len(head) < 4 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return False
    version, layer = (head[1] >> 3) & 3, (head[1] >> 1) & 3
    bitrate, sample_rate = head[2] >> 4, (head[2] >> 2) & 3
    return version != 1 and layer != 0 and bitrate not in (0, 15) and sample_rate != 3


def _check_riff_size(head: bytes, size: int) -> None:
    declared = struct.unpack("<I", head[4:8])[0] + 8
    if declared > size:
        raise incomplete()


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


def _empty() -> UploadRejected:
    return UploadRejected(_("This file is empty."), code="empty")


def too_big(max_bytes: int) -> UploadRejected:
    return UploadRejected(
        _("This file is larger than %(megabytes)s MB."),
        code="too_big",
        params={"megabytes": megabytes(max_bytes)},
    )


_KIND_NAMES = {
    Kind.IMAGE: _("images (PNG, JPEG, GIF or WebP)"),
    Kind.PDF: _("PDF documents"),
    Kind.OFFICE: _("Word, Excel and PowerPoint files"),
    Kind.TEXT: _("plain text"),
    Kind.VIDEO: _("MP4 or WebM video"),
    Kind.AUDIO: _("MP3, M4A, Ogg, WAV or FLAC audio"),
}


def _not_allowed(kinds: Collection[Kind]) -> UploadRejected:
    *others, last = [_KIND_NAMES[kind] for kind in Kind if kind in kinds]
    accepted = (
        format_lazy(
            _("{others} and {last}"),
            others=format_lazy(", ".join(["{}"] * len(others)), *others),
            last=last,
        )
        if others
        else last
    )
    return UploadRejected(
        format_lazy(
            _("This type of file is not accepted here. You can add {kinds}."), kinds=accepted
        ),
        code="not_allowed",
    )


def incomplete() -> UploadRejected:
    return UploadRejected(
        _("This file is incomplete: its upload may have been interrupted. Please upload it again."),
        code="incomplete",
    )


def _macros() -> UploadRejected:
    return UploadRejected(
        _("Documents with macros cannot be attached. Save a copy without macros and attach it."),
        code="macros",
    )


def _unpacks_too_big() -> UploadRejected:
    return UploadRejected(
        _("This document holds too much data to be attached."), code="unpacks_too_big"
    )


def _too_many_pixels() -> UploadRejected:
    from collegium.core.images import number_format_megapixels

    return UploadRejected(
        _("This image is too large to process (more than %(megapixels)s megapixels)."),
        code="too_many_pixels",
        params={"megapixels": number_format_megapixels(IMAGE_MAX_PIXELS)},
    )


def _damaged() -> UploadRejected:
    return UploadRejected(
        _("This file is damaged or incomplete. Please save it again and upload the new copy."),
        code="damaged",
    )

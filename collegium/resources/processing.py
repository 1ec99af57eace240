"""What a worker makes of an uploaded file: a preview image and its text (CT-3, SE-1).

Both read untrusted files, so both are bounded: a preview is the first page or the image itself,
at most ``PREVIEW_MAX_SIDE`` pixels; text comes from a bounded number of PDF pages, and from
the standard parts of Word, Excel and PowerPoint files, each read up to a size limit with the
standard library's XML parser. A part that declares a ``<!DOCTYPE`` (where entity expansion
attacks live) is skipped; nothing else of the archive is ever decompressed.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from xml.etree import ElementTree

from PIL import Image

from collegium.core.images import encode_webp
from collegium.core.uploads import DOCX, PPTX, XLSX, Kind
from collegium.resources.models import EXTRACTED_TEXT_MAX_CHARS, Resource

PREVIEW_MAX_SIDE = 640
# A first page larger than this (in points, 1/72 inch) is drawn at this size at most.
PDF_MAX_PAGE_POINTS = 20_000
PDF_MAX_TEXT_PAGES = 300
OFFICE_PART_MAX_BYTES = 20 * 1024 * 1024
OFFICE_MAX_PARTS = 500

# The parts that hold a document's words, in reading order.
OFFICE_PARTS = {
    DOCX: (re.compile(r"word/(document|footnotes|endnotes)\.xml"),),
    XLSX: (re.compile(r"xl/sharedStrings\.xml"), re.compile(r"xl/worksheets/sheet\d+\.xml")),
    PPTX: (
        re.compile(r"ppt/slides/slide\d+\.xml"),
        re.compile(r"ppt/notesSlides/notesSlide\d+\.xml"),
    ),
}
# Elements that end a line of text: paragraphs, table cells, shared strings.
LINE_ENDS = {"p", "si", "tc", "c", "br"}


class ProcessingFailed(Exception):
    """The file could not be read to make its preview."""


def _read(resource: Resource) -> bytes:
    with resource.file.open("rb") as stored:
        return stored.read()


def make_preview(resource: Resource) -> bytes | None:
    """A WebP preview of an image or of a PDF's first page; None for other kinds."""
    if resource.file_kind == Kind.IMAGE:
        return _image_preview(_read(resource))
    if resource.file_kind == Kind.PDF:
        return _pdf_preview(_read(resource))
    return None


def _image_preview(data: bytes) -> bytes:
    try:
        with Image.open(io.BytesIO(data), formats=("WEBP",)) as image:
            image.load()
            return encode_webp(image, max_side=PREVIEW_MAX_SIDE)
    except Exception as error:  # a stored image is our own WebP; anything else is damage
        raise ProcessingFailed(str(error)) from error


def _pdf_preview(data: bytes) -> bytes:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except Exception as error:  # pdfium reports damaged files with its own errors
        raise ProcessingFailed(str(error)) from error
    try:
        if len(document) == 0:
            raise ProcessingFailed("no pages")
        page = document[0]
        width, height = page.get_size()
        longest = min(max(width, height), PDF_MAX_PAGE_POINTS)
        if longest <= 0:
            raise ProcessingFailed("empty page")
        bitmap = page.render(scale=PREVIEW_MAX_SIDE / longest)
        image = bitmap.to_pil()
        return encode_webp(image, max_side=PREVIEW_MAX_SIDE)
    except ProcessingFailed:
        raise
    except Exception as error:
        raise ProcessingFailed(str(error)) from error
    finally:
        document.close()


def extract_text(resource: Resource) -> str:
    """The words of a PDF or an office document, for search; empty for other kinds."""
    if resource.file_kind == Kind.PDF:
        return _bounded(_pdf_text(_read(resource)))
    if resource.content_type in OFFICE_PARTS:
        return _bounded(_office_text(_read(resource), resource.content_type))
    return ""


def _bounded(chunks: Iterator[str]) -> str:
    kept: list[str] = []
    length = 0
    for chunk in chunks:
        kept.append(chunk[: EXTRACTED_TEXT_MAX_CHARS - length])
        length += len(kept[-1])
        if length >= EXTRACTED_TEXT_MAX_CHARS:
            break
    text = "".join(kept).replace("\x00", "")
    return re.sub(r"[ \t]+\n", "\n", re.sub(r"\n{3,}", "\n\n", text)).strip()


def _pdf_text(data: bytes) -> Iterator[str]:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except Exception:
        return
    try:
        for index in range(min(len(document), PDF_MAX_TEXT_PAGES)):
            page = document[index]
            text_page = page.get_textpage()
            try:
                yield text_page.get_text_bounded().replace("\r\n", "\n") + "\n\n"
            finally:
                text_page.close()
                page.close()
    finally:
        document.close()


def _office_text(data: bytes, content_type: str) -> Iterator[str]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return
    with archive:
        members = archive.infolist()[:OFFICE_MAX_PARTS]
        for pattern in OFFICE_PARTS[content_type]:
            parts = [member for member in members if pattern.fullmatch(member.filename)]
            parts.sort(key=lambda member: [int(n) for n in re.findall(r"\d+", member.filename)])
            for member in parts:
                if member.file_size > OFFICE_PART_MAX_BYTES:
                    continue
                with archive.open(member) as stream:
                    xml = stream.read(OFFICE_PART_MAX_BYTES + 1)
                if len(xml) > OFFICE_PART_MAX_BYTES or b"<!DOCTYPE" in xml.upper():
                    continue
                yield from _xml_text(xml)
                yield "\n"


def _xml_text(xml: bytes) -> Iterator[str]:
    """The text of ``<t>`` elements (w:t, a:t, t), a line break after each paragraph or cell."""
    try:
        # The caller skipped any part declaring a DOCTYPE: without one, expat neither expands
        # entities nor fetches anything, so the standard parser is safe on these bounded parts.
        parts = ElementTree.iterparse(io.BytesIO(xml), events=("end",))  # noqa: S314
        for _event, element in parts:
            name = element.tag.rsplit("}", 1)[-1]
            if name == "t" and element.text:
                yield element.text
            elif name in LINE_ENDS:
                yield "\n"
            element.clear()
    except ElementTree.ParseError:
        return

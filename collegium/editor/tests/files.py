"""Uploads for the tests, each made here from scratch: none is committed to the repository."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from collegium.core.uploads import DOCX, PPTX, XLSX


def upload(data: bytes, name: str, content_type: str = "application/octet-stream"):
    """The browser's claim (``content_type``) is whatever a test wants: it must not matter."""
    return SimpleUploadedFile(name, data, content_type=content_type)


def image_bytes(image_format: str, size=(64, 48), colour=(200, 30, 30), **params) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", size, colour).save(output, format=image_format, **params)
    return output.getvalue()


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), (10, 120, 10))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (45.0, 30.0, 0.0)}  # GPS: latitude
    output = io.BytesIO()
    image.save(output, format="JPEG", exif=exif)
    return output.getvalue()


def pdf_bytes(extra: bytes = b"", *, padding: int = 0) -> bytes:
    """A PDF ending with ``%%EOF``; ``padding`` bytes of a stream make it larger, ``extra``
    follows its end (a reader still accepts up to a kilobyte there)."""
    stream = (
        b"3 0 obj << /Length %d >> stream\n" % padding + b"x" * padding + b"\nendstream endobj\n"
    )
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
        + (stream if padding else b"")
        + b"trailer << /Root 1 0 R >>\n%%EOF\n"
        + extra
    )


MAIN_PARTS = {
    DOCX: ("/word/document.xml", "word/document.xml"),
    XLSX: ("/xl/workbook.xml", "xl/workbook.xml"),
    PPTX: ("/ppt/presentation.xml", "ppt/presentation.xml"),
}


def content_types(*overrides: tuple[str, str]) -> str:
    parts = "".join(
        f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in overrides
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f"{parts}</Types>"
    )


def office_bytes(kind: str, *, main_type: str | None = None, members=()) -> bytes:
    """A Word, Excel or PowerPoint file as far as its package structure goes."""
    part_name, path = MAIN_PARTS[kind]
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml", content_types((part_name, main_type or f"{kind}.main+xml"))
        )
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr(path, "<document>Minutes of the meeting</document>")
        for name, data in members:
            archive.writestr(name, data)
    return output.getvalue()


def zip_bytes(members) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return output.getvalue()


def bomb_png(width: int, height: int) -> bytes:
    """A PNG of a few kilobytes whose pixels would take width times height bytes decoded."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    blank_row = b"\0" * (1 + (width + 7) // 8)
    compressor = zlib.compressobj(9)
    pixels = b"".join(compressor.compress(blank_row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def bomb_gif(width: int = 65535, height: int = 65535) -> bytes:
    """A GIF that declares a huge screen and image, with a single pixel of data."""
    return (
        b"GIF89a" + struct.pack("<HH", width, height) + b"\x80\x00\x00"
        + b"\x00\x00\x00\xff\xff\xff"  # two-colour palette
        + b"," + struct.pack("<HHHH", 0, 0, width, height) + b"\x00"
        + b"\x02\x02\x44\x01\x00;"
    )  # fmt: skip


def bomb_webp(width: int = 16384, height: int = 16384) -> bytes:
    """An extended WebP header declaring a canvas of width by height pixels."""
    vp8x = b"VP8X" + struct.pack("<I", 10) + b"\x00\x00\x00\x00"
    vp8x += (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    body = b"WEBP" + vp8x
    return b"RIFF" + struct.pack("<I", len(body)) + body


class CountingUpload(SimpleUploadedFile):
    """An upload that records how many bytes were read from it."""

    def __init__(self, name: str, data: bytes, *, declared_size: int | None = None):
        super().__init__(name, data)
        self.bytes_read = 0
        if declared_size is not None:
            self.size = declared_size

    def read(self, *args, **kwargs):
        chunk = super().read(*args, **kwargs)
        self.bytes_read += len(chunk)
        return chunk

"""Small, valid media files made from scratch, for the demo data and the tests.

The demo and the tests need real PDFs, videos, sounds, pictures and office documents, but
committed binaries cannot be reviewed, and ffmpeg or LibreOffice are not everywhere the tests run.
So each file is written from its specification with the standard library and Pillow; the video's
frames come from Pillow's WebP encoder, since a lossy WebP is a VP8 key frame in a RIFF wrapper.
"""

import io
import math
import posixpath
import struct
import textwrap
import wave
import zipfile
from collections.abc import Sequence

from PIL import Image, ImageDraw, ImageFont

Colour = tuple[int, int, int]
COLLEGIUM_BLUE: Colour = (38, 84, 124)

PAGE_HEIGHT, MARGIN = 842, 56  # A4 is 595 by 842 points
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R /Resources << "
PAGE += b"/Font << /F1 3 0 R /F2 4 0 R >> >> >>"
BODY_SIZE, LEADING, WRAP_AT = 11, 15, 90
BODY_TOP, BODY_BOTTOM = PAGE_HEIGHT - 110, 60


def pdf_document(title: str, paragraphs: Sequence[str], *, pages: int = 1) -> bytes:
    """A PDF 1.4 whose every page shows the title and the paragraphs, numbered at the foot.

    The standard Helvetica needs no embedded font, and WinAnsiEncoding covers French (é, ç, œ,
    ’, « »), so a text layer reads back exactly. Lines that do not fit on a page are left out.
    """
    if pages < 1:
        raise ValueError("A PDF has at least one page.")
    lines: list[str] = []
    for paragraph in paragraphs:
        lines += textwrap.wrap(paragraph, WRAP_AT) or [""]
        lines.append("")
    fitting = (BODY_TOP - BODY_BOTTOM) // LEADING + 1
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % (6 + 2 * page) for page in range(pages)), pages),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        # Document information strings are PDFDocEncoding or UTF-16BE with a byte order mark.
        b"<< /Title <FEFF%s> /Producer (Collegium) >>" % title.encode("utf-16-be").hex().encode(),
    ]
    for page in range(pages):
        text = [
            b"BT /F2 18 Tf %d %d Td %s Tj ET" % (MARGIN, PAGE_HEIGHT - MARGIN - 18, _pdf(title)),
            b"BT /F1 %d Tf %d TL %d %d Td" % (BODY_SIZE, LEADING, MARGIN, BODY_TOP),
            *(b"%s Tj T*" % _pdf(line) for line in lines[:fitting]),
            b"ET",
            b"BT /F1 9 Tf 285 36 Td %s Tj ET" % _pdf(f"{page + 1} / {pages}"),
        ]
        stream = b"\n".join(text)
        objects.append(PAGE % (7 + 2 * page))
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    # The binary comment tells transfer tools that the file is not plain text.
    output = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(output)
    # Each cross-reference entry is exactly 20 bytes, end of line included.
    output += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    output += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    output += b"trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R >>\n" % (len(objects) + 1)
    output += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(output)


def _pdf(text: str) -> bytes:
    """A PDF literal string in WinAnsiEncoding (cp1252); what it cannot hold becomes "?"."""
    # French typography puts a narrow no-break space before ; : ! ? » which cp1252 lacks.
    text = " ".join(text.replace("\u202f", "\u00a0").split())
    raw = text.encode("cp1252", errors="replace")
    for special in (b"\\", b"(", b")"):
        raw = raw.replace(special, b"\\" + special)
    return b"(" + raw + b")"


# Matroska element IDs, written as the specification gives them (their length marker included).
EBML, EBML_VERSION, EBML_READ_VERSION, DOC_TYPE = 0x1A45DFA3, 0x4286, 0x42F7, 0x4282
EBML_MAX_ID_LENGTH, EBML_MAX_SIZE_LENGTH = 0x42F2, 0x42F3
DOC_TYPE_VERSION, DOC_TYPE_READ_VERSION, SEGMENT = 0x4287, 0x4285, 0x18538067
INFO, TIMECODE_SCALE, MUXING_APP, WRITING_APP = 0x1549A966, 0x2AD7B1, 0x4D80, 0x5741
TRACKS, TRACK_ENTRY, TRACK_NUMBER, TRACK_UID, TRACK_TYPE = 0x1654AE6B, 0xAE, 0xD7, 0x73C5, 0x83
DURATION, FLAG_LACING, DEFAULT_DURATION, CODEC_ID = 0x4489, 0x9C, 0x23E383, 0x86
VIDEO, PIXEL_WIDTH, PIXEL_HEIGHT = 0xE0, 0xB0, 0xBA
CLUSTER, TIMECODE, SIMPLE_BLOCK = 0x1F43B675, 0xE7, 0xA3


def webm_video(
    *, width: int = 320, height: int = 180, seconds: float = 3.0, fps: int = 10, label: str = ""
) -> bytes:
    """A WebM with one VP8 video track: a disc crossing a gradient, one cluster a second.

    Every frame is a key frame: a larger file than an encoder's, but any frame stands on its own,
    so a player seeks without cues by reading clusters, quick enough for seconds of video.
    """
    count = max(1, round(seconds * fps))
    background = _picture(width, height, "", COLLEGIUM_BLUE)
    frames = [_vp8_frame(_video_frame(background, i, count, label)) for i in range(count)]
    header = _uints({EBML_VERSION: 1, EBML_READ_VERSION: 1, EBML_MAX_ID_LENGTH: 4})
    header += _uints({EBML_MAX_SIZE_LENGTH: 8}) + _element(DOC_TYPE, b"webm")
    header += _uints({DOC_TYPE_VERSION: 2, DOC_TYPE_READ_VERSION: 2})
    info = _uints({TIMECODE_SCALE: 1_000_000})  # timecodes in milliseconds
    info += _element(MUXING_APP, b"Collegium") + _element(WRITING_APP, b"Collegium")
    info += _element(DURATION, struct.pack(">d", seconds * 1000))
    track = _uints({TRACK_NUMBER: 1, TRACK_UID: 1, TRACK_TYPE: 1, FLAG_LACING: 0})  # 1: video
    track += _uints({DEFAULT_DURATION: round(1e9 / fps)})  # nanoseconds
    track += _element(CODEC_ID, b"V_VP8")
    track += _element(VIDEO, _uints({PIXEL_WIDTH: width, PIXEL_HEIGHT: height}))
    clusters = b""
    for first in range(0, count, fps):
        cluster_time = round(first * 1000 / fps)
        blocks = _uints({TIMECODE: cluster_time})
        for i in range(first, min(first + fps, count)):
            # Track 1 as a variable-size integer, the time from the cluster's, the key frame flag.
            block = struct.pack(">BhB", 0x81, round(i * 1000 / fps) - cluster_time, 0x80)
            blocks += _element(SIMPLE_BLOCK, block + frames[i])
        clusters += _element(CLUSTER, blocks)
    tracks = _element(TRACKS, _element(TRACK_ENTRY, track))
    return _element(EBML, header) + _element(SEGMENT, _element(INFO, info) + tracks + clusters)


def _element(element: int, payload: bytes) -> bytes:
    # An ID keeps its length marker, so its bytes are the number's own.
    element_id = element.to_bytes((element.bit_length() + 7) // 8, "big")
    return element_id + _size(len(payload)) + payload


def _size(value: int) -> bytes:
    """An EBML variable-size integer, as short as it can be."""
    for length in range(1, 9):
        # A length's all-ones value means "unknown size", so it is never used for a known one.
        if value < (1 << (7 * length)) - 1:
            return (value | 1 << (7 * length)).to_bytes(length, "big")
    raise ValueError("An EBML size has at most 56 bits.")


def _uints(values: dict[int, int]) -> bytes:
    return b"".join(
        _element(element, value.to_bytes(max(1, (value.bit_length() + 7) // 8), "big"))
        for element, value in values.items()
    )


def _vp8_frame(picture: Image.Image) -> bytes:
    """A VP8 key frame: the payload of the "VP8 " chunk of a lossy WebP (RFC 9649)."""
    data = _save(picture.convert("RGB"), "WEBP", lossless=False, quality=70)
    # Without transparency or metadata, the "VP8 " chunk is the only one after the RIFF header.
    if data[12:16] != b"VP8 ":
        raise ValueError("Pillow did not write a simple lossy WebP.")
    return data[20 : 20 + int.from_bytes(data[16:20], "little")]


def _video_frame(background: Image.Image, index: int, count: int, label: str) -> Image.Image:
    picture = background.copy()
    (width, height), draw = picture.size, ImageDraw.Draw(picture)
    radius, progress = max(4, min(width, height) // 6), index / max(1, count - 1)
    x = radius + progress * (width - 2 * radius)
    y = height / 2 + math.sin(progress * 2 * math.pi) * (height / 2 - radius)
    draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(245, 185, 66))
    font = ImageFont.load_default(size=max(10, height // 10))
    draw.text((8, 6), f"{index + 1} / {count}", fill="white", font=font)
    if label:
        draw.text((8, height - 8), label, fill="white", font=font, anchor="ld")
    return picture


def wav_audio(*, seconds: float = 1.0, frequency: float = 440.0, rate: int = 22050) -> bytes:
    """A sine tone as 16-bit mono PCM, faded in and out so that it does not click."""
    count, step = round(seconds * rate), 2 * math.pi * frequency / rate
    fade = max(1, min(count // 2, rate // 50))  # 20 ms
    envelope = [min(1.0, i / fade, (count - 1 - i) / fade) for i in range(count)]
    samples = [round(16383 * level * math.sin(step * i)) for i, level in enumerate(envelope)]
    output = io.BytesIO()
    with wave.open(output, "wb") as sound:
        sound.setparams((1, 2, rate, count, "NONE", "not compressed"))  # mono, 16 bits
        sound.writeframes(struct.pack(f"<{count}h", *samples))
    return output.getvalue()


def png_image(
    *, width: int = 640, height: int = 400, label: str = "", colour: Colour = COLLEGIUM_BLUE
) -> bytes:
    """A PNG picture: a gradient, a few discs and the label."""
    return _save(_picture(width, height, label, colour), "PNG", optimize=True)


def jpeg_image(
    *, width: int = 640, height: int = 400, label: str = "", colour: Colour = COLLEGIUM_BLUE
) -> bytes:
    """A JPEG picture: a gradient, a few discs and the label."""
    return _save(_picture(width, height, label, colour), "JPEG", quality=85)


def _save(picture: Image.Image, image_format: str, **options: object) -> bytes:
    output = io.BytesIO()
    picture.save(output, format=image_format, **options)
    return output.getvalue()


def _picture(width: int, height: int, label: str, colour: Colour) -> Image.Image:
    """A gradient from the colour (at the bottom) to a light tint of it, with discs and a label."""
    size, light = (width, height), tuple(c + (255 - c) * 2 // 3 for c in colour)
    dark, pale = Image.new("RGB", size, colour), Image.new("RGB", size, light)
    picture = Image.composite(dark, pale, Image.linear_gradient("L").resize(size))
    draw = ImageDraw.Draw(picture, "RGBA")
    for step in range(1, 5):  # discs growing towards the top right
        r, x, y = min(width, height) * step / 10, width * step / 5, height * (5 - step) / 5
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(255, 255, 255, 40))
    if label:
        font = ImageFont.load_default(size=max(12, min(width, height) // 8))
        draw.text((width / 2, height / 2), label, fill="white", font=font, anchor="mm")
    return picture


XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
PACKAGE = "http://schemas.openxmlformats.org/package/2006"
OPENXML = "http://schemas.openxmlformats.org"
OFFICE = f"{OPENXML}/officeDocument/2006/relationships"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument"
SHEET = f"{OPENXML}/spreadsheetml/2006/main"
NAMESPACES = f'xmlns:a="{OPENXML}/drawingml/2006/main" xmlns:r="{OFFICE}" xmlns:p='
NAMESPACES += f'"{OPENXML}/presentationml/2006/main"'
# A part's content type and, when another part links to it, the relationship's type are named
# alike: ".../relationships/slide" for "...officedocument.presentationml.slide+xml".
Part = tuple[str, str, list[str]]  # content type between the prefix and "+xml"; XML; linked parts

# PowerPoint refuses a presentation without a slide master, a layout and a theme: the smallest.
GROUP = '<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>'
NO_COLOUR_CHANGE = "<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr>"
SLIDE_MASTER = (
    f"<p:sldMaster {NAMESPACES}><p:cSld><p:spTree>{GROUP}</p:spTree></p:cSld>"
    '<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" '
    'accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" '
    'folHlink="folHlink"/><p:sldLayoutIdLst><p:sldLayoutId id="2147483649" r:id="rId1"/>'
    "</p:sldLayoutIdLst></p:sldMaster>"
)
SLIDE_LAYOUT = (
    f'<p:sldLayout {NAMESPACES} type="blank"><p:cSld name="Blank"><p:spTree>{GROUP}</p:spTree>'
    f"</p:cSld>{NO_COLOUR_CHANGE}</p:sldLayout>"
)
SLIDE = (
    f"<p:sld {NAMESPACES}><p:cSld><p:spTree>{GROUP}<p:sp><p:nvSpPr>"
    '<p:cNvPr id="2" name="Text"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr><a:xfrm>'
    '<a:off x="457200" y="457200"/><a:ext cx="8229600" cy="4229100"/></a:xfrm>'
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr><p:txBody><a:bodyPr wrap="square"/>'
    f"<a:lstStyle/>{{text}}</p:txBody></p:sp></p:spTree></p:cSld>{NO_COLOUR_CHANGE}</p:sld>"
)
THEME_COLOURS = """dk1 000000 lt1 FFFFFF dk2 26547C lt2 E8EEF4 accent1 26547C accent2 F5B942
    accent3 3A7D44 accent4 C0392B accent5 7D3C98 accent6 1ABC9C hlink 0563C1 folHlink 954F72"""
_FILL = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
_FONT = '<a:latin typeface="Calibri"/><a:ea typeface=""/><a:cs typeface=""/>'
THEME = (
    f'<a:theme {NAMESPACES} name="Collegium"><a:themeElements><a:clrScheme name="Collegium">'
    + "".join(
        f'<a:{name}><a:srgbClr val="{value}"/></a:{name}>'
        for name, value in zip(THEME_COLOURS.split()[::2], THEME_COLOURS.split()[1::2], strict=True)
    )
    + f'</a:clrScheme><a:fontScheme name="Collegium"><a:majorFont>{_FONT}</a:majorFont>'
    f'<a:minorFont>{_FONT}</a:minorFont></a:fontScheme><a:fmtScheme name="Collegium">'
    f"<a:fillStyleLst>{_FILL * 3}</a:fillStyleLst><a:lnStyleLst>{f'<a:ln>{_FILL}</a:ln>' * 3}"
    f"</a:lnStyleLst><a:effectStyleLst>{'<a:effectStyle><a:effectLst/></a:effectStyle>' * 3}"
    f"</a:effectStyleLst><a:bgFillStyleLst>{_FILL * 3}</a:bgFillStyleLst></a:fmtScheme>"
    "</a:themeElements></a:theme>"
)


def docx_document(paragraphs: Sequence[str]) -> bytes:
    """A Word document: one paragraph of plain text per item."""
    body = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{_xml(p)}</w:t></w:r></w:p>' for p in paragraphs
    )
    document = (
        f'<w:document xmlns:w="{OPENXML}/wordprocessingml/2006/main">'
        f"<w:body>{body}<w:sectPr/></w:body></w:document>"
    )
    return _package({"word/document.xml": ("wordprocessingml.document.main", document, [])})


def xlsx_workbook(rows: Sequence[Sequence[str | int | float]]) -> bytes:
    """An Excel workbook with one sheet: text as shared strings, numbers as numbers."""
    strings: dict[str, int] = {}
    cells = []
    for r, row in enumerate(rows, start=1):
        cells.append(f'<row r="{r}">')
        for c, value in enumerate(row):
            if isinstance(value, str):
                index = strings.setdefault(value, len(strings))
                cells.append(f'<c r="{_column(c)}{r}" t="s"><v>{index}</v></c>')
            else:
                cells.append(f'<c r="{_column(c)}{r}"><v>{value!r}</v></c>')
        cells.append("</row>")
    shared = "".join(f'<si><t xml:space="preserve">{_xml(text)}</t></si>' for text in strings)
    shared = f'<sst xmlns="{SHEET}" uniqueCount="{len(strings)}">{shared}</sst>'
    sheet = f'<worksheet xmlns="{SHEET}"><sheetData>{"".join(cells)}</sheetData></worksheet>'
    workbook = (
        f'<workbook xmlns="{SHEET}" xmlns:r="{OFFICE}"><sheets>'
        '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    links = ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"]
    return _package(
        {
            "xl/workbook.xml": ("spreadsheetml.sheet.main", workbook, links),
            links[0]: ("spreadsheetml.worksheet", sheet, []),
            links[1]: ("spreadsheetml.sharedStrings", shared, []),
        }
    )


def pptx_presentation(slides: Sequence[tuple[str, str]]) -> bytes:
    """A PowerPoint presentation: one slide per (title, body), each line of the body a paragraph."""
    master, layout = "ppt/slideMasters/slideMaster1.xml", "ppt/slideLayouts/slideLayout1.xml"
    theme = "ppt/theme/theme1.xml"
    names = [f"ppt/slides/slide{n + 1}.xml" for n in range(len(slides))]
    ids = "".join(f'<p:sldId id="{256 + n}" r:id="rId{n + 3}"/>' for n in range(len(slides)))
    presentation = (
        f"<p:presentation {NAMESPACES}><p:sldMasterIdLst>"
        f'<p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst><p:sldIdLst>{ids}'
        '</p:sldIdLst><p:sldSz cx="9144000" cy="5143500"/><p:notesSz cx="6858000" cy="9144000"/>'
        "</p:presentation>"
    )
    links = [master, theme, *names]
    parts: dict[str, Part] = {
        "ppt/presentation.xml": ("presentationml.presentation.main", presentation, links),
        master: ("presentationml.slideMaster", SLIDE_MASTER, [layout, theme]),
        layout: ("presentationml.slideLayout", SLIDE_LAYOUT, [master]),
        theme: ("theme", THEME, []),
    }
    for name, (title, body) in zip(names, slides, strict=True):
        # One text box: the title in large bold type, then each line of the body.
        lines = [(title, 'sz="3200" b="1"'), *((line, 'sz="2000"') for line in body.splitlines())]
        text = "".join(
            f'<a:p><a:r><a:rPr lang="fr-CA" {style}/><a:t>{_xml(line)}</a:t></a:r></a:p>'
            for line, style in lines
        )
        parts[name] = ("presentationml.slide", SLIDE.format(text=text), [layout])
    return _package(parts)


def _package(parts: dict[str, Part]) -> bytes:
    """A zip of the parts with their content types and relationships; the first is the main one."""
    main = next(iter(parts))
    types = "".join(
        f'<Override PartName="/{name}" ContentType="{CONTENT_TYPE}.{kind}+xml"/>'
        for name, (kind, _, _) in parts.items()
    )
    files = {
        "[Content_Types].xml": f'<Types xmlns="{PACKAGE}/content-types"><Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>{types}</Types>',
        "_rels/.rels": _relationships("", [main], {main: "officeDocument"}),
    }
    kinds = {name: kind.rpartition(".")[2] for name, (kind, _, _) in parts.items()}
    for name, (_, xml, links) in parts.items():
        folder, _, file = name.rpartition("/")
        files[name] = xml
        if links or name == main:
            files[f"{folder}/_rels/{file}.rels"] = _relationships(folder, links, kinds)
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as package:
        for name, xml in files.items():
            # A ZipInfo's date is fixed (1980), so the same content always makes the same bytes.
            package.writestr(zipfile.ZipInfo(name), XML_DECLARATION + xml, zipfile.ZIP_DEFLATED)
    return output.getvalue()


def _relationships(folder: str, links: list[str], kinds: dict[str, str]) -> str:
    """Relationships numbered in order (rId1, rId2...), their targets relative to ``folder``."""
    items = "".join(
        f'<Relationship Id="rId{n}" Type="{OFFICE}/{kinds[link]}" '
        f'Target="{posixpath.relpath(link, folder or ".")}"/>'
        for n, link in enumerate(links, start=1)
    )
    return f'<Relationships xmlns="{PACKAGE}/relationships">{items}</Relationships>'


def _column(index: int) -> str:
    """A spreadsheet column's letters: 0 is A, 25 is Z, 26 is AA."""
    return (_column(index // 26 - 1) if index >= 26 else "") + chr(ord("A") + index % 26)


def _xml(text: str) -> str:
    """Text for an XML element, without the control characters XML 1.0 forbids."""
    text = "".join(c for c in text if c >= " " or c in "\t\n\r")
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

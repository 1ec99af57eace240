"""The sample files are valid by their formats' own rules, read back by independent readers."""

import io
import posixpath
import re
import struct
import wave
import zipfile
from xml.etree import ElementTree

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops, ImageStat

from collegium.core import sample_media
from collegium.core.sample_media import (
    docx_document,
    jpeg_image,
    pdf_document,
    png_image,
    pptx_presentation,
    wav_audio,
    webm_video,
    xlsx_workbook,
)

FRENCH = "Le médecin à l’hôpital reçoit « Élise » (suivi) ; ça coûte 5 € \\ œuvre."


# PDF ---------------------------------------------------------------------------------------------


def test_the_pdf_opens_with_the_requested_number_of_pages_and_ends_with_eof():
    data = pdf_document("Compte rendu", ["Un paragraphe."], pages=3)

    assert data.startswith(b"%PDF-1.4\n")
    assert data.endswith(b"%%EOF\n")
    assert len(pdfium.PdfDocument(data)) == 3


def test_the_pdf_text_reads_back_with_its_french_accents_and_brackets():
    document = pdfium.PdfDocument(pdf_document("Étude : l’été « à Québec »", [FRENCH]))

    text = document[0].get_textpage().get_text_range()

    assert "Étude : l’été « à Québec »" in text
    assert FRENCH in text
    assert document.get_metadata_dict()["Title"] == "Étude : l’été « à Québec »"


def test_long_paragraphs_wrap_near_ninety_characters():
    words = " ".join(["consultation"] * 40)
    text = pdfium.PdfDocument(pdf_document("Titre", [words]))[0].get_textpage().get_text_range()

    lines = text.splitlines()[1:-1]  # between the title and the page number

    assert len(lines) > 1
    assert all(len(line) <= 90 for line in lines)
    assert " ".join(lines) == words


def test_the_first_page_renders_with_dark_text_on_white():
    page = pdfium.PdfDocument(pdf_document("Titre", [FRENCH]))[0]

    image = page.render(scale=1).to_pil().convert("L")

    assert image.size == (595, 842)
    assert image.getextrema() == (0, 255)


def test_every_cross_reference_offset_points_at_its_object():
    data = pdf_document("Titre", ["Texte"], pages=2)

    start = int(re.search(rb"startxref\n(\d+)\n%%EOF\n$", data).group(1))
    header, *entries = data[start:].split(b"trailer")[0].splitlines()[1:]

    assert data[start:].startswith(b"xref\n")
    assert header == b"0 %d" % len(entries)
    assert entries[0] == b"0000000000 65535 f "
    for number, entry in enumerate(entries[1:], start=1):
        offset = int(entry[:10])
        assert entry == b"%010d 00000 n " % offset
        assert data[offset:].startswith(b"%d 0 obj\n" % number)


# WebM --------------------------------------------------------------------------------------------


def read_vint(data, at, *, keep_marker):
    length = 9 - data[at].bit_length()
    value = int.from_bytes(data[at : at + length], "big")
    return (value if keep_marker else value & ((1 << (7 * length)) - 1)), at + length


def elements(data, start=0, end=None):
    """(id, payload start, payload end) of each EBML element between start and end."""
    at, end = start, len(data) if end is None else end
    while at < end:
        element, at = read_vint(data, at, keep_marker=True)
        size, at = read_vint(data, at, keep_marker=False)
        yield element, at, at + size
        at += size


def children(data, start, end):
    return {element: data[a:b] for element, a, b in elements(data, start, end)}


def test_the_webm_starts_with_an_ebml_header_for_the_webm_doc_type():
    data = webm_video(seconds=1, fps=5)

    (_, start, end), (segment, _, segment_end) = elements(data)

    assert data[:4] == bytes.fromhex("1A45DFA3")
    fields = children(data, start, end)
    assert fields[0x4282] == b"webm"
    # EBMLVersion, EBMLReadVersion, EBMLMaxIDLength, EBMLMaxSizeLength, DocType(Read)Version
    versions = b"".join(fields[i] for i in (0x4286, 0x42F7, 0x42F2, 0x42F3, 0x4287, 0x4285))
    assert versions == bytes([1, 1, 4, 8, 2, 2])
    assert segment == 0x18538067
    assert segment_end == len(data)  # a known segment size, and nothing after it


def test_the_webm_declares_one_vp8_track_its_size_and_its_duration():
    data = webm_video(width=96, height=64, seconds=2.5, fps=4)
    _, (_, start, end) = elements(data)
    segment = children(data, start, end)

    info = children(segment[0x1549A966], 0, len(segment[0x1549A966]))
    track = children(segment[0x1654AE6B], 2, len(segment[0x1654AE6B]))  # inside its TrackEntry
    video = children(track[0xE0], 0, len(track[0xE0]))

    assert int.from_bytes(info[0x2AD7B1], "big") == 1_000_000
    assert struct.unpack(">d", info[0x4489]) == (2500.0,)
    assert track[0x86] == b"V_VP8"
    assert track[0xD7] == b"\x01"
    assert track[0x83] == b"\x01"
    assert track[0x9C] == b"\x00"
    assert int.from_bytes(video[0xB0], "big") == 96
    assert int.from_bytes(video[0xBA], "big") == 64


def test_every_webm_frame_is_a_vp8_key_frame_of_the_video_size_in_time_order():
    data = webm_video(width=120, height=90, seconds=2.5, fps=6)
    _, (_, start, end) = elements(data)

    times = []
    for element, cluster_start, cluster_end in elements(data, start, end):
        if element != 0x1F43B675:
            continue
        (timecode, a, b), *blocks = elements(data, cluster_start, cluster_end)
        assert timecode == 0xE7
        cluster_time = int.from_bytes(data[a:b], "big")
        for block, a, b in blocks:
            assert block == 0xA3
            track, relative, flags = struct.unpack(">BhB", data[a : a + 4])
            frame = data[a + 4 : b]
            assert (track, flags) == (0x81, 0x80)
            assert frame[3:6] == bytes.fromhex("9d012a")
            assert frame[0] & 1 == 0  # a key frame
            assert struct.unpack("<HH", frame[6:10]) == (120, 90)
            times.append(cluster_time + relative)

    assert len(times) == 15
    assert times == [round(i * 1000 / 6) for i in range(15)]


def test_a_webm_frame_decodes_with_libwebp_into_the_picture_that_was_drawn():
    data = webm_video(width=160, height=90, seconds=0.5, fps=4, label="Démo")
    _, (_, start, end) = elements(data)
    cluster = next((a, b) for element, a, b in elements(data, start, end) if element == 0x1F43B675)
    first = next((a, b) for element, a, b in elements(data, *cluster) if element == 0xA3)
    frame = data[first[0] + 4 : first[1]]  # after the track, the timecode and the flags

    # A VP8 key frame is a lossy WebP's only chunk: wrapped again, Pillow decodes it.
    chunk = b"VP8 " + struct.pack("<I", len(frame)) + frame + b"\0" * (len(frame) % 2)
    decoded = Image.open(io.BytesIO(b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk))
    background = sample_media._picture(160, 90, "", sample_media.COLLEGIUM_BLUE)
    drawn = sample_media._video_frame(background, 0, 2, "Démo")

    assert decoded.size == (160, 90)
    difference = ImageChops.difference(decoded.convert("RGB"), drawn).convert("L")
    assert ImageStat.Stat(difference).mean[0] < 4


@pytest.mark.parametrize(
    ("value", "encoded"),
    [(0, "80"), (126, "fe"), (127, "407f"), (16382, "7ffe"), (16383, "20 3f ff")],
)
def test_ebml_sizes_take_the_fewest_bytes_and_never_the_reserved_all_ones(value, encoded):
    assert sample_media._size(value) == bytes.fromhex(encoded)


# Audio and pictures ------------------------------------------------------------------------------


def test_the_wav_is_16_bit_mono_pcm_of_the_requested_length():
    with wave.open(io.BytesIO(wav_audio(seconds=1.5, rate=8000))) as sound:
        assert (sound.getnchannels(), sound.getsampwidth(), sound.getframerate()) == (1, 2, 8000)
        assert sound.getnframes() / sound.getframerate() == 1.5
        samples = struct.unpack("<12000h", sound.readframes(12000))
    assert max(samples) > 10_000
    assert samples[0] == 0


@pytest.mark.parametrize(("make", "image_format"), [(png_image, "PNG"), (jpeg_image, "JPEG")])
def test_the_pictures_open_in_their_format_and_size(make, image_format):
    image = Image.open(io.BytesIO(make(width=200, height=120, label="Démo")))

    assert (image.format, image.size) == (image_format, (200, 120))
    assert len(image.convert("RGB").getcolors(maxcolors=1_000_000)) > 50  # not a flat colour


# Office Open XML ---------------------------------------------------------------------------------

CONTENT_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def open_package(data, main_type):
    """The parsed parts of a package, after checking its content types and relationships."""
    package = zipfile.ZipFile(io.BytesIO(data))
    assert package.testzip() is None
    assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in package.infolist())
    # Our own output, not untrusted input.
    parts = {name: ElementTree.fromstring(package.read(name)) for name in package.namelist()}  # noqa: S314
    overrides = {
        item.get("PartName"): item.get("ContentType")
        for item in parts["[Content_Types].xml"].iter(f"{CONTENT_TYPES}Override")
    }
    mains = [name for name, kind in overrides.items() if kind.endswith(".main+xml")]
    assert [overrides[name] for name in mains] == [
        f"application/vnd.openxmlformats-officedocument.{main_type}.main+xml"
    ]
    assert all(name.lstrip("/") in parts for name in overrides)
    (start,) = parts["_rels/.rels"].iter(f"{RELATIONSHIPS}Relationship")
    assert start.get("Type") == OFFICE_DOCUMENT
    assert "/" + start.get("Target") == mains[0]
    for name, root in parts.items():
        if name.endswith(".rels") and name != "_rels/.rels":
            folder = posixpath.dirname(posixpath.dirname(name))
            for link in root.iter(f"{RELATIONSHIPS}Relationship"):
                assert posixpath.normpath(posixpath.join(folder, link.get("Target"))) in parts
    return parts


def test_the_word_document_holds_each_paragraph_in_its_main_part():
    parts = open_package(docx_document([FRENCH, "R&D <urgent> \x07"]), "wordprocessingml.document")

    paragraphs = [
        "".join(t.text or "" for t in p.iter(f"{W}t"))
        for p in parts["word/document.xml"].iter(f"{W}p")
    ]

    assert paragraphs == [FRENCH, "R&D <urgent> "]
    assert "word/_rels/document.xml.rels" in parts


def test_the_workbook_holds_text_as_shared_strings_and_numbers_as_numbers():
    rows = [["Nom", "Âge", "Poids"], ["Zoé & Léa", 7, 23.5], ["Zoé & Léa", 9, 0.1]]
    parts = open_package(xlsx_workbook(rows), "spreadsheetml.sheet")

    strings = [si.find(f"{S}t").text for si in parts["xl/sharedStrings.xml"].iter(f"{S}si")]
    sheet = parts["xl/worksheets/sheet1.xml"]

    def value(cell):
        text = cell.find(f"{S}v").text
        return strings[int(text)] if cell.get("t") == "s" else float(text)

    assert strings == ["Nom", "Âge", "Poids", "Zoé & Léa"]
    assert [[value(cell) for cell in row.iter(f"{S}c")] for row in sheet.iter(f"{S}row")] == rows
    assert " ".join(cell.get("r") for cell in sheet.iter(f"{S}c")) == "A1 B1 C1 A2 B2 C2 A3 B3 C3"


def test_spreadsheet_columns_go_past_z():
    columns = [sample_media._column(i) for i in (0, 25, 26, 27, 701, 702)]

    assert columns == ["A", "Z", "AA", "AB", "ZZ", "AAA"]


def test_the_presentation_holds_each_slides_title_and_lines():
    slides = [("Ordre du jour", "Accueil\nCas clinique « n° 3 »"), ("Questions & réponses", "")]
    parts = open_package(pptx_presentation(slides), "presentationml.presentation")

    text = [[t.text for t in parts[f"ppt/slides/slide{n}.xml"].iter(f"{A}t")] for n in (1, 2)]

    assert text == [
        ["Ordre du jour", "Accueil", "Cas clinique « n° 3 »"],
        ["Questions & réponses"],
    ]
    assert "ppt/slideMasters/slideMaster1.xml" in parts
    assert "ppt/theme/theme1.xml" in parts

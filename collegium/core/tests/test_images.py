"""Profile photos (SPEC ID-5): every test file is drawn here with Pillow, none is committed."""

import io
import struct
import warnings
import zlib

import pytest
from django.core.files import File
from django.core.files.uploadedfile import InMemoryUploadedFile, SimpleUploadedFile
from PIL import ExifTags, Image, ImageCms, WebPImagePlugin

from collegium.core.images import ImageRejected, process_photo

RED = (255, 0, 0)
BLUE = (0, 0, 255)
WHITE = (255, 255, 255)


def encode(image, image_format, **params):
    output = io.BytesIO()
    image.save(output, format=image_format, **params)
    return output.getvalue()


def upload(data, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def two_colours(size, left=RED, right=BLUE, mode="RGB"):
    """An image whose left half is one colour and right half another."""
    width, height = size
    image = Image.new(mode, size, right)
    image.paste(left, (0, 0, width // 2, height))
    return image


def bomb_png(width, height):
    """A PNG of a few kilobytes whose pixels would take width times height bytes once decoded.

    Built a row at a time so that not even the test holds the image in memory.
    """

    def chunk(kind, body):
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    blank_row = b"\0" * (1 + (width + 7) // 8)  # filter byte, then 1-bit greyscale pixels
    compressor = zlib.compressobj(9)
    pixels = b"".join(compressor.compress(blank_row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def rejection(file, **limits):
    with pytest.raises(ImageRejected) as caught:
        process_photo(file, **limits)
    return caught.value


def opened(photo):
    return Image.open(io.BytesIO(photo.read()))


def assert_close(pixel, colour):
    assert all(abs(got - want) <= 40 for got, want in zip(pixel, colour, strict=True)), pixel


@pytest.fixture
def pixel_allocations(monkeypatch):
    """The sizes of every pixel buffer Pillow allocates while the test runs."""
    sizes = []
    allocate = Image.core.new

    def spy(mode, size, *args):
        sizes.append(size)
        return allocate(mode, size, *args)

    monkeypatch.setattr(Image.core, "new", spy)
    return sizes


def test_a_jpeg_comes_back_as_webp_turned_upright_without_any_metadata():
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # the camera was held sideways: turn 90° clockwise
    exif[ExifTags.Base.Make] = "AcmeCam"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (45.0, 30.0, 17.0)
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    jpeg = encode(
        two_colours((300, 200)),
        "JPEG",
        exif=exif,
        icc_profile=profile,
        xmp=b"<x:xmpmeta>home address</x:xmpmeta>",
    )
    assert Image.open(io.BytesIO(jpeg)).getexif().get_ifd(ExifTags.IFD.GPSInfo)

    photo = process_photo(upload(jpeg))

    assert photo.name == "photo.webp"
    raw = photo.read()
    image = Image.open(io.BytesIO(raw))
    assert image.format == "WEBP"
    assert image.size == (200, 300)
    assert_close(image.getpixel((100, 20)), RED)  # the left side, now on top
    assert_close(image.getpixel((100, 280)), BLUE)
    assert not image.getexif()
    assert not {"exif", "icc_profile", "xmp"} & image.info.keys()
    for marker in (b"EXIF", b"ICCP", b"XMP ", b"AcmeCam", b"home address"):
        assert marker not in raw


@pytest.mark.parametrize(
    ("size", "expected"),
    [((2000, 1000), (512, 256)), ((600, 1200), (256, 512))],
)
def test_a_large_image_is_resized_to_fit_512_pixels_keeping_its_aspect_ratio(size, expected):
    photo = process_photo(upload(encode(two_colours(size), "PNG"), name="photo.png"))
    assert opened(photo).size == expected


def test_a_small_image_is_not_enlarged():
    photo = process_photo(upload(encode(two_colours((100, 80)), "JPEG")))
    assert opened(photo).size == (100, 80)


@pytest.mark.parametrize("image_format", ["PNG", "WEBP"])
def test_transparent_areas_become_white(image_format):
    transparent_left = two_colours((200, 100), left=(0, 0, 0, 0), right=(*RED, 255), mode="RGBA")

    photo = process_photo(upload(encode(transparent_left, image_format, lossless=True)))

    image = opened(photo)
    assert image.mode == "RGB"
    assert_close(image.getpixel((20, 50)), WHITE)
    assert_close(image.getpixel((180, 50)), RED)


def test_a_16_bit_greyscale_png_keeps_its_shades_of_grey():
    grey = Image.new("I;16", (50, 50), 128 * 257)
    photo = process_photo(upload(encode(grey, "PNG")))
    assert_close(opened(photo).convert("RGB").getpixel((25, 25)), (128, 128, 128))


def test_bytes_appended_after_a_png_do_not_survive():
    polyglot = encode(two_colours((40, 40)), "PNG") + b"<script>alert('hi')</script>"
    raw = process_photo(upload(polyglot)).read()
    assert b"script" not in raw


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"Dear colleague, please find my photo attached.", id="text"),
        pytest.param(
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', id="svg"
        ),
        pytest.param(b"<!doctype html><html><script>alert(1)</script></html>", id="html"),
        pytest.param(b"<html><script>alert(1)</script></html>\n" + b"\x89PNG\r\n", id="html+png"),
        pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", id="pdf"),
        pytest.param(encode(two_colours((40, 40)), "GIF"), id="gif"),
        pytest.param(encode(two_colours((40, 40)), "BMP"), id="bmp"),
    ],
)
def test_a_file_that_is_not_a_jpeg_png_or_webp_is_refused_whatever_its_name(content):
    error = rejection(upload(content, name="photo.jpg", content_type="image/jpeg"))
    assert error.code == "not_an_image"
    assert error.messages == ["This file is not a JPEG, PNG or WebP image."]


def test_an_empty_file_is_refused():
    error = rejection(upload(b""))
    assert error.code == "empty"
    assert error.messages == ["This file is empty."]


def test_a_file_over_the_limit_is_refused_before_it_is_read():
    stream = io.BytesIO(b"\xff" * 2000)
    declared = InMemoryUploadedFile(stream, "photo", "photo.jpg", "image/jpeg", 2000, None)

    error = rejection(declared, max_bytes=1000)

    assert error.code == "too_big"
    assert stream.tell() == 0


def test_a_file_over_the_limit_is_refused_even_when_its_declared_size_is_small():
    stream = io.BytesIO(encode(two_colours((40, 40)), "PNG") + b"\0" * 10 * 1024 * 1024)
    lying = InMemoryUploadedFile(stream, "photo", "photo.png", "image/png", 100, None)

    error = rejection(lying)

    assert error.code == "too_big"
    assert error.messages == ["The photo is larger than 5 MB."]
    assert stream.tell() <= 5 * 1024 * 1024 + 1


@pytest.mark.parametrize(
    "side",
    [
        pytest.param(7_000, id="49 megapixels, over our limit"),
        pytest.param(20_000, id="400 megapixels, over Pillow's own limit too"),
    ],
)
def test_a_decompression_bomb_is_refused_without_decoding_it(side, pixel_allocations):
    bomb = bomb_png(side, side)
    assert len(bomb) < 100_000

    error = rejection(upload(bomb, name="photo.png"))

    assert error.code == "too_many_pixels"
    assert error.messages == ["This image is too large to process (more than 40 megapixels)."]
    assert pixel_allocations == []


def test_a_webp_bomb_is_refused_before_libwebp_allocates_its_canvas(monkeypatch):
    decoders = []
    monkeypatch.setattr(WebPImagePlugin._webp, "WebPAnimDecoder", decoders.append)
    canvas = (10_000 - 1).to_bytes(3, "little") * 2
    extended = b"VP8X" + struct.pack("<I", 10) + b"\0\0\0\0" + canvas
    bomb = b"RIFF" + struct.pack("<I", 4 + len(extended)) + b"WEBP" + extended

    error = rejection(upload(bomb, name="photo.webp"))

    assert error.code == "too_many_pixels"
    assert decoders == []


def test_pillows_bomb_warning_refuses_the_image_even_when_our_limit_is_higher(pixel_allocations):
    bomb = bomb_png(10_000, 10_000)  # over Pillow's warning threshold, under its error threshold
    limit_before = Image.MAX_IMAGE_PIXELS

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the caller's filters must not let the bomb through
        error = rejection(upload(bomb, name="photo.png"), max_pixels=1_000_000_000)

    assert error.code == "too_many_pixels"
    assert error.messages == ["This image is too large to process (more than 1000 megapixels)."]
    assert pixel_allocations == []
    assert limit_before == Image.MAX_IMAGE_PIXELS


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_a_truncated_image_is_refused(image_format):
    noise = Image.effect_noise((300, 300), 64).convert("RGB")
    complete = encode(noise, image_format)

    error = rejection(upload(complete[: len(complete) // 2]))

    assert error.code == "damaged"
    assert error.messages == [
        "This image is damaged or incomplete. Please save it again and upload the new copy."
    ]


def test_a_plain_django_file_is_read_from_its_start():
    stream = io.BytesIO(encode(two_colours((60, 30)), "PNG"))
    stream.read()

    photo = process_photo(File(stream, name="avatar.png"))

    assert opened(photo).size == (60, 30)


def test_a_png_failing_its_checksum_is_refused_even_though_its_pixels_decode():
    png = bytearray(encode(Image.effect_noise((50, 50), 64), "PNG"))
    png[png.index(b"IEND") - 8] ^= 0xFF  # the last byte of the IDAT chunk's CRC

    error = rejection(upload(bytes(png), name="photo.png"))

    assert error.code == "damaged"

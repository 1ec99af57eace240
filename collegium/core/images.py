"""Turning an uploaded profile photo into a small, clean WebP (SPEC ID-5).

An uploaded image is untrusted bytes. It may not be an image at all (an HTML page or an SVG with
a script, renamed ``photo.jpg``), it may be a polyglot that is an image and something else at
once, it may carry the physician's GPS position in its EXIF, or it may be a few kilobytes that
decode to gigabytes of pixels. So the type is decided from the content alone, the pixel count is
checked from the header before anything is decoded, and the pixels are re-encoded onto a fresh
canvas: whatever else the file held (metadata, trailing data, a second format) is not copied,
because only the decoded pixels reach the new file.
"""

import io
import warnings

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from collegium.core.files import EmptyUpload, UploadTooBig
from collegium.core.files import read_at_most as read_at_most_or_raise

# Pillow names, as detected from the content: never the file name or the browser's content type.
ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP")
WEBP_QUALITY = 85


class ImageRejected(ValidationError):
    """An uploaded photo we refuse, with a message to show next to the form field."""


def process_photo(
    upload: File,
    *,
    max_bytes: int = 5 * 1024 * 1024,
    max_side: int = 512,
    max_pixels: int = 40_000_000,
) -> ContentFile:
    """A profile photo re-encoded as WebP within ``max_side`` pixels, without any metadata."""
    data = _read_at_most(upload, max_bytes)
    # Pillow's own bomb guard warns, then fails, at its global MAX_IMAGE_PIXELS; the warning is
    # made an error here rather than by changing that global, which other code relies on.
    # catch_warnings() is process-wide before Python 3.14, but our own max_pixels check runs
    # first and does not depend on it.
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        _verify(data, max_pixels=max_pixels)
        image = _decode(data, max_side=max_side, max_pixels=max_pixels)
    return ContentFile(encode_webp(image, max_side=max_side), name="photo.webp")


def _read_at_most(upload: File, max_bytes: int) -> bytes:
    try:
        return read_at_most_or_raise(upload, max_bytes)
    except EmptyUpload:
        raise _empty() from None
    except UploadTooBig:
        raise _too_big(max_bytes) from None


def _open(data: bytes, *, max_pixels: int) -> Image.Image:
    """The image's header, read without decoding any pixels."""
    # libwebp allocates the whole canvas as soon as Pillow opens a WebP, so its size is checked
    # from the header first.
    webp_size = webp_canvas_size(data)
    if webp_size is not None and webp_size[0] * webp_size[1] > max_pixels:
        raise _too_many_pixels(max_pixels)
    try:
        # Only these decoders are tried, so a GIF, an SVG or a polyglot whose first bytes belong
        # to another format is not an image to us.
        image = Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
    except UnidentifiedImageError:
        raise _not_an_image() from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(max_pixels) from None
    except Exception:  # see _verify
        raise _damaged() from None
    if image.format not in ALLOWED_FORMATS:
        raise _not_an_image()
    width, height = image.size
    if width * height > max_pixels:
        raise _too_many_pixels(max_pixels)
    return image


def webp_canvas_size(data: bytes) -> tuple[int, int] | None:
    """The width and height a WebP file declares (RFC 9649), or None if it is not a WebP."""
    if len(data) < 30 or data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        return None
    chunk = data[12:16]
    if chunk == b"VP8X":  # extended: the canvas, minus one, in 24 bits each
        return _le(data[24:27]) + 1, _le(data[27:30]) + 1
    if chunk == b"VP8L" and data[20] == 0x2F:  # lossless: 14 bits each, minus one
        bits = _le(data[21:25])
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8 " and data[23:26] == b"\x9d\x01\x2a":  # lossy: 14 bits each
        return _le(data[26:28]) & 0x3FFF, _le(data[28:30]) & 0x3FFF
    return None


def _le(data: bytes) -> int:
    return int.from_bytes(data, "little")


def _verify(data: bytes, *, max_pixels: int) -> None:
    image = _open(data, max_pixels=max_pixels)
    try:
        image.verify()
    # Pillow reports broken input with many exception types (OSError, SyntaxError, ValueError,
    # struct.error, EOFError...); any failure on untrusted bytes means the file is refused.
    except Exception:
        raise _damaged() from None


def _decode(data: bytes, *, max_side: int, max_pixels: int) -> Image.Image:
    # Pillow cannot use an image after verify(), so the pixels come from a fresh open.
    image = _open(data, max_pixels=max_pixels)
    # A JPEG can be decoded at 1/2, 1/4 or 1/8 scale: far less memory for a large photo. The
    # box is square, so the EXIF rotation applied afterwards does not change what is needed.
    image.draft(None, (max_side, max_side))
    try:
        image.load()
        return ImageOps.exif_transpose(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(max_pixels) from None
    except Exception:  # see _verify
        raise _damaged() from None


def encode_webp(image: Image.Image, *, max_side: int) -> bytes:
    if image.mode.startswith("I"):
        # A 16-bit greyscale PNG: scale to 8 bits, as convert() would only clip it to white.
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    # Converted before resizing: a palette image would otherwise be resized without smoothing.
    has_alpha = image.has_transparency_data
    image = image.convert("RGBA" if has_alpha else "RGB")
    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    # Transparency is flattened onto white rather than kept: the site has a dark theme, on which
    # a cut-out with dark edges would vanish, and an opaque photo looks the same everywhere.
    # The fresh canvas also carries none of the original's info (EXIF, ICC profile, XMP): the
    # ICC profile is dropped rather than converted to sRGB, a slight colour shift on wide-gamut
    # photos being acceptable for a profile photo.
    canvas = Image.new("RGB", image.size, "white")
    canvas.paste(image, mask=image.getchannel("A") if has_alpha else None)
    output = io.BytesIO()
    canvas.save(output, format="WEBP", quality=WEBP_QUALITY)
    return output.getvalue()


def megabytes(size: int) -> str:
    """A size in MB as the reader writes numbers ("2.5" in English, "2,5" in French)."""
    from django.utils.formats import number_format

    value = size / (1024 * 1024)
    return number_format(value, decimal_pos=0 if value == int(value) else 1)


def number_format_megapixels(pixels: int) -> str:
    from django.utils.formats import number_format

    value = pixels / 1_000_000
    return number_format(value, decimal_pos=0 if value == int(value) else 1)


def _empty() -> ImageRejected:
    return ImageRejected(_("This file is empty."), code="empty")


def _too_big(max_bytes: int) -> ImageRejected:
    return ImageRejected(
        _("The photo is larger than %(megabytes)s MB."),
        code="too_big",
        params={"megabytes": megabytes(max_bytes)},
    )


def _not_an_image() -> ImageRejected:
    return ImageRejected(_("This file is not a JPEG, PNG or WebP image."), code="not_an_image")


def _too_many_pixels(max_pixels: int) -> ImageRejected:
    return ImageRejected(
        _("This image is too large to process (more than %(megapixels)s megapixels)."),
        code="too_many_pixels",
        params={"megapixels": number_format_megapixels(max_pixels)},
    )


def _damaged() -> ImageRejected:
    return ImageRejected(
        _("This image is damaged or incomplete. Please save it again and upload the new copy."),
        code="damaged",
    )

"""Sending a stored file to someone already allowed to see it (CT-3, CT-4).

Callers check permission first (404 for anyone else); this module only decides how the bytes
leave: from the data folder, streamed, with HTTP ranges so that video and audio can seek; or, on
S3-compatible storage, by a redirect to a signed address that expires within a minute, so that
the file never passes through a web process and the address is useless once shared.

Either way the browser is told exactly what the file is and whether it may show it:
``Content-Disposition: attachment`` for anything but re-encoded images, video and audio
(``collegium.core.uploads.is_safe_inline``), ``nosniff``, and a CSP that sandboxes anything
opened directly, so that a file is never a page of this site.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.utils.http import content_disposition_header

from collegium.core.uploads import is_safe_inline

CHUNK_BYTES = 64 * 1024
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def serve_file(
    request: HttpRequest,
    field_file: FieldFile,
    *,
    content_type: str,
    filename: str,
    inline: bool | None = None,
    cache_seconds: int = 3600,
) -> HttpResponseBase:
    """The file's bytes (or a signed redirect to them) for a viewer the caller has let through.

    ``inline`` may ask for a download of a type that could be shown; it never lets a type be
    shown that is not safe to show."""
    shown = is_safe_inline(content_type) and inline is not False
    disposition = content_disposition_header(not shown, filename) or "attachment"
    if is_signed_url_storage(field_file.storage):
        return _signed_redirect(field_file, content_type, disposition, cache_seconds)
    size = field_file.size
    requested = parse_range(request.headers.get("Range", ""), size)
    if requested is None:
        response: HttpResponseBase = FileResponse(
            field_file.open("rb"), content_type=content_type, as_attachment=not shown,
            filename=filename,
        )  # fmt: skip
    elif isinstance(requested, str):  # unsatisfiable
        response = HttpResponse(status=416, content_type="text/plain")
        response["Content-Range"] = f"bytes */{size}"
    else:
        start, end = requested
        response = StreamingHttpResponse(
            _slice(field_file.open("rb"), start, end - start + 1),
            status=206,
            content_type=content_type,
        )
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
        response["Content-Disposition"] = disposition
    response["Accept-Ranges"] = "bytes"
    _protect(response, cache_seconds)
    return response


def is_signed_url_storage(storage: object) -> bool:
    """S3-compatible storage hands out signed addresses instead of serving through us."""
    try:
        from storages.backends.s3 import S3Storage
    except ImportError:  # pragma: no cover - django-storages is a dependency
        return False
    return isinstance(storage, S3Storage)


def parse_range(header: str, size: int) -> tuple[int, int] | str | None:
    """One byte range of a ``Range`` header as (first, last) included; "unsatisfiable"; or
    None for no range or one we do not serve (several ranges: the whole file answers)."""
    match = _RANGE.match(header.strip())
    if match is None or size == 0:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # the last N bytes
        length = int(last)
        if length == 0:
            return "unsatisfiable"
        return max(0, size - length), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or end < start:
        return "unsatisfiable"
    return start, end


def is_from_start(request: HttpRequest) -> bool:
    """Whether a request reads the file from its first byte: counts a download once, not once
    per range a video player asks for."""
    header = request.headers.get("Range", "")
    return not header or header.replace(" ", "").startswith("bytes=0-")


def _slice(stream: IO[bytes], start: int, length: int) -> Iterator[bytes]:
    with stream:
        stream.seek(start)
        while length > 0:
            chunk = stream.read(min(CHUNK_BYTES, length))
            if not chunk:
                return
            length -= len(chunk)
            yield chunk


def _signed_redirect(
    field_file: FieldFile, content_type: str, disposition: str, cache_seconds: int
) -> HttpResponse:
    seconds = int(settings.COLLEGIUM["SIGNED_URL_SECONDS"])
    url = field_file.storage.url(  # type: ignore[call-arg]
        field_file.name,
        parameters={
            # The storage answers with these headers, as this view would.
            "ResponseContentType": content_type,
            "ResponseContentDisposition": disposition,
            "ResponseCacheControl": f"private, max-age={min(cache_seconds, seconds)}",
        },
        expire=seconds,
    )
    response = HttpResponse(status=302)
    response["Location"] = url
    # The signed address is the viewer's alone: never kept by a shared cache or sent onward.
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _protect(response: HttpResponseBase, cache_seconds: int) -> None:
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = f"private, max-age={cache_seconds}"
    response["Vary"] = "Cookie"

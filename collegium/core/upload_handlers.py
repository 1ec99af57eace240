"""Large uploads stopped at their limit while they arrive, not after (CT-3).

Django writes an uploaded file to a temporary file as it arrives, whatever its size, and only
then does a view see it. For a library that accepts 500 MB videos and 50 MB documents that is too
late: a 2 GB file, or a 400 MB "PDF", would be written out in full before being refused. The
handler below looks at a file's first bytes as they arrive, decides its kind, and drops the file
(``SkipFile``: the rest of its bytes are read and discarded, never stored) as soon as it passes
its kind's limit, or at once when the whole request declares more than the largest limit. The
other fields of the form still arrive, so what the person typed is kept and the refusal is shown
next to the file field.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from functools import wraps
from typing import Any

from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest, HttpResponseBase
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from collegium.core import uploads

# Room for the other fields and the multipart framing around the file.
FORM_OVERHEAD_BYTES = 256 * 1024
_REFUSAL_ATTRIBUTE = "_collegium_upload_refusal"


class KindLimitedUploadHandler(FileUploadHandler):
    """Drops a file once it passes the limit of its kind, sniffed from its first bytes."""

    def __init__(
        self,
        request: HttpRequest,
        kinds: Collection[uploads.Kind],
        limit: Callable[[uploads.Kind], int] = uploads.max_bytes,
    ) -> None:
        super().__init__(request)
        self.kinds = kinds
        self.limit = limit
        self.largest = uploads.largest_bytes(kinds, limit)
        self.request_too_big = False

    def handle_raw_input(
        self,
        input_data: Any,
        META: dict[str, Any],
        content_length: int,
        boundary: str,
        encoding: str | None = None,
    ) -> None:
        if content_length > self.largest + FORM_OVERHEAD_BYTES:
            self.request_too_big = True

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.receiving = True
        self.head = b""
        self.kind_limit: int | None = None
        if self.request_too_big:
            self._refuse(uploads.too_big(self.largest))

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if self.kind_limit is None:
            self.head += raw_data[: uploads.HEAD_BYTES - len(self.head)]
            if len(self.head) >= 16 or not raw_data:
                kind = uploads.sniff(self.head)
                # A kind not accepted is refused with its reason by the view, from its start.
                self.kind_limit = (
                    self.limit(kind) if kind is not None and kind in self.kinds else self.largest
                )
        if start + len(raw_data) > (self.kind_limit or self.largest):
            self._refuse(uploads.too_big(self.kind_limit or self.largest))
        return raw_data

    def file_complete(self, file_size: int) -> None:
        self.receiving = False
        return None  # the next handlers (memory or temporary file) make the file

    def upload_complete(self) -> None:
        # The body ended inside a file: the browser went away or the connection broke. Django
        # drops the partial file; the person is told why it is missing.
        if getattr(self, "receiving", False):
            setattr(self.request, _REFUSAL_ATTRIBUTE, uploads.incomplete())

    def upload_interrupted(self) -> None:
        self.upload_complete()

    def _refuse(self, refusal: uploads.UploadRejected) -> None:
        setattr(self.request, _REFUSAL_ATTRIBUTE, refusal)
        self.receiving = False
        raise SkipFile


def limited_uploads(
    kinds: Collection[uploads.Kind],
    limit: Callable[[uploads.Kind], int] = uploads.max_bytes,
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """For a view that receives large files: each file is dropped at its kind's limit while it
    arrives. CSRF is still checked, after the handler is in place (Django's documented way)."""

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        protected = csrf_protect(view)

        @wraps(view)
        @csrf_exempt
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.method == "POST":
                handler = KindLimitedUploadHandler(request, kinds, limit)
                request.upload_handlers = [handler, *request.upload_handlers]
            return protected(request, *args, **kwargs)

        return wrapper

    return decorator


def upload_refusal(request: HttpRequest) -> uploads.UploadRejected | None:
    """Why the handler dropped a file of this request, to show next to its field."""
    request.FILES  # noqa: B018 - the body is parsed, and files dropped, on first access
    return getattr(request, _REFUSAL_ATTRIBUTE, None)

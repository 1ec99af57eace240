"""Reading an uploaded file without trusting what it says about itself."""

from __future__ import annotations

from django.core.files import File

READ_CHUNK_BYTES = 64 * 1024


class EmptyUpload(Exception):
    """The upload holds no bytes."""


class UploadTooBig(Exception):
    """The upload holds more than the caller accepts."""


def read_at_most(upload: File, max_bytes: int) -> bytes:
    """The upload's bytes, refusing an empty or too large file without reading all of it.

    Callers turn ``EmptyUpload`` and ``UploadTooBig`` into their own messages."""
    # File.size raises AttributeError when it cannot be known, hence getattr.
    declared_size = getattr(upload, "size", None)
    if declared_size == 0:
        raise EmptyUpload
    if declared_size is not None and declared_size > max_bytes:
        raise UploadTooBig
    upload.seek(0)
    # The declared size may lie, so never read more than one byte past the limit.
    chunks: list[bytes] = []
    remaining = max_bytes + 1
    while remaining > 0:
        chunk = upload.read(min(remaining, READ_CHUNK_BYTES))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    data = b"".join(chunks)
    if not data:
        raise EmptyUpload
    if len(data) > max_bytes:
        raise UploadTooBig
    return data

"""Background work of the resource libraries."""

from __future__ import annotations

from huey.contrib.djhuey import db_task


@db_task(retries=2, retry_delay=60)
def process_resource(resource_id: int) -> None:
    """Make the preview of an uploaded file and extract its text (CT-3)."""
    from collegium.resources.services import resource_process

    resource_process(resource_id=resource_id)

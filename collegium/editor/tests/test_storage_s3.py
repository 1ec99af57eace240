"""Files on S3-compatible storage, as in production: stored under random names, handed out by a
signed address that expires within a minute, and only to those who may see them (CT-3, CT-4).

The storage is a real S3 API (moto's server mode, started by the tests, see ``s3_storage`` in the
root conftest), reached through django-storages exactly as configured for production. moto does
not check signatures, so what a forged or expired address gets is S3's business, not tested."""

from __future__ import annotations

import urllib.request
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.exceptions import ValidationError

from collegium.editor import services
from collegium.editor.models import Attachment
from collegium.editor.tests import files


def attach(user, community, upload):
    return services.attachment_upload(actor=user, community=community, upload=upload)


def fetch(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - the local test server
        return response.read(), response.headers


def test_an_upload_is_stored_in_the_bucket_under_a_random_name(s3_storage, participant, community):
    attachment = attach(participant, community, files.upload(files.pdf_bytes(), "Plan.pdf"))

    assert s3_storage.keys() == [attachment.file.name]
    assert "Plan" not in attachment.file.name
    assert attachment.file.name.endswith(f"{attachment.uuid.hex}.pdf")


def test_a_reader_is_sent_to_a_short_lived_signed_address(
    s3_storage, client, participant, community
):
    attachment = attach(participant, community, files.upload(files.pdf_bytes(), "Plan.pdf"))
    client.force_login(participant)

    response = client.get(attachment.get_absolute_url())

    assert response.status_code == 302
    location = urlparse(response["Location"])
    query = parse_qs(location.query)
    assert f"{location.scheme}://{location.netloc}" == s3_storage.endpoint
    assert query["X-Amz-Expires"] == ["60"]
    assert "X-Amz-Signature" in query
    assert response["Cache-Control"] == "private, no-store"
    assert response["Referrer-Policy"] == "no-referrer"


def test_the_signed_address_serves_the_file_with_the_headers_we_chose(
    s3_storage, client, participant, community
):
    attachment = attach(participant, community, files.upload(files.pdf_bytes(), "Plan.pdf"))
    client.force_login(participant)

    body, headers = fetch(client.get(attachment.get_absolute_url())["Location"])

    assert body == files.pdf_bytes()
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"] == 'attachment; filename="Plan.pdf"'


def test_an_image_is_shown_in_place_from_the_bucket(s3_storage, client, participant, community):
    attachment = attach(participant, community, files.upload(files.image_bytes("PNG"), "x.png"))
    client.force_login(participant)

    _body, headers = fetch(client.get(attachment.get_absolute_url())["Location"])

    assert headers["Content-Type"] == "image/webp"
    assert headers["Content-Disposition"].startswith("inline")


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_someone_who_may_not_read_the_community_gets_404_and_no_address(
    s3_storage, client, participant, outsider, community, who
):
    attachment = attach(participant, community, files.upload(files.pdf_bytes(), "Plan.pdf"))
    if who == "outsider":
        client.force_login(outsider)

    response = client.get(attachment.get_absolute_url())

    assert response.status_code == 404
    assert "Location" not in response


def test_a_refused_upload_leaves_nothing_in_the_bucket(s3_storage, participant, community):
    with pytest.raises(ValidationError):
        attach(participant, community, files.upload(b"MZ\x90\x00" + b"\x00" * 64, "x.pdf"))

    assert s3_storage.keys() == []
    assert not Attachment.objects.exists()

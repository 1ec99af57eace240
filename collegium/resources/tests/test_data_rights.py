import io
import json
import zipfile

from collegium.accounts.data_rights import account_delete, account_export
from collegium.resources import services
from collegium.resources.models import Resource, ResourceComment
from collegium.resources.tests.factories import make_file, make_link, pdf_bytes


def _export(user) -> tuple[zipfile.ZipFile, dict]:
    archive = zipfile.ZipFile(io.BytesIO(account_export(user=user)))
    return archive, json.loads(archive.read("collegium.json"))["resources"]


def test_the_data_export_holds_the_resources_their_files_and_comments(collection, uploader, reader):
    document = make_file(collection, uploader, title="Call schedules")
    make_link(collection, uploader)
    services.resource_comment_add(actor=uploader, resource=document, body="Updated in May")
    services.resource_comment_add(actor=reader, resource=document, body="Not theirs")

    archive, data = _export(uploader)

    titles = [entry["title"] for entry in data["resources"]]
    assert titles == ["Call schedules", "Rural guide"]
    stored = data["resources"][0]["file"]
    assert archive.read(stored) == pdf_bytes()
    assert data["resources"][1]["url"] == "https://example.org/rural-guide"
    assert [comment["text"] for comment in data["comments"]] == ["Updated in May"]


def test_erasing_an_account_deletes_its_resources_and_files_and_empties_its_comments(
    collection, uploader, reader, media, django_capture_on_commit_callbacks
):
    document = make_file(collection, uploader)
    theirs = make_link(collection, reader)
    services.resource_comment_add(actor=uploader, resource=theirs, body="My words")

    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=uploader, erase_content=True)

    assert list(Resource.objects.all()) == [theirs]
    assert not Resource.objects.filter(pk=document.pk).exists()
    assert [path for path in media.rglob("*") if path.is_file()] == []
    comment = ResourceComment.objects.get()
    assert comment.body == "" and comment.is_deleted


def test_an_account_deleted_without_erasing_leaves_its_resources_to_the_community(
    collection, uploader
):
    document = make_file(collection, uploader)

    account_delete(user=uploader, erase_content=False)

    document.refresh_from_db()
    assert document.added_by is not None and not document.added_by.is_active
    assert document.file.read() == pdf_bytes()

"""Data rights and consent (ID-6)."""

import io
import json
import zipfile

import pytest
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from collegium.accounts.choices import ConsentDocument
from collegium.accounts.models import Consent, Profile, User
from collegium.accounts.services import profile_ensure
from collegium.accounts.tests.factories import UserFactory
from collegium.pages.choices import PageSlug
from collegium.pages.models import Page
from collegium.pages.services import page_version_publish

pytestmark = pytest.mark.django_db


def _with_photo(client, user):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), "red").save(buffer, "PNG")
    client.force_login(user)
    client.post(
        "/en/account/profile/",
        {
            "display_name": "Camille", "background": "Moncton", "interests_text": "wellness",
            "province": "NB", "specialty": "", "conflict_of_interest": "",
            "preferred_language": "en", "audience_photo": "signed_in",
            "audience_background": "signed_in", "audience_interests": "signed_in",
            "audience_province": "members", "audience_specialty": "signed_in",
            "audience_conflict_of_interest": "signed_in",
            "photo_upload": SimpleUploadedFile("me.png", buffer.getvalue(), "image/png"),
        },
    )  # fmt: skip


def test_a_person_downloads_everything_they_set_with_their_files(client, physician):
    _with_photo(client, physician)

    response = client.post("/en/account/my-data/")

    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("collegium.json"))
    assert data["account"]["email"] == physician.email
    assert data["account"]["profile"]["background"] == "Moncton"
    assert data["account"]["profile"]["interests"] == ["wellness"]
    assert data["account"]["consents"]
    photo_path = data["account"]["profile"]["photo"]
    assert archive.read(photo_path)[:4] == b"RIFF"


def test_the_download_needs_a_post_and_a_signed_in_person(client, physician):
    assert client.post("/en/account/my-data/").status_code == 302
    client.force_login(physician)
    assert b"Download my data" in client.get("/en/account/my-data/").content


def test_deleting_and_keeping_content_leaves_an_anonymous_former_member(client, physician):
    _with_photo(client, physician)

    response = client.post(
        "/en/account/delete/", {"content": "keep", "confirm_email": physician.email}
    )

    assert response.status_code == 200
    former = User.objects.get(pk=physician.pk)
    assert former.username == f"former-member-{physician.pk}"
    assert former.email.endswith("@deleted.invalid")
    assert not former.is_active and former.deleted_at is not None
    assert not Profile.objects.filter(user=former).exists()
    assert not EmailAddress.objects.filter(user=former).exists()
    assert "_auth_user_id" not in client.session


def test_deleting_and_erasing_removes_the_account(
    client, physician, django_capture_on_commit_callbacks
):
    _with_photo(client, physician)
    photo = Profile.objects.get(user=physician).photo
    storage, name = photo.storage, photo.name

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/account/delete/", {"content": "erase", "confirm_email": physician.email})

    assert not User.objects.filter(pk=physician.pk).exists()
    assert not storage.exists(name)


def test_deletion_needs_the_right_email_and_changes_nothing_otherwise(client, physician):
    client.force_login(physician)
    response = client.post(
        "/en/account/delete/", {"content": "erase", "confirm_email": "someone@example.org"}
    )
    assert response.status_code == 200
    assert "not the email address of your account" in response.content.decode()
    assert User.objects.filter(pk=physician.pk, is_active=True).exists()


def test_a_new_privacy_version_asks_everyone_to_accept_again(client, physician, staff_user):
    client.force_login(physician)
    assert client.get("/en/account/").status_code == 200
    page = Page.objects.get(slug=PageSlug.PRIVACY)
    page_version_publish(
        page=page, actor=staff_user, title_en="Privacy", title_fr="Confidentialité",
        body_en="New text.", body_fr="Nouveau texte.",
    )  # fmt: skip
    from django.core.cache import cache

    cache.clear()  # the on_commit hook does this in production; tests run inside a transaction

    redirect = client.get("/en/account/")
    assert redirect.status_code == 302
    assert redirect["Location"].startswith("/en/account/terms/?next=")
    assert client.get("/en/privacy/").status_code == 200  # the text itself stays readable

    refused = client.post("/en/account/terms/", {"next": "/en/account/"})
    assert refused.status_code == 200
    accepted = client.post("/en/account/terms/", {"accept": "on", "next": "/en/account/"})

    assert accepted["Location"] == "/en/account/"
    assert Consent.objects.filter(
        user=physician, document=ConsentDocument.PRIVACY, version=2
    ).exists()
    assert client.get("/en/account/").status_code == 200


def test_the_consent_page_never_redirects_to_another_site(client):
    user = UserFactory(accepted_terms=False)
    client.force_login(user)
    response = client.post("/en/account/terms/", {"accept": "on", "next": "https://evil.example/"})
    assert response["Location"] == "/en/"


def test_the_getting_started_checklist_follows_what_the_person_did(client):
    user = UserFactory()
    profile_ensure(user=user)
    client.force_login(user)
    assert "Getting started" in client.get("/en/").content.decode()

    client.get("/en/guidelines/")

    assert Profile.objects.get(user=user).guidelines_read_at is not None

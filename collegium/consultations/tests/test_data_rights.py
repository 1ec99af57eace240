"""A person's public comments on consultations are in their data export, and erased with their
account when they ask (ID-6)."""

import io
import json
import zipfile

import pytest

from collegium.accounts.data_rights import account_delete, account_export
from collegium.consultations import services
from collegium.consultations.models import ConsultationComment
from collegium.consultations.tests.build import make_open

pytestmark = pytest.mark.django_db


def test_the_data_export_holds_the_persons_consultation_comments(staff, physician, learner):
    consultation = make_open(staff)
    services.consultation_comment_add(
        actor=physician,
        consultation=consultation,
        paragraph=consultation.paragraphs.get(number=2),
        body="On two.",
    )
    services.consultation_comment_add(
        actor=physician, consultation=consultation, paragraph=None, body="Overall."
    )
    services.consultation_comment_add(
        actor=learner, consultation=consultation, paragraph=None, body="Not theirs."
    )
    archive = zipfile.ZipFile(io.BytesIO(account_export(user=physician)))
    data = json.loads(archive.read("collegium.json"))["consultations"]
    assert [(c["paragraph"], c["text"]) for c in data["comments"]] == [
        (2, "On two."),
        (None, "Overall."),
    ]
    assert {c["consultation"] for c in data["comments"]} == {consultation.slug}


def test_erasing_an_account_empties_its_consultation_comments(staff, physician, learner):
    consultation = make_open(staff)
    services.consultation_comment_add(
        actor=physician, consultation=consultation, paragraph=None, body="My words."
    )
    theirs = services.consultation_comment_add(
        actor=learner, consultation=consultation, paragraph=None, body="Theirs."
    )
    account_delete(user=physician, erase_content=True)
    mine = ConsultationComment.objects.exclude(pk=theirs.pk).get()
    assert mine.body == "" and mine.is_deleted
    theirs.refresh_from_db()
    assert theirs.body == "Theirs."

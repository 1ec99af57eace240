"""Moderation in "download my data" and "delete my account" (ID-6)."""

import io
import json
import zipfile

from collegium.accounts import data_rights
from collegium.moderation import services
from collegium.moderation.choices import Category, TargetKind
from collegium.moderation.models import ModerationAction, Report
from collegium.moderation.targets import TARGETS

POST = TARGETS[TargetKind.POST]


def test_export_has_my_reports_and_what_was_done_about_me(reporter, author, leader, reply):
    services.report_submit(
        reporter=reporter, target=POST, obj=reply, category=Category.PRIVACY, note="A name."
    )
    services.author_warn(actor=leader, target=POST, obj=reply, revision=None, note="Careful.")
    archive = zipfile.ZipFile(io.BytesIO(data_rights.account_export(user=reporter)))
    mine = json.loads(archive.read("collegium.json"))["moderation"]
    assert mine["reports"][0]["note"] == "A name."
    archive = zipfile.ZipFile(io.BytesIO(data_rights.account_export(user=author)))
    theirs = json.loads(archive.read("collegium.json"))["moderation"]
    assert theirs["moderation_of_my_content"][0]["note"] == "Careful."
    assert "dr-leader" not in json.dumps(theirs), "moderators act for the association"


def test_erasing_an_account_blanks_its_report_notes_and_keeps_the_log(reporter, leader, reply):
    services.report_submit(
        reporter=reporter, target=POST, obj=reply, category=Category.PRIVACY, note="A name."
    )
    services.case_dismiss(actor=leader, target=POST, obj=reply, revision=None)
    data_rights.ERASERS["moderation"](reporter, True)
    assert Report.objects.get().note == ""
    assert Report.objects.get().category == Category.PRIVACY
    assert ModerationAction.objects.count() == 1

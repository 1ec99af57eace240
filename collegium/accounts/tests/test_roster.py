"""Importing the membership roster from CSV (ID-3): all rows or none, each problem on its line."""

import os
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from collegium.accounts.choices import ClaimStatus, RosterStatus, UserType
from collegium.accounts.models import MemberClaim, RosterEntry
from collegium.accounts.roster import RosterImportError, roster_import
from collegium.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HEADER = "member_id,first_name,last_name,email,type,status"
CAMILLE = "1234567,Camille,Tremblay,camille@example.org,physician,active"
MATHIEU = "2345678,Mathieu,Gagnon,mathieu@example.org,learner,active"
AMINA = "3456789,Amina,Diallo,amina@example.org,physician,inactive"


def _csv(*rows: str, header: str = HEADER) -> bytes:
    return "\n".join([header, *rows, ""]).encode()


def _problems(raw: bytes) -> str:
    with pytest.raises(RosterImportError) as caught:
        roster_import(raw=raw)
    return str(caught.value)


def _roster() -> dict[str, tuple[str, str, str, str, str]]:
    return {
        entry.member_id: (
            entry.first_name, entry.last_name, entry.email, entry.member_type, entry.status
        )
        for entry in RosterEntry.objects.all()
    }  # fmt: skip


def test_a_roster_file_adds_everyone_on_it_and_says_how_many():
    result = roster_import(raw=_csv(CAMILLE, MATHIEU, AMINA))

    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    assert _roster() == {
        "1234567": ("Camille", "Tremblay", "camille@example.org", "physician", "active"),
        "2345678": ("Mathieu", "Gagnon", "mathieu@example.org", "learner", "active"),
        "3456789": ("Amina", "Diallo", "amina@example.org", "physician", "inactive"),
    }


def test_a_file_saved_by_excel_with_a_bom_and_loose_spelling_is_understood():
    raw = (
        "\ufeffMember_ID , First_Name,Last_Name,Email,Type,Status\r\n"
        " 12345-67 , Camille ,Tremblay, Camille@Example.org ,Physician,ACTIVE\r\n"
    ).encode()

    result = roster_import(raw=raw)

    assert result.created == 1
    assert _roster() == {
        "1234567": ("Camille", "Tremblay", "camille@example.org", "physician", "active")
    }


def test_importing_the_same_file_twice_changes_nothing_the_second_time():
    raw = _csv(CAMILLE, MATHIEU)
    roster_import(raw=raw)
    before = _roster()
    stamps = dict(RosterEntry.objects.values_list("member_id", "updated_at"))

    result = roster_import(raw=raw)

    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert _roster() == before
    assert dict(RosterEntry.objects.values_list("member_id", "updated_at")) == stamps


def test_a_changed_row_updates_the_entry_and_leaves_the_others_alone():
    roster_import(raw=_csv(CAMILLE, MATHIEU))
    moved = "1234567,Camille,Tremblay-Roy,c.tremblay@example.org,physician,inactive"

    result = roster_import(raw=_csv(moved, MATHIEU, AMINA))

    assert (result.created, result.updated, result.unchanged) == (1, 1, 1)
    assert _roster()["1234567"] == (
        "Camille", "Tremblay-Roy", "c.tremblay@example.org", "physician", "inactive"
    )  # fmt: skip
    assert RosterEntry.objects.count() == 3


GOOD = "1234567,Camille,Tremblay,camille@example.org,physician,active"


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        pytest.param(
            GOOD.replace("1234567", "12ab"), "the member ID “12ab” is not valid", id="letters"
        ),
        pytest.param(
            GOOD.replace("1234567", "123"), "the member ID “123” is not valid", id="short-id"
        ),
        pytest.param(GOOD.replace("1234567", ""), "the member ID “” is not valid", id="no-id"),
        pytest.param(
            GOOD.replace("camille@", "camille-at-"),
            "the email “camille-at-example.org” is not valid",
            id="email",
        ),
        pytest.param(
            GOOD.replace("camille@example.org", ""), "the email “” is not valid", id="no-email"
        ),
        pytest.param(
            GOOD.replace("physician", "nurse"),
            "the type must be “physician” or “learner”",
            id="type",
        ),
        pytest.param(
            GOOD.replace("active", "retired"),
            "the status must be “active” or “inactive”",
            id="status",
        ),
        pytest.param(
            GOOD.replace(",Camille,", ",,"), "first and last name are required", id="no-first-name"
        ),
        pytest.param(
            GOOD.replace("Tremblay", ""), "first and last name are required", id="no-last-name"
        ),
        pytest.param("1234567,Camille,Tremblay", "the email “” is not valid", id="cut-short"),
    ],
)
def test_a_bad_row_is_reported_with_its_line_and_nothing_is_imported(bad_row, message):
    problems = _problems(_csv(MATHIEU, AMINA, bad_row))

    assert problems.startswith("Line 4:")
    assert message in problems
    assert not RosterEntry.objects.exists()


def test_every_bad_row_is_reported_at_once():
    problems = _problems(
        _csv("12ab,Camille,Tremblay,camille@example.org,physician,active", MATHIEU,
             "3456789,Amina,Diallo,amina@example.org,nurse,gone")
    )  # fmt: skip

    assert problems.splitlines() == [
        "Line 2: the member ID “12ab” is not valid.",
        "Line 4: the type must be “physician” or “learner”; "
        "the status must be “active” or “inactive”.",
    ]


def test_a_member_id_twice_in_the_file_is_reported_on_the_second_line():
    problems = _problems(
        _csv(CAMILLE, MATHIEU, "12345-67,Cam,Tremblay,cam@example.org,physician,active")
    )

    assert problems == "Line 4: member ID 1234567 is already on line 2."
    assert not RosterEntry.objects.exists()


def test_the_member_id_pattern_comes_from_the_settings(settings):
    settings.COLLEGIUM = {**settings.COLLEGIUM, "MEMBER_ID_PATTERN": r"^M[0-9]{4}$"}

    problems = _problems(_csv("M1234,Ok,Row,ok@example.org,physician,active", CAMILLE))

    assert problems == "Line 3: the member ID “1234567” is not valid."
    assert not RosterEntry.objects.exists()


def test_line_numbers_count_blank_lines_and_names_spread_over_two_lines():
    raw = _csv(
        CAMILLE,
        "",
        '2345678,"Mathieu\nJean",Gagnon,mathieu@example.org,learner,active',
        "3456789,Amina,Diallo,amina@example.org,doctor,active",
    )

    assert _problems(raw) == "Line 6: the type must be “physician” or “learner”."


def test_a_bad_row_leaves_an_existing_roster_as_it_was():
    roster_import(raw=_csv(CAMILLE))
    before = _roster()
    changed = "1234567,Camille,Tremblay-Roy,camille@example.org,physician,inactive"

    _problems(_csv(changed, MATHIEU, "3456789,Amina,Diallo,not-an-email,physician,active"))

    assert _roster() == before


def test_missing_columns_are_named_on_line_one():
    problems = _problems(_csv(header="member_id,first_name,last_name,email"))

    assert problems == (
        "Line 1: missing columns: type, status. "
        "Expected: member_id, first_name, last_name, email, type, status."
    )
    assert not RosterEntry.objects.exists()


def test_a_file_that_is_not_utf8_is_refused_with_the_position_of_the_bad_byte():
    raw = _csv("1234567,Héloïse,Tremblay,heloise@example.org,physician,active").decode()

    problems = _problems(raw.encode("latin-1"))

    assert problems.startswith("The file is not UTF-8 text (byte 58).")
    assert not RosterEntry.objects.exists()


@pytest.mark.parametrize(
    "raw", [b"", b"\xef\xbb\xbf", b"\n\n", _csv()], ids=["empty", "bom", "blank", "header"]
)
def test_a_file_without_rows_is_refused(raw):
    assert _problems(raw) == "The file has no rows."
    assert not RosterEntry.objects.exists()


def test_a_waiting_claim_the_new_roster_confirms_is_verified(django_capture_on_commit_callbacks):
    from django.core import mail

    camille = UserFactory(email="camille@example.org", user_type=UserType.PHYSICIAN)
    claim = MemberClaim.objects.create(user=camille, member_id="1234567")
    other = UserFactory(email="someone@example.org", user_type=UserType.PHYSICIAN)
    MemberClaim.objects.create(user=other, member_id="2345678")

    with django_capture_on_commit_callbacks(execute=True):
        result = roster_import(raw=_csv(CAMILLE, MATHIEU))

    assert result.verified_claims == 1
    claim.refresh_from_db()
    camille.refresh_from_db()
    assert claim.status == ClaimStatus.VERIFIED
    assert claim.is_automatic
    assert camille.is_member
    assert camille.member_id == "1234567"
    assert other.member_claims.get().status == ClaimStatus.PENDING
    assert [message.to for message in mail.outbox] == [["camille@example.org"]]


def test_a_waiting_claim_for_an_id_another_account_now_holds_stays_for_staff():
    UserFactory(member_id="1234567", email="first@example.org")
    camille = UserFactory(email="camille@example.org")
    claim = MemberClaim.objects.create(user=camille, member_id="1234567")

    result = roster_import(raw=_csv(CAMILLE, MATHIEU))

    assert (result.created, result.verified_claims) == (2, 0)
    claim.refresh_from_db()
    camille.refresh_from_db()
    assert claim.status == ClaimStatus.PENDING
    assert camille.member_id is None


def test_an_inactive_entry_does_not_verify_a_waiting_claim():
    camille = UserFactory(email="camille@example.org")
    MemberClaim.objects.create(user=camille, member_id="1234567")

    result = roster_import(raw=_csv(CAMILLE.replace("active", "inactive")))

    assert result.verified_claims == 0
    assert camille.member_claims.get().status == ClaimStatus.PENDING
    assert RosterEntry.objects.get().status == RosterStatus.INACTIVE


# The management command ------------------------------------------------------------------------


def test_the_command_imports_a_file_and_prints_the_counts(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes(_csv(CAMILLE, MATHIEU))
    out = StringIO()

    call_command("import_roster", str(path), stdout=out)
    path.write_bytes(_csv(CAMILLE.replace("Tremblay", "Tremblay-Roy"), MATHIEU, AMINA))
    call_command("import_roster", str(path), stdout=out)

    assert out.getvalue().splitlines() == [
        "Roster imported: 2 added, 0 updated, 0 unchanged; 0 waiting claims verified.",
        "Roster imported: 1 added, 1 updated, 1 unchanged; 0 waiting claims verified.",
    ]


def test_the_command_refuses_a_bad_file_with_every_problem_and_imports_nothing(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes(_csv(CAMILLE, "2345678,Mathieu,Gagnon,nope,learner,active"))

    with pytest.raises(CommandError) as caught:
        call_command("import_roster", str(path), stdout=StringIO())

    assert str(caught.value) == ("Nothing was imported.\nLine 3: the email “nope” is not valid.")
    assert not RosterEntry.objects.exists()


def test_the_command_refuses_a_file_that_does_not_exist(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("import_roster", str(tmp_path / "missing.csv"))


def test_the_command_exits_with_an_error_status_on_a_bad_file(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes(_csv("12ab,Camille,Tremblay,camille@example.org,physician,active"))
    environment = {**os.environ, "COLLEGIUM_DATA_DIR": str(tmp_path)}

    result = subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, "manage.py", "import_roster", str(path)],
        cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True, check=False,
    )  # fmt: skip

    assert result.returncode == 1
    assert "Nothing was imported." in result.stderr
    assert "Line 2: the member ID “12ab” is not valid." in result.stderr
    assert result.stdout == ""


def test_values_longer_than_the_roster_holds_are_reported_with_their_line():
    from collegium.accounts.roster import RosterImportError, roster_import

    raw = (
        "member_id,first_name,last_name,email,type,status\n"
        f"1234567,{'A' * 151},Tremblay,a@example.org,physician,active\n"
    ).encode()
    with pytest.raises(RosterImportError) as error:
        roster_import(raw=raw)
    assert "Line 2" in str(error.value)
    assert "first_name is longer than 150 characters" in str(error.value)


def test_a_file_the_csv_reader_cannot_read_is_refused_with_a_message():
    import csv

    from collegium.accounts.roster import RosterImportError, roster_import

    limit = csv.field_size_limit()
    raw = (
        "member_id,first_name,last_name,email,type,status\n" + "1," + "x" * (limit + 10)
    ).encode()
    with pytest.raises(RosterImportError) as error:
        roster_import(raw=raw)
    assert "not a valid CSV file" in str(error.value)

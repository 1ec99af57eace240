"""Exports of confidential answers: one row per sent response with a random id and no account
data, small groups' user type and province left blank, and no cell a spreadsheet would run
(EN-1)."""

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from collegium.accounts.tests.factories import UserFactory
from collegium.core.spreadsheets import FORMULA_STARTS, safe_cell
from collegium.questionnaires import exports
from collegium.questionnaires.choices import QuestionKind
from collegium.questionnaires.models import Response
from collegium.questionnaires.tests.factories import (
    QuestionFactory,
    QuestionnaireFactory,
    ResponseFactory,
    answer,
)
from collegium.questionnaires.tests.results_data import make_sample

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample():
    """The 40 responses, each linked to an account whose details must never be exported."""
    found = make_sample()
    for number, response in enumerate(found.responses):
        response.respondent = UserFactory(
            username=f"secret-user-{number}",
            email=f"secret{number}@example.org",
            first_name="Secretfirst",
            last_name="Secretlast",
            member_id=f"99{number:05d}",
        )
        response.save(update_fields=["respondent"])
    return found


def _csv(export) -> list[list[str]]:
    text = "".join(export.csv_chunks())
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def _account_data() -> set[str]:
    found = set()
    for response in Response.objects.select_related("respondent"):
        found.add(str(response.pk))
        if response.respondent:
            user = response.respondent
            found |= {user.username, user.email, user.member_id, str(user.pk), "Secretfirst"}
    return found


def _assert_no_account_data(rows: list[list[str]]) -> None:
    """No username, email, name or member ID anywhere, and no database id as a row's id."""
    private = _account_data()
    words = {secret for secret in private if not secret.isdigit()}
    for row in rows:
        for cell in row:
            assert not any(secret in cell for secret in words), f"account data in {cell!r}"
        assert row[0] not in private


def test_csv_has_one_row_per_sent_response_and_the_columns_in_the_analysts_language(sample):
    rows = _csv(exports.export_prepare(sample.questionnaire, threshold=5, language="en"))
    header, body = rows[0], rows[1:]
    assert header == [
        "Response ID", "Sent on", "User type", "Province or territory",
        "1. Do you agree?", "2. What do you eat?", "3. Rank these",
        "4. Forms take too long", "5. Rate the draft", "6. Anything else?",
    ]  # fmt: skip
    assert len(body) == 40  # the 2 drafts are not there
    ids = [row[0] for row in body]
    assert ids == sorted(ids)  # the random ids' order, not the order of sending
    assert set(ids) == {response.public_id for response in sample.responses}
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", row[1]) for row in body)  # a day, no time


def test_csv_cells_hold_labels_rankings_numbers_and_texts(sample):
    body = _csv(exports.export_prepare(sample.questionnaire, threshold=5, language="en"))[1:]
    physicians = [row for row in body if row[4] == "Yes" and row[2] == "Physician"]
    assert len(physicians) == 20
    row = physicians[0]
    assert row[5] == "Apples; Bread"
    assert row[6] == "1. X-ray; 2. Yoga; 3. Zinc"
    assert row[7] == "4"
    assert row[8] == "8"
    texts = sorted(row[9] for row in body if row[9])
    assert texts == [
        '\'=HYPERLINK("http://x") physician 0',
        '\'=HYPERLINK("http://x") physician 1',
        '\'=HYPERLINK("http://x") physician 2',
    ]


def test_exports_in_french_have_french_headers_and_labels(sample):
    rows = _csv(exports.export_prepare(sample.questionnaire, threshold=5, language="fr"))
    assert rows[0][4] == "1. Êtes-vous d’accord ?"
    assert {row[5] for row in rows[1:]} >= {"Pommes; Pain", "Pommes", "Fromage"}


def test_no_account_data_is_exported(sample):
    _assert_no_account_data(_csv(exports.export_prepare(sample.questionnaire, threshold=5)))


def test_small_groups_user_type_and_province_are_left_blank(sample):
    body = _csv(exports.export_prepare(sample.questionnaire, threshold=5, language="en"))[1:]
    types = [row[2] for row in body]
    # Patients (4) and the member of the public (1) are below the threshold.
    assert "Patient" not in types and "Member of the public" not in types
    assert types.count("") == 5
    # Allied health providers are exactly 5: shown.
    assert types.count("Allied health provider") == 5
    provinces = [row[3] for row in body]
    assert "Alberta" not in provinces
    # Inside each user type a province of fewer than 5 people is left blank too, with the
    # next-smallest when one would be alone: only the 10 physicians in Ontario keep theirs.
    shown = [(row[2], row[3]) for row in body if row[3]]
    assert shown == [("Physician", "Ontario")] * 10


def test_a_group_at_the_threshold_keeps_its_user_type_and_province():
    questionnaire = QuestionnaireFactory()
    question = QuestionFactory(questionnaire=questionnaire, kind=QuestionKind.RATING)
    for user_type, province, count in (("physician", "ON", 5), ("learner", "QC", 5)):
        for _ in range(count):
            response = ResponseFactory(
                questionnaire=questionnaire, user_type=user_type, province=province
            )
            answer(response, question, 7)
    body = _csv(exports.export_prepare(questionnaire, threshold=5, language="en"))[1:]
    assert (
        sorted((row[2], row[3]) for row in body)
        == [("Medical learner", "Quebec")] * 5 + [("Physician", "Ontario")] * 5
    )


def _hostile_questionnaire():
    questionnaire = QuestionnaireFactory()
    choice = QuestionFactory(
        questionnaire=questionnaire,
        kind=QuestionKind.MULTIPLE,
        label_en="=cmd|' /C calc'!A0",
        choices=[("=1+1", "=1+1"), ("+2", "+2"), ("-3", "-3"), ("@SUM(A1)", "@SUM(A1)")],
    )
    text = QuestionFactory(questionnaire=questionnaire, kind=QuestionKind.SHORT_TEXT)
    texts = ["\tTabbed", "\rReturn", "=2*3", "-minus", "@at", "+plus", "ok\x01control"]
    for value in texts:
        response = ResponseFactory(questionnaire=questionnaire)
        answer(response, choice, ["=1+1", "+2"])
        answer(response, text, value)
    return questionnaire


def test_csv_cells_never_begin_with_a_formula_character():
    questionnaire = _hostile_questionnaire()
    rows = _csv(exports.export_prepare(questionnaire, threshold=5))
    cells = [cell for row in rows for cell in row]
    assert all(cell[:1] not in FORMULA_STARTS for cell in cells)
    assert rows[0][4] == "1. =cmd|' /C calc'!A0"  # numbered: never a formula
    assert {row[5] for row in rows[1:]} >= {"'\tTabbed", "'=2*3", "'-minus", "'@at", "'+plus"}
    assert {row[4] for row in rows[1:]} == {"'=1+1; +2"}


def _xlsx_cells(data: bytes):
    workbook = load_workbook(io.BytesIO(data))
    return workbook, [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]


def test_xlsx_has_the_same_rows_no_formula_and_no_account_data(sample):
    export = exports.export_prepare(sample.questionnaire, threshold=5, language="en")
    workbook, cells = _xlsx_cells(export.xlsx())
    assert workbook.sheetnames == ["Responses", "About this export"]
    sheet = workbook["Responses"]
    assert sheet.max_row == 41
    assert [cell.value for cell in sheet[1]][:4] == [
        "Response ID", "Sent on", "User type", "Province or territory",
    ]  # fmt: skip
    assert all(cell.data_type != "f" for cell in cells)
    values = [str(cell.value) for cell in cells if cell.value is not None]
    assert all(value[:1] not in FORMULA_STARTS for value in values)
    _assert_no_account_data([[str(cell.value) for cell in row] for row in sheet.iter_rows()])
    notes = [row[0].value for row in workbook["About this export"].iter_rows()]
    assert any("fewer than 5 responses" in note for note in notes)


def test_xlsx_neutralises_hostile_cells_and_writes_them_as_text():
    questionnaire = _hostile_questionnaire()
    _workbook, cells = _xlsx_cells(exports.export_prepare(questionnaire, threshold=5).xlsx())
    strings = [cell for cell in cells if isinstance(cell.value, str)]
    assert all(cell.data_type == "s" for cell in strings)
    values = {cell.value for cell in strings}
    assert {"'=2*3", "'\tTabbed", "'-minus", "'@at", "'+plus", "okcontrol"} <= values
    assert all(value[:1] not in FORMULA_STARTS for value in values)


def test_nothing_is_exported_below_the_threshold():
    questionnaire = QuestionnaireFactory()
    for _ in range(4):
        ResponseFactory(questionnaire=questionnaire)
    with pytest.raises(exports.TooFewResponses):
        exports.export_prepare(questionnaire, threshold=5)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@x", "'@x"), ("\tx", "'\tx"),
        ("\rx", "'\rx"), ("plain", "plain"), ("", ""), (None, ""), (12, "12"),
    ],
)  # fmt: skip
def test_safe_cell_neutralises_what_a_spreadsheet_would_run(value, expected):
    assert safe_cell(value) == expected

"""An analyst reads a consultation's confidential results (issue 9; SPEC EN-1): the charts and
their tables, a breakdown with small groups withheld, the text answers, the access log, and
downloads both exports, in both languages and in the dark theme, with axe on every page."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from collegium.accounts.choices import StaffRole, UserType
from collegium.accounts.models import User
from collegium.accounts.tests.factories import UserFactory
from collegium.consultations.tests.factories import ConsultationFactory
from collegium.questionnaires.models import ConfidentialAccess
from collegium.questionnaires.tests.results_data import make_sample
from e2e.journeys import sign_in
from e2e.journeys import translated as _
from e2e.journeys import url_in as _url

LOCALES = {"en": "en-CA", "fr": "fr-CA"}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_an_analyst_reads_the_results_breaks_them_down_and_downloads_them(
    open_page, a11y, transactional_db, language
):
    sample = make_sample()
    consultation = ConsultationFactory(questionnaire=sample.questionnaire, slug="forms")
    analyst = UserFactory(
        username="analyst",
        email="analyst@example.org",
        user_type=UserType.PUBLIC,
        staff_role=StaffRole.STAFF,
        is_staff=True,
    )
    analyst.user_permissions.add(Permission.objects.get(codename="analyse_responses"))
    page = open_page(locale=LOCALES[language], color_scheme="dark")
    sign_in(page, a11y, "analyst@example.org", language=language)

    page.goto(_url(language, "consultations:results", slug=consultation.slug))
    a11y(page)
    charts = page.get_by_role("img")
    expect(charts).to_have_count(5)
    expect(page.get_by_role("table").first).to_be_visible()

    page.get_by_role(
        "link",
        name=_(language, "By %(group)s")
        % {"group": str(_(language, "User type", context="breakdown")).lower()},
    ).click()
    a11y(page)
    expect(
        page.get_by_text(
            _(language, "Fewer than %(threshold)s responses: not shown") % {"threshold": 5}
        ).first
    ).to_be_visible()

    with page.expect_download() as csv_download:
        page.get_by_role("link", name=_(language, "CSV file")).click()
    assert csv_download.value.suggested_filename.endswith(".csv")
    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name=_(language, "Excel file (XLSX)")).click()
    assert xlsx_download.value.suggested_filename.endswith(".xlsx")
    _assert_no_cell_identifies_anyone_or_starts_a_formula(xlsx_download.value.path(), sample)

    page.get_by_role("link", name=_(language, "Read the answers")).click()
    a11y(page)
    expect(page.locator(".text-answer")).to_have_count(3)

    page.get_by_role("link", name=_(language, "Back to the results")).click()
    a11y(page)
    page.get_by_role("link", name=_(language, "Access log")).first.click()
    a11y(page)
    expect(page.get_by_role("row")).to_have_count(1 + 6)
    assert ConfidentialAccess.objects.filter(viewer=analyst).count() == 6


def _assert_no_cell_identifies_anyone_or_starts_a_formula(path, sample) -> None:
    """The file as an analyst opens it: one row per sent response, and no cell holds an
    account's name, email or member ID, or starts a formula (``=HYPERLINK…`` answers are
    written as text behind an apostrophe)."""
    from io import BytesIO
    from pathlib import Path

    from openpyxl import load_workbook

    from collegium.questionnaires.models import Response

    sheet = load_workbook(BytesIO(Path(path).read_bytes())).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value not in (None, "")]
    texts = [str(cell.value) for cell in cells]
    sent = Response.objects.filter(questionnaire=sample.questionnaire, status="submitted")
    assert sheet.max_row == 1 + sent.count()
    assert all(cell.data_type != "f" for cell in cells)
    assert not [text for text in texts if text[:1] in {"=", "+", "-", "@", "\t", "\r"}]
    assert any(text.startswith("'=HYPERLINK") for text in texts)
    identifying = set()
    for person in User.objects.all():
        identifying |= {person.username, person.email, person.member_id or ""}
    identifying.discard("")
    assert not identifying & set(texts)
    assert {text for text in texts if text in set(sent.values_list("public_id", flat=True))}

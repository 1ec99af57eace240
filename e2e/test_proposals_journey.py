"""Proposals (SPEC EN-2) in the browser, in both languages, with axe on every page: a member
finds a proposal and supports it (htmx updates the count in place, without a reload); staff
accept it for debate, first forgetting the reason (refused next to the field), then with one;
the reason shows publicly in the proposal's history, and the supporter is told.

Labels are looked up through Django's catalogue at test time, so the French journey follows the
interface whatever its current wording.
"""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import ngettext
from playwright.sync_api import expect

from collegium.accounts.choices import StaffRole
from collegium.accounts.tests.factories import UserFactory
from collegium.notifications.choices import Kind
from collegium.notifications.models import Notification
from collegium.proposals import services as proposal_services
from collegium.proposals.choices import ProposalStatus
from collegium.proposals.models import Proposal, ProposalSupport
from e2e.journeys import press as _press
from e2e.journeys import sign_in, verified_person
from e2e.journeys import translated as _
from e2e.journeys import url_in as _url

LANGUAGES = ["en", "fr"]
LOCALES = {"en": "en-CA", "fr": "fr-CA"}
TITLES = {
    "en": "Protected wellness half-days for residents",
    "fr": "Des demi-journées de mieux-être protégées pour les résidents",
}
REASONS = {
    "en": "The General Council will debate it in August.",
    "fr": "Le Conseil général en débattra en août.",
}


def _supporters(language: str, count: int) -> str:
    with translation.override(language):
        return ngettext("%(counter)s supporter", "%(counter)s supporters", count) % {
            "counter": count
        }


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_member_supports_a_proposal_and_staff_accept_it_for_debate_with_a_public_reason(
    open_page, a11y, transactional_db, language
):
    author = verified_person(language, "author@example.org", "dr-author", "8100001")
    member = verified_person(language, "member@example.org", "dr-member", "8100002")
    staff = UserFactory(
        email="staff@example.org",
        username="staff-lee",
        staff_role=StaffRole.STAFF,
        is_staff=True,
        preferred_language=language,
    )
    title = TITLES[language]
    proposal = proposal_services.proposal_submit(
        actor=author,
        title=title,
        summary="One half-day a month, outside call and clinical duties.",
        body="Every faculty of medicine should protect **one half-day** a month.",
        language=language,
    )
    proposal_services.proposal_status_change(
        actor=staff,
        proposal=proposal,
        status=ProposalStatus.UNDER_REVIEW,
        reason="Staff are looking at it.",
    )

    # The member finds the proposal through the navigation and supports it, in place.
    page = open_page(locale=LOCALES[language])
    sign_in(page, a11y, member.email, language=language)
    _press(page, page.get_by_role("link", name=_(language, "Proposals", context="navigation")))
    a11y(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(_(language, "Proposals"))
    _press(page, page.get_by_role("link", name=title))
    a11y(page)
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(title)
    expect(heading).to_have_attribute("lang", language)
    support = page.locator("#support")
    expect(support).to_contain_text(_supporters(language, 0))
    page.evaluate("window.stillTheSamePage = true")
    page.get_by_role("button", name=_(language, "Support this proposal")).click()
    expect(support).to_contain_text(_supporters(language, 1))
    withdraw = page.get_by_role("button", name=_(language, "Withdraw my support"))
    expect(withdraw).to_be_visible()
    expect(withdraw).to_be_focused()  # the focus stays on the button that took its place
    assert page.evaluate("window.stillTheSamePage") is True  # no reload
    a11y(page)
    assert ProposalSupport.objects.filter(proposal=proposal, user=member).count() == 1
    page.close()

    # Staff accept it for debate: without a reason it is refused next to the field.
    page = open_page(locale=LOCALES[language])
    sign_in(page, a11y, staff.email, language=language)
    page.goto(_url(language, "proposals:detail", proposal_id=proposal.pk))
    a11y(page)
    form = page.locator("#status-form")
    with translation.override(language):
        accepted = str(ProposalStatus.ACCEPTED_FOR_DEBATE.label)
    form.get_by_label(accepted).check()
    _press(page, form.get_by_role("button", name=_(language, "Change the status")))
    a11y(page)
    expect(page.locator("#id_reason_error")).to_have_text(
        _(language, "Give the reason for this change: it is shown publicly with the new status.")
    )
    expect(page.locator("#status-form").get_by_label(accepted)).to_be_checked()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.UNDER_REVIEW
    page.locator("#status-form").get_by_label(_(language, "Reason, shown publicly")).fill(
        REASONS[language]
    )
    _press(
        page,
        page.locator("#status-form").get_by_role("button", name=_(language, "Change the status")),
    )
    a11y(page)
    history = page.locator("#history")
    expect(history).to_contain_text(accepted)
    expect(history).to_contain_text(REASONS[language])
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED_FOR_DEBATE
    page.close()

    # The reason is public: the supporter reads it on the proposal's page, and was told.
    page = open_page(locale=LOCALES[language])
    sign_in(page, a11y, member.email, language=language)
    page.goto(_url(language, "proposals:detail", proposal_id=proposal.pk))
    a11y(page)
    history = page.locator("#history")
    expect(history.get_by_role("heading", name=accepted)).to_be_visible()
    expect(history).to_contain_text(REASONS[language])
    expect(page.locator("#status-form")).to_have_count(0)
    told = Notification.objects.filter(recipient=member, kind=Kind.PROPOSAL_STATUS_CHANGED)
    assert told.filter(params__status=ProposalStatus.ACCEPTED_FOR_DEBATE).count() == 1
    assert Proposal.objects.get(pk=proposal.pk).support_count == 1
    page.close()

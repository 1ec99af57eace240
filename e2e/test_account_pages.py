"""Every account page, for a member and for staff, in both languages: axe finds nothing."""

import pytest
from django.utils import timezone

from collegium.accounts.choices import StaffRole, UserType
from collegium.accounts.models import MemberClaim
from collegium.accounts.services import profile_ensure
from collegium.accounts.tests.factories import UserFactory
from e2e.journeys import sign_in

ACCOUNT_PAGES = [
    "accounts:home", "accounts:profile_edit", "accounts:username_edit", "accounts:membership",
    "account_email", "account_change_password", "mfa_index", "socialaccount_connections",
    "accounts:data_export", "accounts:delete",
]  # fmt: skip


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_account_page_passes_axe(page, a11y, transactional_db, language):
    from django.urls import reverse
    from django.utils import translation

    user = UserFactory(
        email="member@example.org", user_type=UserType.PHYSICIAN, member_id="1000001",
        member_verified_at=timezone.now(),
    )  # fmt: skip
    profile = profile_ensure(user=user)
    profile.display_name = "Dr Member"
    profile.background = "Rural practice in Gaspésie."
    profile.save()
    sign_in(page, a11y, "member@example.org", language=language)

    with translation.override(language):
        urls = [reverse(name) for name in ACCOUNT_PAGES]
        urls.append(reverse("accounts:profile", kwargs={"username": user.username}))
        urls += [reverse("communities:propose"), reverse("communities:proposals")]
    for url in urls:
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        a11y(page)


def test_the_staff_queue_of_member_claims_passes_axe(page, a11y, transactional_db):
    UserFactory(email="staff@example.org", staff_role=StaffRole.STAFF, is_staff=True)
    waiting = UserFactory(email="waiting@example.org", user_type=UserType.PHYSICIAN)
    MemberClaim.objects.create(user=waiting, member_id="1234567")
    sign_in(page, a11y, "staff@example.org")

    page.goto("/en/staff/member-claims/")
    a11y(page)
    page.get_by_role("button", name=f"Decline {waiting.username}").click()
    a11y(page)
    assert page.locator("#id_reason_error").is_visible()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_community_staff_and_leader_pages_pass_axe(page, a11y, transactional_db, language):
    from django.urls import reverse
    from django.utils import translation

    from collegium.communities.models import CommunityProposal
    from collegium.communities.services import membership_add, proposal_submit
    from collegium.communities.tests.factories import make_community

    UserFactory(email="staff@example.org", staff_role=StaffRole.STAFF, is_staff=True)
    member = UserFactory(
        email="member@example.org", user_type=UserType.PHYSICIAN, member_id="1000001",
        member_verified_at=timezone.now(),
    )  # fmt: skip
    community = make_community("Rural care", leaders=[member])
    membership_add(community, UserFactory(username="someone-else"))
    proposal_submit(
        actor=member,
        proposal=CommunityProposal(
            name="Climate and health", description="Heat.", objectives="A position.",
            who_participates="Everyone.", audience=[UserType.PHYSICIAN],
        ),
    )  # fmt: skip
    sign_in(page, a11y, "staff@example.org", language=language)

    with translation.override(language):
        urls = [
            reverse("communities:directory"),
            reverse("communities:staff_create"),
            reverse("communities:staff_proposals"),
            reverse("communities:manage_settings", kwargs={"slug": community.slug}),
            reverse("communities:manage_members", kwargs={"slug": community.slug}),
        ]
    for url in urls:
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        a11y(page)

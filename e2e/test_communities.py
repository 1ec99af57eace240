"""Communities of interest (SPEC CO-1 to CO-5) in both languages, with axe on every page.

Labels are looked up through Django's catalogue at test time, so the French journeys pass
whether or not the French translation of a label exists yet.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext
from playwright.sync_api import expect

from collegium.accounts.choices import UserType
from collegium.accounts.models import User
from collegium.accounts.tests.factories import UserFactory
from collegium.communities import services
from collegium.communities.choices import (
    CommunityKind,
    CommunityLanguage,
    DirectoryVisibility,
    Joining,
    Role,
)
from collegium.communities.models import Community, Membership
from e2e.journeys import link_path, mails_to, sign_in, text_of

LANGUAGES = ["en", "fr"]
LOCALES = {"en": "en-CA", "fr": "fr-CA"}
PASSWORD = "a-long-enough-passphrase"


def _(language: str, message: str, *, context: str = "") -> str:
    """A label as the interface shows it in ``language``."""
    with translation.override(language):
        return pgettext(context, message) if context else gettext(message)


def _url(language: str, name: str, **kwargs: str) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def _label(language: str, choice: object) -> str:
    """The label of a ``TextChoices`` member in ``language``."""
    with translation.override(language):
        return str(choice.label)  # type: ignore[attr-defined]


def _community(
    slug: str, *, audience: list[str], leader: User | None = None, **fields
) -> Community:
    values = {
        "name_en": f"{slug.replace('-', ' ').title()} circle",
        "name_fr": f"Cercle {slug.replace('-', ' ')}",
        "description_en": "People who care about this topic share what works.",
        "description_fr": "Des personnes qui s’intéressent à ce sujet partagent ce qui marche.",
        "rules_en": "Be kind. Share sources.",
        "rules_fr": "Soyez bienveillants. Citez vos sources.",
        "joining": Joining.REQUEST,
        "visibility": DirectoryVisibility.SIGNED_IN,
        "language": CommunityLanguage.BOTH,
        **fields,
    }
    community = services.community_save(
        actor=None, community=Community(slug=slug, **values), audience=audience
    )
    if leader is not None:
        services.membership_add(community, leader, role=Role.LEADER)
    return community


def _physician(language: str, **fields) -> User:
    return UserFactory(
        user_type=UserType.PHYSICIAN,
        member_id=fields.pop("member_id", "1000001"),
        member_verified_at=timezone.now(),
        preferred_language=language,
        **fields,
    )


def _name(community: Community, language: str) -> str:
    return community.name_fr if language == "fr" else community.name_en


# Journey 1: request to join, a leader approves, the email leads inside (CO-3) ---------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_physician_asks_to_join_and_a_leader_approves_them(
    open_page, a11y, mailbox, transactional_db, language
):
    leader = _physician(language, email="leader@example.org", member_id="1000002")
    physician = _physician(language, email="asker@example.org")
    community = _community("rural-care", audience=[UserType.PHYSICIAN], leader=leader)
    name = _name(community, language)

    page = open_page(locale=LOCALES[language])
    sign_in(page, a11y, physician.email, language=language)
    page.goto(_url(language, "communities:directory"))
    a11y(page)
    page.get_by_role("link", name=name).click()
    a11y(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(name)

    page.get_by_label(_(language, "Message to the leaders")).fill("I practise in a rural town.")
    page.get_by_label(
        _(language, "I have read and accept this community's rules of engagement.")
    ).check()
    page.get_by_role("button", name=_(language, "Ask to join")).click()
    a11y(page)
    expect(
        page.get_by_text(
            _(
                language,
                "Your request to join is waiting for a leader. "
                "You will get an email with the decision.",
            )
        )
    ).to_be_visible()
    expect(page.get_by_role("button", name=_(language, "Withdraw my request"))).to_be_visible()

    leader_page = open_page(locale=LOCALES[language])
    sign_in(leader_page, a11y, leader.email, language=language)
    leader_page.goto(_url(language, "communities:detail", slug=community.slug))
    a11y(leader_page)
    leader_page.get_by_role("link", name=_(language, "Participants and requests")).click()
    a11y(leader_page)
    expect(leader_page.get_by_text("I practise in a rural town.")).to_be_visible()
    with translation.override(language):
        approve = gettext("Approve %(name)s") % {"name": physician.username}
    leader_page.get_by_role("button", name=approve).click()
    a11y(leader_page)
    expect(leader_page.get_by_text(_(language, "No request is waiting."))).to_be_visible()

    mail = mails_to(mailbox, physician.email)[-1]
    text = text_of(mail)
    with translation.override(language):
        assert gettext("Hello %(username)s,") % {"username": physician.username} in text
    page.goto(link_path(text, re.escape(_url(language, "communities:detail", slug=community.slug))))
    a11y(page)
    expect(
        page.get_by_text(_(language, "You are a participant of this community."))
    ).to_be_visible()
    assert Membership.objects.filter(community=community, user=physician).exists()


# Journey 2: a members-only community is invisible to a patient (CO-3, SPEC §0) --------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_patient_sees_a_members_only_community_neither_listed_nor_by_its_address(
    open_page, a11y, page_watch, transactional_db, language
):
    patient = UserFactory(
        email="patient@example.org", user_type=UserType.PATIENT, preferred_language=language
    )
    physician = _physician(language, email="doctor@example.org")
    members_only = _community(
        "members-lounge",
        audience=[UserType.PHYSICIAN, UserType.LEARNER],
        visibility=DirectoryVisibility.MEMBERS,
        joining=Joining.OPEN,
    )
    everyone = _community(
        "caregivers", audience=[UserType.PATIENT, UserType.PHYSICIAN], joining=Joining.OPEN
    )
    directory = _url(language, "communities:directory")
    detail = _url(language, "communities:detail", slug=members_only.slug)

    page = open_page(locale=LOCALES[language])
    sign_in(page, a11y, patient.email, language=language)
    page.goto(directory)
    a11y(page)
    expect(page.get_by_role("link", name=_name(everyone, language))).to_be_visible()
    expect(page.get_by_role("link", name=_name(members_only, language))).to_have_count(0)

    errors_before = len(page_watch.console_errors)
    response = page.goto(detail)
    a11y(page)
    assert response is not None and response.status == 404
    # Chromium logs the refused page itself on the console: that one error is the point here.
    assert page_watch.console_errors[errors_before:] == [
        "Failed to load resource: the server responded with a status of 404 (Not Found)"
    ]
    del page_watch.console_errors[errors_before:]
    expect(page.get_by_role("heading", level=1)).to_have_text(_(language, "Page not found"))
    expect(page.get_by_text(_name(members_only, language))).to_have_count(0)

    doctor_page = open_page(locale=LOCALES[language])
    sign_in(doctor_page, a11y, physician.email, language=language)
    doctor_page.goto(directory)
    a11y(doctor_page)
    doctor_page.get_by_role("link", name=_name(members_only, language)).click()
    a11y(doctor_page)
    expect(doctor_page.get_by_role("heading", level=1)).to_have_text(_name(members_only, language))
    expect(
        doctor_page.get_by_role("button", name=_(language, "Join this community"))
    ).to_be_visible()


# Journey 3: an invitation to an email without an account (CO-3) ----------------------------


@pytest.mark.parametrize(
    ("language", "user_type"), [("en", UserType.STAKEHOLDER), ("fr", UserType.PATIENT)]
)
def test_a_person_invited_by_email_signs_up_confirms_and_accepts_the_invitation(
    open_page, a11y, mailbox, settings, transactional_db, language, user_type
):
    settings.COLLEGIUM = {**settings.COLLEGIUM, "NON_MEMBERS_MAY_REGISTER": True}
    leader = _physician(language, email="leader@example.org")
    community = _community(
        "shared-decisions",
        audience=[UserType.PHYSICIAN, UserType.PATIENT, UserType.STAKEHOLDER],
        joining=Joining.INVITATION,
        leader=leader,
    )
    name = _name(community, language)

    leader_page = open_page(locale=LOCALES[language])
    sign_in(leader_page, a11y, leader.email, language=language)
    leader_page.goto(_url(language, "communities:manage_members", slug=community.slug))
    a11y(leader_page)
    leader_page.get_by_label(_(language, "Username or email address")).fill("Newcomer@Example.org")
    leader_page.get_by_role("button", name=_(language, "Send the invitation")).click()
    a11y(leader_page)
    expect(leader_page.get_by_text(_(language, "The invitation is sent."))).to_be_visible()
    expect(leader_page.get_by_text("newcomer@example.org")).to_be_visible()

    invitation_text = text_of(mails_to(mailbox, "newcomer@example.org")[-1])
    invitation_path = link_path(invitation_text, rf"/{language}/\S+")

    page = open_page(locale=LOCALES[language])
    page.goto(invitation_path)
    a11y(page)
    with translation.override(language):
        invited_heading = gettext("You are invited to %(name)s") % {"name": name}
    expect(page.get_by_role("heading", level=1)).to_have_text(invited_heading)
    page.get_by_role("link", name=_(language, "Create an account")).first.click()
    a11y(page)

    page.get_by_label(_(language, "Email"), exact=True).fill("newcomer@example.org")
    page.get_by_label(_(language, "Password"), exact=True).fill(PASSWORD)
    page.get_by_label(_(language, "Password (again)")).fill(PASSWORD)
    page.get_by_label(_label(language, user_type), exact=True).check()
    page.get_by_label(
        _(language, "I accept the terms of use, the privacy policy and the community guidelines.")
    ).check()
    page.get_by_role("button", name=_(language, "Create my account")).click()
    a11y(page)

    confirmation = text_of(mails_to(mailbox, "newcomer@example.org")[-1])
    page.goto(link_path(confirmation, r"/accounts/confirm-email/\S+/"))
    a11y(page)
    page.get_by_role("button", name=_(language, "Confirm")).click()
    a11y(page)

    expect(page.get_by_role("heading", level=1)).to_have_text(invited_heading)
    page.get_by_label(
        _(language, "I have read and accept this community's rules of engagement.")
    ).check()
    page.get_by_role("button", name=_(language, "Accept the invitation")).click()
    a11y(page)

    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(
        page.get_by_text(_(language, "You are a participant of this community."))
    ).to_be_visible()
    newcomer = User.objects.get(email="newcomer@example.org")
    assert newcomer.user_type == user_type
    assert Membership.objects.filter(community=community, user=newcomer).exists()


# The leaders' tools and the directory (CO-4, CO-5) -------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_malformed_invitation_shows_the_problem_next_to_the_field_and_keeps_the_text(
    open_page, a11y, mailbox, transactional_db, language
):
    leader = _physician(language, email="leader@example.org")
    community = _community("palliative", audience=[UserType.PHYSICIAN], leader=leader)

    page = open_page(locale=LOCALES[language])
    sign_in(page, a11y, leader.email, language=language)
    page.goto(_url(language, "communities:manage_members", slug=community.slug))
    a11y(page)
    field = page.get_by_label(_(language, "Username or email address"))
    field.fill("someone@")
    page.get_by_role("button", name=_(language, "Send the invitation")).click()
    a11y(page)

    expect(page.locator("#id_target_error")).to_contain_text(
        _(language, "Enter a username or a valid email address.")
    )
    expect(field).to_have_value("someone@")
    expect(field).to_have_attribute("aria-invalid", "true")
    assert not list(mailbox.glob("*.eml"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_directory_filters_by_language_kind_and_what_one_can_join(
    open_page, a11y, transactional_db, language
):
    viewer = _physician(language, email="browser@example.org")
    english = _community(
        "english-only", audience=[UserType.PHYSICIAN], language=CommunityLanguage.EN,
        kind=CommunityKind.ASSOCIATION, joining=Joining.OPEN,
    )  # fmt: skip
    french = _community(
        "francophone", audience=[UserType.PHYSICIAN], language=CommunityLanguage.FR,
        kind=CommunityKind.MEMBER,
    )  # fmt: skip
    invitation_only = _community(
        "by-invitation", audience=[UserType.PHYSICIAN], joining=Joining.INVITATION,
        kind=CommunityKind.MEMBER,
    )  # fmt: skip
    for_patients = _community(
        "patients-only", audience=[UserType.PATIENT], joining=Joining.OPEN,
        kind=CommunityKind.ASSOCIATION,
    )  # fmt: skip
    already_in = _community(
        "already-in", audience=[UserType.PHYSICIAN], joining=Joining.OPEN,
        kind=CommunityKind.MEMBER,
    )  # fmt: skip
    services.membership_add(already_in, viewer)
    everything = [english, french, invitation_only, for_patients, already_in]

    page = open_page(locale=LOCALES[language])
    sign_in(page, a11y, viewer.email, language=language)
    page.goto(_url(language, "communities:directory"))
    a11y(page)

    def listed(*expected: Community) -> None:
        for community in everything:
            link = page.locator(".community-list").get_by_role(
                "link", name=_name(community, language), exact=True
            )
            expect(link).to_have_count(1 if community in expected else 0)

    listed(*everything)
    filter_button = page.get_by_role("button", name=_(language, "Filter"))

    page.get_by_label(_(language, "Language")).select_option(label=_(language, "French"))
    filter_button.click()
    a11y(page)
    listed(french, invitation_only, for_patients, already_in)
    expect(page.get_by_label(_(language, "Language"))).to_have_value("fr")

    page.get_by_label(_(language, "Language")).select_option(value="")
    page.get_by_label(_(language, "Kind")).select_option(
        label=_label(language, CommunityKind.ASSOCIATION)
    )
    filter_button.click()
    a11y(page)
    listed(english, for_patients)

    page.get_by_label(_(language, "Kind")).select_option(value="")
    page.get_by_label(_(language, "Only communities I can join")).check()
    filter_button.click()
    a11y(page)
    listed(english, french)
    expect(page.get_by_label(_(language, "Only communities I can join"))).to_be_checked()

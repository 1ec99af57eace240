"""Steps that many browser journeys share."""

import re
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import urlsplit

from collegium.accounts.tests.factories import TEST_PASSWORD


def sign_in(page, a11y, email: str, *, password: str = TEST_PASSWORD, language: str = "en"):
    """Sign in with email and password on the sign-in page, as a person would."""
    page.goto(f"/{language}/accounts/login/")
    a11y(page)
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    page.locator("form.form button[type=submit]").first.click()
    a11y(page)


def translated(language: str, message: str, *, context: str = "") -> str:
    """A message of the interface as a reader of ``language`` sees it."""
    from django.utils import translation
    from django.utils.translation import gettext, pgettext

    with translation.override(language):
        return pgettext(context, message) if context else gettext(message)


def url_in(language: str, name: str, **kwargs: object) -> str:
    """A page's address in ``language`` (URL segments are translated)."""
    from django.urls import reverse
    from django.utils import translation

    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def press(page, locator) -> None:
    """Click a button or link that loads a page, and wait for that page (not the old one)."""
    with page.expect_navigation():
        locator.click()


def verified_person(
    language: str, email: str, username: str, member_id: str, *, user_type: str = "", **fields
):
    """A verified member (a physician unless told) who reads the platform in ``language``."""
    from django.utils import timezone

    from collegium.accounts.choices import UserType
    from collegium.accounts.tests.factories import UserFactory

    return UserFactory(
        email=email,
        username=username,
        user_type=user_type or UserType.PHYSICIAN,
        member_id=member_id,
        member_verified_at=timezone.now(),
        preferred_language=language,
        **fields,
    )


def bilingual_community(slug: str, *people, leader, name_en: str, name_fr: str, **fields):
    """A bilingual community joined by request, for physicians and learners, with its leader
    and participants."""
    from collegium.accounts.choices import UserType
    from collegium.communities import services as community_services
    from collegium.communities.choices import CommunityLanguage, Joining, Role
    from collegium.communities.models import Community

    fields.setdefault("description_en", f"About {name_en}.")
    fields.setdefault("description_fr", f"À propos de {name_fr}.")
    community = community_services.community_save(
        actor=None,
        community=Community(
            slug=slug,
            name_en=name_en,
            name_fr=name_fr,
            joining=Joining.REQUEST,
            language=CommunityLanguage.BOTH,
            **fields,
        ),
        audience=[UserType.PHYSICIAN, UserType.LEARNER],
    )
    community_services.membership_add(community, leader, role=Role.LEADER)
    for person in people:
        community_services.membership_add(community, person)
    return community


def mails_to(mailbox: Path, address: str) -> list[EmailMessage]:
    """Every message sent to ``address`` (from the ``mailbox`` fixture), oldest first."""
    found = []
    for path in sorted(mailbox.glob("*.eml")):
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        if address.lower() in str(message["To"]).lower():
            assert isinstance(message, EmailMessage)
            found.append(message)
    return found


def text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


def link_path(text: str, pattern: str) -> str:
    """The path of the first link matching ``pattern``: emails name the configured site
    (BASE_URL), the browser visits the live server."""
    found = re.search(rf"https?://\S*{pattern}", text)
    assert found is not None, f"no link matching {pattern} in:\n{text}"
    parts = urlsplit(found.group(0))
    return parts.path + (f"?{parts.query}" if parts.query else "")

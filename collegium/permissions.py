"""The one permission policy: every "may X do Y to Z" is answered here (STYLE.md).

``can_*`` answer yes or no (templates, selectors); ``check_*`` raise ``PermissionDenied`` with a
reason the person can read; ``visible_*`` filter querysets to what a viewer may see.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from collegium.accounts.choices import Audience

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from collegium.accounts.models import Profile, User

    Viewer = User | AnonymousUser


def _is_signed_in(viewer: Viewer) -> bool:
    return bool(viewer.is_authenticated and viewer.is_active)


# People and identity (ID) ---------------------------------------------------------------------


def can_change_username(actor: Viewer, user: User) -> bool:
    """Staff always; the person themselves only where the platform allows it (ID-4)."""
    if not _is_signed_in(actor):
        return False
    if actor.is_association_staff:  # type: ignore[union-attr]
        return True
    return actor.pk == user.pk and bool(settings.COLLEGIUM["USERS_MAY_CHANGE_USERNAME"])


def check_change_username(actor: Viewer, user: User) -> None:
    if not can_change_username(actor, user):
        raise PermissionDenied(
            _("Usernames are changed by the association's staff. Write to %(email)s.")
            % {"email": settings.COLLEGIUM["CONTACT_EMAIL"]}
        )


def can_review_member_claims(actor: Viewer) -> bool:
    return _is_signed_in(actor) and actor.is_association_staff  # type: ignore[union-attr]


def check_review_member_claims(actor: Viewer) -> None:
    if not can_review_member_claims(actor):
        raise PermissionDenied(_("Only association staff can verify member IDs."))


def visible_people(viewer: Viewer, queryset: QuerySet[User]) -> QuerySet[User]:
    """Profiles are for people who are signed in; deleted accounts have none (SPEC §0)."""
    if not _is_signed_in(viewer):
        return queryset.none()
    return queryset.filter(is_active=True, deleted_at__isnull=True)


def can_view_profile_field(viewer: Viewer, profile: Profile, field: str) -> bool:
    """Each profile field is shown to the audience its owner chose (ID-5)."""
    if not _is_signed_in(viewer):
        return False
    if viewer.pk == profile.user_id or viewer.is_association_staff:  # type: ignore[union-attr]
        return True
    audience = profile.audience_of(field)
    if audience == Audience.SIGNED_IN:
        return True
    if audience == Audience.MEMBERS:
        return bool(viewer.is_member)  # type: ignore[union-attr]
    return False

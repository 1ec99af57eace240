"""Reads of accounts, given the viewer."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.http import Http404

from collegium import permissions
from collegium.accounts.choices import ClaimStatus, ConsentDocument
from collegium.accounts.models import (
    Consent,
    MemberClaim,
    Profile,
    RosterEntry,
    User,
    UsernameChange,
)
from collegium.pages.models import Page
from collegium.pages.services import CONSENT_VERSIONS_CACHE_KEY


def consent_versions_current() -> dict[str, int]:
    """The version number of the terms of use and of the privacy page now in force."""
    versions = cache.get(CONSENT_VERSIONS_CACHE_KEY)
    if versions is None:
        versions = {
            slug: number or 0
            for slug, number in Page.objects.filter(slug__in=ConsentDocument.values).values_list(
                "slug", "current_version__number"
            )
        }
        cache.set(CONSENT_VERSIONS_CACHE_KEY, versions, timeout=300)
    return dict(versions)


def consents_missing(*, user: User) -> dict[str, int]:
    """The documents whose current version the person has not accepted yet (ID-6)."""
    current = consent_versions_current()
    accepted = set(
        Consent.objects.filter(user=user, document__in=current).values_list("document", "version")
    )
    return {doc: version for doc, version in current.items() if (doc, version) not in accepted}


@dataclass(frozen=True)
class ProfileLookup:
    user: User | None
    # Set when the username is an old one: the caller redirects there (ID-4).
    current_username: str | None = None


def profile_get(*, viewer: User, username: str) -> ProfileLookup:
    """A person's account and profile by username, or by a username they had before."""
    people = permissions.visible_people(viewer, User.objects.all())
    user = (
        people.select_related("profile").prefetch_related("profile__interests")
        .filter(username=username).first()
    )  # fmt: skip
    if user is not None:
        return ProfileLookup(user=user)
    change = UsernameChange.objects.filter(old_username__iexact=username).select_related("user")
    former = change.first()
    if former is not None and people.filter(pk=former.user_id).exists():
        return ProfileLookup(user=None, current_username=former.user.username)
    raise Http404


def profile_fields_for(*, viewer: User, profile: Profile) -> dict[str, bool]:
    """Which of the profile's fields this viewer may see."""
    from collegium.accounts.models import PROFILE_FIELDS_WITH_AUDIENCE

    return {
        field: permissions.can_view_profile_field(viewer, profile, field)
        for field in PROFILE_FIELDS_WITH_AUDIENCE
    }


def member_claim_pending_for(*, user: User) -> MemberClaim | None:
    return MemberClaim.objects.filter(user=user, status=ClaimStatus.PENDING).first()


def member_claim_latest_for(*, user: User) -> MemberClaim | None:
    return MemberClaim.objects.filter(user=user).order_by("-created_at").first()


def member_claim_queue(*, viewer: User) -> list[tuple[MemberClaim, RosterEntry | None]]:
    """Claims waiting for staff, oldest first, each beside what the roster says (2 queries)."""
    permissions.check_review_member_claims(viewer)
    claims = list(MemberClaim.objects.filter(status=ClaimStatus.PENDING).select_related("user"))
    roster = {
        entry.member_id: entry
        for entry in RosterEntry.objects.filter(member_id__in={c.member_id for c in claims})
    }
    return [(claim, roster.get(claim.member_id)) for claim in claims]


@dataclass(frozen=True)
class GettingStarted:
    """The getting-started checklist of the signed-in home page (ID-5)."""

    profile_complete: bool
    guidelines_read: bool
    communities_browsed: bool

    @property
    def is_done(self) -> bool:
        return self.profile_complete and self.guidelines_read and self.communities_browsed


def getting_started(*, user: User) -> GettingStarted:
    profile = Profile.objects.filter(user=user).first() or Profile(user=user)
    return GettingStarted(
        profile_complete=profile.is_complete,
        guidelines_read=profile.guidelines_read_at is not None,
        communities_browsed=profile.communities_browsed_at is not None,
    )

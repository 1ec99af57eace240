"""Writes to accounts: creation, usernames, member verification, profiles, consent (SPEC ID)."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from collegium import permissions
from collegium.accounts.choices import (
    ClaimStatus,
    ConsentDocument,
    RosterStatus,
    StaffRole,
    UserType,
)
from collegium.accounts.models import (
    PROFILE_FIELDS_WITH_AUDIENCE,
    Consent,
    MemberClaim,
    Profile,
    RosterEntry,
    User,
    UsernameChange,
)
from collegium.core.models import Tag
from collegium.core.tasks import deliver_user_mail

USERNAME_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{1,28}[a-z0-9])$")
# Words that read the same in English and French, so a generated name suits everyone (ID-4).
USERNAME_WORDS = (
    "atlas", "aurora", "balsam", "boreal", "cedar", "cobalt", "delta", "echo", "fjord",
    "glacier", "granite", "horizon", "iris", "jade", "lagoon", "lichen", "lotus", "lynx",
    "meridian", "nova", "opal", "orca", "prairie", "quartz", "sierra", "solstice", "taiga",
    "tundra", "zenith", "ginkgo", "alder", "heron", "caribou", "beluga", "kestrel", "vireo",
)  # fmt: skip


# Creation -----------------------------------------------------------------------------------


@transaction.atomic
def user_create(
    *,
    email: str,
    password: str | None,
    username: str | None = None,
    user_type: str = UserType.PUBLIC,
    staff_role: str = StaffRole.NONE,
    first_name: str = "",
    last_name: str = "",
    preferred_language: str = "en",
    email_verified: bool = False,
) -> User:
    """Create an account with an assigned username and an empty profile."""
    user = User(
        email=User.objects.normalize_email(email).lower(),
        username=username or username_generate(),
        user_type=user_type,
        staff_role=staff_role,
        first_name=first_name,
        last_name=last_name,
        preferred_language=preferred_language,
        is_staff=staff_role in {StaffRole.STAFF, StaffRole.ADMINISTRATOR},
        is_superuser=staff_role == StaffRole.ADMINISTRATOR,
    )
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.full_clean()
    user.save()
    Profile.objects.create(user=user)
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=email_verified)
    return user


def profile_ensure(*, user: User) -> Profile:
    """The person's profile, created empty the first time (accounts made by allauth)."""
    profile, _created = Profile.objects.get_or_create(user=user)
    return profile


# Usernames (ID-4) ----------------------------------------------------------------------------


def _username_taken(username: str, *, except_user: User | None = None) -> bool:
    current = User.objects.filter(username__iexact=username)
    former = UsernameChange.objects.filter(old_username__iexact=username)
    if except_user is not None:
        current = current.exclude(pk=except_user.pk)
        former = former.exclude(user=except_user)
    return current.exists() or former.exists()


def username_generate() -> str:
    """A readable, unique handle such as ``glacier-iris-42``; never derived from the email."""
    for digits in (2, 2, 3, 3, 4, 6):
        first, second = secrets.choice(USERNAME_WORDS), secrets.choice(USERNAME_WORDS)
        if first == second:
            continue
        candidate = f"{first}-{second}-{secrets.randbelow(10**digits)}"
        if not _username_taken(candidate):
            return candidate
    return f"member-{secrets.token_hex(6)}"


def username_validate(username: str, *, user: User) -> str:
    """Normalise a requested username, or raise a ValidationError that says what is wrong."""
    candidate = username.strip().lower()
    if not USERNAME_PATTERN.match(candidate):
        raise ValidationError(
            _(
                "Use 3 to 30 lowercase letters without accents, digits and hyphens, "
                "starting and ending with a letter or digit."
            ),
            code="format",
        )
    if "@" in username or candidate in {slugify(user.email), user.email.split("@")[0].lower()}:
        raise ValidationError(_("A username must not reveal your email address."), code="email")
    if _username_taken(candidate, except_user=user):
        raise ValidationError(_("This username is already taken."), code="taken")
    return candidate


@transaction.atomic
def username_change(*, actor: User, user: User, username: str) -> User:
    """Give someone a new username; the old one keeps leading to their profile (ID-4)."""
    permissions.check_change_username(actor, user)
    new_username = username_validate(username, user=user)
    if new_username == user.username:
        return user
    UsernameChange.objects.create(
        user=user, old_username=user.username, new_username=new_username, changed_by=actor
    )
    user.username = new_username
    user.full_clean()
    user.save(update_fields=["username"])
    return user


# Member verification (ID-3) -----------------------------------------------------------------


def member_id_normalise(member_id: str) -> str:
    return re.sub(r"[\s-]", "", member_id or "").upper()


def member_id_validate(member_id: str) -> str:
    """Check the shape of a member ID, before anything is looked up."""
    normalised = member_id_normalise(member_id)
    if not re.match(settings.COLLEGIUM["MEMBER_ID_PATTERN"], normalised):
        raise ValidationError(
            _("This does not look like a %(label)s. Check it on your membership card."),
            code="format",
            params={"label": member_id_label()},
        )
    return normalised


def member_id_label() -> str:
    from django.utils.translation import get_language

    suffix = "FR" if (get_language() or "en").startswith("fr") else "EN"
    return str(settings.COLLEGIUM[f"MEMBER_ID_LABEL_{suffix}"])


def member_id_problem(member_id: str, *, user: User | None = None) -> ValidationError | None:
    """Why a well-formed member ID cannot be claimed: held by another account, or not on the
    roster. ``None`` when it can."""
    holders = User.objects.filter(member_id=member_id)
    if user is not None:
        holders = holders.exclude(pk=user.pk)
    if holders.exists():
        return ValidationError(
            _(
                "This %(label)s is already linked to another account. If it is yours, "
                "write to %(email)s."
            ),
            code="claimed",
            params={"label": member_id_label(), "email": settings.COLLEGIUM["CONTACT_EMAIL"]},
        )
    if not RosterEntry.objects.filter(member_id=member_id).exists():
        return ValidationError(
            _(
                "We cannot find this %(label)s on the membership roster. Check it, or write "
                "to %(email)s."
            ),
            code="not_on_roster",
            params={"label": member_id_label(), "email": settings.COLLEGIUM["CONTACT_EMAIL"]},
        )
    return None


def _has_verified_email(user: User) -> bool:
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


@transaction.atomic
def member_claim_submit(*, user: User, member_id: str) -> MemberClaim:
    """Claim a member ID: verified at once when the roster agrees, otherwise queued for staff."""
    if user.is_member:
        raise ValidationError(_("Your membership is already verified."), code="verified")
    normalised = member_id_validate(member_id)
    problem = member_id_problem(normalised, user=user)
    if problem is not None:
        raise problem
    entry = RosterEntry.objects.get(member_id=normalised)
    MemberClaim.objects.filter(user=user, status=ClaimStatus.PENDING).delete()
    # The user type follows the roster only once the claim is verified.
    claim = MemberClaim.objects.create(user=user, member_id=normalised)
    _claim_evaluate(claim, entry)
    return claim


def _claim_evaluate(claim: MemberClaim, entry: RosterEntry | None) -> None:
    """Verify a pending claim when the roster has the ID, active, under the person's
    verified email address; otherwise leave it for staff."""
    user = claim.user
    if (
        entry is not None
        and entry.status == RosterStatus.ACTIVE
        and entry.email.lower() == user.email.lower()
        and _has_verified_email(user)
    ):
        _claim_decide_verified(claim, entry=entry, actor=None)


def member_claims_reevaluate(*, user: User) -> None:
    """After the person confirms their email address, the roster may now agree."""
    for claim in MemberClaim.objects.filter(user=user, status=ClaimStatus.PENDING):
        try:
            with transaction.atomic():
                _claim_evaluate(
                    claim, RosterEntry.objects.filter(member_id=claim.member_id).first()
                )
        except ValidationError:
            # Another account holds the ID by now: the claim stays in the staff queue.
            continue


def _claim_decide_verified(
    claim: MemberClaim, *, entry: RosterEntry | None, actor: User | None
) -> None:
    user = claim.user
    now = timezone.now()
    user.member_id = claim.member_id
    user.member_verified_at = now
    if entry is not None:
        user.user_type = entry.member_type
    try:
        with transaction.atomic():
            user.save(update_fields=["member_id", "member_verified_at", "user_type"])
    except IntegrityError as error:
        raise ValidationError(
            _("This %(label)s is already linked to another account."),
            code="claimed",
            params={"label": member_id_label()},
        ) from error
    claim.status = ClaimStatus.VERIFIED
    claim.is_automatic = actor is None
    claim.decided_at = now
    claim.decided_by = actor
    claim.save(update_fields=["status", "is_automatic", "decided_at", "decided_by"])
    transaction.on_commit(lambda: deliver_user_mail(user.pk, "accounts/email/member_verified", {}))


@transaction.atomic
def member_claim_verify(*, actor: User, claim: MemberClaim) -> MemberClaim:
    """Staff confirm a claim the roster could not (ID-3)."""
    permissions.check_review_member_claims(actor)
    # Two staff deciding at once: the second sees the first one's decision.
    claim = MemberClaim.objects.select_for_update().select_related("user").get(pk=claim.pk)
    if claim.status != ClaimStatus.PENDING:
        raise ValidationError(_("This claim has already been decided."), code="decided")
    entry = RosterEntry.objects.filter(member_id=claim.member_id).first()
    _claim_decide_verified(claim, entry=entry, actor=actor)
    return claim


@transaction.atomic
def member_claim_reject(*, actor: User, claim: MemberClaim, reason: str) -> MemberClaim:
    """Staff turn a claim down with a reason the person reads in their email (ID-3)."""
    permissions.check_review_member_claims(actor)
    claim = MemberClaim.objects.select_for_update().select_related("user").get(pk=claim.pk)
    if claim.status != ClaimStatus.PENDING:
        raise ValidationError(_("This claim has already been decided."), code="decided")
    if not reason.strip():
        raise ValidationError(
            {
                "reason": ValidationError(
                    _("Tell the person why, so they know what to do next."), code="required"
                )
            }
        )
    claim.status = ClaimStatus.REJECTED
    claim.reason = reason.strip()
    claim.decided_at = timezone.now()
    claim.decided_by = actor
    claim.save(update_fields=["status", "reason", "decided_at", "decided_by"])
    user_id, context = claim.user_id, {"reason": claim.reason, "member_id": claim.member_id}
    transaction.on_commit(
        lambda: deliver_user_mail(user_id, "accounts/email/member_rejected", context)
    )
    return claim


def member_sso_verify(*, user: User, member_id: str) -> None:
    """The association's identity provider states the member ID: verified without the queue,
    unless another account already holds it (then staff decide)."""
    normalised = member_id_normalise(member_id)
    if user.is_member or not normalised:
        return
    with transaction.atomic():
        MemberClaim.objects.filter(user=user, status=ClaimStatus.PENDING).delete()
        claim = MemberClaim.objects.create(user=user, member_id=normalised)
        if User.objects.filter(member_id=normalised).exclude(pk=user.pk).exists():
            return
        _claim_decide_verified(
            claim, entry=RosterEntry.objects.filter(member_id=normalised).first(), actor=None
        )


# Profiles (ID-5) -----------------------------------------------------------------------------


def tags_from_text(text: str) -> list[Tag]:
    """Tags for comma-separated words, created when new (at most 10, each at most 50 chars)."""
    names: dict[str, str] = {}
    for raw in text.split(","):
        name = " ".join(raw.split())[:50]
        slug = slugify(name, allow_unicode=True)
        if slug and slug not in names:
            names[slug] = name
    if len(names) > 10:
        raise ValidationError(_("Choose at most 10 interests."), code="too_many")
    existing = {tag.slug: tag for tag in Tag.objects.filter(slug__in=names)}
    for slug, name in names.items():
        if slug not in existing:
            existing[slug] = Tag.objects.create(slug=slug, name=name)
    return [existing[slug] for slug in names]


@transaction.atomic
def profile_update(
    *,
    user: User,
    display_name: str,
    background: str,
    interests: Iterable[Tag],
    province: str,
    specialty: str,
    conflict_of_interest: str,
    preferred_language: str,
    visibility: dict[str, str],
    photo: ContentFile | None = None,
    remove_photo: bool = False,
) -> Profile:
    """Save what a person says about themselves and who may see it."""
    profile = profile_ensure(user=user)
    profile.display_name = display_name.strip()
    profile.background = background.strip()
    profile.province = province
    profile.specialty = specialty.strip()
    profile.conflict_of_interest = conflict_of_interest.strip()
    profile.visibility = {
        field: visibility[field] for field in PROFILE_FIELDS_WITH_AUDIENCE if field in visibility
    }
    old_photo = profile.photo.name if profile.photo else ""
    if remove_photo:
        profile.photo = None
    if photo is not None:
        profile.photo.save(photo.name or "photo.webp", photo, save=False)
    profile.full_clean()
    profile.save()
    profile.interests.set(list(interests))
    if old_photo and (remove_photo or photo is not None):
        storage = profile.photo.storage
        transaction.on_commit(lambda: storage.delete(old_photo))
    if preferred_language != user.preferred_language:
        user.preferred_language = preferred_language
        user.full_clean()
        user.save(update_fields=["preferred_language"])
    return profile


def profile_mark_guidelines_read(*, user: User) -> None:
    """The "read the guidelines" step of getting started (ID-5)."""
    Profile.objects.filter(user=user, guidelines_read_at__isnull=True).update(
        guidelines_read_at=timezone.now()
    )


def profile_mark_communities_browsed(*, user: User) -> None:
    """The "browse the communities" step of getting started (ID-5)."""
    Profile.objects.filter(user=user, communities_browsed_at__isnull=True).update(
        communities_browsed_at=timezone.now()
    )


# Consent (ID-6) ------------------------------------------------------------------------------


def consent_record(*, user: User, versions: dict[str, int]) -> None:
    """Record that the person accepted these versions of the terms and the privacy policy."""
    for document, version in versions.items():
        if document not in ConsentDocument.values:
            raise ValueError(document)
        Consent.objects.get_or_create(user=user, document=document, version=version)


# Community guidelines (MO-4) -----------------------------------------------------------------


def guidelines_accept(*, user: User, version: int | None = None) -> User:
    """Record that the person accepted the community guidelines (MO-4).

    ``version`` is the one the person was shown, refused if the guidelines changed since; None
    accepts the version in force, where the guidelines are linked rather than shown (sign-up)."""
    from collegium.pages.selectors import guidelines_version_in_force

    current = guidelines_version_in_force()
    if version is not None and version != current:
        raise ValidationError(
            _(
                "The community guidelines changed while you were reading them: read the new "
                "version and accept it."
            ),
            code="stale",
        )
    if user.guidelines_version_accepted < current:
        user.guidelines_version_accepted = current
        user.save(update_fields=["guidelines_version_accepted"])
    return user

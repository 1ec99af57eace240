"""Data rights (SPEC ID-6): download everything about me; delete my account.

Every app that stores something a person wrote or set registers an exporter and an eraser here,
so that neither the download nor the deletion forgets a later capability.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from collegium.accounts.models import Profile, User

# An exporter returns JSON-ready data and may add files to the archive under its own folder.
Exporter = Callable[[User, zipfile.ZipFile], dict[str, Any]]
# An eraser removes (erase=True) or keeps under the anonymous account (erase=False) what the
# person wrote in one app.
Eraser = Callable[[User, bool], None]

EXPORTERS: dict[str, Exporter] = {}
ERASERS: dict[str, Eraser] = {}


def register(name: str, *, exporter: Exporter, eraser: Eraser | None = None) -> None:
    EXPORTERS[name] = exporter
    if eraser is not None:
        ERASERS[name] = eraser


def _export_account(user: User, archive: zipfile.ZipFile) -> dict[str, Any]:
    profile = Profile.objects.filter(user=user).prefetch_related("interests").first()
    data: dict[str, Any] = {
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "user_type": user.user_type,
        "staff_role": user.staff_role,
        "preferred_language": user.preferred_language,
        "member_id": user.member_id,
        "member_verified_at": user.member_verified_at,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "email_addresses": list(
            EmailAddress.objects.filter(user=user).values("email", "verified", "primary")
        ),
        "single_sign_on": list(
            SocialAccount.objects.filter(user=user).values("provider", "uid", "date_joined")
        ),
        "second_factors": list(
            Authenticator.objects.filter(user=user).values("type", "created_at", "last_used_at")
        ),
        "member_claims": list(
            user.member_claims.values("member_id", "status", "reason", "created_at", "decided_at")
        ),
        "username_changes": list(
            user.username_changes.values("old_username", "new_username", "changed_at")
        ),
        "consents": list(user.consents.values("document", "version", "accepted_at")),
    }
    if profile is not None:
        data["profile"] = {
            "display_name": profile.display_name,
            "background": profile.background,
            "interests": [tag.name for tag in profile.interests.all()],
            "province": profile.province,
            "specialty": profile.specialty,
            "conflict_of_interest": profile.conflict_of_interest,
            "visibility": profile.visibility,
            "photo": f"files/{profile.photo.name}" if profile.photo else None,
        }
        if profile.photo:
            with profile.photo.open("rb") as photo:
                archive.writestr(f"files/{profile.photo.name}", photo.read())
    return data


register("account", exporter=_export_account)


def account_export(*, user: User) -> bytes:
    """A zip: ``collegium.json`` with everything the person wrote and set, and ``files/``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        data: dict[str, Any] = {
            name: exporter(user, archive) for name, exporter in EXPORTERS.items()
        }
        data["exported_at"] = timezone.now()
        archive.writestr(
            "collegium.json",
            json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        )
    return buffer.getvalue()


@transaction.atomic
def account_delete(*, user: User, erase_content: bool) -> None:
    """Delete an account. Kept content stays under an anonymous "former member" account;
    confidential feedback was never linked to a name in reports and stays aggregated."""
    for eraser in ERASERS.values():
        eraser(user, erase_content)
    profile = Profile.objects.filter(user=user).first()
    if profile is not None and profile.photo:
        storage, name = profile.photo.storage, profile.photo.name
        transaction.on_commit(lambda: storage.delete(name))
    if erase_content:
        user.delete()
        return
    Profile.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    SocialAccount.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    user.member_claims.all().delete()
    user.username_changes.all().delete()
    user.username = f"former-member-{user.pk}"
    user.email = f"former-member-{user.pk}@deleted.invalid"
    user.first_name = user.last_name = ""
    user.member_id = None
    user.is_active = False
    user.is_staff = user.is_superuser = False
    user.staff_role = ""
    user.deleted_at = timezone.now()
    user.set_unusable_password()
    user.save()

"""Writes to accounts. Registration proper arrives with SPEC ID-2 (django-allauth)."""

from django.db import transaction

from collegium.accounts.choices import StaffRole, UserType
from collegium.accounts.models import User


@transaction.atomic
def user_create(
    *,
    email: str,
    username: str,
    password: str | None,
    user_type: str = UserType.PUBLIC,
    staff_role: str = StaffRole.NONE,
    first_name: str = "",
    last_name: str = "",
    preferred_language: str = "en",
) -> User:
    """Create an account; staff roles also grant the matching Django admin flags."""
    user = User(
        email=User.objects.normalize_email(email).lower(),
        username=username,
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
    return user

import pytest
from django.utils import timezone

from collegium.accounts.choices import StaffRole, UserType
from collegium.accounts.tests.factories import UserFactory


@pytest.fixture
def member(db):
    """A verified physician."""
    return UserFactory(
        user_type=UserType.PHYSICIAN, member_id="1000001", member_verified_at=timezone.now(),
        username="dr-member",
    )  # fmt: skip


@pytest.fixture
def leader(db):
    return UserFactory(
        user_type=UserType.PHYSICIAN, member_id="1000002", member_verified_at=timezone.now(),
        username="dr-leader", preferred_language="fr",
    )  # fmt: skip


@pytest.fixture
def staff(db):
    return UserFactory(staff_role=StaffRole.STAFF, is_staff=True, username="staff-person")

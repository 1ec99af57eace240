"""Fixtures shared by every test: one user per role (STYLE.md: fixtures per role)."""

import pytest

from collegium.accounts.choices import StaffRole, UserType
from collegium.accounts.tests.factories import UserFactory


@pytest.fixture
def physician(db):
    return UserFactory(user_type=UserType.PHYSICIAN, username="dr-test")


@pytest.fixture
def patient(db):
    return UserFactory(user_type=UserType.PATIENT, username="patient-test")


@pytest.fixture
def staff_user(db):
    return UserFactory(
        user_type=UserType.PUBLIC, staff_role=StaffRole.STAFF, is_staff=True, username="staff-test"
    )

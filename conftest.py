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


DATABASE_FIXTURES = ("_django_db_helper", "db", "transactional_db", "live_server")


@pytest.fixture(autouse=True)
def _empty_cache(request):
    """Rate limits and cached answers live in the cache, which no database rollback empties."""
    if not any(name in request.fixturenames for name in DATABASE_FIXTURES):
        yield
        return
    from django.core.cache import cache

    request.getfixturevalue("_django_db_helper")
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_unless_a_test_says_otherwise():
    """A request in French leaves French active in the thread; each test starts in English."""
    from django.utils import translation

    with translation.override("en"):
        yield

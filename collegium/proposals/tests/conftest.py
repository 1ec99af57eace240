import pytest

from collegium.accounts.choices import StaffRole, UserType
from collegium.accounts.tests.factories import UserFactory, verified_member
from collegium.communities.tests.factories import make_community


@pytest.fixture
def author(db):
    return verified_member("dr-author", "7000001")


@pytest.fixture
def member(db):
    return verified_member("dr-supporter", "7000002")


@pytest.fixture
def second_member(db):
    return verified_member("resident-second", "7000003", user_type=UserType.LEARNER)


@pytest.fixture
def outsider(db):
    """A verified member who takes part in no community."""
    return verified_member("dr-outside", "7000004")


@pytest.fixture
def leader(db):
    return verified_member("dr-leader", "7000005")


@pytest.fixture
def non_member(db):
    """Signed in, but not a verified member: an allied health provider."""
    return UserFactory(user_type=UserType.ALLIED_HEALTH, username="nurse-reader")


@pytest.fixture
def staff(db):
    return UserFactory(staff_role=StaffRole.STAFF, is_staff=True, username="staff-decider")


@pytest.fixture
def moderator(db):
    return UserFactory(staff_role=StaffRole.MODERATOR, username="moderator-mo")


@pytest.fixture
def community(leader, author, member):
    """A private community: its proposals are for its participants."""
    return make_community("Rural medicine", leaders=[leader], participants=[author, member])

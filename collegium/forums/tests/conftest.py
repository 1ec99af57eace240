import pytest

from collegium.accounts.choices import StaffRole, UserType
from collegium.accounts.tests.factories import UserFactory, verified_member
from collegium.communities.tests.factories import make_community


@pytest.fixture
def leader(db):
    return verified_member("dr-leader", "2000001", preferred_language="fr")


@pytest.fixture
def asker(db):
    return verified_member("learner-asker", "2000002", user_type=UserType.LEARNER)


@pytest.fixture
def replier(db):
    return verified_member("dr-replier", "2000003")


@pytest.fixture
def third(db):
    return verified_member("dr-third", "2000004")


@pytest.fixture
def outsider(db):
    return verified_member("dr-outsider", "2000005")


@pytest.fixture
def moderator(db):
    return UserFactory(staff_role=StaffRole.MODERATOR, is_staff=True, username="mod-person")


@pytest.fixture
def staff(db):
    return UserFactory(staff_role=StaffRole.STAFF, is_staff=True, username="staff-person")


@pytest.fixture
def community(leader, asker, replier, third):
    return make_community("Rural medicine", leaders=[leader], participants=[asker, replier, third])

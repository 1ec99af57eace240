import pytest
from django.utils import timezone

from collegium.accounts.choices import StaffRole, UserType
from collegium.accounts.tests.factories import UserFactory
from collegium.communities.tests.factories import make_community


def _physician(username: str, member_id: str, **fields):
    return UserFactory(
        user_type=UserType.PHYSICIAN,
        member_id=member_id,
        member_verified_at=timezone.now(),
        username=username,
        **fields,
    )


@pytest.fixture
def leader(db):
    return _physician("dr-leader", "2000001", preferred_language="fr")


@pytest.fixture
def asker(db):
    return UserFactory(
        user_type=UserType.LEARNER,
        member_id="2000002",
        member_verified_at=timezone.now(),
        username="learner-asker",
    )


@pytest.fixture
def replier(db):
    return _physician("dr-replier", "2000003")


@pytest.fixture
def third(db):
    return _physician("dr-third", "2000004")


@pytest.fixture
def outsider(db):
    return _physician("dr-outsider", "2000005")


@pytest.fixture
def moderator(db):
    return UserFactory(staff_role=StaffRole.MODERATOR, is_staff=True, username="mod-person")


@pytest.fixture
def staff(db):
    return UserFactory(staff_role=StaffRole.STAFF, is_staff=True, username="staff-person")


@pytest.fixture
def community(leader, asker, replier, third):
    return make_community("Rural medicine", leaders=[leader], participants=[asker, replier, third])

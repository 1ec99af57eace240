import pytest
from django.utils import timezone

from collegium.accounts.choices import StaffRole, UserType
from collegium.accounts.tests.factories import UserFactory
from collegium.communities.choices import DirectoryVisibility
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
    return _physician("dr-blog-leader", "3000001")


@pytest.fixture
def participant(db):
    return _physician("dr-reader", "3000002")


@pytest.fixture
def second_participant(db):
    return _physician("dr-second", "3000003")


@pytest.fixture
def outsider(db):
    return _physician("dr-outside", "3000004")


@pytest.fixture
def staff(db):
    return UserFactory(staff_role=StaffRole.STAFF, is_staff=True, username="staff-writer")


@pytest.fixture
def community(leader, participant, second_participant):
    """A private community: its blog is for its participants."""
    return make_community(
        "Rural medicine", leaders=[leader], participants=[participant, second_participant]
    )


@pytest.fixture
def public_community(leader, participant):
    """A community that publishes its blog to everyone."""
    return make_community(
        "Public health",
        leaders=[leader],
        participants=[participant],
        visibility=DirectoryVisibility.PUBLIC,
        blog_is_public=True,
    )

import pytest

from collegium.accounts.choices import StaffRole
from collegium.accounts.tests.factories import UserFactory, verified_member
from collegium.communities.choices import DirectoryVisibility
from collegium.communities.tests.factories import make_community


@pytest.fixture
def leader(db):
    return verified_member("dr-blog-leader", "3000001")


@pytest.fixture
def participant(db):
    return verified_member("dr-reader", "3000002")


@pytest.fixture
def second_participant(db):
    return verified_member("dr-second", "3000003")


@pytest.fixture
def outsider(db):
    return verified_member("dr-outside", "3000004")


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

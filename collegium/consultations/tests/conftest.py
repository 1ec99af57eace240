import pytest

from collegium.accounts.choices import StaffRole, UserType
from collegium.accounts.tests.factories import UserFactory, verified_member
from collegium.communities.tests.factories import make_community


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Each test stores its files in a folder of its own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def staff(db):
    return UserFactory(
        username="staff-writer",
        user_type=UserType.PUBLIC,
        staff_role=StaffRole.STAFF,
        is_staff=True,
    )


@pytest.fixture
def moderator(db):
    return UserFactory(
        username="platform-moderator", user_type=UserType.PUBLIC, staff_role=StaffRole.MODERATOR
    )


@pytest.fixture
def physician(db):
    """A verified physician: in the audience of the factory's consultations."""
    return verified_member("dr-physician", "5000001", preferred_language="fr")


@pytest.fixture
def second_physician(db):
    return verified_member("dr-second", "5000002")


@pytest.fixture
def learner(db):
    return verified_member("learner-one", "5000003", user_type=UserType.LEARNER)


@pytest.fixture
def patient(db):
    """Outside an audience of physicians and learners."""
    return UserFactory(username="a-patient", user_type=UserType.PATIENT)


@pytest.fixture
def participant(db):
    """A physician who takes part in ``community``."""
    return verified_member("dr-participant", "5000004")


@pytest.fixture
def community(participant):
    return make_community("Rural medicine", participants=[participant])

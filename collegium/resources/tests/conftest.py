import pytest

from collegium.accounts.choices import StaffRole
from collegium.accounts.tests.factories import UserFactory, verified_member
from collegium.communities.tests.factories import make_community
from collegium.resources.tests.factories import make_collection


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Each test stores its files in a folder of its own, so it can see what is left there."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def leader(db):
    return verified_member("dr-leader", "4000001", preferred_language="fr")


@pytest.fixture
def uploader(db):
    return verified_member("dr-uploader", "4000002")


@pytest.fixture
def reader(db):
    return verified_member("dr-reader", "4000003")


@pytest.fixture
def outsider(db):
    return verified_member("dr-outsider", "4000004")


@pytest.fixture
def staff(db):
    return UserFactory(staff_role=StaffRole.STAFF, is_staff=True, username="staff-person")


@pytest.fixture
def moderator(db):
    return UserFactory(staff_role=StaffRole.MODERATOR, is_staff=True, username="mod-person")


@pytest.fixture
def community(leader, uploader, reader):
    """A private community whose participants may add resources."""
    return make_community(
        "Rural medicine",
        leaders=[leader],
        participants=[uploader, reader],
        participants_may_upload=True,
    )


@pytest.fixture
def collection(community, leader):
    return make_collection(community, leader, title="Guides")

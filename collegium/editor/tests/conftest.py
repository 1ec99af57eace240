import pytest
from django.utils import timezone

from collegium.accounts.choices import StaffRole, UserType
from collegium.accounts.tests.factories import UserFactory
from collegium.communities.choices import DirectoryVisibility
from collegium.communities.tests.factories import make_community


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test stores its uploads in a folder of its own, empty at the start."""
    folder = tmp_path / "media"
    folder.mkdir()
    settings.MEDIA_ROOT = folder
    return folder


@pytest.fixture
def participant(db):
    """A verified physician taking part in ``community``."""
    return UserFactory(
        user_type=UserType.PHYSICIAN, member_id="3000001", member_verified_at=timezone.now(),
        username="dr-writer",
    )  # fmt: skip


@pytest.fixture
def outsider(db):
    """A verified physician who is not a participant of ``community``."""
    return UserFactory(
        user_type=UserType.PHYSICIAN, member_id="3000002", member_verified_at=timezone.now(),
        username="dr-outsider",
    )  # fmt: skip


@pytest.fixture
def staff(db):
    return UserFactory(staff_role=StaffRole.STAFF, is_staff=True, username="staff-editor")


@pytest.fixture
def community(participant):
    return make_community(
        "Rural medicine", participants=[participant], visibility=DirectoryVisibility.SIGNED_IN
    )

import pytest

from collegium.accounts.choices import StaffRole
from collegium.accounts.tests.factories import UserFactory, verified_member
from collegium.communities.choices import Role
from collegium.communities.services import membership_add
from collegium.communities.tests.factories import make_community
from collegium.forums import services as forums_services
from collegium.forums.choices import ThreadKind


@pytest.fixture
def leader(db):
    return verified_member("dr-leader", "3000001", preferred_language="fr")


@pytest.fixture
def community_moderator(db):
    return verified_member("dr-moderator", "3000002")


@pytest.fixture
def author(db):
    return verified_member("dr-author", "3000003", preferred_language="fr")


@pytest.fixture
def reporter(db):
    return verified_member("dr-reporter", "3000004")


@pytest.fixture
def second_reporter(db):
    return verified_member("dr-second", "3000005")


@pytest.fixture
def outsider(db):
    return verified_member("dr-outsider", "3000006")


@pytest.fixture
def platform_moderator(db):
    return UserFactory(staff_role=StaffRole.MODERATOR, username="mod-platform")


@pytest.fixture
def administrator(db):
    return UserFactory(
        staff_role=StaffRole.ADMINISTRATOR, is_staff=True, is_superuser=True, username="admin"
    )


@pytest.fixture
def community(leader, community_moderator, author, reporter, second_reporter):
    community = make_community(
        "Rural medicine", leaders=[leader], participants=[author, reporter, second_reporter]
    )
    membership_add(community, community_moderator, role=Role.MODERATOR)
    community.refresh_from_db()
    return community


@pytest.fixture
def other_community(leader, outsider):
    """Another community the leader leads: a thread can be moved there."""
    return make_community("Emergency medicine", leaders=[leader], participants=[outsider])


@pytest.fixture
def foreign_community(outsider):
    """A community the leader has nothing to do with."""
    return make_community("Paediatrics", leaders=[outsider])


@pytest.fixture
def thread(community, reporter):
    return forums_services.thread_create(
        actor=reporter,
        community=community,
        kind=ThreadKind.DISCUSSION,
        title="Night shifts in small hospitals",
        body="How do you organise night coverage?",
    )


@pytest.fixture
def reply(thread, author):
    return forums_services.post_reply(
        actor=author, thread=thread, body="Our patient Jane Doe, born 1970-01-01, had to wait."
    )

"""Demo sign-ins (README): one account per user type and staff role."""

from collections.abc import Callable
from typing import NamedTuple

from collegium.accounts.choices import StaffRole, UserType
from collegium.accounts.models import User
from collegium.accounts.services import user_create

DEMO_PASSWORD = "collegium-demo"  # noqa: S105 -- published in the README on purpose


class DemoAccount(NamedTuple):
    email: str
    username: str
    user_type: str
    staff_role: str
    first_name: str
    last_name: str
    preferred_language: str


DEMO_ACCOUNTS = [
    DemoAccount(
        "admin@example.org",
        "admin",
        UserType.PUBLIC,
        StaffRole.ADMINISTRATOR,
        "Alex",
        "Admin",
        "en",
    ),
    DemoAccount(
        "staff@example.org", "staff-sam", UserType.PUBLIC, StaffRole.STAFF, "Sam", "Staff", "en"
    ),
    DemoAccount(
        "moderator@example.org",
        "moderator-mo",
        UserType.PUBLIC,
        StaffRole.MODERATOR,
        "Morgan",
        "Moderator",
        "fr",
    ),
    DemoAccount(
        "physician@example.org",
        "dr-maple",
        UserType.PHYSICIAN,
        StaffRole.NONE,
        "Camille",
        "Tremblay",
        "fr",
    ),
    DemoAccount(
        "learner@example.org",
        "resident-birch",
        UserType.LEARNER,
        StaffRole.NONE,
        "Jordan",
        "Lee",
        "en",
    ),
    DemoAccount(
        "allied@example.org",
        "nurse-cedar",
        UserType.ALLIED_HEALTH,
        StaffRole.NONE,
        "Priya",
        "Singh",
        "en",
    ),
    DemoAccount(
        "policymaker@example.org",
        "policy-spruce",
        UserType.POLICY_MAKER,
        StaffRole.NONE,
        "Marc",
        "Gagnon",
        "fr",
    ),
    DemoAccount(
        "stakeholder@example.org",
        "partner-aspen",
        UserType.STAKEHOLDER,
        StaffRole.NONE,
        "Taylor",
        "Roy",
        "en",
    ),
    DemoAccount(
        "patient@example.org",
        "patient-willow",
        UserType.PATIENT,
        StaffRole.NONE,
        "Chris",
        "Martin",
        "en",
    ),
    DemoAccount(
        "public@example.org",
        "citizen-pine",
        UserType.PUBLIC,
        StaffRole.NONE,
        "Robin",
        "Bouchard",
        "fr",
    ),
]


def load(write: Callable[[str], None]) -> None:
    """Create the demo accounts that do not exist yet; never touch existing ones."""
    existing = set(
        User.objects.filter(email__in=[a.email for a in DEMO_ACCOUNTS]).values_list(
            "email", flat=True
        )
    )
    created = 0
    for account in DEMO_ACCOUNTS:
        if account.email in existing:
            continue
        user_create(password=DEMO_PASSWORD, **account._asdict())
        created += 1
    write(f"accounts: {created} demo sign-ins created, {len(existing)} kept")

"""Demo sign-ins (README): one account per user type and staff role, a verified physician and
learner, an unverified physician, and the example roster."""

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from django.conf import settings

from collegium.accounts import services
from collegium.accounts.choices import StaffRole, UserType
from collegium.accounts.models import User
from collegium.accounts.roster import roster_import
from collegium.accounts.selectors import consent_versions_current

DEMO_PASSWORD = "collegium-demo"  # noqa: S105 -- published in the README on purpose
ROSTER_EXAMPLE = Path(settings.BASE_DIR) / "docs" / "examples" / "roster.csv"


class DemoAccount(NamedTuple):
    email: str
    username: str
    user_type: str
    staff_role: str
    first_name: str
    last_name: str
    preferred_language: str
    member_id: str = ""


DEMO_ACCOUNTS = [
    DemoAccount("admin@example.org", "admin", UserType.PUBLIC, StaffRole.ADMINISTRATOR,
                "Alex", "Admin", "en"),
    DemoAccount("staff@example.org", "staff-sam", UserType.PUBLIC, StaffRole.STAFF,
                "Sam", "Staff", "en"),
    # EN-1: staff who also hold the analyst permission (given by the consultations demo).
    DemoAccount("analyst@example.org", "analyst-oak", UserType.PUBLIC, StaffRole.STAFF,
                "Dana", "Okafor", "en"),
    DemoAccount("moderator@example.org", "moderator-mo", UserType.PUBLIC, StaffRole.MODERATOR,
                "Morgan", "Moderator", "fr"),
    DemoAccount("physician@example.org", "dr-maple", UserType.PHYSICIAN, StaffRole.NONE,
                "Camille", "Tremblay", "fr", "1000001"),
    DemoAccount("learner@example.org", "resident-birch", UserType.LEARNER, StaffRole.NONE,
                "Jordan", "Lee", "en", "1000002"),
    DemoAccount("allied@example.org", "nurse-cedar", UserType.ALLIED_HEALTH, StaffRole.NONE,
                "Priya", "Singh", "en"),
    DemoAccount("policymaker@example.org", "policy-spruce", UserType.POLICY_MAKER,
                StaffRole.NONE, "Marc", "Gagnon", "fr"),
    DemoAccount("stakeholder@example.org", "partner-aspen", UserType.STAKEHOLDER,
                StaffRole.NONE, "Taylor", "Roy", "en"),
    DemoAccount("patient@example.org", "patient-willow", UserType.PATIENT, StaffRole.NONE,
                "Chris", "Martin", "en"),
    DemoAccount("public@example.org", "citizen-pine", UserType.PUBLIC, StaffRole.NONE,
                "Robin", "Bouchard", "fr"),
    # ID-3: says they are a physician; their claim waits for staff (the roster has another email).
    DemoAccount("unverified@example.org", "dr-unverified", UserType.PHYSICIAN, StaffRole.NONE,
                "Alex", "Fortin", "en", "1000004"),
]  # fmt: skip


def load(write: Callable[[str], None]) -> None:
    """Create the roster and the demo accounts that do not exist yet; never touch others."""
    result = roster_import(raw=ROSTER_EXAMPLE.read_bytes())
    write(f"accounts: roster {result.created} added, {result.unchanged + result.updated} kept")
    existing = set(
        User.objects.filter(email__in=[a.email for a in DEMO_ACCOUNTS]).values_list(
            "email", flat=True
        )
    )
    versions = consent_versions_current()
    created = 0
    for account in DEMO_ACCOUNTS:
        if account.email in existing:
            continue
        fields = account._asdict()
        member_id = fields.pop("member_id")
        user = services.user_create(password=DEMO_PASSWORD, email_verified=True, **fields)
        services.consent_record(user=user, versions=versions)
        services.guidelines_accept(user=user)
        if member_id:
            services.member_claim_submit(user=user, member_id=member_id)
        created += 1
    write(f"accounts: {created} demo sign-ins created, {len(existing)} kept")

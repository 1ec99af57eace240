import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from collegium.accounts.choices import StaffRole, UserType
from collegium.accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from collegium.accounts.models import User

pytestmark = pytest.mark.django_db


def test_demo_data_creates_every_demo_sign_in_with_the_shared_password():
    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert User.objects.count() == len(DEMO_ACCOUNTS) == 12
    for account in DEMO_ACCOUNTS:
        assert authenticate(username=account.email, password=DEMO_PASSWORD) is not None
    admin = User.objects.get(email="admin@example.org")
    assert admin.is_superuser and admin.is_staff
    assert User.objects.get(email="staff@example.org").staff_role == StaffRole.STAFF
    assert User.objects.get(email="physician@example.org").user_type == UserType.PHYSICIAN
    assert not User.objects.get(email="public@example.org").is_staff
    assert User.objects.get(email="physician@example.org").is_member
    assert User.objects.get(email="learner@example.org").is_member
    unverified = User.objects.get(email="unverified@example.org")
    assert unverified.is_member_type and not unverified.is_member
    assert unverified.member_claims.get().status == "pending"


def test_running_demo_data_again_keeps_what_exists(capsys):
    call_command("demo_data")
    physician = User.objects.get(email="physician@example.org")
    physician.set_password("changed-by-the-person")
    physician.save()

    call_command("demo_data")

    assert User.objects.count() == len(DEMO_ACCOUNTS)
    physician.refresh_from_db()
    assert physician.check_password("changed-by-the-person")
    assert f"0 demo sign-ins created, {len(DEMO_ACCOUNTS)} kept" in capsys.readouterr().out

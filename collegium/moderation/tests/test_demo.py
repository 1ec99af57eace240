import pytest
from django.core.management import call_command

from collegium.accounts.models import User
from collegium.moderation import selectors
from collegium.moderation.models import Case, Report

pytestmark = pytest.mark.django_db(transaction=True)


def test_demo_data_leaves_one_report_in_the_leaders_queue_once(capsys):
    call_command("demo_data")
    call_command("demo_data")

    case = Case.objects.get()
    assert case.is_open
    assert Report.objects.get().reporter.username == "patient-willow"
    leader = User.objects.get(email="learner@example.org")
    queue = selectors.moderation_queue(
        viewer=leader,
        community=case.community,
        filters=selectors.QueueFilters(),
    )
    assert [row.item.heading for row in queue.rows] == [
        "Where can I get a naloxone kit on a weekend?"
    ]
    assert "moderation: demo report kept" in capsys.readouterr().out

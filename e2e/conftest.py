"""Browser tests: Playwright driving Debian's Chromium against Django's live server.

Every page a test loads must be checked with axe-core (``a11y(page)``) before the test ends,
and no page may log a console error (a CSP violation is one): the fixtures fail the test
otherwise. The browser is never downloaded: ``/usr/bin/chromium`` or a visible skip
(a failure with ``REQUIRE_BROWSER=1``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
# inside one unless told that this is deliberate. Tests only, never the application.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# WCAG 2.0, 2.1 and 2.2, levels A and AA.
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
    },
    "resultTypes": ["violations"],
}
_axe = Axe()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        reason = (
            f"Browser tests need Chromium at {CHROMIUM} (apt-get install chromium); "
            "set REQUIRE_BROWSER=1 to make its absence a failure."
        )
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


@dataclass
class PageWatch:
    """What happened on a test's page: loads not yet checked by axe, console errors."""

    unchecked_loads: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    # (status, path) pairs a journey expects, e.g. an autosave refused once the session expired.
    expected_failures: set[tuple[int, str]] = field(default_factory=set)

    def expect_failure(self, status: int, path: str) -> None:
        """A test declares a background request that must fail, and how."""
        self.expected_failures.add((status, path))

    def _is_expected(self, status: int, url: str) -> bool:
        from urllib.parse import urlsplit

        return (status, urlsplit(url).path) in self.expected_failures

    def response(self, response) -> None:
        if response.status < 400 or response.request.resource_type == "document":
            return
        if not self._is_expected(response.status, response.url):
            self.console_errors.append(f"{response.status} {response.url}")

    def console(self, message) -> None:
        if message.type != "error":
            return
        source = (message.location or {}).get("url", "")
        # Chromium logs each failed fetch as well; an expected one is not an error.
        if "Failed to load resource" in message.text and any(
            path in source for _status, path in self.expected_failures
        ):
            return
        self.console_errors.append(message.text)


@pytest.fixture
def page_watch() -> PageWatch:
    return PageWatch()


def _new_page(browser, live_server, page_watch: PageWatch, **context_options):
    context = browser.new_context(base_url=live_server.url, **context_options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on("load", lambda loaded: page_watch.unchecked_loads.append(loaded.url))
    page.on("console", page_watch.console)
    page.on("pageerror", lambda error: page_watch.console_errors.append(str(error)))
    page.on("response", page_watch.response)
    return context, page


@pytest.fixture
def page(browser, live_server, page_watch):
    """A fresh browser context and page (English-speaking browser, desktop width)."""
    context, page = _new_page(browser, live_server, page_watch, locale="en-CA")
    yield page
    context.close()
    assert not page_watch.console_errors, f"console errors: {page_watch.console_errors}"
    assert not page_watch.unchecked_loads, (
        f"pages loaded but never checked with a11y(page): {page_watch.unchecked_loads}"
    )


@pytest.fixture
def open_page(browser, live_server, page_watch):
    """Open more pages with other browser settings (language, viewport, colour scheme)."""
    contexts = []

    def opener(**context_options):
        context, new_page = _new_page(browser, live_server, page_watch, **context_options)
        contexts.append(context)
        return new_page

    yield opener
    for context in contexts:
        context.close()
    assert not page_watch.console_errors, f"console errors: {page_watch.console_errors}"
    assert not page_watch.unchecked_loads, (
        f"pages loaded but never checked with a11y(page): {page_watch.unchecked_loads}"
    )


@pytest.fixture
def a11y(page_watch: PageWatch) -> Callable[[object], None]:
    """Run axe-core on the page as it is now: zero WCAG 2.x A/AA violations."""

    def check(page) -> None:
        page.wait_for_load_state("load")
        results = _axe.run(page, options=AXE_OPTIONS)
        assert results.violations_count == 0, (
            f"axe found violations on {page.url}:\n{results.generate_report()}"
        )
        page_watch.unchecked_loads[:] = [u for u in page_watch.unchecked_loads if u != page.url]

    return check


@pytest.fixture
def mailbox(settings, tmp_path) -> Path:
    """Mail goes to .eml files, as on the embedded default (var/mail/); journeys read them with
    ``journeys.mails_to``."""
    settings.EMAIL_BACKEND = "collegium.core.mail.EmlFileBackend"
    # Notifications leave through the outbox, whose workers hand them to this backend (NO-3).
    settings.OUTBOX_TRANSPORT_BACKEND = "collegium.core.mail.EmlFileBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    return tmp_path / "mail"

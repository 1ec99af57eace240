from typing import Any

import pytest

from collegium.accounts.choices import StaffRole
from collegium.accounts.tests.factories import UserFactory, verified_member
from collegium.communities.tests.factories import make_community
from collegium.forums.tests.factories import make_thread


@pytest.fixture
def leader(db):
    return verified_member("dr-leader", "3000001", preferred_language="fr")


@pytest.fixture
def author(db):
    return verified_member("dr-author", "3000002")


@pytest.fixture
def follower(db):
    return verified_member("dr-follower", "3000003", preferred_language="fr")


@pytest.fixture
def reader(db):
    return verified_member("dr-reader", "3000004")


@pytest.fixture
def outsider(db):
    return verified_member("dr-outsider", "3000005")


@pytest.fixture
def staff(db):
    return UserFactory(staff_role=StaffRole.STAFF, is_staff=True, username="staff-person")


@pytest.fixture
def community(leader, author, follower, reader):
    return make_community(
        "Rural medicine", leaders=[leader], participants=[author, follower, reader]
    )


@pytest.fixture
def other_community(leader, outsider):
    return make_community("Sports medicine", leaders=[leader], participants=[outsider])


@pytest.fixture
def thread(community, author):
    return make_thread(community, author)


class SmtpServer:
    """A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what it is handed; it can be
    stopped and started again on the same port."""

    def __init__(self) -> None:
        import socket

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.received: list = []
        self._controller: Any = None

    async def handle_DATA(self, server, session, envelope):
        import email
        from email import policy

        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.received.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


@pytest.fixture
def smtp_server(settings):
    """The outbox's workers hand mail to a real SMTP server (NO-3)."""
    server = SmtpServer()
    server.start()
    settings.OUTBOX_TRANSPORT_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.stop()

import email
import email.policy

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives

from collegium.core.mail import EmlFileBackend


@pytest.fixture
def mailbox(settings, tmp_path):
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    return tmp_path / "mail"


def _send(subject: str, body: str = "Open http://testserver/en/help/ to continue.") -> None:
    message = EmailMultiAlternatives(
        subject, body, "Collegium <noreply@example.org>", ["dr@example.org"],
        connection=EmlFileBackend(),
    )  # fmt: skip
    message.attach_alternative(f"<p>{body}</p>", "text/html")
    message.send()


def test_each_message_is_written_as_its_own_eml_file(mailbox):
    _send("Welcome")
    _send("Bienvenue — vérifiez votre courriel")

    files = sorted(mailbox.glob("*.eml"))
    assert len(files) == 2
    subjects = {
        email.message_from_bytes(path.read_bytes(), policy=email.policy.default)["Subject"]
        for path in files
    }
    assert subjects == {"Welcome", "Bienvenue — vérifiez votre courriel"}
    assert not list(mailbox.glob("*.part"))


def test_a_message_without_recipients_is_not_written(mailbox):
    sent = EmlFileBackend().send_messages([mail.EmailMessage("No one", "Body", to=[])])
    assert sent == 0
    assert not mailbox.exists() or not list(mailbox.iterdir())


def test_the_mailbox_lists_messages_newest_first_when_debug_is_on(client, settings, mailbox):
    settings.DEBUG = True
    _send("First")
    _send("Second")

    response = client.get("/dev/mail/")

    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("Second") < page.index("First")


def test_a_message_shows_its_text_with_clickable_links(client, settings, mailbox):
    settings.DEBUG = True
    _send("Verify your address")
    name = next(mailbox.glob("*.eml")).name

    response = client.get(f"/dev/mail/{name}/")

    assert response.status_code == 200
    assert '<a href="http://testserver/en/help/"' in response.content.decode()
    raw = client.get(f"/dev/mail/{name}/raw")
    assert raw["Content-Type"] == "message/rfc822"
    assert raw["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize("name", ["../secret_key", "..%2Fsecret_key", "x.eml", "nothing"])
def test_the_mailbox_refuses_names_that_are_not_messages(client, settings, mailbox, name):
    settings.DEBUG = True
    assert client.get(f"/dev/mail/{name}/").status_code == 404
    assert client.get(f"/dev/mail/{name}/raw").status_code == 404


def test_the_mailbox_answers_404_when_debug_is_off(client, settings, mailbox):
    settings.DEBUG = False
    _send("Private")
    name = next(mailbox.glob("*.eml")).name
    assert client.get("/dev/mail/").status_code == 404
    assert client.get(f"/dev/mail/{name}/").status_code == 404
    assert client.get(f"/dev/mail/{name}/raw").status_code == 404

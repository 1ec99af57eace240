"""Background work for communities."""

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from huey.contrib.djhuey import db_task

from collegium.core.mail import render_plain_text


@db_task(retries=5, retry_delay=30)
def deliver_invitation_to_email(email: str, language: str, context: dict[str, Any]) -> None:
    """An invitation to someone without an account: a sign-up link that leads into the
    community (CO-3). Written in the inviting leader's language, with the other one below."""
    with translation.override(language):
        full_context = {
            "site_name": settings.COLLEGIUM["SITE_NAME"],
            "base_url": settings.COLLEGIUM["BASE_URL"],
            **context,
        }
        template = "communities/email/invitation_new"
        subject = " ".join(render_plain_text(f"{template}_subject.txt", full_context).split())
        text = render_plain_text(f"{template}_message.txt", full_context)
        html = render_to_string(f"{template}_message.html", full_context)
    message = EmailMultiAlternatives(subject, text, to=[email])
    message.attach_alternative(html, "text/html")
    message.send()

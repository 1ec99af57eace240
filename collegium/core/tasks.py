"""Background work of the shared kernel."""

from typing import Any

from huey.contrib.djhuey import db_task

from collegium.core.mail import send_user_mail


@db_task(retries=5, retry_delay=30)
def deliver_user_mail(user_id: int, template: str, context: dict[str, Any]) -> None:
    """Send one templated message to one person, in their language, outside the request."""
    from collegium.accounts.models import User

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is not None:
        send_user_mail(user=user, template=template, context=context)

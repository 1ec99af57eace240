"""Sign-in by email address: the username is a public handle, not a credential (ID-4)."""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from collegium.accounts.models import User


class EmailBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        # Django's sign-in form sends the email in the field it calls "username".
        email = kwargs.get("email") or username
        if not email or not password:
            return None
        try:
            user = User.objects.get(email__iexact=email.strip())
        except User.DoesNotExist:
            # Spend the time a password check takes, so timing does not reveal accounts.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

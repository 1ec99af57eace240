"""Steps that many browser journeys share."""

from collegium.accounts.tests.factories import TEST_PASSWORD


def sign_in(page, a11y, email: str, *, password: str = TEST_PASSWORD, language: str = "en"):
    """Sign in with email and password on the sign-in page, as a person would."""
    page.goto(f"/{language}/accounts/login/")
    a11y(page)
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    page.locator("form.form button[type=submit]").first.click()
    a11y(page)

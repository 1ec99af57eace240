import pytest

from collegium.accounts.tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def camille(db):
    return UserFactory(email="camille@example.org", username="dr-camille", preferred_language="en")


def test_a_person_signs_in_with_email_and_password_and_returns_where_they_were(client, camille):
    response = client.post(
        "/en/accounts/login/",
        {"login": "Camille@Example.org", "password": TEST_PASSWORD, "next": "/en/help/"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/en/help/"
    assert "Signed in as <strong>dr-camille</strong>" in client.get("/en/help/").content.decode()


def test_after_sign_in_the_site_speaks_the_persons_preferred_language(client, camille):
    camille.preferred_language = "fr"
    camille.save()

    response = client.post(
        "/en/accounts/login/", {"login": camille.email, "password": TEST_PASSWORD}
    )

    assert response["Location"] == "/fr/"


def test_a_wrong_password_says_so_next_to_the_form_and_keeps_the_email(client, camille):
    response = client.post(
        "/fr/accounts/login/", {"login": "camille@example.org", "password": "wrong-password"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="camille@example.org"' in page
    assert 'role="alert"' in page
    assert "_auth_user_id" not in client.session


def test_an_unknown_email_gets_the_same_answer_as_a_wrong_password(client, camille):
    known = client.post("/en/accounts/login/", {"login": camille.email, "password": "x"})
    unknown = client.post("/en/accounts/login/", {"login": "nobody@example.org", "password": "x"})
    assert known.context["form"].errors == unknown.context["form"].errors


def test_an_inactive_account_cannot_sign_in(client):
    UserFactory(email="gone@example.org", is_active=False)
    client.post("/en/accounts/login/", {"login": "gone@example.org", "password": TEST_PASSWORD})
    assert "_auth_user_id" not in client.session


def test_sign_in_never_redirects_to_another_site(client, camille):
    response = client.post(
        "/en/accounts/login/",
        {"login": camille.email, "password": TEST_PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == "/en/"


def test_signing_out_takes_a_post(client, camille):
    client.force_login(camille)
    client.get("/en/accounts/logout/")
    assert "_auth_user_id" in client.session
    response = client.post("/en/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_repeated_wrong_passwords_are_slowed_down(client, camille):
    for _ in range(6):
        client.post("/en/accounts/login/", {"login": camille.email, "password": "nope"})
    response = client.post(
        "/en/accounts/login/", {"login": camille.email, "password": TEST_PASSWORD}
    )
    assert response.status_code in {200, 429}
    assert "_auth_user_id" not in client.session

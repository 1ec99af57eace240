import pytest

from collegium.accounts.tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_a_person_signs_in_with_email_and_password_and_returns_where_they_were(client):
    UserFactory(email="camille@example.org", username="dr-camille")

    response = client.post(
        "/en/sign-in/",
        {"username": "Camille@Example.org", "password": TEST_PASSWORD, "next": "/en/help/"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/en/help/"
    assert "Signed in as <strong>dr-camille</strong>" in client.get("/en/help/").content.decode()


def test_a_wrong_password_says_so_next_to_the_form_and_keeps_the_email(client):
    UserFactory(email="camille@example.org")

    response = client.post(
        "/fr/connexion/", {"username": "camille@example.org", "password": "wrong-password"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="camille@example.org"' in page
    assert 'role="alert"' in page
    assert "_auth_user_id" not in client.session


def test_an_unknown_email_gets_the_same_answer_as_a_wrong_password(client):
    UserFactory(email="camille@example.org")
    known = client.post("/en/sign-in/", {"username": "camille@example.org", "password": "x"})
    unknown = client.post("/en/sign-in/", {"username": "nobody@example.org", "password": "x"})
    assert known.context["form"].errors == unknown.context["form"].errors


def test_an_inactive_account_cannot_sign_in(client):
    UserFactory(email="gone@example.org", is_active=False)
    client.post("/en/sign-in/", {"username": "gone@example.org", "password": TEST_PASSWORD})
    assert "_auth_user_id" not in client.session


def test_a_malformed_email_is_refused_with_a_message(client):
    response = client.post("/en/sign-in/", {"username": "not-an-email", "password": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors["username"]


def test_sign_in_never_redirects_to_another_site(client):
    UserFactory(email="camille@example.org")
    response = client.post(
        "/en/sign-in/",
        {"username": "camille@example.org", "password": TEST_PASSWORD,
         "next": "https://evil.example/"},
    )  # fmt: skip
    assert response["Location"] == "/en/"


def test_signing_out_takes_a_post(client, physician):
    client.force_login(physician)
    assert client.get("/en/sign-out/").status_code == 405
    response = client.post("/en/sign-out/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session

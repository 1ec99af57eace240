"""The platform's community guidelines: accepted on registration, again when they change (MO-4)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from collegium.accounts import services
from collegium.accounts.choices import StaffRole, UserType
from collegium.accounts.models import User
from collegium.accounts.tests.factories import UserFactory
from collegium.pages.choices import PageSlug
from collegium.pages.models import Page
from collegium.pages.selectors import guidelines_version_current
from collegium.pages.services import page_version_publish

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-enough-passphrase"
ACCEPT_URL = "/en/account/guidelines/"


@pytest.fixture
def new_guidelines(django_capture_on_commit_callbacks):
    """Publish version 2 of the guidelines, and clear the cached number as a commit would."""
    with django_capture_on_commit_callbacks(execute=True):
        return page_version_publish(
            page=Page.objects.get(slug=PageSlug.GUIDELINES), actor=None,
            title_en="Community guidelines", title_fr="Lignes directrices",
            body_en="Be respectful. No advertising.", body_fr="Soyez respectueux.",
            note="No advertising.",
        )  # fmt: skip


# The service ---------------------------------------------------------------------------------


def test_accepting_the_version_shown_records_it(new_guidelines):
    user = UserFactory(guidelines_version_accepted=1)

    services.guidelines_accept(user=user, version=new_guidelines.number)

    user.refresh_from_db()
    assert user.guidelines_version_accepted == 2


def test_a_version_that_is_no_longer_in_force_is_refused(new_guidelines):
    user = UserFactory(guidelines_version_accepted=0)

    with pytest.raises(ValidationError) as error:
        services.guidelines_accept(user=user, version=1)

    assert error.value.code == "stale"
    user.refresh_from_db()
    assert user.guidelines_version_accepted == 0


def test_without_a_version_the_one_in_force_is_accepted_and_never_lowered(new_guidelines):
    user = UserFactory(guidelines_version_accepted=0)
    services.guidelines_accept(user=user)
    assert User.objects.get(pk=user.pk).guidelines_version_accepted == 2

    ahead = UserFactory(guidelines_version_accepted=5)
    services.guidelines_accept(user=ahead)
    assert User.objects.get(pk=ahead.pk).guidelines_version_accepted == 5


# The guidelines page --------------------------------------------------------------------------


def test_the_guidelines_page_asks_those_who_have_not_accepted_this_version(client, new_guidelines):
    client.force_login(UserFactory(guidelines_version_accepted=1))

    page = client.get("/en/guidelines/").content.decode()

    assert "I accept the community guidelines" in page
    assert 'name="version" value="2"' in page
    assert "No advertising." in page


def test_the_guidelines_page_asks_nothing_of_the_public_or_of_those_up_to_date(
    client, new_guidelines
):
    assert "I accept the community guidelines" not in client.get("/en/guidelines/").content.decode()
    client.force_login(UserFactory())
    assert "I accept the community guidelines" not in client.get("/en/guidelines/").content.decode()


def test_accepting_the_guidelines_goes_back_where_the_person_was(client, new_guidelines):
    user = UserFactory(guidelines_version_accepted=1)
    client.force_login(user)
    page = client.get("/en/guidelines/?next=/en/communities/").content.decode()
    assert 'name="next" value="/en/communities/"' in page

    response = client.post(ACCEPT_URL, {"version": 2, "next": "/en/communities/"})

    assert response.status_code == 302 and response["Location"] == "/en/communities/"
    assert User.objects.get(pk=user.pk).guidelines_version_accepted == 2


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x"])
def test_an_outside_next_address_is_never_followed(client, new_guidelines, next_url):
    client.force_login(UserFactory(guidelines_version_accepted=1))

    assert client.get("/en/guidelines/", {"next": next_url}).context["guidelines_next"] == ""
    response = client.post(ACCEPT_URL, {"version": 2, "next": next_url})

    assert response["Location"] == reverse("pages:guidelines")


def test_guidelines_changed_while_reading_are_refused_and_the_new_version_shown(
    client, new_guidelines
):
    user = UserFactory(guidelines_version_accepted=0)
    client.force_login(user)

    response = client.post(ACCEPT_URL, {"version": 1, "next": "/en/communities/"}, follow=True)

    page = response.content.decode()
    assert "changed while you were reading them" in page
    assert 'name="version" value="2"' in page
    assert 'name="next" value="/en/communities/"' in page
    assert User.objects.get(pk=user.pk).guidelines_version_accepted == 0


def test_accepting_the_guidelines_needs_sign_in_a_post_and_the_csrf_token(new_guidelines):
    anonymous = Client().post(ACCEPT_URL, {"version": 2})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]

    user = UserFactory(guidelines_version_accepted=1)
    guarded = Client(enforce_csrf_checks=True)
    guarded.force_login(user)
    assert guarded.post(ACCEPT_URL, {"version": 2}).status_code == 403
    assert guarded.get(ACCEPT_URL).status_code == 405
    assert User.objects.get(pk=user.pk).guidelines_version_accepted == 1


# Registration and the other ways accounts are made --------------------------------------------


def test_signing_up_accepts_the_guidelines_in_force_with_the_terms(client):
    form = client.get("/en/accounts/signup/").context["form"]
    assert "community guidelines" in str(form.fields["accept_terms"].label)

    client.post(
        "/en/accounts/signup/",
        {
            "email": "pat@example.org", "password1": PASSWORD, "password2": PASSWORD,
            "user_type": UserType.PATIENT, "accept_terms": "on",
        },
    )  # fmt: skip

    user = User.objects.get(email="pat@example.org")
    assert user.guidelines_version_accepted == guidelines_version_current() == 1


def test_the_consent_page_of_a_new_sso_account_also_accepts_the_guidelines(client):
    user = UserFactory(accepted_terms=False, guidelines_version_accepted=0)
    client.force_login(user)

    page = client.get("/en/account/terms/")

    assert "the community guidelines" in page.content.decode()
    assert "community guidelines" in str(page.context["form"].fields["accept"].label)
    client.post("/en/account/terms/", {"accept": "on", "next": "/en/"})
    assert User.objects.get(pk=user.pk).guidelines_version_accepted == 1


def test_demo_sign_ins_have_accepted_the_guidelines():
    from django.core.management import call_command

    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert not User.objects.filter(guidelines_version_accepted__lt=1).exists()


# Staff publish a new version ------------------------------------------------------------------


def test_staff_publish_a_new_version_from_the_admin_and_everyone_is_asked_again(
    client, django_capture_on_commit_callbacks
):
    admin = UserFactory(staff_role=StaffRole.ADMINISTRATOR, is_staff=True, is_superuser=True)
    page = Page.objects.get(slug=PageSlug.GUIDELINES)
    client.force_login(admin)
    url = reverse("admin:pages_page_publish", args=[page.pk])
    assert url in client.get(reverse("admin:pages_page_change", args=[page.pk])).content.decode()
    form = client.get(url).context["form"]
    assert form.initial["title_en"] == page.current_version.title_en
    assert guidelines_version_current() == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {**form.initial, "body_en": "Be kind. No advertising.", "note": "No advertising."},
        )

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.current_version.number == 2 and page.current_version.created_by == admin
    assert guidelines_version_current() == 2
    member = UserFactory.build(guidelines_version_accepted=1)
    from collegium import permissions

    assert permissions.writing_refusal(member) is not None


def test_people_without_admin_rights_cannot_publish(client):
    page = Page.objects.get(slug=PageSlug.GUIDELINES)
    client.force_login(UserFactory())
    response = client.get(reverse("admin:pages_page_publish", args=[page.pk]))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]

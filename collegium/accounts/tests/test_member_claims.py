"""Member ID claims (ID-3): verified from the roster at once, or by staff with a reason."""

from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models.signals import post_save
from django.utils import timezone, translation
from django.utils.translation import gettext

from collegium.accounts import services
from collegium.accounts.choices import ClaimStatus, RosterStatus, StaffRole, UserType
from collegium.accounts.models import MemberClaim, RosterEntry, User
from collegium.accounts.tests.factories import UserFactory
from collegium.core.testing import assert_flat_query_count

pytestmark = pytest.mark.django_db

QUEUE = "/en/staff/member-claims/"
MEMBERSHIP = "/en/account/membership/"


def _roster_entry(member_id="1234567", email="camille@example.org", **fields) -> RosterEntry:
    values = {
        "first_name": "Camille", "last_name": "Tremblay", "member_type": UserType.PHYSICIAN,
        "status": RosterStatus.ACTIVE, **fields,
    }  # fmt: skip
    return RosterEntry.objects.create(member_id=member_id, email=email, **values)


@pytest.fixture
def roster(db):
    return _roster_entry()


@pytest.fixture
def camille(db):
    """A physician whose confirmed email address is the one on the roster."""
    return UserFactory(email="camille@example.org", username="dr-camille")


def _pending_claim(user: Any, member_id: str = "1234567") -> MemberClaim:
    """A claim the roster could not settle, waiting in the staff queue."""
    return MemberClaim.objects.create(user=user, member_id=member_id)


def _subject(template: str, language: str) -> str:
    with translation.override(language):
        return gettext(template) % {"site_name": "Collegium"}


# Claims decided from the roster ----------------------------------------------------------------


def test_a_physician_on_the_roster_under_their_confirmed_email_is_verified_at_once(
    camille, roster, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        claim = services.member_claim_submit(user=camille, member_id="1234567")

    camille.refresh_from_db()
    assert claim.status == ClaimStatus.VERIFIED
    assert claim.is_automatic
    assert claim.decided_by is None
    assert camille.is_member
    assert camille.member_id == "1234567"
    assert [message.to for message in mail.outbox] == [["camille@example.org"]]
    assert mail.outbox[0].subject == "Your membership is verified on Collegium"


def test_a_member_id_typed_with_spaces_or_hyphens_is_understood(camille, roster):
    claim = services.member_claim_submit(user=camille, member_id=" 123-45 67 ")

    assert claim.member_id == "1234567"
    assert claim.status == ClaimStatus.VERIFIED


def test_a_learner_on_the_roster_is_verified_as_a_learner(roster):
    roster.member_type = UserType.LEARNER
    roster.save()
    learner = UserFactory(email="camille@example.org", user_type=UserType.LEARNER)

    services.member_claim_submit(user=learner, member_id="1234567")

    learner.refresh_from_db()
    assert learner.is_member
    assert learner.user_type == UserType.LEARNER


def test_a_claim_waits_for_staff_when_the_roster_has_another_email(roster):
    someone = UserFactory(email="camille.t@example.org")

    claim = services.member_claim_submit(user=someone, member_id="1234567")

    someone.refresh_from_db()
    assert claim.status == ClaimStatus.PENDING
    assert not someone.is_member
    assert someone.member_id is None


def test_a_claim_waits_while_the_email_address_is_not_confirmed(roster):
    unconfirmed = UserFactory(email="camille@example.org", verified_email=False)
    EmailAddress.objects.create(
        user=unconfirmed, email=unconfirmed.email, verified=False, primary=True
    )

    claim = services.member_claim_submit(user=unconfirmed, member_id="1234567")

    unconfirmed.refresh_from_db()
    assert claim.status == ClaimStatus.PENDING
    assert not unconfirmed.is_member


def test_a_claim_waits_for_staff_when_the_roster_entry_is_inactive(camille):
    _roster_entry(status=RosterStatus.INACTIVE)

    claim = services.member_claim_submit(user=camille, member_id="1234567")

    camille.refresh_from_db()
    assert claim.status == ClaimStatus.PENDING
    assert not camille.is_member


def test_confirming_the_email_address_verifies_a_waiting_claim(
    roster, django_capture_on_commit_callbacks
):
    person = services.user_create(
        email="Camille@Example.org", password=None, user_type=UserType.PHYSICIAN
    )
    claim = services.member_claim_submit(user=person, member_id="1234567")
    assert claim.status == ClaimStatus.PENDING
    EmailAddress.objects.filter(user=person).update(verified=True)

    with django_capture_on_commit_callbacks(execute=True):
        services.member_claims_reevaluate(user=person)

    claim.refresh_from_db()
    person.refresh_from_db()
    assert claim.status == ClaimStatus.VERIFIED
    assert claim.is_automatic
    assert person.is_member
    assert [message.to for message in mail.outbox] == [["camille@example.org"]]


def test_reevaluating_leaves_a_claim_waiting_while_the_roster_still_disagrees(roster):
    someone = UserFactory(email="other@example.org")
    claim = services.member_claim_submit(user=someone, member_id="1234567")

    services.member_claims_reevaluate(user=someone)

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PENDING


def test_confirming_the_email_after_staff_gave_the_id_to_another_account_leaves_the_claim_waiting(
    roster, staff_user
):
    camille = UserFactory(email="camille@example.org", verified_email=False)
    EmailAddress.objects.create(user=camille, email=camille.email, verified=False, primary=True)
    waiting = services.member_claim_submit(user=camille, member_id="1234567")
    other = UserFactory(email="other@example.org")
    services.member_claim_verify(actor=staff_user, claim=_pending_claim(other))
    EmailAddress.objects.filter(user=camille).update(verified=True)

    services.member_claims_reevaluate(user=camille)

    waiting.refresh_from_db()
    assert waiting.status == ClaimStatus.PENDING


# What a claim may be ---------------------------------------------------------------------------


NOT_A_MEMBER_ID = "This does not look like a member ID. Check it on your membership card."
HELD_BY_ANOTHER = (
    "This member ID is already linked to another account. "
    "If it is yours, write to community@example.org."
)
NOT_ON_ROSTER = (
    "We cannot find this member ID on the membership roster. "
    "Check it, or write to community@example.org."
)


@pytest.mark.parametrize(
    ("member_id", "code", "message"),
    [
        ("12ab", "format", NOT_A_MEMBER_ID),
        ("123", "format", NOT_A_MEMBER_ID),
        ("7654321", "claimed", HELD_BY_ANOTHER),
        ("9999999", "not_on_roster", NOT_ON_ROSTER),
    ],
)
def test_a_claim_that_cannot_be_accepted_says_why_and_changes_nothing(
    camille, roster, member_id, code, message
):
    _roster_entry(member_id="7654321", email="other@example.org")
    UserFactory(member_id="7654321", email="other@example.org")

    with pytest.raises(ValidationError) as caught:
        services.member_claim_submit(user=camille, member_id=member_id)

    assert caught.value.code == code
    assert caught.value.messages == [message]
    assert not camille.member_claims.exists()


def test_a_verified_member_cannot_claim_again(camille, roster):
    services.member_claim_submit(user=camille, member_id="1234567")
    _roster_entry(member_id="7654321", email="camille@example.org")

    with pytest.raises(ValidationError) as caught:
        services.member_claim_submit(user=camille, member_id="7654321")

    camille.refresh_from_db()
    assert caught.value.code == "verified"
    assert camille.member_id == "1234567"
    assert list(camille.member_claims.values_list("member_id", flat=True)) == ["1234567"]


def test_claiming_again_replaces_the_claim_that_was_waiting():
    _roster_entry(member_id="1234567", email="first@example.org")
    _roster_entry(member_id="7654321", email="second@example.org")
    someone = UserFactory(email="someone@example.org")
    services.member_claim_submit(user=someone, member_id="1234567")

    services.member_claim_submit(user=someone, member_id="7654321")

    assert list(someone.member_claims.values_list("member_id", "status")) == [
        ("7654321", ClaimStatus.PENDING)
    ]


def test_a_person_whose_claim_was_declined_may_claim_again(roster, staff_user):
    someone = UserFactory(email="someone@example.org")
    declined = services.member_claim_submit(user=someone, member_id="1234567")
    services.member_claim_reject(actor=staff_user, claim=declined, reason="Wrong card.")

    again = services.member_claim_submit(user=someone, member_id="1234567")

    assert again.status == ClaimStatus.PENDING
    assert someone.member_claims.count() == 2


def test_a_member_id_goes_to_one_account_only_even_when_two_claims_wait_for_it(roster, staff_user):
    first, second = UserFactory(email="a@example.org"), UserFactory(email="b@example.org")
    first_claim, second_claim = _pending_claim(first), _pending_claim(second)
    services.member_claim_verify(actor=staff_user, claim=first_claim)

    with pytest.raises(ValidationError) as caught:
        services.member_claim_verify(actor=staff_user, claim=second_claim)

    assert caught.value.code == "claimed"
    assert caught.value.messages == ["This member ID is already linked to another account."]
    second.refresh_from_db()
    second_claim.refresh_from_db()
    assert not second.is_member
    assert second.member_id is None
    assert second_claim.status == ClaimStatus.PENDING
    assert User.objects.get(member_id="1234567") == first


def test_a_claim_that_loses_a_race_for_the_same_id_is_refused_and_not_kept(camille, roster):
    rival = UserFactory(email="rival@example.org")

    def rival_verified_meanwhile(sender, instance, created, **kwargs):
        # Another request links the ID to the rival after Camille's "already linked" check.
        if created and instance.user_id == camille.pk:
            User.objects.filter(pk=rival.pk).update(member_id="1234567")

    post_save.connect(rival_verified_meanwhile, sender=MemberClaim)
    try:
        with pytest.raises(ValidationError) as caught:
            services.member_claim_submit(user=camille, member_id="1234567")
    finally:
        post_save.disconnect(rival_verified_meanwhile, sender=MemberClaim)

    camille.refresh_from_db()
    assert caught.value.code == "claimed"
    assert caught.value.messages == ["This member ID is already linked to another account."]
    assert camille.member_id is None
    assert not camille.member_claims.exists()


# Staff decisions -------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "fr"])
def test_staff_verify_a_claim_and_the_person_is_emailed_in_their_language(
    roster, staff_user, language, django_capture_on_commit_callbacks
):
    person = UserFactory(email="camille.t@example.org", preferred_language=language)
    claim = _pending_claim(person)

    with django_capture_on_commit_callbacks(execute=True):
        services.member_claim_verify(actor=staff_user, claim=claim)

    person.refresh_from_db()
    claim.refresh_from_db()
    assert person.is_member
    assert person.member_id == "1234567"
    assert person.user_type == UserType.PHYSICIAN
    assert (claim.status, claim.is_automatic, claim.decided_by) == (
        ClaimStatus.VERIFIED, False, staff_user
    )  # fmt: skip
    [message] = mail.outbox
    assert message.to == ["camille.t@example.org"]
    assert message.subject == _subject("Your membership is verified on %(site_name)s", language)
    assert f'<html lang="{language}">' in message.alternatives[0][0]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_staff_decline_a_claim_with_a_reason_the_person_reads_in_their_language(
    roster, staff_user, language, django_capture_on_commit_callbacks
):
    person = UserFactory(email="camille.t@example.org", preferred_language=language)
    claim = _pending_claim(person)

    with django_capture_on_commit_callbacks(execute=True):
        services.member_claim_reject(
            actor=staff_user, claim=claim, reason="  The roster lists another email.  "
        )

    person.refresh_from_db()
    claim.refresh_from_db()
    assert not person.is_member
    assert (claim.status, claim.reason, claim.decided_by) == (
        ClaimStatus.REJECTED, "The roster lists another email.", staff_user
    )  # fmt: skip
    [message] = mail.outbox
    assert message.to == ["camille.t@example.org"]
    assert message.subject == _subject(
        "Your member ID could not be verified on %(site_name)s", language
    )
    assert "The roster lists another email." in message.body
    assert "1234567" in message.body
    assert f'<html lang="{language}">' in message.alternatives[0][0]


@pytest.mark.parametrize("reason", ["", "   "])
def test_declining_needs_a_reason(roster, staff_user, reason, django_capture_on_commit_callbacks):
    claim = _pending_claim(UserFactory(email="someone@example.org"))

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as caught:
        services.member_claim_reject(actor=staff_user, claim=claim, reason=reason)

    assert caught.value.message_dict == {
        "reason": ["Tell the person why, so they know what to do next."]
    }
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PENDING
    assert mail.outbox == []


@pytest.mark.parametrize(
    "role",
    [
        {"user_type": UserType.PHYSICIAN},
        {"user_type": UserType.PATIENT},
        {"user_type": UserType.PUBLIC, "staff_role": StaffRole.MODERATOR},
    ],
    ids=["physician", "patient", "moderator"],
)
def test_only_association_staff_decide_claims(roster, role):
    person = UserFactory(email="someone@example.org")
    claim = _pending_claim(person)
    actor = UserFactory(**role)

    with pytest.raises(PermissionDenied, match=r"Only association staff can verify member IDs\."):
        services.member_claim_verify(actor=actor, claim=claim)
    with pytest.raises(PermissionDenied):
        services.member_claim_reject(actor=actor, claim=claim, reason="No.")

    claim.refresh_from_db()
    person.refresh_from_db()
    assert claim.status == ClaimStatus.PENDING
    assert not person.is_member


@pytest.mark.parametrize(
    "role",
    [{"staff_role": StaffRole.ADMINISTRATOR}, {"is_superuser": True}],
    ids=["administrator", "superuser"],
)
def test_administrators_and_superusers_decide_claims_too(roster, role):
    person = UserFactory(email="someone@example.org")

    services.member_claim_verify(actor=UserFactory(**role), claim=_pending_claim(person))

    person.refresh_from_db()
    assert person.is_member


@pytest.mark.parametrize("first", ["verify", "reject"])
@pytest.mark.parametrize("second", ["verify", "reject"])
def test_a_decided_claim_cannot_be_decided_again(roster, staff_user, first, second):
    person = UserFactory(email="someone@example.org")
    claim = _pending_claim(person)
    decide = {
        "verify": lambda c: services.member_claim_verify(actor=staff_user, claim=c),
        "reject": lambda c: services.member_claim_reject(actor=staff_user, claim=c, reason="No."),
    }
    decide[first](claim)
    status = MemberClaim.objects.get(pk=claim.pk).status

    with pytest.raises(ValidationError) as caught:
        decide[second](MemberClaim.objects.get(pk=claim.pk))

    assert caught.value.code == "decided"
    assert caught.value.messages == ["This claim has already been decided."]
    assert MemberClaim.objects.get(pk=claim.pk).status == status


def test_two_staff_deciding_the_same_claim_at_once_cannot_both_succeed(roster, staff_user):
    person = UserFactory(email="someone@example.org")
    claim = _pending_claim(person)
    seen_by_first, seen_by_second = (MemberClaim.objects.get(pk=claim.pk) for _ in range(2))
    services.member_claim_verify(actor=staff_user, claim=seen_by_first)

    with pytest.raises(ValidationError):
        services.member_claim_reject(actor=staff_user, claim=seen_by_second, reason="No.")


# Pages -----------------------------------------------------------------------------------------


def test_claiming_on_the_membership_page_verifies_a_physician_on_the_roster(
    client, camille, roster
):
    client.force_login(camille)

    response = client.post(MEMBERSHIP, {"member_id": "1234567"}, follow=True)

    page = response.content.decode()
    assert response.redirect_chain == [(MEMBERSHIP, 302)]
    assert "Your membership is verified. Welcome!" in page
    assert "Your membership is verified (member ID 1234567)" in page


def test_a_claim_the_roster_cannot_settle_is_shown_as_waiting(client, roster):
    someone = UserFactory(email="someone@example.org")
    client.force_login(someone)

    page = client.post(MEMBERSHIP, {"member_id": "1234567"}, follow=True).content.decode()

    assert "Association staff will review your claim shortly." in page
    assert "You claimed member ID 1234567" in page


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12ab", "This does not look like a member ID."),
        ("9999999", "We cannot find this member ID on the membership roster."),
        ("7654321", "This member ID is already linked to another account."),
    ],
)
def test_a_bad_member_id_is_explained_next_to_the_field_and_kept(client, camille, typed, message):
    UserFactory(email="other@example.org", member_id="7654321")
    _roster_entry(member_id="7654321", email="other@example.org")
    client.force_login(camille)

    response = client.post(MEMBERSHIP, {"member_id": typed})

    page = response.content.decode()
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["member_id"])
    assert f'<ul class="field__errors" id="id_member_id_error"><li>{message}' in page
    assert f'value="{typed}"' in page
    assert not camille.member_claims.exists()


def test_the_claim_queue_is_hidden_from_participants(client, physician):
    client.force_login(physician)

    assert client.get(QUEUE).status_code == 404


def test_staff_see_waiting_claims_beside_what_the_roster_says(client, staff_user, roster):
    _pending_claim(UserFactory(username="dr-waiting", email="waiting@example.org"))
    _pending_claim(UserFactory(username="dr-unknown", email="unknown@example.org"), "9999999")
    UserFactory(username="dr-verified", member_id="7654321", member_verified_at=timezone.now())
    client.force_login(staff_user)

    response = client.get(QUEUE)

    page = response.content.decode()
    assert response.status_code == 200
    assert "dr-waiting · 1234567" in page
    assert "Camille Tremblay &lt;camille@example.org&gt;" in page
    assert "dr-unknown · 9999999" in page
    assert "Not on the roster" in page
    assert "dr-verified" not in page


def test_the_claim_queue_costs_the_same_queries_however_many_claims_wait(client, staff_user):
    client.force_login(staff_user)
    _pending_claim(UserFactory(email="first@example.org"), "1000001")

    def more_claims() -> None:
        for number in range(2, 7):
            member_id = f"100000{number}"
            _roster_entry(member_id=member_id, email=f"r{number}@example.org")
            _pending_claim(UserFactory(email=f"p{number}@example.org"), member_id)

    assert_flat_query_count(lambda: client.get(QUEUE), more_claims)


def test_staff_verify_from_the_queue(
    client, staff_user, roster, django_capture_on_commit_callbacks
):
    person = UserFactory(username="dr-waiting", email="waiting@example.org")
    claim = _pending_claim(person)
    client.force_login(staff_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{QUEUE}{claim.pk}/verify/", follow=True)

    person.refresh_from_db()
    assert response.redirect_chain == [(QUEUE, 302)]
    assert "dr-waiting is verified." in response.content.decode()
    assert person.is_member
    assert [message.to for message in mail.outbox] == [["waiting@example.org"]]


def test_staff_decline_from_the_queue_with_a_reason(
    client, staff_user, roster, django_capture_on_commit_callbacks
):
    claim = _pending_claim(UserFactory(username="dr-waiting", email="waiting@example.org"))
    client.force_login(staff_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{QUEUE}{claim.pk}/reject/", {"reason": "Wrong card."}, follow=True)

    claim.refresh_from_db()
    assert "The claim of dr-waiting is declined." in response.content.decode()
    assert (claim.status, claim.reason) == (ClaimStatus.REJECTED, "Wrong card.")
    assert "Wrong card." in mail.outbox[0].body


def test_declining_from_the_queue_without_a_reason_shows_the_error_and_changes_nothing(
    client, staff_user, roster, django_capture_on_commit_callbacks
):
    claim = _pending_claim(UserFactory(username="dr-waiting", email="waiting@example.org"))
    client.force_login(staff_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{QUEUE}{claim.pk}/reject/", {"reason": ""})

    page = response.content.decode()
    assert response.context["reject_form"].errors["reason"] == ["This field is required."]
    assert '<ul class="field__errors" id="id_reason_error"><li>This field is required.' in page
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PENDING
    assert claim.decided_at is None
    assert mail.outbox == []


def test_deciding_a_claim_already_decided_from_the_queue_says_so(client, staff_user, roster):
    claim = _pending_claim(UserFactory(email="waiting@example.org"))
    services.member_claim_reject(actor=staff_user, claim=claim, reason="Wrong card.")
    client.force_login(staff_user)

    response = client.post(f"{QUEUE}{claim.pk}/verify/", follow=True)

    claim.refresh_from_db()
    assert "This claim has already been decided." in response.content.decode()
    assert claim.status == ClaimStatus.REJECTED


def test_a_participant_cannot_decide_a_claim_from_the_queue(client, physician, roster):
    claim = _pending_claim(UserFactory(email="waiting@example.org"))
    client.force_login(physician)

    verify = client.post(f"{QUEUE}{claim.pk}/verify/")
    reject = client.post(f"{QUEUE}{claim.pk}/reject/", {"reason": "No."})

    assert (verify.status_code, reject.status_code) == (404, 404)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PENDING


# The banner ------------------------------------------------------------------------------------


def test_an_unverified_physician_is_told_on_the_landing_page(client, physician):
    client.force_login(physician)

    page = client.get("/en/").content.decode()

    assert "Your membership is not verified yet" in page
    assert "Give your member ID" in page


def test_an_unverified_physician_with_a_waiting_claim_is_told_it_waits(client, physician):
    _pending_claim(physician)
    client.force_login(physician)

    page = client.get("/en/").content.decode()

    assert "Your membership is not verified yet" in page
    assert "Until association staff verify your member ID" in page


def test_a_verified_physician_sees_no_membership_banner(client, camille, roster):
    services.member_claim_submit(user=camille, member_id="1234567")
    client.force_login(camille)

    page = client.get("/en/").content.decode()

    assert "Your membership is not verified yet" not in page


def test_a_patient_sees_no_membership_banner(client, patient):
    client.force_login(patient)

    assert "Your membership is not verified yet" not in client.get("/en/").content.decode()

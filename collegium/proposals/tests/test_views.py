"""The proposal pages (EN-2): who gets what, bad input answered next to the field with the
text kept, support with and without htmx, the staff's status form, and the lists."""

import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from collegium.editor.models import Draft
from collegium.proposals import services
from collegium.proposals.choices import ProposalStatus
from collegium.proposals.models import (
    Proposal,
    ProposalComment,
    ProposalStatusChange,
    ProposalSupport,
)
from collegium.proposals.tests.factories import make_proposal, move_to


@pytest.fixture
def proposal(author):
    return make_proposal(author, title="Platform-wide proposal")


@pytest.fixture
def community_proposal(community, author):
    return make_proposal(
        author, title="Community proposal", body="For the community.", community=community
    )


def _url(name, proposal=None, *args):
    if proposal is None:
        return reverse(f"proposals:{name}")
    return reverse(f"proposals:{name}", args=[proposal.pk, *args])


def _new(**fields):
    return {
        "title": "Protected wellness half-days",
        "summary": "One half-day a month for residents' wellness.",
        "body": "Every faculty should protect one half-day a month.",
        "language": "en",
        "submission_key": str(uuid.uuid4()),
        **fields,
    }


def _status(**fields):
    return {"status": "under_review", "reason": "The committee looks at it.", **fields}


# Who gets what: the permission matrix ---------------------------------------------------------

# (who, list, platform-wide proposal, community proposal, submit page)
PAGES = [
    ("anonymous", 302, 302, 302, 302),
    ("non_member", 200, 200, 404, 403),
    ("outsider", 200, 200, 404, 200),
    ("member", 200, 200, 200, 200),
    ("leader", 200, 200, 200, 200),
    ("staff", 200, 200, 200, 200),
    ("moderator", 200, 200, 200, 403),
]


@pytest.mark.parametrize(("who", "listing", "everyone", "private", "submit"), PAGES)
def test_who_opens_which_proposal_page(
    client, request, proposal, community_proposal, who, listing, everyone, private, submit
):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    assert client.get(_url("list")).status_code == listing
    assert client.get(_url("detail", proposal)).status_code == everyone
    assert client.get(_url("detail", community_proposal)).status_code == private
    assert client.get(_url("create")).status_code == submit


def test_anonymous_visitors_are_sent_to_sign_in(client, proposal):
    for url in (_url("list"), _url("detail", proposal), _url("create")):
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response["Location"]
    for name in ("support", "support_withdraw", "status_change"):
        response = client.post(_url(name, proposal))
        assert response.status_code == 302 and "login" in response["Location"]
    assert not ProposalSupport.objects.exists()


# (who, support, status change) on the platform-wide proposal: what the database says after.
ACTIONS = [
    ("author", 0, "submitted"),
    ("member", 1, "submitted"),
    ("non_member", 0, "submitted"),
    ("moderator", 0, "submitted"),
    ("staff", 0, "under_review"),
]


@pytest.mark.parametrize(("who", "supports", "status"), ACTIONS)
def test_who_supports_and_who_changes_the_status(client, request, proposal, who, supports, status):
    client.force_login(request.getfixturevalue(who))
    client.post(_url("support", proposal))
    response = client.post(_url("status_change", proposal), _status())
    assert response.status_code == (302 if who == "staff" else 404)
    proposal.refresh_from_db()
    assert proposal.support_count == supports
    assert ProposalSupport.objects.count() == supports
    assert proposal.status == status


def test_outsiders_get_404_for_every_action_on_a_communitys_proposal(
    client, community_proposal, outsider
):
    client.force_login(outsider)
    for name in ("support", "support_withdraw", "status_change", "comment_add"):
        assert client.post(_url(name, community_proposal), _status()).status_code == 404
    assert not ProposalSupport.objects.exists() and not ProposalComment.objects.exists()
    listing = client.get(_url("list")).content.decode()
    assert "Community proposal" not in listing


def test_the_list_filtered_by_an_unreadable_community_is_404(client, community, outsider):
    client.force_login(outsider)
    assert client.get(_url("list"), {"community": community.slug}).status_code == 404
    assert client.get(_url("list"), {"community": "no-such-community"}).status_code == 404


# Submitting -----------------------------------------------------------------------------------


def test_a_member_submits_a_proposal_from_the_form(client, author):
    client.force_login(author)
    response = client.post(_url("create"), _new())
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response["Location"] == proposal.get_absolute_url()
    assert proposal.author == author and proposal.community is None
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Protected wellness half-days" in page
    assert 'lang="en"' in page


def test_missing_fields_are_refused_next_to_each_with_the_typed_text_kept(client, author):
    client.force_login(author)
    response = client.post(
        _url("create"), _new(title="", summary="", body="Words I typed and keep.")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_title_error"' in page and "Give the proposal a title." in page
    assert 'id="id_summary_error"' in page and "Sum up the proposal" in page
    assert "Words I typed and keep." in page
    assert not Proposal.objects.exists()
    draft = Draft.objects.get(user=author, key="proposals:new")
    assert draft.body == "Words I typed and keep."


def test_a_missing_field_is_refused_in_french_on_french_pages(client, author):
    client.force_login(author)
    with translation.override("fr"):
        url = reverse("proposals:create")
    response = client.post(url, _new(title="", body="Mon texte à garder."))
    page = response.content.decode()
    assert 'id="id_title_error"' in page
    assert "Mon texte à garder." in page
    with translation.override("fr"):
        from django.utils.translation import gettext

        assert gettext("Give the proposal a title.") in page


def test_an_over_long_title_is_refused_with_the_text_kept(client, author):
    client.force_login(author)
    response = client.post(_url("create"), _new(title="t" * 201))
    page = response.content.decode()
    assert 'id="id_title_error"' in page and "t" * 201 in page
    assert not Proposal.objects.exists()


def test_a_double_submitted_form_makes_one_proposal(client, author):
    client.force_login(author)
    data = _new()
    client.post(_url("create"), data)
    client.post(_url("create"), data)
    assert Proposal.objects.count() == 1


def test_the_draft_comes_back_on_the_form_and_goes_once_submitted(client, author):
    Draft.objects.create(user=author, key="proposals:new", title="Saved title", body="Saved text")
    client.force_login(author)
    page = client.get(_url("create")).content.decode()
    assert "Saved title" in page and "Saved text" in page
    client.post(_url("create"), _new())
    assert not Draft.objects.filter(user=author, key="proposals:new").exists()


def test_a_proposal_sent_after_the_session_expired_is_kept_through_sign_in(client, author):
    response = client.post(_url("create"), _new(body="Typed before the session expired."))
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(author)
    page = client.get(_url("create")).content.decode()
    assert "Typed before the session expired." in page


def test_a_leader_submits_on_the_communitys_behalf_from_the_form(client, community, leader):
    client.force_login(leader)
    page = client.get(_url("create")).content.decode()
    assert "Submit it on behalf of the community" in page
    client.post(_url("create"), _new(community=community.slug, submitted_for_community="on"))
    proposal = Proposal.objects.get()
    assert proposal.submitted_for_community and proposal.community == community
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Submitted by" in page and community.name in page


def test_on_behalf_without_a_community_is_refused_next_to_the_community(client, community, leader):
    client.force_login(leader)
    response = client.post(_url("create"), _new(submitted_for_community="on"))
    assert 'id="id_community_error"' in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_participant_cannot_submit_on_the_communitys_behalf(client, community, author):
    client.force_login(author)
    page = client.get(_url("create")).content.decode()
    assert "Submit it on behalf of the community" not in page
    client.post(_url("create"), _new(community=community.slug, submitted_for_community="on"))
    proposal = Proposal.objects.get()  # the box is not on their form: it is ignored
    assert proposal.community == community and not proposal.submitted_for_community


def test_a_community_the_person_is_not_in_is_not_offered(client, community, outsider):
    client.force_login(outsider)
    response = client.post(_url("create"), _new(community=community.slug))
    assert Proposal.objects.get().community is None  # unknown choices are ignored
    assert response.status_code == 302


def test_a_non_member_is_told_who_may_submit(client, non_member):
    client.force_login(non_member)
    response = client.get(_url("create"))
    assert response.status_code == 403
    assert "Verified members of the association" in response.content.decode()
    assert client.post(_url("create"), _new()).status_code == 403
    assert not Proposal.objects.exists()


def test_a_suspended_member_is_told_why_and_their_text_is_kept(client, author):
    from datetime import timedelta

    from django.utils import timezone

    author.suspended_until = timezone.now() + timedelta(days=1)
    author.save(update_fields=["suspended_until"])
    client.force_login(author)
    response = client.post(_url("create"), _new(body="Text from a suspended member."))
    page = response.content.decode()
    assert "suspended" in page and "Text from a suspended member." in page
    assert not Proposal.objects.exists()


# Support --------------------------------------------------------------------------------------


def test_a_member_supports_without_javascript_and_the_page_shows_it(client, proposal, member):
    client.force_login(member)
    response = client.post(_url("support", proposal))
    assert response.status_code == 302 and response["Location"].endswith("#support")
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "1 supporter" in page and "Withdraw my support" in page


def test_a_second_support_is_refused_cleanly_with_one_row(client, proposal, member):
    client.force_login(member)
    client.post(_url("support", proposal))
    response = client.post(_url("support", proposal))
    assert response.status_code == 302
    assert ProposalSupport.objects.count() == 1
    proposal.refresh_from_db()
    assert proposal.support_count == 1


def test_with_htmx_the_support_panel_is_swapped_in_place(client, proposal, member):
    client.force_login(member)
    response = client.post(_url("support", proposal), headers={"HX-Request": "true"})
    assert response.status_code == 200
    fragment = response.content.decode()
    assert "<html" not in fragment
    assert "1 supporter" in fragment and "Withdraw my support" in fragment
    response = client.post(_url("support_withdraw", proposal), headers={"HX-Request": "true"})
    fragment = response.content.decode()
    assert "0 supporters" in fragment and "Support this proposal" in fragment


def test_with_htmx_a_refused_support_says_why(client, proposal, author):
    client.force_login(author)
    response = client.post(_url("support", proposal), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "You submitted this proposal" in response.content.decode()
    assert not ProposalSupport.objects.exists()


def test_support_is_a_post_protected_by_csrf(proposal, member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert client.get(_url("support", proposal)).status_code == 405
    assert client.post(_url("support", proposal)).status_code == 403
    assert client.post(_url("status_change", proposal), _status()).status_code == 403
    assert not ProposalSupport.objects.exists()


# Status ---------------------------------------------------------------------------------------


def test_staff_change_the_status_and_the_reason_shows_in_the_public_history(
    client, proposal, staff, member
):
    client.force_login(staff)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Change the status" in page
    response = client.post(
        _url("status_change", proposal),
        _status(reason="On the agenda in March.", from_status="submitted"),
    )
    assert response.status_code == 302
    client.force_login(member)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "On the agenda in March." in page
    assert "Under review" in page
    assert "Change the status" not in page


def test_a_status_change_without_a_reason_is_refused_next_to_the_field(client, proposal, staff):
    client.force_login(staff)
    response = client.post(_url("status_change", proposal), _status(reason="  "))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_reason_error"' in page
    assert "Give the reason for this change" in page
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    assert not ProposalStatusChange.objects.exists()


def test_an_invalid_transition_is_refused_next_to_the_status_with_the_reason_kept(
    client, proposal, staff
):
    client.force_login(staff)
    response = client.post(
        _url("status_change", proposal), _status(status="adopted", reason="Straight to adopted.")
    )
    page = response.content.decode()
    assert 'id="id_status_error"' in page
    assert "Straight to adopted." in page
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_a_status_changed_meanwhile_is_not_overwritten(client, proposal, staff):
    move_to(proposal, staff, ProposalStatus.UNDER_REVIEW)
    client.force_login(staff)
    response = client.post(
        _url("status_change", proposal),
        _status(status="declined", reason="Not for us.", from_status="submitted"),
    )
    page = response.content.decode()
    assert 'id="id_status_error"' in page and "meanwhile" in page
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.UNDER_REVIEW


def test_a_decided_proposal_offers_no_status_form(client, proposal, staff):
    move_to(proposal, staff, ProposalStatus.DECLINED)
    client.force_login(staff)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "This proposal is decided" in page
    assert 'id="status-form"' not in page


# Comments -------------------------------------------------------------------------------------


def test_a_member_comments_and_the_comment_shows(client, proposal, member):
    client.force_login(member)
    response = client.post(
        _url("comment_add", proposal),
        {"body": "I agree with this.", "submission_key": str(uuid.uuid4())},
    )
    comment = ProposalComment.objects.get()
    assert response["Location"].endswith(f"#{comment.anchor}")
    assert "I agree with this." in client.get(proposal.get_absolute_url()).content.decode()


def test_an_empty_comment_is_refused_next_to_the_field(client, proposal, member):
    client.force_login(member)
    response = client.post(_url("comment_add", proposal), {"body": "  "})
    assert 'id="id_body_error"' in response.content.decode()
    assert not ProposalComment.objects.exists()


def test_a_non_member_reads_comments_but_is_told_who_comments(client, proposal, non_member):
    client.force_login(non_member)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Verified members of the association and its staff comment" in page
    response = client.post(_url("comment_add", proposal), {"body": "Let me in."})
    assert "Let me in." in response.content.decode()  # kept on the page
    assert not ProposalComment.objects.exists()


def test_authors_edit_and_delete_their_comments_others_get_404(
    client, proposal, member, second_member
):
    comment = services.proposal_comment_add(actor=member, proposal=proposal, body="First.")
    edit = _url("comment_edit", proposal, comment.pk)
    delete = _url("comment_delete", proposal, comment.pk)
    client.force_login(second_member)
    assert client.get(edit).status_code == 404
    assert client.post(delete).status_code == 404
    client.force_login(member)
    assert client.get(edit).status_code == 200
    client.post(edit, {"body": "Second."})
    comment.refresh_from_db()
    assert comment.body == "Second." and comment.edited_at is not None
    assert client.get(delete).status_code == 200
    client.post(delete)
    comment.refresh_from_db()
    assert comment.deleted_at is not None


def test_a_comment_has_a_report_link_for_others(client, proposal, member, second_member):
    comment = services.proposal_comment_add(actor=member, proposal=proposal, body="Words.")
    client.force_login(second_member)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert reverse("moderation:report", args=["proposal_comment", comment.pk]) in page
    assert reverse("moderation:report", args=["proposal", proposal.pk]) in page
    assert client.get(reverse("moderation:report", args=["proposal", proposal.pk])).status_code == (
        200
    )


# Lists ----------------------------------------------------------------------------------------


def _order(response, titles=("Alpha", "Bravo", "Charlie")):
    page = response.content.decode()
    found = [(page.index(f">{title}<"), title) for title in titles if f">{title}<" in page]
    return [title for _at, title in sorted(found)]


def test_the_list_sorts_by_support_newest_and_status(client, author, member, second_member, staff):
    alpha = make_proposal(author, title="Alpha", body="A.")
    bravo = make_proposal(author, title="Bravo", body="B.")
    charlie = make_proposal(author, title="Charlie", body="C.")
    for person in (member, second_member):
        services.proposal_support(actor=person, proposal=alpha)
    services.proposal_support(actor=member, proposal=charlie)
    move_to(charlie, staff, ProposalStatus.DECLINED)
    move_to(bravo, staff, ProposalStatus.UNDER_REVIEW)
    client.force_login(member)

    def order(**query):
        return _order(client.get(_url("list"), query))

    assert order() == ["Charlie", "Bravo", "Alpha"]
    assert order(sort="newest") == ["Charlie", "Bravo", "Alpha"]
    assert order(sort="support") == ["Alpha", "Charlie", "Bravo"]
    assert order(sort="status") == ["Alpha", "Bravo", "Charlie"]
    assert order(status="under_review") == ["Bravo"]
    assert order(sort="bogus", status="nonsense") == ["Charlie", "Bravo", "Alpha"]


def test_the_list_of_a_community_holds_its_proposals_only(
    client, community, proposal, community_proposal, member
):
    client.force_login(member)
    page = client.get(_url("list"), {"community": community.slug}).content.decode()
    assert "Community proposal" in page and "Platform-wide proposal" not in page
    assert community.name in page


@pytest.mark.parametrize("sort", ["newest", "support", "status"])
def test_every_order_pages_through_every_proposal_once(client, author, member, sort):
    from collegium.proposals import selectors

    for number in range(selectors.PROPOSALS_PER_PAGE + 5):
        proposal = make_proposal(author, title=f"Number {number:02d}", body=f"Text {number}.")
        if number % 3 == 0:
            services.proposal_support(actor=member, proposal=proposal)
    client.force_login(member)
    seen: list[str] = []
    url = f"{_url('list')}?sort={sort}"
    while url:
        response = client.get(url)
        page = response.content.decode()
        seen += [f"Number {n:02d}" for n in range(30) if f"Number {n:02d}<" in page]
        next_url = response.context["next_url"]
        url = f"{_url('list')}{next_url}" if next_url else ""
    assert sorted(seen) == sorted(f"Number {n:02d}" for n in range(25))
    assert len(seen) == 25


def test_a_malformed_cursor_means_the_first_page(client, proposal, member):
    client.force_login(member)
    for cursor in ("nonsense", "1.2.3", "x.y", "99999999999999999999.1"):
        response = client.get(_url("list"), {"sort": "support", "cursor": cursor})
        assert response.status_code == 200


def test_the_navigation_links_to_the_proposals(client, member):
    client.force_login(member)
    page = client.get(reverse("proposals:list")).content.decode()
    assert f'href="{reverse("proposals:list")}" aria-current="page"' in page


def test_the_french_address_is_translated_like_the_others(client, member):
    client.force_login(member)
    with translation.override("fr"):
        url = reverse("proposals:list")
    assert url.startswith("/fr/")
    assert client.get(url).status_code == 200


def test_the_community_page_links_to_its_proposals(client, community, member):
    client.force_login(member)
    page = client.get(community.get_absolute_url()).content.decode()
    assert f"{reverse('proposals:list')}?community={community.slug}" in page


def test_a_reported_proposal_and_comment_reach_the_moderators(
    client, proposal, member, second_member, moderator
):
    from collegium.moderation.models import Case

    comment = services.proposal_comment_add(actor=member, proposal=proposal, body="Spam here.")
    client.force_login(second_member)
    for kind, obj in (("proposal", proposal), ("proposal_comment", comment)):
        response = client.post(
            reverse("moderation:report", args=[kind, obj.pk]),
            {"category": "off_topic", "note": "Not a policy issue."},
        )
        assert response.status_code == 302
    assert set(Case.objects.values_list("kind", "community")) == {
        ("proposal", None),
        ("proposal_comment", None),
    }
    client.force_login(moderator)
    for kind, obj in (("proposal", proposal), ("proposal_comment", comment)):
        assert client.get(reverse("moderation:item", args=[kind, obj.pk])).status_code == 200
    response = client.post(
        reverse("moderation:act", args=["proposal_comment", comment.pk, "remove"]),
        {"remove-category": "off_topic", "remove-note": ""},
    )
    comment.refresh_from_db()
    assert comment.removed_at is not None, response.content.decode()[:500]
    client.force_login(second_member)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Spam here." not in page and "removed by the moderators" in page


def test_a_leader_who_is_not_a_member_submits_only_for_the_community(client, non_member):
    from collegium.communities.tests.factories import make_community

    allied = make_community("Allied care", leaders=[non_member])
    client.force_login(non_member)
    page = client.get(_url("create")).content.decode()
    assert "None: for everyone signed in" not in page
    response = client.post(_url("create"), _new(community="", submitted_for_community="True"))
    assert 'id="id_community_error"' in response.content.decode()
    client.post(_url("create"), _new(community=allied.slug, submitted_for_community="True"))
    proposal = Proposal.objects.get()
    assert proposal.submitted_for_community and proposal.community == allied


def test_an_outsider_cannot_support_a_communitys_proposal_with_htmx_either(
    client, community_proposal, outsider
):
    client.force_login(outsider)
    response = client.post(_url("support", community_proposal), headers={"HX-Request": "true"})
    assert response.status_code == 404
    assert not ProposalSupport.objects.exists()


def test_on_behalf_of_a_community_one_does_not_lead_is_refused_next_to_the_box(
    client, community, leader, author
):
    from collegium.communities.tests.factories import make_community

    other = make_community("Other place", leaders=[author], participants=[leader])
    client.force_login(leader)
    response = client.post(
        _url("create"), _new(community=other.slug, submitted_for_community="on", title="Kept")
    )
    page = response.content.decode()
    assert 'id="id_submitted_for_community_error"' in page and 'value="Kept"' in page
    assert not Proposal.objects.exists()

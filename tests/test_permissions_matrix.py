"""The permission matrix (STYLE.md; SPEC §0, ID-3, CO-3, CO-4, CO-5).

Every kind of viewer × community configuration × the viewer's place in that community × action,
walked through the real views (and through the policy for reading, posting and managing, which
have no content views yet).

The expected answers are the RULES below, written from the spec in plain words. They never call
the code under test: where the code disagrees, the rule stays and the failing cells are listed.
Each rule returns its answer with the sentence that decided it, so a failure explains itself.
"""

from __future__ import annotations

import logging
import secrets
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from collegium import permissions
from collegium.accounts.choices import StaffRole, UserType
from collegium.accounts.models import User
from collegium.accounts.tests.factories import UserFactory
from collegium.communities import services
from collegium.communities.choices import (
    CommunityStatus,
    DirectoryVisibility,
    Joining,
    MembershipStatus,
    RequestStatus,
    Role,
)
from collegium.communities.models import Community, Invitation, JoinRequest, Membership

# The world: who looks, at which communities, from where ------------------------------------


@dataclass(frozen=True)
class Viewer:
    name: str
    user_type: str | None = None  # None: not signed in
    is_verified_member: bool = False
    staff_role: str = StaffRole.NONE

    @property
    def is_signed_in(self) -> bool:
        return self.user_type is not None

    @property
    def counts_as(self) -> str | None:
        """ID-3: an unverified physician or learner takes part as a member of the public."""
        if self.user_type in {UserType.PHYSICIAN, UserType.LEARNER} and not self.is_verified_member:
            return UserType.PUBLIC
        return self.user_type

    @property
    def sees_everything(self) -> bool:
        return self.staff_role in {StaffRole.STAFF, StaffRole.MODERATOR, StaffRole.ADMINISTRATOR}

    @property
    def is_staff(self) -> bool:
        return self.staff_role in {StaffRole.STAFF, StaffRole.ADMINISTRATOR}


VIEWERS = [
    Viewer("anonymous"),
    Viewer("public", UserType.PUBLIC),
    Viewer("patient", UserType.PATIENT),
    Viewer("stakeholder", UserType.STAKEHOLDER),
    Viewer("allied health", UserType.ALLIED_HEALTH),
    Viewer("policy-maker", UserType.POLICY_MAKER),
    Viewer("unverified physician", UserType.PHYSICIAN),
    Viewer("physician", UserType.PHYSICIAN, is_verified_member=True),
    Viewer("learner", UserType.LEARNER, is_verified_member=True),
    Viewer("staff", UserType.PUBLIC, staff_role=StaffRole.STAFF),
    Viewer("moderator", UserType.PUBLIC, staff_role=StaffRole.MODERATOR),
    Viewer("administrator", UserType.PUBLIC, staff_role=StaffRole.ADMINISTRATOR),
]

AUDIENCES: dict[str, set[str]] = {
    "members only": {UserType.PHYSICIAN, UserType.LEARNER},
    "everyone": set(UserType.values),
    "health team": {UserType.PHYSICIAN, UserType.LEARNER, UserType.ALLIED_HEALTH, UserType.PATIENT},
}


@dataclass(frozen=True)
class Config:
    audience: str
    joining: str
    visibility: str
    status: str = CommunityStatus.ACTIVE

    @property
    def is_archived(self) -> bool:
        return self.status == CommunityStatus.ARCHIVED

    @property
    def slug(self) -> str:
        archived = "-archived" if self.is_archived else ""
        return f"{self.audience.replace(' ', '-')}-{self.joining}-{self.visibility}{archived}"

    def __str__(self) -> str:
        archived = " · archived" if self.is_archived else ""
        return f"{self.audience} · {self.joining} · {self.visibility}{archived}"


CONFIGS = [
    *(
        Config(audience, joining, visibility)
        for audience in AUDIENCES
        for joining in Joining.values
        for visibility in DirectoryVisibility.values
    ),
    Config("everyone", Joining.OPEN, DirectoryVisibility.PUBLIC, CommunityStatus.ARCHIVED),
    Config("health team", Joining.REQUEST, DirectoryVisibility.SIGNED_IN, CommunityStatus.ARCHIVED),
    Config("members only", Joining.OPEN, DirectoryVisibility.MEMBERS, CommunityStatus.ARCHIVED),
    Config("everyone", Joining.INVITATION, DirectoryVisibility.HIDDEN, CommunityStatus.ARCHIVED),
]

# The viewer's place in the community (anonymous viewers: "none" only).
NONE = "none"
PENDING = "pending request"
INVITED = "invited"
PARTICIPANT = "participant"
LEADER = "leader"
BANNED = "banned"
COMMUNITY_MODERATOR = "community moderator"
RULES_OUTDATED = "participant, rules changed since"
STATES = [NONE, PENDING, INVITED, PARTICIPANT, LEADER, BANNED]
# These two behave as participants on every page; only the policy tells them apart (who manages,
# who posts), so they are walked through the policy only, which keeps the file fast.
POLICY_ONLY_STATES = [COMMUNITY_MODERATOR, RULES_OUTDATED]
IN_THE_COMMUNITY = {PARTICIPANT, LEADER, COMMUNITY_MODERATOR, RULES_OUTDATED}  # active, any role

# Who manages depends on neither the audience nor the joining mode, and the settings page is slow
# to draw: it is walked over HTTP in one audience and joining mode, for every visibility and
# status (the policy's answer, "manage", is walked everywhere).
SETTINGS_PAGE_WALKED = {
    config
    for config in CONFIGS
    if config.audience == "health team" and config.joining == Joining.REQUEST
}

# THE RULES, from the spec and never from the code ------------------------------------------


@dataclass(frozen=True)
class Answer:
    value: object
    because: str


def sees(viewer: Viewer, config: Config, state: str) -> Answer:
    """The directory entry and the overview page: one rule for both (CO-3, SPEC §0)."""
    if viewer.sees_everything:
        return Answer(True, "staff and platform moderators see every community, hidden too")
    if config.visibility == DirectoryVisibility.PUBLIC:
        return Answer(True, "public: everyone sees it")
    if not viewer.is_signed_in:
        return Answer(False, "the public sees only communities listed publicly")
    if config.visibility == DirectoryVisibility.SIGNED_IN:
        return Answer(True, "signed_in: anyone signed in sees it")
    if state in IN_THE_COMMUNITY:
        return Answer(True, f"{config.visibility}: its active participants see it")
    if state == INVITED:
        return Answer(True, f"{config.visibility}: its invitees see it, to answer")
    if config.visibility == DirectoryVisibility.MEMBERS and viewer.is_verified_member:
        return Answer(True, "members: verified members see it")
    return Answer(False, f"{config.visibility}: not for this viewer ({state})")


def opens_overview(viewer: Viewer, config: Config, state: str) -> Answer:
    seen = sees(viewer, config, state)
    return Answer("200" if seen.value else "404", seen.because + " (404: never a redirect)")


def is_eligible(viewer: Viewer, config: Config) -> bool:
    """CO-3: the viewer's type is in the audience (ID-3: unverified physicians count as public)."""
    return viewer.counts_as in AUDIENCES[config.audience]


def join_state(viewer: Viewer, config: Config, state: str) -> Answer:
    """What the join panel offers and explains, on the overview and in the directory (CO-5)."""
    if not viewer.is_signed_in:
        return Answer("sign_in", "the public is asked to sign in")
    if state == BANNED:
        return Answer("banned", "a banned person may not take part")
    if state in IN_THE_COMMUNITY:
        return Answer("participant", "already a participant")
    if config.is_archived:
        return Answer("archived", "nobody joins an archived community")
    if not is_eligible(viewer, config):
        return Answer(
            "not_eligible",
            "type not in the audience; an invitation does not change that (accepting it is "
            "refused), so showing 'invited' leads to a dead end",
        )
    if state == INVITED:
        return Answer("invited", "eligible and invited: answer the invitation")
    if config.joining == Joining.OPEN:
        return Answer("join", "eligible, open community")
    if config.joining == Joining.INVITATION:
        return Answer("invitation_only", "nobody joins without an invitation")
    if state == PENDING:
        return Answer("pending", "a request is already waiting for a leader")
    return Answer("request", "eligible, by-request community")


def post_join(viewer: Viewer, config: Config, state: str) -> Answer:
    """POST /join/ with the rules accepted: "joined" means an active participant was added."""
    if not viewer.is_signed_in:
        return Answer("sign in", "the public is sent to sign in")
    if not sees(viewer, config, state).value:
        return Answer("404", "what one may not see answers 404, never revealing it exists")
    if state == BANNED or state in IN_THE_COMMUNITY:
        return Answer("refused", "already in the community, or banned from it")
    if config.is_archived:
        return Answer("refused", "nobody joins an archived community")
    if not is_eligible(viewer, config):
        return Answer("refused", "type not in the audience, invited or not")
    if config.joining != Joining.OPEN:
        return Answer("refused", f"{config.joining}: nobody joins at once")
    return Answer("joined", "eligible, open community, not yet in")


def post_request(viewer: Viewer, config: Config, state: str) -> Answer:
    """POST /request/ with a message and the rules accepted: "requested" means a pending
    request was recorded."""
    if not viewer.is_signed_in:
        return Answer("sign in", "the public is sent to sign in")
    if not sees(viewer, config, state).value:
        return Answer("404", "what one may not see answers 404, never revealing it exists")
    if state == BANNED or state in IN_THE_COMMUNITY:
        return Answer("refused", "already in the community, or banned from it")
    if config.is_archived:
        return Answer("refused", "nobody asks to join an archived community")
    if not is_eligible(viewer, config):
        return Answer("refused", "type not in the audience, invited or not")
    if config.joining != Joining.REQUEST:
        return Answer("refused", f"{config.joining}: this community takes no requests")
    if state == PENDING:
        return Answer("refused", "a request is already waiting for a leader")
    return Answer("requested", "eligible, by-request community, no request waiting")


def in_can_join_filter(viewer: Viewer, config: Config, state: str) -> Answer:
    """The directory's "I can join" filter lists what one can join, ask to join or accept an
    invitation to, now (CO-5)."""
    if post_join(viewer, config, state).value == "joined":
        return Answer(True, "joining would succeed")
    if post_request(viewer, config, state).value == "requested":
        return Answer(True, "asking to join would succeed")
    if join_state(viewer, config, state).value == "invited":
        return Answer(True, "an eligible invitee can accept the invitation")
    return Answer(False, "neither joining, asking to join nor accepting an invitation would work")


def reads_content(viewer: Viewer, config: Config, state: str) -> Answer:
    """SPEC §0, private by default: the content is for participants, staff and moderators."""
    if viewer.sees_everything:
        return Answer(True, "staff and platform moderators read every community")
    if state in IN_THE_COMMUNITY:
        return Answer(True, "active participants (any role) read it, archived or not")
    return Answer(False, "content is for participants only, whatever the directory shows")


def posts(viewer: Viewer, config: Config, state: str) -> Answer:
    """Post, reply, comment (CO-3, MO-4, CT-5)."""
    if config.is_archived:
        return Answer(False, "an archived community is read-only")
    if viewer.is_staff:
        return Answer(True, "association staff may always take part")
    if state == RULES_OUTDATED:
        return Answer(False, "the rules changed: accept them again first")
    if state in IN_THE_COMMUNITY:
        return Answer(True, "an active participant who accepted the current rules")
    return Answer(False, "only participants (and staff) take part")


def manages(viewer: Viewer, config: Config, state: str) -> Answer:
    """Settings, rules and members (CO-4)."""
    if viewer.is_staff:
        return Answer(True, "association staff manage every community")
    if state == LEADER:
        return Answer(True, "its leaders manage it")
    return Answer(False, "only its leaders and staff; platform moderators moderate, not manage")


def opens_settings(viewer: Viewer, config: Config, state: str) -> Answer:
    if not viewer.is_signed_in:
        return Answer("sign in", "the public is sent to sign in")
    manage = manages(viewer, config, state)
    return Answer("200" if manage.value else "404", manage.because)


Rule = Callable[[Viewer, Config, str], Answer]

# The table: each action and the rule that answers it.
RULES: dict[str, Rule] = {
    "in the directory": sees,
    "join state in the directory": join_state,
    "in 'I can join'": in_can_join_filter,
    "open the overview": opens_overview,
    "join state on the overview": join_state,
    "read content": reads_content,
    "post": posts,
    "manage": manages,
    "open settings": opens_settings,
    "POST join": post_join,
    "POST request": post_request,
}


def expected(viewer: Viewer, config: Config, state: str, action: str) -> Answer:
    return RULES[action](viewer, config, state)


# The walk ----------------------------------------------------------------------------------


def _create_user(viewer: Viewer) -> User:
    extra: dict[str, object] = {}
    if viewer.is_verified_member:
        extra = {"member_id": secrets.token_hex(6), "member_verified_at": timezone.now()}
    if viewer.is_staff:
        extra["is_staff"] = True
    if viewer.staff_role == StaffRole.ADMINISTRATOR:
        extra["is_superuser"] = True
    return UserFactory(user_type=viewer.user_type, staff_role=viewer.staff_role, **extra)


def _create_community(config: Config) -> Community:
    community = Community(
        slug=config.slug,
        name_en=config.slug,
        description_en="A community of the permission matrix.",
        rules_en="Be kind.",
        joining=config.joining,
        visibility=config.visibility,
        status=config.status,
    )
    return services.community_save(
        actor=None, community=community, audience=sorted(AUDIENCES[config.audience])
    )


def _put_in_state(user: User, community: Community, state: str) -> None:
    """Requests and invitations are written directly: the services rightly refuse some of these
    situations, which still happen (a request from before the joining mode changed, an
    invitation from before the audience did)."""
    if state == PENDING:
        JoinRequest.objects.create(community=community, user=user, message="May I?")
    elif state == INVITED:
        Invitation.objects.create(
            community=community,
            user=user,
            email=user.email,
            token=secrets.token_urlsafe(24),
            expires_at=timezone.now() + timedelta(days=14),
        )
    elif state in IN_THE_COMMUNITY or state == BANNED:
        role = {LEADER: Role.LEADER, COMMUNITY_MODERATOR: Role.MODERATOR}.get(
            state, Role.PARTICIPANT
        )
        membership = services.membership_add(community, user, role=role)
        if state == RULES_OUTDATED:
            membership.rules_version_accepted = community.rules_version - 1
            membership.save(update_fields=["rules_version_accepted"])
        if state == BANNED:
            membership.status = MembershipStatus.BANNED
            membership.save(update_fields=["status"])


def _footprint(user: User | None, community: Community) -> tuple[list[tuple[str, str]], int]:
    memberships = Membership.objects.filter(community=community)
    requests = JoinRequest.objects.filter(community=community, status=RequestStatus.PENDING)
    if user is not None:
        memberships, requests = memberships.filter(user=user), requests.filter(user=user)
    return sorted(memberships.values_list("role", "status")), requests.count()


def _get(client: Client, url: str) -> tuple[str, Any]:
    """The answer to a GET, and the response when it is a page."""
    response = client.get(url)
    if response.status_code == 302 and response["Location"].startswith(reverse("account_login")):
        return "sign in", None
    if response.status_code != 200:
        return str(response.status_code), None
    return "200", response


def _post(
    client: Client, url: str, data: dict[str, str], user: User | None, community: Community
) -> str:
    """POST, name what changed for this person in this community, then undo it all."""
    with transaction.atomic():
        before = _footprint(user, community)
        response = client.post(url, data)
        after = _footprint(user, community)
        transaction.set_rollback(True)
    changed = "" if before == after else " yet changed data"
    if response.status_code == 404:
        return "404" + changed
    location = response.get("Location", "")
    if response.status_code == 302 and location.startswith(reverse("account_login")):
        return "sign in" + changed
    if response.status_code != 302 or location != community.get_absolute_url():
        return f"answered {response.status_code} {location}{changed}"
    if not changed:
        return "refused"
    # Joining closes whatever request the person still had waiting (nothing left for leaders).
    if before[0] == [] and after == ([(Role.PARTICIPANT, MembershipStatus.ACTIVE)], 0):
        return "joined"
    if after == (before[0], before[1] + 1):
        return "requested"
    return f"changed {before} into {after}"


@dataclass(frozen=True)
class Cell:
    config: Config
    state: str
    action: str
    expected: Answer
    actual: object


def _cell(viewer: Viewer, config: Config, state: str, action: str, actual: object) -> Cell:
    return Cell(config, state, action, expected(viewer, config, state, action), actual)


def _walk(viewer: Viewer) -> Iterator[Cell]:
    """Build every configuration once and one person per state, then answer every cell."""
    communities = {config: _create_community(config) for config in CONFIGS}
    # For the policy: instances no selector has attached a membership to.
    fresh = {community.pk: community for community in Community.objects.all()}
    client = Client()
    states = [*STATES, *POLICY_ONLY_STATES] if viewer.is_signed_in else [NONE]
    for state in states:
        user = _create_user(viewer) if viewer.is_signed_in else None
        if user is not None:
            client.force_login(user)
            for community in communities.values():
                _put_in_state(user, community, state)
        over_http = state not in POLICY_ONLY_STATES
        if over_http:
            directory = client.get(reverse("communities:directory"))
            joinable = client.get(reverse("communities:directory"), {"can_join": "on"})
            directory_html = directory.content.decode()
            directory_states = {c.slug: action for c, action in directory.context["entries"]}
            joinable_slugs = {c.slug for c, _ in joinable.context["entries"]}

        for config, community in communities.items():
            cell = partial(_cell, viewer, config, state)
            actor = user if user is not None else AnonymousUser()
            policy_view = fresh[community.pk]
            yield cell("read content", permissions.can_read_community_content(actor, policy_view))
            yield cell("post", permissions.can_participate(actor, policy_view))
            yield cell("manage", permissions.can_manage(actor, policy_view))
            if not over_http:
                continue

            # The pages.
            listed = f'href="{community.get_absolute_url()}"' in directory_html
            yield cell("in the directory", listed)
            if listed and sees(viewer, config, state).value:
                yield cell("join state in the directory", directory_states[community.slug])
            yield cell("in 'I can join'", community.slug in joinable_slugs)
            status, response = _get(client, community.get_absolute_url())
            yield cell("open the overview", status)
            if response is not None and sees(viewer, config, state).value:
                yield cell("join state on the overview", response.context["action"])
            if config in SETTINGS_PAGE_WALKED:
                settings_page = reverse("communities:manage_settings", args=[community.slug])
                yield cell("open settings", _get(client, settings_page)[0])

            # One POST per cell, to the form its joining mode offers (invitation only: the join
            # form, which nobody may use there). The crossed cases belong to the services' tests.
            if config.joining == Joining.REQUEST:
                url = reverse("communities:request", args=[community.slug])
                data = {"message": "I would like to take part.", "accept_rules": "on"}
                yield cell("POST request", _post(client, url, data, user, community))
            else:
                url = reverse("communities:join", args=[community.slug])
                yield cell("POST join", _post(client, url, {"accept_rules": "on"}, user, community))


@pytest.mark.django_db
@pytest.mark.parametrize("viewer", VIEWERS, ids=[viewer.name for viewer in VIEWERS])
def test_each_viewer_sees_and_does_what_the_rules_say_in_every_community(
    viewer: Viewer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="django.request")  # hundreds of expected 404s
    cells = 0
    # Disagreements of one kind (same action, answers and rule) are listed together.
    mismatches: dict[tuple[str, str, str, str], list[str]] = defaultdict(list)
    for cell in _walk(viewer):
        cells += 1
        if cell.actual != cell.expected.value:
            kind = (cell.action, str(cell.expected.value), str(cell.actual), cell.expected.because)
            mismatches[kind].append(f"{cell.config} | viewer is {cell.state}")
    if mismatches:
        count = sum(len(where) for where in mismatches.values())
        report = [f"{viewer.name}: {count} of {cells} cells disagree with the rules"]
        for (action, wanted, got, because), where in mismatches.items():
            report.append(f"\n{action}: expected {wanted}, got {got} (rule: {because}), in")
            report.extend(f"    {cell}" for cell in where)
        pytest.fail("\n".join(report), pytrace=False)

"""The permission matrix (STYLE.md; SPEC §0, ID-3, CO-3, CO-4, CO-5).

Every kind of viewer × community configuration × the viewer's place in that community × action,
walked through the real views (and the policy, for reading and posting, which have no views yet).

The expected answers are the RULES below, written from the spec in plain words. They never call
the code under test: where the code disagrees, the rule stays and the failing cells are listed.
Each rule returns its answer with the sentence that decided it, so a failure explains itself.
"""

from __future__ import annotations

import logging
import secrets
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

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

AUDIENCES = {
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
    def slug(self) -> str:
        archived = "-archived" if self.is_archived else ""
        return f"{self.audience.replace(' ', '-')}-{self.joining}-{self.visibility}{archived}"

    @property
    def is_archived(self) -> bool:
        return self.status == CommunityStatus.ARCHIVED

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

# Who manages does not depend on how people join: the settings page is walked over HTTP in the
# by-request configurations only (every audience, visibility and status), to save time.
SETTINGS_WALKED = {config for config in CONFIGS if config.joining == Joining.REQUEST}

# The viewer's place in the community. Anonymous people have none but the first.
NONE = "none"
PENDING = "pending request"
INVITED = "invited"
PARTICIPANT = "participant"
COMMUNITY_MODERATOR = "community moderator"
LEADER = "leader"
RULES_OUTDATED = "participant, rules changed since"
BANNED = "banned"
STATES = [NONE, PENDING, INVITED, PARTICIPANT, COMMUNITY_MODERATOR, LEADER, RULES_OUTDATED, BANNED]
IN_THE_COMMUNITY = {PARTICIPANT, COMMUNITY_MODERATOR, LEADER, RULES_OUTDATED}  # active, any role

# The rules (from SPEC, never from the code) -------------------------------------------------


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
    return Answer(False, f"{config.visibility}: not for a {viewer.name} who is '{state}'")


def is_eligible(viewer: Viewer, config: Config) -> bool:
    """CO-3: the viewer's type is in the audience (ID-3: unverified physicians count as public)."""
    return viewer.counts_as in AUDIENCES[config.audience]


def join_state(viewer: Viewer, config: Config, state: str) -> Answer:
    """What the join panel offers, on the overview and in the directory (CO-5)."""
    action = permissions.JoinAction
    if not viewer.is_signed_in:
        return Answer(action.SIGN_IN, "the public is asked to sign in")
    if state == BANNED:
        return Answer(action.BANNED, "a banned person may not take part")
    if state in IN_THE_COMMUNITY:
        return Answer(action.PARTICIPANT, "already a participant")
    if config.is_archived:
        return Answer(action.ARCHIVED, "nobody joins an archived community")
    if not is_eligible(viewer, config):
        return Answer(
            action.NOT_ELIGIBLE,
            "type not in the audience (an invitation does not change that: accepting it is "
            "refused, so 'invited' would send the person to a dead end)",
        )
    if state == INVITED:
        return Answer(action.INVITED, "eligible and invited: answer the invitation")
    if config.joining == Joining.OPEN:
        return Answer(action.JOIN, "eligible, open community")
    if config.joining == Joining.INVITATION:
        return Answer(action.INVITATION_ONLY, "nobody joins without an invitation")
    if state == PENDING:
        return Answer(action.PENDING, "a request is already waiting for a leader")
    return Answer(action.REQUEST, "eligible, by-request community")


def post_join(viewer: Viewer, config: Config, state: str) -> Answer:
    """POST /join/ with the rules accepted."""
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
    """POST /request/ with a message and the rules accepted."""
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
    """The directory's "I can join" filter lists what one can join or ask to join now (CO-5)."""
    joinable = (
        post_join(viewer, config, state).value == "joined"
        or post_request(viewer, config, state).value == "requested"
    )
    if joinable:
        return Answer(True, "joining or asking to join would succeed")
    return Answer(False, "neither joining nor asking to join would succeed")


def reads_content(viewer: Viewer, config: Config, state: str) -> Answer:
    """SPEC §0, private by default: content is for participants, staff and moderators."""
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
    """Settings, rules and members (CO-4); everyone else gets 404 from the leaders' pages."""
    if viewer.is_staff:
        return Answer(True, "association staff manage every community")
    if state == LEADER:
        return Answer(True, "its leaders manage it")
    return Answer(False, "only its leaders and staff; platform moderators moderate, not manage")


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
    """Rows are written directly where a service would (rightly) refuse the situation: a
    request left from before the joining mode changed, an invitation from before the audience
    did."""
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
    elif state in {PARTICIPANT, COMMUNITY_MODERATOR, LEADER, RULES_OUTDATED, BANNED}:
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


def _footprint(user: User | None, community: Community) -> tuple[object, ...]:
    if user is None:
        return (Membership.objects.filter(community=community).count(),)
    return (
        sorted(
            Membership.objects.filter(community=community, user=user).values_list("role", "status")
        ),
        JoinRequest.objects.filter(
            community=community, user=user, status=RequestStatus.PENDING
        ).count(),
    )


def _post(client: Client, url: str, data: dict[str, str], user: User | None, community: Community):
    """POST, note what changed for this person in this community, then undo it all."""
    with transaction.atomic():
        before = _footprint(user, community)
        response = client.post(url, data)
        after = _footprint(user, community)
        transaction.set_rollback(True)
    changed = before != after
    if response.status_code == 404:
        return "404 yet changed data" if changed else "404"
    if response.status_code != 302:
        return f"answered {response.status_code}"
    if response.url.startswith(reverse("account_login")):
        return "sign in (yet changed data)" if changed else "sign in"
    if response.url != community.get_absolute_url():
        return f"redirected to {response.url}"
    if not changed:
        return "refused"
    memberships, pending_requests = after
    if memberships == [(Role.PARTICIPANT, MembershipStatus.ACTIVE)] and not before[0]:
        return "joined"
    if pending_requests == 1 and before[1] == 0 and memberships == before[0]:
        return "requested"
    return f"changed {before} into {after}"


def _get(client: Client, url: str) -> tuple[str, object]:
    response = client.get(url)
    if response.status_code == 302 and response.url.startswith(reverse("account_login")):
        return "sign in", None
    if response.status_code != 200:
        return str(response.status_code), None
    return "200", response


@dataclass(frozen=True)
class Cell:
    config: Config
    state: str
    action: str
    expected: Answer
    actual: object


def _walk(viewer: Viewer) -> Iterator[Cell]:
    """Build every configuration once and one person per state, then answer every cell."""
    communities = {config: _create_community(config) for config in CONFIGS}
    for state in STATES if viewer.is_signed_in else [NONE]:
        user = _create_user(viewer) if viewer.is_signed_in else None
        client = Client()
        if user is not None:
            client.force_login(user)
            for community in communities.values():
                _put_in_state(user, community, state)
        actor = user if user is not None else AnonymousUser()

        directory = client.get(reverse("communities:directory"))
        directory_states = {
            community.slug: action for community, action in directory.context["entries"]
        }
        directory_html = directory.content.decode()
        joinable = client.get(reverse("communities:directory"), {"can_join": "on"})
        joinable_slugs = {community.slug for community, _ in joinable.context["entries"]}

        for config, community in communities.items():

            def cell(action: str, expected: Answer, actual: object) -> Cell:
                return Cell(config, state, action, expected, actual)  # noqa: B023

            visible = sees(viewer, config, state)
            listed = f'href="{community.get_absolute_url()}"' in directory_html
            yield cell("in the directory", visible, listed)
            if visible.value and listed:
                shown = directory_states[community.slug]
                yield cell("join state in the directory", join_state(viewer, config, state), shown)
            yield cell(
                "in 'I can join'",
                in_can_join_filter(viewer, config, state),
                community.slug in joinable_slugs,
            )

            status, response = _get(client, community.get_absolute_url())
            yield cell(
                "open the overview",
                Answer("200" if visible.value else "404", visible.because),
                status,
            )
            if visible.value and response is not None:
                shown = response.context["action"]
                yield cell("join state on the overview", join_state(viewer, config, state), shown)

            fresh = Community.objects.get(pk=community.pk)  # no membership attached by a selector
            yield cell(
                "read content",
                reads_content(viewer, config, state),
                permissions.can_read_community_content(actor, fresh),
            )
            yield cell(
                "post", posts(viewer, config, state), permissions.can_participate(actor, fresh)
            )

            manage = manages(viewer, config, state)
            yield cell("manage", manage, permissions.can_manage(actor, fresh))
            if config in SETTINGS_WALKED:
                settings_url = reverse(
                    "communities:manage_settings", kwargs={"slug": community.slug}
                )
                page = Answer({True: "200", False: "404"}[bool(manage.value)], manage.because)
                if user is None:
                    page = Answer("sign in", "the public is sent to sign in")
                yield cell("open settings", page, _get(client, settings_url)[0])

            # One POST per cell, to the form the joining mode offers (invitation-only: the join
            # form, which nobody may use there); the crossed cases are the services' own tests.
            if config.joining == Joining.REQUEST:
                url = reverse("communities:request", kwargs={"slug": community.slug})
                data = {"message": "I would like to take part.", "accept_rules": "on"}
                yield cell(
                    "POST request",
                    post_request(viewer, config, state),
                    _post(client, url, data, user, community),
                )
            else:
                url = reverse("communities:join", kwargs={"slug": community.slug})
                data = {"accept_rules": "on"}
                yield cell(
                    "POST join",
                    post_join(viewer, config, state),
                    _post(client, url, data, user, community),
                )


@pytest.mark.django_db
@pytest.mark.parametrize("viewer", VIEWERS, ids=[viewer.name for viewer in VIEWERS])
def test_each_viewer_sees_and_does_what_the_rules_say_in_every_community(
    viewer: Viewer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="django.request")  # hundreds of expected 404s
    cells = 0
    # One line per disagreement of the same kind, listing every cell where it happens.
    mismatches: dict[tuple[str, str, str, str], list[str]] = defaultdict(list)
    for cell in _walk(viewer):
        cells += 1
        if cell.actual != cell.expected.value:
            kind = (cell.action, str(cell.expected.value), str(cell.actual), cell.expected.because)
            mismatches[kind].append(f"{cell.config} | {cell.state}")
    if mismatches:
        count = sum(len(where) for where in mismatches.values())
        report = [f"{viewer.name}: {count} of {cells} cells disagree with the rules"]
        for (action, wanted, got, because), where in mismatches.items():
            report.append(f"\n{action}: expected {wanted}, got {got} (rule: {because}) in")
            report.extend(f"    {cell}" for cell in where)
        pytest.fail("\n".join(report), pytrace=False)

"""The one permission policy: every "may X do Y to Z" is answered here (STYLE.md).

``can_*`` answer yes or no (templates, selectors); ``check_*`` raise ``PermissionDenied`` with a
reason the person can read; ``visible_*`` filter querysets to what a viewer may see.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from collegium.accounts.choices import MEMBER_TYPES, Audience, UserType
from collegium.communities.choices import (
    CommunityStatus,
    DirectoryVisibility,
    InvitationStatus,
    Joining,
    MembershipStatus,
    RequestStatus,
    Role,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from collegium.accounts.models import Profile, User
    from collegium.blogs.models import BlogPost
    from collegium.comments.models import CommentBase
    from collegium.communities.models import Community, Membership
    from collegium.consultations.models import Consultation
    from collegium.editor.models import Attachment
    from collegium.forums.models import Post, Thread
    from collegium.resources.models import Resource

    Viewer = User | AnonymousUser


def _is_signed_in(viewer: Viewer) -> bool:
    return bool(viewer.is_authenticated and viewer.is_active)


# People and identity (ID) ---------------------------------------------------------------------


def can_change_username(actor: Viewer, user: User) -> bool:
    """Staff always; the person themselves only where the platform allows it (ID-4)."""
    if not _is_signed_in(actor):
        return False
    if actor.is_association_staff:  # type: ignore[union-attr]
        return True
    return actor.pk == user.pk and bool(settings.COLLEGIUM["USERS_MAY_CHANGE_USERNAME"])


def check_change_username(actor: Viewer, user: User) -> None:
    if not can_change_username(actor, user):
        raise PermissionDenied(
            _("Usernames are changed by the association's staff. Write to %(email)s.")
            % {"email": settings.COLLEGIUM["CONTACT_EMAIL"]}
        )


def can_review_member_claims(actor: Viewer) -> bool:
    return _is_signed_in(actor) and actor.is_association_staff  # type: ignore[union-attr]


def check_review_member_claims(actor: Viewer) -> None:
    if not can_review_member_claims(actor):
        raise PermissionDenied(_("Only association staff can verify member IDs."))


def visible_people(viewer: Viewer, queryset: QuerySet[User]) -> QuerySet[User]:
    """Profiles are for people who are signed in; deleted accounts have none (SPEC §0)."""
    if not _is_signed_in(viewer):
        return queryset.none()
    return queryset.filter(is_active=True, deleted_at__isnull=True)


def can_view_profile_field(viewer: Viewer, profile: Profile, field: str) -> bool:
    """Each profile field is shown to the audience its owner chose (ID-5)."""
    if not _is_signed_in(viewer):
        return False
    if viewer.pk == profile.user_id or viewer.is_association_staff:  # type: ignore[union-attr]
        return True
    audience = profile.audience_of(field)
    if audience == Audience.SIGNED_IN:
        return True
    if audience == Audience.MEMBERS:
        return bool(viewer.is_member)  # type: ignore[union-attr]
    return False


# Communities (CO) -----------------------------------------------------------------------------


def participant_type(viewer: Viewer) -> str | None:
    """The user type that counts for a community's audience (CO-3).

    An unverified physician or learner counts as a member of the public (ID-3)."""
    if not _is_signed_in(viewer):
        return None
    if viewer.user_type in MEMBER_TYPES and not viewer.is_member:  # type: ignore[union-attr]
        return UserType.PUBLIC
    return str(viewer.user_type)  # type: ignore[union-attr]


def _sees_everything(viewer: Viewer) -> bool:
    """Association staff and platform moderators see every community, hidden ones too."""
    return _is_signed_in(viewer) and viewer.is_platform_moderator  # type: ignore[union-attr]


def _membership_of(viewer: Viewer, community: Community) -> Membership | None:
    """The viewer's membership, from ``community.viewer_membership`` when a selector attached
    it (one query for a whole list), else from the database."""
    if not _is_signed_in(viewer):
        return None
    if hasattr(community, "viewer_membership"):
        return community.viewer_membership
    return community.memberships.filter(user=viewer.pk).first()


def _shown_unless_removed(viewer: Viewer, community_path: str) -> Q:
    """Removed content stays listed only for the moderators of its community (MO-2): a
    condition for a queryset whose community is reached through ``community_path``."""
    from django.db.models import Exists, OuterRef, Q

    from collegium.communities.models import Membership

    moderator = Membership.objects.filter(
        community=OuterRef(community_path),
        user=viewer.pk,
        status=MembershipStatus.ACTIVE,
        role__in=[Role.LEADER, Role.MODERATOR],
    )
    return Q(removed_at__isnull=True) | Q(Exists(moderator))


def can_see_removed(viewer: Viewer, community: Community | None) -> bool:
    """Who reads removed content, marked as removed: the moderators who may act on it."""
    if community is None:
        return _sees_everything(viewer)
    return can_moderate_community(viewer, community)


def _hidden_by_moderators(viewer: Viewer, item: Any, community: Community) -> bool:
    """Removed content is hidden from all but its author and its moderators (MO-2)."""
    if item.removed_at is None:
        return False
    author_id = getattr(item, "author_id", None) or getattr(item, "added_by_id", None)
    if _is_signed_in(viewer) and author_id == viewer.pk:
        return False
    return not can_see_removed(viewer, community)


def visible_communities(viewer: Viewer, queryset: QuerySet[Community]) -> QuerySet[Community]:
    """The communities whose directory entry and overview the viewer may see (CO-3).

    Hidden communities exist only for their own participants (and invitees, so that an
    invitation can be answered); staff and platform moderators see all."""
    from django.db.models import Exists, OuterRef, Q

    from collegium.communities.models import Invitation, Membership

    queryset = queryset.exclude(status=CommunityStatus.PROPOSED)
    if _sees_everything(viewer):
        return queryset
    if not _is_signed_in(viewer):
        return queryset.filter(visibility=DirectoryVisibility.PUBLIC)
    participant = Membership.objects.filter(
        community=OuterRef("pk"), user=viewer.pk, status=MembershipStatus.ACTIVE
    )
    invited = Invitation.objects.filter(
        community=OuterRef("pk"), user=viewer.pk, status=InvitationStatus.PENDING
    )
    open_to_viewer = Q(visibility__in=[DirectoryVisibility.PUBLIC, DirectoryVisibility.SIGNED_IN])
    if viewer.is_member:  # type: ignore[union-attr]
        open_to_viewer |= Q(visibility=DirectoryVisibility.MEMBERS)
    return queryset.filter(open_to_viewer | Exists(participant) | Exists(invited))


def communities_read_by(viewer: Viewer) -> set[int] | None:
    """The communities whose content the viewer reads, in one query; None means all."""
    from collegium.communities.models import Membership

    if _sees_everything(viewer):
        return None
    if not _is_signed_in(viewer):
        return set()
    return set(
        Membership.objects.filter(user=viewer.pk, status=MembershipStatus.ACTIVE).values_list(
            "community_id", flat=True
        )
    )


def can_view_community(viewer: Viewer, community: Community) -> bool:
    from collegium.communities.models import Community as CommunityModel

    return visible_communities(viewer, CommunityModel.objects.filter(pk=community.pk)).exists()


def check_view_community(viewer: Viewer, community: Community) -> None:
    from django.http import Http404

    if not can_view_community(viewer, community):
        # Private things answer 404, never revealing that they exist (SPEC §0).
        raise Http404


def is_eligible(viewer: Viewer, community: Community) -> bool:
    """The viewer's user type is one of the community's audience (CO-3)."""
    user_type = participant_type(viewer)
    return user_type is not None and user_type in community.audience_types


def can_read_community_content(viewer: Viewer, community: Community) -> bool:
    """Private by default: the content is for participants (and staff, moderators)."""
    if _sees_everything(viewer):
        return True
    membership = _membership_of(viewer, community)
    return membership is not None and membership.status == MembershipStatus.ACTIVE


def writing_refusal(viewer: Viewer) -> str | None:
    """Why a signed-in person may write nowhere for now, or None: a suspension (MO-2), or
    community guidelines changed since they last accepted them (MO-4). Staff are never held."""
    from django.utils import formats, timezone

    from collegium.pages.selectors import guidelines_version_current

    if not _is_signed_in(viewer) or viewer.is_association_staff:  # type: ignore[union-attr]
        return None
    if viewer.is_suspended:  # type: ignore[union-attr]
        until = timezone.localtime(viewer.suspended_until)  # type: ignore[union-attr]
        return _(
            "Your account is suspended until %(date)s: you can read, but not write. "
            "What you wrote is kept as a draft."
        ) % {"date": formats.date_format(until, "DATETIME_FORMAT")}
    # Read once per request (the viewer object lives as long as it): pages ask for every post.
    current = viewer.__dict__.get("_guidelines_version_current")
    if current is None:
        current = viewer.__dict__["_guidelines_version_current"] = guidelines_version_current()
    if viewer.guidelines_version_accepted < current:  # type: ignore[union-attr]
        return _("The community guidelines have changed: read and accept them to write again.")
    return None


def can_participate(viewer: Viewer, community: Community) -> bool:
    """Post, reply, comment: an active participant of an active community who accepted its
    current rules and the platform's guidelines, and is not suspended (staff may always take
    part)."""
    if community.status != CommunityStatus.ACTIVE or not _is_signed_in(viewer):
        return False
    if viewer.is_association_staff:  # type: ignore[union-attr]
        return True
    membership = _membership_of(viewer, community)
    return (
        membership is not None
        and membership.status == MembershipStatus.ACTIVE
        and membership.rules_version_accepted >= community.rules_version
        and writing_refusal(viewer) is None
    )


class Remedy:
    """Where a person refused writing can put it right (MO-4)."""

    GUIDELINES = "guidelines"  # accept the platform's community guidelines
    RULES = "rules"  # accept the community's changed rules
    JOIN = "join"  # join the community
    NONE = ""  # nothing to do from here: archived, suspended, banned


@dataclass(frozen=True)
class Refusal:
    message: str
    remedy: str = Remedy.NONE


def participation_refusal(viewer: Viewer, community: Community) -> Refusal | None:
    """Why the viewer may not post, reply or comment in the community, and where they can put
    it right; None when they may. ``check_participate`` raises with this message."""
    if can_participate(viewer, community):
        return None
    if community.status == CommunityStatus.ARCHIVED:
        return Refusal(_("This community is archived: it can be read, not changed."))
    join = _("Join this community and accept its rules to take part.")
    if community.status != CommunityStatus.ACTIVE:
        return Refusal(join)
    if not _is_signed_in(viewer):
        return Refusal(join, Remedy.JOIN)
    refusal = writing_refusal(viewer)
    if refusal is not None:
        suspended = viewer.is_suspended  # type: ignore[union-attr]
        return Refusal(refusal, Remedy.NONE if suspended else Remedy.GUIDELINES)
    membership = _membership_of(viewer, community)
    if membership is None:
        return Refusal(join, Remedy.JOIN)
    if membership.status == MembershipStatus.ACTIVE:
        return Refusal(
            _("This community's rules have changed: read and accept them to take part."),
            Remedy.RULES,
        )
    return Refusal(join)  # banned


def check_participate(viewer: Viewer, community: Community) -> None:
    refusal = participation_refusal(viewer, community)
    if refusal is not None:
        raise PermissionDenied(refusal.message)


def can_manage(viewer: Viewer, community: Community) -> bool:
    """Settings, rules and members: the community's leaders and association staff (CO-4)."""
    if not _is_signed_in(viewer):
        return False
    if viewer.is_association_staff:  # type: ignore[union-attr]
        return True
    membership = _membership_of(viewer, community)
    return (
        membership is not None
        and membership.status == MembershipStatus.ACTIVE
        and membership.role == Role.LEADER
    )


def check_manage(viewer: Viewer, community: Community) -> None:
    if not can_manage(viewer, community):
        raise PermissionDenied(_("Only this community's leaders can do this."))


def can_moderate_community(viewer: Viewer, community: Community) -> bool:
    """Leaders and moderators of the community, and the platform's moderators."""
    if _sees_everything(viewer):
        return True
    membership = _membership_of(viewer, community)
    return (
        membership is not None
        and membership.status == MembershipStatus.ACTIVE
        and membership.role in {Role.LEADER, Role.MODERATOR}
    )


def can_propose_community(viewer: Viewer) -> bool:
    """CO-2: members and stakeholders propose member-led communities."""
    return participant_type(viewer) in {UserType.PHYSICIAN, UserType.LEARNER, UserType.STAKEHOLDER}


def check_propose_community(viewer: Viewer) -> None:
    if not can_propose_community(viewer):
        raise PermissionDenied(
            _("Members of the association and stakeholders can propose a community.")
        )


def can_create_community(viewer: Viewer) -> bool:
    """Association-led communities, and reviewing proposals, are for association staff."""
    return _is_signed_in(viewer) and viewer.is_association_staff  # type: ignore[union-attr]


def check_create_community(viewer: Viewer) -> None:
    if not can_create_community(viewer):
        raise PermissionDenied(_("Only association staff can do this."))


class JoinAction:
    """What the join button of a community offers the viewer, always with a reason (CO-5)."""

    SIGN_IN = "sign_in"
    PARTICIPANT = "participant"
    JOIN = "join"
    REQUEST = "request"
    PENDING = "pending"
    INVITED = "invited"
    INVITATION_ONLY = "invitation_only"
    NOT_ELIGIBLE = "not_eligible"
    BANNED = "banned"
    ARCHIVED = "archived"


def join_action(
    viewer: Viewer,
    community: Community,
    *,
    is_invited: bool | None = None,
    has_pending_request: bool | None = None,
) -> str:
    """The one thing the viewer can do about joining; templates explain each (CO-5).

    Lists pass ``is_invited`` and ``has_pending_request`` loaded for all their rows at once;
    left out, they are looked up."""
    from collegium.communities.models import Invitation, JoinRequest

    if not _is_signed_in(viewer):
        return JoinAction.SIGN_IN
    membership = _membership_of(viewer, community)
    if membership is not None and membership.status == MembershipStatus.BANNED:
        return JoinAction.BANNED
    if membership is not None:
        return JoinAction.PARTICIPANT
    if community.status != CommunityStatus.ACTIVE:
        return JoinAction.ARCHIVED
    # An invitation does not widen the audience (CO-3): eligibility comes first.
    if not is_eligible(viewer, community):
        return JoinAction.NOT_ELIGIBLE
    if is_invited is None:
        is_invited = Invitation.objects.filter(
            community=community, user=viewer.pk, status=InvitationStatus.PENDING
        ).exists()
    if is_invited:
        return JoinAction.INVITED
    if community.joining == Joining.OPEN:
        return JoinAction.JOIN
    if community.joining == Joining.INVITATION:
        return JoinAction.INVITATION_ONLY
    if has_pending_request is None:
        has_pending_request = JoinRequest.objects.filter(
            community=community, user=viewer.pk, status=RequestStatus.PENDING
        ).exists()
    return JoinAction.PENDING if has_pending_request else JoinAction.REQUEST


# Forums (CT-1, CT-5) --------------------------------------------------------------------------


def visible_threads(viewer: Viewer, queryset: QuerySet[Thread]) -> QuerySet[Thread]:
    """Threads of the communities whose content the viewer may read, minus deleted ones."""
    from django.db.models import Exists, OuterRef

    from collegium.communities.models import Membership

    queryset = queryset.filter(deleted_at__isnull=True).exclude(
        community__status=CommunityStatus.PROPOSED
    )
    if _sees_everything(viewer):
        return queryset
    if not _is_signed_in(viewer):
        return queryset.none()
    participant = Membership.objects.filter(
        community=OuterRef("community_id"), user=viewer.pk, status=MembershipStatus.ACTIVE
    )
    return queryset.filter(Exists(participant)).filter(
        _shown_unless_removed(viewer, "community_id")
    )


def can_read_thread(viewer: Viewer, thread: Thread) -> bool:
    return (
        thread.deleted_at is None
        and can_read_community_content(viewer, thread.community)
        and not _hidden_by_moderators(viewer, thread, thread.community)
    )


def check_read_thread(viewer: Viewer, thread: Thread) -> None:
    from django.http import Http404

    if not can_read_thread(viewer, thread):
        raise Http404


def can_start_thread(viewer: Viewer, community: Community) -> bool:
    return can_participate(viewer, community)


def check_start_thread(viewer: Viewer, community: Community) -> None:
    check_participate(viewer, community)


def can_post_association_topic(viewer: Viewer) -> bool:
    """CT-5: only the association's staff post topics with an open period."""
    return _is_signed_in(viewer) and viewer.is_association_staff  # type: ignore[union-attr]


def thread_refusal(thread: Thread) -> str | None:
    """Why nobody can write in this thread now, or None when it is open (CT-5)."""
    from django.utils import timezone

    if thread.community.status == CommunityStatus.ARCHIVED:
        return _("This community is archived: it can be read, not changed.")
    if thread.archived_at is not None:
        return _("This thread is archived: it can be read, not changed.")
    if thread.closed_at is not None:
        return _("This thread is closed: it can be read, not answered.")
    now = timezone.now()
    if thread.opens_at is not None and now < thread.opens_at:
        return _("This topic is not open for replies yet.")
    if thread.closes_at is not None and now >= thread.closes_at:
        return _("This topic's open period has ended.")
    return None


def can_reply(viewer: Viewer, thread: Thread) -> bool:
    return thread_refusal(thread) is None and can_participate(viewer, thread.community)


def check_reply(viewer: Viewer, thread: Thread) -> None:
    refusal = thread_refusal(thread)
    if refusal is not None:
        raise PermissionDenied(refusal)
    check_participate(viewer, thread.community)


def can_edit_post(viewer: Viewer, post: Post) -> bool:
    """Authors edit their own posts while the thread is open to writing (CT-1)."""
    return (
        _is_signed_in(viewer)
        and post.author_id == viewer.pk
        and post.deleted_at is None
        and can_reply(viewer, post.thread)
    )


def check_edit_post(viewer: Viewer, post: Post) -> None:
    if post.deleted_at is not None:
        raise PermissionDenied(_("This post was deleted: it cannot be changed."))
    if not _is_signed_in(viewer) or post.author_id != viewer.pk:
        raise PermissionDenied(_("Only the author can edit this post."))
    check_reply(viewer, post.thread)


def can_delete_post(viewer: Viewer, post: Post) -> bool:
    return can_edit_post(viewer, post)


def check_delete_post(viewer: Viewer, post: Post) -> None:
    check_edit_post(viewer, post)


def can_view_post_history(viewer: Viewer, post: Post) -> bool:
    """The history of an edited post: its author, the community's leaders and moderators."""
    if not _is_signed_in(viewer):
        return False
    return post.author_id == viewer.pk or can_moderate_community(viewer, post.thread.community)


def can_react(viewer: Viewer, post: Post) -> bool:
    """ "Helpful" is for participants, on other people's posts."""
    return (
        post.deleted_at is None
        and post.author_id != viewer.pk
        and can_participate(viewer, post.thread.community)
    )


def can_suggest_answer(viewer: Viewer, post: Post) -> bool:
    """CT-1: on a question any participant suggests someone else's reply as an answer."""
    from collegium.forums.choices import ThreadKind

    return (
        post.thread.kind == ThreadKind.QUESTION
        and not post.is_opening
        and post.deleted_at is None
        and post.author_id != viewer.pk
        and can_reply(viewer, post.thread)
    )


def check_suggest_answer(viewer: Viewer, post: Post) -> None:
    if not can_suggest_answer(viewer, post):
        raise PermissionDenied(_("You cannot suggest this reply as an answer."))


def can_verify_answer(viewer: Viewer, post: Post) -> bool:
    """CT-1: the asker, the community's leaders and staff verify answers."""
    from collegium.forums.choices import ThreadKind

    if not (
        post.thread.kind == ThreadKind.QUESTION
        and not post.is_opening
        and post.deleted_at is None
        and can_reply(viewer, post.thread)
    ):
        return False
    return post.thread.author_id == viewer.pk or can_manage(viewer, post.thread.community)


def check_verify_answer(viewer: Viewer, post: Post) -> None:
    if not can_verify_answer(viewer, post):
        raise PermissionDenied(
            _("Only the person who asked, the community's leaders and staff verify answers.")
        )


def can_moderate_thread(viewer: Viewer, thread: Thread) -> bool:
    """Pin, close, reopen and archive a thread: leaders, moderators and platform moderators."""
    return thread.community.status == CommunityStatus.ACTIVE and can_moderate_community(
        viewer, thread.community
    )


def check_moderate_thread(viewer: Viewer, thread: Thread) -> None:
    if not can_moderate_thread(viewer, thread):
        raise PermissionDenied(_("Only this community's leaders and moderators can do this."))


# Writing: attachments (CT-4) ------------------------------------------------------------------


def can_attach(viewer: Viewer, community: Community) -> bool:
    """Attachments are uploaded by those who may write in the community."""
    return can_participate(viewer, community)


def can_view_attachment(viewer: Viewer, attachment: Attachment) -> bool:
    """An attachment is seen by its uploader and by those who may read its community; the
    cover and the images of a published post on a public blog by everyone (CT-2)."""
    from django.db.models import Q

    from collegium.blogs.choices import PostStatus
    from collegium.blogs.models import BlogPost

    if _is_signed_in(viewer):
        if attachment.uploaded_by_id == viewer.pk:
            return True
        if can_read_community_content(viewer, attachment.community):
            return True
    if not blog_is_public(attachment.community):
        return False
    # Its address, as the editor writes it into the text of either language.
    address = attachment.get_absolute_url()
    return BlogPost.objects.filter(
        Q(cover=attachment.pk)
        | Q(body_html_en__contains=address)
        | Q(body_html_fr__contains=address),
        community=attachment.community_id,
        status=PostStatus.PUBLISHED,
        deleted_at__isnull=True,
    ).exists()


# Blogs (CT-2) ---------------------------------------------------------------------------------


def blog_is_public(community: Community) -> bool:
    """A community chose to publish its blog to everyone, and its directory entry is public:
    the only community content the public may read, and the only kind with an open Atom feed."""
    return (
        community.blog_is_public
        and community.visibility == DirectoryVisibility.PUBLIC
        and community.status in {CommunityStatus.ACTIVE, CommunityStatus.ARCHIVED}
    )


def can_read_blog(viewer: Viewer, community: Community) -> bool:
    """The blog's published posts: whoever reads the community's content, and everyone when
    the blog is public."""
    return blog_is_public(community) or can_read_community_content(viewer, community)


def visible_blog_posts(viewer: Viewer, queryset: QuerySet[BlogPost]) -> QuerySet[BlogPost]:
    """Published posts of the blogs the viewer may read (drafts and scheduled posts are only
    listed on the writers' own pages)."""
    from django.db.models import Exists, OuterRef, Q

    from collegium.blogs.choices import PostStatus
    from collegium.communities.models import Membership

    queryset = queryset.filter(status=PostStatus.PUBLISHED, deleted_at__isnull=True).exclude(
        community__status=CommunityStatus.PROPOSED
    )
    if _sees_everything(viewer):
        return queryset
    public = Q(community__blog_is_public=True, community__visibility=DirectoryVisibility.PUBLIC)
    if not _is_signed_in(viewer):
        return queryset.filter(public, removed_at__isnull=True)
    participant = Membership.objects.filter(
        community=OuterRef("community_id"), user=viewer.pk, status=MembershipStatus.ACTIVE
    )
    return queryset.filter(public | Exists(participant)).filter(
        _shown_unless_removed(viewer, "community_id")
    )


def can_write_blog(viewer: Viewer, community: Community) -> bool:
    """CT-2: the community's leaders and the association's staff write its blog."""
    return (
        community.status == CommunityStatus.ACTIVE
        and can_manage(viewer, community)
        and writing_refusal(viewer) is None
    )


def check_write_blog(viewer: Viewer, community: Community) -> None:
    if not can_write_blog(viewer, community):
        if community.status == CommunityStatus.ARCHIVED:
            raise PermissionDenied(_("This community is archived: it can be read, not changed."))
        refusal = writing_refusal(viewer)
        if refusal is not None:
            raise PermissionDenied(refusal)
        raise PermissionDenied(_("Only this community's leaders and staff write its blog."))


def can_write_association_post(viewer: Viewer) -> bool:
    """Association posts, written in both languages, are the association's staff's to write."""
    return _is_signed_in(viewer) and viewer.is_association_staff  # type: ignore[union-attr]


def can_edit_blog_post(viewer: Viewer, post: BlogPost) -> bool:
    """Leaders and staff edit the blog's posts; an association post is staff's alone."""
    if post.is_association_post and not can_write_association_post(viewer):
        return False
    return can_write_blog(viewer, post.community)


def check_edit_blog_post(viewer: Viewer, post: BlogPost) -> None:
    if not can_edit_blog_post(viewer, post):
        if post.is_association_post and can_write_blog(viewer, post.community):
            raise PermissionDenied(_("Only the association's staff can change its posts."))
        check_write_blog(viewer, post.community)


def can_read_blog_post(viewer: Viewer, post: BlogPost) -> bool:
    """A published post is read like its blog; a draft or a scheduled post only by those who
    may edit it."""
    from collegium.blogs.choices import PostStatus

    if post.deleted_at is not None or _hidden_by_moderators(viewer, post, post.community):
        return False
    if post.status == PostStatus.PUBLISHED:
        return can_read_blog(viewer, post.community)
    return can_edit_blog_post(viewer, post) or (
        # Archived communities keep their drafts readable to their writers.
        post.community.status == CommunityStatus.ARCHIVED and can_manage(viewer, post.community)
    )


def check_read_blog_post(viewer: Viewer, post: BlogPost) -> None:
    from django.http import Http404

    if not can_read_blog_post(viewer, post):
        raise Http404


def can_read_comments(viewer: Viewer, community: Community) -> bool:
    """Comments are people's own words: only for those who read the community's content, even
    on a public blog."""
    return can_read_community_content(viewer, community)


def can_comment_blog_post(viewer: Viewer, post: BlogPost) -> bool:
    from collegium.blogs.choices import PostStatus

    return post.status == PostStatus.PUBLISHED and can_participate(viewer, post.community)


def check_comment_blog_post(viewer: Viewer, post: BlogPost) -> None:
    from collegium.blogs.choices import PostStatus

    if post.status != PostStatus.PUBLISHED:
        raise PermissionDenied(_("This post is not published yet: it cannot be commented on."))
    check_participate(viewer, post.community)


def can_edit_comment(viewer: Viewer, comment: CommentBase, community: Community) -> bool:
    """Authors edit and delete their own comments while they may take part in the community."""
    return (
        _is_signed_in(viewer)
        and comment.author_id == viewer.pk
        and comment.deleted_at is None
        and can_participate(viewer, community)
    )


def check_edit_comment(viewer: Viewer, comment: CommentBase, community: Community) -> None:
    if comment.deleted_at is not None:
        raise PermissionDenied(_("This comment was deleted: it cannot be changed."))
    if not _is_signed_in(viewer) or comment.author_id != viewer.pk:
        raise PermissionDenied(_("Only the author can change this comment."))
    check_participate(viewer, community)


# Resources (CT-3) -----------------------------------------------------------------------------


def can_read_library(viewer: Viewer, community: Community) -> bool:
    """The resource library, its items and their files: like the rest of the content."""
    return can_read_community_content(viewer, community)


def check_read_library(viewer: Viewer, community: Community) -> None:
    from django.http import Http404

    if not can_read_library(viewer, community):
        raise Http404


def can_manage_library(viewer: Viewer, community: Community) -> bool:
    """Collections are arranged by the community's leaders and staff."""
    return (
        community.status == CommunityStatus.ACTIVE
        and can_manage(viewer, community)
        and writing_refusal(viewer) is None
    )


def check_manage_library(viewer: Viewer, community: Community) -> None:
    if not can_manage_library(viewer, community):
        if community.status == CommunityStatus.ARCHIVED:
            raise PermissionDenied(_("This community is archived: it can be read, not changed."))
        refusal = writing_refusal(viewer)
        if refusal is not None:
            raise PermissionDenied(refusal)
        raise PermissionDenied(_("Only this community's leaders arrange its library."))


def can_add_resource(viewer: Viewer, community: Community) -> bool:
    """Leaders add resources; participants too when the community allows it (CT-3)."""
    if can_manage_library(viewer, community):
        return True
    return community.participants_may_upload and can_participate(viewer, community)


def check_add_resource(viewer: Viewer, community: Community) -> None:
    if not can_add_resource(viewer, community):
        if community.status == CommunityStatus.ARCHIVED:
            raise PermissionDenied(_("This community is archived: it can be read, not changed."))
        if community.participants_may_upload:
            check_participate(viewer, community)
        raise PermissionDenied(_("Only this community's leaders add resources to its library."))


def can_edit_resource(viewer: Viewer, resource: Resource) -> bool:
    """The person who added a resource, while they take part, and the library's managers."""
    community = resource.collection.community
    if resource.deleted_at is not None:
        return False
    if can_manage_library(viewer, community):
        return True
    return (
        _is_signed_in(viewer)
        and resource.added_by_id == viewer.pk
        and can_participate(viewer, community)
    )


def check_edit_resource(viewer: Viewer, resource: Resource) -> None:
    if not can_edit_resource(viewer, resource):
        community = resource.collection.community
        if community.status == CommunityStatus.ARCHIVED:
            raise PermissionDenied(_("This community is archived: it can be read, not changed."))
        raise PermissionDenied(
            _("Only the person who added this resource and the community's leaders can change it.")
        )


def can_read_resource(viewer: Viewer, resource: Resource) -> bool:
    community = resource.collection.community
    return (
        resource.deleted_at is None
        and can_read_library(viewer, community)
        and not _hidden_by_moderators(viewer, resource, community)
    )


def check_read_resource(viewer: Viewer, resource: Resource) -> None:
    from django.http import Http404

    if not can_read_resource(viewer, resource):
        raise Http404


def can_comment_resource(viewer: Viewer, resource: Resource) -> bool:
    return resource.deleted_at is None and can_participate(viewer, resource.collection.community)


def check_comment_resource(viewer: Viewer, resource: Resource) -> None:
    if resource.deleted_at is not None:
        raise PermissionDenied(_("This resource was deleted: it cannot be commented on."))
    check_participate(viewer, resource.collection.community)


def visible_resources(viewer: Viewer, queryset: QuerySet[Resource]) -> QuerySet[Resource]:
    """Resources of the libraries the viewer may read, minus deleted ones."""
    from django.db.models import Exists, OuterRef

    from collegium.communities.models import Membership

    queryset = queryset.filter(deleted_at__isnull=True).exclude(
        collection__community__status=CommunityStatus.PROPOSED
    )
    if _sees_everything(viewer):
        return queryset
    if not _is_signed_in(viewer):
        return queryset.none()
    participant = Membership.objects.filter(
        community=OuterRef("collection__community_id"),
        user=viewer.pk,
        status=MembershipStatus.ACTIVE,
    )
    return queryset.filter(Exists(participant)).filter(
        _shown_unless_removed(viewer, "collection__community_id")
    )


# Moderation (MO) ------------------------------------------------------------------------------


def can_report(viewer: Viewer, item: Any, *, readable: bool, author_id: int | None) -> bool:
    """MO-1: whoever can read an item may report it, except their own; what is already
    removed or deleted has nothing left to report."""
    return (
        _is_signed_in(viewer)
        and readable
        and author_id != viewer.pk
        and getattr(item, "removed_at", None) is None
    )


def can_moderate_item(viewer: Viewer, community: Community | None) -> bool:
    """The moderators of the item's community and the platform's; a profile (no community)
    is the platform moderators' alone."""
    if community is None:
        return _sees_everything(viewer)
    return can_moderate_community(viewer, community)


def check_moderate_item(viewer: Viewer, community: Community | None) -> None:
    from django.http import Http404

    if not can_moderate_item(viewer, community):
        # A leader reaching outside their community learns nothing about it (MO-2).
        raise Http404


def can_sanction_platform_wide(viewer: Viewer) -> bool:
    """Suspending an account and banning from the platform: the platform's moderators."""
    return _sees_everything(viewer)


def can_view_platform_queue(viewer: Viewer) -> bool:
    return _sees_everything(viewer)


def can_view_audit_log(viewer: Viewer) -> bool:
    """The whole audit log: the platform's administrators (MO-2)."""
    from collegium.accounts.choices import StaffRole

    return _is_signed_in(viewer) and (
        viewer.staff_role == StaffRole.ADMINISTRATOR  # type: ignore[union-attr]
        or viewer.is_superuser
    )


def can_view_community_audit_log(viewer: Viewer, community: Community) -> bool:
    """A community's part of the log: its leaders and moderators, and the administrators."""
    return can_view_audit_log(viewer) or can_moderate_community(viewer, community)


def can_moderate_thread_move_to(viewer: Viewer, community: Community) -> bool:
    """A thread moves only into an active community that the moderator moderates too."""
    return community.status == CommunityStatus.ACTIVE and can_moderate_community(viewer, community)


# Consultations and confidential questionnaires (EN-1) -----------------------------------------


def _audience_type_of(viewer: Viewer) -> str | None:
    """The user type a consultation's audience is matched against: as for communities, an
    unverified physician counts as a member of the public (ID-3)."""
    return participant_type(viewer)


def visible_consultations(
    viewer: Viewer, queryset: QuerySet[Consultation]
) -> QuerySet[Consultation]:
    """Consultations the viewer may see (EN-1). Staff see all, in preparation too; platform
    moderators see every published one (to moderate its comments); everyone else sees the
    published ones put to their user type, and for a community's, only while they take part
    in it. Private by default: nothing for people who are not signed in."""
    from django.db.models import Exists, OuterRef

    from collegium.communities.models import Membership
    from collegium.consultations.choices import ConsultationStatus
    from collegium.consultations.models import ConsultationAudience

    if not _is_signed_in(viewer):
        return queryset.none()
    if viewer.is_association_staff:  # type: ignore[union-attr]
        return queryset
    published = queryset.filter(status__in=[ConsultationStatus.OPEN, ConsultationStatus.CLOSED])
    if _sees_everything(viewer):
        return published
    in_audience = ConsultationAudience.objects.filter(
        consultation=OuterRef("pk"), user_type=_audience_type_of(viewer)
    )
    participant = Membership.objects.filter(
        community=OuterRef("community_id"), user=viewer.pk, status=MembershipStatus.ACTIVE
    )
    return published.filter(Exists(in_audience), Q(community__isnull=True) | Q(Exists(participant)))


def can_view_consultation(viewer: Viewer, consultation: Consultation) -> bool:
    from collegium.consultations.choices import ConsultationStatus

    if not _is_signed_in(viewer):
        return False
    if viewer.is_association_staff:  # type: ignore[union-attr]
        return True
    if consultation.status not in {ConsultationStatus.OPEN, ConsultationStatus.CLOSED}:
        return False
    if _sees_everything(viewer):
        return True
    if _audience_type_of(viewer) not in consultation.audience_types:
        return False
    return consultation.community is None or can_read_community_content(
        viewer, consultation.community
    )


def check_view_consultation(viewer: Viewer, consultation: Consultation) -> None:
    from django.http import Http404

    if not can_view_consultation(viewer, consultation):
        raise Http404


def can_manage_consultations(viewer: Viewer) -> bool:
    """Creating, editing, opening and closing consultations, and their forms: staff (EN-1)."""
    return _is_signed_in(viewer) and viewer.is_association_staff  # type: ignore[union-attr]


def check_manage_consultations(viewer: Viewer) -> None:
    from django.http import Http404

    if not can_manage_consultations(viewer):
        # The staff pages do not exist for anyone else.
        raise Http404


def consultation_refusal(viewer: Viewer, consultation: Consultation) -> str | None:
    """Why the viewer may not comment on a consultation or send or change their confidential
    answers now, or None when they may. Seeing it is checked first (404)."""
    from django.utils import formats, timezone

    if not can_view_consultation(viewer, consultation):
        return _("This consultation is not open to you.")
    if consultation.is_closed:
        closed = consultation.closed_at or consultation.closes_at
        if closed is None:
            return _("This consultation is closed: answers can no longer be sent or changed.")
        return _(
            "This consultation closed on %(date)s: answers can no longer be sent or changed."
        ) % {"date": formats.date_format(timezone.localtime(closed), "DATETIME_FORMAT")}
    if not consultation.is_open:
        return _("This consultation is not open yet.")
    refusal = writing_refusal(viewer)
    if refusal is not None:
        return refusal
    if (
        consultation.community is not None
        and not viewer.is_association_staff  # type: ignore[union-attr]
        and not can_participate(viewer, consultation.community)
    ):
        found = participation_refusal(viewer, consultation.community)
        return found.message if found else _("You cannot take part in this consultation.")
    return None


def can_take_part_in_consultation(viewer: Viewer, consultation: Consultation) -> bool:
    """Comment on the draft and send confidential answers: its audience, while it is open."""
    return consultation_refusal(viewer, consultation) is None


def check_take_part_in_consultation(viewer: Viewer, consultation: Consultation) -> None:
    refusal = consultation_refusal(viewer, consultation)
    if refusal is not None:
        raise PermissionDenied(refusal)


def can_analyse_responses(viewer: Viewer) -> bool:
    """Results, breakdowns, text answers and exports of confidential answers: staff who hold
    the analyst permission (``questionnaires.analyse_responses``), never anyone else (EN-1)."""
    return (
        _is_signed_in(viewer)
        and viewer.is_association_staff  # type: ignore[union-attr]
        and viewer.has_perm("questionnaires.analyse_responses")
    )


def check_analyse_responses(viewer: Viewer) -> None:
    from django.http import Http404

    if not can_analyse_responses(viewer):
        raise Http404


def can_edit_consultation_comment(
    viewer: Viewer, comment: CommentBase, consultation: Consultation
) -> bool:
    """Authors edit and delete their own comments while they may still take part: not once
    the consultation has closed (EN-1)."""
    return (
        _is_signed_in(viewer)
        and comment.author_id == viewer.pk
        and comment.deleted_at is None
        and can_take_part_in_consultation(viewer, consultation)
    )


def check_edit_consultation_comment(
    viewer: Viewer, comment: CommentBase, consultation: Consultation
) -> None:
    if comment.deleted_at is not None:
        raise PermissionDenied(_("This comment was deleted: it cannot be changed."))
    if not _is_signed_in(viewer) or comment.author_id != viewer.pk:
        raise PermissionDenied(_("Only the author can change this comment."))
    check_take_part_in_consultation(viewer, consultation)


def consultation_audience(consultation: Consultation) -> Q:
    """A condition on accounts: the people a consultation is put to, those its opening tells
    (EN-1): active accounts whose user type is in its audience, an unverified physician or
    learner counting as a member of the public (ID-3, as ``participant_type``); for a
    community's consultation, only its active participants. Plain lookups only, so that the
    notifications fan-out can keep it."""
    types = consultation.audience_types
    members = sorted(types & MEMBER_TYPES)
    others = sorted(types - MEMBER_TYPES)
    who = Q(user_type__in=others) | Q(user_type__in=members, member_verified_at__isnull=False)
    if UserType.PUBLIC in types:
        who |= Q(user_type__in=sorted(MEMBER_TYPES), member_verified_at__isnull=True)
    who &= Q(is_active=True, deleted_at__isnull=True)
    if consultation.community_id is not None:
        who &= Q(
            memberships__community=consultation.community_id,
            memberships__status=MembershipStatus.ACTIVE,
        )
    return who


def can_build_questionnaires(viewer: Viewer) -> bool:
    """Adding, changing, moving and deleting the questions of a confidential form: staff, as
    for the consultation that asks it (EN-1; EN-3's surveys too)."""
    return can_manage_consultations(viewer)


def check_build_questionnaires(viewer: Viewer) -> None:
    """For the questionnaire services: a refusal with a reason (the views answer 404 first)."""
    if not can_build_questionnaires(viewer):
        raise PermissionDenied(_("Only the association's staff build confidential forms."))


# Notifications and feeds (NO) -----------------------------------------------------------------


def readers_of_community(community_id: int, user_path: str = "") -> Q:
    """A condition on people (reached through ``user_path``, e.g. ``"user__"``) who read a
    community's content: its active participants, and the platform's moderators and staff.
    The fan-out tells only them (NO-1: who lost access hears nothing more)."""
    from django.db.models import Exists, OuterRef

    from collegium.accounts.choices import StaffRole
    from collegium.communities.models import Membership

    participant = Membership.objects.filter(
        community=community_id,
        user=OuterRef(f"{user_path}pk"),
        status=MembershipStatus.ACTIVE,
    )
    staff = Q(
        **{
            f"{user_path}staff_role__in": [
                StaffRole.MODERATOR,
                StaffRole.STAFF,
                StaffRole.ADMINISTRATOR,
            ]
        }
    ) | Q(**{f"{user_path}is_superuser": True})
    return Q(Exists(participant)) | staff


def visible_notifications(viewer: Viewer, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """A person's notifications minus those about communities they can no longer read (NO-1,
    NO-4). Notifications addressed to them alone (an invitation, a decision, a moderation
    notice) stay; a public blog's stay while it is public."""
    from django.db.models import Exists, OuterRef

    from collegium.communities.models import Membership
    from collegium.notifications.choices import Audience as NotificationAudience

    if not _is_signed_in(viewer):
        return queryset.none()
    queryset = queryset.filter(recipient=viewer.pk)
    if _sees_everything(viewer):
        return queryset
    participant = Membership.objects.filter(
        community=OuterRef("community_id"), user=viewer.pk, status=MembershipStatus.ACTIVE
    )
    public_blog = Q(
        audience=NotificationAudience.PUBLIC_BLOG,
        community__blog_is_public=True,
        community__visibility=DirectoryVisibility.PUBLIC,
    )
    return queryset.filter(
        Q(audience=NotificationAudience.RECIPIENT)
        | Q(community__isnull=True)
        | public_blog
        | Q(Exists(participant))
    )


def can_follow(viewer: Viewer, target: Any) -> bool:
    """Whoever may read something may follow it (NO-2); a tag, anyone signed in (what they
    hear of it is limited to what they can read)."""
    from collegium.communities.models import Community
    from collegium.core.models import Tag
    from collegium.forums.models import Thread

    if not _is_signed_in(viewer):
        return False
    if isinstance(target, Thread):
        return can_read_thread(viewer, target)
    if isinstance(target, Community):
        return target.status != CommunityStatus.PROPOSED and can_read_community_content(
            viewer, target
        )
    return isinstance(target, Tag)


def can_follow_blog(viewer: Viewer, community: Community) -> bool:
    return (
        _is_signed_in(viewer)
        and community.status != CommunityStatus.PROPOSED
        and can_read_blog(viewer, community)
    )


# Proposals (EN-2) -----------------------------------------------------------------------------
#
# Members (and communities, through their leaders) submit proposals; members support them and
# members and staff comment; association staff move them through their statuses. Staff do not
# support: they steward the proposals and decide on them, so their support would be the
# association weighing in on its own decision, not a member's voice.

if TYPE_CHECKING:
    from collegium.proposals.models import Proposal


def can_read_proposals_of(viewer: Viewer, community: Community | None) -> bool:
    """Platform-wide proposals are for everyone signed in; a community's for those who read its
    content (private by default). Removal aside: see ``can_read_proposal``."""
    if not _is_signed_in(viewer):
        return False
    if community is None:
        return True
    return community.status != CommunityStatus.PROPOSED and can_read_community_content(
        viewer, community
    )


def visible_proposals(viewer: Viewer, queryset: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """The proposals the viewer may read; removed ones only for their moderators."""
    from django.db.models import Exists, OuterRef

    from collegium.communities.models import Membership

    if not _is_signed_in(viewer):
        return queryset.none()
    queryset = queryset.filter(deleted_at__isnull=True).exclude(
        community__status=CommunityStatus.PROPOSED
    )
    if _sees_everything(viewer):
        return queryset
    participant = Membership.objects.filter(
        community=OuterRef("community_id"), user=viewer.pk, status=MembershipStatus.ACTIVE
    )
    return queryset.filter(Q(community__isnull=True) | Q(Exists(participant))).filter(
        _shown_unless_removed(viewer, "community_id")
    )


def can_read_proposal(viewer: Viewer, proposal: Proposal) -> bool:
    if proposal.deleted_at is not None:
        return False
    if not can_read_proposals_of(viewer, proposal.community):
        return False
    if proposal.removed_at is not None and proposal.author_id != viewer.pk:
        return can_see_removed(viewer, proposal.community)
    return True


def check_read_proposal(viewer: Viewer, proposal: Proposal) -> None:
    from django.http import Http404

    if not can_read_proposal(viewer, proposal):
        # Private things answer 404, never revealing that they exist (SPEC §0).
        raise Http404


def _is_member_or_staff(viewer: Viewer) -> bool:
    return _is_signed_in(viewer) and bool(
        viewer.is_member or viewer.is_association_staff  # type: ignore[union-attr]
    )


def _leads(viewer: Viewer, community: Community) -> bool:
    """An active leader of the community (association staff are not its leaders for this)."""
    membership = _membership_of(viewer, community)
    return (
        membership is not None
        and membership.status == MembershipStatus.ACTIVE
        and membership.role == Role.LEADER
    )


def proposal_submission_refusal(
    viewer: Viewer, community: Community | None = None, *, for_community: bool = False
) -> str | None:
    """Why the viewer may not submit this proposal, or None when they may: verified members and
    staff submit, about a community they take part in if any; only its leaders submit on a
    community's behalf (EN-2)."""
    if not _is_signed_in(viewer):
        return _("Sign in to submit a proposal.")
    refusal = writing_refusal(viewer)
    if refusal is not None:
        return refusal
    if for_community:
        if community is None:
            return _("Choose the community the proposal is submitted for.")
        if community.status != CommunityStatus.ACTIVE:
            return _("This community is archived: it can be read, not changed.")
        if not _leads(viewer, community):
            return _("Only this community's leaders can submit a proposal on its behalf.")
        return None
    if not _is_member_or_staff(viewer):
        return _("Verified members of the association and its staff can submit proposals.")
    if community is not None:
        participation = participation_refusal(viewer, community)
        if participation is not None:
            return participation.message
    return None


def can_submit_proposal(
    viewer: Viewer, community: Community | None = None, *, for_community: bool = False
) -> bool:
    return proposal_submission_refusal(viewer, community, for_community=for_community) is None


def check_submit_proposal(
    viewer: Viewer, community: Community | None = None, *, for_community: bool = False
) -> None:
    refusal = proposal_submission_refusal(viewer, community, for_community=for_community)
    if refusal is not None:
        raise PermissionDenied(refusal)


def submits_proposals_in_own_name(viewer: Viewer) -> bool:
    """Verified members and staff submit proposals in their own name; a leader who is neither
    submits only on behalf of their community."""
    return _is_member_or_staff(viewer)


def may_open_proposal_form(viewer: Viewer) -> bool:
    """Whether the viewer submits proposals at all: as a member or staff, or as a leader on
    behalf of a community (the form then offers what they may do)."""
    from collegium.communities.models import Membership

    if not _is_signed_in(viewer):
        return False
    if _is_member_or_staff(viewer):
        return True
    return Membership.objects.filter(
        user=viewer.pk,
        status=MembershipStatus.ACTIVE,
        role=Role.LEADER,
        community__status=CommunityStatus.ACTIVE,
    ).exists()


def proposal_support_refusal(viewer: Viewer, proposal: Proposal) -> str | None:
    """Why the viewer may not support the proposal, or None when they may: verified members
    other than its author and staff, while it is not decided, and in a community they take
    part in when it is a community's."""
    if not _is_signed_in(viewer):
        return _("Sign in to support this proposal.")
    if proposal.deleted_at is not None or proposal.removed_at is not None:
        return _("This proposal can no longer be supported.")
    if proposal.is_final:
        return _("This proposal is decided: its support is final.")
    if viewer.is_association_staff:  # type: ignore[union-attr]
        return _("Association staff decide on proposals and do not support them.")
    if not viewer.is_member:  # type: ignore[union-attr]
        return _("Verified members of the association can support proposals.")
    if proposal.author_id == viewer.pk:
        return _("You submitted this proposal: others support it.")
    refusal = writing_refusal(viewer)
    if refusal is not None:
        return refusal
    if proposal.community is not None:
        participation = participation_refusal(viewer, proposal.community)
        if participation is not None:
            return participation.message
    return None


def can_support_proposal(viewer: Viewer, proposal: Proposal) -> bool:
    return proposal_support_refusal(viewer, proposal) is None


def check_support_proposal(viewer: Viewer, proposal: Proposal) -> None:
    refusal = proposal_support_refusal(viewer, proposal)
    if refusal is not None:
        raise PermissionDenied(refusal)


def check_withdraw_proposal_support(viewer: Viewer, proposal: Proposal) -> None:
    """A supporter takes their support back while the proposal is not decided; a suspension
    does not stop it (taking back is not writing)."""
    if not _is_signed_in(viewer) or not can_read_proposal(viewer, proposal):
        raise PermissionDenied(_("You cannot do this here."))
    if proposal.is_final:
        raise PermissionDenied(_("This proposal is decided: its support is final."))


def proposal_comment_refusal(viewer: Viewer, proposal: Proposal) -> str | None:
    """Why the viewer may not comment on the proposal, or None: verified members and staff
    comment, taking part in the community when it is a community's. Decided proposals stay
    open to comments."""
    if not _is_signed_in(viewer):
        return _("Sign in to comment.")
    if proposal.deleted_at is not None or proposal.removed_at is not None:
        return _("This proposal can no longer be commented on.")
    if not _is_member_or_staff(viewer):
        return _("Verified members of the association and its staff comment on proposals.")
    refusal = writing_refusal(viewer)
    if refusal is not None:
        return refusal
    if proposal.community is not None:
        participation = participation_refusal(viewer, proposal.community)
        if participation is not None:
            return participation.message
    return None


def can_comment_proposal(viewer: Viewer, proposal: Proposal) -> bool:
    return proposal_comment_refusal(viewer, proposal) is None


def check_comment_proposal(viewer: Viewer, proposal: Proposal) -> None:
    refusal = proposal_comment_refusal(viewer, proposal)
    if refusal is not None:
        raise PermissionDenied(refusal)


def can_edit_proposal_comment(viewer: Viewer, comment: CommentBase, proposal: Proposal) -> bool:
    """Authors edit and delete their own comments while they may still comment."""
    return (
        _is_signed_in(viewer)
        and comment.author_id == viewer.pk
        and comment.deleted_at is None
        and can_comment_proposal(viewer, proposal)
    )


def check_edit_proposal_comment(viewer: Viewer, comment: CommentBase, proposal: Proposal) -> None:
    if comment.deleted_at is not None:
        raise PermissionDenied(_("This comment was deleted: it cannot be changed."))
    if not _is_signed_in(viewer) or comment.author_id != viewer.pk:
        raise PermissionDenied(_("Only the author can change this comment."))
    check_comment_proposal(viewer, proposal)


def can_change_proposal_status(viewer: Viewer, proposal: Proposal) -> bool:
    """Only association staff move a proposal through its statuses (EN-2)."""
    return (
        _is_signed_in(viewer)
        and viewer.is_association_staff  # type: ignore[union-attr]
        and proposal.deleted_at is None
    )


def check_change_proposal_status(viewer: Viewer, proposal: Proposal) -> None:
    if not can_change_proposal_status(viewer, proposal):
        raise PermissionDenied(_("Only association staff change the status of a proposal."))

"""Background work of proposals: telling people that a proposal's status changed, and of
comments on platform-wide proposals (NO-1). Queued with ``transaction.on_commit``; keyed, so a
retried task tells nobody twice."""

from __future__ import annotations

from huey.contrib.djhuey import db_task


@db_task(retries=3, retry_delay=30)
def notify_proposal_status_changed(change_id: int) -> None:
    """A proposal moved to a new status (EN-2): its author and every supporter who may still
    read it are told, with the reason, in batches; whoever changed it is not."""
    from django.conf import settings
    from django.db.models import Q
    from django.utils.html import escape

    from collegium import permissions
    from collegium.accounts.models import User
    from collegium.moderation.choices import TargetKind
    from collegium.notifications.choices import Audience, Kind
    from collegium.notifications.kinds import in_each_language
    from collegium.notifications.services import Event, excerpt_of, notify
    from collegium.proposals.models import ProposalStatusChange, ProposalSupport

    change = ProposalStatusChange.objects.select_related("proposal").filter(pk=change_id).first()
    if change is None:
        return
    proposal = change.proposal
    if proposal.deleted_at is not None or proposal.removed_at is not None:
        return
    event = Event(
        kind=Kind.PROPOSAL_STATUS_CHANGED,
        link=in_each_language(proposal.get_absolute_url),
        params={"title": proposal.title, "status": change.to_status},
        community_id=proposal.community_id,
        audience=Audience.PARTICIPANTS,
        actor_id=change.changed_by_id,
        target_kind=TargetKind.PROPOSAL,
        target_id=proposal.pk,
        excerpt=excerpt_of(escape(change.reason)),
    )
    supporters = ProposalSupport.objects.filter(proposal=proposal).values("user_id")
    people = User.objects.filter(Q(pk__in=supporters) | Q(pk=proposal.author_id)).filter(
        is_active=True, deleted_at__isnull=True
    )
    if change.changed_by_id is not None:
        people = people.exclude(pk=change.changed_by_id)
    if proposal.community_id is not None:
        # Who lost access to the community hears nothing more of its proposals (NO-1).
        people = people.filter(permissions.readers_of_community(proposal.community_id))
    size = settings.COLLEGIUM["FAN_OUT_BATCH"]
    after = 0
    while True:
        batch = list(people.filter(pk__gt=after).order_by("pk")[:size])
        if not batch:
            return
        # One key per batch, named by where it starts: a retry skips the batches told.
        notify(event, batch, key=f"proposal_status:{change.pk}:{after}")
        after = batch[-1].pk


@db_task(retries=3, retry_delay=30)
def notify_proposal_comment_added(comment_id: int) -> None:
    """A comment on a platform-wide proposal: the people it mentions, then the proposal's
    author, are told. A community's proposals are told by ``comments.tasks``, with the same
    keys, so nobody hears twice."""
    from collegium import permissions
    from collegium.editor.rendering import render_text
    from collegium.moderation.targets import kind_for
    from collegium.notifications.choices import Kind
    from collegium.notifications.kinds import in_each_language
    from collegium.notifications.services import Event, excerpt_of, notify, readers_among
    from collegium.proposals.models import ProposalComment

    comment = (
        ProposalComment.objects.select_related("author", "proposal__author")
        .filter(pk=comment_id)
        .first()
    )
    # Deleted, removed or held (MO-3): nobody hears of it.
    if comment is None or comment.deleted_at is not None or comment.removed_at is not None:
        return
    proposal = comment.proposal
    if (
        proposal.community_id is not None
        or proposal.deleted_at is not None
        or proposal.removed_at is not None
    ):
        return
    kind = kind_for(ProposalComment)
    actor = comment.author

    def event(what: str) -> Event:
        return Event(
            kind=what,
            link=in_each_language(lambda: f"{proposal.get_absolute_url()}#{comment.anchor}"),
            params={
                "actor": actor.username if actor is not None else "",
                "title": proposal.title,
            },
            actor_id=actor.pk if actor is not None else None,
            target_kind=kind,
            target_id=comment.pk,
            excerpt=excerpt_of(comment.body_html),
        )

    told: set[int] = {actor.pk} if actor is not None else set()
    mentioned = readers_among(
        render_text(comment.body).mentioned,
        lambda person: permissions.can_read_proposal(person, proposal),
        besides=told,
    )
    if mentioned:
        notify(event(Kind.MENTION), mentioned, key=f"mention:{kind}:{comment.pk}")
        told.update(person.pk for person in mentioned)
    authors = readers_among(
        [proposal.author],
        lambda person: permissions.can_read_proposal(person, proposal),
        besides=told,
    )
    if authors:
        notify(event(Kind.COMMENT), authors, key=f"comment:{kind}:{comment.pk}")

"""Background work of the resource libraries."""

from __future__ import annotations

from huey.contrib.djhuey import db_task


@db_task(retries=2, retry_delay=60)
def process_resource(resource_id: int) -> None:
    """Make the preview of an uploaded file and extract its text (CT-3)."""
    from collegium.resources.services import resource_process

    resource_process(resource_id=resource_id)


@db_task(retries=3, retry_delay=30)
def notify_resource_added(resource_id: int) -> None:
    """A file or a link was added to a library (NO-1): the followers of its community and of
    its tags who read the library are told, once."""
    from collegium.moderation.choices import TargetKind
    from collegium.notifications.choices import Kind
    from collegium.notifications.kinds import in_each_language
    from collegium.notifications.services import Event, Followed, excerpt_of, followers_notify
    from collegium.resources.models import Resource

    resource = (
        Resource.objects.select_related("collection__community", "added_by")
        .filter(pk=resource_id)
        .first()
    )
    if resource is None or resource.deleted_at is not None or resource.removed_at is not None:
        return
    community = resource.collection.community
    actor = resource.added_by
    event = Event(
        kind=Kind.NEW_RESOURCE,
        link=in_each_language(resource.get_absolute_url),
        params={
            "actor": actor.username if actor is not None else "",
            "title": resource.title,
            "community": in_each_language(lambda: community.name),
        },
        community_id=community.pk,
        actor_id=resource.added_by_id,
        target_kind=TargetKind.RESOURCE,
        target_id=resource.pk,
        excerpt=excerpt_of(resource.description_html),
    )
    followed = [Followed("community", community.pk)]
    followed += [Followed("tag", tag_id) for tag_id in resource.tags.values_list("pk", flat=True)]
    followers_notify(event, followed, key=f"resource:{resource.pk}")

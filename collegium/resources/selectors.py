"""Reads of the resource libraries, given the viewer, in a fixed number of queries (CT-3)."""

from __future__ import annotations

import uuid as uuid_module
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Lower
from django.http import Http404

from collegium import permissions
from collegium.communities.models import Community
from collegium.core.models import Tag
from collegium.resources.choices import KindFilter, ResourceKind, ResourceLanguage, ResourceSort
from collegium.resources.models import Collection, Resource, ResourceComment

if TYPE_CHECKING:
    from collegium.permissions import Viewer

RESOURCES_PER_PAGE = 25
LATEST_COUNT = 10
DOCUMENT_KINDS = ("pdf", "office", "text")


@dataclass(frozen=True)
class LibraryFilters:
    tag: str = ""
    language: str = ""
    kind: str = ""

    @property
    def is_active(self) -> bool:
        return bool(self.tag or self.language or self.kind)


@dataclass
class Library:
    """A community's library: its collections (each with ``subcollections``) and the latest
    resources, filtered."""

    collections: list[Collection]
    latest: list[Resource]
    tag: Tag | None = None
    filters: LibraryFilters = field(default_factory=LibraryFilters)


def _with_row_relations(queryset: QuerySet[Resource]) -> QuerySet[Resource]:
    return queryset.select_related("collection", "added_by").prefetch_related(
        Prefetch("tags", queryset=Tag.objects.only("pk", "name", "slug"))
    )


def _attach_community(resources: list[Resource], community: Community) -> list[Resource]:
    # Their addresses need the slug: no query per row.
    for resource in resources:
        resource.collection.community = community
    return resources


def _filtered(queryset: QuerySet[Resource], filters: LibraryFilters) -> QuerySet[Resource]:
    if filters.language in ResourceLanguage.values:
        queryset = queryset.filter(language=filters.language)
    if filters.kind == KindFilter.LINK:
        queryset = queryset.filter(kind=ResourceKind.LINK)
    elif filters.kind == KindFilter.DOCUMENT:
        queryset = queryset.filter(kind=ResourceKind.FILE, file_kind__in=DOCUMENT_KINDS)
    elif filters.kind in KindFilter.values:
        queryset = queryset.filter(kind=ResourceKind.FILE, file_kind=filters.kind)
    return queryset


def _collections(community: Community) -> list[Collection]:
    """The library's collections in order, each counting its resources that are not deleted."""
    collections: list[Collection] = list(
        Collection.objects.filter(community=community)
        .annotate(resource_count=Count("resources", filter=Q(resources__deleted_at__isnull=True)))
        .order_by("position", "title", "pk")
    )
    children: dict[int, list[Collection]] = {}
    for collection in collections:
        collection.community = community
        if collection.parent_id is not None:
            children.setdefault(collection.parent_id, []).append(collection)
    top: list[Collection] = [c for c in collections if c.parent_id is None]
    for parent in top:
        parent.subcollections = children.get(parent.pk, [])  # type: ignore[attr-defined]
    return top


def library_get(*, viewer: Viewer, community: Community, filters: LibraryFilters) -> Library:
    """The library page: collections with their sub-collections, and the latest resources."""
    permissions.check_read_library(viewer, community)
    library = Library(collections=_collections(community), latest=[], filters=filters)
    queryset = permissions.visible_resources(
        viewer, Resource.objects.filter(collection__community=community)
    )
    if filters.tag:
        library.tag = Tag.objects.filter(slug=filters.tag).first()
        if library.tag is None:
            return library
        queryset = queryset.filter(tags=library.tag)
    queryset = _filtered(queryset, filters)
    library.latest = _attach_community(
        list(_with_row_relations(queryset).order_by("-created_at", "-pk")[:LATEST_COUNT]),
        community,
    )
    return library


def library_collections(*, viewer: Viewer, community: Community) -> list[Collection]:
    """Collections, top-level ones followed by their sub-collections, for a form's choices."""
    permissions.check_read_library(viewer, community)
    ordered: list[Collection] = []
    for collection in _collections(community):
        ordered.append(collection)
        ordered.extend(collection.subcollections)  # type: ignore[attr-defined]
    return ordered


def collection_get(*, viewer: Viewer, community: Community, collection_slug: str) -> Collection:
    """A collection of a library the viewer may read, with its sub-collections; else 404."""
    permissions.check_read_library(viewer, community)
    collection = (
        Collection.objects.select_related("parent")
        .filter(community=community, slug=collection_slug)
        .first()
    )
    if collection is None:
        raise Http404
    collection.community = community
    if collection.parent is not None:
        collection.parent.community = community
    subcollections = list(
        Collection.objects.filter(parent=collection)
        .annotate(resource_count=Count("resources", filter=Q(resources__deleted_at__isnull=True)))
        .order_by("position", "title", "pk")
    )
    for child in subcollections:
        child.community = community
    collection.subcollections = subcollections  # type: ignore[attr-defined]
    return collection


SORTS: dict[str, tuple[Any, ...]] = {
    ResourceSort.NEWEST: ("-created_at", "-pk"),
    ResourceSort.TITLE: (Lower("title"), "pk"),
    ResourceSort.DOWNLOADS: ("-download_count", "-created_at", "-pk"),
}


def collection_resources(
    *, viewer: Viewer, collection: Collection, sort: str, page_number: int | str = 1
) -> Page[Resource]:
    """A page of a collection's resources, sorted newest first, by title or by downloads."""
    order = SORTS.get(sort, SORTS[ResourceSort.NEWEST])
    queryset = _with_row_relations(
        permissions.visible_resources(viewer, Resource.objects.filter(collection=collection))
    ).order_by(*order)
    page = Paginator(queryset, RESOURCES_PER_PAGE).get_page(page_number)
    for resource in page.object_list:
        resource.collection = collection
    return page


def resource_get(*, viewer: Viewer, community: Community, resource_id: int) -> Resource:
    """A resource the viewer may read, in this community; 404 for anyone else (SPEC §0)."""
    resource = (
        Resource.objects.select_related("collection__parent", "added_by")
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.only("pk", "name", "slug")))
        .filter(pk=resource_id, collection__community=community)
        .first()
    )
    return _readable(viewer, community, resource)


def resource_file_get(
    *, viewer: Viewer, community: Community, uuid: uuid_module.UUID | str
) -> Resource:
    """A file by its address, or 404 for anyone who may not read it, and once deleted."""
    try:
        resource_uuid = uuid_module.UUID(str(uuid))
    except ValueError:
        raise Http404 from None
    resource = (
        Resource.objects.select_related("collection")
        .filter(uuid=resource_uuid, collection__community=community, kind=ResourceKind.FILE)
        .first()
    )
    return _readable(viewer, community, resource)


def _readable(viewer: Viewer, community: Community, resource: Resource | None) -> Resource:
    if resource is None:
        raise Http404
    resource.collection.community = community
    parent = resource.collection._state.fields_cache.get("parent")
    if parent is not None:
        parent.community = community
    permissions.check_read_resource(viewer, resource)
    return resource


def community_recent_resources(
    *, viewer: Viewer, community: Community, limit: int = 5
) -> list[Resource]:
    """The latest resources for a community's overview; empty for those who may not read them."""
    if not permissions.can_read_library(viewer, community):
        return []
    return _attach_community(
        list(
            permissions.visible_resources(
                viewer, Resource.objects.filter(collection__community=community)
            )
            .select_related("collection")
            .order_by("-created_at", "-pk")[:limit]
        ),
        community,
    )


def resource_comments(*, viewer: Viewer, resource: Resource) -> list[ResourceComment] | None:
    """A resource's comments in order, or None for those who may not read comments."""
    community = resource.collection.community
    if not permissions.can_read_comments(viewer, community):
        return None
    comments = list(
        ResourceComment.objects.filter(resource=resource)
        .select_related("author")
        .order_by("created_at", "id")
    )
    for comment in comments:
        comment.resource = resource
    return comments


def resource_comment_get(
    *, viewer: Viewer, community: Community, comment_id: int
) -> ResourceComment:
    """A comment on a resource the viewer may read, or 404."""
    comment = (
        ResourceComment.objects.select_related("resource__collection", "author")
        .filter(pk=comment_id, resource__collection__community=community)
        .first()
    )
    if comment is None or not permissions.can_read_comments(viewer, community):
        raise Http404
    _readable(viewer, community, comment.resource)
    return comment

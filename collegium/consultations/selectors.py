"""Reads of the consultations, given the viewer, in a fixed number of queries (EN-1)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import F, Prefetch, Q, QuerySet
from django.http import Http404

from collegium import permissions
from collegium.communities.selectors import attach_viewer_membership
from collegium.consultations.choices import ConsultationStatus
from collegium.consultations.models import (
    Consultation,
    ConsultationAudience,
    ConsultationComment,
    ConsultationDocument,
    Paragraph,
)
from collegium.editor.models import Draft

if TYPE_CHECKING:
    from uuid import UUID

    from collegium.communities.models import Community
    from collegium.permissions import Viewer

CLOSED_SHOWN = 50
COMMUNITY_SHOWN = 5
# A consultation page shows this many comments at most, oldest first.
COMMENTS_SHOWN = 2_000


def _with_relations(queryset: QuerySet[Consultation]) -> QuerySet[Consultation]:
    return queryset.select_related("community", "questionnaire").prefetch_related(
        Prefetch("audiences", queryset=ConsultationAudience.objects.order_by("user_type"))
    )


def consultation_for(viewer: Viewer, slug: str) -> Consultation:
    """A consultation the viewer may see, with its community, questionnaire and audience; 404
    otherwise (never revealing that it exists)."""
    queryset = permissions.visible_consultations(viewer, _with_relations(Consultation.objects))
    consultation = queryset.filter(slug=slug).first()
    if consultation is None:
        raise Http404
    if consultation.community is not None:
        # The policy reads the viewer's membership from it: one query for the whole page.
        attach_viewer_membership([consultation.community], viewer)
    return consultation


@dataclass
class ConsultationLists:
    """The consultations a viewer may see, in the order the list page shows them."""

    open: list[Consultation] = field(default_factory=list)
    closed: list[Consultation] = field(default_factory=list)
    # For staff only: those in preparation, and those scheduled to open.
    preparing: list[Consultation] = field(default_factory=list)
    scheduled: list[Consultation] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.open or self.closed or self.preparing or self.scheduled)


def consultations_list(
    *, viewer: Viewer, status: str = "", community: Community | None = None
) -> ConsultationLists:
    """Open consultations first, closing soonest; then the closed ones, latest first; and for
    staff, those in preparation and those scheduled. ``status`` keeps one of these. Four
    queries whatever the number of consultations."""
    queryset = permissions.visible_consultations(viewer, _with_relations(Consultation.objects))
    if community is not None:
        queryset = queryset.filter(community=community)
    if status:
        queryset = queryset.filter(status=status)
    current = list(
        queryset.exclude(status=ConsultationStatus.CLOSED).order_by(
            F("closes_at").asc(nulls_last=True), F("opens_at").asc(nulls_last=True), "pk"
        )
    )
    closed = list(
        queryset.filter(status=ConsultationStatus.CLOSED).order_by(
            F("closed_at").desc(nulls_last=True), "-pk"
        )[:CLOSED_SHOWN]
    )
    lists = ConsultationLists(closed=closed)
    for consultation in current:
        if consultation.status == ConsultationStatus.OPEN:
            lists.open.append(consultation)
        elif consultation.status == ConsultationStatus.SCHEDULED:
            lists.scheduled.append(consultation)
        else:
            lists.preparing.append(consultation)
    return lists


def community_consultations(*, viewer: Viewer, community: Community) -> list[Consultation]:
    """A community's consultations the viewer may see, open ones first, for its overview."""
    queryset = permissions.visible_consultations(
        viewer,
        Consultation.objects.filter(
            community=community,
            status__in=[ConsultationStatus.OPEN, ConsultationStatus.CLOSED],
        ),
    )
    # "open" sorts after "closed": open ones first, then the latest.
    consultations = list(queryset.order_by("-status", "-closes_at", "-pk")[:COMMUNITY_SHOWN])
    for consultation in consultations:
        consultation.community = community
    return consultations


def consultation_documents(*, consultation: Consultation) -> list[ConsultationDocument]:
    """The documents of a consultation the caller let the viewer see."""
    documents = list(consultation.documents.order_by("position", "pk"))
    for document in documents:
        document.consultation = consultation
    return documents


def document_get(*, viewer: Viewer, slug: str, uuid: UUID) -> ConsultationDocument:
    """A document of a consultation the viewer may see, or 404."""
    consultation = consultation_for(viewer, slug)
    document = ConsultationDocument.objects.filter(consultation=consultation, uuid=uuid).first()
    if document is None:
        raise Http404
    document.consultation = consultation
    return document


@dataclass
class DraftWithComments:
    """The numbered paragraphs, each with ``comments`` (those the viewer may read, oldest
    first), and the comments on the draft as a whole."""

    paragraphs: list[Paragraph]
    general: list[ConsultationComment]
    comment_count: int


def _readable(viewer: Viewer, consultation: Consultation) -> Q:
    """Removed comments stay in place only for their author and their moderators (MO-2)."""
    if permissions.can_see_removed(viewer, consultation.community):
        return Q()
    shown = Q(removed_at__isnull=True)
    if viewer.is_authenticated:
        shown |= Q(author=viewer.pk)
    return shown


def paragraphs_with_comments(*, consultation: Consultation, viewer: Viewer) -> DraftWithComments:
    """The draft's paragraphs with their comments, and the general comments, in two queries
    whatever their number."""
    paragraphs = list(Paragraph.objects.filter(consultation=consultation).order_by("number"))
    comments = list(
        ConsultationComment.objects.filter(consultation=consultation)
        .filter(_readable(viewer, consultation))
        .select_related("author")
        .order_by("created_at", "pk")[:COMMENTS_SHOWN]
    )
    by_paragraph: dict[int, list[ConsultationComment]] = {}
    general: list[ConsultationComment] = []
    for comment in comments:
        comment.consultation = consultation
        if comment.paragraph_id is None:
            general.append(comment)
        else:
            by_paragraph.setdefault(comment.paragraph_id, []).append(comment)
    for paragraph in paragraphs:
        paragraph.consultation = consultation
        paragraph.comments_shown = by_paragraph.get(paragraph.pk, [])  # type: ignore[attr-defined]
    count = sum(1 for c in comments if c.deleted_at is None and c.removed_at is None)
    return DraftWithComments(paragraphs=paragraphs, general=general, comment_count=count)


def paragraph_get(*, consultation: Consultation, number: int) -> Paragraph:
    """A paragraph of the draft by its number, or 404 (a number that does not exist)."""
    paragraph = Paragraph.objects.filter(consultation=consultation, number=number).first()
    if paragraph is None:
        raise Http404
    paragraph.consultation = consultation
    return paragraph


def comment_get(
    *, viewer: Viewer, consultation: Consultation, comment_id: int
) -> ConsultationComment:
    """A comment of a consultation the viewer may see, or 404 (another consultation's too)."""
    comment = (
        ConsultationComment.objects.filter(consultation=consultation, pk=comment_id)
        .filter(_readable(viewer, consultation))
        .select_related("author", "paragraph")
        .first()
    )
    if comment is None:
        raise Http404
    comment.consultation = consultation
    return comment


def comment_drafts(*, viewer: Viewer, key_prefix: str) -> dict[str, Draft]:
    """The viewer's saved drafts of a page's comment forms, by key, in one query (a draft per
    paragraph would be a query per paragraph)."""
    if not viewer.is_authenticated:
        return {}
    drafts = Draft.objects.filter(user=viewer.pk, key__startswith=key_prefix)
    return {draft.key: draft for draft in drafts}


def communities_for_consultations() -> list[Community]:
    """The active communities a staff member may hold a consultation in, by name."""
    from collegium.communities.choices import CommunityStatus
    from collegium.communities.models import Community

    return list(Community.objects.filter(status=CommunityStatus.ACTIVE).order_by("name"))

"""Reads of moderation, given the viewer: what they may report, the queues, an item's file,
the audit log and their own reports (MO-1, MO-2)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_date

from collegium import permissions
from collegium.moderation.choices import Action, CaseStatus, Category, TargetKind
from collegium.moderation.models import Case, ModerationAction, Report
from collegium.moderation.targets import TARGETS, Target, target_for

if TYPE_CHECKING:
    from collegium.accounts.models import User
    from collegium.communities.models import Community

QUEUE_PAGE_SIZE = 25
LOG_PAGE_SIZE = 50
AGES = {"day": timedelta(days=1), "week": timedelta(days=7)}


def reportable_get(*, viewer: User, kind: str, object_id: int) -> tuple[Target, Any]:
    """An item the viewer can see and so may report, or 404 (MO-1)."""
    target = target_for(kind)
    obj = target.load(object_id)
    if obj is None or target.is_deleted(obj) or not target.can_read(viewer, obj):
        raise Http404
    hidden = target.is_removed(obj) and not permissions.can_see_removed(
        viewer, target.community(obj)
    )
    if hidden and target.author_id(obj) != viewer.pk:
        raise Http404
    return target, obj


@dataclass
class Item:
    """An item as the moderation pages show it."""

    target: Target
    obj: Any
    case: Case | None = None

    @property
    def kind(self) -> str:
        return self.target.kind

    @property
    def kind_label(self) -> str:
        return str(TargetKind(self.target.kind).label)

    @property
    def heading(self) -> str:
        return self.target.heading(self.obj)

    @property
    def url(self) -> str:
        return self.target.url(self.obj)

    @property
    def html(self) -> str:
        return self.target.html(self.obj)

    @property
    def text(self) -> str:
        return self.target.text(self.obj)

    @property
    def author(self) -> Any:
        return self.target.author(self.obj)

    @property
    def community(self) -> Any:
        return self.target.community(self.obj)

    @property
    def is_removed(self) -> bool:
        return self.target.is_removed(self.obj)

    @property
    def is_deleted(self) -> bool:
        return self.target.is_deleted(self.obj)

    @property
    def thread(self) -> Any:
        return self.target.thread(self.obj)

    @property
    def language(self) -> str:
        language = self.target.language(self.obj)
        return language if language in {"en", "fr"} else ""


@dataclass
class ItemFile:
    """Everything about one item for the moderator deciding: the item in its context, its
    reports, and what was done to it before."""

    item: Item
    reports: list[Report]
    actions: list[ModerationAction]
    context: Any = None  # the post it answers, for a reply
    may_sanction: bool = False
    move_targets: list[Community] = field(default_factory=list)


def moderated_item_get(*, viewer: User, kind: str, object_id: int) -> ItemFile:
    """An item the viewer moderates, or 404: a leader sees nothing outside their community."""
    from collegium.communities.models import Community

    target = target_for(kind)
    obj = target.load(object_id)
    if obj is None:
        raise Http404
    permissions.check_moderate_item(viewer, target.community(obj))
    case = Case.objects.filter(kind=kind, object_id=object_id).first()
    item = Item(target=target, obj=obj, case=case)
    reports = (
        list(Report.objects.filter(case=case).select_related("reporter").order_by("-created_at"))
        if case is not None
        else []
    )
    actions = list(
        ModerationAction.objects.filter(kind=kind, object_id=object_id).select_related(
            "actor", "undone_by"
        )[:50]
    )
    context = None
    thread = target.thread(obj)
    if thread is not None and getattr(obj, "reply_to_id", None):
        context = obj.reply_to
    elif thread is not None and not obj.is_opening:
        context = (
            type(obj)
            ._default_manager.filter(thread=thread, position__lt=obj.position)
            .select_related("author")
            .order_by("-position")
            .first()
        )
    move_targets: list[Community] = []
    if thread is not None:
        from collegium.communities.selectors import attach_viewer_membership

        communities = list(
            permissions.visible_communities(viewer, Community.objects.all())
            .exclude(pk=thread.community_id)
            .order_by("name")[:200]
        )
        attach_viewer_membership(communities, viewer)
        move_targets = [
            community
            for community in communities
            if permissions.can_moderate_thread_move_to(viewer, community)
        ]
    return ItemFile(
        item=item,
        reports=reports,
        actions=actions,
        context=context,
        may_sanction=permissions.can_sanction_platform_wide(viewer),
        move_targets=move_targets,
    )


# Queues ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueFilters:
    community: str = ""  # slug, the platform queue only
    category: str = ""
    language: str = ""
    age: str = ""  # "day", "week", "older"
    status: str = CaseStatus.OPEN

    @classmethod
    def from_query(cls, query: Any) -> QueueFilters:
        category = query.get("category", "")
        language = query.get("language", "")
        age = query.get("age", "")
        status = query.get("status", CaseStatus.OPEN)
        return cls(
            community=query.get("community", "")[:80],
            category=category if category in Category.values else "",
            language=language if language in {"en", "fr"} else "",
            age=age if age in {"day", "week", "older"} else "",
            status=status if status in CaseStatus.values else CaseStatus.OPEN,
        )


@dataclass
class QueueRow:
    case: Case
    item: Item | None
    categories: list[str]


@dataclass
class Queue:
    rows: list[QueueRow]
    page: Page[Case]
    filters: QueueFilters


def _cases(viewer: User, community: Community | None, filters: QueueFilters) -> QuerySet[Case]:
    cases = Case.objects.filter(status=filters.status)
    if community is not None:
        if not permissions.can_moderate_community(viewer, community):
            raise Http404
        cases = cases.filter(community=community)
    else:
        if not permissions.can_view_platform_queue(viewer):
            raise Http404
        if filters.community:
            cases = cases.filter(community__slug=filters.community)
    if filters.category:
        cases = cases.filter(
            Exists(Report.objects.filter(case=OuterRef("pk"), category=filters.category))
        )
    if filters.language:
        cases = cases.filter(language__in=[filters.language, "both"])
    now = timezone.now()
    if filters.age in AGES:
        cases = cases.filter(opened_at__gte=now - AGES[filters.age])
    elif filters.age == "older":
        cases = cases.filter(opened_at__lt=now - AGES["week"])
    order = ["opened_at", "id"] if filters.status == CaseStatus.OPEN else ["-resolved_at", "-id"]
    return cases.select_related("community", "author", "resolved_by").order_by(*order)


def _items(cases: list[Case]) -> dict[tuple[str, int], Item]:
    """The items of a page of cases, one query per kind whatever the page's size."""
    wanted: dict[str, list[int]] = defaultdict(list)
    for case in cases:
        wanted[case.kind].append(case.object_id)
    items: dict[tuple[str, int], Item] = {}
    for kind, ids in wanted.items():
        target = TARGETS.get(kind)
        if target is None:
            continue
        for pk, obj in target.load_many(ids).items():
            items[(kind, pk)] = Item(target=target, obj=obj)
    return items


def moderation_queue(
    *, viewer: User, community: Community | None, filters: QueueFilters, page: int | str = 1
) -> Queue:
    """Cases waiting (or handled), oldest first, with their items and what was reported."""
    paginator = Paginator(_cases(viewer, community, filters), QUEUE_PAGE_SIZE)
    current = paginator.get_page(page)
    cases = list(current.object_list)
    items = _items(cases)
    categories: dict[int, list[str]] = defaultdict(list)
    for case_id, category in (
        Report.objects.filter(case__in=[case.pk for case in cases])
        .values_list("case_id", "category")
        .distinct()
    ):
        categories[case_id].append(str(Category(category).label))
    rows = []
    for case in cases:
        item = items.get((case.kind, case.object_id))
        if item is not None:
            item.case = case
        rows.append(QueueRow(case=case, item=item, categories=sorted(categories[case.pk])))
    return Queue(rows=rows, page=current, filters=filters)


def queue_communities(*, viewer: User) -> QuerySet[Community]:
    """The communities the platform queue can be narrowed to."""
    from collegium.communities.models import Community

    return permissions.visible_communities(viewer, Community.objects.all()).order_by("name")


# Audit log ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LogFilters:
    community: str = ""
    action: str = ""
    moderator: str = ""
    person: str = ""
    since: str = ""
    until: str = ""

    @classmethod
    def from_query(cls, query: Any) -> LogFilters:
        action = query.get("action", "")
        return cls(
            community=query.get("community", "")[:80],
            action=action if action in Action.values else "",
            moderator=query.get("moderator", "").strip()[:150],
            person=query.get("person", "").strip()[:150],
            since=_date(query.get("since", "")),
            until=_date(query.get("until", "")),
        )


def _date(value: str) -> str:
    """A date from a query string as YYYY-MM-DD, or "" when it is not a real date."""
    try:
        parsed = parse_date(value or "")
    except ValueError:  # well formed but impossible, such as 2024-02-30
        return ""
    return parsed.isoformat() if parsed else ""


def audit_log(
    *, viewer: User, community: Community | None, filters: LogFilters
) -> QuerySet[ModerationAction]:
    """The actions the viewer may read, newest first: all of them for the administrators, a
    community's for its leaders and moderators (MO-2)."""
    actions = ModerationAction.objects.all()
    if community is not None:
        if not permissions.can_view_community_audit_log(viewer, community):
            raise Http404
        actions = actions.filter(community=community)
    else:
        if not permissions.can_view_audit_log(viewer):
            raise Http404
        if filters.community:
            actions = actions.filter(community__slug=filters.community)
    if filters.action:
        actions = actions.filter(action=filters.action)
    if filters.moderator:
        actions = actions.filter(actor__username__iexact=filters.moderator)
    if filters.person:
        actions = actions.filter(subject__username__iexact=filters.person)
    if filters.since:
        actions = actions.filter(created_at__date__gte=parse_date(filters.since))
    if filters.until:
        actions = actions.filter(created_at__date__lte=parse_date(filters.until))
    return actions.select_related("actor", "subject", "community", "undone_by", "undo_of")


def log_page(
    *, viewer: User, community: Community | None, filters: LogFilters, page: int | str = 1
) -> Page[ModerationAction]:
    from collegium.communities.selectors import attach_viewer_membership
    from collegium.moderation.services import can_undo

    current = Paginator(
        audit_log(viewer=viewer, community=community, filters=filters), LOG_PAGE_SIZE
    ).get_page(page)
    # The policy reads the viewer's membership of each row's community: one query for all.
    attach_viewer_membership(
        [record.community for record in current.object_list if record.community], viewer
    )
    for record in current.object_list:
        record.may_undo = can_undo(viewer, record)
    return current


# The reporter's own reports (MO-1) ------------------------------------------------------------


@dataclass
class MyReport:
    report: Report
    item: Item | None


def my_reports(*, viewer: User) -> list[MyReport]:
    """What I reported and how it ended, newest first; the item only while I may still read
    it."""
    reports = list(
        Report.objects.filter(reporter=viewer).select_related("case").order_by("-created_at")[:100]
    )
    items = _items([report.case for report in reports])
    readable = permissions.communities_read_by(viewer)
    rows = []
    for report in reports:
        item = items.get((report.case.kind, report.case.object_id))
        if item is not None:
            community = item.community
            if (
                item.is_deleted
                or item.is_removed
                or (community is not None and readable is not None and community.pk not in readable)
            ):
                item = None
        rows.append(MyReport(report=report, item=item))
    return rows


def reported_by(*, viewer: User, target: Target, obj: Any) -> Report | None:
    return Report.objects.filter(
        reporter=viewer, case__kind=target.kind, case__object_id=obj.pk
    ).first()


def open_case_count(*, viewer: User, community: Community) -> int:
    """How many items wait in a community's queue, for its leaders' and moderators' pages."""
    if not permissions.can_moderate_community(viewer, community):
        return 0
    return Case.objects.filter(community=community, status=CaseStatus.OPEN).count()

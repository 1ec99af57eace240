"""Reporting (MO-1), the moderation queues, an item's page with the actions, the audit log
and its export (MO-2). Thin: the selectors read, the services decide."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from collegium.accounts.models import User
from collegium.communities.models import Community
from collegium.core.redirects import safe_next
from collegium.core.spreadsheets import Echo, safe_cell
from collegium.core.validation import add_errors
from collegium.moderation import forms, selectors, services
from collegium.moderation.choices import Action, CaseStatus, Category
from collegium.moderation.models import ModerationAction


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _limit(request: HttpRequest, action: str) -> None:
    """MO-3: count one attempt at ``action``; over the limit, the middleware answers 429."""
    from collegium.moderation import limits

    limits.check(_user(request), action)


def _filters_query(request: HttpRequest) -> str:
    """The page's filters as a query string, for the links to the other pages of a list."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# Reporting (MO-1) -----------------------------------------------------------------------------


@login_required
def report_create(request: HttpRequest, kind: str, object_id: int) -> HttpResponse:
    viewer = _user(request)
    target, obj = selectors.reportable_get(viewer=viewer, kind=kind, object_id=object_id)
    earlier = selectors.reported_by(viewer=viewer, target=target, obj=obj)
    form = forms.ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _limit(request, "report")
        try:
            services.report_submit(
                reporter=viewer,
                target=target,
                obj=obj,
                category=form.cleaned_data["category"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Thank you: the moderators have your report. You will be told what they did."),
            )
            return redirect(target.url(obj))
    item = selectors.Item(target=target, obj=obj)
    return render(
        request,
        "moderation/report.html",
        {"item": item, "form": form, "earlier": earlier, "own": target.author_id(obj) == viewer.pk},
        status=400 if form.errors else 200,
    )


@login_required
def my_reports(request: HttpRequest) -> HttpResponse:
    rows = selectors.my_reports(viewer=_user(request))
    return render(request, "moderation/my_reports.html", {"rows": rows})


# Queues (MO-2) --------------------------------------------------------------------------------


def _queue(request: HttpRequest, community: Community | None) -> HttpResponse:
    viewer = _user(request)
    filters = selectors.QueueFilters.from_query(request.GET)
    queue = selectors.moderation_queue(
        viewer=viewer, community=community, filters=filters, page=request.GET.get("page", 1)
    )
    return render(
        request,
        "moderation/queue.html",
        {
            "queue": queue,
            "community": community,
            "communities": (
                selectors.queue_communities(viewer=viewer) if community is None else None
            ),
            "categories": Category.choices,
            "statuses": CaseStatus.choices,
            "query": _filters_query(request),
        },
    )


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    return _queue(request, None)


@login_required
def community_queue(request: HttpRequest, slug: str) -> HttpResponse:
    community = Community.objects.filter(slug=slug).first()
    if community is None:
        raise Http404
    return _queue(request, community)


# One item and the actions on it (MO-2) --------------------------------------------------------

ACTIONS: dict[str, tuple[type[forms.ActionForm], str]] = {
    "dismiss": (forms.DismissForm, "case_dismiss"),
    "remove": (forms.RemoveForm, "content_remove"),
    "restore": (forms.RestoreForm, "content_restore"),
    "edit": (forms.EditForm, "content_edit"),
    "close": (forms.CloseForm, "thread_close"),
    "move": (forms.MoveForm, "thread_move"),
    "warn": (forms.WarnForm, "author_warn"),
    "suspend": (forms.SuspendForm, "author_suspend"),
    "ban_community": (forms.BanForm, "author_ban_from_community"),
    "ban_platform": (forms.BanForm, "author_ban_from_platform"),
}


def _action_forms(
    file: selectors.ItemFile, bound: tuple[str, forms.ActionForm] | None = None
) -> dict[str, forms.ActionForm]:
    revision = file.item.case.revision if file.item.case is not None else 0
    built: dict[str, forms.ActionForm] = {}
    for name, (form_class, _service) in ACTIONS.items():
        if bound is not None and bound[0] == name:
            built[name] = bound[1]
            continue
        initial: dict[str, Any] = {"revision": revision}
        if name == "edit":
            initial["text"] = file.item.text
        kwargs = {"communities": file.move_targets} if name == "move" else {}
        built[name] = form_class(initial=initial, prefix=name, **kwargs)  # type: ignore[arg-type]
    return built


def _item_page(
    request: HttpRequest,
    file: selectors.ItemFile,
    bound: tuple[str, forms.ActionForm] | None = None,
) -> HttpResponse:
    return render(
        request,
        "moderation/item.html",
        {
            "file": file,
            "item": file.item,
            "action_forms": _action_forms(file, bound),
            "open_action": bound[0] if bound else "",
            "next": safe_next(request, ""),
        },
        status=400 if bound else 200,
    )


@login_required
def item_detail(request: HttpRequest, kind: str, object_id: int) -> HttpResponse:
    file = selectors.moderated_item_get(viewer=_user(request), kind=kind, object_id=object_id)
    return _item_page(request, file)


@login_required
@require_POST
def item_act(request: HttpRequest, kind: str, object_id: int, action: str) -> HttpResponse:
    viewer = _user(request)
    file = selectors.moderated_item_get(viewer=viewer, kind=kind, object_id=object_id)
    if action not in ACTIONS:
        raise Http404
    form_class, service_name = ACTIONS[action]
    kwargs = {"communities": file.move_targets} if action == "move" else {}
    form = form_class(request.POST, prefix=action, **kwargs)  # type: ignore[arg-type]
    here = reverse("moderation:item", kwargs={"kind": kind, "object_id": object_id})
    if form.is_valid():
        data = dict(form.cleaned_data)
        arguments: dict[str, Any] = {
            "actor": viewer,
            "target": file.item.target,
            "obj": file.item.obj,
            "revision": data.pop("revision"),
        }
        if action == "move":
            chosen = data.pop("community")
            arguments["community"] = next((c for c in file.move_targets if c.pk == chosen), None)
        try:
            record = getattr(services, service_name)(**arguments, **data)
        except services.AlreadyHandled as error:
            messages.warning(request, " ".join(error.messages))
            return redirect(here)
        except ValidationError as error:
            add_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Done: %(action)s. It is on the record and can be undone from the log.")
                % {"action": record.get_action_display()},
            )
            return redirect(safe_next(request, here))
    return _item_page(request, file, bound=(action, form))


# Audit log (MO-2) -----------------------------------------------------------------------------


def _log(request: HttpRequest, community: Community | None) -> HttpResponse:
    viewer = _user(request)
    filters = selectors.LogFilters.from_query(request.GET)
    page = selectors.log_page(
        viewer=viewer, community=community, filters=filters, page=request.GET.get("page", 1)
    )
    return render(
        request,
        "moderation/log.html",
        {
            "page": page,
            "filters": filters,
            "community": community,
            "actions": Action.choices,
            "query": _filters_query(request),
        },
    )


@login_required
def log(request: HttpRequest) -> HttpResponse:
    return _log(request, None)


@login_required
def community_log(request: HttpRequest, slug: str) -> HttpResponse:
    return _log(request, get_object_or_404(Community, slug=slug))


@login_required
def log_export(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered log as CSV, streamed: the administrators' copy for the record."""
    viewer = _user(request)
    slug = request.GET.get("community", "")
    community = Community.objects.filter(slug=slug).first() if slug else None
    filters = selectors.LogFilters.from_query(request.GET)
    actions = selectors.audit_log(viewer=viewer, community=community, filters=filters)
    header = [
        _("When"), _("Moderator"), _("Action"), _("Item"), _("Item number"), _("Community"),
        _("Person concerned"), _("Reason"), _("Note"), _("Before"), _("After"), _("Undone at"),
    ]  # fmt: skip

    def rows() -> Any:
        writer = csv.writer(Echo())
        yield "\ufeff" + writer.writerow(header)
        for record in actions.iterator(chunk_size=500):
            yield writer.writerow(
                safe_cell(value)
                for value in (
                    timezone.localtime(record.created_at).isoformat(),
                    record.actor.username if record.actor else "",
                    record.get_action_display(),
                    record.get_kind_display(),
                    record.object_id,
                    record.community.name if record.community else "",
                    record.subject.username if record.subject else "",
                    record.get_category_display() if record.category else "",
                    record.note,
                    record.before,
                    record.after,
                    timezone.localtime(record.undone_at).isoformat() if record.undone_at else "",
                )
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="moderation-log-{stamp}.csv"'
    return response


@login_required
@require_POST
def action_undo(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = _user(request)
    record = get_object_or_404(ModerationAction.objects.select_related("community"), pk=pk)
    if not services.can_undo(viewer, record):
        # Outside what the viewer moderates: nothing to see (MO-2).
        from collegium import permissions

        permissions.check_moderate_item(viewer, record.community)
    form = forms.UndoForm(request.POST)
    default = (
        reverse("moderation:community_log", kwargs={"slug": record.community.slug})
        if record.community is not None and not _is_admin(viewer)
        else reverse("moderation:log")
    )
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors.get("note", [])))
        return redirect(safe_next(request, default))
    try:
        undo = services.action_undo(actor=viewer, record=record, note=form.cleaned_data["note"])
    except (ValidationError, PermissionDenied) as error:
        text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        messages.error(request, text)
    else:
        messages.success(
            request,
            _("Undone: %(action)s.") % {"action": undo.get_action_display()},
        )
    return redirect(safe_next(request, default))


def _is_admin(viewer: User) -> bool:
    from collegium import permissions

    return permissions.can_view_audit_log(viewer)

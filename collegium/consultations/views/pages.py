"""Placeholder views, replaced by the real ones."""

from django.http import Http404


def py(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404


def consultation_list(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404


def consultation_create(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404


def consultation_detail(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404


def consultation_edit(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404


def consultation_schedule(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404


def documents(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404


def document_delete(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404


def document_download(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404


def comment_add(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404


def comment_edit(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404


def comment_delete(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404


def what_we_heard_edit(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404

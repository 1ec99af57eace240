"""Placeholder views, replaced by the real ones."""

from django.http import Http404


def py(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404


def builder(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404


def question_add(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404


def question_edit(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404


def question_delete(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404


def question_move(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404


def revisions(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404


def respond(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404


def respond_draft(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404

"""Placeholder views, replaced by the real ones."""

from django.http import Http404


def py(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404


def results(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404


def text_answers(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404


def export(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404


def access_log(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404

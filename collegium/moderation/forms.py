"""The report form and the moderators' action forms (MO-1, MO-2). The services decide; these
only carry what was typed, so that a refusal shows next to the field with the text kept."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from collegium.moderation.choices import Category
from collegium.moderation.models import NOTE_MAX_LENGTH
from collegium.moderation.services import SUSPENSION_MAX_DAYS


def _note(label: Any, *, required: bool, help_text: Any = "") -> forms.CharField:
    # The length is checked by the service, so that an over-long note comes back whole with
    # the reason beside it rather than cut by the browser.
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        error_messages={"required": _("Write this note: it goes on the record.")},
        widget=forms.Textarea(attrs={"rows": 3, "data-max-length": NOTE_MAX_LENGTH}),
    )


class ReportForm(forms.Form):
    category = forms.ChoiceField(
        label=_("What is wrong?"),
        choices=Category.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what is wrong.")},
    )
    note = _note(
        _("Tell the moderators more"),
        required=True,
        help_text=_("Only the moderators read this. Up to 1,000 characters."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["note"].error_messages["required"] = _(
            "Say in a few words what is wrong, for the moderators."
        )


class ActionForm(forms.Form):
    """Every action form carries the case's revision, so that a second moderator acting on
    what they saw earlier is told instead of acting twice."""

    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    note = _note(_("Note for the record"), required=False)

    # What the action needs comes first, the note last.
    field_order = ["revision", "category", "text", "community", "days", "note"]


class DismissForm(ActionForm):
    pass


class RemoveForm(ActionForm):
    category = forms.ChoiceField(
        label=_("Guideline it breaks"),
        choices=[("", pgettext_lazy("choice", "Choose…")), *Category.choices],
        error_messages={"required": _("Choose the guideline it breaks.")},
    )
    note = _note(
        _("Note to the author"),
        required=False,
        help_text=_("The author receives the reason in their language, with this note."),
    )


class RestoreForm(ActionForm):
    pass


class EditForm(ActionForm):
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}))
    note = _note(_("Why you changed it"), required=True)


class CloseForm(ActionForm):
    note = _note(
        _("Why the thread is closed"),
        required=True,
        help_text=_("Shown at the top of the thread."),
    )


class MoveForm(ActionForm):
    community = forms.TypedChoiceField(label=_("Move the thread to"), coerce=int, choices=())

    def __init__(self, *args: Any, communities: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["community"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            ("", pgettext_lazy("choice", "Choose…")),
            *((community.pk, community.name) for community in communities),
        ]
        self.fields["community"].error_messages["required"] = _(
            "Choose a community that you moderate as well."
        )


class WarnForm(ActionForm):
    note = _note(_("The warning the author will read"), required=True)


class SuspendForm(ActionForm):
    days = forms.IntegerField(
        label=_("Days"), initial=7, min_value=1, max_value=SUSPENSION_MAX_DAYS
    )
    note = _note(_("Reason the person will read"), required=True)


class BanForm(ActionForm):
    note = _note(_("Reason the person will read"), required=True)


class UndoForm(forms.Form):
    note = _note(_("Note for the record"), required=False)

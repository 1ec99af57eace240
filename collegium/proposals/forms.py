from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from collegium.communities.models import Community
from collegium.editor.forms import EditorTextarea, MarkdownField, WritingFormMixin
from collegium.proposals.choices import (
    TRANSITIONS,
    ProposalLanguage,
    ProposalSort,
    ProposalStatus,
)
from collegium.proposals.models import (
    BODY_MAX_LENGTH,
    REASON_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Proposal,
)


class ProposalFilterForm(forms.Form):
    """The list's order and filters, from the address; anything malformed means the defaults."""

    sort = forms.ChoiceField(
        label=pgettext_lazy("proposal list", "Sort by"),
        choices=ProposalSort.choices,
        required=False,
    )
    status = forms.ChoiceField(
        label=pgettext_lazy("proposal list", "Status"),
        choices=[("", pgettext_lazy("proposal status", "Any status")), *ProposalStatus.choices],
        required=False,
    )
    community = forms.SlugField(required=False, max_length=80, widget=forms.HiddenInput)
    cursor = forms.CharField(required=False, max_length=60, widget=forms.HiddenInput)


class ProposalForm(WritingFormMixin, forms.Form):
    """A proposal on a policy issue, written with the one editor (EN-2, CT-4)."""

    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX_LENGTH,
        widget=forms.TextInput(attrs={"data-editor-title": ""}),
        error_messages={"required": _("Give the proposal a title.")},
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=SUMMARY_MAX_LENGTH,
        help_text=_("One or two sentences: what you propose and why. Shown in the list."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Sum up the proposal in one or two sentences.")},
    )
    body = MarkdownField(
        label=pgettext_lazy("form field", "The proposal"),
        max_length=BODY_MAX_LENGTH,
        help_text=_("The issue, what the association should do, and the evidence for it."),
        widget=EditorTextarea,
        error_messages={"required": _("Write the proposal before you submit it.")},
    )
    language = forms.ChoiceField(
        label=_("Language of the proposal"),
        choices=ProposalLanguage.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the language the proposal is written in.")},
    )
    community = forms.ChoiceField(
        label=_("Community"),
        required=False,
        help_text=_(
            "Leave it empty for a proposal everyone signed in can read. A community's "
            "proposal is read by its participants only."
        ),
    )
    submitted_for_community = forms.BooleanField(
        label=_("Submit it on behalf of the community"),
        required=False,
        help_text=_("For the community's leaders: it shows as submitted by the community."),
    )

    def __init__(
        self,
        *args: Any,
        communities: Sequence[tuple[Community, bool]] = (),
        may_submit_alone: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.communities = {community.slug: community for community, _leads in communities}
        self.led = {community.slug for community, leads in communities if leads}
        community_field = self.fields["community"]
        assert isinstance(community_field, forms.ChoiceField)
        if communities:
            empty = (
                _("None: for everyone signed in") if may_submit_alone else _("Choose a community")
            )
            community_field.choices = [
                ("", empty),
                *[(community.slug, community.name) for community, _leads in communities],
            ]
            if not may_submit_alone:
                community_field.required = True
                community_field.error_messages["required"] = _(
                    "Choose the community the proposal is submitted for."
                )
        else:
            del self.fields["community"]
        if not any(leads for _community, leads in communities):
            del self.fields["submitted_for_community"]
        elif not may_submit_alone:
            # Leaders who are not members submit only on their community's behalf.
            self.fields["submitted_for_community"].initial = True
            self.fields["submitted_for_community"].widget = forms.HiddenInput()

    def clean_community(self) -> Community | None:
        slug = self.cleaned_data.get("community") or ""
        return self.communities.get(slug)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        community = cleaned.get("community")
        if cleaned.get("submitted_for_community"):
            if community is None:
                self.add_error(
                    "community", _("Choose the community the proposal is submitted for.")
                )
            elif community.slug not in self.led:
                self.add_error(
                    "submitted_for_community",
                    _("Only this community's leaders can submit a proposal on its behalf."),
                )
        self.check_health_information(
            cleaned.get("title", ""), cleaned.get("summary", ""), cleaned.get("body", "")
        )
        return cleaned


class StatusChangeForm(forms.Form):
    """Staff move a proposal to its next status, with the reason everyone will read (EN-2)."""

    status = forms.ChoiceField(
        label=pgettext_lazy("proposal", "New status"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the new status."),
            "invalid_choice": _("The proposal cannot move to that status from where it is."),
        },
    )
    reason = forms.CharField(
        label=_("Reason, shown publicly"),
        max_length=REASON_MAX_LENGTH,
        help_text=_("Everyone who can read the proposal sees it in the proposal's history."),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _(
                "Give the reason for this change: it is shown publicly with the new status."
            )
        },
    )
    # The status the person saw: a change made meanwhile by someone else is not overwritten.
    from_status = forms.ChoiceField(
        choices=ProposalStatus.choices, required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, proposal: Proposal, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("from_status", proposal.status)
        super().__init__(*args, **kwargs)
        # The moves offered from the status the person saw: when it changed meanwhile, the
        # service says so rather than the choice being refused as unknown.
        seen = self.data.get("from_status") if self.is_bound else None
        if seen not in TRANSITIONS:
            seen = proposal.status
        status_field = self.fields["status"]
        assert isinstance(status_field, forms.ChoiceField)
        status_field.choices = [
            (status, ProposalStatus(status).label) for status in TRANSITIONS[seen]
        ]

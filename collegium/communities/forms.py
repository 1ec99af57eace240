from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from collegium.accounts.choices import UserType
from collegium.accounts.services import tags_from_text
from collegium.communities.choices import CommunityKind, Role
from collegium.communities.models import Community, CommunityProposal
from collegium.core.images import megabytes, process_photo

PHOTO_MAX_BYTES = 5 * 1024 * 1024


class DirectoryFilterForm(forms.Form):
    tag = forms.CharField(label=_("Topic"), required=False, max_length=60)
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("Any language")), ("en", _("English")), ("fr", _("French"))],
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("Any kind")), *CommunityKind.choices],
    )
    can_join = forms.BooleanField(label=_("Only communities I can join"), required=False)


class JoinForm(forms.Form):
    accept_rules = forms.BooleanField(
        label=_("I have read and accept this community's rules of engagement."), required=True
    )


class JoinRequestForm(JoinForm):
    message = forms.CharField(
        label=_("Message to the leaders"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why you would like to join, in a sentence or two."),
    )
    field_order = ["message", "accept_rules"]


class RulesAcceptForm(forms.Form):
    """Accept the version of a community's rules that was shown (MO-4)."""

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class DecisionReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, sent to the person"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class BanForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the ban"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class InvitationForm(forms.Form):
    target = forms.CharField(
        label=_("Username or email address"),
        max_length=254,
        help_text=_("Someone without an account receives a link to register and join."),
    )


def audience_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("Who may take part"),
        choices=UserType.choices,
        widget=forms.CheckboxSelectMultiple,
    )


class CommunityForm(forms.ModelForm):
    """Settings of a community, by its leaders or staff (CO-1, CO-3)."""

    audience = audience_field()
    tags_text = forms.CharField(
        label=_("Topics"),
        required=False,
        max_length=600,
        help_text=_("Separate topics with commas."),
    )
    cover_upload = forms.FileField(
        label=_("Cover image"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    # MO-4: shown to participants with the new rules, and in the rules' history.
    rules_note = forms.CharField(
        label=_("What changed in the rules"),
        required=False,
        max_length=300,
        help_text=_(
            "A sentence for participants, shown with the new rules when they accept them. "
            "Used only when the rules change."
        ),
    )

    class Meta:
        model = Community
        fields = [
            "name_en", "name_fr", "description_en", "description_fr", "objectives_en",
            "objectives_fr", "who_participates_en", "who_participates_fr", "rules_en",
            "rules_fr", "language", "joining", "visibility", "blog_is_public",
            "participants_may_upload",
        ]  # fmt: skip
        widgets = {
            field: forms.Textarea(attrs={"rows": 4})
            for field in [
                "description_en", "description_fr", "objectives_en", "objectives_fr",
                "who_participates_en", "who_participates_fr", "rules_en", "rules_fr",
            ]
        }  # fmt: skip

    def __init__(self, *args: Any, bilingual_required: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cover_upload"].help_text = _(
            "JPEG, PNG or WebP, up to %(megabytes)s MB. We remove its metadata and resize it."
        ) % {"megabytes": megabytes(PHOTO_MAX_BYTES)}
        for field in ("name", "description"):
            for language in ("en", "fr"):
                self.fields[f"{field}_{language}"].required = bilingual_required
        if self.instance.pk and not self.is_bound:
            self.fields["audience"].initial = sorted(self.instance.audience_types)
            self.fields["tags_text"].initial = ", ".join(t.name for t in self.instance.tags.all())
        if self.instance.pk:
            # Right after the rules it describes.
            note = self.fields.pop("rules_note")
            fields = list(self.fields.items())
            position = [name for name, _field in fields].index("rules_fr") + 1
            self.fields = dict([*fields[:position], ("rules_note", note), *fields[position:]])
        else:
            # A new community's first rules need no note.
            del self.fields["rules_note"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not (cleaned.get("name_en") or cleaned.get("name_fr")):
            self.add_error("name_en", _("Give the community a name in at least one language."))
        if not (cleaned.get("description_en") or cleaned.get("description_fr")):
            self.add_error("description_en", _("Describe the community in at least one language."))
        return cleaned

    def clean_cover_upload(self) -> Any:
        upload = self.cleaned_data.get("cover_upload")
        self.processed_cover = (
            process_photo(upload, max_side=1600, max_bytes=PHOTO_MAX_BYTES) if upload else None
        )
        return upload

    def clean_tags_text(self) -> list[Any]:
        return tags_from_text(self.cleaned_data.get("tags_text", ""))


class ProposalForm(forms.ModelForm):
    """A member-led community proposed to staff (CO-2)."""

    audience = audience_field()

    class Meta:
        model = CommunityProposal
        fields = ["name", "description", "objectives", "who_participates", "language", "joining"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "objectives": forms.Textarea(attrs={"rows": 3}),
            "who_participates": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class ProposalReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            ("approved", _("Approve: create the community with the proposers as leaders")),
            ("changes", _("Ask for changes")),
            ("declined", _("Decline")),
        ],
    )
    message = forms.CharField(
        label=_("Message to the proposers"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

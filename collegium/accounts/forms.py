from __future__ import annotations

import contextlib
from typing import Any

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from collegium.accounts import selectors, services
from collegium.accounts.choices import MEMBER_TYPES, Audience, UserType
from collegium.accounts.models import PROFILE_FIELDS_WITH_AUDIENCE, Profile, User
from collegium.core.images import megabytes, process_photo


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def user_type_choices() -> list[tuple[str, Any]]:
    """Members first; non-member types only where the platform lets them register (ID-1)."""
    if settings.COLLEGIUM["NON_MEMBERS_MAY_REGISTER"]:
        return list(UserType.choices)
    return [(value, label) for value, label in UserType.choices if value in MEMBER_TYPES]


class SignupForm(AllauthSignupForm):
    """Email and password (allauth), who you are, member ID and terms (ID-1 to ID-3, ID-6)."""

    user_type = forms.ChoiceField(
        label=_("I am"), widget=forms.RadioSelect, choices=user_type_choices
    )
    member_id = forms.CharField(
        label=_("Member ID"),
        required=False,
        max_length=30,
        help_text=_("Physicians and medical learners: the number on your membership card."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    # MO-4: the community guidelines are accepted with the terms.
    accept_terms = forms.BooleanField(
        label=_("I accept the terms of use, the privacy policy and the community guidelines."),
        required=True,
    )

    field_order = ["email", "password1", "password2", "user_type", "member_id", "accept_terms"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member_id"].label = _sentence_case(services.member_id_label())

    def clean_user_type(self) -> str:
        user_type = self.cleaned_data["user_type"]
        if user_type not in MEMBER_TYPES and not settings.COLLEGIUM["NON_MEMBERS_MAY_REGISTER"]:
            raise ValidationError(
                _("Only members of the association can register on this platform."),
                code="members_only",
            )
        return str(user_type)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        user_type = cleaned.get("user_type")
        member_id = cleaned.get("member_id", "")
        if user_type in MEMBER_TYPES:
            if not member_id:
                self.add_error(
                    "member_id",
                    ValidationError(
                        _("Physicians and medical learners must give their %(label)s."),
                        code="required",
                        params={"label": services.member_id_label()},
                    ),
                )
            else:
                try:
                    cleaned["member_id"] = services.member_id_validate(member_id)
                except ValidationError as error:
                    self.add_error("member_id", error)
                else:
                    problem = services.member_id_problem(cleaned["member_id"])
                    if problem is not None:
                        self.add_error("member_id", problem)
        return cleaned

    def save(self, request: Any) -> User:
        user: User = super().save(request)
        user.user_type = self.cleaned_data["user_type"]
        user.save(update_fields=["user_type"])
        services.consent_record(user=user, versions=selectors.consent_versions_current())
        services.guidelines_accept(user=user)
        member_id = self.cleaned_data.get("member_id")
        if user.user_type in MEMBER_TYPES and member_id:
            # Checked in clean(); a race with another sign-up leaves the banner to explain.
            with contextlib.suppress(ValidationError):
                services.member_claim_submit(user=user, member_id=member_id)
        return user


class MemberClaimForm(forms.Form):
    member_id = forms.CharField(label=_("Member ID"), max_length=30)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["member_id"].label = _sentence_case(services.member_id_label())

    def clean_member_id(self) -> str:
        return services.member_id_validate(self.cleaned_data["member_id"])


class ClaimRejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, sent to the person"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )


class UsernameForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=30)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_username(self) -> str:
        return services.username_validate(self.cleaned_data["username"], user=self.user)


AUDIENCE_FIELD_LABELS = {
    "photo": _("Who may see your photo"),
    "background": _("Who may see your background"),
    "interests": _("Who may see your interests"),
    "province": _("Who may see your province or territory"),
    "specialty": _("Who may see your specialty"),
    "conflict_of_interest": _("Who may see your conflict-of-interest disclosure"),
}


class ProfileForm(forms.ModelForm):
    interests_text = forms.CharField(
        label=_("Interests"),
        required=False,
        max_length=600,
        help_text=_("Separate topics with commas, for example: rural medicine, wellness."),
    )
    photo_upload = forms.FileField(
        label=_("Photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_photo = forms.BooleanField(label=_("Remove my photo"), required=False)
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=[("en", "English"), ("fr", "Français")],
        help_text=_("Used for the site after you sign in, and for every email we send you."),
    )

    class Meta:
        model = Profile
        fields = ["display_name", "background", "province", "specialty", "conflict_of_interest"]
        widgets = {
            "background": forms.Textarea(attrs={"rows": 5}),
            "conflict_of_interest": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "conflict_of_interest": pgettext_lazy(
                "profile",
                "Relationships with industry or organisations that others should know about.",
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        profile: Profile = self.instance
        self.processed_photo: ContentFile[bytes] | None = None
        self.fields["photo_upload"].help_text = _(
            "JPEG, PNG or WebP, up to %(megabytes)s MB. We remove its metadata and resize it."
        ) % {"megabytes": megabytes(settings.COLLEGIUM["PROFILE_PHOTO_MAX_BYTES"])}
        for field in PROFILE_FIELDS_WITH_AUDIENCE:
            self.fields[f"audience_{field}"] = forms.ChoiceField(
                label=AUDIENCE_FIELD_LABELS[field],
                choices=Audience.choices,
                initial=profile.audience_of(field),
            )
        # Each "who may see" choice sits right after the field it is about.
        self.order_fields(
            [
                "display_name", "photo_upload", "remove_photo", "audience_photo",
                "background", "audience_background", "interests_text", "audience_interests",
                "province", "audience_province", "specialty", "audience_specialty",
                "conflict_of_interest", "audience_conflict_of_interest", "preferred_language",
            ]
        )  # fmt: skip
        if not self.is_bound:
            self.fields["interests_text"].initial = ", ".join(
                tag.name for tag in profile.interests.all()
            )
            self.fields["preferred_language"].initial = profile.user.preferred_language

    def clean_photo_upload(self) -> Any:
        upload = self.cleaned_data.get("photo_upload")
        if upload:
            self.processed_photo = process_photo(
                upload, max_bytes=settings.COLLEGIUM["PROFILE_PHOTO_MAX_BYTES"]
            )
        return upload

    def clean_interests_text(self) -> list[Any]:
        return services.tags_from_text(self.cleaned_data.get("interests_text", ""))

    def save_profile(self, *, user: User) -> Profile:
        data = self.cleaned_data
        return services.profile_update(
            user=user,
            display_name=data["display_name"],
            background=data["background"],
            interests=data["interests_text"],
            province=data["province"],
            specialty=data["specialty"],
            conflict_of_interest=data["conflict_of_interest"],
            preferred_language=data["preferred_language"],
            visibility={f: data[f"audience_{f}"] for f in PROFILE_FIELDS_WITH_AUDIENCE},
            photo=self.processed_photo,
            remove_photo=bool(data.get("remove_photo")),
        )


class ConsentForm(forms.Form):
    accept = forms.BooleanField(
        label=_("I accept the terms of use and the privacy policy."), required=True
    )

    def __init__(self, *args: Any, with_guidelines: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if with_guidelines:
            # MO-4: an account made through single sign-on accepts the guidelines here.
            self.fields["accept"].label = _(
                "I accept the terms of use, the privacy policy and the community guidelines."
            )


class GuidelinesAcceptForm(forms.Form):
    """Accept the version of the community guidelines that was shown (MO-4)."""

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class AccountDeleteForm(forms.Form):
    KEEP = "keep"
    ERASE = "erase"
    content = forms.ChoiceField(
        label=_("What happens to what you wrote"),
        widget=forms.RadioSelect,
        choices=[
            (KEEP, _("Keep my posts and comments, shown under “former member”")),
            (ERASE, _("Erase my posts and comments")),
        ],
    )
    confirm_email = forms.EmailField(label=_("Type your email address to confirm"))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_confirm_email(self) -> str:
        email = self.cleaned_data["confirm_email"]
        if email.strip().lower() != self.user.email.lower():
            raise ValidationError(
                _("This is not the email address of your account."), code="mismatch"
            )
        return str(email)

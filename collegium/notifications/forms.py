"""The forms of the preferences page and of the follow control (NO-2)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from collegium.notifications.choices import Category, Frequency
from collegium.notifications.selectors import EMAIL_CATEGORIES, Follow, tags_to_follow

FREQUENCY_ERROR = _("Choose how often to hear of it.")


class FrequencyField(forms.ChoiceField):
    """Every time, daily digest, weekly digest or nothing."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("choices", Frequency.choices)
        kwargs.setdefault("label", pgettext_lazy("follow", "Email me"))
        kwargs.setdefault(
            "error_messages", {"invalid_choice": FREQUENCY_ERROR, "required": FREQUENCY_ERROR}
        )
        super().__init__(**kwargs)


class FollowsForm(forms.Form):
    """A frequency for each of the person's follows, in one form."""

    def __init__(self, follows: Sequence[Follow], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.follows = list(follows)
        for follow in self.follows:
            # Not required: a follow added in another tab since the page was loaded has no
            # value here, and stays as it is.
            self.fields[self.field_name(follow)] = FrequencyField(
                label=follow.name, required=False, initial=follow.frequency
            )

    @staticmethod
    def field_name(follow: Follow) -> str:
        return f"follow_{follow.pk}"

    def rows(self) -> Iterator[tuple[Follow, forms.BoundField]]:
        for follow in self.follows:
            yield follow, self[self.field_name(follow)]

    def frequencies(self) -> dict[int, str]:
        return {
            follow.pk: self.cleaned_data[self.field_name(follow)]
            for follow in self.follows
            if self.cleaned_data.get(self.field_name(follow))
        }


class EmailPreferencesForm(forms.Form):
    """How often to hear by email of each category of what concerns the person."""

    follow_threads_i_post_in = forms.BooleanField(
        label=_("Follow the discussions I start or reply to"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        categories = {}
        for category in EMAIL_CATEGORIES:
            categories[category.value] = FrequencyField(label=Category(category).label)
        # The categories first, the checkbox last.
        self.fields = {
            **categories,
            "follow_threads_i_post_in": self.fields.pop("follow_threads_i_post_in"),
        }

    def category_fields(self) -> list[forms.BoundField]:
        return [self[category.value] for category in EMAIL_CATEGORIES]

    def frequencies(self) -> dict[str, str]:
        return {category.value: self.cleaned_data[category.value] for category in EMAIL_CATEGORIES}


class TagFollowForm(forms.Form):
    """Follow one of the platform's tags."""

    tag = forms.ModelChoiceField(
        label=_("Tag"),
        queryset=tags_to_follow(),
        to_field_name="slug",
        empty_label=_("Choose a tag"),
        error_messages={
            "required": _("Choose a tag."),
            "invalid_choice": _("Choose a tag from the list."),
        },
    )
    frequency = FrequencyField(initial=Frequency.INSTANT)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "tag")
        super().__init__(*args, **kwargs)


FOLLOW_TARGETS = [
    ("community", pgettext_lazy("followed item", "Community")),
    ("blog", pgettext_lazy("followed item", "Blog")),
    ("thread", pgettext_lazy("followed item", "Discussion")),
    ("tag", pgettext_lazy("followed item", "Tag")),
]


class FollowForm(forms.Form):
    """The follow control: what to follow and how often to hear of it. The frequency is the
    service's to check, so that a page, the API and a script refuse the same values."""

    target = forms.ChoiceField(choices=FOLLOW_TARGETS)
    id = forms.IntegerField(min_value=1)
    frequency = forms.CharField(required=False, max_length=20)

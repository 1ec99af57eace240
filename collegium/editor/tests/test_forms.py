"""The warning before publishing personal health information, and the editor's hidden fields."""

import uuid

import pytest
from django import forms
from django.template.loader import render_to_string

from collegium.editor.forms import MarkdownField, WritingFormMixin
from collegium.editor.health_information import Finding, FindingKind

PHONE_TEXT = "Call the patient back at 613-555-0199 about the results."


class ReplyForm(WritingFormMixin, forms.Form):
    body = MarkdownField(label="Your reply", max_length=2000)

    def clean(self):
        cleaned = super().clean()
        self.check_health_information(cleaned.get("body", ""))
        return cleaned


class TitledForm(WritingFormMixin, forms.Form):
    title = forms.CharField(max_length=100)
    body = forms.CharField(widget=forms.Textarea)

    def clean(self):
        cleaned = super().clean()
        self.check_health_information(cleaned.get("title", ""), cleaned.get("body", ""))
        return cleaned


def test_text_that_looks_like_health_information_stops_the_form_with_a_warning():
    form = ReplyForm({"body": PHONE_TEXT})

    assert not form.is_valid()
    assert form.has_error("__all__", code="health_information")
    assert "personal health information" in form.non_field_errors()[0]
    assert [finding.kind for finding in form.health_findings] == [FindingKind.PHONE]
    assert form.has_health_warning


def test_publish_anyway_lets_the_same_text_through_and_keeps_the_findings():
    form = ReplyForm({"body": PHONE_TEXT, "publish_anyway": "on"})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["publish_anyway"] is True
    assert form.health_findings
    assert not form.has_health_warning


def test_publish_anyway_counts_wherever_the_hidden_input_is_in_the_form():
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    data.setlist("publish_anyway", ["", "on"])
    data["body"] = PHONE_TEXT

    assert ReplyForm(data).is_valid()
    data.setlist("publish_anyway", ["on", ""])
    assert ReplyForm(data).is_valid()


def test_the_confirmation_is_not_carried_to_the_next_submission():
    form = ReplyForm({"body": PHONE_TEXT, "publish_anyway": "on"})
    form.is_valid()

    rendered = str(form["publish_anyway"])
    assert 'type="hidden"' in rendered
    assert 'value="True"' not in rendered
    assert 'value="on"' not in rendered


def test_clean_text_passes_without_findings():
    form = ReplyForm({"body": "The meeting is on Tuesday; bring the agenda."})

    assert form.is_valid()
    assert form.health_findings == []


def test_every_text_given_is_checked(monkeypatch):
    seen = []

    def fake_find(text):
        seen.append(text)
        return [Finding(kind=FindingKind.EMAIL, excerpt="a•••@x.ca", start=0, end=5)]

    monkeypatch.setattr("collegium.editor.forms.find_health_information", fake_find)
    form = TitledForm({"title": "A title", "body": "A body"})

    assert not form.is_valid()
    assert seen == ["A title", "A body"]
    assert len(form.health_findings) == 2


def test_a_submission_key_is_offered_and_kept_across_a_refusal():
    blank = ReplyForm()
    key = uuid.UUID(str(blank["submission_key"].value()))
    assert ReplyForm()["submission_key"].value() != key

    form = ReplyForm({"body": PHONE_TEXT, "submission_key": str(key)})
    form.is_valid()

    assert f'value="{key}"' in str(form["submission_key"])
    assert form.cleaned_data["submission_key"] == key


def test_a_form_sent_without_a_submission_key_still_gets_one():
    form = ReplyForm({"body": "Hello"})

    assert form.is_valid()
    assert isinstance(form.cleaned_data["submission_key"], uuid.UUID)


def test_the_mixin_works_with_a_model_form(participant):
    from collegium.editor.models import Draft

    class DraftForm(WritingFormMixin, forms.ModelForm):
        class Meta:
            model = Draft
            fields = ["title", "body"]

        def clean(self):
            cleaned = super().clean()
            self.check_health_information(cleaned.get("body", ""))
            return cleaned

    form = DraftForm({"title": "T", "body": PHONE_TEXT}, instance=Draft(user=participant, key="k"))

    assert not form.is_valid()
    assert form.has_health_warning
    assert set(form.fields) == {"title", "body", "submission_key", "publish_anyway"}


def test_a_markdown_field_limits_the_length_and_counts_line_breaks_once():
    field = MarkdownField(max_length=10)

    assert field.clean("12345\r\n789") == "12345\n789"
    with pytest.raises(forms.ValidationError):
        field.clean("x" * 11)
    assert field.widget_attrs(field.widget)["maxlength"] == "10"


def test_the_warning_lists_what_was_found_masked_with_edit_and_publish_anyway():
    form = ReplyForm({"body": PHONE_TEXT})
    form.is_valid()

    html = render_to_string("editor/health_warning.html", {"form": form, "field": form["body"]})

    assert 'role="alert"' in html
    assert "A phone number" in html
    assert "613-555-0199" not in html
    assert "•" in html
    assert 'href="#id_body"' in html
    assert 'name="publish_anyway" value="on"' in html
    assert "Publish anyway" in html


def test_the_warning_is_not_shown_for_other_errors():
    form = ReplyForm({"body": ""})
    form.is_valid()

    assert render_to_string("editor/health_warning.html", {"form": form}).strip() == ""

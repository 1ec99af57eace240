import uuid

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from collegium.comments.forms import CommentForm
from collegium.comments.models import COMMENT_MAX_LENGTH
from collegium.comments.services import comment_clean_body


def test_a_comment_form_needs_text():
    form = CommentForm({"body": "   ", "submission_key": str(uuid.uuid4())})
    assert not form.is_valid()
    assert "body" in form.errors


def test_a_comment_form_refuses_text_over_the_limit():
    form = CommentForm({"body": "a" * (COMMENT_MAX_LENGTH + 1)})
    assert not form.is_valid()
    assert "body" in form.errors


def test_a_comment_form_gives_itself_a_submission_key_when_sent_without_one():
    form = CommentForm({"body": "Thank you for this post."})
    assert form.is_valid()
    assert isinstance(form.cleaned_data["submission_key"], uuid.UUID)


def test_a_comment_that_looks_like_health_information_is_stopped_until_confirmed():
    text = "My patient Jane Roe, born 1962-03-14, health card 1234-567-890, is better."
    form = CommentForm({"body": text})
    assert not form.is_valid()
    assert form.has_health_warning
    confirmed = CommentForm({"body": text, "publish_anyway": "on"})
    assert confirmed.is_valid()


def test_the_service_refuses_an_empty_comment_with_a_message_next_to_the_text():
    with pytest.raises(ValidationError) as caught:
        comment_clean_body(" \r\n ")
    assert caught.value.error_dict["body"][0].code == "required"


def test_the_service_refuses_an_over_long_comment_in_the_readers_language():
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        comment_clean_body("b" * (COMMENT_MAX_LENGTH + 5))
    error = caught.value.error_dict["body"][0]
    assert error.code == "max_length"
    assert "5,005" in error.messages[0]


def test_the_service_keeps_line_breaks_as_one_character():
    assert comment_clean_body("one\r\ntwo\r\n") == "one\ntwo"

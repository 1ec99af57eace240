"""The consultation pages: who sees what (a 404 for everyone else, the sign-in for people signed
out), and bad input answered next to the field with what was typed kept (EN-1)."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from collegium.accounts.choices import UserType
from collegium.accounts.tests.factories import UserFactory
from collegium.consultations import services
from collegium.consultations.choices import ConsultationStatus
from collegium.consultations.models import Consultation, ConsultationComment
from collegium.consultations.tests.build import draft_of, make_consultation, make_open, texts
from collegium.core import sample_media
from collegium.editor.models import Draft
from collegium.questionnaires import services as questionnaire_services
from collegium.questionnaires.tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def unverified(db):
    """A physician whose member ID is not verified: a member of the public (ID-3)."""
    return UserFactory(username="dr-unverified", user_type=UserType.PHYSICIAN)


@pytest.fixture
def consultation(staff):
    return make_open(staff)


def _pdf(name="draft.pdf"):
    return SimpleUploadedFile(
        name, sample_media.pdf_document("Draft", ["The full draft."]), "application/pdf"
    )


def _status(client, user, url, method="get"):
    client.logout()
    if user is not None:
        client.force_login(user)
    return getattr(client, method)(url).status_code


def test_who_sees_each_page_of_a_platform_wide_consultation(
    client, staff, physician, learner, patient, unverified
):
    consultation = make_open(staff)
    document = services.document_add(
        actor=staff, consultation=consultation, upload=_pdf(), title_en="Draft", title_fr="Projet"
    )
    slug = consultation.slug
    urls = {
        "list": reverse("consultations:list"),
        "create": reverse("consultations:create"),
        "detail": consultation.get_absolute_url(),
        "edit": reverse("consultations:edit", args=[slug]),
        "schedule": reverse("consultations:schedule", args=[slug]),
        "documents": reverse("consultations:documents", args=[slug]),
        "document": reverse("consultations:document", args=[slug, document.uuid, "draft.pdf"]),
        "document_delete": reverse("consultations:document_delete", args=[slug, document.uuid]),
        "what_we_heard": reverse("consultations:what_we_heard", args=[slug]),
    }
    #        page:              staff physician learner patient unverified anonymous
    expected = {
        "list": (200, 200, 200, 200, 200, 302),
        "create": (200, 404, 404, 404, 404, 302),
        "detail": (200, 200, 200, 404, 404, 302),
        "edit": (200, 404, 404, 404, 404, 302),
        "schedule": (200, 404, 404, 404, 404, 302),
        "documents": (200, 404, 404, 404, 404, 302),
        "document": (200, 200, 200, 404, 404, 302),
        "document_delete": (200, 404, 404, 404, 404, 302),
        "what_we_heard": (200, 404, 404, 404, 404, 302),
    }
    people = (staff, physician, learner, patient, unverified, None)
    found = {page: tuple(_status(client, person, urls[page]) for person in people) for page in urls}
    assert found == expected


def test_a_community_consultation_is_for_its_participants_in_the_audience(
    client, staff, community, participant, physician
):
    consultation = make_open(staff, community=community)
    client.force_login(participant)
    assert client.get(consultation.get_absolute_url()).status_code == 200
    assert consultation.heading in client.get(community.get_absolute_url()).content.decode()
    client.force_login(physician)  # a member, in the audience, but not in the community
    assert client.get(consultation.get_absolute_url()).status_code == 404
    assert consultation.heading not in client.get(reverse("consultations:list")).content.decode()


def test_consultations_in_preparation_are_for_staff_only(client, staff, physician):
    consultation = make_consultation(staff)
    client.force_login(physician)
    assert client.get(consultation.get_absolute_url()).status_code == 404
    client.force_login(staff)
    page = client.get(reverse("consultations:list")).content.decode()
    assert consultation.heading in page
    assert "In preparation" in page


def test_the_list_shows_open_ones_closing_soonest_then_closed_ones(client, staff, physician):
    later = make_open(staff, title_en="Closes later", lasts=timedelta(days=60))
    sooner = make_open(staff, title_en="Closes sooner", lasts=timedelta(days=3))
    closed = services.consultation_close_now(
        actor=staff, consultation=make_open(staff, title_en="Already closed")
    )
    services.what_we_heard_publish(
        actor=staff, consultation=closed, text_en="Heard.", text_fr="Entendu."
    )
    client.force_login(physician)
    page = client.get(reverse("consultations:list")).content.decode()
    assert page.index(sooner.title_en) < page.index(later.title_en) < page.index("Already closed")
    assert "What we heard is published" in page
    assert "Physician, Medical learner" in page
    open_only = client.get(reverse("consultations:list"), {"status": "open"}).content.decode()
    assert "Already closed" not in open_only


def test_the_draft_is_shown_side_by_side_or_in_one_language(client, staff, physician):
    consultation = make_open(staff)
    client.force_login(physician)
    both = client.get(consultation.get_absolute_url()).content.decode()
    assert 'lang="en"><p>Paragraph 1 of the draft.</p>' in both
    assert 'lang="fr"><p>Paragraphe 1 of the draft.</p>' in both
    french = client.get(consultation.get_absolute_url(), {"display": "fr"}).content.decode()
    assert "Paragraphe 2 of the draft." in french
    assert "<p>Paragraph 2 of the draft.</p>" not in french
    odd = client.get(consultation.get_absolute_url(), {"display": "<script>"})
    assert odd.status_code == 200
    assert "<script>" not in odd.content.decode().split("<main", 1)[1]


def test_the_page_shows_status_audience_documents_and_the_call_to_give_feedback(
    client, staff, physician
):
    consultation = make_open(staff)
    services.document_add(
        actor=staff, consultation=consultation, upload=_pdf(), title_en="Full", title_fr="Complet"
    )
    client.force_login(physician)
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "Open until" in page
    assert "Physician, Medical learner" in page
    assert "Full" in page and "PDF" in page
    # No question yet: no call to give confidential feedback.
    assert reverse("consultations:respond", args=[consultation.slug]) not in page
    QuestionFactory(questionnaire=consultation.questionnaire)
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert reverse("consultations:respond", args=[consultation.slug]) in page
    assert "Give confidential feedback" in page
    assert reverse("consultations:edit", args=[consultation.slug]) not in page


def test_the_call_to_give_feedback_says_whether_it_is_started_or_sent(client, staff, physician):
    consultation = make_open(staff)
    question = QuestionFactory(questionnaire=consultation.questionnaire, kind="rating")
    client.force_login(physician)
    assert (
        "Give confidential feedback" in client.get(consultation.get_absolute_url()).content.decode()
    )

    questionnaire_services.response_save_draft(
        questionnaire=consultation.questionnaire, user=physician, data={question.field_name: "7"}
    )
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "Finish your confidential feedback" in page
    assert "saved as a draft" in page

    questionnaire_services.response_submit(
        questionnaire=consultation.questionnaire, user=physician, data={question.field_name: "7"}
    )
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "Change your confidential feedback" in page
    assert "you can change them until the consultation closes" in page


def test_staff_see_their_tools_and_analysts_the_results(client, staff, consultation):
    from django.contrib.auth.models import Permission

    client.force_login(staff)
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert reverse("consultations:edit", args=[consultation.slug]) in page
    assert reverse("consultations:form", args=[consultation.slug]) in page
    assert "The confidential form has no question yet" in page
    assert reverse("consultations:results", args=[consultation.slug]) not in page
    staff.user_permissions.add(Permission.objects.get(codename="analyse_responses"))
    staff = type(staff).objects.get(pk=staff.pk)
    client.force_login(staff)
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert reverse("consultations:results", args=[consultation.slug]) in page


# Creating and editing -------------------------------------------------------------------------


def _form_data(**overrides):
    values = texts()
    data = {key: value for key, value in values.items() if key != "audience"}
    data["audience"] = values["audience"]
    data["opens_at"] = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    data["closes_at"] = (timezone.localtime() + timedelta(days=20)).strftime("%Y-%m-%dT%H:%M")
    data.update(overrides)
    return data


def test_staff_create_a_consultation_from_the_form(client, staff, community):
    client.force_login(staff)
    response = client.post(reverse("consultations:create"), _form_data(community=str(community.pk)))
    consultation = Consultation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == consultation.get_absolute_url()
    assert consultation.community == community
    assert consultation.paragraphs.count() == 3
    assert consultation.status == ConsultationStatus.DRAFT


def test_mismatched_paragraphs_keep_both_texts_and_show_the_error_next_to_the_french_draft(
    client, staff
):
    client.force_login(staff)
    english, french = draft_of(12), draft_of(11, "fr")
    response = client.post(
        reverse("consultations:create"), _form_data(draft_en=english, draft_fr=french)
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert not Consultation.objects.exists()
    assert "The English draft has 12 paragraphs and the French one 11 paragraphs" in page
    assert 'id="id_draft_fr_error"' in page
    textarea = re.search(r'<textarea[^>]*name="draft_fr"[^>]*>', page)
    assert textarea is not None
    assert "id_draft_fr_error" in textarea.group(0)
    assert 'aria-invalid="true"' in textarea.group(0)
    assert "Paragraph 12 of the draft." in page
    assert "Paragraphe 11 of the draft." in page
    # The texts are kept as drafts too.
    assert Draft.objects.get(user=staff, key="consultations:new:fr").body == french


def test_a_comment_on_paragraphs_fixes_their_number_on_the_edit_form(
    client, staff, physician, consultation
):
    services.consultation_comment_add(
        actor=physician,
        consultation=consultation,
        paragraph=consultation.paragraphs.get(number=1),
        body="On one.",
    )
    client.force_login(staff)
    data = _form_data(draft_en=draft_of(4), draft_fr=draft_of(4, "fr"))
    data.pop("opens_at")  # disabled once opened: the form keeps the date
    response = client.post(reverse("consultations:edit", args=[consultation.slug]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "People have commented on paragraphs of this draft" in page
    assert "Paragraph 4 of the draft." in page
    assert consultation.paragraphs.count() == 3


def test_scheduling_from_its_page_and_the_reasons_it_is_refused(client, staff):
    consultation = make_consultation(staff, opens_in=None)
    client.force_login(staff)
    url = reverse("consultations:schedule", args=[consultation.slug])
    response = client.post(url, {"action": "schedule"})
    assert response.status_code == 200
    assert "Choose when the consultation opens before scheduling it." in response.content.decode()
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.DRAFT
    assert client.post(url, {"action": "explode"}).status_code == 404

    response = client.post(url, {"action": "open"})
    assert response.status_code == 200  # still no close date
    Consultation.objects.filter(pk=consultation.pk).update(
        closes_at=timezone.now() + timedelta(days=3)
    )
    assert client.post(url, {"action": "open"}).status_code == 302
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.OPEN
    assert client.post(url, {"action": "close"}).status_code == 302
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.CLOSED


# Comments -------------------------------------------------------------------------------------


def test_a_comment_on_a_paragraph_is_shown_beside_it(client, physician, consultation):
    client.force_login(physician)
    url = reverse("consultations:comment_add", args=[consultation.slug])
    response = client.post(url, {"body": "On the second **point**.", "paragraph": "2"})
    comment = ConsultationComment.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#{comment.anchor}")
    assert comment.paragraph.number == 2
    page = client.get(consultation.get_absolute_url()).content.decode()
    section = page.split('id="paragraph-2"', 1)[1].split('id="paragraph-3"', 1)[0]
    assert "On the second <strong>point</strong>." in section
    assert "1 comment on paragraph 2" in section


def test_a_general_comment_goes_at_the_end(client, physician, consultation):
    client.force_login(physician)
    url = reverse("consultations:comment_add", args=[consultation.slug])
    client.post(url, {"body": "On the whole draft."})
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "On the whole draft." in page.split('id="general-comments"', 1)[1]


def test_a_comment_on_a_paragraph_that_does_not_exist_is_a_404(client, physician, consultation):
    client.force_login(physician)
    url = reverse("consultations:comment_add", args=[consultation.slug])
    assert client.post(url, {"body": "Where?", "paragraph": "99"}).status_code == 404
    assert client.post(url, {"body": "Where?", "paragraph": "two"}).status_code == 404
    assert not ConsultationComment.objects.exists()


def test_a_comment_after_the_close_keeps_the_text_and_shows_the_reason(
    client, staff, physician, consultation
):
    client.force_login(physician)
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "Comment on paragraph 1" in page
    services.consultation_close_now(actor=staff, consultation=consultation)
    url = reverse("consultations:comment_add", args=[consultation.slug])
    response = client.post(url, {"body": "Sent just too late.", "paragraph": "1"})
    page = response.content.decode()
    assert response.status_code == 200
    assert not ConsultationComment.objects.exists()
    assert "Sent just too late." in page
    assert "answers can no longer be sent or changed" in page
    # The refused form is where it was sent from, open.
    section = page.split('id="paragraph-1"', 1)[1].split('id="paragraph-2"', 1)[0]
    assert "Sent just too late." in section
    assert "<details" in section and " open>" in section
    # Other paragraphs offer no form any more.
    assert "Comment on paragraph 2" not in page


def test_a_comment_from_someone_outside_the_audience_is_a_404(client, patient, consultation):
    client.force_login(patient)
    url = reverse("consultations:comment_add", args=[consultation.slug])
    assert client.post(url, {"body": "Let me in."}).status_code == 404


def test_a_comment_sent_after_the_session_expired_is_kept_through_the_sign_in(client, consultation):
    url = reverse("consultations:comment_add", args=[consultation.slug])
    response = client.post(url, {"body": "Kept for later.", "paragraph": "1"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not ConsultationComment.objects.exists()


def test_authors_edit_and_delete_their_comments_others_get_a_404(
    client, physician, second_physician, consultation
):
    comment = services.consultation_comment_add(
        actor=physician, consultation=consultation, paragraph=None, body="First try."
    )
    edit = reverse("consultations:comment_edit", args=[consultation.slug, comment.pk])
    delete = reverse("consultations:comment_delete", args=[consultation.slug, comment.pk])
    client.force_login(second_physician)
    assert client.get(edit).status_code == 404
    assert client.get(delete).status_code == 404
    client.force_login(physician)
    assert client.get(edit).status_code == 200
    response = client.post(edit, {"body": ""})
    assert response.status_code == 200
    assert 'id="id_body_error"' in response.content.decode()
    assert client.post(edit, {"body": "Second try."}).status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Second try."
    assert client.post(delete).status_code == 302
    comment.refresh_from_db()
    assert comment.deleted_at is not None
    # Someone else's comment on another consultation is not reachable through this one.
    other = make_open(consultation.created_by)
    mine = services.consultation_comment_add(
        actor=physician, consultation=other, paragraph=None, body="Elsewhere."
    )
    assert (
        client.get(
            reverse("consultations:comment_edit", args=[consultation.slug, mine.pk])
        ).status_code
        == 404
    )


def test_a_removed_comment_is_hidden_from_readers_and_shown_to_moderators(
    client, staff, physician, second_physician, moderator, consultation
):
    comment = services.consultation_comment_add(
        actor=physician, consultation=consultation, paragraph=None, body="Off topic rant."
    )
    ConsultationComment.objects.filter(pk=comment.pk).update(removed_at=timezone.now())
    client.force_login(second_physician)
    assert "Off topic rant." not in client.get(consultation.get_absolute_url()).content.decode()
    client.force_login(physician)
    assert "Off topic rant." in client.get(consultation.get_absolute_url()).content.decode()
    client.force_login(moderator)
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "Off topic rant." in page
    assert reverse("moderation:item", args=["consultation_comment", comment.pk]) in page


def test_comments_have_a_report_link_for_other_readers(
    client, physician, second_physician, consultation
):
    comment = services.consultation_comment_add(
        actor=physician, consultation=consultation, paragraph=None, body="Reportable."
    )
    client.force_login(second_physician)
    page = client.get(consultation.get_absolute_url()).content.decode()
    report = reverse("moderation:report", args=["consultation_comment", comment.pk])
    assert report in page
    assert client.get(report).status_code == 200


# What we heard --------------------------------------------------------------------------------


def test_what_we_heard_is_published_from_its_page_and_shown_on_the_consultation(
    client, staff, physician, consultation
):
    client.force_login(staff)
    url = reverse("consultations:what_we_heard", args=[consultation.slug])
    assert "published once the consultation has closed" in client.get(url).content.decode()
    services.consultation_close_now(actor=staff, consultation=consultation)
    response = client.post(url, {"what_we_heard_en": "We heard you.", "what_we_heard_fr": ""})
    assert response.status_code == 200
    assert 'id="id_what_we_heard_fr_error"' in response.content.decode()
    assert "We heard you." in response.content.decode()
    response = client.post(
        url, {"what_we_heard_en": "We heard you.", "what_we_heard_fr": "Nous vous avons entendus."}
    )
    assert response.status_code == 302
    client.force_login(physician)
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert 'id="what-we-heard"' in page
    assert "We heard you." in page and "Nous vous avons entendus." in page


def test_the_admin_pages_of_consultations_open(client, staff, physician, consultation):
    comment = services.consultation_comment_add(
        actor=physician, consultation=consultation, paragraph=None, body="Admin."
    )
    document = services.document_add(
        actor=staff, consultation=consultation, upload=_pdf(), title_en="Draft", title_fr="Projet"
    )
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    for url in (
        reverse("admin:consultations_consultation_changelist"),
        reverse("admin:consultations_consultation_change", args=[consultation.pk]),
        reverse("admin:consultations_consultationdocument_change", args=[document.pk]),
        reverse("admin:consultations_consultationcomment_change", args=[comment.pk]),
    ):
        assert client.get(url).status_code == 200, url

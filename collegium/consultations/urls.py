from django.urls import path
from django.utils.translation import pgettext_lazy

from collegium.consultations.views import pages, questionnaire, results

app_name = "consultations"

urlpatterns = [
    # The consultations, their draft and public comments, documents (pages.py).
    path(pgettext_lazy("URL", "consultations/"), pages.consultation_list, name="list"),
    path(pgettext_lazy("URL", "consultations/new/"), pages.consultation_create, name="create"),
    path(
        pgettext_lazy("URL", "consultations/<slug:slug>/"),
        pages.consultation_detail,
        name="detail",
    ),
    path(
        pgettext_lazy("URL", "consultations/<slug:slug>/edit/"),
        pages.consultation_edit,
        name="edit",
    ),
    path(
        pgettext_lazy("URL", "consultations/<slug:slug>/schedule/"),
        pages.consultation_schedule,
        name="schedule",
    ),
    path(
        pgettext_lazy("URL", "consultations/<slug:slug>/documents/"),
        pages.documents,
        name="documents",
    ),
    path(
        pgettext_lazy("URL", "consultations/<slug:slug>/documents/<uuid:uuid>/delete/"),
        pages.document_delete,
        name="document_delete",
    ),
    path(
        pgettext_lazy("URL", "consultations/<slug:slug>/documents/<uuid:uuid>/<str:name>"),
        pages.document_download,
        name="document",
    ),
    path(
        pgettext_lazy("URL", "consultations/<slug:slug>/comments/"),
        pages.comment_add,
        name="comment_add",
    ),
    path(
        pgettext_lazy("URL", "consultations/<slug:slug>/comments/<int:comment_id>/edit/"),
        pages.comment_edit,
        name="comment_edit",
    ),
    path(
        pgettext_lazy("URL", "consultations/<slug:slug>/comments/<int:comment_id>/delete/"),
        pages.comment_delete,
        name="comment_delete",
    ),
    path(
        pgettext_lazy("URL", "consultations/<slug:slug>/what-we-heard/"),
        pages.what_we_heard_edit,
        name="what_we_heard",
    ),
    # The confidential form: staff build it, participants answer it (questionnaire.py).
    path(
        pgettext_lazy("URL", "consultations/<slug:slug>/form/"),
        questionnaire.builder,
        name="form",
    ),
    path(
        pgettext_lazy("URL", "consultations/<slug:slug>/form/questions/new/"),
        questionnaire.question_add,
        name="question_add",
    ),
    path(
        pgettext_lazy("URL", "consultations/<slug:slug>/form/questions/<int:question_id>/"),
        questionnaire.question_edit,
        name="question_edit",
    ),
    path(
        pgettext_lazy("URL", "consultations/<slug:slug>/form/questions/<int:question_id>/delete/"),
        questionnaire.question_delete,
        name="question_delete",
    ),
    path(
        pgettext_lazy("URL", "consultations/<slug:slug>/form/questions/<int:question_id>/move/"),
        questionnaire.question_move,
        name="question_move",
    ),
    path(
        pgettext_lazy("URL", "consultations/<slug:slug>/form/revisions/"),
        questionnaire.revisions,
        name="form_revisions",
    ),
    path(
        pgettext_lazy("URL", "consultations/<slug:slug>/feedback/"),
        questionnaire.respond,
        name="respond",
    ),
    path(
        pgettext_lazy("URL", "consultations/<slug:slug>/feedback/<int:response_id>/"),
        questionnaire.respond,
        name="response",
    ),
    path(
        pgettext_lazy("URL", "consultations/<slug:slug>/feedback/<int:response_id>/draft/"),
        questionnaire.respond_draft,
        name="response_draft",
    ),
    # Results of the confidential answers, for analysts only (results.py).
    path(
        pgettext_lazy("URL", "consultations/<slug:slug>/results/"),
        results.results,
        name="results",
    ),
    path(
        pgettext_lazy("URL", "consultations/<slug:slug>/results/text/<int:question_id>/"),
        results.text_answers,
        name="text_answers",
    ),
    path(
        pgettext_lazy("URL", "consultations/<slug:slug>/results/export.csv"),
        results.export,
        {"file_format": "csv"},
        name="export_csv",
    ),
    path(
        pgettext_lazy("URL", "consultations/<slug:slug>/results/export.xlsx"),
        results.export,
        {"file_format": "xlsx"},
        name="export_xlsx",
    ),
    path(
        pgettext_lazy("URL", "consultations/<slug:slug>/results/access-log/"),
        results.access_log,
        name="access_log",
    ),
]

from django.urls import path
from django.utils.translation import pgettext_lazy

from collegium.proposals import views

app_name = "proposals"

urlpatterns = [
    path(pgettext_lazy("URL", "proposals/"), views.proposal_list, name="list"),
    path(pgettext_lazy("URL", "proposals/new/"), views.proposal_create, name="create"),
    path(
        pgettext_lazy("URL", "proposals/<int:proposal_id>/"),
        views.proposal_detail,
        name="detail",
    ),
    path(
        pgettext_lazy("URL", "proposals/<int:proposal_id>/support/"),
        views.proposal_support,
        name="support",
    ),
    path(
        pgettext_lazy("URL", "proposals/<int:proposal_id>/support/withdraw/"),
        views.proposal_support_withdraw,
        name="support_withdraw",
    ),
    path(
        pgettext_lazy("URL", "proposals/<int:proposal_id>/status/"),
        views.proposal_status_change,
        name="status_change",
    ),
    path(
        pgettext_lazy("URL", "proposals/<int:proposal_id>/comments/"),
        views.comment_add,
        name="comment_add",
    ),
    path(
        pgettext_lazy("URL", "proposals/<int:proposal_id>/comments/<int:comment_id>/edit/"),
        views.comment_edit,
        name="comment_edit",
    ),
    path(
        pgettext_lazy("URL", "proposals/<int:proposal_id>/comments/<int:comment_id>/delete/"),
        views.comment_delete,
        name="comment_delete",
    ),
]

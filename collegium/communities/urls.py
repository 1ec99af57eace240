from django.urls import path
from django.utils.translation import pgettext_lazy

from collegium.communities import views

app_name = "communities"

urlpatterns = [
    path(pgettext_lazy("URL", "communities/"), views.directory, name="directory"),
    path(pgettext_lazy("URL", "communities/propose/"), views.propose, name="propose"),
    path(pgettext_lazy("URL", "communities/my-proposals/"), views.my_proposals, name="proposals"),
    path(
        pgettext_lazy("URL", "communities/my-proposals/<int:proposal_id>/"),
        views.proposal_edit,
        name="proposal_edit",
    ),
    path(
        pgettext_lazy("URL", "communities/invitations/<str:token>/"),
        views.invitation,
        name="invitation",
    ),
    path(pgettext_lazy("URL", "communities/<slug:slug>/"), views.detail, name="detail"),
    path(pgettext_lazy("URL", "communities/<slug:slug>/cover/"), views.cover, name="cover"),
    path(pgettext_lazy("URL", "communities/<slug:slug>/join/"), views.join, name="join"),
    path(
        pgettext_lazy("URL", "communities/<slug:slug>/request/"),
        views.request_to_join,
        name="request",
    ),
    path(
        pgettext_lazy("URL", "communities/<slug:slug>/withdraw/"),
        views.withdraw_request,
        name="withdraw",
    ),
    path(pgettext_lazy("URL", "communities/<slug:slug>/leave/"), views.leave, name="leave"),
    path(
        pgettext_lazy("URL", "communities/<slug:slug>/settings/"),
        views.manage_settings,
        name="manage_settings",
    ),
    path(
        pgettext_lazy("URL", "communities/<slug:slug>/rules/"),
        views.rules_history,
        name="rules_history",
    ),
    path(
        pgettext_lazy("URL", "communities/<slug:slug>/rules/accept/"),
        views.rules_accept,
        name="rules_accept",
    ),
    path(pgettext_lazy("URL", "communities/<slug:slug>/archive/"), views.archive, name="archive"),
    path(
        pgettext_lazy("URL", "communities/<slug:slug>/members/"),
        views.manage_members,
        name="manage_members",
    ),
    path(
        pgettext_lazy("URL", "communities/<slug:slug>/requests/<int:request_id>/<str:decision>/"),
        views.decide_request,
        name="decide_request",
    ),
    path(
        pgettext_lazy("URL", "communities/<slug:slug>/invitations/<int:invitation_id>/revoke/"),
        views.revoke_invitation,
        name="revoke_invitation",
    ),
    path(
        pgettext_lazy("URL", "communities/<slug:slug>/members/<int:membership_id>/<str:change>/"),
        views.change_member,
        name="change_member",
    ),
    path(pgettext_lazy("URL", "staff/communities/new/"), views.staff_create, name="staff_create"),
    path(
        pgettext_lazy("URL", "staff/community-proposals/"),
        views.staff_proposals,
        name="staff_proposals",
    ),
    path(
        pgettext_lazy("URL", "staff/community-proposals/<int:proposal_id>/"),
        views.staff_review,
        name="staff_review",
    ),
]

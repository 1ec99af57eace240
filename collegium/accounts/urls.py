from django.urls import path
from django.utils.translation import pgettext_lazy

from collegium.accounts import views

app_name = "accounts"

urlpatterns = [
    path(pgettext_lazy("URL", "account/"), views.account_home, name="home"),
    path(pgettext_lazy("URL", "account/profile/"), views.profile_edit, name="profile_edit"),
    path(pgettext_lazy("URL", "account/username/"), views.username_edit, name="username_edit"),
    path(pgettext_lazy("URL", "account/membership/"), views.membership, name="membership"),
    path(pgettext_lazy("URL", "account/terms/"), views.consent, name="consent"),
    path(
        pgettext_lazy("URL", "account/guidelines/"),
        views.guidelines_accept,
        name="guidelines_accept",
    ),
    path(pgettext_lazy("URL", "account/my-data/"), views.data_export, name="data_export"),
    path(pgettext_lazy("URL", "account/delete/"), views.account_delete, name="delete"),
    path(
        pgettext_lazy("URL", "staff/member-claims/"),
        views.member_claim_queue,
        name="member_claim_queue",
    ),
    path(
        pgettext_lazy("URL", "staff/member-claims/<int:claim_id>/<str:decision>/"),
        views.member_claim_decide,
        name="member_claim_decide",
    ),
    path(pgettext_lazy("URL", "people/<str:username>/"), views.profile_detail, name="profile"),
    path(
        pgettext_lazy("URL", "people/<str:username>/photo/"),
        views.profile_photo,
        name="profile_photo",
    ),
    path(
        pgettext_lazy("URL", "people/<str:username>/rename/"),
        views.user_rename,
        name="user_rename",
    ),
]

from django.urls import path
from django.utils.translation import pgettext_lazy

from collegium.accounts import views

app_name = "accounts"

urlpatterns = [
    path(pgettext_lazy("URL", "sign-in/"), views.SignInView.as_view(), name="login"),
    path(pgettext_lazy("URL", "sign-out/"), views.SignOutView.as_view(), name="logout"),
]

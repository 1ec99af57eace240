from django.urls import path

from collegium.core import views

app_name = "dev_mail"

urlpatterns = [
    path("", views.dev_mail_list, name="list"),
    path("<str:name>/", views.dev_mail_detail, name="detail"),
    path("<str:name>/raw", views.dev_mail_raw, name="raw"),
]

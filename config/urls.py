"""Top-level URLs: language-neutral operations endpoints, then everything under /en/ and /fr/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from collegium.accounts import views as accounts_views
from collegium.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("theme", core_views.theme_set, name="theme_set"),
    # Answers 404 unless DEBUG is on: the embedded default's mailbox (see collegium.core.mail).
    path("dev/mail/", include("collegium.core.dev_urls")),
    # Language-neutral addresses written into stored HTML (attachments, @mentions).
    path("files/", include("collegium.editor.file_urls")),
    path("u/<str:username>", accounts_views.profile_redirect, name="profile_redirect"),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("collegium.accounts.urls")),
    path("", include("collegium.pages.urls")),
    path("", include("collegium.communities.urls")),
    path("", include("collegium.forums.urls")),
    path("", include("collegium.editor.urls")),
    path("", include("collegium.blogs.urls")),
    path("", include("collegium.resources.urls")),
    path("", include("collegium.moderation.urls")),
    path("", include("collegium.notifications.urls")),
    path("", include("collegium.consultations.urls")),
    path("", include("collegium.proposals.urls")),
    prefix_default_language=True,
)

if settings.COLLEGIUM_BENCHMARK:
    urlpatterns.append(path("bench/hello", core_views.bench_hello))

"""Collegium settings, read from the environment only.

Two shapes share this file: the embedded default (SQLite, local disk, huey on SQLite, email
written to files; no variable needs to be set) and production (``COLLEGIUM_ENV=production``:
PostgreSQL, Redis, S3, SMTP, every secret supplied). Every variable is documented in the README
and in ``.env.example``.
"""

from __future__ import annotations

import re
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

COLLEGIUM_ENV = env.str("COLLEGIUM_ENV", default="development")
if COLLEGIUM_ENV not in {"development", "production", "test"}:
    raise ImproperlyConfigured("COLLEGIUM_ENV must be development, production or test.")
IS_PRODUCTION = COLLEGIUM_ENV == "production"

DATA_DIR = Path(env.str("COLLEGIUM_DATA_DIR", default=str(BASE_DIR / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _embedded_secret_key() -> str:
    """The embedded default keeps a generated key in the data folder: sessions survive restarts."""
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


if IS_PRODUCTION:
    try:
        SECRET_KEY = env.str("SECRET_KEY")
    except ImproperlyConfigured as error:
        raise ImproperlyConfigured("Production refuses to start without SECRET_KEY.") from error
else:
    SECRET_KEY = env.str("SECRET_KEY", default="") or _embedded_secret_key()

DEBUG = env.bool("DEBUG", default=not IS_PRODUCTION)
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if IS_PRODUCTION else ["127.0.0.1", "localhost", "[::1]"]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # modeltranslation must come before the admin to patch its forms.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "huey.contrib.djhuey",
    # Rate limits (MO-3): its system checks look at the cache the counters live in.
    "django_ratelimit",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "collegium.core",
    "collegium.accounts",
    "collegium.pages",
    "collegium.communities",
    "collegium.editor",
    "collegium.forums",
    "collegium.comments",
    "collegium.blogs",
    "collegium.resources",
    "collegium.moderation",
    "collegium.notifications",
    "collegium.questionnaires",
    "collegium.consultations",
    "collegium.proposals",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "collegium.core.middleware.language_cookie_middleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "collegium.accounts.middleware.consent_middleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # MO-3: a reached rate limit becomes a 429 page (or a line of text for htmx).
    "collegium.moderation.middleware.RateLimitMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "collegium.core.context_processors.site",
                "collegium.accounts.context_processors.membership",
            ],
        },
    },
]

# Database: SQLite in WAL mode under the data folder unless DATABASE_URL says otherwise.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'collegium.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the web workers read while the task worker writes; IMMEDIATE avoids
        # "database is locked" on upgrade from a read to a write transaction.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "pages:landing"
LOGOUT_REDIRECT_URL = "pages:landing"

# Accounts, second factor and single sign-on: django-allauth (SPEC ID-2).
ACCOUNT_ADAPTER = "collegium.accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {"signup": "collegium.accounts.forms.SignupForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_LOGOUT_REDIRECT_URL = "pages:landing"
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = env.str("SITE_NAME", default="Collegium")
# WebAuthn needs a secure origin; http://127.0.0.1 only counts on the embedded default.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not IS_PRODUCTION
SOCIALACCOUNT_ADAPTER = "collegium.accounts.adapters.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False
OIDC_ISSUER = env.str("OIDC_ISSUER", default="")
SOCIALACCOUNT_PROVIDERS: dict[str, Any] = {
    "openid_connect": {
        "provider_class": "collegium.accounts.sso.NonceOpenIDConnectProvider",
        "OAUTH_PKCE_ENABLED": True,
        "APPS": (
            [
                {
                    "provider_id": "association",
                    "name": env.str("OIDC_NAME", default="")
                    or f"{env.str('ORGANISATION_NAME', default='Association')}",
                    "client_id": env.str("OIDC_CLIENT_ID"),
                    "secret": env.str("OIDC_CLIENT_SECRET"),
                    "settings": {
                        "server_url": OIDC_ISSUER,
                        "token_auth_method": "client_secret_basic",
                        "fetch_userinfo": True,
                    },
                }
            ]
            if OIDC_ISSUER
            else []
        ),
    }
}
# Which claims of the association's ID token carry the user type and the member ID.
OIDC_USER_TYPE_CLAIM = env.str("OIDC_USER_TYPE_CLAIM", default="user_type")
OIDC_MEMBER_ID_CLAIM = env.str("OIDC_MEMBER_ID_CLAIM", default="member_id")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Cache, sessions and the task queue: on Redis when REDIS_URL is set, embedded otherwise.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "collegium",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "collegium",
        "url": REDIS_URL,
        "immediate": False,
    }
else:
    # A database cache is shared by every web and worker process (local memory would not be);
    # ours counts atomically, for the rate limits (docs/decisions/0012).
    CACHES = {
        "default": {
            "BACKEND": "collegium.core.cache.AtomicDatabaseCache",
            "LOCATION": "collegium_cache",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "collegium",
        "filename": str(DATA_DIR / "huey.sqlite3"),
        "immediate": False,
    }
HUEY["immediate"] = env.bool("HUEY_IMMEDIATE", default=COLLEGIUM_ENV == "test")
HUEY["consumer"] = {"workers": env.int("HUEY_WORKERS", default=2), "worker_type": "thread"}

# Rate limits (MO-3) count in the default cache. A cache that cannot be reached lets people
# write rather than refusing everyone. django-ratelimit warns about every backend outside its
# short list; both of ours increment atomically (Redis INCR, AtomicDatabaseCache), and its
# errors about caches that do not (local memory, files, Django's database cache) stay on.
RATELIMIT_USE_CACHE = "default"
RATELIMIT_FAIL_OPEN = True
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]

# Internationalisation: English is the source language, French is complete.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
# Ours first; then allauth's French messages with "courriel" for "e-mail" (Canadian usage).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_allauth"]
LANGUAGE_COOKIE_NAME = "collegium_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = env.str("TIME_ZONE", default="America/Toronto")
USE_I18N = True
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "fr")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en", "fr")

# Static files and uploads.
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns about a missing folder before collectstatic
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
WHITENOISE_USE_FINDERS = DEBUG or COLLEGIUM_ENV == "test"

MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="local")
if MEDIA_STORAGE == "s3":
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("S3_BUCKET"),
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("S3_REGION", default="") or None,
            "access_key": env.str("S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("S3_SECRET_ACCESS_KEY", default="") or None,
            "default_acl": None,
            "querystring_auth": True,
            "signature_version": "s3v4",
            "querystring_expire": env.int("S3_URL_EXPIRY_SECONDS", default=60),
            "file_overwrite": False,
        },
    }
elif MEDIA_STORAGE == "local":
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise ImproperlyConfigured("MEDIA_STORAGE must be 'local' or 's3'.")
STORAGES = {
    "default": _media_storage,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if IS_PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Email: one .eml file per message under the data folder unless EMAIL_URL names a server.
# Every message goes through the outbox (NO-3): Django's EMAIL_BACKEND queues it, and the
# workers hand it to OUTBOX_TRANSPORT_BACKEND, the real one.
EMAIL_URL = env.str("EMAIL_URL", default="")
if EMAIL_URL:
    # EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS…
    _email = env.email_url_config(EMAIL_URL)
    globals().update(_email)
    OUTBOX_TRANSPORT_BACKEND = _email["EMAIL_BACKEND"]
else:
    OUTBOX_TRANSPORT_BACKEND = "collegium.core.mail.EmlFileBackend"
EMAIL_BACKEND = "collegium.notifications.outbox.OutboxBackend"
# A mail server that does not answer within this many seconds counts as down (retried later).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
EMAIL_FILE_PATH = DATA_DIR / "mail"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Collegium <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL


def _rate_limit(action: str, normal: str, new_account: str) -> dict[str, str]:
    """MO-3: how often an action may be done, normally and by a new account, as ``count/period``
    (``s``, ``m``, ``h`` or ``d``; ``5/10m`` is five in ten minutes). The environment variable
    ``COLLEGIUM_RATE_LIMIT_<ACTION>`` gives both, e.g. ``60/h,15/h``."""
    variable = f"COLLEGIUM_RATE_LIMIT_{action.upper()}"
    rates = env.list(variable, default=[normal, new_account])
    if len(rates) != 2 or not all(re.fullmatch(r"[0-9]+/[0-9]*[smhd]", rate) for rate in rates):
        raise ImproperlyConfigured(f"{variable} must be two rates, such as 60/h,15/h.")
    return {"normal": rates[0], "new_account": rates[1]}


# What the association calls itself and its members (SPEC ID-1, ID-3).
_organisation = env.str("ORGANISATION_NAME", default="")
COLLEGIUM = {
    "SITE_NAME": env.str("SITE_NAME", default="Collegium"),
    # Links in email that is sent outside a request (task workers) start with this.
    "BASE_URL": env.str("BASE_URL", default="http://127.0.0.1:8000").rstrip("/"),
    "ORGANISATION_NAME_EN": _organisation or "Example Medical Association",
    # The association's French name; the English one when it has no other.
    "ORGANISATION_NAME_FR": env.str("ORGANISATION_NAME_FR", default="")
    or _organisation
    or "Association médicale exemple",
    "CONTACT_EMAIL": env.str("CONTACT_EMAIL", default="community@example.org"),
    "REPORT_EMAIL": env.str("REPORT_EMAIL", default="yourvoice@example.org"),
    "MEMBER_ID_LABEL_EN": env.str("MEMBER_ID_LABEL_EN", default="member ID"),
    "MEMBER_ID_LABEL_FR": env.str("MEMBER_ID_LABEL_FR", default="numéro de membre"),
    "NON_MEMBERS_MAY_REGISTER": env.bool("NON_MEMBERS_MAY_REGISTER", default=True),
    "USERS_MAY_CHANGE_USERNAME": env.bool("USERS_MAY_CHANGE_USERNAME", default=False),
    # ID-3: what a member ID looks like (a regular expression), checked before the roster.
    "MEMBER_ID_PATTERN": env.str("MEMBER_ID_PATTERN", default=r"^[0-9]{5,10}$"),
    "PROFILE_PHOTO_MAX_BYTES": env.int("PROFILE_PHOTO_MAX_BYTES", default=5 * 1024 * 1024),
    # CT-4: the largest image or file the editor accepts, in bytes.
    "ATTACHMENT_MAX_BYTES": env.int("COLLEGIUM_ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024),
    # CT-3: the largest file of each kind a resource library accepts, in bytes; video is larger.
    "UPLOAD_MAX_BYTES": env.int("COLLEGIUM_UPLOAD_MAX_BYTES", default=50 * 1024 * 1024),
    "VIDEO_MAX_BYTES": env.int("COLLEGIUM_VIDEO_MAX_BYTES", default=500 * 1024 * 1024),
    # How long a signed address to a file on S3-compatible storage stays valid, in seconds.
    "SIGNED_URL_SECONDS": env.int("S3_URL_EXPIRY_SECONDS", default=60),
    # MO-3: rate limits per action (collegium.moderation.limits); "message" waits for private
    # messages. Staff and platform moderators are not limited.
    "RATE_LIMITS": {
        "thread": _rate_limit("thread", "10/h", "3/h"),
        "reply": _rate_limit("reply", "60/h", "15/h"),
        "comment": _rate_limit("comment", "60/h", "15/h"),
        "report": _rate_limit("report", "20/h", "5/h"),
        "invitation": _rate_limit("invitation", "100/d", "20/d"),
        "upload": _rate_limit("upload", "30/h", "5/h"),
        "message": _rate_limit("message", "30/h", "5/h"),
    },
    # An account is new, with the lower limits, until it is this many days old and has written
    # this many forum posts.
    "NEW_ACCOUNT_DAYS": env.int("COLLEGIUM_NEW_ACCOUNT_DAYS", default=7),
    "NEW_ACCOUNT_POSTS": env.int("COLLEGIUM_NEW_ACCOUNT_POSTS", default=3),
    # The same text posted twice by one person within this many seconds is refused.
    "REPEAT_WINDOW_SECONDS": env.int("COLLEGIUM_REPEAT_WINDOW_SECONDS", default=600),
    # A new account's posts and comments with links wait for a moderator before others see
    # them (MO-3): the usual shape of spam.
    "HOLD_LINKS_FROM_NEW_ACCOUNTS": env.bool(
        "COLLEGIUM_HOLD_LINKS_FROM_NEW_ACCOUNTS", default=True
    ),
    # NO-3: the outbox sends batches of this many messages per connection; a failed try waits
    # RETRY_SECONDS, doubling each time up to MAX_RETRY_SECONDS, and after MAX_ATTEMPTS the
    # message is given up (staff see it in the admin). A worker that dies mid-batch leaves its
    # messages to the next pass after LEASE_SECONDS.
    "OUTBOX": {
        "BATCH_SIZE": env.int("COLLEGIUM_OUTBOX_BATCH_SIZE", default=100),
        "RETRY_SECONDS": env.int("COLLEGIUM_OUTBOX_RETRY_SECONDS", default=60),
        "MAX_RETRY_SECONDS": env.int("COLLEGIUM_OUTBOX_MAX_RETRY_SECONDS", default=6 * 3600),
        "MAX_ATTEMPTS": env.int("COLLEGIUM_OUTBOX_MAX_ATTEMPTS", default=12),
        "LEASE_SECONDS": env.int("COLLEGIUM_OUTBOX_LEASE_SECONDS", default=600),
        # Sent messages are kept this many days (refused and given-up ones until staff act).
        "KEEP_DAYS": env.int("COLLEGIUM_OUTBOX_KEEP_DAYS", default=30),
    },
    # NO-3: followers told per batch by one worker task.
    "FAN_OUT_BATCH": env.int("COLLEGIUM_FAN_OUT_BATCH", default=1000),
    # NO-2: the hour (UTC) when daily digests go out; weekly ones go out on Mondays then.
    "DIGEST_HOUR": env.int("COLLEGIUM_DIGEST_HOUR", default=11),
    # NO-2: how long an email's unsubscribe link works.
    "UNSUBSCRIBE_LINK_DAYS": env.int("COLLEGIUM_UNSUBSCRIBE_LINK_DAYS", default=90),
    # NO-1: how often an open page asks for the unread count, in seconds.
    "NOTIFICATION_POLL_SECONDS": env.int("COLLEGIUM_NOTIFICATION_POLL_SECONDS", default=30),
    # EN-1: in results of confidential answers, any group of fewer people than this is
    # suppressed (shown as "fewer than N", never computed from the other cells).
    "SUPPRESSION_THRESHOLD": env.int("COLLEGIUM_SUPPRESSION_THRESHOLD", default=5),
}

# Adds /bench/hello, the load benchmark's hello-world ceiling (bench/README.md); not in production.
COLLEGIUM_BENCHMARK = env.bool("COLLEGIUM_BENCHMARK", default=False) and not IS_PRODUCTION

# Security headers. The CSP is strict: no inline script or style anywhere.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CONTENT_SECURITY_POLICY: dict[str, Any] = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

if OIDC_ISSUER:
    if IS_PRODUCTION and not OIDC_ISSUER.startswith("https://"):
        # allauth trusts TLS for the ID token it fetches from the token endpoint.
        raise ImproperlyConfigured("OIDC_ISSUER must be an https:// URL in production.")
    # The sign-in form posts to us, and we redirect to the provider: CSP form-action must
    # allow that origin, or browsers stop the redirect.
    _issuer = urlsplit(OIDC_ISSUER)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(
        f"{_issuer.scheme}://{_issuer.netloc}"
    )
if IS_PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("Production refuses to start without ALLOWED_HOSTS.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "structured": {
            "format": "%(asctime)s level=%(levelname)s logger=%(name)s %(message)s",
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "structured"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # The huey consumer installs its own handler; propagating would print every line twice.
        "huey": {"level": "INFO", "propagate": False},
    },
}

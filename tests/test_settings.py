"""Settings come from the environment; production refuses to start half-configured."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

PRODUCTION = {
    "COLLEGIUM_ENV": "production",
    "SECRET_KEY": "x" * 60,
    "ALLOWED_HOSTS": "collegium.example.org",
}
# Variables of the test run itself that must not leak into the settings under test.
OWN_VARIABLES = {
    "SECRET_KEY", "COLLEGIUM_ENV", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE", "DATABASE_URL",
    "REDIS_URL", "EMAIL_URL", "MEDIA_STORAGE",
}  # fmt: skip
SHOW_BACKENDS = (
    "from django.conf import settings;"
    "print(settings.DEBUG, settings.CACHES['default']['BACKEND'], settings.EMAIL_BACKEND,"
    " settings.OUTBOX_TRANSPORT_BACKEND)"
)


def _load_settings(
    tmp_path, code: str = SHOW_BACKENDS, **variables: str
) -> subprocess.CompletedProcess[str]:
    """Start Django in a fresh interpreter with only these variables set, and run ``code``."""
    environment = {k: v for k, v in os.environ.items() if k not in OWN_VARIABLES}
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings", COLLEGIUM_DATA_DIR=str(tmp_path), **variables
    )
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    variables = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = _load_settings(tmp_path, **variables)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    variables = {k: v for k, v in PRODUCTION.items() if k != "ALLOWED_HOSTS"}
    result = _load_settings(tmp_path, **variables)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_the_embedded_default_generates_and_keeps_its_secret_key(tmp_path):
    first = _load_settings(tmp_path)
    assert first.returncode == 0, first.stderr
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50
    _load_settings(tmp_path)
    assert (tmp_path / "secret_key").read_text() == key


def test_redis_and_an_smtp_server_are_taken_from_the_environment(tmp_path):
    result = _load_settings(
        tmp_path, **PRODUCTION, REDIS_URL="redis://127.0.0.1:6379/3",
        EMAIL_URL="smtp://mailer:secret@127.0.0.1:2525",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False", "django.core.cache.backends.redis.RedisCache",
        # Every message is queued in the outbox, whose workers hand it to the SMTP server.
        "collegium.notifications.outbox.OutboxBackend",
        "django.core.mail.backends.smtp.EmailBackend",
    ]  # fmt: skip


def test_the_embedded_default_writes_mail_to_files_and_caches_in_the_database(tmp_path):
    result = _load_settings(tmp_path)
    assert result.stdout.split() == [
        "True", "collegium.core.cache.AtomicDatabaseCache",
        "collegium.notifications.outbox.OutboxBackend", "collegium.core.mail.EmlFileBackend",
    ]  # fmt: skip


def test_s3_media_storage_is_configured_from_the_environment(tmp_path):
    code = (
        "from django.core.files.storage import storages; s = storages['default'];"
        "print(type(s).__name__, s.bucket_name, s.endpoint_url, s.querystring_expire)"
    )
    result = _load_settings(
        tmp_path, code, MEDIA_STORAGE="s3", S3_BUCKET="collegium-media",
        S3_ENDPOINT_URL="http://127.0.0.1:9000", S3_URL_EXPIRY_SECONDS="120",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["S3Storage", "collegium-media", "http://127.0.0.1:9000", "120"]


def _redis_reachable(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/14")


@pytest.mark.skipif(
    not _redis_reachable(REDIS_TEST_URL), reason=f"no Redis server at {REDIS_TEST_URL}"
)
def test_with_redis_the_cache_and_task_queue_are_ready_on_redis(tmp_path):
    code = (
        "from django.conf import settings; from huey.contrib.djhuey import HUEY;"
        "from collegium.core.health import readiness;"
        "print(type(HUEY).__name__, settings.SESSION_ENGINE, readiness())"
    )
    result = _load_settings(tmp_path, code, REDIS_URL=REDIS_TEST_URL)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "RedisHuey django.contrib.sessions.backends.cache "
        "{'database': 'ok', 'cache': 'ok', 'task_queue': 'ok'}"
    )

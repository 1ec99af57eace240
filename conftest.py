"""Fixtures shared by every test: one user per role (STYLE.md: fixtures per role)."""

import pytest

from collegium.accounts.choices import StaffRole, UserType
from collegium.accounts.tests.factories import UserFactory


@pytest.fixture
def physician(db):
    return UserFactory(user_type=UserType.PHYSICIAN, username="dr-test")


@pytest.fixture
def patient(db):
    return UserFactory(user_type=UserType.PATIENT, username="patient-test")


@pytest.fixture
def staff_user(db):
    return UserFactory(
        user_type=UserType.PUBLIC, staff_role=StaffRole.STAFF, is_staff=True, username="staff-test"
    )


DATABASE_FIXTURES = ("_django_db_helper", "db", "transactional_db", "live_server")


@pytest.fixture(autouse=True)
def _empty_cache(request):
    """Rate limits and cached answers live in the cache, which no database rollback empties."""
    if not any(name in request.fixturenames for name in DATABASE_FIXTURES):
        yield
        return
    from django.core.cache import cache

    request.getfixturevalue("_django_db_helper")
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_unless_a_test_says_otherwise():
    """A request in French leaves French active in the thread; each test starts in English."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(scope="session")
def s3_endpoint():
    """A local S3-compatible server (moto's server mode), started once per test process for the
    tests that store files as production does."""
    import socket

    from moto.server import ThreadedMotoServer

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_storage(settings, s3_endpoint):
    """Uploads go to a fresh bucket of the local S3 server, through django-storages with the
    options production uses (config/settings.py, MEDIA_STORAGE=s3)."""
    import uuid
    from types import SimpleNamespace

    import boto3

    bucket = f"collegium-{uuid.uuid4().hex[:12]}"
    credentials = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", **credentials)
    client.create_bucket(Bucket=bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "access_key": "testing",
                "secret_key": "testing",
                "default_acl": None,
                "querystring_auth": True,
                "signature_version": "s3v4",
                "querystring_expire": 60,
                "file_overwrite": False,
            },
        },
    }

    def keys() -> list[str]:
        listed = client.list_objects_v2(Bucket=bucket)
        return sorted(item["Key"] for item in listed.get("Contents", []))

    return SimpleNamespace(client=client, bucket=bucket, endpoint=s3_endpoint, keys=keys)

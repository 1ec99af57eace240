"""Settings for the test suite: the embedded default in a throwaway data folder.

``DATABASE_URL`` still applies, so the same suite runs on PostgreSQL in CI.
"""

import os
import tempfile

os.environ.setdefault("COLLEGIUM_ENV", "test")
os.environ.setdefault("COLLEGIUM_DATA_DIR", tempfile.mkdtemp(prefix="collegium-test-"))
os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")

from config.settings import *  # noqa: F403

# Hashing passwords properly is slow on purpose; tests do not need it.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Tests post many times in a row; only the tests of the limits themselves set small ones (MO-3).
COLLEGIUM = {
    **COLLEGIUM,  # noqa: F405
    "RATE_LIMITS": {
        action: {"normal": "10000/h", "new_account": "10000/h"}
        for action in COLLEGIUM["RATE_LIMITS"]  # noqa: F405
    },
    # Tests write links from brand-new accounts; the tests of holding turn it on.
    "HOLD_LINKS_FROM_NEW_ACCOUNTS": False,
    # Small batches, so that the tests cross batch boundaries with a few followers.
    "FAN_OUT_BATCH": 3,
    "OUTBOX": {**COLLEGIUM["OUTBOX"], "BATCH_SIZE": 3},  # noqa: F405
}

# The outbox's workers send to Django's test mailbox (mail.outbox); pytest-django makes
# EMAIL_BACKEND the same, so mail sent straight through Django lands there too.
OUTBOX_TRANSPORT_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

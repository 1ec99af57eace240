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
}

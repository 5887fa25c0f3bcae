"""Settings of the differential test project: no models, no database use."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = "django-insecure-bolt-differential-only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django_bolt",
]

ROOT_URLCONF = "diffproject.urls"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("DIFF_DB_PATH", str(BASE_DIR / "db.sqlite3")),
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "UTC"

# Large enough for the long strings and deep documents the tests send.
BOLT_MAX_UPLOAD_SIZE = 4 * 1024 * 1024

# Native validation runs on every body (not only on those msgspec refuses, the default order),
# so a body native validation wrongly refuses shows up as a 422 where msgspec accepts it.
BOLT_BODY_VALIDATION = "validate-first"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "loggers": {"django_bolt": {"handlers": ["stderr"], "level": "INFO"}},
}

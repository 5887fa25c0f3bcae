"""Settings of the Django benchmark project, served by both Bolt and django-bolt 0.13 (each from
its own venv, where `django_bolt` is that framework). Benchmark only: the key is not secret."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = "bench-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django_bolt",
    "benchapp",
]

ROOT_URLCONF = "benchproject.urls"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        # One database per framework (`BENCH_DB`, set by the harness), so the servers share no state.
        "NAME": os.environ.get("BENCH_DB", str(BASE_DIR / "db.sqlite3")),
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en-us"

# No access logging (like uvicorn --no-access-log). django-bolt 0.13 logs every request it
# answers 4xx -- a 422 with a full traceback -- on `django.server`: silenced, so the invalid-body
# row measures validation, not logging. Unhandled errors still reach the console through
# `django_bolt` (Bolt) and the harness counts every non-2xx answer anyway.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "ERROR"},
    "loggers": {
        "django.server": {"level": "CRITICAL"},
        "django_bolt": {"level": "ERROR"},
    },
}

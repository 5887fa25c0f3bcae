"""Settings of the reliability battery's project; limits come from the environment so each
test can start a server with the deadlines it measures."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = "django-insecure-bolt-reliability-only"
DEBUG = False
# The raw requests of the reliability tests send `Host: a`.
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "a"]

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django_bolt",
    "relapp",
]

ROOT_URLCONF = "relproject.urls"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("REL_DB_PATH", str(BASE_DIR / "db.sqlite3")),
    }
}

USE_TZ = True
BOLT_DOCS = False
BOLT_MAX_UPLOAD_SIZE = 64 * 1024
BOLT_CLIENT_TIMEOUT_MS = int(os.environ.get("REL_CLIENT_TIMEOUT_MS", "5000"))
BOLT_KEEP_ALIVE = int(os.environ.get("REL_KEEP_ALIVE", "5"))
BOLT_MAX_URI_LENGTH = int(os.environ.get("REL_MAX_URI_LENGTH", "8192"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "loggers": {"django_bolt": {"handlers": ["stderr"], "level": "INFO"}},
}
BOLT_BODY_TIMEOUT_MS = int(os.environ.get("REL_BODY_TIMEOUT_MS", "30000"))

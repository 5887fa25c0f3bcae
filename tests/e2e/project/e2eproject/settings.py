"""Settings of the end-to-end test project."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = "django-insecure-bolt-e2e-only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django_bolt",
    "catalog",
    "extras",
]

# runbolt gives every response these middlewares' headers (nosniff, Referrer-Policy, COOP,
# X-Frame-Options), from the settings below and Django's defaults.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
X_FRAME_OPTIONS = "SAMEORIGIN"

ROOT_URLCONF = "e2eproject.urls"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("E2E_DB_PATH", str(BASE_DIR / "db.sqlite3")),
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "UTC"

# Small, so that the 413 test sends little.
BOLT_MAX_UPLOAD_SIZE = 64 * 1024

# The API docs: on at /docs by default; the docs tests start servers with other values.
BOLT_DOCS = os.environ.get("E2E_DOCS", "1") == "1"
BOLT_DOCS_PATH = os.environ.get("E2E_DOCS_PATH", "/docs")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "loggers": {"django_bolt": {"handlers": ["stderr"], "level": "INFO"}},
}

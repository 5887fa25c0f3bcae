"""Django app config: add ``"django_bolt"`` to ``INSTALLED_APPS`` for ``manage.py runbolt``."""

from django.apps import AppConfig

__all__ = ["DjangoBoltConfig"]


class DjangoBoltConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "django_bolt"
    verbose_name = "Django Bolt"

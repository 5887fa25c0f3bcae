"""``manage.py runbolt``."""

__all__: list[str] = []

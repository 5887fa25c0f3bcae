"""Django management commands of Bolt."""

__all__: list[str] = []

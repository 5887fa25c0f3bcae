"""Reverse-only URLconf of the named Bolt routes (django-bolt 0.13's ``django_bolt.urls``).

Bolt serves its routes natively, outside Django's URLconf, so ``reverse()`` cannot see them.
Include this module in ``ROOT_URLCONF``::

    urlpatterns = [path("", include("django_bolt.urls")), ...]

and every route declared with ``name=`` reverses: ``reverse("item-detail", args=[7])``, the
``{% url %}`` tag, ``reverse_lazy``; a ``BoltAPI(namespace="shop")``'s routes as
``reverse("shop:item-detail", ...)``. The entries come from the project's checked-in contract,
``bolt/manifest.json`` (what ``bolt build`` compiled), and their views never run.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.urls import URLPattern, URLResolver, include, path

from .runtime.loader import project_root

__all__ = ["django_route", "named_patterns"]

MANIFEST = Path("bolt") / "manifest.json"

#: ``{name}`` (one segment) or ``{name:path}`` (the rest of the path).
_PLACEHOLDER = re.compile(r"\{([^}:]+)(?::([^}]+))?\}")


def django_route(bolt_path: str) -> str:
    """A Bolt path template as a Django route: ``/files/{p:path}`` → ``files/<path:p>``."""

    def convert(match: re.Match[str]) -> str:
        name, converter = match.group(1), match.group(2)
        return f"<path:{name}>" if converter == "path" else f"<{name}>"

    return _PLACEHOLDER.sub(convert, bolt_path).lstrip("/")


def _never_called(*_args: Any, **_kwargs: Any) -> Any:  # pragma: no cover - never routed to
    raise RuntimeError("a django_bolt.urls entry exists only to be reversed; Bolt serves this path")


def named_patterns(manifest: Mapping[str, Any]) -> list[URLPattern | URLResolver]:
    """One reverse-only pattern per named route, namespaced routes grouped under their
    API's namespace."""
    namespaces = {f"{api['module']}:{api['name']}": api.get("namespace") for api in manifest.get("apis", [])}
    plain: list[URLPattern | URLResolver] = []
    grouped: dict[str, list[URLPattern | URLResolver]] = {}
    for route in manifest.get("routes", []):
        name = route.get("name")
        if not name:
            continue
        pattern = path(django_route(str(route["path"])), _never_called, name=str(name))
        namespace = namespaces.get(str(route.get("api")))
        (grouped.setdefault(namespace, []) if namespace else plain).append(pattern)
    for namespace, patterns in sorted(grouped.items()):
        plain.append(path("", include((patterns, namespace), namespace=namespace)))
    return plain


def _load_manifest() -> Mapping[str, Any]:
    file = project_root() / MANIFEST
    try:
        return json.loads(file.read_text())
    except FileNotFoundError:
        raise ImproperlyConfigured(
            f"django_bolt.urls reads the compiled routes from {file}, which does not exist: run `bolt build`"
        ) from None


def __getattr__(name: str) -> Any:
    """``urlpatterns``, read from the manifest when Django first resolves this URLconf (not at
    import, so importing the module needs no build)."""
    if name == "urlpatterns":
        return named_patterns(_load_manifest())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

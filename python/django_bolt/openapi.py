"""``OpenAPIConfig``: the OpenAPI document's ``info`` (django-bolt 0.13's
``django_bolt.openapi.OpenAPIConfig``).

``BoltAPI(openapi_config=OpenAPIConfig(title="Shop", version="2.0.0", description=...))`` sets
the title, version, summary, description and terms of service of the document ``bolt build``
writes (``bolt/openapi.json``) and the server's docs serve; with several APIs, the first one
(by module and name) that has a config gives it. The build reads these as literals; the docs
UI and path are the ``BOLT_DOCS``/``BOLT_DOCS_PATH`` settings, and 0.13's other fields (render
plugins, servers, security, ...) are not compiled yet (the build refuses them, B0110).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["OpenAPIConfig"]


@dataclass(frozen=True)
class OpenAPIConfig:
    title: str
    version: str
    summary: str | None = None
    description: str | None = None
    terms_of_service: str | None = None

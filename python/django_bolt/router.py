"""``Router``: routes grouped under a prefix and tags, served by an API that includes it
(django-bolt 0.13's names).

    users = Router(prefix="/users", tags=["users"])

    @users.get("/{user_id}")
    def get_user(user_id: int) -> dict: ...

    api.include_router(users, prefix="/v1")      # GET /v1/users/{user_id}

Routers nest (``parent.include_router(child, prefix=...)``). A route's path is the API's
prefix, each include prefix and router prefix from the outermost in, then its own path —
whatever the order of the statements (django-bolt 0.13 copies only the routes declared before
``include_router`` and drops a nested include's prefix for routes declared before it; Bolt
includes them all, as ``bolt build`` reads them). Like ``BoltAPI``, a router only records;
``bolt build`` reads the same code statically.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar, Unpack

from .api import RouteDecorators, RouteOptions, UnsupportedFeatureError, checked_route_options

__all__ = ["DeclaredRoute", "Router"]

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class DeclaredRoute:
    """A route of a router, its path relative to the API that includes the router."""

    method: str
    path: str
    handler: Callable[..., Any]
    options: RouteOptions


class Router(RouteDecorators):
    """Routes under a common ``prefix`` with default ``tags``.

    ``dependencies``, ``middleware``, ``auth``, ``guards`` and ``parent`` are django-bolt's
    keywords that Bolt does not compile yet: given a value, they raise
    :class:`UnsupportedFeatureError` (and ``bolt build`` refuses them, B0114) — a router's
    security is never dropped silently.
    """

    def __init__(
        self,
        prefix: str = "",
        tags: list[str] | None = None,
        dependencies: list[Any] | None = None,
        middleware: list[Any] | None = None,
        auth: list[Any] | None = None,
        guards: list[Any] | None = None,
        parent: Router | None = None,
    ) -> None:
        for keyword, value in (
            ("dependencies", dependencies),
            ("middleware", middleware),
            ("auth", auth),
            ("guards", guards),
            ("parent", parent),
        ):
            if value:
                raise UnsupportedFeatureError(
                    f"Router({keyword}=...) is not compiled by Bolt yet, so this router cannot be served"
                )
        self.prefix = prefix.rstrip("/")
        if self.prefix and not self.prefix.startswith("/"):
            raise ValueError(f"Router prefix {prefix!r} must start with '/'")
        self.tags = list(tags or [])
        self._declared: list[DeclaredRoute] = []
        self._children: list[tuple[Router, str]] = []

    def _route(self, method: str, path: str, **options: Unpack[RouteOptions]) -> Callable[[F], F]:
        options = checked_route_options(method, path, options)

        def decorator(fn: F) -> F:
            if not callable(fn):
                raise TypeError(f"@{method.lower()}({path!r}) decorates a callable, got {fn!r}")
            self._declared.append(DeclaredRoute(method, path, fn, options))
            return fn

        return decorator

    def include_router(self, router: Router, prefix: str = "") -> None:
        """Nests ``router`` under this one (and ``prefix``)."""
        if not isinstance(router, Router):
            raise TypeError(f"include_router() expects a Router instance, got {type(router).__name__}")
        self._children.append((router, prefix.rstrip("/")))

    def declared_routes(self) -> Iterator[DeclaredRoute]:
        """Every route of this router and the routers it includes, with paths relative to
        the including API; a route without ``tags`` gets its router's."""
        for route in self._declared:
            options = route.options
            if not options.get("tags") and self.tags:
                options = {**options, "tags": self.tags}
            yield DeclaredRoute(route.method, self.prefix + route.path, route.handler, options)
        for child, prefix in self._children:
            for route in child.declared_routes():
                yield DeclaredRoute(route.method, self.prefix + prefix + route.path, route.handler, route.options)

    def __repr__(self) -> str:
        return f"Router(prefix={self.prefix!r}, routes={len(self._declared)})"

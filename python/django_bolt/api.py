"""``BoltAPI``: the object handler modules register their routes on.

Registration only records ``(method, full path, function, options)`` and returns the function
unchanged: ``bolt build`` reads the same decorators statically and compiles the routing,
coercion and validation; at start-up the runtime collects what was registered here, binds it
to the compiled routes and verifies both agree.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar, Unpack

if TYPE_CHECKING:
    from .router import Router

__all__ = [
    "BoltAPI",
    "RouteOptions",
    "RouteSpec",
    "UNSET",
    "METHODS",
    "UnsupportedFeatureError",
    "checked_route_options",
    "RouteDecorators",
]

F = TypeVar("F", bound=Callable[..., Any])
V = TypeVar("V", bound=type)


class RouteOptions(TypedDict, total=False):
    """The keywords of ``get/post/put/patch/delete`` (django-bolt 0.13's names). Bolt compiles
    ``response_model``, ``status_code``, ``tags``, ``summary``, ``description``, ``name``,
    ``include_in_schema`` and ``validate_response``; ``guards``, ``auth`` and
    ``response_class`` are refused with a clear error."""

    name: str | None
    response_model: Any
    status_code: int | None
    validate_response: bool | None
    guards: list[Any] | None
    auth: list[Any] | None
    tags: list[str] | None
    summary: str | None
    description: str | None
    response_class: type | None
    include_in_schema: bool | None


#: Methods a route can be declared with (``HEAD`` is also answered by every ``GET`` route
#: without a ``HEAD`` route of its own, ``OPTIONS`` by an automatic 204 with ``Allow``).
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")


class _Unset:
    """Marks a keyword that was not given (``response_model=None`` means "no model")."""

    _instance: _Unset | None = None

    def __new__(cls) -> _Unset:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False


UNSET: Any = _Unset()


class UnsupportedFeatureError(NotImplementedError):
    """A django-bolt feature that Bolt accepts by name but does not implement yet."""


@dataclass(frozen=True)
class RouteSpec:
    """One registered route."""

    method: str
    path: str
    """The full path template, prefix included."""
    handler: Callable[..., Any]
    status_code: int = 200
    response_model: Any = UNSET
    validate_response: bool = True
    name: str | None = None
    tags: tuple[str, ...] = ()
    summary: str | None = None
    description: str | None = None
    include_in_schema: bool | None = None
    api: BoltAPI | None = field(default=None, repr=False, compare=False)

    @property
    def module(self) -> str:
        return str(getattr(self.handler, "__module__", ""))

    @property
    def qualname(self) -> str:
        return str(getattr(self.handler, "__qualname__", getattr(self.handler, "__name__", "")))

    def __str__(self) -> str:
        return f"{self.method} {self.path} ({self.module}:{self.qualname})"


def _unsupported(feature: str) -> UnsupportedFeatureError:
    return UnsupportedFeatureError(
        f"{feature} is not supported by Bolt yet (it is accepted by name for django-bolt "
        "compatibility only), so this API cannot be served by Bolt until it is; `bolt build` "
        "reports the same. Never drop authentication, guards or middleware to get past this."
    )


def checked_route_options(method: str, path: Any, options: RouteOptions) -> RouteOptions:
    """The keywords of a route decorator, refusing what Bolt does not compile (the build
    refuses the same: diagnostics B0106/B0107)."""
    for keyword in ("guards", "auth", "response_class"):
        if options.get(keyword) is not None:
            raise _unsupported(f"{method.lower()}(..., {keyword}=...)")
    if not isinstance(path, str):
        raise TypeError(f"route path must be a str literal, got {path!r}")
    return options


#: ``BoltAPI(trailing_slash=...)``: how route paths end (``TrailingSlash`` of the manifest).
TRAILING_SLASH_MODES = ("strip", "append", "keep")


def _normalize_path(prefix: str, path: str, trailing_slash: str = "strip") -> str:
    """django-bolt's rule: prefix + path, then with ``"strip"`` trailing ``/`` removed, with
    ``"append"`` one ``/`` at the end, with ``"keep"`` as written; the root is always ``/``
    (``TrailingSlash::full_path`` of the build)."""
    full = prefix + (path or "/")
    if not full.startswith("/"):
        raise ValueError(f"route path {path!r} must start with '/'")
    stripped = full.rstrip("/")
    if not stripped:
        return "/"
    if trailing_slash == "append":
        return stripped + "/"
    if trailing_slash == "keep":
        return full
    return stripped


class RouteDecorators:
    """``get/post/put/patch/delete/head/options(path, **options)``: the route decorators
    ``BoltAPI`` and ``Router`` share; each records through the owner's ``_route``."""

    def _route(self, method: str, path: str, **options: Unpack[RouteOptions]) -> Callable[[F], F]:
        raise NotImplementedError

    def get(self, path: str, **options: Unpack[RouteOptions]) -> Callable[[F], F]:
        """Declares a ``GET`` route (it answers ``HEAD`` too, unless a ``HEAD`` route exists)."""
        return self._route("GET", path, **options)

    def post(self, path: str, **options: Unpack[RouteOptions]) -> Callable[[F], F]:
        """Declares a ``POST`` route."""
        return self._route("POST", path, **options)

    def put(self, path: str, **options: Unpack[RouteOptions]) -> Callable[[F], F]:
        """Declares a ``PUT`` route."""
        return self._route("PUT", path, **options)

    def patch(self, path: str, **options: Unpack[RouteOptions]) -> Callable[[F], F]:
        """Declares a ``PATCH`` route."""
        return self._route("PATCH", path, **options)

    def delete(self, path: str, **options: Unpack[RouteOptions]) -> Callable[[F], F]:
        """Declares a ``DELETE`` route."""
        return self._route("DELETE", path, **options)

    def head(self, path: str, **options: Unpack[RouteOptions]) -> Callable[[F], F]:
        """Declares a ``HEAD`` route (without one, the ``GET`` route answers ``HEAD``)."""
        return self._route("HEAD", path, **options)

    def options(self, path: str, **options: Unpack[RouteOptions]) -> Callable[[F], F]:
        """Declares an ``OPTIONS`` route (without one, ``OPTIONS`` gets 204 with ``Allow``)."""
        return self._route("OPTIONS", path, **options)

    def view(
        self,
        path: str,
        *,
        name: str | None = None,
        methods: list[str] | None = None,
        guards: list[Any] | None = None,
        auth: list[Any] | None = None,
        status_code: int | None = None,
        validate_response: bool | None = None,
        tags: list[str] | None = None,
        include_in_schema: bool | None = None,
    ) -> Callable[[V], V]:
        """Registers a class-based view (``django_bolt.views.APIView``): one route per HTTP
        method the class implements (or per name in ``methods``) at ``path``; keywords as on
        route decorators, the class's ``status_code``/``validate_response``/
        ``include_in_schema`` attributes as their defaults."""
        from .views import APIView

        def decorator(view_cls: V) -> V:
            if not (isinstance(view_cls, type) and issubclass(view_cls, APIView)):
                raise TypeError(f"View class {getattr(view_cls, '__name__', view_cls)!r} must inherit from APIView")
            if view_cls.guards or view_cls.auth:
                raise _unsupported(f"{view_cls.__name__}.guards / .auth")
            available = view_cls.get_allowed_methods()
            chosen = [m.upper() for m in methods] if methods is not None else available
            for method in chosen:
                if method not in available:
                    raise ValueError(f"View class {view_cls.__name__} does not implement method '{method.lower()}'")
            for method in chosen:
                options: RouteOptions = {
                    "name": name,
                    "guards": guards,
                    "auth": auth,
                    "status_code": status_code if status_code is not None else view_cls.status_code,
                    "validate_response": (
                        validate_response if validate_response is not None else view_cls.validate_response
                    ),
                    "tags": tags,
                    "include_in_schema": (
                        include_in_schema if include_in_schema is not None else view_cls.include_in_schema
                    ),
                }
                self._route(method, path, **options)(view_cls.as_view(method))
            return view_cls

        return decorator


class BoltAPI(RouteDecorators):
    """A set of routes, optionally under a common ``prefix``.

    The keywords are django-bolt's. Those that only tune documentation or defaults are
    accepted; those naming a feature Bolt does not implement yet (middleware, lifespan,
    custom error formatting) raise
    :class:`UnsupportedFeatureError` when given a value.
    """

    def __init__(
        self,
        prefix: str = "",
        trailing_slash: str = "strip",
        namespace: str | None = None,
        middleware: list[Any] | None = None,
        django_middleware: bool | list[str] | dict[str, Any] | None = None,
        enable_logging: bool = True,
        logging_config: Any | None = None,
        compression: Any | None = None,
        openapi_config: Any | None = None,
        validate_response: bool = True,
        include_in_schema: bool | None = None,
        lifespan: Callable[..., Any] | None = None,
        error_formatter: Callable[..., Any] | None = None,
    ) -> None:
        if trailing_slash not in TRAILING_SLASH_MODES:
            raise ValueError(f"trailing_slash must be one of {TRAILING_SLASH_MODES}, got {trailing_slash!r}")
        for keyword, value in (
            ("middleware", middleware),
            ("django_middleware", django_middleware),
            ("logging_config", logging_config),
            ("compression", compression),
            ("lifespan", lifespan),
        ):
            if value:
                raise _unsupported(f"BoltAPI({keyword}=...)")
        self.prefix = prefix.rstrip("/")
        if self.prefix and not self.prefix.startswith("/"):
            raise ValueError(f"BoltAPI prefix {prefix!r} must start with '/'")
        self.trailing_slash = trailing_slash
        if error_formatter is not None:
            if not callable(error_formatter):
                raise TypeError(f"error_formatter must be callable, not {type(error_formatter).__name__}")
            if inspect.iscoroutinefunction(error_formatter):
                raise TypeError("error_formatter must be a sync callable, not an async one")
        self.error_formatter = error_formatter
        self.namespace = namespace
        self.enable_logging = enable_logging
        self.openapi_config = openapi_config
        self.validate_response = validate_response
        self.include_in_schema = include_in_schema
        self._routes: list[RouteSpec] = []
        self._keys: set[tuple[str, str]] = set()
        self._included: list[tuple[Router, str]] = []

    @property
    def routes(self) -> list[RouteSpec]:
        """The routes registered so far: this API's own in registration order, then those of
        each included router. A router's routes are read now, so routes declared on it after
        ``include_router`` are included too (``bolt build`` reads them the same way)."""
        routes = list(self._routes)
        for router, prefix in self._included:
            for declared in router.declared_routes():
                routes.append(self._spec(declared.method, prefix + declared.path, declared.handler, declared.options))
        return routes

    def include_router(self, router: Router, prefix: str = "") -> None:
        """Serves ``router``'s routes (and those of the routers it includes) under this API's
        prefix, then ``prefix``, then the router's own prefix."""
        from .router import Router

        if not isinstance(router, Router):
            raise TypeError(
                f"include_router() expects a Router instance, got {type(router).__name__}. "
                "Use mount() for BoltAPI sub-applications."
            )
        self._included.append((router, prefix.rstrip("/")))

    def _spec(self, method: str, path: str, handler: Callable[..., Any], options: RouteOptions) -> RouteSpec:
        status_code = options.get("status_code")
        validate_response = options.get("validate_response")
        return RouteSpec(
            method=method,
            path=_normalize_path(self.prefix, path, self.trailing_slash),
            handler=handler,
            status_code=200 if status_code is None else int(status_code),
            response_model=options.get("response_model", UNSET),
            validate_response=self.validate_response if validate_response is None else validate_response,
            name=options.get("name"),
            tags=tuple(options.get("tags") or ()),
            summary=options.get("summary"),
            description=options.get("description"),
            include_in_schema=options.get("include_in_schema"),
            api=self,
        )

    def _route(self, method: str, path: str, **options: Unpack[RouteOptions]) -> Callable[[F], F]:
        options = checked_route_options(method, path, options)
        full_path = _normalize_path(self.prefix, path, self.trailing_slash)
        key = (method, full_path)
        if key in self._keys:
            raise ValueError(f"route {method} {full_path} is registered twice")

        def decorator(fn: F) -> F:
            if not callable(fn):
                raise TypeError(f"@{method.lower()}({path!r}) decorates a callable, got {fn!r}")
            self._keys.add(key)
            self._routes.append(self._spec(method, path, fn, options))
            return fn

        return decorator

    def __repr__(self) -> str:
        return f"BoltAPI(prefix={self.prefix!r}, routes={len(self._routes)})"

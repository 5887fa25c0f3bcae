"""The request object a handler gets by declaring a ``request`` parameter.

At run time it is a pyclass of the compiled extension, built only for routes that ask for it.
:class:`Request` describes its interface for annotations and type checkers.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

__all__ = ["Request", "REQUEST_PARAM_NAMES"]

#: Parameter names that receive the request object (django-bolt's rule).
REQUEST_PARAM_NAMES = frozenset({"request", "req"})


@runtime_checkable
class Request(Protocol):
    """What a handler can read from the request."""

    @property
    def method(self) -> str:
        """The HTTP method, e.g. ``"GET"``."""
        ...

    @property
    def path(self) -> str:
        """The request path, without the query string."""
        ...

    @property
    def query(self) -> dict[str, str]:
        """Query parameters (the last value of a repeated key)."""
        ...

    @property
    def headers(self) -> dict[str, str]:
        """Request headers, with lowercase names."""
        ...

    @property
    def cookies(self) -> dict[str, str]:
        """Request cookies."""
        ...

    @property
    def body(self) -> bytes:
        """The raw request body."""
        ...

    @property
    def params(self) -> dict[str, str]:
        """Path parameters, as matched."""
        ...

    @property
    def state(self) -> dict[str, Any]:
        """A dict for this request's own use, created on first access."""
        ...

    @property
    def context(self) -> Any:
        """django-bolt's authentication context; ``None`` until Bolt compiles authentication."""
        ...

    def get(self, key: str, default: Any = None) -> Any:
        """``"method"``, ``"path"``, ``"query"``, ``"headers"``, ``"cookies"``, ``"body"`` or
        ``"params"``, else ``default``."""
        ...

    def __getitem__(self, key: str, /) -> Any:
        """The same keys as :meth:`get`; ``KeyError`` for others."""
        ...

"""Parameter markers: where a handler parameter comes from, and its constraints.

Use them like django-bolt's (and FastAPI's), either inside ``Annotated`` or as the default::

    limit: Annotated[int, Query(ge=1, le=100)] = 10
    limit: int = Query(10, ge=1, le=100)

``bolt build`` reads the markers statically and compiles the coercion and the constraint
checks into the project's extension; at start-up the runtime reads the same markers from the
live functions to verify that the build is current.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

__all__ = [
    "Param",
    "Query",
    "Path",
    "Body",
    "Header",
    "Cookie",
    "Form",
    "File",
    "Depends",
    "SOURCES",
]

#: Every value of :attr:`Param.source`.
SOURCES = ("query", "path", "body", "header", "cookie", "form", "file")


@dataclass(frozen=True)
class Param:
    """A parameter marker with its validation constraints (django-bolt's ``Param``)."""

    source: str
    """Where the value comes from: one of :data:`SOURCES`."""

    alias: str | None = None
    """The name on the wire when it differs from the parameter name."""

    embed: bool | None = None
    """Body only: wrap the value in ``{alias: value}`` (not supported by Bolt yet)."""

    gt: float | None = None
    ge: float | None = None
    lt: float | None = None
    le: float | None = None
    multiple_of: float | None = None

    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None

    description: str | None = None
    example: Any = None
    deprecated: bool = False

    max_size: int | None = None
    min_size: int | None = None
    allowed_types: tuple[str, ...] | None = None
    max_files: int | None = None

    # Last, so that a Param made with positional arguments keeps django-bolt's field order.
    default: Any = ...
    """Value of a missing parameter; ``...`` makes the parameter required."""

    @property
    def required(self) -> bool:
        """True when the marker gives no default."""
        return self.default is ...

    def constraints(self) -> dict[str, Any]:
        """The validation constraints that are set, by name."""
        names = ("gt", "ge", "lt", "le", "multiple_of", "min_length", "max_length", "pattern")
        return {name: getattr(self, name) for name in names if getattr(self, name) is not None}


def Query(
    default: Any = ...,
    *,
    alias: str | None = None,
    gt: float | None = None,
    ge: float | None = None,
    lt: float | None = None,
    le: float | None = None,
    multiple_of: float | None = None,
    min_length: int | None = None,
    max_length: int | None = None,
    pattern: str | None = None,
    description: str | None = None,
    example: Any = None,
    deprecated: bool = False,
) -> Any:
    """A query-string parameter; ``list[T]`` collects repeated keys."""
    return Param(
        source="query",
        default=default,
        alias=alias,
        gt=gt,
        ge=ge,
        lt=lt,
        le=le,
        multiple_of=multiple_of,
        min_length=min_length,
        max_length=max_length,
        pattern=pattern,
        description=description,
        example=example,
        deprecated=deprecated,
    )


def Path(
    default: Any = ...,
    *,
    alias: str | None = None,
    gt: float | None = None,
    ge: float | None = None,
    lt: float | None = None,
    le: float | None = None,
    multiple_of: float | None = None,
    min_length: int | None = None,
    max_length: int | None = None,
    pattern: str | None = None,
    description: str | None = None,
    example: Any = None,
    deprecated: bool = False,
) -> Any:
    """A ``{name}`` placeholder of the route's path (always required)."""
    if default is not ...:
        raise ValueError("Path parameters cannot have default values")
    return Param(
        source="path",
        default=default,
        alias=alias,
        gt=gt,
        ge=ge,
        lt=lt,
        le=le,
        multiple_of=multiple_of,
        min_length=min_length,
        max_length=max_length,
        pattern=pattern,
        description=description,
        example=example,
        deprecated=deprecated,
    )


def Body(
    default: Any = ...,
    *,
    alias: str | None = None,
    embed: bool = False,
    description: str | None = None,
    example: Any = None,
) -> Any:
    """The JSON request body, decoded into the parameter's type."""
    return Param(
        source="body",
        default=default,
        alias=alias,
        embed=embed,
        description=description,
        example=example,
    )


def Header(
    default: Any = ...,
    *,
    alias: str | None = None,
    description: str | None = None,
    example: Any = None,
    deprecated: bool = False,
) -> Any:
    """A request header; its name is the alias, else the parameter name with ``_`` → ``-``."""
    return Param(
        source="header",
        default=default,
        alias=alias,
        description=description,
        example=example,
        deprecated=deprecated,
    )


def Cookie(
    default: Any = ...,
    *,
    alias: str | None = None,
    description: str | None = None,
    example: Any = None,
    deprecated: bool = False,
) -> Any:
    """A cookie, matched exactly by its name (or alias)."""
    return Param(
        source="cookie",
        default=default,
        alias=alias,
        description=description,
        example=example,
        deprecated=deprecated,
    )


def Form(
    default: Any = ...,
    *,
    alias: str | None = None,
    description: str | None = None,
    example: Any = None,
) -> Any:
    """A form field (not supported by ``bolt build`` yet: it reports such a parameter)."""
    return Param(source="form", default=default, alias=alias, description=description, example=example)


def File(
    default: Any = ...,
    *,
    alias: str | None = None,
    description: str | None = None,
    max_size: int | None = None,
    min_size: int | None = None,
    allowed_types: Iterable[str] | None = None,
    max_files: int | None = None,
) -> Any:
    """A file upload (not supported by ``bolt build`` yet: it reports such a parameter)."""
    types: tuple[str, ...] | None = None
    if allowed_types is not None:
        if isinstance(allowed_types, (str, bytes)):
            raise TypeError(
                "File(allowed_types=...) takes an iterable of MIME type strings, "
                f"for example ['image/*'], got {allowed_types!r}."
            )
        types = tuple(allowed_types)
        if not all(isinstance(value, str) for value in types):
            raise TypeError(f"File(allowed_types=...) takes MIME type strings, got {types!r}.")
        if not types:
            raise ValueError("File(allowed_types=[]) allows no file type. Remove allowed_types to allow each type.")
    return Param(
        source="file",
        default=default,
        alias=alias,
        description=description,
        max_size=max_size,
        min_size=min_size,
        allowed_types=types,
        max_files=max_files,
    )


@dataclass(frozen=True)
class Depends:
    """Dependency injection marker: ``user=Depends(get_user)`` or
    ``user: Annotated[User, Depends(get_user)]``. ``bolt build`` resolves the dependency
    graph of each route (its functions' own parameters are coerced natively); with
    ``use_cache=True`` a dependency runs once per request however often it is depended on."""

    dependency: Callable[..., Any] | None = None
    use_cache: bool = True

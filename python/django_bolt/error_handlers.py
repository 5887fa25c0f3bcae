"""Error formatting (django-bolt 0.13's ``django_bolt.error_handlers``):
``BoltAPI(error_formatter=fn)`` shapes every error response Bolt makes — 404, 405, 413, 422,
an ``HTTPException``, a 500 — from a :class:`BoltError`; :func:`problem_details` formats them
as RFC 9457 Problem Details.

The extension calls :func:`format_core_error` for the errors it builds natively (routing,
limits, validation) and :func:`format_exception` for exceptions a handler raises; a formatter
that fails is logged and the default response is sent.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, TypeVar

import msgspec

from .exceptions import HTTPException, ResponseValidationError
from .responses import HTML, JSON, PlainText, Response

__all__ = [
    "BoltError",
    "ErrorFormatter",
    "ProblemDetails",
    "ProblemFieldError",
    "error_schema",
    "problem_details",
    "bolt_error_from_exception",
    "format_core_error",
    "format_exception",
]

logger = logging.getLogger("django_bolt")

#: The kind of an error by its status (an ``HTTPException`` of another status: "http_error").
_KIND_BY_STATUS: dict[int, str] = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    408: "request_timeout",
    409: "conflict",
    410: "gone",
    413: "payload_too_large",
    414: "uri_too_long",
    422: "validation",
    429: "rate_limited",
    500: "internal_error",
    501: "not_implemented",
    502: "bad_gateway",
    503: "service_unavailable",
    504: "gateway_timeout",
}

#: RFC 9110's names (Python's older ones for a few codes would change the title with Python).
_STATUS_TITLES: dict[int, str] = {
    **{status.value: status.phrase for status in HTTPStatus},
    413: "Content Too Large",
    414: "URI Too Long",
    416: "Range Not Satisfiable",
    422: "Unprocessable Content",
}

_VALIDATION_DETAIL = "Request validation failed"
_HEADER_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_HEADER_VALUE_FORBIDDEN = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")

F = TypeVar("F", bound=Callable[..., Any])


class BoltError(msgspec.Struct, frozen=True, kw_only=True):
    """An error response Bolt makes, given to the error formatter.

    ``kind`` is a stable name ("not_found", "validation", "internal_error", ...), ``detail`` a
    message for people, ``errors`` the field errors (``loc``, ``msg``, ``type``, sometimes
    ``ctx``), ``headers`` those the error needs (``Allow``, ``WWW-Authenticate``), ``extra`` an
    ``HTTPException``'s ``extra``, ``exception`` the Python exception (``None`` for an error
    Bolt's native core built).
    """

    status: int
    kind: str
    detail: str
    errors: list[dict[str, Any]] = msgspec.field(default_factory=list)
    headers: dict[str, str] = msgspec.field(default_factory=dict)
    extra: Any = None
    exception: BaseException | None = None


ErrorFormatter = Callable[[BoltError, Any], Any]


def error_schema(schema: Any, *, media_type: str = "application/json") -> Callable[[F], F]:
    """Declares the error body a formatter makes, for the OpenAPI document (0.13's API; the
    build reads it from the decorator)."""

    def decorate(formatter: F) -> F:
        formatter.__bolt_error_schema__ = (schema, media_type)  # type: ignore[attr-defined]
        return formatter

    return decorate


class ProblemFieldError(msgspec.Struct, kw_only=True):
    """A field error: the location of the value, a message and the error type."""

    loc: list[str | int]
    msg: str
    type: str


class ProblemDetails(msgspec.Struct, kw_only=True):
    """An error body in the RFC 9457 Problem Details format.

    The body has "errors" when the error has field errors. The keys of the "extra" of the
    error are more members of the body.
    """

    type: str
    title: str
    status: int
    detail: str
    instance: str
    errors: list[ProblemFieldError] = []


@error_schema(ProblemDetails, media_type="application/problem+json")
def problem_details(error: BoltError, request: Any) -> Response:
    """RFC 9457 Problem Details (``application/problem+json``): ``type``, ``title``,
    ``status``, ``detail``, ``instance`` (the request path), ``errors`` when there are field
    errors, and the keys of ``error.extra`` as extension members (never replacing a standard
    member)."""
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": _STATUS_TITLES.get(error.status, "Error"),
        "status": error.status,
        "detail": error.detail,
        "instance": request.path,
    }
    if error.errors:
        body["errors"] = error.errors
    if isinstance(error.extra, dict):
        for key, value in error.extra.items():
            if key != "errors":
                body.setdefault(key, value)
    elif error.extra is not None:
        body.setdefault("extra", error.extra)
    return Response(body, status_code=error.status, media_type="application/problem+json")


@dataclass(frozen=True)
class ErrorRequest:
    """The request an error formatter gets: its method and path."""

    method: str
    path: str

    def get(self, key: str, default: Any = None) -> Any:
        return {"method": self.method, "path": self.path}.get(key, default)


def _validation_errors(exc: Any) -> list[dict[str, Any]]:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        errors = errors()
    if not isinstance(errors, list):
        return []
    return [
        dict(error)
        if isinstance(error, Mapping)
        else {"loc": ["response"], "msg": str(error), "type": "response_validation"}
        for error in errors
    ]


def bolt_error_from_exception(exc: BaseException) -> BoltError:
    """The :class:`BoltError` of an exception a handler raised, as Bolt answers it."""
    if isinstance(exc, HTTPException):
        return BoltError(
            status=exc.status_code,
            kind=_KIND_BY_STATUS.get(exc.status_code, "http_error"),
            detail=str(exc.detail),
            headers=dict(exc.headers or {}),
            extra=exc.extra,
            exception=exc,
        )
    if isinstance(exc, ResponseValidationError):
        return BoltError(
            status=500,
            kind="response_validation",
            detail="Response validation error",
            errors=_validation_errors(exc),
            exception=exc,
        )
    return BoltError(status=500, kind="internal_error", detail="Internal Server Error", exception=exc)


def _response_parts(
    response: Any, error: BoltError, encode_json: Callable[[Any], bytes]
) -> tuple[int, list[tuple[str, str]], bytes]:
    """A formatter's result as ``(status, headers, body)``; the error's own headers follow
    unless the response sets them."""
    if isinstance(response, JSON):
        content_type, body = "application/json", encode_json(response.data)
    elif isinstance(response, PlainText):
        content_type, body = "text/plain; charset=utf-8", response.text.encode()
    elif isinstance(response, HTML):
        content_type, body = "text/html; charset=utf-8", response.html.encode()
    elif isinstance(response, Response):
        content = response.content
        if isinstance(content, (bytes, bytearray, memoryview)):
            body = bytes(content)
        elif response.media_type.split(";", 1)[0].strip().endswith("json"):
            body = encode_json(content)
        else:
            body = str(content).encode()
        content_type = response.media_type
    else:
        raise TypeError(f"error_formatter must return Response, JSON, PlainText or HTML, not {type(response).__name__}")
    if getattr(response, "_cookies", None):
        raise TypeError("error_formatter cannot set cookies on an error response")
    status = response.status_code
    if not isinstance(status, int) or isinstance(status, bool) or not 400 <= status <= 599:
        raise TypeError(f"error_formatter must return a status from 400 to 599, not {status!r}")
    headers = [("content-type", content_type)]
    names = {"content-type"}
    for name, value in (response.headers or {}).items():
        if name.lower() == "content-type":
            headers[0] = ("content-type", value)
        else:
            headers.append((name, value))
            names.add(name.lower())
    headers += [(name, value) for name, value in error.headers.items() if name.lower() not in names]
    for name, value in headers:
        if not isinstance(name, str) or not _HEADER_NAME.fullmatch(name):
            raise TypeError(f"error_formatter returned a header name that is not valid: {name!r}")
        if not isinstance(value, str) or _HEADER_VALUE_FORBIDDEN.search(value):
            raise TypeError(f"error_formatter returned a value that is not valid for the header {name!r}: {value!r}")
    return int(status), headers, body


def _render(
    formatter: ErrorFormatter, error: BoltError, request: ErrorRequest, encode_json: Callable[[Any], bytes]
) -> tuple[int, list[tuple[str, str]], bytes] | None:
    try:
        return _response_parts(formatter(error, request), error, encode_json)
    except Exception:
        logger.exception(
            "error_formatter failed for a %s %s error; Bolt sends the default response", error.status, error.kind
        )
        return None


def format_exception(
    formatter: ErrorFormatter,
    exc: BaseException,
    method: str,
    path: str,
    encode_json: Callable[[Any], bytes],
) -> tuple[int, list[tuple[str, str]], bytes] | None:
    """The formatted response of an exception a handler raised, or ``None`` (the default
    response): an ``HTTPException`` with a typed ``body`` keeps the body its handler chose."""
    if isinstance(exc, HTTPException) and getattr(exc, "body", None) is not None:
        return None
    # The extension logs an unhandled exception (with its traceback) as it does unformatted.
    return _render(formatter, bolt_error_from_exception(exc), ErrorRequest(method, path), encode_json)


def format_core_error(
    formatter: ErrorFormatter,
    status: int,
    body: bytes,
    headers: list[tuple[str, str]],
    method: str,
    path: str,
    encode_json: Callable[[Any], bytes],
) -> tuple[int, list[tuple[str, str]], bytes] | None:
    """The formatted response of an error Bolt's native core built (its default body is
    ``{"detail": message}`` or ``{"detail": [field errors]}``), or ``None``."""
    try:
        detail: Any = msgspec.json.decode(body).get("detail", "") if body else ""
    except (msgspec.DecodeError, AttributeError):
        detail = ""
    errors = detail if isinstance(detail, list) else []
    error = BoltError(
        status=status,
        kind=_KIND_BY_STATUS.get(status, "http_error"),
        detail=_VALIDATION_DETAIL if errors else str(detail or _STATUS_TITLES.get(status, "Error")),
        errors=errors,
        headers={name: value for name, value in headers if name.lower() != "content-type"},
    )
    return _render(formatter, error, ErrorRequest(method, path), encode_json)

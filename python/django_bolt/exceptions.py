"""Exceptions, with django-bolt's names and constructor signatures.

Raising an :class:`HTTPException` (or a subclass) from a handler sends its ``status_code``
with ``{"detail": detail}`` (plus ``"extra"`` when set) and its ``headers``. Any other
exception is logged and answered with 500 ``{"detail": "Internal Server Error"}``.
"""

from __future__ import annotations

from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

__all__ = [
    "BoltException",
    "HTTPException",
    "ClientException",
    "BadRequest",
    "Unauthorized",
    "Forbidden",
    "NotFound",
    "MethodNotAllowed",
    "NotAcceptable",
    "Conflict",
    "Gone",
    "UnprocessableEntity",
    "TooManyRequests",
    "ServerException",
    "InternalServerError",
    "NotImplemented",
    "BadGateway",
    "ServiceUnavailable",
    "GatewayTimeout",
    "ValidationException",
    "RequestValidationError",
    "ResponseValidationError",
    "SerializationError",
    "StaleBuildError",
]


def _phrase(status_code: int) -> str:
    try:
        return HTTPStatus(status_code).phrase
    except ValueError:
        return ""


class BoltException(Exception):
    """Base class of every Bolt exception."""

    detail: str

    def __init__(self, *args: Any, detail: str = "") -> None:
        texts = [str(arg) for arg in args if arg]
        if not detail:
            if texts:
                detail, *texts = texts
            elif hasattr(self, "detail"):
                detail = self.detail
        self.detail = detail
        super().__init__(*texts)

    def __repr__(self) -> str:
        if self.detail:
            return f"{type(self).__name__} - {self.detail}"
        return type(self).__name__

    def __str__(self) -> str:
        return " ".join((*(str(arg) for arg in self.args), self.detail)).strip()


class HTTPException(BoltException):
    """An error answered with an HTTP status, a ``{"detail": ...}`` body (or its typed
    ``body``, encoded as it is) and headers."""

    status_code: int = 500
    detail: str = ""
    headers: dict[str, str]
    extra: dict[str, Any] | list[Any] | None = None
    body: Any = None

    def __init__(
        self,
        status_code: int | None = None,
        detail: Any | None = None,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | list[Any] | None = None,
        *,
        body: Any = None,
    ) -> None:
        """``detail`` defaults to the status's phrase (``"Not Found"``); a typed ``body`` (a
        Struct, a dict, ...) replaces the ``detail`` envelope and skips an ``error_formatter``
        (django-bolt 0.13)."""
        text = str(detail) if detail else ""
        super().__init__(detail=text)
        self.status_code = status_code if status_code is not None else type(self).status_code
        self.detail = text or _phrase(self.status_code)
        self.headers = dict(headers) if headers else {}
        self.extra = extra
        self.body = body
        self.args = (f"{self.status_code}: {self.detail}",)

    def __str__(self) -> str:
        return f"{self.status_code}: {self.detail}"

    def __repr__(self) -> str:
        return f"{self.status_code} - {type(self).__name__} - {self.detail}"


class ClientException(HTTPException):
    """4xx errors."""

    status_code = 400


class BadRequest(ClientException):
    status_code = 400


class Unauthorized(ClientException):
    status_code = 401


class Forbidden(ClientException):
    status_code = 403


class NotFound(ClientException):
    status_code = 404


class MethodNotAllowed(ClientException):
    status_code = 405


class NotAcceptable(ClientException):
    status_code = 406


class Conflict(ClientException):
    status_code = 409


class Gone(ClientException):
    status_code = 410


class UnprocessableEntity(ClientException):
    status_code = 422


class TooManyRequests(ClientException):
    status_code = 429


class ServerException(HTTPException):
    """5xx errors."""

    status_code = 500


class InternalServerError(ServerException):
    status_code = 500


class NotImplemented(ServerException):
    status_code = 501


class BadGateway(ServerException):
    status_code = 502


class ServiceUnavailable(ServerException):
    status_code = 503


class GatewayTimeout(ServerException):
    status_code = 504


class ValidationException(BoltException, ValueError):
    """Base class of validation errors; ``errors()`` returns the error list."""

    def __init__(self, errors: Sequence[Any]) -> None:
        self._errors = errors
        super().__init__(detail="Validation error")

    def errors(self) -> Sequence[Any]:
        return self._errors


class RequestValidationError(ValidationException):
    """Request data failed validation (raised by handlers that validate by hand; Bolt's own
    request validation runs natively and answers 422 without calling Python)."""

    def __init__(self, errors: Sequence[Any], *, body: Any = None) -> None:
        super().__init__(errors)
        self.body = body

    def __str__(self) -> str:
        messages = []
        for error in self._errors:
            if isinstance(error, dict):
                loc = ".".join(str(part) for part in error.get("loc", []))
                msg = str(error.get("msg", ""))
                messages.append(f"{loc}: {msg}" if loc else msg)
            else:
                messages.append(str(error))
        return "; ".join(messages) if messages else "Validation error"


class ResponseValidationError(ValidationException):
    """A handler's return value does not fit its ``response_model``."""

    def __init__(self, errors: Sequence[Any], *, body: Any = None) -> None:
        super().__init__(errors)
        self.body = body

    def __str__(self) -> str:
        lines = [f"{len(self._errors)} validation error(s):"]
        lines.extend(f"  {error}" for error in self._errors)
        return "\n".join(lines)


class SerializationError(BoltException, ValueError):
    """A value could not be serialised."""


class StaleBuildError(BoltException):
    """The compiled extension does not match the handler code that was imported."""

    def __init__(self, differences: Sequence[str]) -> None:
        self.differences = list(differences)
        count = len(self.differences)
        lines = [
            f"The compiled API does not match the code ({count} difference{'s' if count != 1 else ''}):",
            *(f"  - {difference}" for difference in self.differences),
            "Stale code never serves: run `bolt build` to recompile the API.",
        ]
        super().__init__(detail="\n".join(lines))

    def __str__(self) -> str:
        return self.detail

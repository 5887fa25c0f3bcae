"""Response classes, with django-bolt's constructor signatures.

A handler returns one of these to choose the status, the headers or the media type. They are
plain data holders: the runtime turns them into ``(status, headers, body)`` once, in
:func:`django_bolt.runtime.hooks.Hooks.render_response`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime
from http.cookies import SimpleCookie
from typing import Any, Literal, Self

__all__ = ["CookieMixin", "Response", "JSON", "PlainText", "HTML", "Redirect", "RESPONSE_CLASSES"]

SameSite = Literal["Strict", "Lax", "None"] | None


class CookieMixin:
    """``set_cookie`` / ``delete_cookie``, as on Django's ``HttpResponse``."""

    _cookies: list[str]

    def set_cookie(
        self,
        name: str,
        value: str = "",
        max_age: int | None = None,
        expires: datetime | str | None = None,
        path: str = "/",
        domain: str | None = None,
        secure: bool = False,
        httponly: bool = False,
        samesite: SameSite = "Lax",
    ) -> Self:
        """Adds a ``Set-Cookie`` header; returns the response for chaining."""
        jar: SimpleCookie = SimpleCookie()
        jar[name] = value
        morsel = jar[name]
        if max_age is not None:
            morsel["max-age"] = str(max_age)
        if expires is not None:
            if isinstance(expires, datetime):
                when = expires if expires.tzinfo else expires.replace(tzinfo=UTC)
                expires = format_datetime(when.astimezone(UTC), usegmt=True)
            morsel["expires"] = expires
        if path:
            morsel["path"] = path
        if domain:
            morsel["domain"] = domain
        if secure:
            morsel["secure"] = True
        if httponly:
            morsel["httponly"] = True
        if samesite:
            morsel["samesite"] = samesite
        if not hasattr(self, "_cookies"):
            self._cookies = []
        self._cookies.append(morsel.OutputString())
        return self

    def delete_cookie(self, name: str, path: str = "/", domain: str | None = None) -> Self:
        """Expires the cookie at once; returns the response for chaining."""
        return self.set_cookie(name, "", max_age=0, expires="Thu, 01 Jan 1970 00:00:00 GMT", path=path, domain=domain)

    @property
    def cookie_headers(self) -> list[str]:
        """The ``Set-Cookie`` header values added so far."""
        return list(getattr(self, "_cookies", ()))


class Response(CookieMixin):
    """Any content with a status, headers and a media type.

    ``content`` is encoded as JSON when ``media_type`` is ``application/json``; ``str`` is
    sent UTF-8 encoded and ``bytes`` as they are.
    """

    def __init__(
        self,
        content: Any = None,
        status_code: int = 200,
        headers: dict[str, str] | None = None,
        media_type: str = "application/json",
    ) -> None:
        self.content = content if content is not None else {}
        self.status_code = status_code
        self.headers = headers or {}
        self.media_type = media_type


class JSON(CookieMixin):
    """``data`` encoded as JSON (``application/json``)."""

    def __init__(self, data: Any, status_code: int = 200, headers: dict[str, str] | None = None) -> None:
        self.data = data
        self.status_code = status_code
        self.headers = headers or {}


class PlainText(CookieMixin):
    """``text/plain; charset=utf-8``."""

    def __init__(self, text: str, status_code: int = 200, headers: dict[str, str] | None = None) -> None:
        self.text = text
        self.status_code = status_code
        self.headers = headers or {}


class HTML(CookieMixin):
    """``text/html; charset=utf-8``."""

    def __init__(self, html: str, status_code: int = 200, headers: dict[str, str] | None = None) -> None:
        self.html = html
        self.status_code = status_code
        self.headers = headers or {}


class Redirect(CookieMixin):
    """A redirect to ``url`` (307 by default) with an empty body."""

    def __init__(self, url: str, status_code: int = 307, headers: dict[str, str] | None = None) -> None:
        self.url = url
        self.status_code = status_code
        self.headers = headers or {}


#: Classes whose instances the runtime renders with ``render_response``.
RESPONSE_CLASSES: tuple[type, ...] = (Response, JSON, PlainText, HTML, Redirect)

"""The ``hooks`` object handed to the extension's ``serve()`` (docs/internals.md §5).

The extension reads each attribute once at ``serve()``; these are the only Python functions
it calls besides the handlers and the body decoders.
"""

from __future__ import annotations

import dataclasses
import decimal
import enum
import logging
import os
import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import msgspec

from .. import error_handlers
from ..exceptions import HTTPException, ResponseValidationError
from ..responses import HTML, JSON, RESPONSE_CLASSES, PlainText, Redirect, Response
from .worker_loop import WorkerLoop

__all__ = ["MISSING", "Hooks", "enc_hook", "logger"]

logger = logging.getLogger("django_bolt")

JSON_TYPE = "application/json"
TEXT_TYPE = "text/plain; charset=utf-8"
HTML_TYPE = "text/html; charset=utf-8"


class _Missing:
    """The ``missing`` sentinel: "this parameter has no default"."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<missing>"

    def __reduce__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


def _django_types() -> tuple[type, type, type, type]:
    """Model, QuerySet, lazy-string Promise and FieldFile, imported once."""
    from django.db.models import Model, QuerySet
    from django.db.models.fields.files import FieldFile
    from django.utils.functional import Promise

    return Model, QuerySet, Promise, FieldFile


_DJANGO: tuple[type, ...] | None = None


def enc_hook(obj: Any) -> Any:
    """Turns values msgspec does not encode natively into ones it does.

    Django model instances become ``{field attname: value}`` over their concrete fields,
    querysets and other iterables become lists, lazy translation strings become ``str``,
    file fields their name. ``datetime``/``date``/``time``/``timedelta``, ``UUID``,
    ``Decimal`` (as a string), enums and dataclasses are native to msgspec.
    """
    global _DJANGO
    if _DJANGO is None:
        try:
            _DJANGO = _django_types()
        except ImportError:  # pragma: no cover - Django is a dependency
            _DJANGO = ()
    if _DJANGO:
        model, queryset, promise, field_file = _DJANGO
        if isinstance(obj, model):
            return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}
        if isinstance(obj, queryset):
            return list(obj)
        if isinstance(obj, promise):
            return str(obj)
        if isinstance(obj, field_file):
            return obj.name or None
    if isinstance(obj, decimal.Decimal):  # pragma: no cover - native, kept for older msgspec
        return str(obj)
    if isinstance(obj, os.PathLike):
        return os.fspath(obj)
    if isinstance(obj, enum.Enum):  # pragma: no cover - native
        return obj.value
    if isinstance(obj, Mapping):
        return dict(obj)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):  # pragma: no cover - native
        return dataclasses.asdict(obj)
    if isinstance(obj, Iterable) and not isinstance(obj, (str, bytes, bytearray)):
        return list(obj)
    raise TypeError(f"Objects of type {type(obj).__name__} are not JSON serializable")


_LISTISH = (list, tuple, set, frozenset, dict, str, bytes, bytearray, msgspec.Struct)


class Hooks:
    """Everything the extension calls back into, plus the worker threads' asyncio loops."""

    missing: Any = MISSING
    http_exception: type[HTTPException] = HTTPException

    def __init__(self) -> None:
        self._encoder = msgspec.json.Encoder(enc_hook=enc_hook)
        self.encode_json: Callable[[Any], bytes] = self._encoder.encode
        self.response_classes: tuple[type, ...] = (*RESPONSE_CLASSES, *_django_response_classes())
        self._loops: list[WorkerLoop] = []
        self._loops_lock = threading.Lock()
        #: The ``error_formatter=``s of errors no route answers (404, 405, 414), if any: an
        #: object whose ``select(path)`` picks one (``runtime.binding.PrefixFormatters``).
        self.error_formatter: Any = None

    # -- responses ---------------------------------------------------------------------------

    def convert_response(self, obj: Any, type_: Any) -> Any:
        """``msgspec.convert(obj, type_, from_attributes=True)``; response objects pass
        through, querysets and other iterables are listed first."""
        if isinstance(obj, self.response_classes):
            return obj
        try:
            return msgspec.convert(obj, type_, from_attributes=True)
        except msgspec.ValidationError as exc:
            if not isinstance(obj, _LISTISH) and hasattr(obj, "__iter__"):
                try:
                    return msgspec.convert(list(obj), type_, from_attributes=True)
                except msgspec.ValidationError:
                    pass
            raise ResponseValidationError([str(exc)], body=obj) from exc

    def render_response(self, obj: Any) -> tuple[int, list[tuple[str, str]], bytes]:
        """``(status, headers, body)`` of a response object; headers include content-type."""
        if isinstance(obj, JSON):
            status, content_type, body = obj.status_code, JSON_TYPE, self.encode_json(obj.data)
        elif isinstance(obj, PlainText):
            status, content_type, body = obj.status_code, TEXT_TYPE, obj.text.encode()
        elif isinstance(obj, HTML):
            status, content_type, body = obj.status_code, HTML_TYPE, obj.html.encode()
        elif isinstance(obj, Redirect):
            headers = [("content-type", TEXT_TYPE), ("location", obj.url)]
            headers += [(k, v) for k, v in obj.headers.items() if k.lower() not in ("location", "content-type")]
            return obj.status_code, headers + _cookies(obj), b""
        elif isinstance(obj, Response):
            status, content_type, body = obj.status_code, obj.media_type, self._response_body(obj)
        else:
            return self._render_django(obj)
        headers = [(str(k), str(v)) for k, v in obj.headers.items()]
        if not any(name.lower() == "content-type" for name, _ in headers):
            headers.insert(0, ("content-type", content_type))
        return int(status), headers + _cookies(obj), body

    def _response_body(self, response: Response) -> bytes:
        content = response.content
        if isinstance(content, (bytes, bytearray, memoryview)):
            return bytes(content)
        if response.media_type.split(";", 1)[0].strip() == JSON_TYPE:
            return self.encode_json(content)
        return content.encode() if isinstance(content, str) else str(content).encode()

    @staticmethod
    def _render_django(obj: Any) -> tuple[int, list[tuple[str, str]], bytes]:
        headers = [(str(k), str(v)) for k, v in obj.items()]
        headers += [("set-cookie", morsel.OutputString()) for morsel in obj.cookies.values()]
        return int(obj.status_code), headers, bytes(obj.content)

    # -- errors ------------------------------------------------------------------------------

    @staticmethod
    def log_exception(exc: BaseException, where: str) -> None:
        """Logs an unhandled exception with its traceback."""
        logger.error("Unhandled exception in %s", where, exc_info=(type(exc), exc, exc.__traceback__))

    def format_core_error(
        self, formatter: Any, status: int, body: bytes, headers: list[tuple[str, str]], method: str, path: str
    ) -> tuple[int, list[tuple[str, str]], bytes] | None:
        """An error the extension built (404, 422, ...) as ``formatter`` shapes it, or ``None``;
        for an error no route answered, ``formatter`` is :attr:`error_formatter`, which picks
        the formatter of the API the path is under."""
        select = getattr(formatter, "select", None)
        if select is not None:
            formatter = select(path)
            if formatter is None:
                return None
        return error_handlers.format_core_error(formatter, status, body, headers, method, path, self.encode_json)

    def format_exception(
        self, formatter: Any, exc: BaseException, method: str, path: str
    ) -> tuple[int, list[tuple[str, str]], bytes] | None:
        """A handler's exception as ``formatter`` shapes it, or ``None``."""
        return error_handlers.format_exception(formatter, exc, method, path, self.encode_json)

    @staticmethod
    def log_abandoned(where: str, cancelled: bool) -> None:
        """Logs a request whose client left before its awaiting handler finished (nginx's
        499): the handler was cancelled (``CancelledError`` at its ``await``), or it finished
        with nobody to answer."""
        outcome = "handler cancelled" if cancelled else "handler finished, response dropped"
        logger.info("499 %s: client disconnected; %s", where, outcome)

    # -- async handlers ----------------------------------------------------------------------

    def event_loop(self) -> WorkerLoop:
        """Creates the calling server worker thread's event loop (the extension calls it once
        per worker thread, on that thread, before its first awaiting handler)."""
        worker = WorkerLoop()
        with self._loops_lock:
            self._loops.append(worker)
        return worker

    def stop(self, timeout: float = 5.0) -> None:
        """Closes the worker loops once the server stopped: cancels what still runs (waiting
        up to ``timeout`` seconds per loop) and closes them."""
        with self._loops_lock:
            loops, self._loops = self._loops, []
        for worker in loops:
            try:
                worker.close(timeout)
            except Exception as exc:
                self.log_exception(exc, "closing a worker's event loop")


def _cookies(obj: Any) -> list[tuple[str, str]]:
    return [("set-cookie", value) for value in getattr(obj, "_cookies", ())]


def _django_response_classes() -> tuple[type, ...]:
    try:
        from django.http import HttpResponse
    except ImportError:  # pragma: no cover - Django is a dependency
        return ()
    return (HttpResponse,)

"""Helpers of the differential tests: building and serving the project, a keep-alive HTTP
client, the routes and their types (read from the live handlers), and the comparisons of
what the server answered with what msgspec answers for the same input."""

from __future__ import annotations

import http.client
import json
import sys
import typing
import unicodedata
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import msgspec

PROJECT = Path(__file__).resolve().parent / "project"

#: Native validation refuses deeper documents (bolt-runtime `validate::MAX_NESTING_DEPTH`).
MAX_NESTING_DEPTH = 256

#: Error types the bridge uses when msgspec's decoder refuses a body native validation
#: accepted (docs/internals.md §5); `json_invalid` is the bridge's only when it has no `ctx`
#: (native `json_invalid` errors always carry the position).
FALLBACK_TYPE = "validation_error"


# -- build and serve ---------------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class Client:
    """One keep-alive connection, reopened when the server closes it."""

    def __init__(self, port: int, timeout: float = 30) -> None:
        self.port = port
        self.timeout = timeout
        self.connection: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: bytes | None = None) -> Reply:
        for attempt in range(2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            try:
                headers = {"Content-Type": "application/json"} if body is not None else {}
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
                if response.will_close:
                    self.close()
                return Reply(status=response.status, body=data)
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.close()
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


# -- the project's routes and their types ------------------------------------------------------


def import_project_api() -> Any:
    """The project's `BoltAPI` (the test process imports the same handler modules)."""
    if str(PROJECT) not in sys.path:
        sys.path.insert(0, str(PROJECT))
    from diffshapes import api as module

    return module.api


def body_routes() -> dict[str, Any]:
    """`{path: body type}` of every `POST /body/<Name>` route (the type with its metadata)."""
    from django_bolt.runtime.signature import analyze_params

    routes: dict[str, Any] = {}
    for route in import_project_api()._routes:
        if route.method != "POST" or not route.path.startswith("/body/"):
            continue
        (param,) = [param for param in analyze_params(route) if param.source == "body"]
        routes[route.path] = param.annotation
    return routes


@dataclass(frozen=True)
class QueryParam:
    name: str
    wire: str
    msgspec_type: Any
    """The parameter's type with its marker constraints as `msgspec.Meta`."""
    required: bool
    default: Any
    is_list: bool


def _with_constraints(annotation: Any, constraints: dict[str, Any]) -> Any:
    """`annotation` with a `Meta` of the marker's constraints (on the inner type of an
    Optional, where msgspec wants them)."""
    if not constraints:
        return annotation
    base = annotation
    while typing.get_origin(base) is Annotated:
        base = typing.get_args(base)[0]
    args = typing.get_args(base)
    if type(None) in args:
        (inner,) = [arg for arg in args if arg is not type(None)]
        return Annotated[inner, msgspec.Meta(**constraints)] | None
    return Annotated[annotation, msgspec.Meta(**constraints)]


def _is_list(annotation: Any) -> bool:
    while typing.get_origin(annotation) is Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) is list:
        return True
    return any(_is_list(arg) for arg in typing.get_args(annotation) if arg is not type(None))


def param_routes(prefix: str) -> dict[str, list[QueryParam]]:
    """`{path: params}` of every `GET <prefix>...` route."""
    from django_bolt.runtime.signature import analyze_params

    routes: dict[str, list[QueryParam]] = {}
    for route in import_project_api()._routes:
        if route.method != "GET" or not route.path.startswith(prefix):
            continue
        routes[route.path] = [
            QueryParam(
                name=param.name,
                wire=param.alias or param.name,
                msgspec_type=_with_constraints(param.annotation, param.constraints()),
                required=param.required,
                default=param.default,
                is_list=_is_list(param.annotation),
            )
            for param in analyze_params(route)
        ]
    return routes


# -- comparisons -------------------------------------------------------------------------------


@dataclass
class Verdict:
    """What msgspec answered: the decoded value, or why it refused."""

    accepted: bool
    value: Any = None
    error: str = ""


def msgspec_decode(decoder: msgspec.json.Decoder, body: bytes) -> Verdict:
    """`msgspec.json.decode(body, type=T)`; any refusal (including the `UnicodeDecodeError`
    msgspec raises for invalid UTF-8 in a string, and `RecursionError`) is a rejection."""
    try:
        return Verdict(True, decoder.decode(body))
    except (msgspec.ValidationError, msgspec.DecodeError, UnicodeDecodeError, RecursionError) as exc:
        return Verdict(False, error=f"{type(exc).__name__}: {exc}")


def msgspec_convert(value: Any, annotation: Any) -> Verdict:
    """`msgspec.convert(value, T, strict=False)`: how msgspec reads parameter text."""
    try:
        return Verdict(True, msgspec.convert(value, annotation, strict=False))
    except msgspec.ValidationError as exc:
        return Verdict(False, error=f"ValidationError: {exc}")


def same(left: Any, right: Any) -> bool:
    """Equal values of identical types all the way down (`1 != 1.0 != True` here;
    floats compare by repr, so `-0.0 != 0.0` and `nan == nan`)."""
    if type(left) is not type(right):
        return False
    if isinstance(left, msgspec.Struct):
        return all(same(getattr(left, name), getattr(right, name)) for name in left.__struct_fields__)
    if isinstance(left, list):
        return len(left) == len(right) and all(same(a, b) for a, b in zip(left, right, strict=True))
    if isinstance(left, dict):
        return list(left) == list(right) and all(same(left[key], right[key]) for key in left)
    if isinstance(left, float):
        return repr(left) == repr(right)
    return bool(left == right)


def nesting_depth(body: bytes) -> int:
    """The deepest `[`/`{` nesting of a (possibly malformed) document, strings skipped."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):
            depth = max(depth - 1, 0)
    return deepest


def is_native_rejection(detail: list[dict[str, Any]]) -> bool:
    """True when the 422 came from native validation, not from the bridge's fallback
    (msgspec's decoder refusing what native validation accepted)."""
    for error in detail:
        if error.get("type") == FALLBACK_TYPE:
            return False
        if error.get("type") == "json_invalid" and "byte_position" not in (error.get("ctx") or {}):
            return False
    return True


def is_nesting_refusal(detail: list[dict[str, Any]]) -> bool:
    return len(detail) == 1 and detail[0].get("type") == "json_invalid" and "nesting deeper" in detail[0].get("msg", "")


def strings_in(body: bytes) -> list[str]:
    """Every string (keys included) of a document, escapes decoded; the raw text when the
    document does not parse."""
    try:
        document = json.loads(body)
    except ValueError:
        return [body.decode("utf-8", "replace")]
    found: list[str] = []
    pending = [document]
    while pending:
        value = pending.pop()
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, list):
            pending.extend(value)
        elif isinstance(value, dict):
            found.extend(value)
            pending.extend(value.values())
    return found


def is_unicode_version_gap(body: bytes, detail: list[dict[str, Any]]) -> bool:
    """True when a regex refusal concerns a body holding code points Python's Unicode
    database does not assign (Python 3.11: Unicode 14) and the regex crate's does (Unicode
    16): `\\w`/`\\d` differ there by design (README.md, "documented differences")."""
    if not any("regex" in error.get("msg", "") for error in detail):
        return False
    return any(unicodedata.category(char) == "Cn" for text in strings_in(body) for char in text)


def clip(data: bytes | str, limit: int = 600) -> str:
    text = repr(data)
    return text if len(text) <= limit else f"{text[:limit]}... ({len(data)} bytes)"


def body_mismatch(route: str, annotation: Any, body: bytes, verdict: Verdict, reply: Reply) -> str | None:
    """Why the server's answer to `body` differs from msgspec's, or None when they agree.

    Documented differences (tests/differential/README.md) are not mismatches:
    - documents nested deeper than MAX_NESTING_DEPTH are refused natively (`json_invalid`);
    - regex classes on code points newer than Python's Unicode database.
    """
    said = f"accepts {clip(repr(verdict.value))}" if verdict.accepted else verdict.error
    header = f"POST {route}\nbody: {clip(body)}\nmsgspec: {said}\n"
    if reply.status == 200:
        if not verdict.accepted:
            return header + f"server: 200 {clip(reply.body)} (accepted what msgspec rejects)"
        expected = msgspec.json.encode(verdict.value)
        if reply.body != expected:
            return header + f"server echoed {clip(reply.body)}\nexpected     {clip(expected)}"
        echoed = msgspec.json.decode(reply.body, type=annotation)
        if not same(echoed, verdict.value):
            return header + f"echo decodes to {echoed!r}, expected {verdict.value!r}"
        return None
    if reply.status != 422:
        return header + f"server: {reply.status} {clip(reply.body)}"
    detail = reply.json()["detail"]
    native = is_native_rejection(detail)
    if nesting_depth(body) > MAX_NESTING_DEPTH and native and is_nesting_refusal(detail):
        return None  # documented: native nesting limit
    if is_unicode_version_gap(body, detail):
        return None  # documented: Unicode versions of Python's `re` and the regex crate
    if verdict.accepted:
        return header + f"server: 422 {clip(json.dumps(detail), 1500)} (native validation rejected a valid body)"
    if not native:
        fallback = clip(json.dumps(detail), 1500)
        return header + f"server: 422 from the bridge's fallback {fallback} (native validation accepted it)"
    return None


# -- parameters --------------------------------------------------------------------------------


def describe(value: Any) -> dict[str, str]:
    """What the param routes echo for a value: its type name and repr."""
    return {"t": type(value).__name__, "r": repr(value)}


def query_values(query: str) -> dict[str, list[str]]:
    """Every value of every key of a query string, decoded like Django/Starlette do
    (`+` is a space, percent-decoding with U+FFFD for bytes that are not UTF-8)."""
    values: dict[str, list[str]] = {}
    for key, value in urllib.parse.parse_qsl(query, keep_blank_values=True, errors="replace"):
        values.setdefault(key, []).append(value)
    return values


def expected_params(params: list[QueryParam], given: dict[str, list[str]]) -> dict[str, Verdict]:
    """What msgspec makes of each parameter's text(s): the last value for scalars, every
    value for lists; an absent parameter takes its default or is missing."""
    verdicts: dict[str, Verdict] = {}
    for param in params:
        texts = given.get(param.wire)
        if not texts:
            verdicts[param.wire] = Verdict(False, error="missing") if param.required else Verdict(True, param.default)
        elif param.is_list:
            verdicts[param.wire] = msgspec_convert(texts, param.msgspec_type)
        else:
            verdicts[param.wire] = msgspec_convert(texts[-1], param.msgspec_type)
    return verdicts


def params_mismatch(target: str, params: list[QueryParam], verdicts: dict[str, Verdict], reply: Reply) -> str | None:
    lines = [f"GET {clip(target)}"]
    lines += [
        f"  {wire}: msgspec {'-> ' + clip(repr(v.value)) if v.accepted else v.error}" for wire, v in verdicts.items()
    ]
    header = "\n".join(lines) + "\n"
    refused = {wire for wire, verdict in verdicts.items() if not verdict.accepted}
    if reply.status == 200:
        if refused:
            return header + f"server: 200 {clip(reply.body)} but msgspec refuses {sorted(refused)}"
        echoed = reply.json()
        expected = {param.name: describe(verdicts[param.wire].value) for param in params}
        if echoed != expected:
            return header + f"server echoed {clip(repr(echoed), 1500)}\nexpected     {clip(repr(expected), 1500)}"
        return None
    if reply.status != 422:
        return header + f"server: {reply.status} {clip(reply.body)}"
    detail = reply.json()["detail"]
    rejected = {error["loc"][1] for error in detail}
    if rejected != refused:
        detail_text = clip(json.dumps(detail), 1500)
        return header + f"server rejected {sorted(rejected)}, msgspec {sorted(refused)}: {detail_text}"
    return None

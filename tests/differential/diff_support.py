"""Helpers of the differential tests: building and serving the project, a keep-alive HTTP
client, the routes and their types (read from the live handlers), and the comparisons of
what the server answered with what msgspec answers for the same input."""

from __future__ import annotations

import datetime
import http.client
import json
import os
import sys
import tomllib
import typing
import unicodedata
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import msgspec

PROJECT = Path(__file__).resolve().parent / "project"

#: The #3 feature groups (project/diffv2), one BoltAPI each. Which APIs are built is
#: `[tool.bolt] apis` in project/pyproject.toml (the switch); `BOLT_DIFF_APIS` adds more for
#: one run (`all`, or a comma-separated list of `module:name`), built in a copy of the project.
V2_APIS = [
    "diffv2.api_scalars:api",
    "diffv2.api_collections:api",
    "diffv2.api_unions:api",
    "diffv2.api_structs:api",
    "diffv2.api_params:api",
]

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


def configured_apis() -> list[str]:
    """`[tool.bolt] apis` of project/pyproject.toml: what the checked-in build holds."""
    with (PROJECT / "pyproject.toml").open("rb") as file:
        return list(tomllib.load(file)["tool"]["bolt"]["apis"])


def enabled_apis() -> list[str]:
    """The configured APIs, plus what `BOLT_DIFF_APIS` asks for (`all`: every #3 group)."""
    apis = configured_apis()
    requested = os.environ.get("BOLT_DIFF_APIS", "").strip()
    extra = V2_APIS if requested == "all" else [item.strip() for item in requested.split(",") if item.strip()]
    unknown = set(extra) - set(V2_APIS) - set(apis)
    if unknown:
        raise ValueError(f"BOLT_DIFF_APIS: unknown APIs {sorted(unknown)}; known: {V2_APIS}")
    return apis + [api for api in extra if api not in apis]


def import_api(spec: str) -> Any:
    """The `BoltAPI` named `module:name` (the test process imports the same handler modules)."""
    if str(PROJECT) not in sys.path:
        sys.path.insert(0, str(PROJECT))
    import importlib

    module_name, _, name = spec.partition(":")
    return getattr(importlib.import_module(module_name), name)


def import_project_api() -> Any:
    """The project's original `BoltAPI` (diffshapes.api)."""
    return import_api("diffshapes.api:api")


def project_routes(apis: list[str] | None = None) -> list[Any]:
    """Every route of the given APIs (default: the enabled ones)."""
    return [route for spec in (enabled_apis() if apis is None else apis) for route in import_api(spec)._routes]


def body_routes(prefix: str = "/body/", apis: list[str] | None = None) -> dict[str, Any]:
    """`{path: body type}` of every `POST <prefix><Name>` route (the type with its metadata):
    each takes its body as its one parameter."""
    from django_bolt.runtime.signature import live_params

    routes: dict[str, Any] = {}
    for route in project_routes(apis):
        if route.method != "POST" or not route.path.startswith(prefix):
            continue
        (param,) = live_params(route.handler).values()
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
    """A parameter given several times (list, set, frozenset, tuple[T, ...])."""
    while typing.get_origin(annotation) is Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (list, set, frozenset, tuple):
        return True
    return any(_is_list(arg) for arg in typing.get_args(annotation) if arg is not type(None))


def param_routes(prefix: str, apis: list[str] | None = None) -> dict[str, list[QueryParam]]:
    """`{path: params}` of every `GET <prefix>...` route. Their parameters are all query or
    path parameters, and an Optional one always has an explicit default: a parameter is
    required exactly when it has no default."""
    from django_bolt.runtime.signature import NO_DEFAULT, live_params

    routes: dict[str, list[QueryParam]] = {}
    for route in project_routes(apis):
        if route.method != "GET" or not route.path.startswith(prefix):
            continue
        routes[route.path] = [
            QueryParam(
                name=param.name,
                wire=(param.marker.alias if param.marker else None) or param.name,
                msgspec_type=_with_constraints(param.annotation, param.constraints()),
                required=param.default is NO_DEFAULT,
                default=param.default,
                is_list=_is_list(param.annotation),
            )
            for param in live_params(route.handler).values()
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
    if isinstance(left, (list, tuple)):
        return len(left) == len(right) and all(same(a, b) for a, b in zip(left, right, strict=True))
    if isinstance(left, dict):
        pairs = zip(left.items(), right.items(), strict=False)
        return len(left) == len(right) and all(same(a, c) and same(b, d) for (a, b), (c, d) in pairs)
    if isinstance(left, (set, frozenset)):
        return sorted(map(canonical, left)) == sorted(map(canonical, right))
    if isinstance(left, (float, Decimal, datetime.datetime, datetime.time, datetime.date, datetime.timedelta)):
        return repr(left) == repr(right)  # -0.0, Decimal('1.0') vs Decimal('1.00'), tzinfo, fold
    return bool(left == right)


def canonical(value: Any) -> str:
    """project/diffv2/shape.py's canonical text (what the #3 routes echo)."""
    import_api("diffshapes.api:api")  # puts the project on sys.path
    from diffv2.shape import canonical as text_of

    return str(text_of(value))


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
    return refusal_mismatch(header, body, verdict, reply)


def typed_body_mismatch(route: str, body: bytes, verdict: Verdict, reply: Reply) -> str | None:
    """`body_mismatch` for the #3 routes, which echo `{"r": canonical(decoded)}`: the
    object the handler got must be msgspec's exactly, type by type (set vs frozenset, tuple
    vs list, bytes vs bytearray, Enum members, Decimal text, datetime tzinfo and fold)."""
    said = f"accepts {clip(repr(verdict.value))}" if verdict.accepted else verdict.error
    header = f"POST {route}\nbody: {clip(body)}\nmsgspec: {said}\n"
    if reply.status == 200:
        if not verdict.accepted:
            return header + f"server: 200 {clip(reply.body)} (accepted what msgspec rejects)"
        echoed = reply.json().get("r")
        expected = canonical(verdict.value)
        if echoed != expected:
            return header + f"server decoded {clip(str(echoed), 1500)}\nmsgspec       {clip(expected, 1500)}"
        return None
    return refusal_mismatch(header, body, verdict, reply)


def refusal_mismatch(header: str, body: bytes, verdict: Verdict, reply: Reply) -> str | None:
    """The server refused `body`: a mismatch unless msgspec refuses it too and the 422 came
    from native validation (or a documented difference applies)."""
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


def params_mismatch(
    target: str,
    params: list[QueryParam],
    verdicts: dict[str, Verdict],
    reply: Reply,
    describe: Callable[[Any], dict[str, str]] = describe,
) -> str | None:
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

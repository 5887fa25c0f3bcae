"""Path/query/header/cookie parameters of every scalar type, sequences and parameter models,
over real HTTP: each handler receives exactly what `msgspec.convert(text, T, strict=False)`
returns (msgspec itself is the oracle here), and invalid text is a 422 listing every error.

The handlers are `tests/e2e/project/paramtypes/api.py` (under `/params`); they answer each
value's exact type name and `repr`.
"""

from __future__ import annotations

import datetime
import decimal
import enum
import json
import uuid
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlencode

import msgspec
import pytest

from e2e_support import Reply, request

M = msgspec.Meta


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Num(enum.IntEnum):
    ONE = 1
    TWO = 2


class Filters(msgspec.Struct):
    q: str
    page: int = 1
    tags: list[str] = []
    since: datetime.date | None = None
    color: Color = Color.RED


class Tracing(msgspec.Struct, rename="kebab"):
    request_id: uuid.UUID
    client_version: int = 0


class Prefs(msgspec.Struct):
    theme: Literal["dark", "light"] = "light"
    visits: int = 0


def describe(value: Any) -> dict[str, str]:
    """What the handlers answer for a value (see paramtypes/api.py)."""
    shown = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
    return {"type": type(value).__name__, "repr": repr(shown)}


def lax(text: Any, annotation: Any) -> dict[str, str]:
    """What the handler must have received: msgspec's own lax conversion of the text."""
    return describe(msgspec.convert(text, annotation, strict=False))


def get(port: int, path: str, **kwargs: Any) -> Reply:
    return request(port, "GET", path, **kwargs)


def ok(reply: Reply) -> Any:
    assert reply.status == 200, (reply.status, reply.body)
    return reply.json()


def errors(reply: Reply) -> list[tuple[str, list[Any], str]]:
    """`(type, loc, msg)` of each 422 error, sorted."""
    assert reply.status == 422, (reply.status, reply.body)
    return sorted(((e["type"], e["loc"], e["msg"]) for e in reply.json()["detail"]), key=json.dumps)


# -- scalars -------------------------------------------------------------------------------

UUID_TEXT = "12345678-1234-5678-1234-567812345678"


@pytest.mark.parametrize(
    ("dt", "d", "u", "color"),
    [
        ("2024-01-02T03:04:05Z", "2024-01-02", UUID_TEXT, "red"),
        ("2024-01-02T03:04:05.1234567+01:30", "1999-12-31", UUID_TEXT.replace("-", "").upper(), "blue"),
        ("1700000000.5", "2024-02-29", UUID_TEXT, "red"),
        ("2024-01-02 03:04:05", "0001-01-01", UUID_TEXT, "blue"),
    ],
)
def test_path_params_of_string_encoded_types_are_msgspec_values(port, dt, d, u, color):
    reply = get(port, f"/params/path/{quote(dt)}/{d}/{u}/{color}")
    assert ok(reply) == {
        "dt": lax(dt, datetime.datetime),
        "d": lax(d, datetime.date),
        "u": lax(u, uuid.UUID),
        "color": lax(color, Color),
    }


def test_path_param_errors_are_worded_like_msgspec(port):
    reply = get(port, "/params/path/soon/2024-02-30/nope/green")
    assert errors(reply) == sorted(
        [
            ("datetime_parsing", ["path", "dt"], "Invalid RFC3339 encoded datetime"),
            ("date_parsing", ["path", "d"], "Invalid RFC3339 encoded date"),
            ("uuid_parsing", ["path", "u"], "Invalid UUID"),
            ("enum", ["path", "color"], "Invalid enum value 'green'"),
        ],
        key=json.dumps,
    )


REQUIRED = {
    "aware": "2024-01-02T03:04:05-05:00",
    "t": "23:59:59.999999Z",
    "td": "P1DT2H3M4.5S",
    "dec": "1.50",
    "raw": "aGVsbG8=",
    "num": "2",
    "lit": "b",
}
REQUIRED_TYPES = {
    "aware": Annotated[datetime.datetime, M(tz=True)],
    "t": datetime.time,
    "td": datetime.timedelta,
    "dec": decimal.Decimal,
    "raw": bytes,
    "num": Num,
    "lit": Literal["a", "b"],
}


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {"td": "-3600.25", "dec": "-0", "num": "1", "raw": ""},
        {"aware": "0", "td": "PT0S", "dec": "NaN", "t": "00:00:00+23:59"},
        {"dec": " 1_000.5 ", "td": "p1d", "aware": "2024-01-02t03:04:05z"},
    ],
)
def test_required_query_params_of_every_scalar_type(port, overrides):
    texts = {**REQUIRED, **overrides}
    reply = get(port, "/params/required?" + urlencode(texts))
    assert ok(reply) == {name: lax(text, REQUIRED_TYPES[name]) for name, text in texts.items()}


def test_required_query_params_report_every_error(port):
    texts = {
        "aware": "2024-01-02T03:04:05",
        "t": "24:00:00",
        "td": "P1W",
        "dec": "1,5",
        "raw": "aGVsbG8",
        "num": "3",
    }
    reply = get(port, "/params/required?" + urlencode(texts))
    assert errors(reply) == sorted(
        [
            ("timezone_aware", ["query", "aware"], "Expected `datetime` with a timezone component"),
            ("time_parsing", ["query", "t"], "Invalid RFC3339 encoded time"),
            (
                "time_delta_parsing",
                ["query", "td"],
                "Only units 'D', 'H', 'M', and 'S' are supported when parsing ISO8601 durations",
            ),
            ("decimal_parsing", ["query", "dec"], "Invalid decimal string"),
            ("bytes_parsing", ["query", "raw"], "Invalid base64 encoded string"),
            ("enum", ["query", "num"], "Invalid enum value 3"),
            ("missing", ["query", "lit"], "Field required"),
        ],
        key=json.dumps,
    )


def test_optional_params_take_null_and_their_converted_values(port):
    texts = {
        "dt": "null",
        "naive": "2024-01-02T03:04:05",
        "u": UUID_TEXT,
        "dec": "1e3",
        "color": "blue",
        "buf": "YWJj",
        "short": "YWJj",
    }
    reply = get(port, "/params/optional?" + urlencode(texts))
    types = {
        "naive": Annotated[datetime.datetime, M(tz=False)] | None,
        "u": uuid.UUID | None,
        "dec": decimal.Decimal | None,
        "color": Color | None,
        "buf": bytearray | None,
        "short": Annotated[bytes, M(max_length=3)] | None,
    }
    assert ok(reply) == {name: lax(texts[name], annotation) for name, annotation in types.items()}
    assert ok(get(port, "/params/optional?color=NULL")) == {}


def test_optional_param_errors(port):
    reply = get(port, "/params/optional?naive=0&short=YWJjZA%3D%3D&color=Red&u=null")
    found = {tuple(e["loc"]): e["msg"] for e in reply.json()["detail"]}
    assert reply.status == 422
    assert found == {
        ("query", "naive"): "Expected `datetime` with no timezone component",
        ("query", "short"): "Expected `bytes` of length <= 3",
        ("query", "color"): "Invalid enum value 'Red'",
    }


# -- unions --------------------------------------------------------------------------------

UNION_TYPES = {
    "a": int | str,
    "b": int | datetime.datetime | None,
    "c": Literal[1, 2] | None,
    "d": int | float,
    "e": bool | int,
}


@pytest.mark.parametrize(
    "texts",
    [
        {"a": "1", "b": "1", "c": "2", "d": "1", "e": "1"},
        {"a": "x", "b": "2024-01-02T03:04:05Z", "c": "null", "d": "1.5", "e": "true"},
        {"a": "null", "b": "null", "d": "1e3", "e": "2"},
    ],
)
def test_unions_convert_like_msgspec(port, texts):
    reply = get(port, "/params/unions?" + urlencode(texts))
    expected = {name: lax(text, UNION_TYPES[name]) for name, text in texts.items()}
    expected = {name: value for name, value in expected.items() if value["type"] != "NoneType"}
    assert ok(reply) == {**{"a": describe(0), "d": describe(0), "e": describe(0)}, **expected}


def test_union_errors_name_every_alternative(port):
    reply = get(port, "/params/unions?b=soon&c=3&d=x&e=maybe")
    found = {tuple(e["loc"]): e["msg"] for e in reply.json()["detail"]}
    assert reply.status == 422
    assert found == {
        ("query", "b"): "Invalid RFC3339 encoded datetime",
        ("query", "c"): "Invalid enum value 3",
        ("query", "d"): "Expected `int | float`, got `str`",
        ("query", "e"): "Expected `bool | int`, got `str`",
    }


# -- sequences -----------------------------------------------------------------------------


def test_repeated_keys_build_sets_tuples_and_lists(port):
    query = (
        "ids=3&ids=1&ids=3&names=b&names=a&nums=1&nums=2"
        "&days=2024-01-02&days=2024-01-03&colors=red&colors=blue"
    )
    reply = get(port, "/params/sequences?" + query)
    assert ok(reply) == {
        "ids": lax(["3", "1", "3"], set[int]),
        "names": lax(["b", "a"], frozenset[str]),
        "nums": lax(["1", "2"], tuple[int, ...]),
        "days": lax(["2024-01-02", "2024-01-03"], list[datetime.date]),
        "colors": lax(["red", "blue"], list[Color]),
    }
    assert ok(get(port, "/params/sequences?ids=5")) == {"ids": describe({5})}


def test_sequence_errors_are_located_by_index(port):
    reply = get(port, "/params/sequences?ids=1&ids=x&days=2024-01-02&days=never&colors=green")
    found = {tuple(e["loc"]): e["msg"] for e in reply.json()["detail"]}
    assert reply.status == 422
    assert found == {
        ("query", "ids", 1): "Expected `int`, got `str`",
        ("query", "days", 1): "Invalid RFC3339 encoded date",
        ("query", "colors", 0): "Invalid enum value 'green'",
    }
    assert errors(get(port, "/params/sequences")) == [("missing", ["query", "ids"], "Field required")]


# -- headers and cookies -------------------------------------------------------------------


def test_header_and_cookie_params_of_new_types(port):
    headers = {
        "X-When": "2024-01-02T03:04:05+02:00",
        "X-Request-Id": UUID_TEXT,
        "X-Level": "2",
        "Cookie": "theme=blue",
    }
    reply = get(port, "/params/headers", headers=headers)
    assert ok(reply) == {
        "x_when": lax(headers["X-When"], datetime.datetime),
        "request_id": lax(UUID_TEXT, uuid.UUID),
        "theme": lax("blue", Color),
        "x_level": lax("2", Num),
    }


def test_header_and_cookie_errors(port):
    reply = get(port, "/params/headers", headers={"X-When": "yesterday", "X-Level": "9", "Cookie": "theme=x"})
    found = {tuple(e["loc"]): (e["type"], e["msg"]) for e in reply.json()["detail"]}
    assert reply.status == 422
    assert found == {
        ("header", "x-when"): ("datetime_parsing", "Invalid RFC3339 encoded datetime"),
        ("header", "x-request-id"): ("missing", "Field required"),
        ("header", "x-level"): ("enum", "Invalid enum value 9"),
        ("cookie", "theme"): ("enum", "Invalid enum value 'x'"),
    }


# -- parameter models ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        {"q": "shoes"},
        {"q": "shoes", "page": "2", "since": "2024-01-02", "color": "blue"},
        {"q": "", "since": "null", "page": "1e1"},
    ],
)
def test_query_model_is_built_from_its_fields(port, query):
    reply = get(port, "/params/model?" + urlencode(query))
    assert ok(reply) == {"filters": lax(query, Filters)}


def test_query_model_list_field_takes_repeated_keys(port):
    reply = get(port, "/params/model?q=x&tags=a&tags=b")
    assert ok(reply) == {"filters": describe(Filters(q="x", tags=["a", "b"]))}


def test_query_model_reports_every_field_error(port):
    reply = get(port, "/params/model?page=zero&since=someday&color=green")
    assert errors(reply) == sorted(
        [
            ("missing", ["query", "q"], "Field required"),
            ("int_parsing", ["query", "page"], "Expected `int`, got `str`"),
            ("date_parsing", ["query", "since"], "Invalid RFC3339 encoded date"),
            ("enum", ["query", "color"], "Invalid enum value 'green'"),
        ],
        key=json.dumps,
    )


def test_header_model_reads_kebab_keys_case_insensitively(port):
    reply = get(port, "/params/header-model", headers={"REQUEST-ID": UUID_TEXT, "Client-Version": "3"})
    assert ok(reply) == {"tracing": describe(Tracing(request_id=uuid.UUID(UUID_TEXT), client_version=3))}
    assert errors(get(port, "/params/header-model")) == [("missing", ["header", "request-id"], "Field required")]


def test_cookie_model_uses_defaults_for_absent_cookies(port):
    assert ok(get(port, "/params/cookie-model")) == {"prefs": describe(Prefs())}
    reply = get(port, "/params/cookie-model", headers={"Cookie": "theme=dark; visits=4"})
    assert ok(reply) == {"prefs": describe(Prefs(theme="dark", visits=4))}
    reply = get(port, "/params/cookie-model", headers={"Cookie": "theme=blue"})
    assert errors(reply) == [("enum", ["cookie", "theme"], "Invalid enum value 'blue'")]

"""Issue #3 ("type fidelity"): every msgspec type a handler can declare behaves natively
exactly like msgspec, over real HTTP, for the #3 routes of project/diffv2:

- `POST /v2/body/<Name>`: hypothesis draws raw bodies from the type's `type_info`
  (diff_strategies.py, diff_texts.py); msgspec accepts → 200 and the handler's object is
  msgspec's, compared type-strictly through `canonical` (diffv2/shape.py); msgspec refuses →
  422 from native validation (diff_support.typed_body_mismatch);
- `GET /v2/query/<name>`: query strings of the new scalar types, compared with
  `msgspec.convert(text, T, strict=False)` like test_diff_params.py.

Only the #3 groups switched on in project/pyproject.toml (or added by `BOLT_DIFF_APIS`) are
built and tested; when none is, one test is skipped with the command that runs them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import msgspec
import msgspec.inspect as mi
import pytest
from hypothesis import example, given

from diff_regressions import ALWAYS, V2_PARAM_REGRESSIONS, V2_REGRESSIONS
from diff_settings import DIFF_SETTINGS
from diff_strategies import body_documents, query_strategy
from diff_support import (
    V2_APIS,
    Client,
    QueryParam,
    body_routes,
    canonical,
    enabled_apis,
    expected_params,
    msgspec_decode,
    param_routes,
    params_mismatch,
    query_values,
    typed_body_mismatch,
)

ENABLED = [api for api in enabled_apis() if api in V2_APIS]
BODY_ROUTES = body_routes("/v2/body/", ENABLED) if ENABLED else {}
QUERY_ROUTES = param_routes("/v2/query/", ENABLED) if ENABLED else {}


def describe(value: Any) -> dict[str, str]:
    return {"t": type(value).__name__, "r": canonical(value)}


def make_body_test(route: str, annotation: Any) -> Callable[..., None]:
    decoder = msgspec.json.Decoder(annotation)

    @DIFF_SETTINGS
    @given(body=body_documents(mi.type_info(annotation)))
    def test(diff_client: Client, body: bytes) -> None:
        verdict = msgspec_decode(decoder, body)
        reply = diff_client.request("POST", route, body)
        mismatch = typed_body_mismatch(route, body, verdict, reply)
        assert mismatch is None, mismatch

    for body in [*ALWAYS, *V2_REGRESSIONS.get(route, [])]:
        test = example(body=body)(test)
    return test


def make_query_test(route: str, params: list[QueryParam]) -> Callable[..., None]:
    @DIFF_SETTINGS
    @given(query=query_strategy(params))
    def test(diff_client: Client, query: str) -> None:
        target = f"{route}?{query}" if query else route
        verdicts = expected_params(params, query_values(query))
        reply = diff_client.request("GET", target)
        mismatch = params_mismatch(target, params, verdicts, reply, describe=describe)
        assert mismatch is None, mismatch

    for query in V2_PARAM_REGRESSIONS.get(route, []):
        test = example(query=query)(test)
    return test


def test_v2_groups_enabled() -> None:
    if not ENABLED:
        pytest.skip(
            "no #3 API group is switched on: uncomment them in tests/differential/project/pyproject.toml, "
            "or run `BOLT_DIFF_APIS=all pytest tests/differential/test_diff_v2.py`"
        )
    if set(ENABLED) == set(V2_APIS):
        assert not set(V2_REGRESSIONS) - set(BODY_ROUTES), "regressions for unknown routes"
        assert not set(V2_PARAM_REGRESSIONS) - set(QUERY_ROUTES), "regressions for unknown routes"


for _route, _annotation in BODY_ROUTES.items():
    _name = "test_v2_body_" + _route.removeprefix("/v2/body/")
    globals()[_name] = make_body_test(_route, _annotation)
    globals()[_name].__name__ = _name

for _route, _params in QUERY_ROUTES.items():
    _name = "test_v2_query_" + _route.removeprefix("/v2/query/")
    globals()[_name] = make_query_test(_route, _params)
    globals()[_name].__name__ = _name

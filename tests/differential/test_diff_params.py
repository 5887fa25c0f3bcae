"""Query and path parameters: native coercion yields exactly what
`msgspec.convert(text, T, strict=False)` yields (the lax mode bolt-runtime's extract/coerce.rs
implements), or refuses exactly the parameters msgspec refuses.

The query string is built from raw, percent-encoded pieces (some deliberately malformed:
`%zz`, `%FF`, lone `+`, keys without `=`, empty pieces); what each parameter was given is
decoded independently with `urllib.parse.parse_qsl` (Django's reading). Scalars given several
times take the last value; lists take every value. Each route echoes
`{name: {"t": type name, "r": repr}}`, so values are compared exactly (`1` vs `1.0` vs
`True`, `nan`, `-0.0`, big ints).
"""

from __future__ import annotations

import random
import urllib.parse
from collections.abc import Callable

import msgspec.inspect as mi
from hypothesis import example, given
from hypothesis import strategies as st

from diff_regressions import PARAM_REGRESSIONS, PATH_REGRESSIONS
from diff_settings import DIFF_SETTINGS
from diff_strategies import param_texts, query_strategy, seeds
from diff_support import Client, QueryParam, expected_params, param_routes, params_mismatch, query_values

QUERY_ROUTES = param_routes("/query/")
PATH_ROUTES = param_routes("/path/")


def make_query_test(route: str, params: list[QueryParam]) -> Callable[..., None]:
    @DIFF_SETTINGS
    @given(query=query_strategy(params))
    def test(diff_client: Client, query: str) -> None:
        target = f"{route}?{query}" if query else route
        verdicts = expected_params(params, query_values(query))
        reply = diff_client.request("GET", target)
        mismatch = params_mismatch(target, params, verdicts, reply)
        assert mismatch is None, mismatch

    for query in PARAM_REGRESSIONS.get(route, []):
        test = example(query=query)(test)
    return test


def path_strategy(params: list[QueryParam]) -> st.SearchStrategy[list[str]]:
    texts = [param_texts(mi.type_info(param.msgspec_type)) for param in params]

    @st.composite
    def segments(draw: st.DrawFn) -> list[str]:
        chooser = random.Random(draw(seeds))
        out = []
        for strategy in texts:
            text = draw(strategy)
            # An empty segment does not match the route, and clients resolve dot segments.
            segment = urllib.parse.quote(text, safe=chooser.choice(["", "", "!$&'()*+,;=:@", "~-._"]))
            out.append(segment if segment not in ("", ".", "..") else "x")
        return out

    return segments()


def make_path_test(template: str, params: list[QueryParam]) -> Callable[..., None]:
    @DIFF_SETTINGS
    @given(segments=path_strategy(params))
    def test(diff_client: Client, segments: list[str]) -> None:
        target = template
        given_texts = {}
        for param, segment in zip(params, segments, strict=True):
            target = target.replace("{" + param.name + "}", segment)
            given_texts[param.wire] = [urllib.parse.unquote(segment, errors="replace")]
        verdicts = expected_params(params, given_texts)
        reply = diff_client.request("GET", target)
        mismatch = params_mismatch(target, params, verdicts, reply)
        assert mismatch is None, mismatch

    for segments in PATH_REGRESSIONS.get(template, []):
        test = example(segments=segments)(test)
    return test


def test_every_param_route_is_tested() -> None:
    assert len(QUERY_ROUTES) >= 15, sorted(QUERY_ROUTES)
    assert len(PATH_ROUTES) >= 2, sorted(PATH_ROUTES)
    assert not set(PARAM_REGRESSIONS) - set(QUERY_ROUTES), "regressions for unknown routes"
    assert not set(PATH_REGRESSIONS) - set(PATH_ROUTES), "regressions for unknown routes"


for _route, _params in QUERY_ROUTES.items():
    _name = "test_query_" + _route.removeprefix("/query/")
    globals()[_name] = make_query_test(_route, _params)
    globals()[_name].__name__ = _name

for _route, _params in PATH_ROUTES.items():
    _literal = [part for part in _route.split("/")[2:] if not part.startswith("{")]
    _name = "test_path_" + ("_".join(_literal) or "scalars")
    globals()[_name] = make_path_test(_route, _params)
    globals()[_name].__name__ = _name

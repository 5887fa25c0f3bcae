"""The #3 strategies checked against msgspec alone (no server): for every #3 body route and
query parameter, generated inputs must land on both sides of msgspec's verdict often enough
to test anything (a healthy mix of accepted and rejected inputs), and every route must have a
strategy at all. Runs whether or not the #3 groups are built.

`pytest tests/differential/test_diff_v2_strategies.py -s` prints the accepted ratio of each.
"""

from __future__ import annotations

from typing import Any

import msgspec
import msgspec.inspect as mi
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diff_strategies import body_documents, fixed_tuple_of, fixed_tuple_texts, param_texts
from diff_support import V2_APIS, body_routes, msgspec_convert, msgspec_decode, param_routes

BODY_ROUTES = body_routes("/v2/body/", V2_APIS)
QUERY_PARAMS = [
    (route, param) for route, params in sorted(param_routes("/v2/query/", V2_APIS).items()) for param in params
]
DRAWS = 100
#: Accepted share a strategy must reach on each side (bodies are half valid by design).
LOW, HIGH = 0.12, 0.9

MIX_SETTINGS = settings(
    max_examples=DRAWS,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


def accepted_ratio(strategy: st.SearchStrategy[Any], judge: Any) -> tuple[float, int]:
    verdicts: list[bool] = []

    @MIX_SETTINGS
    @given(value=strategy)
    def draw(value: Any) -> None:
        verdicts.append(judge(value))

    draw()
    return sum(verdicts) / len(verdicts), len(verdicts)


def test_every_v2_feature_group_has_routes() -> None:
    assert len(BODY_ROUTES) >= 35, sorted(BODY_ROUTES)
    assert len({route for route, _ in QUERY_PARAMS}) >= 15


@pytest.mark.parametrize("route", sorted(BODY_ROUTES))
def test_v2_body_strategy_mixes_accepted_and_rejected(route: str) -> None:
    annotation = BODY_ROUTES[route]
    decoder = msgspec.json.Decoder(annotation)
    strategy = body_documents(mi.type_info(annotation))
    ratio, count = accepted_ratio(strategy, lambda body: msgspec_decode(decoder, body).accepted)
    print(f"{route}: {ratio:.0%} of {count} bodies accepted by msgspec")
    assert LOW <= ratio <= HIGH, f"{route}: {ratio:.0%} accepted"


@pytest.mark.parametrize(("route", "param"), QUERY_PARAMS, ids=[f"{r}:{p.name}" for r, p in QUERY_PARAMS])
def test_v2_param_strategy_mixes_accepted_and_rejected(route: str, param: Any) -> None:
    def judge(text: str | list[str]) -> bool:
        value: Any = [text] if param.is_list and isinstance(text, str) else text
        return msgspec_convert(value, param.msgspec_type).accepted

    info = mi.type_info(param.msgspec_type)
    fixed = fixed_tuple_of(info)
    strategy = fixed_tuple_texts(fixed) if fixed is not None else param_texts(info)
    ratio, count = accepted_ratio(strategy, judge)
    print(f"{route} {param.name}: {ratio:.0%} of {count} texts accepted by msgspec")
    # Every text is a valid `str`: a union with `str` accepts them all.
    takes_any_text = any(isinstance(member, mi.StrType) for member in getattr(info, "types", ()))
    assert 0.05 <= ratio <= (1.0 if takes_any_text else 0.95), f"{route} {param.name}: {ratio:.0%} accepted"

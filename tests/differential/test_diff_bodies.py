"""Rule 8: for every body type, native validation accepts/rejects exactly what
`msgspec.json.decode(body, type=T)` does, and the object the handler gets is msgspec's.

One test per `POST /body/<Name>` route of the project (generated below): hypothesis draws raw
bodies from the type's `type_info` (diff_strategies.py), each is POSTed and decoded by msgspec,
and the answers are compared (diff_support.body_mismatch):
- msgspec accepts → 200 and the echo is exactly `msgspec.json.encode(decoded)`, which decodes
  back to values of the same types;
- msgspec refuses → 422 *from native validation* (a 422 from the bridge's fallback means
  native validation accepted what msgspec refuses: a mismatch).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import msgspec
import msgspec.inspect as mi
from hypothesis import example, given

from diff_regressions import ALWAYS, REGRESSIONS
from diff_settings import DIFF_SETTINGS
from diff_strategies import body_documents
from diff_support import Client, body_mismatch, body_routes, msgspec_decode

ROUTES = body_routes()


def make_body_test(route: str, annotation: Any) -> Callable[..., None]:
    decoder = msgspec.json.Decoder(annotation)

    @DIFF_SETTINGS
    @given(body=body_documents(mi.type_info(annotation)))
    def test(diff_client: Client, body: bytes) -> None:
        verdict = msgspec_decode(decoder, body)
        reply = diff_client.request("POST", route, body)
        mismatch = body_mismatch(route, annotation, body, verdict, reply)
        assert mismatch is None, mismatch

    for body in [*ALWAYS, *REGRESSIONS.get(route, [])]:
        test = example(body=body)(test)
    return test


def test_every_body_route_is_tested() -> None:
    assert len(ROUTES) >= 30, sorted(ROUTES)
    assert not set(REGRESSIONS) - set(ROUTES), "regressions for unknown routes"


for _route, _annotation in ROUTES.items():
    _name = "test_body_" + _route.removeprefix("/body/")
    globals()[_name] = make_body_test(_route, _annotation)
    globals()[_name].__name__ = _name

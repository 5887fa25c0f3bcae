"""Launches the floor reference server: `python serve.py EXTENSION.so --host H --port P`.

The handler is one Python call per request that does exactly the endpoint's own Python work
and nothing else: `handler_work.steps()` — msgspec decoding of the same body bytes (the server
reads the request body but does not pass it on), the benchmark API's handler function, msgspec
encoding of its result — and returns the answer bytes. No routing, validation or framework
code: what is left is actix-web, one pyo3 call and the kernel moving the same bytes at the same
request rate as every framework, so its CPU per request on an endpoint is the least any
framework calling Python once per request can spend there (the report's "floor per endpoint").
On `GET /` that work is encoding a 27-byte dict: the floor of the whole stack.

Needs the Bolt venv (Django, msgspec) and the Django bench app on `PYTHONPATH`.
"""

from __future__ import annotations

import argparse
import importlib.util

import handler_work

# The request paths the harness sends → the endpoint's work (the 422 endpoint is not served:
# the floor answers 200 only).
PATHS = {
    "/": "root",
    "/items/42": "items_get",
    "/items": "items_post",
    "/bulk": "bulk",
    "/json10k": "json10k",
    "/async": "async",
    "/users": "users_async",
    "/users/sync": "users_sync",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("extension", help="path of the built _bolt_floor extension (.so)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()

    spec = importlib.util.spec_from_file_location("_bolt_floor", args.extension)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    steps = handler_work.steps()
    by_path = {path: steps[key] for path, key in PATHS.items()}
    root = by_path["/"]

    def answer(path: str) -> bytes:
        return by_path.get(path, root)()

    print(f"floor serving on http://{args.host}:{args.port}", flush=True)
    module.serve(answer, args.host, args.port)


if __name__ == "__main__":
    main()

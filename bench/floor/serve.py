"""Launches the floor reference server: `python serve.py EXTENSION.so --host H --port P`.

The handler is the most trivial Python function that yields a response body: it returns a
prebuilt `bytes` object for the request path — the same bytes every framework answers on
`GET /`, `POST /items` (the 1 KB item echoed), `POST /bulk` and `GET /json10k` — so the floor of a
body or big-response endpoint includes moving those bytes through the kernel and actix, and no
Python work (that is timed separately by `handler_work.py`).
"""

from __future__ import annotations

import argparse
import importlib.util

import payloads


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

    answers = {
        "/": payloads.dumps(payloads.HELLO),
        "/items": payloads.dumps(payloads.ITEM_1K),
        "/bulk": payloads.dumps({"count": payloads.BULK_ITEMS}),
        "/json10k": payloads.dumps(payloads.RESPONSE_10K),
    }
    hello = answers["/"]

    def answer(path: str) -> bytes:
        return answers.get(path, hello)

    print(f"floor serving on http://{args.host}:{args.port}", flush=True)
    module.serve(answer, args.host, args.port)


if __name__ == "__main__":
    main()

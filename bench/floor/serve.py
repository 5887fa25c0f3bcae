"""Launches the floor reference server: `python serve.py EXTENSION.so --host H --port P`.

The handler is the most trivial Python function that yields a response body: it returns a
prebuilt `bytes` object (the same `{"message": "Hello, World!"}` every framework answers on `GET /`).
"""

from __future__ import annotations

import argparse
import importlib.util
import json


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

    body = json.dumps({"message": "Hello, World!"}, separators=(",", ":")).encode()

    def hello() -> bytes:
        return body

    print(f"floor serving on http://{args.host}:{args.port}", flush=True)
    module.serve(hello, args.host, args.port)


if __name__ == "__main__":
    main()

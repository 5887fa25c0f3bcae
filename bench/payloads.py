"""The payloads every framework under test sends and answers, generated the same way for all.

Standard library only: the harness (any Python) and every app (its own venv) import this file
(`bench/` is put on `PYTHONPATH` by `bench/run`). Everything is deterministic, so each framework
receives and returns byte-identical JSON.

Wire shape of one item (the same Struct / model in every app)::

    {"id": int, "name": str, "price": float, "in_stock": bool, "tags": [str, ...], "description": str}
"""

from __future__ import annotations

import json

ITEM_FIELDS = ("id", "name", "price", "in_stock", "tags", "description")

#: Items in the ~10 KB `list[Item]` body of `POST /bulk` and in the ~10 KB `GET /json10k` answer.
BULK_ITEMS = 40

#: `GET /` answer.
HELLO = {"message": "Hello, World!"}


def dumps(obj: object) -> bytes:
    """Compact JSON, as the load generator sends it."""
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode()


def make_item(i: int, size: int) -> dict:
    """Item number `i`, its description padded so that its compact JSON is `size` bytes."""
    item = {
        "id": i,
        "name": f"item-{i:05d}",
        "price": round(10.0 + i * 0.25, 2),
        "in_stock": i % 3 != 0,
        "tags": [f"tag{i % 7}", f"group{i % 5}", "bench"],
        "description": "",
    }
    filler = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor "
    missing = size - len(dumps(item))
    if missing > 0:
        item["description"] = (filler * (missing // len(filler) + 1))[:missing].rstrip() or "x"
        item["description"] += "." * (size - len(dumps(item)))
    return item


#: `POST /items` body (~1 KB): echoed back by every framework.
ITEM_1K = make_item(1, 1024)

#: `POST /bulk` body (~10 KB): 40 items of ~256 B; answered with `{"count": 40}`.
BULK_10K = [make_item(i, 256) for i in range(BULK_ITEMS)]

#: `GET /json10k` answer (~10 KB): a list of 40 item dicts, JSON-encoded per request by each framework.
RESPONSE_10K = [make_item(1000 + i, 256) for i in range(BULK_ITEMS)]

#: `POST /items` invalid body: wrong types, a missing field; every framework answers 422.
INVALID_ITEM = {"id": "not-an-int", "name": 42, "price": "free", "in_stock": "maybe", "tags": "x"}

#: Rows of the `User` table of the Django apps (`GET /users` returns the first 10).
USERS = [
    {"username": f"user{i:02d}", "email": f"user{i:02d}@example.com", "is_active": i % 4 != 0, "score": i * 10}
    for i in range(1, 11)
]


def bodies() -> dict[str, bytes]:
    """Request bodies by name, as files for the load generator."""
    return {"item_1k": dumps(ITEM_1K), "bulk_10k": dumps(BULK_10K), "invalid_item": dumps(INVALID_ITEM)}


if __name__ == "__main__":  # sizes, for the record
    for name, body in bodies().items():
        print(f"{name}: {len(body)} bytes")
    print(f"response_10k: {len(dumps(RESPONSE_10K))} bytes")

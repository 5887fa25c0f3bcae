"""The manifest discover would write for ``sampleapp.api`` (hand-written, as JSON data)."""

import copy
from typing import Any

SPAN = {"file": "sampleapp/api.py", "line": 1, "column": 1}

_MANIFEST: dict[str, Any] = {
    "version": 1,
    "apis": [{"module": "sampleapp.api", "name": "api", "prefix": "/api", "span": SPAN}],
    "routes": [
        {
            "method": "GET",
            "path": "/api",
            "api": "sampleapp.api:api",
            "handler": {"module": "sampleapp.api", "qualname": "root", "kind": "sync"},
            "params": [],
            "status_code": 200,
            "response": {"type": "dict", "keys": {"type": "str"}, "values": {"type": "any"}},
            "span": SPAN,
        },
        {
            "method": "POST",
            "path": "/api/items",
            "api": "sampleapp.api:api",
            "handler": {"module": "sampleapp.api", "qualname": "create_item", "kind": "async_awaiting"},
            "params": [
                {
                    "name": "item",
                    "source": "body",
                    "type": {"type": "struct", "name": "sampleapp.api.Item"},
                    "required": True,
                },
                {"name": "request", "source": "request", "type": {"type": "any"}, "required": True},
            ],
            "status_code": 201,
            "response": {"type": "dict", "keys": {"type": "str"}, "values": {"type": "any"}},
            "span": SPAN,
        },
        {
            "method": "GET",
            "path": "/api/items/{item_id}",
            "api": "sampleapp.api:api",
            "handler": {"module": "sampleapp.api", "qualname": "get_item", "kind": "async_inline"},
            "params": [
                {"name": "item_id", "source": "path", "type": {"type": "int"}, "required": True},
                {
                    "name": "q",
                    "source": "query",
                    "type": {"type": "optional", "inner": {"type": "str"}},
                    "required": False,
                    "default": None,
                },
                {
                    "name": "limit",
                    "source": "query",
                    "type": {"type": "int", "constraints": {"ge": 1, "le": 100}},
                    "required": False,
                    "default": 10,
                },
                {"name": "x_token", "source": "header", "alias": "X-Token", "type": {"type": "str"}, "required": True},
                {
                    "name": "session",
                    "source": "cookie",
                    "type": {"type": "optional", "inner": {"type": "str"}},
                    "required": False,
                    "default": None,
                },
            ],
            "status_code": 200,
            "response": {"type": "struct", "name": "sampleapp.api.Item"},
            "span": SPAN,
        },
        {
            "method": "PUT",
            "path": "/api/items/{item_id}",
            "api": "sampleapp.api:api",
            "handler": {"module": "sampleapp.api", "qualname": "put_items", "kind": "sync"},
            "params": [
                {"name": "item_id", "source": "path", "type": {"type": "int"}, "required": True},
                {
                    "name": "items",
                    "source": "body",
                    "type": {"type": "list", "items": {"type": "struct", "name": "sampleapp.api.Item"}},
                    "required": True,
                },
                {"name": "dry", "source": "query", "type": {"type": "bool"}, "required": False, "default": False},
            ],
            "status_code": 200,
            "response": {"type": "list", "items": {"type": "struct", "name": "sampleapp.api.Item"}},
            "span": SPAN,
        },
        {
            "method": "GET",
            "path": "/api/json",
            "api": "sampleapp.api:api",
            "handler": {"module": "sampleapp.api", "qualname": "json_", "kind": "sync"},
            "params": [],
            "status_code": 200,
            "span": SPAN,
        },
        {
            "method": "GET",
            "path": "/api/text",
            "api": "sampleapp.api:api",
            "handler": {"module": "sampleapp.api", "qualname": "text", "kind": "sync"},
            "params": [],
            "status_code": 200,
            "span": SPAN,
        },
    ],
    "structs": {
        "sampleapp.api.Item": {
            "module": "sampleapp.api",
            "qualname": "Item",
            "fields": [
                {"name": "name", "type": {"type": "str", "constraints": {"min_length": 1}}, "required": True},
                {"name": "price", "type": {"type": "float"}, "required": True},
                {
                    "name": "tags",
                    "type": {"type": "list", "items": {"type": "struct", "name": "sampleapp.api.Tag"}},
                    "required": False,
                    "default": [],
                },
                {
                    "name": "note",
                    "type": {"type": "optional", "inner": {"type": "str"}},
                    "required": False,
                    "default": None,
                },
            ],
            "span": SPAN,
        },
        "sampleapp.api.Tag": {
            "module": "sampleapp.api",
            "qualname": "Tag",
            "fields": [
                {"name": "name", "type": {"type": "str"}, "required": True},
                {"name": "weight", "type": {"type": "int"}, "required": False, "default": 1},
            ],
            "span": SPAN,
        },
    },
}


def sample_manifest() -> dict[str, Any]:
    """A fresh copy (tests mutate it)."""
    return copy.deepcopy(_MANIFEST)


def route(manifest: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    return next(r for r in manifest["routes"] if r["method"] == method and r["path"] == path)

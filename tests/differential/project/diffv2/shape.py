"""A canonical, type-strict text of a decoded value, computed by the server's handlers and by
the tests alike: the echo msgspec's encoder cannot give (it writes `set`, `frozenset`, `tuple`
and `list` all as arrays, `bytes` and `bytearray` both as base64, an Enum as its value, and
loses `datetime.fold`).

Every node is prefixed with its exact type; floats, Decimals, datetimes and friends are their
`repr` (so `-0.0`, `Decimal('1.0')` vs `Decimal('1.00')`, `tzinfo` and `fold` all show); sets
are sorted (their iteration order depends on each process's hash seed); dicts keep their order.
"""

from __future__ import annotations

import enum
from typing import Any

import msgspec

__all__ = ["canonical", "describe"]


def canonical(value: Any) -> str:
    kind = type(value)
    name = f"{kind.__module__}.{kind.__qualname__}"
    if isinstance(value, msgspec.Struct):
        fields = ", ".join(f"{field}={canonical(getattr(value, field))}" for field in value.__struct_fields__)
        return f"{name}({fields})"
    if isinstance(value, enum.Enum):
        return f"{name}.{value.name}={canonical(value.value)}"
    if kind is list or kind is tuple:
        return f"{name}[" + ", ".join(canonical(item) for item in value) + "]"
    if kind is set or kind is frozenset:
        return f"{name}{{" + ", ".join(sorted(canonical(item) for item in value)) + "}"
    if kind is dict:
        return f"{name}{{" + ", ".join(f"{canonical(k)}: {canonical(v)}" for k, v in value.items()) + "}"
    return f"{name}:{value!r}"


def describe(value: Any) -> dict[str, str]:
    """What the v2 parameter routes echo for a value: its type name and canonical text."""
    return {"t": type(value).__name__, "r": canonical(value)}

"""``shop.pep695`` of discover's types fixture (``bolt-codegen/tests/fixtures/types``) for
Python < 3.12: the same generic Struct written with ``Generic[V]`` instead of PEP 695 syntax,
loaded under the same module name so its manifest key is the same."""

from typing import Generic, TypeVar

from msgspec import Struct

V = TypeVar("V")


class Box(Struct, Generic[V]):
    value: V
    others: list[V] = []

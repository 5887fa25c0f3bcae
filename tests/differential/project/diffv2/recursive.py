"""Recursive and mutually recursive Structs, with postponed annotations
(`from __future__ import annotations`: every annotation here is a string)."""

from __future__ import annotations

from typing import Annotated

import msgspec
from msgspec import Meta


class Num(msgspec.Struct, tag="num"):
    value: float


class Add(msgspec.Struct, tag="add"):
    left: Expr
    right: Expr


class Neg(msgspec.Struct, tag="neg"):
    operand: Expr


Expr = Num | Add | Neg


class Department(msgspec.Struct, rename="camel"):
    dept_name: str
    staff: list[Employee] = []
    parent_dept: Department | None = None


class Employee(msgspec.Struct, kw_only=True):
    full_name: Annotated[str, Meta(min_length=1)]
    manager: Employee | None = None
    department: Department | None = None
    reports: dict[str, Employee] = {}

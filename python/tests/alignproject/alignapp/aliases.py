"""Module-level aliases, imported by the other modules."""

from typing import Annotated, Literal, TypeAlias

from msgspec import Meta

PositiveInt = Annotated[int, Meta(gt=0)]
Tags = list[str]
Short: TypeAlias = Annotated[str, Meta(max_length=8)]
Mode = Literal["a"] | Literal["b"]

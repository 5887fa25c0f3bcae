"""Module-level `Annotated` aliases, used by Structs of other modules."""

from typing import Annotated

import msgspec

PositiveInt = Annotated[int, msgspec.Meta(gt=0)]
Probability = Annotated[float, msgspec.Meta(ge=0, le=1)]
ShortStr = Annotated[str, msgspec.Meta(max_length=4)]
Slug = Annotated[str, msgspec.Meta(min_length=1, max_length=12, pattern="^[a-z0-9-]+$")]
ShortTags = Annotated[list[ShortStr], msgspec.Meta(max_length=3)]

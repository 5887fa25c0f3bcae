"""Class-based views (django-bolt 0.13's ``django_bolt.views``): ``APIView``.

    @api.view("/users/{user_id}")
    class UserView(APIView):
        async def get(self, request, user_id: int) -> User: ...
        def delete(self, user_id: int) -> None: ...

Each method named after an HTTP method is a route at the view's path, compiled like a
function handler (its parameters after ``self`` coerced natively). As in 0.13, each method's
handler is bound to an instance made once at registration, which serves all that method's
requests. ``ViewSet`` and ``ModelViewSet`` are not provided yet: ``bolt build`` refuses
their import.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

__all__ = ["APIView"]


class APIView:
    """Groups the HTTP methods of one resource; see the module docs."""

    http_method_names: ClassVar[tuple[str, ...]] = ("get", "post", "put", "patch", "delete", "head", "options")
    guards: ClassVar[list[Any] | None] = None
    auth: ClassVar[list[Any] | None] = None
    status_code: ClassVar[int | None] = None
    validate_response: ClassVar[bool | None] = None
    include_in_schema: ClassVar[bool | None] = None

    def __init__(self, **kwargs: Any) -> None:
        for key, value in kwargs.items():
            setattr(self, key, value)

    @classmethod
    def get_allowed_methods(cls) -> list[str]:
        """The HTTP methods the class implements, uppercase."""
        return [name.upper() for name in cls.http_method_names if callable(getattr(cls, name, None))]

    @classmethod
    def as_view(cls, method: str) -> Callable[..., Any]:
        """The handler of ``method``: the method bound to a new instance (its
        ``__module__``/``__qualname__`` are the method's, e.g. ``UserView.get``)."""
        name = method.lower()
        if name not in cls.http_method_names or not callable(getattr(cls, name, None)):
            raise ValueError(f"View class {cls.__name__} does not implement method '{name}'")
        bound: Callable[..., Any] = getattr(cls(), name)
        return bound

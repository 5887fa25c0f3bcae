"""Bolt: Django APIs with an HTTP engine compiled per project.

Write handlers as with django-bolt::

    from django_bolt import BoltAPI

    api = BoltAPI()

    @api.get("/items/{item_id}")
    def get_item(item_id: int, q: str | None = None) -> dict:
        return {"item_id": item_id, "q": q}

then ``bolt build`` and ``python manage.py runbolt``.
"""

from . import status_codes as status
from .api import BoltAPI
from .exceptions import (
    BadGateway,
    BadRequest,
    ClientException,
    Conflict,
    Forbidden,
    GatewayTimeout,
    Gone,
    HTTPException,
    InternalServerError,
    MethodNotAllowed,
    NotAcceptable,
    NotFound,
    NotImplemented,
    RequestValidationError,
    ResponseValidationError,
    ServerException,
    ServiceUnavailable,
    StaleBuildError,
    TooManyRequests,
    Unauthorized,
    UnprocessableEntity,
    ValidationException,
)
from .openapi import OpenAPIConfig
from .params import Body, Cookie, Depends, File, Form, Header, Param, Path, Query
from .request import Request
from .responses import HTML, JSON, PlainText, Redirect, Response
from .router import Router
from .views import APIView

__version__ = "0.1.0"

__all__ = [
    "APIView",
    "BadGateway",
    "BadRequest",
    "Body",
    "BoltAPI",
    "ClientException",
    "Conflict",
    "Cookie",
    "Depends",
    "File",
    "Forbidden",
    "Form",
    "GatewayTimeout",
    "Gone",
    "HTML",
    "HTTPException",
    "Header",
    "InternalServerError",
    "JSON",
    "MethodNotAllowed",
    "NotAcceptable",
    "NotFound",
    "NotImplemented",
    "OpenAPIConfig",
    "Param",
    "Path",
    "PlainText",
    "Query",
    "Redirect",
    "Request",
    "RequestValidationError",
    "Response",
    "ResponseValidationError",
    "Router",
    "ServerException",
    "ServiceUnavailable",
    "StaleBuildError",
    "TooManyRequests",
    "Unauthorized",
    "UnprocessableEntity",
    "ValidationException",
    "__version__",
    "status",
]

"""A project's own error formatter (`BoltAPI(error_formatter=...)`)."""

from typing import Any

from django_bolt import JSON
from django_bolt.error_handlers import BoltError


def plain_errors(error: BoltError, request: Any) -> JSON:
    """Every error as `{"error", "message", "fields", "path"}`, with a header of its own."""
    body = {
        "error": error.kind,
        "message": error.detail,
        "fields": [list(field["loc"]) for field in error.errors],
        "path": request.path,
    }
    return JSON(body, status_code=error.status, headers={"X-Error-Kind": error.kind})

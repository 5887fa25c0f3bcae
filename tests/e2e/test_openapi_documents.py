"""The checked-in OpenAPI documents are valid OpenAPI 3.1 (openapi-spec-validator)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openapi_spec_validator import OpenAPIV31SpecValidator, validate

from e2e_support import EXAMPLES, PROJECT

DOCUMENTS = [EXAMPLES / "bolt" / "openapi.json", PROJECT / "bolt" / "openapi.json"]


@pytest.mark.parametrize("path", DOCUMENTS, ids=["examples", "e2e-project"])
def test_checked_in_openapi_is_valid_openapi_3_1(path: Path) -> None:
    document = json.loads(path.read_text())
    assert document["openapi"] == "3.1.0"
    errors = [error.message for error in OpenAPIV31SpecValidator(document).iter_errors()]
    assert errors == [], f"{path} is not valid OpenAPI 3.1:\n" + "\n".join(errors)
    validate(document, cls=OpenAPIV31SpecValidator)


@pytest.mark.parametrize("path", DOCUMENTS, ids=["examples", "e2e-project"])
def test_every_operation_documents_its_errors(path: Path) -> None:
    document = json.loads(path.read_text())
    for route, item in document["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            assert "default" in responses, f"{method.upper()} {route}"
            takes_input = bool(operation.get("parameters")) or "requestBody" in operation
            assert ("422" in responses) == takes_input, f"{method.upper()} {route}"

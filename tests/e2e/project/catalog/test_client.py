"""The same kind of tests with pytest and pytest-django: `django_db` tests run in a
transaction that is rolled back, and the in-process `TestClient` sees it."""

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from django_bolt.testing import AsyncTestClient, TestClient

from .api import api
from .models import Product


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(api) as test_client:
        yield test_client


@pytest.mark.django_db
def test_count_sees_the_rows_of_the_test(client: TestClient) -> None:
    Product.objects.bulk_create([Product(name=f"p{n}", price=1, stock=n) for n in range(3)])
    assert client.get("/api/products/count").json() == {"count": 3}


@pytest.mark.django_db
def test_create_then_read_back(client: TestClient) -> None:
    created = client.post("/api/products", json={"name": "chair", "price": 40.0, "stock": 2})
    assert created.status_code == 201, created.text
    product_id = created.json()["id"]
    assert client.get(f"/api/products/{product_id}").json()["name"] == "chair"
    assert client.get("/api/products/999999").status_code == 404


def test_query_parameters_are_coerced_natively(client: TestClient) -> None:
    response = client.get("/api/kinds/awaiting", params={"delay_ms": "9000"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "delay_ms"]


def test_async_client_answers_inside_a_running_event_loop() -> None:
    async def scenario() -> list[tuple[int, object]]:
        async with AsyncTestClient(api) as client:
            awaiting = await client.get("/api/kinds/awaiting", params={"delay_ms": 2})
            invalid = await client.get("/api/bounded/0")
            return [
                (awaiting.status_code, awaiting.json()["kind"]),
                (invalid.status_code, invalid.json()["detail"][0]["loc"]),
            ]

    assert asyncio.run(scenario()) == [(200, "async_awaiting"), (422, ["path", "n"])]


def test_a_header_setting_with_a_line_break_never_reaches_the_wire(settings: Any) -> None:
    settings.SECURE_REFERRER_POLICY = "same-origin\r\nX-Injected: 1"
    with pytest.raises(ValueError, match="default_headers"):
        TestClient(api)

"""The project's own tests, written as a django-bolt 0.13 user writes them: Django's
`TestCase` (each test in a transaction that is rolled back) with the in-process
`TestClient`. Run by `manage.py test catalog` (tests/e2e/test_e2e_testclient.py)."""

# Django's test runner runs unittest-style TestCases; their assertions are the idiom here.
# ruff: noqa: PT009

from django.test import TestCase
from django_bolt.testing import TestClient

from .api import api
from .models import Product


class CatalogClientTests(TestCase):
    def setUp(self) -> None:
        self.client_ = TestClient(api)

    def tearDown(self) -> None:
        self.client_.close()

    def test_sync_handler_sees_the_rows_of_the_test_transaction(self) -> None:
        Product.objects.create(name="lamp", price="9.50", stock=3)
        response = self.client_.get("/api/products/count")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"count": 1})
        product = Product.objects.get()
        self.assertEqual(self.client_.get(f"/api/products/{product.pk}").json()["name"], "lamp")

    def test_body_is_validated_natively_with_every_error(self) -> None:
        response = self.client_.post("/api/products", json={"name": "", "price": "x"})
        self.assertEqual(response.status_code, 422)
        locations = [error["loc"] for error in response.json()["detail"]]
        self.assertIn(["body", "price"], locations)

    def test_created_row_is_visible_to_the_test(self) -> None:
        response = self.client_.post("/api/products", json={"name": "desk", "price": 120.0, "stock": 1})
        self.assertEqual(response.status_code, 201, response.text)
        self.assertTrue(Product.objects.filter(name="desk").exists())

    def test_async_handlers_run_to_completion(self) -> None:
        self.assertEqual(self.client_.get("/api/kinds/awaiting?delay_ms=5").json()["kind"], "async_awaiting")
        self.assertEqual(self.client_.get("/api/kinds/inline?n=2").json(), {"kind": "async_inline", "n": 2})

    def test_http_exceptions_keep_status_headers_and_detail(self) -> None:
        response = self.client_.get("/api/errors/http")
        self.assertEqual((response.status_code, response.headers["x-tea"]), (418, "earl-grey"))

    def test_unhandled_exception_is_raised_in_the_test_or_answered_500(self) -> None:
        with self.assertRaisesMessage(RuntimeError, "boom (expected by the e2e tests)"):
            self.client_.get("/api/errors/crash")
        with TestClient(api, raise_server_exceptions=False) as quiet:
            self.assertEqual(quiet.get("/api/errors/crash-async").status_code, 500)

    def test_routes_of_another_api_are_not_served_and_unknown_paths_404(self) -> None:
        self.assertEqual(self.client_.get("/extras/ping").status_code, 404)
        self.assertEqual(self.client_.get("/api/no-such-route").status_code, 404)
        self.assertEqual(self.client_.delete("/api/hello").status_code, 405)

"""Testing utilities (django-bolt 0.13's ``django_bolt.testing``): an in-process client that
drives the compiled request pipeline without a socket.

    from django_bolt.testing import TestClient

    def test_hello():
        with TestClient(api) as client:
            response = client.get("/hello")
            assert response.status_code == 200
"""

from .client import AsyncTestClient, TestClient

__all__ = ["AsyncTestClient", "TestClient"]

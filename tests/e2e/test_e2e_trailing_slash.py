"""`BoltAPI(trailing_slash="append"|"keep")` over real HTTP (the `slashes` app of the e2e
project): routes registered with the mode's ending, the other form redirected with 308 (the
query kept), as django-bolt 0.13 does."""

from __future__ import annotations

import pytest

from e2e_support import request


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/slashes/items/?page=2", {"page": 2}),
        ("/slashes/items/5/", {"item": 5}),
        ("/slashes/nested/leaf/", {"leaf": True}),
        ("/kept/plain", {"slash": False}),
        ("/kept/slashed/", {"slash": True}),
    ],
)
def test_routes_answer_at_the_path_their_mode_registers(port, path, expected):
    reply = request(port, "GET", path)
    assert (reply.status, reply.json()) == (200, expected)


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("/slashes/items?page=2", "/slashes/items/?page=2"),
        ("/slashes/items/5", "/slashes/items/5/"),
        ("/slashes/nested/leaf", "/slashes/nested/leaf/"),
        ("/kept/plain/", "/kept/plain"),
        ("/kept/slashed", "/kept/slashed/"),
    ],
)
def test_the_other_form_is_redirected_permanently(port, path, location):
    reply = request(port, "GET", path)
    assert reply.status == 308
    assert reply.headers["location"] == location

import pytest

from django_bolt import exceptions as exc


def test_detail_defaults_to_the_status_phrase():
    assert exc.HTTPException(404).detail == "Not Found"
    assert exc.NotFound().detail == "Not Found"
    assert exc.NotFound().status_code == 404
    assert exc.HTTPException().status_code == 500
    assert exc.HTTPException().detail == "Internal Server Error"


def test_signature_and_attributes():
    error = exc.HTTPException(418, "teapot", {"X-A": "1"}, {"why": "tea"})
    assert (error.status_code, error.detail, error.headers, error.extra) == (
        418,
        "teapot",
        {"X-A": "1"},
        {"why": "tea"},
    )
    assert str(error) == "418: teapot"
    assert error.headers is not None
    assert exc.Forbidden(detail="nope", headers={"a": "b"}).headers == {"a": "b"}


@pytest.mark.parametrize(
    ("cls", "code"),
    [
        (exc.BadRequest, 400),
        (exc.Unauthorized, 401),
        (exc.Forbidden, 403),
        (exc.NotFound, 404),
        (exc.MethodNotAllowed, 405),
        (exc.NotAcceptable, 406),
        (exc.Conflict, 409),
        (exc.Gone, 410),
        (exc.UnprocessableEntity, 422),
        (exc.TooManyRequests, 429),
        (exc.InternalServerError, 500),
        (exc.NotImplemented, 501),
        (exc.BadGateway, 502),
        (exc.ServiceUnavailable, 503),
        (exc.GatewayTimeout, 504),
    ],
)
def test_subclasses(cls, code):
    error = cls()
    assert isinstance(error, exc.HTTPException)
    assert error.status_code == code
    assert error.detail
    assert cls(status_code=499).status_code == 499


def test_validation_errors():
    error = exc.RequestValidationError([{"loc": ["query", "q"], "msg": "bad"}])
    assert str(error) == "query.q: bad"
    assert error.errors() == [{"loc": ["query", "q"], "msg": "bad"}]
    assert isinstance(error, ValueError)
    assert "1 validation error" in str(exc.ResponseValidationError(["x"]))


def test_stale_build_error_lists_differences_and_the_fix():
    error = exc.StaleBuildError(["GET /a (m:f): gone", "struct m.S: changed"])
    text = str(error)
    assert "2 differences" in text
    assert "  - GET /a (m:f): gone" in text
    assert text.endswith("run `bolt build` to recompile the API.")

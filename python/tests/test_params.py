import inspect
from typing import Annotated

import pytest

import django_bolt
from django_bolt import param_functions
from django_bolt.params import Body, Cookie, Depends, File, Form, Header, Param, Path, Query


def test_query_marker_keeps_default_and_constraints():
    marker = Query(5, ge=1, le=10, alias="n", description="count")
    assert isinstance(marker, Param)
    assert marker.source == "query"
    assert marker.default == 5
    assert not marker.required
    assert marker.alias == "n"
    assert marker.constraints() == {"ge": 1, "le": 10}


def test_markers_without_default_are_required():
    for factory, source in (
        (Query, "query"),
        (Path, "path"),
        (Header, "header"),
        (Cookie, "cookie"),
        (Body, "body"),
        (Form, "form"),
        (File, "file"),
    ):
        marker = factory()
        assert marker.source == source
        assert marker.required
        assert marker.constraints() == {}


def test_string_constraints():
    marker = Query(min_length=2, max_length=5, pattern="^[a-z]+$")
    assert marker.constraints() == {"min_length": 2, "max_length": 5, "pattern": "^[a-z]+$"}


def test_path_rejects_a_default():
    with pytest.raises(ValueError, match="cannot have default"):
        Path(3)


def test_file_allowed_types():
    assert File(allowed_types=["image/*"]).allowed_types == ("image/*",)
    with pytest.raises(TypeError):
        File(allowed_types="image/*")
    with pytest.raises(ValueError, match="allows no file type"):
        File(allowed_types=[])


def test_markers_are_hashable_and_usable_in_annotated():
    hint = Annotated[int, Query(ge=1)]
    assert hint.__metadata__[0] == Query(ge=1)
    assert hash(Query(ge=1)) == hash(Query(ge=1))


def test_depends_marker():
    def dep() -> int:
        return 1

    marker = Depends(dep)
    assert marker.dependency is dep
    assert marker.use_cache


#: The keywords of each marker: django-bolt 0.13's signatures (plus `multiple_of` on Query and
#: Path); discover (bolt-codegen/src/discover/markers.rs) accepts exactly these, anything else
#: is refused at build time (B0204) since it would raise TypeError on import.
_CONSTRAINTS = ["gt", "ge", "lt", "le", "multiple_of", "min_length", "max_length", "pattern"]
MARKER_KEYWORDS = {
    Query: ["default", "alias", *_CONSTRAINTS, "description", "example", "deprecated"],
    Path: ["default", "alias", *_CONSTRAINTS, "description", "example", "deprecated"],
    Header: ["default", "alias", "description", "example", "deprecated"],
    Cookie: ["default", "alias", "description", "example", "deprecated"],
    Body: ["default", "alias", "embed", "description", "example"],
}


@pytest.mark.parametrize("marker", list(MARKER_KEYWORDS), ids=lambda marker: marker.__name__)
def test_marker_keywords_match_discover(marker):
    assert list(inspect.signature(marker).parameters) == MARKER_KEYWORDS[marker]


def test_header_takes_no_constraints_like_django_bolt():
    with pytest.raises(TypeError):
        Header(min_length=3)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Cookie(pattern="x")  # type: ignore[call-arg]


def test_reexports():
    for name in ("Query", "Path", "Body", "Header", "Cookie", "Depends", "Form", "File"):
        assert getattr(param_functions, name) is getattr(django_bolt.params, name)
    for name in django_bolt.__all__:
        assert hasattr(django_bolt, name), name

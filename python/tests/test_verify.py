import importlib
import sys
import textwrap
from typing import Annotated, Any, Optional

import msgspec
import pytest
import sampleapp.api  # noqa: F401  (registers the sample routes)
from manifests import route, sample_manifest

from django_bolt import Query
from django_bolt.exceptions import StaleBuildError
from django_bolt.runtime.verify import (
    find_differences,
    handler_kind,
    registered_routes,
    render_live_type,
    render_manifest_type,
    verify_build,
)


class Point(msgspec.Struct):
    x: int


STRUCT_KEY = f"{__name__}.Point"


@pytest.mark.parametrize(
    ("typeref", "annotation", "extra", "text"),
    [
        ({"type": "any"}, Any, None, "any"),
        ({"type": "none"}, None, None, "none"),
        ({"type": "bool"}, bool, None, "bool"),
        ({"type": "int"}, int, None, "int"),
        (
            {"type": "int", "constraints": {"ge": 1, "le": 10}},
            Annotated[int, msgspec.Meta(ge=1, le=10)],
            None,
            "int{ge=1,le=10}",
        ),
        ({"type": "int", "constraints": {"ge": 1, "le": 10}}, int, {"le": 10, "ge": 1}, "int{ge=1,le=10}"),
        ({"type": "float", "constraints": {"gt": 0.5}}, float, {"gt": 0.5}, "float{gt=0.5}"),
        (
            {"type": "float", "constraints": {"multiple_of": 2}},
            Annotated[float, msgspec.Meta(multiple_of=2)],
            None,
            "float{multiple_of=2}",
        ),
        (
            {"type": "str", "constraints": {"min_length": 1, "max_length": 5, "pattern": "^a"}},
            str,
            {"min_length": 1, "max_length": 5, "pattern": "^a"},
            'str{min_length=1,max_length=5,pattern="^a"}',
        ),
        ({"type": "list", "items": {"type": "int"}}, list[int], None, "list[int]"),
        ({"type": "list", "items": {"type": "any"}}, list, None, "list[any]"),
        (
            {"type": "list", "items": {"type": "str"}, "constraints": {"max_length": 3}},
            list[str],
            {"max_length": 3},
            "list[str]{max_length=3}",
        ),
        ({"type": "dict", "keys": {"type": "str"}, "values": {"type": "any"}}, dict, None, "dict[str, any]"),
        ({"type": "dict", "keys": {"type": "str"}, "values": {"type": "int"}}, dict[str, int], None, "dict[str, int]"),
        ({"type": "optional", "inner": {"type": "str"}}, Optional[str], None, "optional[str]"),  # noqa: UP045
        (
            {"type": "optional", "inner": {"type": "int", "constraints": {"ge": 0}}},
            int | None,
            {"ge": 0},
            "optional[int{ge=0}]",
        ),
        ({"type": "struct", "name": STRUCT_KEY}, Point, None, f"struct {STRUCT_KEY}"),
        (
            {"type": "list", "items": {"type": "struct", "name": STRUCT_KEY}},
            list[Point],
            None,
            f"list[struct {STRUCT_KEY}]",
        ),
    ],
)
def test_both_renderings_agree(typeref, annotation, extra, text):
    assert render_manifest_type(typeref) == text
    assert render_live_type(annotation, extra) == text


def test_marker_in_annotated_is_ignored_by_the_type_and_float_bounds_keep_their_kind():
    assert render_live_type(Annotated[int, Query(ge=1)], {"ge": 1}) == "int{ge=1}"
    assert render_manifest_type({"type": "float", "constraints": {"ge": 1.0}}) == "float{ge=1.0}"
    assert render_live_type(float, {"ge": 1.0}) == "float{ge=1.0}"
    assert render_live_type(float, {"ge": 1}) == "float{ge=1}"


def test_unsupported_types_render_as_such():
    assert render_live_type(complex) == "unsupported builtins.complex"
    assert render_live_type(int | str) == "union[int, str]"
    # `object` is `Any` for msgspec and for discover.
    assert render_live_type(object) == "any"


def test_handler_kinds():
    def sync() -> None: ...

    async def inline() -> int:
        return 1

    async def awaiting(x: Any) -> None:
        await x

    async def async_for(x: Any) -> None:
        async for _ in x:
            pass

    async def async_with(x: Any) -> None:
        async with x:
            pass

    async def comprehension(x: Any) -> list:
        return [i async for i in x]

    assert handler_kind(sync) == "sync"
    assert handler_kind(inline) == "async_inline"
    for fn in (awaiting, async_for, async_with, comprehension):
        assert handler_kind(fn) == "async_awaiting", fn


def test_the_sample_manifest_matches_the_sample_code():
    registered = verify_build(sample_manifest())
    assert sorted(registered) == sorted((r["method"], r["path"]) for r in sample_manifest()["routes"])


def _differences(manifest):
    from django_bolt.runtime.verify import collect_apis

    apis, missing = collect_apis(manifest)
    return missing + find_differences(manifest, registered_routes(apis))


def test_changed_constraint_names_the_route_and_both_values():
    manifest = sample_manifest()
    route(manifest, "GET", "/api/items/{item_id}")["params"][2]["type"]["constraints"]["ge"] = 0
    assert _differences(manifest) == [
        "GET /api/items/{item_id} (sampleapp.api:get_item): parameter `limit`: type is int{ge=0,le=100} "
        "in the build, int{ge=1,le=100} in the code"
    ]


def test_each_parameter_attribute_is_compared():
    manifest = sample_manifest()
    params = route(manifest, "GET", "/api/items/{item_id}")["params"]
    params[0]["source"] = "query"
    params[1]["required"] = True
    params[3]["alias"] = "X-Other"
    params[4]["type"] = {"type": "str"}
    diffs = _differences(manifest)
    assert len(diffs) == 4
    assert "parameter `item_id`: source is query in the build, path in the code" in diffs[0]
    assert "parameter `q`: required is true in the build, false in the code" in diffs[1]
    assert "parameter `x_token`: alias is X-Other in the build, X-Token in the code" in diffs[2]
    assert "parameter `session`: type is str in the build, optional[str] in the code" in diffs[3]


def test_renamed_parameter():
    manifest = sample_manifest()
    route(manifest, "GET", "/api/items/{item_id}")["params"][1]["name"] = "query"
    (diff,) = _differences(manifest)
    assert "parameters are (item_id, query, limit, x_token, session) in the build" in diff
    assert "(item_id, q, limit, x_token, session) in the code" in diff


def test_route_set_differences():
    manifest = sample_manifest()
    gone = route(manifest, "GET", "/api/text")
    gone["path"] = "/api/old"
    diffs = _differences(manifest)
    assert diffs == [
        "GET /api/old (sampleapp.api:text): compiled, but no longer registered in the code",
        "GET /api/text (sampleapp.api:text): registered in the code, but not compiled",
    ]


def test_kind_status_and_handler_differences():
    manifest = sample_manifest()
    r = route(manifest, "POST", "/api/items")
    r["handler"]["kind"] = "async_inline"
    r["status_code"] = 200
    r["handler"]["qualname"] = "make_item"
    diffs = _differences(manifest)
    assert any(
        "handler is sampleapp.api:make_item in the build, sampleapp.api:create_item in the code" in d for d in diffs
    )
    assert any("handler kind is async_inline in the build, async_awaiting in the code" in d for d in diffs)
    assert any("status_code is 200 in the build, 201 in the code" in d for d in diffs)


def test_struct_field_differences():
    manifest = sample_manifest()
    fields = manifest["structs"]["sampleapp.api.Item"]["fields"]
    fields[1]["type"] = {"type": "int"}
    fields[3]["required"] = True
    del fields[2]
    fields.append({"name": "extra", "type": {"type": "str"}, "required": True})
    diffs = _differences(manifest)
    assert "struct sampleapp.api.Item: field `extra` is compiled but no longer in the class" in diffs
    assert "struct sampleapp.api.Item: field `tags` is in the class but not compiled" in diffs
    assert "struct sampleapp.api.Item: field `price`: type is int in the build, float in the code" in diffs
    assert "struct sampleapp.api.Item: field `note`: required is true in the build, false in the code" in diffs


def test_missing_struct_and_missing_api():
    manifest = sample_manifest()
    del manifest["structs"]["sampleapp.api.Tag"]
    manifest["apis"].append({"module": "sampleapp.api", "name": "nope", "span": {}})
    diffs = _differences(manifest)
    assert diffs[0] == "API sampleapp.api:nope: compiled, but the module no longer defines it as a BoltAPI"
    assert "struct sampleapp.api.Tag: used by a route in the code, but not compiled" in diffs


def test_verify_build_raises_with_every_difference(tmp_path, monkeypatch):
    manifest = sample_manifest()
    route(manifest, "GET", "/api/items/{item_id}")["params"][0]["type"] = {"type": "str"}
    route(manifest, "GET", "/api/json")["status_code"] = 202
    with pytest.raises(StaleBuildError) as info:
        verify_build(manifest)
    text = str(info.value)
    assert "(2 differences)" in text
    assert "GET /api/items/{item_id} (sampleapp.api:get_item)" in text
    assert "GET /api/json (sampleapp.api:json_)" in text
    assert "run `bolt build`" in text


def test_string_annotations_and_forward_references(tmp_path, monkeypatch):
    (tmp_path / "futureapi.py").write_text(
        textwrap.dedent(
            """
            from __future__ import annotations
            from typing import Annotated
            import msgspec
            from django_bolt import BoltAPI, Query

            api = BoltAPI()

            @api.post("/n/{n}")
            def handler(n: int, body: Later, q: Annotated[str | None, Query(max_length=3)] = None) -> Later:
                return body

            class Later(msgspec.Struct):
                v: int
            """
        )
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    sys.modules.pop("futureapi", None)
    importlib.import_module("futureapi")
    manifest = {
        "version": 1,
        "apis": [{"module": "futureapi", "name": "api", "span": {}}],
        "routes": [
            {
                "method": "POST",
                "path": "/n/{n}",
                "api": "futureapi:api",
                "handler": {"module": "futureapi", "qualname": "handler", "kind": "sync"},
                "params": [
                    {"name": "n", "source": "path", "type": {"type": "int"}, "required": True},
                    {
                        "name": "body",
                        "source": "body",
                        "type": {"type": "struct", "name": "futureapi.Later"},
                        "required": True,
                    },
                    {
                        "name": "q",
                        "source": "query",
                        "required": False,
                        "type": {"type": "optional", "inner": {"type": "str", "constraints": {"max_length": 3}}},
                    },
                ],
                "status_code": 200,
                "response": {"type": "struct", "name": "futureapi.Later"},
                "span": {},
            }
        ],
        "structs": {
            "futureapi.Later": {
                "module": "futureapi",
                "qualname": "Later",
                "span": {},
                "fields": [{"name": "v", "type": {"type": "int"}, "required": True}],
            }
        },
    }
    assert _differences(manifest) == []

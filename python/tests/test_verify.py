"""The start-up check (``django_bolt.runtime.verify``): sources re-hashed, the contract asked
of the real ``bolt verify`` (discover, the one reader of the code) when they changed, and the
registered routes compared with the compiled ones.

The ``bolt`` binary is the one ``make test`` installs into the virtualenv (``$BOLT_BIN``
overrides); these tests fail, not skip, without it.
"""

import hashlib
import shutil
from pathlib import Path

import pytest
import sampleapp.api  # noqa: F401  (registers the sample routes)
from manifests import route, sample_manifest

from django_bolt.exceptions import StaleBuildError
from django_bolt.runtime.loader import BuildInfo
from django_bolt.runtime.verify import (
    bolt_command,
    changed_sources,
    check_build,
    collect_apis,
    contract_differences,
    registered_routes,
    registration_differences,
    verify_build,
)

SAMPLEAPP = Path(__file__).resolve().parent / "sampleapp"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _info(root: Path, files: dict[str, str] | None, absent: tuple[str, ...] = ()) -> BuildInfo:
    return BuildInfo(root=root, contract="0" * 64, extension=root / "ext.so", profile="dev", files=files, absent=absent)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of ``sampleapp`` as a project of its own (discover scans its ``api.py``)."""
    shutil.copytree(SAMPLEAPP, tmp_path / "sampleapp", ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


# -- 1. sources ---------------------------------------------------------------------------------


def test_changed_sources_unchanged_files_are_none_changed(project):
    api = project / "sampleapp" / "api.py"
    info = _info(project, {"sampleapp/api.py": _digest(api)}, absent=("sampleapp.py",))
    assert changed_sources(info) == []


def test_changed_sources_names_edited_deleted_and_appeared_files(project):
    api = project / "sampleapp" / "api.py"
    models = project / "sampleapp" / "models.py"
    info = _info(
        project,
        {"sampleapp/api.py": _digest(api), "sampleapp/models.py": _digest(models)},
        absent=("sampleapp/extra.py", "sampleapp.py"),
    )
    api.write_text(api.read_text() + "\n# edited\n")
    models.unlink()
    (project / "sampleapp" / "extra.py").write_text("")
    assert changed_sources(info) == ["sampleapp/api.py", "sampleapp/extra.py", "sampleapp/models.py"]


def test_changed_sources_of_a_build_without_record_is_unknown(project):
    assert changed_sources(_info(project, None)) is None


# -- 2. the contract, by `bolt verify` ----------------------------------------------------------


@pytest.fixture
def bolt() -> str:
    command = bolt_command()
    assert command is not None, "the bolt binary is missing: run `make cli` (make test does)"
    return command


def test_contract_of_the_unchanged_sample_is_current(project, bolt):
    assert contract_differences(project, sample_manifest(), ["sampleapp/api.py"]) == []


def test_contract_after_a_body_edit_is_current(project, bolt):
    _edit(project / "sampleapp" / "api.py", "return PlainText(", "\n\n    return PlainText(")
    assert contract_differences(project, sample_manifest(), ["sampleapp/api.py"]) == []


def test_contract_after_a_signature_edit_names_the_route_and_both_types(project, bolt):
    _edit(project / "sampleapp" / "api.py", "item_id: int", "item_id: str")
    assert contract_differences(project, sample_manifest(), ["sampleapp/api.py"]) == [
        "GET /api/items/{item_id} (sampleapp.api:get_item): parameter `item_id`: type is int in the build, "
        "str in the code"
    ]


def test_contract_of_code_that_no_longer_builds_carries_the_diagnostics(project, bolt):
    _edit(project / "sampleapp" / "api.py", "item_id: int", "item_id: int, *rest")
    (difference,) = contract_differences(project, sample_manifest(), ["sampleapp/api.py"])
    assert difference.startswith("sampleapp/api.py changed since the build, and the code no longer builds:")
    assert "sampleapp/api.py:" in difference


def test_contract_without_the_bolt_command_says_what_changed_and_why_it_cannot_tell(project, monkeypatch):
    monkeypatch.setenv("BOLT_BIN", str(project / "no-such-bolt"))
    (difference,) = contract_differences(project, sample_manifest(), ["sampleapp/api.py"])
    assert difference.startswith("sampleapp/api.py changed since the build, and `")
    assert "could not tell whether the API changed" in difference


def test_check_build_asks_bolt_only_when_a_source_changed(project, monkeypatch):
    monkeypatch.setenv("BOLT_BIN", str(project / "no-such-bolt"))
    api = project / "sampleapp" / "api.py"
    info = _info(project, {"sampleapp/api.py": _digest(api)})
    registered, differences = check_build(sample_manifest(), info)
    assert differences == []
    assert len(registered) == len(sample_manifest()["routes"])
    api.write_text(api.read_text() + "\n")
    _registered, differences = check_build(sample_manifest(), info)
    (difference,) = differences
    assert "could not tell" in difference


# -- 3. registered routes -----------------------------------------------------------------------


def _registration(manifest):
    apis, missing = collect_apis(manifest)
    return missing + registration_differences(manifest, registered_routes(apis))


def test_registration_of_the_sample_matches():
    assert _registration(sample_manifest()) == []


def test_registration_names_routes_on_one_side_only_and_other_handlers():
    manifest = sample_manifest()
    route(manifest, "GET", "/api/text")["path"] = "/api/old"
    route(manifest, "POST", "/api/items")["handler"]["qualname"] = "make_item"
    manifest["apis"].append({"module": "sampleapp.api", "name": "nope", "span": {}})
    assert _registration(manifest) == [
        "API sampleapp.api:nope: compiled, but the module no longer defines it as a BoltAPI",
        "POST /api/items (sampleapp.api:create_item): handler is sampleapp.api:make_item in the build, "
        "sampleapp.api:create_item in the code",
        "GET /api/old (sampleapp.api:text): compiled, but not registered by the code",
        "GET /api/text (sampleapp.api:text): registered by the code, but not compiled",
    ]


def test_verify_build_raises_with_every_difference_and_the_fix(project):
    manifest = sample_manifest()
    route(manifest, "GET", "/api/json")["path"] = "/api/json2"
    info = _info(project, {"sampleapp/api.py": _digest(project / "sampleapp" / "api.py")})
    with pytest.raises(StaleBuildError) as raised:
        verify_build(manifest, info)
    text = str(raised.value)
    assert "(2 differences)" in text
    assert "GET /api/json2 (sampleapp.api:json_)" in text
    assert "run `bolt build`" in text

"""The start-up check agrees with discover: over whole projects, the live code and the manifest
discover wrote for it show ZERO differences (a difference refuses to serve a valid project).

Projects: discover's own types fixture (``bolt-codegen/tests/fixtures/types``, its manifest
snapshotted in ``discover__types_manifest.snap``), ``alignproject/`` here (every
canonicalisation rule of discover, see its modules), tests/e2e/project and
tests/differential/project (with each of its diffv2 APIs switched on). Each is checked against
its committed manifest, and, when a ``bolt`` binary is at hand (``$BOLT_BIN`` or
``.venv/bin/bolt``, which ``make test`` installs fresh), against the manifest discover computes
now (``bolt check`` on a copy: nothing is compiled).

``shop/pep695.py`` (PEP 695 syntax) cannot be imported by Python 3.11: a stand-in with the same
Struct written with ``Generic[V]`` replaces it there. ``$BOLT_ALIGN_PYTHONS`` (interpreters with
msgspec and Django, ``os.pathsep``-separated; e.g. a Python 3.12 venv) runs the types fixture
again with each, the real module included when it is 3.12+.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from align_runner import load_manifest
from align_support import HERE, REPO, bolt_binary, copy_project, discover_manifest, run_verify

TYPES_FIXTURE = REPO / "bolt-codegen" / "tests" / "fixtures" / "types"
TYPES_SNAPSHOT = REPO / "bolt-codegen" / "tests" / "snapshots" / "discover__types_manifest.snap"
ALIGN_PROJECT = HERE / "alignproject"
E2E_PROJECT = REPO / "tests" / "e2e" / "project"
DIFF_PROJECT = REPO / "tests" / "differential" / "project"
DIFF_V2_APIS = ["api_scalars", "api_collections", "api_unions", "api_structs", "api_params"]
PEP695_STAND_IN = {"shop.pep695": HERE / "align_pep695_stand_in.py"}


def _needs_bolt() -> str:
    bolt = bolt_binary()
    if bolt is None:
        pytest.skip("no `bolt` binary: set $BOLT_BIN or run `make cli`")
    return bolt


def _stand_ins(python: str) -> dict[str, Path]:
    probe = [python, "-c", "import sys; print(int(sys.version_info >= (3, 12)))"]
    modern = subprocess.run(probe, capture_output=True, text=True, check=True).stdout.strip() == "1"
    return {} if modern else PEP695_STAND_IN


def _fresh(project: Path, tmp_path: Path) -> Path:
    """discover's manifest for ``project`` now, written next to it."""
    manifest = discover_manifest(project, _needs_bolt())
    path = tmp_path / "fresh-manifest.json"
    path.write_text(json.dumps(manifest), encoding="utf-8")
    return path


def _pythons() -> list[str]:
    extra = [p for p in os.environ.get("BOLT_ALIGN_PYTHONS", "").split(os.pathsep) if p]
    return [sys.executable, *extra]


# ---------------------------------------------------------------------------------------------
# discover's types fixture


@pytest.mark.parametrize("python", _pythons(), ids=lambda python: Path(python).parent.parent.name)
def test_types_fixture_snapshot_manifest_has_no_differences(tmp_path, python):
    project = copy_project(TYPES_FIXTURE, tmp_path / "types")
    assert run_verify(project, TYPES_SNAPSHOT, stand_ins=_stand_ins(python), python=python) == []


def test_types_fixture_fresh_manifest_equals_snapshot_and_has_no_differences(tmp_path):
    project = copy_project(TYPES_FIXTURE, tmp_path / "types")
    fresh = _fresh(project, tmp_path)
    assert load_manifest(fresh) == load_manifest(TYPES_SNAPSHOT), "discover changed: review its snapshot"
    assert run_verify(project, fresh, stand_ins=_stand_ins(sys.executable)) == []


# ---------------------------------------------------------------------------------------------
# alignproject: every canonicalisation rule


def test_align_project_committed_manifest_has_no_differences(tmp_path):
    project = copy_project(ALIGN_PROJECT, tmp_path / "align")
    assert run_verify(project, project / "bolt" / "manifest.json") == []


def test_align_project_committed_manifest_is_discovers(tmp_path):
    project = copy_project(ALIGN_PROJECT, tmp_path / "align")
    committed = load_manifest(ALIGN_PROJECT / "bolt" / "manifest.json")
    assert load_manifest(_fresh(project, tmp_path)) == committed, (
        "discover now writes another manifest for alignproject: review the change, then refresh "
        "python/tests/alignproject/bolt/manifest.json (align_support.discover_manifest)"
    )


# ---------------------------------------------------------------------------------------------
# The end-to-end and differential projects


@pytest.mark.parametrize(
    ("source", "settings"),
    [(E2E_PROJECT, "e2eproject.settings"), (DIFF_PROJECT, "diffproject.settings")],
    ids=["e2e", "differential"],
)
def test_test_project_committed_manifest_has_no_differences(tmp_path, source, settings):
    project = copy_project(source, tmp_path / source.parent.name)
    assert run_verify(project, project / "bolt" / "manifest.json", settings) == []


def test_e2e_project_fresh_manifest_has_no_differences(tmp_path):
    project = copy_project(E2E_PROJECT, tmp_path / "e2e")
    assert run_verify(project, _fresh(project, tmp_path), "e2eproject.settings") == []


@pytest.mark.parametrize("api", DIFF_V2_APIS)
def test_differential_v2_api_fresh_manifest_has_no_differences(tmp_path, api):
    project = copy_project(DIFF_PROJECT, tmp_path / "diff")
    config = project / "pyproject.toml"
    text, count = re.subn(rf'#\s*("diffv2\.{api}:api",)', r"\1", config.read_text(encoding="utf-8"))
    if count == 0 and f'"diffv2.{api}:api"' not in text:
        pytest.skip(f"diffv2.{api} is not listed in tests/differential/project/pyproject.toml")
    config.write_text(text, encoding="utf-8")
    assert run_verify(project, _fresh(project, tmp_path), "diffproject.settings") == []

"""Fresh manifests from discover, and the start-up check run over a whole project.

``discover_manifest`` asks the ``bolt`` CLI for the manifest discover computes from a project
without compiling anything: ``bolt check`` on a copy whose ``bolt/manifest.json`` is empty
prints the whole manifest as the added lines of its diff. ``run_verify`` runs
``align_runner.py`` (the start-up check, as ``runbolt`` does it) in a process of its own.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

__all__ = ["HERE", "REPO", "bolt_binary", "copy_project", "discover_manifest", "run_verify"]

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
_IGNORED = shutil.ignore_patterns(".bolt", "__pycache__", "*.sqlite3", "db.sqlite3")


def bolt_binary() -> str | None:
    """``$BOLT_BIN``, else ``.venv/bin/bolt`` of this checkout (``make test`` installs it
    fresh), else ``None``."""
    explicit = os.environ.get("BOLT_BIN")
    if explicit:
        return explicit
    local = REPO / ".venv" / "bin" / "bolt"
    return str(local) if local.is_file() else None


def copy_project(source: Path, target: Path) -> Path:
    """A copy of a project (without its build directory) to run `bolt check` in."""
    shutil.copytree(source, target, ignore=_IGNORED)
    return target


def discover_manifest(project: Path, bolt: str) -> dict[str, Any]:
    """The manifest discover computes for ``project`` (a scratch copy: its
    ``bolt/manifest.json`` is emptied)."""
    contract = project / "bolt"
    contract.mkdir(exist_ok=True)
    (contract / "manifest.json").write_text("", encoding="utf-8")
    result = subprocess.run(
        [bolt, "check", "--project", str(project)], capture_output=True, text=True, timeout=120, check=False
    )
    lines = iter(result.stderr.splitlines())
    for line in lines:
        if line.startswith("+++ bolt/manifest.json"):
            break
    else:
        raise AssertionError(f"`bolt check` printed no manifest (discover failed?):\n{result.stderr}")
    body: list[str] = []
    for line in lines:
        if line.startswith("@@"):
            continue
        if not line.startswith("+"):
            break
        body.append(line[1:])
    manifest: dict[str, Any] = json.loads("\n".join(body))
    return manifest


def run_verify(
    project: Path,
    manifest: Path,
    settings: str | None = None,
    stand_ins: dict[str, Path] | None = None,
    python: str = sys.executable,
) -> list[str]:
    """The differences the start-up check finds between ``project``'s code and ``manifest``."""
    command = [python, str(HERE / "align_runner.py"), str(project), str(manifest)]
    if settings:
        command.append(settings)
    for name, file in (stand_ins or {}).items():
        command += ["--stand-in", f"{name}={file}"]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO / "python"), env.get("PYTHONPATH", "")])
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=project, env=env, check=False)
    if result.returncode != 0:
        raise AssertionError(f"the start-up check failed to run:\n{result.stderr}")
    differences: list[str] = json.loads(result.stdout)
    return differences

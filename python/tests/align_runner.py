"""Runs the start-up check of a project against a manifest, in a process of its own.

``python align_runner.py PROJECT MANIFEST [SETTINGS]`` imports the project's API modules with
PROJECT first on ``sys.path`` (and Django set up from SETTINGS, a settings module of the
project, or a minimal configuration), compares them with MANIFEST (a ``bolt/manifest.json``,
or an insta snapshot of one) exactly as ``runbolt`` does, and prints the differences as a
JSON list (empty: the start-up check accepts the build).

A module the running Python cannot import because of its syntax (``shop/pep695.py``, PEP 695,
on Python 3.11) can be replaced with a stand-in: ``--stand-in shop.pep695=FILE`` executes
FILE as that module. Used by ``test_verify_alignment.py``; one process per project, since the
projects' Django settings and package names must not meet.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
from pathlib import Path
from typing import Any


def load_manifest(path: Path) -> dict[str, Any]:
    """A manifest from ``bolt/manifest.json`` or from an insta snapshot (``.snap``)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".snap":
        text = text[text.index("\n{") + 1 :]
    manifest: dict[str, Any] = json.loads(text)
    return manifest


def install_stand_in(name: str, file: str | Path) -> None:
    """Executes ``file`` as module ``name`` (set on its parent package too)."""
    module_spec = importlib.util.spec_from_file_location(name, file)
    if module_spec is None or module_spec.loader is None:
        raise SystemExit(f"cannot load stand-in {file}")
    module = importlib.util.module_from_spec(module_spec)
    sys.modules[name] = module
    module_spec.loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(importlib.import_module(parent), child, module)


def _setup_django(settings: str | None) -> None:
    import django
    from django.conf import settings as django_settings

    if settings:
        os.environ["DJANGO_SETTINGS_MODULE"] = settings
    elif not django_settings.configured:
        django_settings.configure(
            INSTALLED_APPS=["django.contrib.contenttypes", "django_bolt"],
            DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
            DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
            USE_TZ=True,
        )
    django.setup()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("project", type=Path)
    parser.add_argument("manifest", type=Path)
    parser.add_argument("settings", nargs="?")
    parser.add_argument("--stand-in", action="append", default=[])
    args = parser.parse_args()
    sys.path.insert(0, str(args.project.resolve()))
    _setup_django(args.settings)
    for spec in args.stand_in:
        name, _, file = spec.partition("=")
        install_stand_in(name, file)

    from django_bolt.runtime.verify import check_build

    _registered, differences = check_build(load_manifest(args.manifest))
    print(json.dumps(differences, indent=1))


if __name__ == "__main__":
    main()

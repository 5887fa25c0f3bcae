"""Loader, server and runbolt against a stand-in extension (a Python file with the same
interface as the compiled ``_bolt_app``)."""

import hashlib
import json
import os
import shutil
import signal
import sys
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from manifests import sample_manifest

from django_bolt.runtime import loader
from django_bolt.runtime.hooks import Hooks
from django_bolt.runtime.server import DOCS_ASSETS_DIR, ServeOptions, Supervisor, server_config

FAKE_EXTENSION = """
MANIFEST = {manifest!r}
CONTRACT = {contract!r}
RUNTIME_VERSION = "test"
calls = []


def serve(bindings, hooks, config):
    calls.append((bindings, hooks, config))
"""


SAMPLEAPP = Path(__file__).resolve().parent / "sampleapp"


def make_build(root, manifest, contract="c0ffee"):
    """A build of a copy of ``sampleapp`` in ``root``, recording its sources as `bolt build`
    does (the extension is a fake that records what ``serve`` gets)."""
    shutil.copytree(SAMPLEAPP, root / "sampleapp", ignore=shutil.ignore_patterns("__pycache__"), dirs_exist_ok=True)
    files = {
        f"sampleapp/{path.name}": hashlib.sha256(path.read_bytes()).hexdigest()
        for path in (root / "sampleapp").glob("*.py")
    }
    lib = root / ".bolt" / "lib"
    lib.mkdir(parents=True, exist_ok=True)
    name = f"_bolt_app.{contract}.py"
    (lib / name).write_text(FAKE_EXTENSION.format(manifest=json.dumps(manifest), contract=contract))
    record = {
        "contract": contract,
        "extension": f"lib/{name}",
        "profile": "release",
        "sources": {"files": files, "absent": ["sampleapp.py"]},
    }
    (root / ".bolt" / "build.json").write_text(json.dumps(record))


@pytest.fixture(autouse=True)
def _forget_extension():
    yield
    sys.modules.pop("_bolt_app", None)


def test_missing_build_is_a_clear_error(tmp_path):
    with pytest.raises(loader.BuildNotFoundError, match=r"no compiled API found .*run `bolt build`"):
        loader.load_extension(tmp_path)


def test_missing_extension_file(tmp_path):
    (tmp_path / ".bolt").mkdir()
    (tmp_path / ".bolt" / "build.json").write_text('{"contract": "ab", "extension": "lib/x.so"}')
    with pytest.raises(loader.BuildNotFoundError, match=r"x.so is missing; run `bolt build`"):
        loader.load_extension(tmp_path)


def test_contract_mismatch(tmp_path):
    make_build(tmp_path, sample_manifest(), contract="aaaa")
    record = json.loads((tmp_path / ".bolt" / "build.json").read_text())
    record["contract"] = "bbbb"
    (tmp_path / ".bolt" / "build.json").write_text(json.dumps(record))
    with pytest.raises(loader.BuildNotFoundError, match="contract"):
        loader.load_extension(tmp_path)


def test_project_root_is_base_dir(tmp_path):
    with override_settings(BASE_DIR=tmp_path):
        assert loader.project_root() == tmp_path.resolve()
    assert loader.project_root() == type(tmp_path)(os.getcwd()).resolve()


def test_server_config_defaults_and_settings():
    with override_settings(ALLOWED_HOSTS=[], DEBUG=False):
        config = server_config(ServeOptions(host="0.0.0.0", port=9000), reuse_port=True)
    assert config == {
        "host": "0.0.0.0",
        "port": 9000,
        "reuse_port": True,
        "max_body_size": 1024 * 1024,
        "max_uri_length": 8192,
        "backlog": 1024,
        "keep_alive_seconds": 5,
        "client_timeout_ms": 5000,
        "body_timeout_ms": 30000,
        "shutdown_timeout_seconds": 30,
        "docs": True,
        "docs_path": "/docs",
        "docs_assets_dir": str(DOCS_ASSETS_DIR),
        "body_validation": "adaptive",
        "allowed_hosts": [],
        "default_headers": [],
    }
    with override_settings(BOLT_MAX_UPLOAD_SIZE=10, BOLT_CLIENT_TIMEOUT_MS=7, BOLT_MAX_URI_LENGTH=99):
        config = server_config(ServeOptions(keep_alive=9), reuse_port=False)
    assert (config["max_body_size"], config["client_timeout_ms"], config["keep_alive_seconds"]) == (10, 7, 9)
    assert config["max_uri_length"] == 99
    with override_settings(BOLT_DOCS=False, BOLT_DOCS_PATH="/api/docs"):
        config = server_config(ServeOptions(), reuse_port=False)
    assert (config["docs"], config["docs_path"]) == (False, "/api/docs")
    with override_settings(BOLT_BODY_VALIDATION="validate-first"):
        config = server_config(ServeOptions(), reuse_port=False)
    assert config["body_validation"] == "validate-first"


def test_docs_assets_ship_with_the_package():
    names = {path.name for path in DOCS_ASSETS_DIR.iterdir()}
    assert {"swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png", "favicon-16x16.png"} <= names
    assert {"LICENSE", "NOTICE"} <= names
    assert (DOCS_ASSETS_DIR / "swagger-ui-bundle.js").read_bytes().startswith(b"/*! For license information")


def test_runbolt_serves_through_the_extension(tmp_path, capsys):
    make_build(tmp_path, sample_manifest())
    with override_settings(BASE_DIR=tmp_path):
        call_command("runbolt", "--port", "8123", "--host", "127.0.0.2", "--skip-checks")
    out = capsys.readouterr().out
    assert "Bolt serving 6 routes on http://127.0.0.2:8123 (processes: 1)" in out
    assert "API docs on http://127.0.0.2:8123/docs" in out
    ext = sys.modules["_bolt_app"]
    ((bindings, hooks, config),) = ext.calls
    assert len(bindings) == 6
    assert isinstance(hooks, Hooks)
    assert config["port"] == 8123
    assert config["reuse_port"] is False


def test_runbolt_refuses_a_stale_build(tmp_path):
    make_build(tmp_path, sample_manifest())
    api = tmp_path / "sampleapp" / "api.py"
    api.write_text(api.read_text().replace("item_id: int", "item_id: str", 1))
    with override_settings(BASE_DIR=tmp_path), pytest.raises(CommandError) as info:
        call_command("runbolt", "--skip-checks")
    text = str(info.value)
    assert (
        "GET /api/items/{item_id} (sampleapp.api:get_item): parameter `item_id`: type is int in the build, "
        "str in the code"
    ) in text
    assert "bolt build" in text
    assert not getattr(sys.modules.get("_bolt_app"), "calls", [])


def test_runbolt_without_a_build(tmp_path):
    with override_settings(BASE_DIR=tmp_path), pytest.raises(CommandError, match="run `bolt build`"):
        call_command("runbolt", "--skip-checks")


def test_supervisor_respawns_and_stops_its_workers():
    sleeper = [sys.executable, "-c", "import time, sys; time.sleep(60)"]
    supervisor = Supervisor(ServeOptions(processes=2, shutdown_timeout=1, child_command=sleeper))
    supervisor.fast_exit_seconds = 0.0
    try:
        supervisor._spawn(0)
        supervisor._spawn(1)
        first = supervisor.children[0].pid
        os.kill(first, signal.SIGKILL)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and (0 not in supervisor.children or supervisor.children[0].pid == first):
            assert supervisor._reap() is None
            time.sleep(0.05)
        assert supervisor.children[0].pid != first
        assert supervisor.children[1].poll() is None
    finally:
        supervisor._stop_children()
    assert all(p.poll() is not None for p in supervisor.children.values())


def test_supervisor_gives_up_on_workers_that_cannot_start():
    failing = [sys.executable, "-c", "raise SystemExit(3)"]
    supervisor = Supervisor(ServeOptions(processes=1, child_command=failing))
    supervisor.max_fast_failures = 2
    supervisor._spawn(0)
    deadline = time.monotonic() + 10
    code = None
    while code is None and time.monotonic() < deadline:
        code = supervisor._reap()
        time.sleep(0.05)
    assert code == 1


def test_msgspec_mismatch_warns_only_off_the_validated_release():
    from django_bolt.runtime.server import msgspec_mismatch

    assert msgspec_mismatch("0.22.0") is None
    assert msgspec_mismatch("0.22.3") is None
    warning = msgspec_mismatch("0.23.0")
    assert warning is not None
    assert "msgspec 0.23.0 is installed" in warning


def test_allowed_hosts_follow_django_and_runbolt_refuses_to_answer_no_host():
    from django_bolt.runtime.server import HostsNotConfiguredError, allowed_hosts, run

    with override_settings(ALLOWED_HOSTS=["api.example.com", ".example.org"], DEBUG=False):
        assert allowed_hosts() == ["api.example.com", ".example.org"]
    with override_settings(ALLOWED_HOSTS=[], DEBUG=True):
        assert allowed_hosts() == [".localhost", "127.0.0.1", "[::1]"]
    with override_settings(ALLOWED_HOSTS=[], DEBUG=False), pytest.raises(HostsNotConfiguredError):
        run(ServeOptions())


def test_default_headers_mirror_djangos_security_middlewares():
    from django_bolt.runtime.server import default_headers

    assert default_headers() == []
    middleware = [
        "django.middleware.security.SecurityMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    ]
    with override_settings(MIDDLEWARE=middleware):
        assert default_headers() == [
            ("x-content-type-options", "nosniff"),
            ("referrer-policy", "same-origin"),
            ("cross-origin-opener-policy", "same-origin"),
            ("x-frame-options", "DENY"),
        ]
    with override_settings(
        MIDDLEWARE=middleware[:1],
        SECURE_CONTENT_TYPE_NOSNIFF=False,
        SECURE_REFERRER_POLICY=["no-referrer", "strict-origin"],
        SECURE_CROSS_ORIGIN_OPENER_POLICY=None,
    ):
        assert default_headers() == [("referrer-policy", "no-referrer,strict-origin")]

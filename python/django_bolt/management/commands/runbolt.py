"""``manage.py runbolt``: serve the project's compiled API.

``bolt build`` must have compiled the API first (``.bolt/build.json``). The command imports
the handler modules, refuses to start when they differ from what was compiled, and serves on
``--host``/``--port`` with ``--processes`` workers sharing the port.

``--dev`` hands over to ``bolt dev`` (same host and port): it builds, serves, and on every save
restarts the worker or rebuilds the extension.
"""

from __future__ import annotations

import argparse
import importlib
import os
import runpy
import shutil
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...exceptions import StaleBuildError
from ...runtime.loader import BuildNotFoundError
from ...runtime.server import HostsNotConfiguredError, ServeOptions, run

__all__ = ["Command", "bolt_executable", "bolt_dev_command"]

PARENT_CHECK_SECONDS = 0.5
"""How often a ``bolt dev`` worker checks that ``bolt dev`` is still alive."""


def bolt_executable() -> str | None:
    """The ``bolt`` CLI: next to this interpreter (a virtualenv's ``bin/``), else on ``PATH``."""
    name = "bolt.exe" if os.name == "nt" else "bolt"
    sibling = Path(sys.executable).parent / name
    if sibling.is_file() and os.access(sibling, os.X_OK):
        return str(sibling)
    return shutil.which("bolt")


def _project_dir() -> Path:
    """The directory of the running ``manage.py``, else the current directory."""
    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if script is not None and script.is_file():
        return script.resolve().parent
    return Path.cwd().resolve()


def bolt_dev_command(bolt: str, project: Path, options: dict[str, Any]) -> list[str]:
    """``bolt dev`` with this command's address."""
    return [bolt, "dev", "--project", str(project), "--host", str(options["host"]), "--port", str(options["port"])]


def _bolt_dev_env(options: dict[str, Any]) -> dict[str, str]:
    """The environment of ``bolt dev``: this interpreter, and ``--settings``/``--pythonpath``
    passed on to the workers it starts."""
    env = dict(os.environ)
    env.setdefault("BOLT_PYTHON", sys.executable)
    if options.get("settings"):
        env["DJANGO_SETTINGS_MODULE"] = str(options["settings"])
    if options.get("pythonpath"):
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(options["pythonpath"]), env.get("PYTHONPATH")]))
    return env


# `bolt dev` workers ---------------------------------------------------------------------------
#
# `bolt dev` keeps a *standby* worker ready: a process started as
#
#     python -c "from django_bolt.management.commands.runbolt import dev_standby; dev_standby()" \
#         manage.py runbolt --host H --port P --dev-worker
#
# that has imported the libraries (Django, msgspec, this package, and what the previous worker
# imported from outside the project) but none of the project's code. It obeys lines on stdin:
#
#     go      run manage.py: settings, apps, system checks — the project's code as it is now
#     serve   load the extension named by .bolt/build.json, verify, bind, serve
#     (EOF)   exit quietly: bolt dev discarded this worker
#
# For an edit that keeps the contract both lines come at once; for a rebuild "go" comes before
# cargo runs and "serve" once the new extension is installed, so Django starts during the build.

DEV_GO = "go"
DEV_SERVE = "serve"
DEV_PRELOAD_FILE = Path(".bolt") / "dev-preload.txt"
"""Modules the last ``bolt dev`` worker imported from outside the project (one per line)."""
DEV_PRELOAD_DEFAULT = (
    "asyncio",
    "msgspec",
    "django.db.models",
    "django.http",
    "django.urls",
    "django.core.management",
    "django.core.checks",
)
"""Preloaded before any worker has recorded its modules."""

_parent_watched = False


def _exit_with_parent() -> None:
    """A ``bolt dev`` worker stops (SIGTERM: drain, exit) when ``bolt dev`` is gone."""
    global _parent_watched
    if _parent_watched:
        return
    _parent_watched = True
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="bolt-dev-parent", daemon=True).start()


def _read_dev_line() -> str | None:
    """One line from stdin, unbuffered (what follows stays for the next reader, even across
    ``exec``); ``None`` at EOF."""
    data = bytearray()
    while True:
        chunk = os.read(0, 1)
        if not chunk:
            return None
        if chunk == b"\n":
            return data.decode(errors="replace").strip()
        data += chunk


def _wait_for(command: str) -> bool:
    """Waits for the line ``command`` on stdin; ``False`` at EOF."""
    while True:
        line = _read_dev_line()
        if line is None:
            return False
        if line == command:
            return True


def _is_inside(path: str | None, root: str) -> bool:
    """Whether file ``path`` is under directory ``root`` (absolute); string operations only,
    as this runs for every imported module on the way to serving."""
    return path is not None and os.path.abspath(path).startswith(root)


def _root_prefix(root: Path) -> str:
    return os.path.join(str(root), "")


def _project_modules(root: Path) -> list[str]:
    """Imported modules whose file is inside the project ``root``."""
    prefix = _root_prefix(root)
    return [name for name, module in list(sys.modules.items()) if _is_inside(getattr(module, "__file__", None), prefix)]


def _library_modules(root: Path) -> list[str]:
    """Imported modules from outside the project, in import order."""
    prefix = _root_prefix(root)
    names = []
    for name, module in list(sys.modules.items()):
        if name in ("__main__", "__mp_main__"):
            continue
        if name.startswith("_bolt_app") or _is_inside(getattr(module, "__file__", None), prefix):
            continue
        names.append(name)
    return names


def _record_preload(root: Path) -> None:
    """Writes the modules this worker imported from outside the project, for the next standby."""
    path = root / DEV_PRELOAD_FILE
    try:
        temp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
        temp.write_text("".join(f"{name}\n" for name in _library_modules(root)), encoding="utf-8")
        os.replace(temp, path)
    except OSError:
        pass


def _preload(root: Path) -> None:
    """Imports the libraries a worker needs, without the project's settings: a module that
    needs them fails to import here and is imported for real by ``django.setup()``."""
    try:
        recorded = (root / DEV_PRELOAD_FILE).read_text(encoding="utf-8").split()
    except OSError:
        recorded = []
    settings_module = os.environ.pop("DJANGO_SETTINGS_MODULE", None)
    try:
        for name in (*DEV_PRELOAD_DEFAULT, *recorded):
            if name in sys.modules:
                continue
            try:
                importlib.import_module(name)
            except Exception:  # a module that cannot load early loads after django.setup()
                continue
    finally:
        if settings_module is not None:
            os.environ["DJANGO_SETTINGS_MODULE"] = settings_module


def _settings_configured() -> bool:
    conf = sys.modules.get("django.conf")
    settings = getattr(conf, "settings", None)
    return bool(settings is not None and settings.configured)


def dev_standby() -> None:
    """Entry point of a ``bolt dev`` standby worker (see above); ``sys.argv[1:]`` is the
    ``manage.py runbolt ...`` command to run on "go"."""
    argv = sys.argv[1:]
    root = Path.cwd().resolve()
    _exit_with_parent()
    _preload(root)
    if not _wait_for(DEV_GO):
        return
    sys.stdout.flush()
    if _project_modules(root) or _settings_configured():
        # A library imported project code or configured settings while preloading: that may
        # be stale or wrong now; start afresh.
        os.execv(sys.executable, [sys.executable, *argv])
    sys.argv = argv
    runpy.run_path(argv[0], run_name="__main__")


def _worker_command(options: dict[str, Any]) -> list[str]:
    """How the supervisor starts one worker: this same command, in worker mode."""
    script = os.path.abspath(sys.argv[0]) if sys.argv and os.path.isfile(sys.argv[0]) else None
    command = [sys.executable, script] if script else [sys.executable, "-m", "django"]
    command += ["runbolt", "--worker", "--skip-checks"]
    command += ["--host", str(options["host"]), "--port", str(options["port"])]
    command += ["--processes", str(options["processes"]), "--backlog", str(options["backlog"])]
    command += ["--workers-kill-timeout", str(options["workers_kill_timeout"])]
    if options.get("keep_alive") is not None:
        command += ["--keep-alive", str(options["keep_alive"])]
    if options.get("settings"):
        command += ["--settings", str(options["settings"])]
    if options.get("pythonpath"):
        command += ["--pythonpath", str(options["pythonpath"])]
    return command


class Command(BaseCommand):
    help = "Serve the API compiled by `bolt build` (Bolt's native HTTP engine)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to bind (default: 127.0.0.1)")
        parser.add_argument("--port", type=int, default=8000, help="Port to bind (default: 8000)")
        parser.add_argument("--processes", type=int, default=1, help="Worker processes sharing the port (default: 1)")
        parser.add_argument(
            "--dev",
            action="store_true",
            help="Develop with `bolt dev`: rebuild or restart on every save (same host and port)",
        )
        parser.add_argument("--backlog", type=int, default=1024, help="Listen backlog (default: 1024)")
        parser.add_argument("--keep-alive", type=int, default=None, help="Keep-alive timeout in seconds")
        parser.add_argument(
            "--workers-kill-timeout",
            type=int,
            default=30,
            help="Seconds in-flight requests get to finish on shutdown (default: 30)",
        )
        parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
        parser.add_argument("--worker-slot", type=int, default=None, help=argparse.SUPPRESS)
        # Internal: a worker of `bolt dev` (SO_REUSEPORT, so the next version can start before
        # this one stops; exits when `bolt dev` is gone).
        parser.add_argument("--dev-worker", action="store_true", help=argparse.SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["processes"] < 1:
            raise CommandError("--processes must be at least 1")
        if options["dev"]:
            self._exec_bolt_dev(options)
        if options["dev_worker"]:
            _exit_with_parent()
            if not _wait_for(DEV_SERVE):
                return
        serve = ServeOptions(
            host=options["host"],
            port=options["port"],
            processes=options["processes"],
            backlog=options["backlog"],
            keep_alive=options["keep_alive"],
            shutdown_timeout=options["workers_kill_timeout"],
            worker=options["worker"] or options["dev_worker"],
            child_command=_worker_command(options),
        )
        try:
            code = run(serve)
        except (BuildNotFoundError, StaleBuildError, HostsNotConfiguredError) as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            raise CommandError(f"cannot serve on {serve.host}:{serve.port}: {exc}") from exc
        except ValueError as exc:
            raise CommandError(f"the compiled API rejected the bindings: {exc}; run `bolt build`") from exc
        if options["dev_worker"]:
            _record_preload(Path.cwd().resolve())
        if code:
            sys.exit(code)

    def _exec_bolt_dev(self, options: dict[str, Any]) -> NoReturn:
        """Replaces this process with ``bolt dev`` (signals then reach it directly)."""
        if options["processes"] != 1:
            raise CommandError("--dev serves with one worker process; drop --processes")
        bolt = bolt_executable()
        if bolt is None:
            raise CommandError(
                "runbolt --dev needs the `bolt` CLI, found neither next to "
                f"{sys.executable} nor on PATH; install it (`make cli` in the Bolt repository "
                "installs .venv/bin/bolt) or run `bolt dev` yourself"
            )
        command = bolt_dev_command(bolt, _project_dir(), options)
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            os.execve(bolt, command, _bolt_dev_env(options))
        except OSError as exc:
            raise CommandError(f"cannot run {bolt}: {exc}") from exc

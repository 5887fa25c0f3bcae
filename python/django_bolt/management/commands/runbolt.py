"""``manage.py runbolt``: serve the project's compiled API.

``bolt build`` must have compiled the API first (``.bolt/build.json``). The command imports
the handler modules, refuses to start when they differ from what was compiled, and serves on
``--host``/``--port`` with ``--processes`` workers sharing the port.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...exceptions import StaleBuildError
from ...runtime.loader import BuildNotFoundError
from ...runtime.server import ServeOptions, run

__all__ = ["Command"]


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
        parser.add_argument("--dev", action="store_true", help="Auto-reload on changes (not yet available)")
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

    def handle(self, *args: Any, **options: Any) -> None:
        if options["processes"] < 1:
            raise CommandError("--processes must be at least 1")
        if options["dev"]:
            self.stderr.write("runbolt --dev: auto-reload is not yet available; serving without it.")
        serve = ServeOptions(
            host=options["host"],
            port=options["port"],
            processes=options["processes"],
            backlog=options["backlog"],
            keep_alive=options["keep_alive"],
            shutdown_timeout=options["workers_kill_timeout"],
            worker=options["worker"],
            child_command=_worker_command(options),
        )
        try:
            code = run(serve)
        except (BuildNotFoundError, StaleBuildError) as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            raise CommandError(f"cannot serve on {serve.host}:{serve.port}: {exc}") from exc
        except ValueError as exc:
            raise CommandError(f"the compiled API rejected the bindings: {exc}; run `bolt build`") from exc
        if code:
            sys.exit(code)

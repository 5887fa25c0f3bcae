"""Serving: one process, or a supervisor of N processes sharing the port.

One process: load the extension, verify and bind the handlers, start the asyncio loop thread,
then ``ext.serve(bindings, hooks, config)`` until SIGINT/SIGTERM (the extension drains in-flight
requests). With ``processes > 1`` this process only supervises: it verifies the build once
(so a stale build is one clear error, not N crashing workers), spawns N workers that bind the
same port with ``SO_REUSEPORT``, respawns a worker that dies (with backoff), and on
SIGTERM/SIGINT forwards SIGTERM to the workers, waits for them to drain and exits 0; a second
signal is forwarded too (the workers stop at once) and the exit code is ``FORCED_EXIT_CODE``.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType, ModuleType
from typing import Any, TextIO

from .binding import Binding, build_bindings, default_error_formatter
from .hooks import Hooks
from .loader import load_extension
from .verify import verify_build

__all__ = [
    "DEBUG_ALLOWED_HOSTS",
    "FORCED_EXIT_CODE",
    "HostsNotConfiguredError",
    "allowed_hosts",
    "default_headers",
    "VALIDATED_MSGSPEC",
    "msgspec_mismatch",
    "ServeOptions",
    "Supervisor",
    "prepare",
    "run",
    "serve_process",
    "server_config",
]

DEFAULT_MAX_BODY_SIZE = 1024 * 1024
DEFAULT_MAX_URI_LENGTH = 8 * 1024
DEFAULT_DOCS_PATH = "/docs"
DOCS_ASSETS_DIR = Path(__file__).resolve().parent.parent / "static" / "swagger-ui"
"""Swagger UI's files, shipped with the package; the server reads them once at start-up."""


@dataclass(frozen=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    processes: int = 1
    backlog: int = 1024
    keep_alive: int | None = None
    shutdown_timeout: int = 30
    worker: bool = False
    """Internal: this process is a supervised worker (binds with ``SO_REUSEPORT``)."""
    child_command: list[str] = field(default_factory=list)
    """Internal: the command that starts one worker, without per-worker arguments."""


def _setting(name: str, default: Any) -> Any:
    try:
        from django.conf import settings

        return getattr(settings, name, default) if settings.configured else default
    except ImportError:  # pragma: no cover - Django is a dependency
        return default


def server_config(options: ServeOptions, reuse_port: bool) -> dict[str, Any]:
    """The ``config`` dict of ``serve()``."""
    max_body = _setting("BOLT_MAX_BODY_SIZE", None)
    if max_body is None:
        max_body = _setting("BOLT_MAX_UPLOAD_SIZE", DEFAULT_MAX_BODY_SIZE)
    keep_alive = options.keep_alive if options.keep_alive is not None else _setting("BOLT_KEEP_ALIVE", 5)
    return {
        "host": options.host,
        "port": int(options.port),
        "reuse_port": bool(reuse_port),
        "max_body_size": int(max_body),
        "max_uri_length": int(_setting("BOLT_MAX_URI_LENGTH", DEFAULT_MAX_URI_LENGTH)),
        "backlog": int(options.backlog),
        "keep_alive_seconds": int(keep_alive),
        "client_timeout_ms": int(_setting("BOLT_CLIENT_TIMEOUT_MS", 5000)),
        "body_timeout_ms": int(_setting("BOLT_BODY_TIMEOUT_MS", 30000)),
        "shutdown_timeout_seconds": int(options.shutdown_timeout),
        "docs": bool(_setting("BOLT_DOCS", True)),
        "docs_path": str(_setting("BOLT_DOCS_PATH", DEFAULT_DOCS_PATH)),
        "docs_assets_dir": str(DOCS_ASSETS_DIR),
        "body_validation": str(_setting("BOLT_BODY_VALIDATION", "adaptive")),
        "allowed_hosts": allowed_hosts(),
        "default_headers": default_headers(),
    }


def prepare(hooks: Hooks) -> tuple[ModuleType, dict[str, Any], list[Binding]]:
    """Loads the extension, verifies the code against its manifest and binds every route."""
    ext = load_extension()
    manifest: dict[str, Any] = json.loads(ext.MANIFEST)
    bindings = build_bindings(manifest, hooks.missing)
    hooks.error_formatter = default_error_formatter(manifest)
    return ext, manifest, bindings


#: The msgspec release whose answers Bolt's native validation is tested against
#: (bolt-runtime/testdata, tests/differential).
VALIDATED_MSGSPEC = "0.22."


def msgspec_mismatch(version: str) -> str | None:
    """A warning when the installed msgspec is not the release native validation follows."""
    if version.startswith(VALIDATED_MSGSPEC):
        return None
    return (
        f"bolt: warning: msgspec {version} is installed; Bolt validates requests natively as "
        f"msgspec {VALIDATED_MSGSPEC}x does, which differs on a few inputs (e.g. some datetime "
        f"strings): install msgspec=={VALIDATED_MSGSPEC}* for identical answers\n"
    )


def _announce(out: TextIO, routes: int, options: ServeOptions) -> None:
    import msgspec

    warning = msgspec_mismatch(msgspec.__version__)
    if warning:
        sys.stderr.write(warning)
    out.write(
        f"Bolt serving {routes} route{'s' if routes != 1 else ''} on http://{options.host}:{options.port} "
        f"(processes: {options.processes})\n"
    )
    if _setting("BOLT_DOCS", True):
        docs_path = str(_setting("BOLT_DOCS_PATH", DEFAULT_DOCS_PATH)).rstrip("/") or "/"
        out.write(f"API docs on http://{options.host}:{options.port}{docs_path}\n")
    out.flush()


def _close_db_connections() -> None:
    try:
        from django.db import connections

        connections.close_all()
    except Exception:
        pass


FORCED_EXIT_CODE = 1
"""Exit code after a second SIGINT/SIGTERM cut the drain short."""


def serve_process(options: ServeOptions, out: TextIO | None = None) -> int:
    """Serves in this process until SIGINT/SIGTERM; returns the exit code. A second signal
    during the drain exits the process at once with ``FORCED_EXIT_CODE`` (a handler may still
    be running, so the interpreter is not finalized)."""
    hooks = Hooks()
    ext, manifest, bindings = prepare(hooks)
    config = server_config(options, reuse_port=options.worker)
    if not options.worker:
        _announce(out or sys.stdout, len(manifest.get("routes", [])), options)
    _close_db_connections()
    try:
        stopped = ext.serve(bindings, hooks, config)
    except BaseException:
        hooks.stop()
        raise
    if stopped == "forced":
        _exit_now(FORCED_EXIT_CODE)
    hooks.stop()
    return 0


def _exit_now(code: int) -> None:  # pragma: no cover - ends the process
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)


class Supervisor:
    """Keeps ``options.processes`` workers running; see the module docstring."""

    fast_exit_seconds = 5.0
    max_fast_failures = 8

    def __init__(self, options: ServeOptions, out: TextIO | None = None, err: TextIO | None = None) -> None:
        self.options = options
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self.children: dict[int, subprocess.Popen[bytes]] = {}
        self.started: dict[int, float] = {}
        self.failures: dict[int, int] = {}
        self.respawn_at: dict[int, float] = {}
        self.stopping = False
        self.forced = False

    def _command(self, slot: int) -> list[str]:
        return [*self.options.child_command, "--worker-slot", str(slot)]

    def _spawn(self, slot: int) -> None:
        env = dict(os.environ)
        env["BOLT_WORKER_SLOT"] = str(slot)
        # Its own process group: a terminal's Ctrl-C reaches only the supervisor, which
        # forwards one SIGTERM (two signals would make the worker stop at once).
        process = subprocess.Popen(
            self._command(slot),
            env=env,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
            process_group=0,
        )
        self.children[slot] = process
        self.started[slot] = time.monotonic()
        self.respawn_at.pop(slot, None)

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        if self.stopping:
            # A second signal: the workers get theirs too, and stop at once.
            self.forced = True
            for process in self.children.values():
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
        self.stopping = True

    def _reap(self) -> int | None:
        """Notices dead workers and schedules their respawn; returns an exit code to give up."""
        now = time.monotonic()
        for slot, process in list(self.children.items()):
            code = process.poll()
            if code is None:
                continue
            del self.children[slot]
            lived = now - self.started.get(slot, now)
            if lived < self.fast_exit_seconds:
                self.failures[slot] = self.failures.get(slot, 0) + 1
            else:
                self.failures[slot] = 0
            if self.failures[slot] >= self.max_fast_failures:
                self.err.write(
                    f"bolt: worker {slot} failed {self.failures[slot]} times in a row right after starting; stopping\n"
                )
                self.err.flush()
                return 1
            delay = 0.1 if self.failures[slot] == 0 else min(0.25 * 2 ** (self.failures[slot] - 1), 10.0)
            self.err.write(
                f"bolt: worker {slot} (pid {process.pid}) exited with code {code}; respawning in {delay:.2f}s\n"
            )
            self.err.flush()
            self.respawn_at[slot] = now + delay
        for slot, when in list(self.respawn_at.items()):
            if when <= now and not self.stopping:
                self._spawn(slot)
        return None

    def _stop_children(self) -> None:
        for process in self.children.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + self.options.shutdown_timeout + 5
        for process in self.children.values():
            try:
                process.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def run(self, routes: int) -> int:
        previous = {sig: signal.signal(sig, self._on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            for slot in range(self.options.processes):
                self._spawn(slot)
            _announce(self.out, routes, self.options)
            code = 0
            while not self.stopping:
                failed = self._reap()
                if failed is not None:
                    code = failed
                    break
                time.sleep(0.1)
            self._stop_children()
            return FORCED_EXIT_CODE if self.forced and code == 0 else code
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Linux: the worker gets SIGTERM if the supervisor dies without stopping it."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)
    except Exception:
        pass


#: Django's hosts when ``DEBUG`` is on and ``ALLOWED_HOSTS`` is empty.
DEBUG_ALLOWED_HOSTS = [".localhost", "127.0.0.1", "[::1]"]


def allowed_hosts() -> list[str]:
    """``ALLOWED_HOSTS`` as Django validates a request's ``Host`` against it (with ``DEBUG``
    and an empty list: ``.localhost``, ``127.0.0.1``, ``[::1]``)."""
    hosts = [str(host) for host in _setting("ALLOWED_HOSTS", [])]
    if not hosts and _setting("DEBUG", False):
        return list(DEBUG_ALLOWED_HOSTS)
    return hosts


SECURITY_MIDDLEWARE = "django.middleware.security.SecurityMiddleware"
XFRAME_MIDDLEWARE = "django.middleware.clickjacking.XFrameOptionsMiddleware"


def default_headers() -> list[tuple[str, str]]:
    """The headers Django's ``SecurityMiddleware`` and ``XFrameOptionsMiddleware`` give every
    response when ``MIDDLEWARE`` lists them, from the same settings (``nosniff``,
    ``Referrer-Policy``, ``Cross-Origin-Opener-Policy``, ``X-Frame-Options``). HSTS and the SSL
    redirect depend on HTTPS, which Bolt does not terminate: not added."""
    middleware = [str(name) for name in _setting("MIDDLEWARE", [])]
    headers: list[tuple[str, str]] = []
    if SECURITY_MIDDLEWARE in middleware:
        if _setting("SECURE_CONTENT_TYPE_NOSNIFF", True):
            headers.append(("x-content-type-options", "nosniff"))
        referrer = _setting("SECURE_REFERRER_POLICY", "same-origin")
        if referrer:
            values = referrer.split(",") if isinstance(referrer, str) else list(referrer)
            headers.append(("referrer-policy", ",".join(value.strip() for value in values)))
        opener = _setting("SECURE_CROSS_ORIGIN_OPENER_POLICY", "same-origin")
        if opener:
            headers.append(("cross-origin-opener-policy", str(opener)))
    if XFRAME_MIDDLEWARE in middleware:
        headers.append(("x-frame-options", str(_setting("X_FRAME_OPTIONS", "DENY")).upper()))
    return headers


class HostsNotConfiguredError(RuntimeError):
    """``DEBUG`` is off and ``ALLOWED_HOSTS`` is empty: every request would be refused."""


def run(options: ServeOptions) -> int:
    """Serves with ``options``; returns the process exit code."""
    if not allowed_hosts():
        # As `runserver`: every request would get 400.
        raise HostsNotConfiguredError("You must set settings.ALLOWED_HOSTS if DEBUG is False.")
    if options.processes <= 1 or options.worker:
        return serve_process(options)
    ext = load_extension()
    manifest: dict[str, Any] = json.loads(ext.MANIFEST)
    verify_build(manifest)
    _close_db_connections()
    return Supervisor(options).run(len(manifest.get("routes", [])))

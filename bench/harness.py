"""Bolt's benchmark harness: the same API in Bolt and its peers, side by side.

Started by `bench/run` (which finds Python 3.12); standard library only. It

1. sets up what it needs: one venv per framework under `bench/.venvs/` (Python 3.12 for all),
   `wrk` (apt-get when missing), the floor reference extension (`bench/floor/`, cargo), the
   `bolt` CLI (cargo) and Bolt's extension for `apps/django_app` (`bolt build`), and seeds the
   SQLite databases of the two Django apps;
2. for each framework starts ONE server process pinned to core 0 (`taskset -c 0`), checks every
   endpoint's answer once (status and JSON body), then loads it with `wrk -t1 -c64` pinned to
   core 1: a warm-up, then the timed run, sampling the server's CPU time (utime+stime of its
   whole process tree, /proc/<pid>/stat) around it; checks the endpoint again afterwards;
3. runs the multi-process scaling pass (1 vs 2 processes, nothing pinned) for Bolt and
   django-bolt;
4. writes `bench/results/<stamp>-<mode>.md` (+ `.raw`, the raw numbers as JSON) and prints it.

Every process it starts is stopped by PID (SIGTERM, wait, SIGKILL), also on failure or Ctrl-C.
A run that returned errors is void: it is reported, flagged, and its numbers are not compared.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import dataclasses
import datetime as dt
import hashlib
import http.client
import json
import math
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
APPS = BENCH / "apps"
# The Django project both Bolt and django-bolt 0.13 serve (the same api.py by construction).
DJANGO_APP = APPS / "django_app"
VENVS = BENCH / ".venvs"
BUILD = BENCH / ".build"
RESULTS = BENCH / "results"
HOST = "127.0.0.1"
CLK_TCK = os.sysconf("SC_CLK_TCK")

sys.path.insert(0, str(BENCH))
import payloads

# ---------------------------------------------------------------------------------------------
# Frameworks and endpoints
# ---------------------------------------------------------------------------------------------

FRAMEWORKS = ["bolt", "django-bolt", "fastapi", "litestar", "floor"]
LABELS = {
    "bolt": "Bolt",
    "django-bolt": "django-bolt 0.13",
    "fastapi": "FastAPI + uvicorn",
    "litestar": "Litestar + granian",
    "floor": "floor (actix + 1 Python call: the work alone)",
}
PEERS = ["django-bolt", "fastapi", "litestar", "floor"]
SHORT = {"bolt": "Bolt", "django-bolt": "django-bolt", "fastapi": "FastAPI", "litestar": "Litestar", "floor": "floor"}
VENV_OF = {"bolt": "bolt", "django-bolt": "django_bolt", "fastapi": "fastapi", "litestar": "litestar", "floor": "bolt"}


@dataclasses.dataclass(frozen=True)
class Endpoint:
    key: str
    label: str
    method: str
    path: str
    expect_status: int
    expect_body: Any
    body: str | None = None  # a name in payloads.bodies()
    only: tuple[str, ...] = ()  # frameworks that have it (empty: all but the floor)


USERS_OUT = [{"id": i, **row} for i, row in enumerate(payloads.USERS, start=1)]
# The floor reference answers every endpoint but the 422 one with one Python call doing just the
# endpoint's own Python work (bench/floor/serve.py): the least any framework can spend there.
WITH_FLOOR = ("bolt", "django-bolt", "fastapi", "litestar", "floor")
ENDPOINTS = [
    Endpoint("root", "GET /", "GET", "/", 200, payloads.HELLO, only=WITH_FLOOR),
    Endpoint("items_get", "GET /items/{id}?q=", "GET", "/items/42?q=hello", 200, {"item_id": 42, "q": "hello"},
             only=WITH_FLOOR),
    Endpoint("items_post", "POST /items (1 KB Struct, echoed)", "POST", "/items", 200, payloads.ITEM_1K, body="item_1k",
             only=WITH_FLOOR),
    Endpoint("bulk", "POST /bulk (10 KB list[Item] → count)", "POST", "/bulk", 200, {"count": payloads.BULK_ITEMS},
             body="bulk_10k", only=WITH_FLOOR),
    Endpoint("json10k", "GET /json10k (10 KB response)", "GET", "/json10k", 200, payloads.RESPONSE_10K, only=WITH_FLOOR),
    Endpoint("invalid", "POST /items invalid body → 422", "POST", "/items", 422, None, body="invalid_item"),
    Endpoint("async", "GET /async (await asyncio.sleep(0))", "GET", "/async", 200, payloads.HELLO, only=WITH_FLOOR),
    Endpoint("users_async", "GET /users (async ORM, 10 rows)", "GET", "/users", 200, USERS_OUT,
             only=("bolt", "django-bolt", "floor")),
    Endpoint("users_sync", "GET /users/sync (sync ORM, 10 rows)", "GET", "/users/sync", 200, USERS_OUT,
             only=("bolt", "django-bolt", "floor")),
    Endpoint("depends", "GET /deps?page=2&size=5 (two Depends: a header, two query params)", "GET",
             "/deps?page=2&size=5", 200, {"version": "v1", "page": 2, "size": 5}, only=("bolt", "django-bolt")),
]
ENDPOINT_BY_KEY = {e.key: e for e in ENDPOINTS}
SCALING_ENDPOINTS = ["root", "items_post"]


def serves(framework: str, endpoint: Endpoint) -> bool:
    if endpoint.only:
        return framework in endpoint.only
    return framework != "floor"


# ---------------------------------------------------------------------------------------------
# Process bookkeeping: everything started here is stopped by PID
# ---------------------------------------------------------------------------------------------

_LIVE: dict[int, subprocess.Popen[bytes]] = {}


def _proc_stat(pid: int) -> tuple[int, int] | None:
    """(ppid, utime+stime ticks) of `pid`, or None when it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    rest = raw[raw.rindex(")") + 2 :].split()
    return int(rest[1]), int(rest[11]) + int(rest[12])


def process_tree(root: int) -> list[int]:
    """`root` and all its descendants (alive now)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        stat = _proc_stat(int(entry))
        if stat is not None:
            children.setdefault(stat[0], []).append(int(entry))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        if _proc_stat(pid) is None:
            continue
        tree.append(pid)
        todo.extend(children.get(pid, []))
    return tree


def cpu_ticks(root: int) -> dict[int, int]:
    """utime+stime (clock ticks) of every process of the tree of `root`."""
    out = {}
    for pid in process_tree(root):
        stat = _proc_stat(pid)
        if stat is not None:
            out[pid] = stat[1]
    return out


def thread_ticks(root: int) -> dict[tuple[int, int], tuple[str, int]]:
    """(pid, tid) → (thread name, utime+stime ticks) for every thread of the tree of `root`."""
    out = {}
    for pid in process_tree(root):
        with contextlib.suppress(OSError):
            for tid in os.listdir(f"/proc/{pid}/task"):
                with contextlib.suppress(OSError, ValueError, IndexError):
                    raw = Path(f"/proc/{pid}/task/{tid}/stat").read_text()
                    name = raw[raw.index("(") + 1 : raw.rindex(")")]
                    rest = raw[raw.rindex(")") + 2 :].split()
                    out[(pid, int(tid))] = (name, int(rest[11]) + int(rest[12]))
    return out


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _start_time(pid: int) -> str | None:
    """The kernel's start time of `pid` (tells a process from a later one reusing its PID)."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return raw[raw.rindex(")") + 2 :].split()[19]


def stop_process(proc: subprocess.Popen[bytes], grace: float = 10.0) -> None:
    """SIGTERM the process, wait up to `grace` s, then SIGKILL it and every descendant still alive
    (each by PID, only if it is still the process that was seen in the tree)."""
    tree = [(pid, _start_time(pid)) for pid in process_tree(proc.pid) if pid != proc.pid] if proc.poll() is None else []
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            pass
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            proc.kill()
    for pid, started in tree:
        if started is not None and _start_time(pid) == started and pid != os.getpid():
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=5)
    _LIVE.pop(proc.pid, None)


def stop_all() -> None:
    for proc in list(_LIVE.values()):
        stop_process(proc, grace=3.0)


def _on_signal(signum: int, _frame: Any) -> None:
    stop_all()
    raise SystemExit(128 + signum)


def start(argv: list[str], cwd: Path, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    handle = log.open("ab")
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)
    handle.close()
    _LIVE[proc.pid] = proc
    return proc


# ---------------------------------------------------------------------------------------------
# Setup
# ---------------------------------------------------------------------------------------------


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def run_logged(argv: list[str], *, cwd: Path | None = None, env: dict[str, str] | None = None, logfile: Path,
               timeout: float = 900) -> bool:
    with logfile.open("ab") as handle:
        handle.write(f"\n$ {' '.join(argv)}\n".encode())
        handle.flush()
        try:
            proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)
            _LIVE[proc.pid] = proc
            try:
                code = proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                stop_process(proc, grace=2)
                handle.write(f"timed out after {timeout:.0f} s\n".encode())
                return False
            finally:
                _LIVE.pop(proc.pid, None)
        except OSError as exc:
            handle.write(f"cannot run: {exc}\n".encode())
            return False
    return code == 0


def tail(path: Path, lines: int = 25) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def venv_python(name: str) -> Path:
    return VENVS / name / "bin" / "python"


def ensure_venv(name: str, python: str, work: Path, editable: Path | None = None) -> None:
    """Creates/updates bench/.venvs/<name> from requirements/<name>.txt (re-installs only on change)."""
    req = BENCH / "requirements" / f"{name}.txt"
    digest = hashlib.sha256(req.read_bytes())
    digest.update(python.encode())
    if editable is not None:
        digest.update((editable / "pyproject.toml").read_bytes())
    stamp = VENVS / name / ".bench-installed"
    if stamp.exists() and stamp.read_text() == digest.hexdigest() and venv_python(name).exists():
        return
    log(f"setting up venv {name} (Python {python})")
    logfile = work / f"setup-{name}.log"
    if not venv_python(name).exists() and not run_logged([python, "-m", "venv", str(VENVS / name)], logfile=logfile):
        raise RuntimeError(f"cannot create venv {name}:\n{tail(logfile)}")
    argv = [str(venv_python(name)), "-m", "pip", "install", "-q", "-r", str(req)]
    if editable is not None:
        argv += ["-e", str(editable)]
    if not run_logged(argv, logfile=logfile):
        raise RuntimeError(f"pip install failed for venv {name}:\n{tail(logfile)}")
    stamp.write_text(digest.hexdigest())


def ensure_wrk(work: Path) -> str:
    found = shutil.which("wrk")
    if found:
        return found
    log("installing wrk (apt-get)")
    logfile = work / "setup-wrk.log"
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    if not run_logged([*sudo, "apt-get", "install", "-y", "-qq", "wrk"], logfile=logfile) and run_logged(
        [*sudo, "apt-get", "update", "-qq"], logfile=logfile
    ):
        run_logged([*sudo, "apt-get", "install", "-y", "-qq", "wrk"], logfile=logfile)
    found = shutil.which("wrk")
    if not found:
        raise RuntimeError(f"wrk is required and could not be installed:\n{tail(logfile)}")
    return found


def cargo_env(python: Path) -> dict[str, str]:
    env = dict(os.environ)
    target = os.environ.get("BENCH_TARGET_DIR") or os.environ.get("BOLT_TARGET_DIR") or str(Path.home() / ".cache/bolt/target")
    env.update(
        CARGO_TARGET_DIR=target,
        BOLT_TARGET_DIR=target,
        PYO3_PYTHON=str(python),
        BOLT_PYTHON=str(python),
        PYO3_BUILD_EXTENSION_MODULE="1",
    )
    return env


def build_floor(work: Path) -> Path:
    """cargo build of bench/floor → bench/.build/_bolt_floor.so."""
    env = cargo_env(venv_python("bolt"))
    logfile = work / "build-floor.log"
    log("building the floor reference (cargo --release)")
    ok = run_logged(["cargo", "build", "--release", "--manifest-path", str(BENCH / "floor" / "Cargo.toml")],
                    env=env, logfile=logfile)
    built = Path(env["CARGO_TARGET_DIR"]) / "release" / "lib_bolt_floor.so"
    if not ok or not built.exists():
        raise RuntimeError(f"floor build failed:\n{tail(logfile)}")
    BUILD.mkdir(exist_ok=True)
    dest = BUILD / "_bolt_floor.so"
    tmp = dest.with_suffix(".tmp")
    shutil.copyfile(built, tmp)
    tmp.replace(dest)
    return dest


def bolt_cli(work: Path) -> Path:
    """This checkout's `bolt` CLI: cargo build --release -p bolt-cli, else .venv/bin/bolt."""
    if os.environ.get("BOLT_CLI"):
        return Path(os.environ["BOLT_CLI"])
    env = cargo_env(venv_python("bolt"))
    logfile = work / "build-bolt-cli.log"
    log("building the bolt CLI (cargo build --release -p bolt-cli)")
    built = Path(env["CARGO_TARGET_DIR"]) / "release" / "bolt"
    if run_logged(["cargo", "build", "--release", "-p", "bolt-cli"], cwd=REPO, env=env, logfile=logfile) and built.exists():
        return built
    fallback = REPO / ".venv" / "bin" / "bolt"
    if fallback.exists():
        log(f"bolt-cli did not build (see {logfile}); using {fallback}")
        return fallback
    raise RuntimeError(f"no bolt CLI: cargo build -p bolt-cli failed:\n{tail(logfile)}")


def build_bolt_app(work: Path) -> float:
    cli = bolt_cli(work)
    env = cargo_env(venv_python("bolt"))
    env["PYTHONPATH"] = str(BENCH)
    logfile = work / "build-bolt-app.log"
    log(f"bolt build in apps/django_app ({cli})")
    began = time.monotonic()
    if not run_logged([str(cli), "build", "--profile", "release"], cwd=DJANGO_APP, env=env, logfile=logfile):
        raise RuntimeError(f"`bolt build` failed:\n{tail(logfile, 40)}")
    return time.monotonic() - began


def seed(framework: str, work: Path) -> None:
    logfile = work / f"seed-{framework}.log"
    if not run_logged([str(venv_python(VENV_OF[framework])), "manage.py", "bench_seed"], cwd=DJANGO_APP,
                      env=server_env(framework), logfile=logfile, timeout=120):
        raise RuntimeError(f"seeding the database of {framework} failed:\n{tail(logfile)}")


def package_versions(venv: str, names: list[str]) -> dict[str, str]:
    code = ("import importlib.metadata as m, json, sys\n"
            "out = {}\n"
            "for n in sys.argv[1:]:\n"
            "    try: out[n] = m.version(n)\n"
            "    except m.PackageNotFoundError: out[n] = '-'\n"
            "print(json.dumps(out))")
    try:
        raw = subprocess.run([str(venv_python(venv)), "-c", code, *names], check=False, capture_output=True, text=True, timeout=60)
        return json.loads(raw.stdout)
    except (OSError, ValueError, subprocess.TimeoutExpired):
        return {}


# ---------------------------------------------------------------------------------------------
# Servers
# ---------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def server_env(framework: str) -> dict[str, str]:
    """The environment of `framework`'s server (and its seeding): the Django frameworks share
    apps/django_app but each gets its own database."""
    env = dict(os.environ)
    for name in ("PYTHONHOME", "VIRTUAL_ENV", "DJANGO_SETTINGS_MODULE"):
        env.pop(name, None)
    env["PYTHONPATH"] = os.pathsep.join([str(BENCH), str(APPS)])
    env["PYTHONUNBUFFERED"] = "1"
    env["BENCH_DB"] = str(DJANGO_APP / f"db-{framework}.sqlite3")
    if framework == "floor":
        # handler_work.steps(): the bench's Django project, reading Bolt's database.
        env["PYTHONPATH"] = os.pathsep.join([str(BENCH), str(DJANGO_APP)])
        env["BENCH_DB"] = str(DJANGO_APP / "db-bolt.sqlite3")
    return env


def measure_handler_work(work: Path) -> dict[str, float]:
    """`handler_work.py --json` in the Bolt venv, pinned like the servers: the Python work of
    each endpoint alone (µs/request)."""
    logfile = work / "handler-work.log"
    argv = ["taskset", "-c", "0", str(venv_python("bolt")), str(BENCH / "handler_work.py"), "--json"]
    env = server_env("bolt")
    env["PYTHONPATH"] = os.pathsep.join([str(BENCH), str(DJANGO_APP)])
    proc = subprocess.run(argv, check=False, capture_output=True, text=True, env=env, cwd=DJANGO_APP, timeout=600)
    logfile.write_text(proc.stdout + proc.stderr)
    if proc.returncode != 0:
        raise RuntimeError(f"handler_work.py failed:\n{tail(logfile)}")
    return {key: float(value) for key, value in json.loads(proc.stdout.strip().splitlines()[-1]).items()}


def server_argv(framework: str, port: int, processes: int) -> tuple[list[str], Path]:
    py = str(venv_python(VENV_OF[framework]))
    common = ["--host", HOST, "--port", str(port)]
    if framework == "bolt":
        return [py, "manage.py", "runbolt", *common, "--processes", str(processes)], DJANGO_APP
    if framework == "django-bolt":
        # One process, one actix worker thread (its default on a GIL Python), no admin routes.
        return ([py, "manage.py", "runbolt", *common, "--processes", str(processes), "--workers", "1", "--no-admin"],
                DJANGO_APP)
    if framework == "fastapi":
        return ([py, "-m", "uvicorn", "fastapi_app:app", *common, "--workers", str(processes), "--loop", "uvloop",
                 "--http", "httptools", "--no-access-log", "--log-level", "warning"], APPS)
    if framework == "litestar":
        return ([str(VENVS / "litestar" / "bin" / "granian"), "--interface", "asgi", "--workers", str(processes),
                 "--loop", "uvloop", "--http", "1", "--log-level", "warning", *common, "litestar_app:app"], APPS)
    if framework == "floor":
        return [py, str(BENCH / "floor" / "serve.py"), str(BUILD / "_bolt_floor.so"), *common], BENCH / "floor"
    raise ValueError(framework)


def request(port: int, endpoint: Endpoint, bodies: dict[str, bytes], timeout: float = 10.0) -> tuple[int, bytes, str]:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        headers = {"Content-Type": "application/json"} if endpoint.body else {}
        conn.request(endpoint.method, endpoint.path, body=bodies[endpoint.body] if endpoint.body else None,
                     headers=headers)
        response = conn.getresponse()
        return response.status, response.read(), response.getheader("content-type") or ""
    finally:
        conn.close()


def check(port: int, endpoint: Endpoint, bodies: dict[str, bytes]) -> str | None:
    """None when the endpoint answers as every framework must; else what is wrong."""
    try:
        status, body, content_type = request(port, endpoint, bodies)
    except OSError as exc:
        return f"no answer ({exc})"
    shown = body[:300].decode(errors="replace")
    if status != endpoint.expect_status:
        return f"status {status}, expected {endpoint.expect_status}; body: {shown}"
    if not content_type.startswith("application/json"):
        return f"content-type {content_type!r}, expected application/json"
    try:
        data = json.loads(body)
    except ValueError:
        return f"body is not JSON: {shown}"
    if endpoint.expect_status == 422:
        if not isinstance(data, dict) or "detail" not in data:
            return f"422 body has no `detail`: {shown}"
        return None
    if data != endpoint.expect_body:
        return f"unexpected body: {shown}"
    return None


def wait_ready(proc: subprocess.Popen[bytes], port: int, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    probe = ENDPOINT_BY_KEY["root"]
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            status, _, _ = request(port, probe, {}, timeout=2)
            if status == 200:
                return True
        except OSError:
            pass
        time.sleep(0.1)
    return False


@contextlib.contextmanager
def running(framework: str, processes: int, pinned: bool, work: Path) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    port = free_port()
    argv, cwd = server_argv(framework, port, processes)
    if pinned:
        argv = ["taskset", "-c", "0", *argv]
    logfile = work / f"server-{framework}-{processes}p.log"
    proc = start(argv, cwd, server_env(framework), logfile)
    try:
        if not wait_ready(proc, port):
            raise RuntimeError(f"{framework} did not start ({' '.join(argv)}):\n{tail(logfile)}")
        time.sleep(0.3)  # let multi-process servers bring up every worker
        yield proc, port
    finally:
        stop_process(proc)


# ---------------------------------------------------------------------------------------------
# Load
# ---------------------------------------------------------------------------------------------

_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if not match:
        raise ValueError(text)
    return float(match.group(1)) * _UNITS[match.group(2)]


@dataclasses.dataclass
class Load:
    requests: int = 0
    seconds: float = 0.0
    rps: float = 0.0
    p50_ms: float = float("nan")
    p99_ms: float = float("nan")
    socket_errors: int = 0
    non_2xx: int = 0
    unexpected_status: int | None = None
    wrk_cpu_pct: float = 0.0
    raw: str = ""


def parse_wrk(out: str) -> Load:
    load = Load(raw=out)
    if m := re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)", out):
        load.requests = int(m.group(1))
        load.seconds = _ms(m.group(2) + m.group(3)) / 1e3
    if m := re.search(r"Requests/sec:\s+([\d.]+)", out):
        load.rps = float(m.group(1))
    for pct, attr in (("50", "p50_ms"), ("99", "p99_ms")):
        if m := re.search(rf"^\s+{pct}%\s+(\S+)", out, re.MULTILINE):
            setattr(load, attr, _ms(m.group(1)))
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out):
        load.socket_errors = sum(int(x) for x in m.groups())
    if m := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        load.non_2xx = int(m.group(1))
    if m := re.search(r"^unexpected_status (\d+)", out, re.MULTILINE):
        load.unexpected_status = int(m.group(1))
    return load


def run_wrk(wrk: str, port: int, endpoint: Endpoint, seconds: int, connections: int, threads: int,
            pinned: bool, body_files: dict[str, Path]) -> Load:
    argv = [wrk, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    env = dict(os.environ)
    if endpoint.body:
        env["BENCH_BODY"] = str(body_files[endpoint.body])
        if endpoint.expect_status // 100 != 2:
            env["BENCH_EXPECT"] = str(endpoint.expect_status)
            argv += ["-s", str(BENCH / "wrk" / "post_expect.lua")]
        else:
            argv += ["-s", str(BENCH / "wrk" / "post.lua")]
    argv.append(f"http://{HOST}:{port}{endpoint.path}")
    if pinned:
        argv = ["taskset", "-c", "1", *argv]
    began = time.monotonic()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    _LIVE[proc.pid] = proc
    try:
        out, _ = proc.communicate(timeout=seconds + 60)
    except subprocess.TimeoutExpired:
        stop_process(proc, grace=2)
        raise RuntimeError("wrk did not finish") from None
    finally:
        _LIVE.pop(proc.pid, None)
    wall = time.monotonic() - began
    usage = resource_children_delta()
    load = parse_wrk(out.decode(errors="replace"))
    load.wrk_cpu_pct = 100.0 * usage / wall if wall > 0 else 0.0
    if proc.returncode != 0 or load.requests == 0:
        last = (load.raw.strip().splitlines() or ["no output"])[-1].strip()
        raise RuntimeError(f"wrk failed (exit {proc.returncode}): {last}")
    return load


_children_cpu = [0.0]


def resource_children_delta() -> float:
    """CPU seconds used by children reaped since the last call (wrk, as `taskset` execs it)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = usage.ru_utime + usage.ru_stime
    delta = total - _children_cpu[0]
    _children_cpu[0] = total
    return delta


@dataclasses.dataclass
class Result:
    framework: str
    endpoint: str
    processes: int = 1
    load: Load | None = None
    cpu_us_per_req: float = float("nan")
    rss_mb: float = float("nan")
    errors: int = 0
    problem: str | None = None  # check failed / server failed: no numbers
    threads: dict[str, float] = dataclasses.field(default_factory=dict)  # thread name → CPU µs/req
    rounds: list[dict[str, float]] = dataclasses.field(default_factory=list)  # every round's numbers

    @property
    def void(self) -> bool:
        return self.problem is not None or self.load is None or self.errors > 0


def measure(wrk: str, proc: subprocess.Popen[bytes], port: int, framework: str, endpoint: Endpoint,
            args: argparse.Namespace, bodies: dict[str, bytes], body_files: dict[str, Path],
            processes: int = 1, pinned: bool = True, threads: int = 1, warm_up: bool = True) -> Result:
    result = Result(framework, endpoint.key, processes)
    problem = check(port, endpoint, bodies)
    if problem:
        result.problem = f"check failed: {problem}"
        return result
    resource_children_delta()
    if warm_up and args.warmup > 0:
        run_wrk(wrk, port, endpoint, args.warmup, args.connections, threads, pinned, body_files)
    resource_children_delta()
    threads_before = thread_ticks(proc.pid)
    before = cpu_ticks(proc.pid)
    load = run_wrk(wrk, port, endpoint, args.duration, args.connections, threads, pinned, body_files)
    after = cpu_ticks(proc.pid)
    threads_after = thread_ticks(proc.pid)
    result.load = load
    by_name: dict[str, int] = {}
    for key, (name, ticks) in threads_after.items():
        by_name[name] = by_name.get(name, 0) + max(0, ticks - threads_before.get(key, (name, 0))[1])
    result.threads = {name: t / CLK_TCK * 1e6 / load.requests for name, t in sorted(by_name.items()) if t > 0}
    deltas = {pid: ticks - before.get(pid, 0) for pid, ticks in after.items()}
    total_ticks = sum(max(0, d) for d in deltas.values())
    result.cpu_us_per_req = total_ticks / CLK_TCK * 1e6 / load.requests
    if processes == 1:
        # The worker: the process of the tree that did the work (granian/uvicorn have a master).
        busiest = max(deltas, key=lambda pid: deltas[pid], default=proc.pid)
        result.rss_mb = rss_kb(busiest) / 1024
    else:
        result.rss_mb = sum(rss_kb(pid) for pid in after) / 1024
    if endpoint.expect_status // 100 == 2:
        unexpected = load.non_2xx
    else:
        unexpected = load.unexpected_status if load.unexpected_status is not None else load.requests - load.non_2xx
    result.errors = load.socket_errors + unexpected
    again = check(port, endpoint, bodies)
    if again:
        result.problem = f"check after load failed: {again}"
    result.rounds = [{"rps": load.rps, "cpu_us_per_req": result.cpu_us_per_req, "p50_ms": load.p50_ms,
                      "p99_ms": load.p99_ms, "errors": result.errors, "requests": load.requests}]
    return result


def best_of(rounds: list[Result]) -> Result:
    """One row from several rounds: the round with the least CPU per request (noise on a shared
    machine only ever adds CPU time), with the errors of all rounds and the first problem."""
    measured = [r for r in rounds if r.load is not None]
    if not measured:
        return rounds[0]
    best = dataclasses.replace(min(measured, key=lambda r: r.cpu_us_per_req))
    best.errors = sum(r.errors for r in measured)
    best.problem = next((r.problem for r in rounds if r.problem), None)
    best.rounds = [row for r in measured for row in r.rounds]
    return best


# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------


def fmt(value: float, digits: int = 0) -> str:
    if math.isnan(value):
        return "–"
    return f"{value:,.{digits}f}"


def ratio(a: float, b: float) -> str:
    if math.isnan(a) or math.isnan(b) or b == 0:
        return "–"
    return f"{a / b:.2f}×"


def report(results: list[Result], scaling: list[Result], meta: dict[str, Any], notes: list[str]) -> str:
    by = {(r.framework, r.endpoint): r for r in results}
    ok = {k: r for k, r in by.items() if not r.void}
    lines = [f"# Bolt vs peers — {meta['stamp']} ({meta['mode']})", ""]
    lines += [
        (f"- Machine: {meta['cpus']} cores ({meta['cpu_model']}), {meta['kernel']}; load average "
        f"{meta['load_before']} before, {meta['load_after']} after. Numbers from a shared, busy machine are noisy; "
        "**CPU µs/request** (server utime+stime ÷ requests) is the steadiest figure."),
        (f"- Load: `wrk -t1 -c{meta['connections']}` pinned to core 1, server pinned to core 0 (one process), loopback; "
        f"{meta['warmup']:g} s warm-up, then {meta['rounds']} round(s) of {meta['duration']:g} s per endpoint, the "
        "frameworks taking turns on each endpoint; a row is its round with the least CPU µs/req. p50/p99 from `wrk --latency`. "
        "Errors: socket errors + non-2xx answers (for the 422 row: answers other than 422). Every endpoint's answer is "
        "checked (status + JSON body) before and after its load; a row with errors or a failed check is void."),
        f"- Python {meta['python']} for every framework. Versions: {meta['versions']}.",
        f"- Repository: {meta['git']}. Bolt extension: {meta.get('bolt_build', '–')}. Setup took {meta['setup']:.0f} s.",
        "- LG CPU: the load generator's CPU use; near 100 % the row is load-generator-bound, not server-bound.",
        "",
    ]
    # Summary: Bolt relative to each peer.
    if not any(fw == "bolt" for fw, _ in ok):
        lines += ["## Bolt relative to each peer", "", "Bolt was not measured in this run (see Notes).", ""]
    else:
        lines += _summary(ok, meta)
    return _details(lines, by, ok, results, scaling, meta, notes)


def _summary(ok: dict[tuple[str, str], Result], meta: dict[str, Any]) -> list[str]:
    lines = ["## Bolt relative to each peer", "",
              ("req/s ratio = Bolt ÷ peer (above 1: Bolt serves more); CPU ratio = Bolt µs/req ÷ peer µs/req "
              "(below 1: Bolt spends less CPU per request)."), ""]
    head = ["endpoint", "Bolt req/s", "Bolt CPU µs/req"]
    for peer in PEERS:
        head += [f"÷ {SHORT[peer]} req/s", f"÷ {SHORT[peer]} CPU"]
    lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for endpoint in ENDPOINTS:
        if endpoint.key not in meta["endpoints"]:
            continue
        bolt = ok.get(("bolt", endpoint.key))
        row = [endpoint.label,
               fmt(bolt.load.rps) if bolt else "–",
               fmt(bolt.cpu_us_per_req, 1) if bolt else "–"]
        for peer in PEERS:
            other = ok.get((peer, endpoint.key))
            if bolt and other:
                row += [ratio(bolt.load.rps, other.load.rps), ratio(bolt.cpu_us_per_req, other.cpu_us_per_req)]
            else:
                row += ["–", "–"]
        lines.append("| " + " | ".join(row) + " |")
    lines.append("")
    return lines


def _ceilings(ok: dict[tuple[str, str], Result], meta: dict[str, Any]) -> list[str]:
    """How far Bolt can get ahead of django-bolt at most, per endpoint: the floor reference's CPU
    on the endpoint (actix + one Python call doing just the endpoint's Python work, at the same
    request rate), or, where it does not serve the endpoint, its `GET /` CPU plus that work timed
    alone (`handler_work.py`)."""
    work = meta.get("handler_work") or {}
    root_floor = ok.get(("floor", "root"))
    if not root_floor:
        return []
    lines = ["## The floor per endpoint: how far ahead Bolt can get at most", "",
             ("least possible = the floor reference's CPU µs/req on the endpoint: actix-web reading the same request, "
             "one Python call doing exactly the endpoint's Python work (`bench/handler_work.py`: msgspec decode of "
             "the same body, the same handler function, msgspec encode) and sending the same answer, at the same "
             "request rate (so the kernel's cost of waking the load generator is counted too); for the 422 row, "
             "which the floor does not serve, floor on GET / + that work timed alone. On the async ORM row the "
             "floor runs the coroutine with `run_until_complete` per request, which costs more than a loop that "
             "keeps running: there the floor is an upper bound. ceiling = django-bolt CPU ÷ "
             "least possible: no framework that calls Python once per request can beat django-bolt by more on that "
             "endpoint. Bolt ÷ least: how close Bolt is to that floor."), "",
             ("| endpoint | Python work alone µs | least possible µs | django-bolt µs | ceiling vs django-bolt | Bolt µs | "
             "Bolt ÷ least | Bolt vs django-bolt (CPU) |"),
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for endpoint in ENDPOINTS:
        if endpoint.key not in meta["endpoints"]:
            continue
        served = ok.get(("floor", endpoint.key))
        alone = work.get(endpoint.key)
        if served:
            least = served.cpu_us_per_req
        elif alone is not None:
            least = root_floor.cpu_us_per_req + alone
        else:
            continue
        base = ok.get(("django-bolt", endpoint.key))
        bolt = ok.get(("bolt", endpoint.key))
        lines.append(
            f"| {endpoint.label} | {fmt(alone, 1) if alone is not None else '–'} | {least:.1f} | "
            f"{fmt(base.cpu_us_per_req, 1) if base else '–'} | "
            f"{ratio(base.cpu_us_per_req, least) if base else '–'} | {fmt(bolt.cpu_us_per_req, 1) if bolt else '–'} | "
            f"{ratio(bolt.cpu_us_per_req, least) if bolt else '–'} | "
            f"{ratio(base.cpu_us_per_req, bolt.cpu_us_per_req) if base and bolt else '–'} |")
    lines.append("")
    return lines


def _details(lines: list[str], by: dict[tuple[str, str], Result], ok: dict[tuple[str, str], Result],
             results: list[Result], scaling: list[Result], meta: dict[str, Any], notes: list[str]) -> str:
    lines += ["## Per endpoint", ""]
    for endpoint in ENDPOINTS:
        if endpoint.key not in meta["endpoints"]:
            continue
        rows = [by[(fw, endpoint.key)] for fw in FRAMEWORKS if (fw, endpoint.key) in by]
        if not rows:
            continue
        base = ok.get(("django-bolt", endpoint.key))
        lines += [f"### {endpoint.label}", "",
                  "| framework | req/s | p50 ms | p99 ms | errors | CPU µs/req | RSS MB | req/s ÷ django-bolt | LG CPU |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for r in rows:
            if r.load is None:
                lines.append(f"| {LABELS[r.framework]} | **void**: {r.problem} | | | | | | | |")
                continue
            flag = " **VOID**" if r.void else ""
            lines.append(
                f"| {LABELS[r.framework]}{flag} | {fmt(r.load.rps)} | {fmt(r.load.p50_ms, 2)} | {fmt(r.load.p99_ms, 2)} | "
                f"{r.errors} | {fmt(r.cpu_us_per_req, 1)} | {fmt(r.rss_mb, 1)} | "
                f"{ratio(r.load.rps, base.load.rps) if base and not r.void else '–'} | {fmt(r.load.wrk_cpu_pct)} % |")
            if r.problem:
                lines.append(f"| ↳ {r.problem} | | | | | | | | |")
        lines.append("")

    lines += _ceilings(ok, meta)
    threaded = [r for r in results if r.threads and not r.void and r.framework in ("bolt", "django-bolt", "floor")]
    if threaded:
        lines += ["## Where the server's CPU goes (µs/request per thread, by thread name)", ""]
        for r in threaded:
            parts = ", ".join(f"`{name}` {us:.1f}" for name, us in sorted(r.threads.items(), key=lambda kv: -kv[1])
                              if us >= 0.05)
            lines.append(f"- {LABELS[r.framework]}, {ENDPOINT_BY_KEY[r.endpoint].label}: {parts}")
        lines.append("")

    if scaling:
        lines += ["## Multi-process scaling (1 vs 2 processes, nothing pinned)", "",
                  (f"One run of {meta['duration'] * meta['rounds']:g} s per row; `wrk -t2 -c{meta['connections']}` unpinned, server unpinned; CPU µs/req and RSS over the server's whole "
                  "process tree (supervisor included). On 2 cores the load generator competes with the server "
                  "processes, so 2 ÷ 1 stays well under 2× for a fast server."), "",
                  "| framework | endpoint | processes | req/s | p50 ms | p99 ms | errors | CPU µs/req | RSS MB (all) | 2p ÷ 1p |",
                  "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
        sby = {(r.framework, r.endpoint, r.processes): r for r in scaling}
        for r in scaling:
            label = ENDPOINT_BY_KEY[r.endpoint].label
            if r.load is None:
                lines.append(f"| {LABELS[r.framework]} | {label} | {r.processes} | **void**: {r.problem} | | | | | | |")
                continue
            one = sby.get((r.framework, r.endpoint, 1))
            speedup = ratio(r.load.rps, one.load.rps) if r.processes == 2 and one and one.load and not one.void else ""
            flag = " **VOID**" if r.void else ""
            lines.append(
                f"| {LABELS[r.framework]}{flag} | {label} | {r.processes} | {fmt(r.load.rps)} | {fmt(r.load.p50_ms, 2)} | "
                f"{fmt(r.load.p99_ms, 2)} | {r.errors} | {fmt(r.cpu_us_per_req, 1)} | {fmt(r.rss_mb, 1)} | {speedup} |")
        lines.append("")

    lines += ["## Servers", ""]
    for fw, cmd in meta["commands"].items():
        lines.append(f"- {LABELS[fw]}: `{cmd}`")
    lines.append("")
    if notes:
        lines += ["## Notes", ""] + [f"- {n}" for n in notes] + [""]
    lines.append(f"Total time: {meta['elapsed']:.0f} s.")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/run", description="Benchmark Bolt against its peers, side by side.")
    parser.add_argument("--quick", action="store_true",
                        help="~2.5-minute run: 1 round of 2 s per endpoint after 1 s warm-up; scaling on GET / only")
    parser.add_argument("--only", default="", help=f"comma-separated frameworks ({', '.join(FRAMEWORKS)})")
    parser.add_argument("--endpoints", default="", help=f"comma-separated endpoints ({', '.join(ENDPOINT_BY_KEY)})")
    parser.add_argument("--duration", type=int, default=None, help="seconds measured per endpoint and round (4; quick: 2)")
    parser.add_argument("--warmup", type=int, default=None, help="warm-up seconds per endpoint, 0 for none (1)")
    parser.add_argument("--rounds", type=int, default=None,
                        help="rounds over all endpoints; a row is the round with the least CPU µs/req (full: 2, quick: 1)")
    parser.add_argument("--connections", type=int, default=64, help="wrk connections (64)")
    parser.add_argument("--no-scaling", action="store_true", help="skip the 1-vs-2-processes pass")
    parser.add_argument("--no-build", action="store_true", help="use the existing floor/Bolt builds as they are")
    parser.add_argument("--setup-only", action="store_true", help="set everything up, then stop")
    args = parser.parse_args(argv)
    custom = args.only or args.endpoints or args.no_scaling or any(
        v is not None for v in (args.duration, args.warmup, args.rounds)) or args.connections != 64
    args.mode = ("quick" if args.quick else "full") + ("-custom" if custom else "")
    # wrk takes whole seconds only.
    if args.rounds is None:
        args.rounds = 1 if args.quick else 2
    if args.duration is None:
        args.duration = 2 if args.quick else 4
    if args.warmup is None:
        args.warmup = 1
    if args.duration < 1 or args.warmup < 0 or args.rounds < 1:
        parser.error("--duration and --rounds must be >= 1, --warmup >= 0 (whole seconds)")
    args.scaling_endpoints = ["root"] if args.quick else list(SCALING_ENDPOINTS)
    args.frameworks = [f.strip() for f in args.only.split(",") if f.strip()] or list(FRAMEWORKS)
    args.endpoint_keys = [e.strip() for e in args.endpoints.split(",") if e.strip()] or list(ENDPOINT_BY_KEY)
    for fw in args.frameworks:
        if fw not in FRAMEWORKS:
            parser.error(f"unknown framework {fw!r} (known: {', '.join(FRAMEWORKS)})")
    for key in args.endpoint_keys:
        if key not in ENDPOINT_BY_KEY:
            parser.error(f"unknown endpoint {key!r} (known: {', '.join(ENDPOINT_BY_KEY)})")
    return args


def git_description() -> str:
    try:
        head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], check=False, capture_output=True,
                              text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"],
                               check=False, capture_output=True, text=True, timeout=10).stdout.strip()
        return f"{head}" + (f" + uncommitted changes in {len(dirty.splitlines())} tracked files" if dirty else "")
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"


def cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def loadavg() -> str:
    with contextlib.suppress(OSError):
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    return "?"


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    began = time.monotonic()
    atexit.register(stop_all)
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _on_signal)

    stamp = dt.datetime.now().strftime("%Y-%m-%d-%H%M%S")
    work = BENCH / ".work" / f"{stamp}-{args.mode}"
    work.mkdir(parents=True, exist_ok=True)
    python = sys.executable
    notes: list[str] = []
    unavailable: dict[str, str] = {}
    meta: dict[str, Any] = {"stamp": stamp, "mode": args.mode, "connections": args.connections, "rounds": args.rounds,
                            "duration": args.duration, "warmup": args.warmup, "endpoints": args.endpoint_keys,
                            "python": platform.python_version(), "cpus": os.cpu_count(), "cpu_model": cpu_model(),
                            "kernel": f"Linux {platform.release()}", "load_before": loadavg(), "git": git_description()}
    log(f"mode {args.mode}: {args.rounds} round(s) of {args.duration} s per endpoint after a {args.warmup} s warm-up; "
        f"logs in {work}")

    # -- setup ---------------------------------------------------------------------------------
    if sys.version_info[:2] != (3, 12):
        notes.append(f"the harness runs on Python {platform.python_version()}, not 3.12")
    wrk = ensure_wrk(work)
    needed_venvs = sorted({VENV_OF[fw] for fw in args.frameworks})
    for name in needed_venvs:
        try:
            ensure_venv(name, python, work, editable=REPO / "python" if name == "bolt" else None)
        except RuntimeError as exc:
            for fw in args.frameworks:
                if VENV_OF[fw] == name:
                    unavailable[fw] = str(exc).splitlines()[0]
            notes.append(str(exc).splitlines()[0])
    if "floor" in args.frameworks and "floor" not in unavailable:
        try:
            if not args.no_build or not (BUILD / "_bolt_floor.so").exists():
                build_floor(work)
        except RuntimeError as exc:
            unavailable["floor"] = "build failed"
            notes.append(f"floor: {exc}")
    if "bolt" in args.frameworks and "bolt" not in unavailable:
        try:
            if not args.no_build or not (DJANGO_APP / ".bolt" / "build.json").exists():
                seconds = build_bolt_app(work)
                meta["bolt_build"] = f"`bolt build` (release) in {seconds:.1f} s"
        except RuntimeError as exc:
            unavailable["bolt"] = "`bolt build` failed"
            notes.append("Bolt: " + str(exc).replace("\n", "\n  "))
    for fw in ("bolt", "django-bolt"):
        if fw in args.frameworks and fw not in unavailable:
            try:
                seed(fw, work)
            except RuntimeError as exc:
                unavailable[fw] = "database seeding failed"
                notes.append(f"{fw}: {exc}")
    meta["versions"] = "; ".join(
        f"{venv}: " + ", ".join(f"{k} {v}" for k, v in package_versions(venv, pkgs).items())
        for venv, pkgs in (("bolt", ["django-bolt", "Django", "msgspec"]),
                           ("django_bolt", ["django-bolt", "Django", "msgspec"]),
                           ("fastapi", ["fastapi", "pydantic", "uvicorn", "uvloop", "httptools"]),
                           ("litestar", ["litestar", "msgspec", "granian", "uvloop"]))
        if venv in needed_venvs
    ) + f"; {subprocess.run([wrk, '--version'], check=False, capture_output=True, text=True).stdout.splitlines()[0].strip()}"
    meta["setup"] = time.monotonic() - began
    log(f"setup done in {meta['setup']:.0f} s")
    if args.setup_only:
        return 0

    bodies = payloads.bodies()
    body_files = {}
    for name, data in bodies.items():
        path = work / f"{name}.json"
        path.write_bytes(data)
        body_files[name] = path
    meta["commands"] = {}

    # -- single process, pinned ------------------------------------------------------------------
    # Every server is started first (all pinned to core 0, idle when not loaded); then each
    # endpoint is measured on every framework in turn, so the rows of one table are taken
    # minutes apart at most, not the whole run apart (the machine's load drifts).
    results: list[Result] = []
    plan = {fw: [ENDPOINT_BY_KEY[k] for k in args.endpoint_keys if serves(fw, ENDPOINT_BY_KEY[k])]
            for fw in args.frameworks}
    plan = {fw: endpoints for fw, endpoints in plan.items() if endpoints}
    servers: dict[str, tuple[subprocess.Popen[bytes], int]] = {}
    failed: dict[str, str] = dict(unavailable)
    with contextlib.ExitStack() as stack:
        for fw in plan:
            argv, _ = server_argv(fw, 0, 1)
            meta["commands"][fw] = "taskset -c 0 " + " ".join(
                Path(a).name if i == 0 else a for i, a in enumerate(argv)).replace("--port 0", "--port PORT")
            if fw in failed:
                continue
            log(f"{LABELS[fw]}: starting")
            try:
                servers[fw] = stack.enter_context(running(fw, 1, pinned=True, work=work))
            except RuntimeError as exc:
                failed[fw] = str(exc).splitlines()[0]
                notes.append(f"{LABELS[fw]}: {exc}".replace("\n", "\n  "))
                log(f"  {failed[fw]}")
        rounds: dict[tuple[str, str], list[Result]] = {}
        for round_no in range(1, args.rounds + 1):
            for key in args.endpoint_keys:
                endpoint = ENDPOINT_BY_KEY[key]
                log(endpoint.label + (f" (round {round_no}/{args.rounds})" if args.rounds > 1 else ""))
                for fw, endpoints in plan.items():
                    if endpoint not in endpoints:
                        continue
                    if fw in failed:
                        rounds.setdefault((fw, key), []).append(Result(fw, key, problem=failed[fw]))
                        continue
                    proc, port = servers[fw]
                    try:
                        result = measure(wrk, proc, port, fw, endpoint, args, bodies, body_files,
                                         warm_up=round_no == 1)
                    except RuntimeError as exc:
                        result = Result(fw, key, problem=str(exc).splitlines()[0])
                    rounds.setdefault((fw, key), []).append(result)
                    if result.load is not None:
                        log(f"  {LABELS[fw]}: {result.load.rps:,.0f} req/s, {result.cpu_us_per_req:.1f} CPU µs/req, "
                            f"p99 {result.load.p99_ms:.2f} ms, errors {result.errors}"
                            + (f" — {result.problem}" if result.problem else ""))
                    else:
                        log(f"  {LABELS[fw]}: {result.problem}")
                    if proc.poll() is not None:
                        failed[fw] = f"server exited with {proc.returncode} during {endpoint.label}"
                        notes.append(f"{LABELS[fw]}: {failed[fw]}:\n  " + tail(
                            work / f"server-{fw}-1p.log").replace("\n", "\n  "))
                        log(f"  {failed[fw]}")
        results = [best_of(rs) for rs in rounds.values()]

    # -- scaling ----------------------------------------------------------------------------------
    scaling: list[Result] = []
    scaling_args = argparse.Namespace(**{**vars(args), "duration": args.duration * args.rounds})
    if not args.no_scaling:
        for fw in ("bolt", "django-bolt"):
            if fw not in args.frameworks or fw in unavailable:
                continue
            keys = [k for k in args.scaling_endpoints if k in args.endpoint_keys]
            for processes in (1, 2):
                log(f"{LABELS[fw]}: scaling, {processes} process(es)")
                try:
                    with running(fw, processes, pinned=False, work=work) as (proc, port):
                        for key in keys:
                            try:
                                r = measure(wrk, proc, port, fw, ENDPOINT_BY_KEY[key], scaling_args, bodies, body_files,
                                            processes=processes, pinned=False, threads=2)
                            except RuntimeError as exc:
                                r = Result(fw, key, processes, problem=str(exc).splitlines()[0])
                            scaling.append(r)
                            if r.load is not None:
                                log(f"  {ENDPOINT_BY_KEY[key].label}: {r.load.rps:,.0f} req/s, "
                                    f"{r.cpu_us_per_req:.1f} CPU µs/req, errors {r.errors}")
                except RuntimeError as exc:
                    scaling += [Result(fw, k, processes, problem=str(exc).splitlines()[0]) for k in keys
                                if not any(r.framework == fw and r.endpoint == k and r.processes == processes
                                           for r in scaling)]
                    notes.append(f"{LABELS[fw]} ({processes} processes): {exc}".replace("\n", "\n  "))

    stop_all()
    if "bolt" in args.frameworks and "bolt" not in unavailable:
        log("timing each endpoint's Python work alone (handler_work.py)")
        try:
            meta["handler_work"] = measure_handler_work(work)
        except (RuntimeError, subprocess.TimeoutExpired, ValueError) as exc:
            notes.append(f"handler work not measured: {exc}".replace("\n", "\n  "))
    meta["load_after"] = loadavg()
    meta["elapsed"] = time.monotonic() - began
    for fw, reason in unavailable.items():
        notes.insert(0, f"{LABELS[fw]} not measured: {reason}")
    text = report(results, scaling, meta, notes)
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"{stamp}-{args.mode}.md"
    out.write_text(text)
    raw = {"meta": meta, "results": [dataclasses.asdict(r) for r in results],
           "scaling": [dataclasses.asdict(r) for r in scaling]}
    (RESULTS / f"{stamp}-{args.mode}.raw").write_text(json.dumps(raw, indent=1, default=str))
    print()
    print(text)
    log(f"wrote {out.relative_to(REPO)} in {meta['elapsed']:.0f} s")
    measured = [r for r in results + scaling if r.load is not None]
    return 0 if measured and not any(r.void for r in results + scaling if r.framework not in unavailable) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

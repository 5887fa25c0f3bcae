# Bolt: the two commands of the README.
#   make run   build the example project's API and serve it on http://127.0.0.1:8000
#   make test  format/lint/test the Rust workspace, lint the Python, run unit + end-to-end tests
#
# Everything is installed by this file: a virtualenv in .venv (the `django_bolt` package in
# editable mode with its dev tools) and the `bolt` CLI as .venv/bin/bolt.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := run
.DELETE_ON_ERROR:

VENV := $(CURDIR)/.venv
PY := $(VENV)/bin/python
BOLT := $(VENV)/bin/bolt
HOST ?= 127.0.0.1
PORT ?= 8000

# One cargo target dir shared by the CLI, the workspace tests and every generated crate.
CARGO_TARGET_DIR ?= $(HOME)/.cache/bolt/target
export CARGO_TARGET_DIR
export BOLT_TARGET_DIR := $(CARGO_TARGET_DIR)
export PYO3_PYTHON := $(PY)
export BOLT_PYTHON := $(PY)

# Debian packages the tests need beyond this machine's toolchain (chromium: the /docs browser test;
# gcc: the C part of mimalloc, the extension's allocator, and the linker driver);
# installed with apt-get only when missing.
DEB_PACKAGES := chromium gcc

.PHONY: run test setup system-deps venv cli rust-checks py-lint py-tests clean bench soak

run: setup
	cd examples && $(BOLT) build
	cd examples && $(PY) manage.py migrate --noinput
	cd examples && $(PY) manage.py runbolt --host $(HOST) --port $(PORT)

test: setup rust-checks py-lint py-tests

setup: system-deps venv cli

system-deps:
	@missing=(); \
	for pkg in $(DEB_PACKAGES); do dpkg -s "$$pkg" >/dev/null 2>&1 || missing+=("$$pkg"); done; \
	if [ $${#missing[@]} -gt 0 ]; then \
		echo "installing Debian packages: $${missing[*]}"; \
		sudo_cmd=""; [ "$$(id -u)" -eq 0 ] || sudo_cmd="sudo"; \
		$$sudo_cmd apt-get update -qq && $$sudo_cmd apt-get install -y -qq "$${missing[@]}"; \
	fi
	@command -v cargo >/dev/null || { echo "cargo (Rust) is required: https://rustup.rs" >&2; exit 1; }
	@command -v python3 >/dev/null || { echo "python3 (>= 3.11) is required" >&2; exit 1; }

$(PY):
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

# Re-install only when the package's metadata changes (the install is editable).
$(VENV)/.dev-installed: python/pyproject.toml | $(PY)
	$(PY) -m pip install -q -e 'python[dev]' >$(VENV)/pip.log 2>&1 || { cat $(VENV)/pip.log >&2; exit 1; }
	touch $@

venv: $(VENV)/.dev-installed

cli: | $(PY)
	cargo build --release -p bolt-cli
	install -m 0755 $(CARGO_TARGET_DIR)/release/bolt $(BOLT)

rust-checks:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo test --workspace

py-lint: venv
	$(VENV)/bin/ruff check python tests examples

py-tests: venv cli
	$(VENV)/bin/pytest python/tests tests/e2e tests/reliability -q
	# Its own process: its conftest's server fixtures must not shadow the e2e ones.
	$(VENV)/bin/pytest tests/differential -q

clean:
	rm -rf $(VENV) examples/.bolt tests/e2e/project/.bolt tests/differential/project/.bolt

# The long reliability tier: a mixed-load soak (BOLT_SOAK_SECONDS, default 1800 s) with RSS/fd/thread
# slopes, 1,000 stalled connections, a 10,000-request mutated corpus; see tests/reliability.
soak: setup
	BOLT_SOAK=1 $(VENV)/bin/pytest tests/reliability/test_soak.py -s -q

# Bolt vs its peers side by side (`make bench BENCH_ARGS=--quick` for ~2.5 min); see bench/README.md.
bench:
	bench/run $(BENCH_ARGS)

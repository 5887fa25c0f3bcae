"""The reliability battery: its project is built with `bolt build` once per session; each test
starts the servers it needs (with the limits it measures) and stops them by PID."""

from __future__ import annotations

from pathlib import Path

import pytest
from bolt_testing import bolt_build

from reliability_support import PROJECT


@pytest.fixture(scope="session")
def rel_project() -> Path:
    """The reliability project after `bolt build` (once per session)."""
    bolt_build(PROJECT)
    return PROJECT

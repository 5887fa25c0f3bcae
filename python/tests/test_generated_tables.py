"""The tables generated from msgspec's answers are what their generators write today.

`bolt-runtime/testdata/formats_cases.py` writes `testdata/formats_cases.rs` (and
`src/validate/formats/unicode.rs`), `bolt-runtime/testdata/lax_cases.py` writes
`testdata/lax_cases.rs`; a changed generator must come with its regenerated tables. Each
generator's `render()` gives the text without writing it. The tables record one msgspec
version's answers (the generators' `MSGSPEC`), so the check is skipped under another.
"""

from __future__ import annotations

import difflib
import functools
import importlib.util
import itertools
import shutil
import unicodedata
from pathlib import Path
from types import ModuleType

import msgspec
import pytest

REPO = Path(__file__).resolve().parents[2]
TESTDATA = REPO / "bolt-runtime" / "testdata"


@functools.cache
def generator(name: str) -> ModuleType:
    """`bolt-runtime/testdata/<name>.py`, imported (it writes only from `main()`)."""
    spec = importlib.util.spec_from_file_location(f"bolt_testdata_{name}", TESTDATA / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def usable_generator(name: str) -> ModuleType:
    module = generator(name)
    if msgspec.__version__ != module.MSGSPEC:
        pytest.skip(
            f"{name}.py records msgspec {module.MSGSPEC}'s answers; this interpreter has msgspec {msgspec.__version__}"
        )
    return module


@functools.cache
def formats_tables() -> dict[Path, str]:
    return generator("formats_cases").render()


def assert_current(path: Path, rendered: str, script: str) -> None:
    checked_in = path.read_text()
    if rendered == checked_in:
        return
    diff = difflib.unified_diff(
        checked_in.splitlines(),
        rendered.splitlines(),
        "checked in",
        "generated",
        n=1,
        lineterm="",
    )
    shown = "\n".join(itertools.islice(diff, 40))
    pytest.fail(
        f"{path.relative_to(REPO)} is not what its generator writes; regenerate it with "
        f"`python bolt-runtime/testdata/{script}.py` (msgspec {generator(script).MSGSPEC}) "
        f"and commit the result:\n{shown}",
        pytrace=False,
    )


@pytest.mark.parametrize(
    "table",
    ["testdata/formats_cases.rs", "src/validate/formats/unicode.rs"],
)
def test_formats_tables_are_current(table: str) -> None:
    usable_generator("formats_cases")
    if shutil.which("rustfmt") is None:
        pytest.skip("formats_cases.py formats its output with rustfmt, which is not on PATH")
    path = REPO / "bolt-runtime" / table
    if path.name == "unicode.rs" and f"(Unicode {unicodedata.unidata_version})" not in path.read_text():
        pytest.skip(f"unicode.rs records another Unicode version than this Python's {unicodedata.unidata_version}")
    assert_current(path, formats_tables()[path], "formats_cases")


def test_lax_cases_table_is_current() -> None:
    module = usable_generator("lax_cases")
    assert module.OUT == TESTDATA / "lax_cases.rs"
    assert_current(module.OUT, module.render(), "lax_cases")

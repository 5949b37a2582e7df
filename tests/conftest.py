"""Shared fixtures: where the real sources are, and the golden-file mechanism.

Golden files change only through ``pytest --update-goldens``, which refuses to run under CI: a
changed golden is a reviewed change (``git diff tests/golden``), never a side effect of a test run.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SOURCES = SHARED / "ordinance-sources"
STORE = REPO / "ordinances"
GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", default=False,
                     help="rewrite golden files from the current output (refused when CI is set)")


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--update-goldens") and os.environ.get("CI"):
        raise pytest.UsageError("--update-goldens is refused under CI: goldens change only by a "
                                "reviewed commit")


@pytest.fixture
def golden(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """``golden(relative_path, actual_text)``: compare with tests/golden/…, or rewrite it when
    ``--update-goldens`` is given."""
    update = request.config.getoption("--update-goldens")

    def check(relative: str, actual: str) -> None:
        path = GOLDEN / relative
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            return
        if not path.exists():
            pytest.fail(f"no golden file {path.relative_to(REPO)}; run pytest --update-goldens "
                        "and review the new file")
        expected = path.read_text(encoding="utf-8")
        assert actual == expected, f"output differs from {path.relative_to(REPO)}"

    return check


def source_files() -> list[Path]:
    """Every real text file in the shared ordinance sources (empty when shared/ is absent)."""
    if not SOURCES.is_dir():
        return []
    return sorted(SOURCES.rglob("*.txt"))


needs_sources = pytest.mark.skipif(not SOURCES.is_dir(),
                                   reason="../shared/ordinance-sources is not beside the checkout")


def c_extension(name: str) -> ModuleType:
    """The optional C extension ``ordiff.<name>``, whatever ORDIFF_PURE says: the tests that
    hold it equal to its Python reference need it built."""
    try:
        return importlib.import_module(f"ordiff.{name}")
    except ImportError:
        pytest.fail(f"ordiff.{name} is not built: run scripts/install (pip install -e .)")

"""The library type-checks under ``mypy --strict`` (setup.cfg's [mypy] settings)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from conftest import REPO


def test_mypy_strict_passes_on_the_library() -> None:
    if shutil.which("mypy") is None and not (REPO / ".venv" / "bin" / "mypy").exists():
        pytest.skip("mypy is not installed (pip install -e '.[test]')")
    result = subprocess.run([sys.executable, "-m", "mypy", "--strict", "ordiff"], cwd=REPO,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:]

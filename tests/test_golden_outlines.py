"""Golden outlines: the clause tree of every stored version, reviewed by a person.

A parser change that moves a clause shows up here as a diff of tests/golden/outlines/…; update
with ``pytest --update-goldens`` and review the change before committing it.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import GOLDEN, REPO, STORE
from ordiff.api import open_store, read_stored
from ordiff.serialize import document_outline

VERSIONS = open_store(STORE).versions if (STORE / "store.toml").is_file() else ()


@pytest.mark.parametrize("version", VERSIONS, ids=lambda v: v.id)
def test_outline_of_each_stored_version(version, golden) -> None:  # type: ignore[no-untyped-def]
    document = read_stored(version)
    golden(f"outlines/{golden_name(version.id)}.txt", document_outline(document))


def golden_name(version_id: str) -> str:
    """The golden file's name for a version id (``a/b@v`` -> ``a__b@v``)."""
    return version_id.replace("/", "__")


def test_every_stored_version_has_a_golden() -> None:
    assert len(VERSIONS) >= 16
    # exactly one golden per stored version: none missing, none left over from a removed version
    on_disk = sorted(p.stem for p in (GOLDEN / "outlines").glob("*.txt"))
    assert on_disk == sorted(golden_name(v.id) for v in VERSIONS)


def test_update_goldens_is_refused_under_ci() -> None:
    # --collect-only: the refusal comes at configure time, so nothing can be written either way
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--update-goldens", "--collect-only", "-q",
         "-p", "no:cacheprovider", "tests/test_golden_outlines.py"],
        cwd=REPO, capture_output=True, text=True, timeout=120, env={**os.environ, "CI": "true"})
    assert result.returncode == pytest.ExitCode.USAGE_ERROR, result.stdout + result.stderr
    assert "--update-goldens is refused under CI" in result.stderr

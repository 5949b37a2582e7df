"""Golden outlines: the clause tree of every stored version, reviewed by a person.

A parser change that moves a clause shows up here as a diff of tests/golden/outlines/…; update
with ``pytest --update-goldens`` and review the change before committing it.
"""

from __future__ import annotations

import pytest

from conftest import STORE
from ordiff.api import open_store, read_stored
from ordiff.serialize import document_outline

VERSIONS = open_store(STORE).versions if (STORE / "store.toml").is_file() else ()


@pytest.mark.parametrize("version", VERSIONS, ids=lambda v: v.id)
def test_outline_of_each_stored_version(version, golden) -> None:  # type: ignore[no-untyped-def]
    document = read_stored(version)
    name = version.id.replace("/", "__").replace("@", "@")
    golden(f"outlines/{name}.txt", document_outline(document))


def test_every_stored_version_has_a_golden() -> None:
    assert len(VERSIONS) >= 16

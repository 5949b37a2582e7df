"""No word of law may be lost: every real text, parsed, gives back every character in order.

The check is on the non-whitespace character stream (whitespace is layout: indentation becomes
structure, wrapped lines are joined), so it also covers designations written without a space,
such as "(a)(1)".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import STORE, source_files
from ordiff.decode import read_source_file
from ordiff.model import source_words
from ordiff.read_text import read_text


def stream(text: str) -> str:
    return "".join(text.split())


def stored_texts() -> list[Path]:
    return sorted(STORE.rglob("*.txt")) if STORE.is_dir() else []


@pytest.mark.parametrize("path", source_files() + stored_texts(),
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_character_of_every_real_text_is_kept(path: Path) -> None:
    text, _ = read_source_file(path)
    document = read_text(path, path.name)
    assert stream("".join(source_words(document))) == stream(text)


def test_there_are_real_texts_to_check() -> None:
    if not source_files():
        pytest.skip("../shared/ordinance-sources is not beside the checkout")
    assert len(source_files()) >= 20

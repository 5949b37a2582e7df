"""The word diff's tokens and placeholders in C (``ordiff/_difftokens.c``) against their Python
reference (``textdiff._tokens`` and ``textdiff._encode`` under the default options), and the
anchoring's count of differing placeholders against ``textdiff_anchor.py_differing``.

Texts here are made up ("Sample City") or the stored ordinances read as they are.
"""

from __future__ import annotations

import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import c_extension
from ordiff import textdiff, textdiff_anchor
from ordiff.textdiff import DiffOptions, diff_text

C = c_extension("_difftokens")
REPO = Path(__file__).resolve().parent.parent
DEFAULT = DiffOptions()


def python(old: str, new: str) -> tuple[list[str], list[str], str, str]:
    old_tokens = textdiff._tokens(old, DEFAULT)
    new_tokens = textdiff._tokens(new, DEFAULT)
    return (old_tokens, new_tokens, *textdiff._encode(old_tokens, new_tokens, textdiff._key(DEFAULT)))


def same(old: str, new: str) -> None:
    assert C.placeholders(old, new) == python(old, new)


#: Every kind of character the tokeniser tells apart: ASCII and other letters and digits (all
#: scripts, combining marks, superscripts), the underscore, punctuation and symbols, every
#: Unicode whitespace (including the separators \x1c-\x1f and \x85), and astral characters.
CHARACTERS = st.one_of(
    st.sampled_from("Sample City, 1-101(a)_ ;.\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u2028"
                    "\u3000\u200b\ufeff\u00b2\u0301\u0664İß§¶’–—\U0001d400\U0001f600"),
    st.characters(),
)
TEXTS = st.text(CHARACTERS, max_size=80)


@settings(max_examples=400, deadline=None)
@given(TEXTS, TEXTS)
def test_generated_text_gives_the_python_tokens_and_placeholders(old: str, new: str) -> None:
    same(old, new)


def test_every_code_point_is_classed_as_python_classes_it() -> None:
    # Each character alone, and between two letters (where a word run would swallow it).
    for start in range(0, sys.maxunicode + 1, 4096):
        chunk = "".join(chr(c) for c in range(start, min(start + 4096, sys.maxunicode + 1))
                        if not 0xD800 <= c <= 0xDFFF)
        same(chunk, "a".join(chunk))


def test_every_stored_ordinance_gives_the_python_tokens_and_placeholders() -> None:
    texts = sorted((REPO / "ordinances").rglob("*.txt"))
    assert len(texts) >= 10
    for old, new in zip(texts, texts[1:]):
        same(old.read_text(encoding="utf-8"), new.read_text(encoding="utf-8"))


def test_more_keys_than_the_first_placeholder_range_are_left_to_python() -> None:
    many = " ".join(f"sample{i}" for i in range(6400))  # 6,400 words and one space key
    assert C.placeholders(many, "") is None
    assert C.placeholders(" ".join(f"sample{i}" for i in range(6399)), "") is not None
    spans = diff_text(many, "Sample City")  # the Python path hands out the later ranges
    assert "".join(s.text for s in spans if s.op.value != "+") == many


def test_a_str_subclass_is_left_to_python() -> None:
    class Sample(str):
        pass

    assert C.placeholders(Sample("Sample City"), "Sample") is None


def test_the_word_diff_is_the_same_with_and_without_it() -> None:
    old = "The Sample City council shall, by ordinance,  adopt\nthe budget."
    new = "The Sample City council may adopt the budget by resolution."
    with_c = diff_text(old, new)
    kept, textdiff._placeholders = textdiff._placeholders, None
    try:
        assert diff_text(old, new) == with_c
    finally:
        textdiff._placeholders = kept


def leaks_nothing(function: Callable[[str, str], object], calls: list[tuple[str, str]]) -> None:
    """300 calls of each leave the arguments' reference counts and the traced memory unchanged."""
    for old, new in calls:
        before = [sys.getrefcount(old), sys.getrefcount(new)]
        for _ in range(20):
            function(old, new)
        tracemalloc.start()
        start = tracemalloc.get_traced_memory()[0]
        for _ in range(300):
            function(old, new)
        grown = tracemalloc.get_traced_memory()[0] - start
        tracemalloc.stop()
        assert grown < 20_000, grown
        assert [sys.getrefcount(old), sys.getrefcount(new)] == before


def test_nothing_is_leaked() -> None:
    leaks_nothing(C.placeholders, [("Sample City, İstanbul ²\n", "Sample  city."), ("", ""),
                                   (" ".join(f"w{i}" for i in range(6500)), "x")])


# --- the anchoring's count of differing placeholders (textdiff_anchor._differing) ---------------

#: Placeholders of the first range (what C counts), its two ends and the characters either side
#: of them (what it leaves to Python), astral ones included.
SYMBOLS = st.one_of(st.sampled_from("\ue000\ue001\ue002\ue003\uf8fe\uf8ff"),
                    st.sampled_from("\udfff\uf900a \U000f0000\U0010fffd"), st.characters())


@settings(max_examples=400, deadline=None)
@given(st.text(SYMBOLS, max_size=60), st.text(SYMBOLS, max_size=60))
def test_differing_is_the_python_count(a: str, b: str) -> None:
    found = C.differing(a, b)
    in_range = all(0xE000 <= ord(ch) <= 0xF8FF for ch in a + b)
    assert (found is not None) == in_range
    assert textdiff_anchor._differing(a, b) == textdiff_anchor.py_differing(a, b)
    if found is not None:
        assert found == textdiff_anchor.py_differing(a, b)


def test_differing_of_whole_placeholder_strings() -> None:
    texts = sorted((REPO / "ordinances").rglob("*.txt"))
    for old, new in zip(texts, texts[1:]):
        found = C.placeholders(old.read_text(encoding="utf-8"), new.read_text(encoding="utf-8"))
        assert found is not None
        a, b = found[2], found[3]
        assert C.differing(a, b) == textdiff_anchor.py_differing(a, b) > 0
    assert C.differing("\ue000\ue001\ue001", "\ue001\ue002") == 3  # made up: e000, e001 | e002


def test_differing_leaks_nothing() -> None:
    class Sample(str):
        pass

    a, b = "\ue000\ue001" * 500, "\ue001\uf8ff" * 400
    leaks_nothing(C.differing, [(a, b), ("", ""), (a, "x"), (Sample(a), b)])


def test_a_wrong_number_of_arguments_is_a_type_error() -> None:
    for function in (C.placeholders, C.differing):
        with pytest.raises(TypeError):
            function("Sample City")
        with pytest.raises(TypeError):
            function("Sample", "City", "Council")

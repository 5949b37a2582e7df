"""The C cleanups of the word diff (``ordiff._cleanup``) leave exactly the list the Python port's
``diff_cleanupMerge`` and ``diff_cleanupSemantic`` leave.

Every check runs both on copies of one diff list and compares the results element for element,
each element's type included (the port stores tuples; an untouched item stays the object it
was). Diffs: generated at random over an alphabet where the cleanups are subtle (private-use and
astral placeholders, letters, digits, punctuation, spaces, ``\\r`` and ``\\n`` for the blank-line
scores), empty texts and repeated ops included; ``diff_main``'s output for generated pairs of
strings over the same alphabet; and the placeholder diffs of every stored D.C. case, anchored
ones before their merge too. Then: no leaks, bad input refused with the list left as it was, and
the switch (``ORDIFF_PURE=1`` or a missing extension gives the port).
"""

from __future__ import annotations

import os
import sys
import tracemalloc
from typing import Any

import pytest
from diff_match_patch import diff_match_patch
from hypothesis import given, settings
from hypothesis import strategies as st

from ordiff import diff_cleanup, textdiff
from ordiff.textdiff import DiffOptions
from ordiff.textdiff_anchor import LARGE, anchored_diff
from conftest import c_extension
from test_wordsets import run_python


C = c_extension("_cleanup")
PAIRS = [("merge", C.cleanup_merge, diff_cleanup.py_cleanup_merge),
         ("semantic", C.cleanup_semantic, diff_cleanup.py_cleanup_semantic)]

ALPHABET = "ab1Z_é٣ .,;-\t\r\n\u00a0\u3000\ue000\ue001\uf8ff\U000f0000\U00100000\U0001f600"
chars = st.sampled_from(ALPHABET)
texts = st.text(chars, max_size=8)
diff_lists = st.lists(st.tuples(st.sampled_from((-1, 0, 1)), texts), max_size=12)

_PORT = diff_match_patch()
_PORT.Diff_Timeout = 0


def shape(diffs: list[Any]) -> list[tuple[type, Any]]:
    return [(type(item), tuple(item)) for item in diffs]


def check(diffs: list[Any]) -> None:
    """Both versions of both cleanups on copies of ``diffs``: the same lists."""
    for name, fast, slow in PAIRS:
        mine, theirs = list(diffs), list(diffs)
        assert fast(mine) is None
        slow(theirs)
        assert shape(mine) == shape(theirs), (name, diffs)


@settings(max_examples=3000, deadline=None)
@given(diff_lists)
def test_random_diffs_are_cleaned_as_the_port_does(diffs: list[tuple[int, str]]) -> None:
    check(diffs)


@settings(max_examples=1500, deadline=None)
@given(st.text(chars, max_size=30), st.text(chars, max_size=30))
def test_real_diffs_are_cleaned_as_the_port_does(a: str, b: str) -> None:
    check(_PORT.diff_main(a, b, False))
    check([tuple(d) for d in _PORT.diff_main(a, b, False)])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["\n", "\r\n", "\r", " ", "x", ".", "\n\n"]), max_size=12),
       st.lists(st.sampled_from(["\n", "\r\n", "\r", " ", "y", ".", "\n\n"]), max_size=12))
def test_line_breaks_and_blank_lines_score_as_the_port_scores(a: list[str], b: list[str]) -> None:
    """The lossless pass's blank-line expressions (``\\n\\r?\\n$``, ``^\\r?\\n\\r?\\n``)."""
    old, new = "".join(a), "".join(b)
    check(_PORT.diff_main(old, new, False))
    check([(0, old), (1, new), (0, new + old)])


@pytest.mark.parametrize("diffs", [
    [], [(0, "")], [(1, "")], [(0, ""), (0, "")], [(-1, "a"), (1, "a")], [(1, "a"), (-1, "a")],
    [(0, "a"), (1, "ba"), (0, "c")], [(0, "a\n\n"), (1, "x\n\nb"), (0, "\r\n\r\nc")],
    [(-1, "abcxxx"), (1, "xxxdef")], [(-1, "xxxabc"), (1, "defxxx")], [(0, "x"), [1, "y"]],
    [(0, "\ue000"), (-1, "\U000f0000\ue000"), (1, "\ue001"), (0, "\U000f0000")],
])
def test_edge_cases_are_cleaned_as_the_port_does(diffs: list[Any]) -> None:
    check(diffs)


def stored_symbol_pairs() -> list[tuple[str, str]]:
    """Each stored D.C. case's changed clause texts as the word diff encodes them."""
    from test_dc_cases import CASES, NAMES, case_comparison

    assert CASES.is_dir()
    options = DiffOptions()
    changed = [(c.old.text, c.new.text) for name in NAMES for c in case_comparison(name).changes
               if c.old is not None and c.new is not None and c.old.text != c.new.text]
    return [textdiff._encode(textdiff._tokens(old, options), textdiff._tokens(new, options),
                             textdiff._key(options)) for old, new in changed]


def test_every_stored_dc_case_is_cleaned_as_the_port_does() -> None:
    pairs = stored_symbol_pairs()
    for a, b in pairs:
        if len(a) + len(b) > LARGE:  # the anchored pieces, before their merge
            check(anchored_diff(a, b, textdiff._plain_diff))
        check(textdiff._diff_symbols(a, b))
    assert len(pairs) >= 25 and any(len(a) + len(b) > LARGE for a, b in pairs)


@pytest.mark.parametrize("diffs", [
    [(0, "a"), 1], [(0, "a", "b")], [(2, "a")], [(0, b"a")], [(True, "a")], [(2**70, "a")],
    [(0, "a"), (-1, 5)], [(0, "a"), ("0", "b")],
])
def test_bad_diffs_are_refused_and_left_as_they_were(diffs: list[Any]) -> None:
    for _, fast, _slow in PAIRS:
        mine = list(diffs)
        with pytest.raises(TypeError):
            fast(mine)
        assert mine == diffs and all(x is y for x, y in zip(mine, diffs))
    with pytest.raises(TypeError):
        C.cleanup_semantic((0, "a"))


def test_nothing_is_leaked() -> None:
    """Both cleanups, their error paths too, run many times: no memory kept, and every input
    text's and item's reference count as before."""
    inputs: list[list[Any]] = [
        [(0, "Sample "), (-1, "City"), (1, "Town"), (0, " of\n\n"), (1, "x\n\nSample"),
         (0, "\r\n\r\n"), (-1, "abcxxx"), (1, "xxxdef"), (0, "a"), (-1, "b"), (0, "c")],
        [(-1, "xxxabc"), (1, "defxxx"), (1, "\U000f0000"), (0, "\ue000" * 40)],
        [(0, "a"), (1, "ba"), (0, "c"), (-1, "\ue000"), (1, "\ue000"), (0, "")],
        [(0, "a"), (2, "b")]]
    for diffs in inputs:
        objects = [x for item in diffs for x in (item, item[1])]
        before = [sys.getrefcount(x) for x in objects]
        for name, fast, _ in PAIRS:
            def run() -> None:
                try:
                    fast(list(diffs))
                except TypeError:
                    pass
            for _ in range(50):
                run()
            tracemalloc.start()
            start = tracemalloc.get_traced_memory()[0]
            for _ in range(20_000):
                run()
            grown = tracemalloc.get_traced_memory()[0] - start
            tracemalloc.stop()
            assert grown < 20_000, (name, grown)  # a leak of one object a call is 20,000
            assert [sys.getrefcount(x) for x in objects] == before, name


def test_the_c_versions_are_built_and_used() -> None:
    if os.environ.get("ORDIFF_PURE"):
        assert not diff_cleanup.ACCELERATED
    else:
        assert diff_cleanup.ACCELERATED
        assert diff_cleanup.cleanup_merge is C.cleanup_merge
        assert diff_cleanup.cleanup_semantic is C.cleanup_semantic
        assert textdiff.cleanup_semantic is C.cleanup_semantic


WHICH = ("from ordiff import diff_cleanup as d; "
         "print(d.ACCELERATED, d.cleanup_semantic == d.py_cleanup_semantic, "
         "d.cleanup_merge == d.py_cleanup_merge)")


def test_ordiff_pure_or_no_extension_gives_the_python_port() -> None:
    assert run_python(WHICH, ORDIFF_PURE="") == "True False False"
    assert run_python(WHICH, ORDIFF_PURE="1") == "False True True"
    assert run_python("import sys; sys.modules['ordiff._cleanup'] = None; " + WHICH,
                      ORDIFF_PURE="") == "False True True"

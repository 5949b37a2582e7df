"""The C primitives of the aligner (``ordiff._words``, ``_multisets``, ``_candidates``,
``_trees``) give exactly what the Python ones give.

Every check runs both, ``C.f(*args)`` and ``wordsets.py_f(*args)``, and compares the outcome: the
value with its type, or the type of the error raised (a str of another kind than Python would
make compares unequal, so that is checked too). Inputs: every code point, generated strings over
an alphabet of the characters where ``\\w``, ``\\s``, ``split()`` and ``lower()`` are subtle,
generated Counters and candidate lists (empty sides, bounds equal to the threshold, counts beyond
a long long), generated clause trees (any kinds, ranks and paths, odd clause types, deep
nesting), the real clauses of every stored ordinance and, marked ``corpus``, of a whole D.C.
Code build. Texts invented here are "Sample City" text, not law. Last, the switch:
``ORDIFF_PURE=1`` or a missing extension gives the Python versions.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
import tracemalloc
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import REPO, STORE, c_extension
from ordiff import wordsets
from ordiff.align_side import _PREFIXES, _RANKS
from ordiff.api import open_store, read_stored
from ordiff.model import Clause, ClauseKind, Document, iter_clauses
from ordiff.read_dcxml import read_dcxml
from test_dc_corpus import builds  # noqa: F401  (the session fixture: both builds)

#: Each C module of ordiff.wordsets with the functions it holds.
MODULES = {"_words": ["tokens", "count_marks", "normal"],
           "_multisets": ["shared", "common", "inside", "pieces"],
           "_candidates": ["bounded", "postings"], "_trees": ["tree_tables"],
           "_records": ["unchanged"]}
NAMES = [name for names in MODULES.values() for name in names]

#: The C versions, each from its module (these tests need every one built).
C = SimpleNamespace(**{name: getattr(c_extension(module), name)
                       for module, names in MODULES.items() for name in names})


def outcome(function: Callable[..., Any], args: tuple[Any, ...]) -> tuple[str, Any]:
    try:
        value = function(*args)
    except Exception as error:  # the same error class is the same outcome
        return "raised", type(error)
    return type(value).__name__, value


def same(name: str, *args: Any) -> Any:
    """Both versions' outcome on ``args``, asserted equal; the value."""
    fast, slow = outcome(getattr(C, name), args), outcome(getattr(wordsets, "py_" + name), args)
    assert fast == slow, (name, args)
    return fast[1]


def test_the_c_versions_are_built_and_used() -> None:
    if os.environ.get("ORDIFF_PURE"):
        assert not wordsets.ACCELERATED
    else:
        assert wordsets.ACCELERATED
        assert all(getattr(wordsets, name) is getattr(C, name) for name in NAMES)


def test_every_code_point_is_a_word_a_space_or_a_mark_as_re_says() -> None:
    """\\w is Py_UNICODE_ISALNUM or "_", \\s Py_UNICODE_ISSPACE (sre's SRE_UNI_IS_WORD and
    SRE_UNI_IS_SPACE); surrogates included. Each code point alone and all of them in a row."""
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    assert same("tokens", every) and same("count_marks", every) > 900_000
    assert same("tokens", every.upper())
    alone = "\x00".join(every)  # NUL is neither word nor space: a mark between any two
    assert same("count_marks", alone) == 2 * len(every) - 1 - sum(c.isspace() for c in every)
    assert same("tokens", alone)


#: Characters where a word, a space or a lower case is subtle: \x0b \x1c \x85 \u2028 are spaces,
#: "²" "½" "Ⅻ" are numeric (words), "İ" "ẞ" "Σ" lower to another length or by context, a
#: combining mark is a word character, "·" "‿" "٫" are not.
ALPHABET = ("aZ09_ .,;:!?()[]§¶-–—'\"/\\\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000"
            "\u2028\u2029\u202f\u3000\u200b\ufefféÉßẞİıΣσςΆ²½Ⅻ①٣漢字ﬁ\u0301\u0327·‿٫𝄞𝔸𐐀😀🄰")
TEXTS = st.text(alphabet=st.one_of(st.sampled_from(ALPHABET),
                                   st.characters(codec="utf-8")), max_size=40)


@settings(max_examples=2000, deadline=None)
@given(text=TEXTS)
def test_generated_texts_give_the_same_words_and_marks(text: str) -> None:
    same("tokens", text)
    same("count_marks", text)
    same("tokens", "Sample " + text.upper() + " City")


class Shouting(str):
    """A str whose lower() is its own: tokens() calls it, as text.lower() does."""

    def lower(self) -> str:
        return "SAMPLE city ÉÉ"


class Broken(str):
    def lower(self) -> Any:
        return b"sample city"


def test_a_str_subclass_is_lowered_by_its_own_lower() -> None:
    assert same("tokens", Shouting("Sample")) == ["SAMPLE", "city", "ÉÉ"]
    assert same("count_marks", Shouting("Sample, City")) == 3
    assert same("tokens", Broken("Sample")) is TypeError
    assert same("tokens", b"Sample") is TypeError and same("count_marks", b"Sample") is TypeError
    assert same("count_marks", None) is TypeError
    with pytest.raises(TypeError):  # (Python: AttributeError, None has no lower())
        C.tokens(None)


VOCABULARY = ["sample", "city", "é", "the", "of", "1", "²", "a_b", "ı", "i̇"]
COUNTS = st.one_of(st.integers(1, 6), st.integers(1, 2**70))
BAGS = st.dictionaries(st.sampled_from(VOCABULARY), COUNTS, max_size=len(VOCABULARY)).map(Counter)
#: Wider multisets, for the Dice bound's early answers (most of 60 words, each once to thrice).
WIDE = st.dictionaries(st.sampled_from([f"w{i}" for i in range(60)]), st.integers(1, 3),
                       max_size=60).map(Counter)


@settings(max_examples=1500, deadline=None)
@given(a=BAGS, b=BAGS, size=st.integers(0, 60),
       share=st.sampled_from([0.8, 0.0, 0.5, 1.0, 2 / 3, 0.1 + 0.7]) | st.floats(0, 1))
def test_generated_counters_share_count_and_contain_the_same(a: Counter[str], b: Counter[str],
                                                             size: int, share: float) -> None:
    same("shared", a, b)
    same("common", a, b)
    same("inside", a, b, size, share)
    same("inside", a, b, a.total() if a.total() <= 2**53 else size, share)


@settings(max_examples=1500, deadline=None)
@given(a=WIDE, b=WIDE, extra=st.integers(0, 40),
       share=st.sampled_from([0.8, 0.5, 0.9, 1.0, 0.0]) | st.floats(0, 1))
def test_wide_parts_are_inside_or_not_the_same(a: Counter[str], b: Counter[str], extra: int,
                                               share: float) -> None:
    """C stops at the miss that decides; with sizes where each miss decides (a threshold
    equal to the missing words' count, up to a rounding) and wholes smaller than parts."""
    size = a.total() + extra
    same("inside", a, b, size, share)
    missing = len(a.keys() - b.keys())
    for misses in (missing - 1, missing, missing + 1):  # share * size + misses == size
        if size:
            same("inside", a, b, size, (size - misses) / size)
            same("inside", a, b, size, (size - misses + 1e-9) / size)
    same("inside", b, Counter(dict(list(a.items())[:3])), b.total(), share)


def test_containment_at_its_edges() -> None:
    """shared / size exactly the share, and each distinct word missing costing a word."""
    whole = Counter({"sample": 4, "city": 1})
    for part, size in ((Counter({"sample": 4, "city": 1}), 5), (Counter({"sample": 4}), 5),
                       (Counter({"sample": 4, "other": 1}), 5), (Counter(), 0),
                       (Counter({"other": 1}), 0), (Counter({"sample": 2**70}), 2**53)):
        for share in (0.8, 4 / 5, 0.8 + 1e-16, 0.8 - 1e-16, 1.0, 0.0):
            same("inside", part, whole, size, share)
    assert same("inside", Counter({"sample": 4, "city": 1}), whole, 5, 0.8) is True
    assert same("inside", Counter(), Counter(), 0, 0.8) is ZeroDivisionError
    # Counts are summed only when the distinct words pass (as in Python): no error before.
    odd = Counter({"sample": "4", "other": 1})
    assert same("inside", odd, whole, 5, 0.8) is TypeError
    assert same("inside", odd, Counter({"city": 1}), 5, 0.8) is False


@st.composite
def filters(draw: st.DrawFn) -> tuple[Any, ...]:
    count = draw(st.integers(0, 8))
    bags = draw(st.sampled_from([BAGS, WIDE]))
    new_words = [draw(bags) for _ in range(count)]
    sizes = st.integers(0, 40) | st.sampled_from([2**53, -(2**53)])
    new_size = [draw(st.sampled_from([w.total(), 0]) | sizes) if w.total() <= 2**53
                else draw(sizes) for w in new_words]
    new_rank = [draw(st.integers(0, 2)) for _ in range(count)]
    candidates = draw(st.lists(st.integers(-count, count - 1), max_size=12)) if count else []
    words = draw(bags)
    size = draw(st.sampled_from([words.total(), 0]) | sizes) if words.total() <= 2**53 \
        else draw(sizes)
    threshold = draw(st.sampled_from([0.0, 0.5, 0.6, 2 / 3, 0.7, 1.0, math.nan, math.inf])
                     | st.floats(-1, 2))
    least = draw(st.sampled_from([threshold / (2 - threshold) if threshold != 2 else 0.0, 0.5,
                                  0.25, 1.0, 0.0, math.nan]) | st.floats(0, 1))
    rank = draw(st.integers(0, 2))
    return (candidates, new_size, new_rank, new_words, words, size, rank, least, threshold)


def bounds(args: tuple[Any, ...]) -> list[float]:
    """Every Dice bound the filter computes for these candidates (thresholds to try)."""
    _, new_size, _, new_words, words, size, *_ = args
    found = []
    for n in set(args[0]):
        theirs, other = new_words[n], new_size[n]
        if size and other and size + other:
            common = len(words.keys() & theirs.keys())
            found.append(2.0 * min(size - len(words) + common, other - len(theirs) + common)
                         / (size + other))
    return found


@settings(max_examples=1500, deadline=None)
@given(args=filters(), data=st.data())
def test_generated_candidates_are_kept_the_same(args: tuple[Any, ...], data: st.DataObject
                                                ) -> None:
    same("bounded", *args)
    same("bounded", set(args[0]), *args[1:])
    assert outcome(C.bounded, (iter(args[0]), *args[1:])) == \
        outcome(wordsets.py_bounded, (iter(args[0]), *args[1:]))
    if edges := bounds(args):  # a threshold some bound equals exactly: kept, on both sides
        edge = data.draw(st.sampled_from(edges))
        same("bounded", *args[:-1], edge)
        same("bounded", *args[:-2], edge / (2 - edge) if edge != 2 else 0.0, edge)


@settings(max_examples=1000, deadline=None)
@given(words=st.lists(BAGS | WIDE, max_size=8), data=st.data())
def test_generated_postings_are_the_same(words: list[Counter[str]], data: st.DataObject) -> None:
    """The same words in the same order, each with the same clauses (repeats too)."""
    count = len(words)
    indices = data.draw(st.lists(st.integers(-count, count - 1), max_size=12)) if count else []
    found = same("postings", indices, words)
    assert list(found) == list(wordsets.py_postings(indices, words))
    assert same("postings", [*indices, count], words) is IndexError
    assert same("postings", [*indices, "0"], words) is TypeError


@st.composite
def piece_calls(draw: st.DrawFn) -> tuple[Any, ...]:
    count = draw(st.integers(1, 8))
    bags = draw(st.sampled_from([BAGS, WIDE]))
    part_words = [draw(bags) for _ in range(count)]
    part_size = [min(w.total(), 2**53 - 5) + draw(st.sampled_from([0, 0, 1, 5])) for w in part_words]
    indices = st.integers(-count, count - 1)
    members = draw(st.lists(indices, max_size=10))
    limit = draw(st.integers(-3, 12))
    taken = draw(st.sets(indices, max_size=4))
    p2w = draw(st.dictionaries(indices, st.integers(0, 5), max_size=4))
    partner = draw(st.none() | indices | st.sampled_from(list(p2w) or [None]))
    whole_words = draw(bags)
    whole_size = min(whole_words.total(), 2**53 - 3) + draw(st.sampled_from([0, 0, 3, -1]))
    share = draw(st.sampled_from([0.8, 0.5, 1.0, 0.0, 2 / 3]) | st.floats(0, 1))
    return (members, limit, taken, p2w, partner, part_size, part_words, whole_words,
            whole_size, share)


@settings(max_examples=1500, deadline=None)
@given(args=piece_calls(), data=st.data())
def test_generated_pieces_are_the_same(args: tuple[Any, ...], data: st.DataObject) -> None:
    """Taken and paired parts, the partner, members beyond the limit, sizes at the bound (at
    most 2**53, beyond which C refuses)."""
    memo: wordsets.PiecesMemo = {}
    same("pieces", *args)
    assert same("pieces", *args, memo) == same("pieces", *args, None)
    members, _, _, _, _, part_size, *_, share = args
    if members:  # a whole exactly as large as a member allows
        edge = part_size[data.draw(st.sampled_from(members))]
        same("pieces", *args[:8], math.floor(edge * share), share)
        same("pieces", *args[:8], math.ceil(edge * share), share, memo)
    same("pieces", *args[:7], args[6][0], *args[8:], memo)  # another whole, the same memo


def test_the_pieces_memo_is_only_a_memo() -> None:
    """Sample City parts tried against several wholes with one memo: what it keeps of a part
    is of that part (another Counter at its index is read anew), and a memo that is no dict
    is refused."""
    parts = [Counter({f"w{i}": 1 for i in range(n, n + 30)}) for n in range(0, 60, 5)]
    sizes = [w.total() for w in parts]
    memo: wordsets.PiecesMemo = {}
    members = list(range(len(parts)))
    for whole in parts + [sum(parts[:4], Counter()), sum(parts[3:], Counter())]:
        for _ in range(2):
            args = (members, 99, set(), {}, None, sizes, parts, whole, whole.total(), 0.8)
            assert same("pieces", *args, memo) == same("pieces", *args)
    assert set(memo) == set(members)
    swapped = parts[::-1]
    whole = sum(parts[:3], Counter())
    args = (members, 99, set(), {}, None, sizes, swapped, whole, whole.total(), 0.8)
    assert same("pieces", *args, memo) == wordsets.py_pieces(*args) == [8, 9, 10, 11]
    assert C.pieces(*args, {n: (bag, b"") for n, bag in enumerate(swapped)}) == [8, 9, 10, 11]
    with pytest.raises(TypeError):
        C.pieces(*args, [])
    # as many distinct words as the whole, but too many of one, or just enough (8 of 10)
    whole = Counter({"sample": 2, "city": 8})
    parts = [Counter({"sample": 9, "city": 1}), Counter({"sample": 2, "city": 6}),
             Counter({"sample": 3, "city": 6}), Counter({"sample": 1, "city": 2**40})]
    args = ([0, 1, 2, 3, 0], 9, set(), {}, None, [10, 10, 9, 5], parts, whole, 10, 0.8)
    assert same("pieces", *args, memo) == same("pieces", *args, {}) == [1, 2, 3]


def test_pieces_filter_as_splits_does() -> None:
    """Sample City parts: taken, paired elsewhere, paired with the whole, too large, not
    inside, beyond the limit."""
    whole = Counter({"sample": 4, "city": 4, "code": 2})
    parts = [Counter({"sample": 4}), Counter({"city": 4}), Counter({"code": 2, "x": 2}),
             Counter({"sample": 4, "city": 4, "code": 2, "y": 5}), Counter({"code": 2}),
             Counter({"city": 2}), Counter({"sample": 1})]
    sizes = [w.total() for w in parts]
    args = ([0, 1, 2, 3, 4, 5, 6], 6, {4}, {0: 9, 1: 7}, 1, sizes, parts, whole, 10, 0.8)
    assert same("pieces", *args) == [1, 5]
    assert same("pieces", *args[:4], None, *args[5:]) == [5]
    assert same("pieces", *args[:3], {}, *args[4:]) == [0, 1, 5]
    assert same("pieces", args[0], -1, *args[2:]) == [1, 5]
    assert same("pieces", args[0], 99, *args[2:]) == [1, 5, 6]
    assert same("pieces", [0, 9], 2, *args[2:]) is IndexError


def test_bad_candidates_raise_what_python_raises() -> None:
    bag = Counter({"sample": 1})
    lists = ([1], [1], [bag])
    for candidates in ([1], [-2], [2**70], ["0"], [0.0], None, [0, 1]):
        assert same("bounded", candidates, *lists, bag, 1, 1, 0.5, 0.5) in (IndexError, TypeError)
    for bad in ((None, [1], [bag]), ([1], None, [bag])):
        assert same("bounded", [0], *bad, bag, 1, 1, 0.5, 0.5) is TypeError
    assert same("bounded", [True, 0, -1], [1, 1], [1, 1], [bag, bag], bag, 1, 1, 0.5, 0.5) \
        == [True, 0, -1]
    # Outside the contract, C refuses what Python would get by with (or fail on otherwise):
    with pytest.raises(TypeError):  # a Counter's words that are not a dict
        C.bounded([0], [1], [1], [None], bag, 1, 1, 0.5, 0.5)
    with pytest.raises(TypeError):  # counts that are not ints
        C.shared(Counter({"a": 1.5}), Counter({"a": 1}))
    with pytest.raises(OverflowError):  # beyond 2**53 an int is no exact float
        C.bounded([0], [2**53 + 1], [1], [bag], bag, 1, 1, 0.5, 0.5)


# --- normal: " ".join(text.split()) of heading and text -------------------------------------

#: Every whitespace str.split() knows (Py_UNICODE_ISSPACE) and near misses that are not: the
#: zero-width space, BOM, NUL, other controls, non-printables.
SPACES = (" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2005\u200a\u2028\u2029\u202f"
          "\u205f\u3000")
NOT_SPACES = "\u200b\u180e\ufeff\x00\x01\x7f\x84\x86\x9f\xad"
SPACED = st.text(alphabet=st.one_of(st.sampled_from(SPACES + NOT_SPACES + "aZ.§é漢𝄞"),
                                    st.characters(codec="utf-8")), max_size=30)


def test_every_code_point_is_squeezed_as_split_says() -> None:
    """Each code point between two letters: a whitespace one becomes a single space (the
    output shows which code points C took for whitespace), surrogates included."""
    every = "".join(f"a{chr(c)}" for c in range(sys.maxunicode + 1)) + "a"
    squeezed = same("normal", None, every)
    assert squeezed.count(" ") == sum(chr(c).isspace() for c in range(sys.maxunicode + 1)) == 29
    assert same("normal", every, every) == f"{squeezed} {squeezed}"
    for c in SPACES + NOT_SPACES:
        same("normal", c, c)
        same("normal", None, c * 3)


@settings(max_examples=3000, deadline=None)
@given(heading=st.none() | SPACED, text=SPACED)
def test_generated_headings_and_texts_give_the_same_normal_words(heading: str | None,
                                                                 text: str) -> None:
    same("normal", heading, text)
    same("normal", heading, "Sample" + text + "City")
    same("normal", text, heading or "")
    if " ".join(text.split()) == text:  # nothing to squeeze: the same object, no copy
        assert C.normal(None, text) is text


def test_normal_keeps_the_str_it_need_not_change() -> None:
    class Sample(str):
        """A str subclass: kept as it is where nothing needs squeezing, as in Python."""

    for heading, text in ((None, Sample("Sample City")), (Sample(""), Sample("Sample")),
                          (Sample("Sample"), Sample(" ")), (None, Sample("Sample  City")),
                          (Sample("Sample"), Sample("City"))):
        same("normal", heading, text)
    assert type(C.normal(None, Sample("Sample City"))) is Sample
    assert same("normal", "Sample\u3000", "City\xa0") == "Sample City"
    assert same("normal", " ", "") == "" and same("normal", "", " Sample ") == "Sample"
    # Outside the contract, C refuses what is no str (Python: AttributeError or none at all):
    for bad in ((None, None), (b"Sample", "City"), (None, b"City"), (1, "City")):
        with pytest.raises(TypeError):
            C.normal(*bad)
    with pytest.raises(TypeError):
        C.normal("Sample")


# --- tree_tables: Side.of's tables ----------------------------------------------------------

PATH_PARTS = st.sampled_from(["1-101", "(a)", "(1)", "¶1", "A.", "", "a/b", "§ 2", "漢", "𝄞"])


@st.composite
def clause_trees(draw: st.DrawFn, depth: int = 4) -> tuple[Clause, ...]:
    """Up to four clauses of any kind, each with a subtree up to ``depth`` deep."""
    clauses = []
    for _ in range(draw(st.integers(0, 4))):
        children = draw(clause_trees(depth - 1)) if depth and draw(st.booleans()) else ()
        clauses.append(Clause.of(draw(st.sampled_from(list(ClauseKind))), "",
                                 tuple(draw(st.lists(PATH_PARTS, max_size=4))), "",
                                 draw(st.none() | SPACED), draw(SPACED), (), children, 0, True,
                                 ""))
    return tuple(clauses)


RANKS = st.fixed_dictionaries({kind: st.integers(-2, 3) for kind in ClauseKind})


@settings(max_examples=1000, deadline=None)
@given(tops=clause_trees(), ranks=RANKS)
def test_generated_trees_give_the_same_tables(tops: tuple[Clause, ...],
                                              ranks: dict[ClauseKind, int]) -> None:
    clauses, parent, children, rank, unit, last, ids = same("tree_tables", tops, _RANKS,
                                                            _PREFIXES)
    assert clauses == list(iter_clauses(tops)) and ids == [c.id for c in clauses]
    assert all(c.children == tuple(clauses[k] for k in children[i])
               for i, c in enumerate(clauses))
    same("tree_tables", list(tops), ranks, _PREFIXES)  # any ranks: units up every chain
    same("tree_tables", tops, {**_RANKS, ClauseKind.SECTION: 0}, {})  # a missing prefix


class Odd:
    """A clause-like object that is no Clause: read through getattr."""

    def __init__(self, children: Any, kind: Any = ClauseKind.SECTION, path: Any = ("1",)):
        self.children, self.kind, self.path = children, kind, path


class Kindless(Clause):
    """A Clause whose kind is a property: getattr, not the slot, gives it."""

    __slots__ = ()

    @property
    def kind(self) -> ClauseKind:
        return ClauseKind.TITLE


def sample(kind: ClauseKind = ClauseKind.SECTION, path: tuple[Any, ...] = ("1-101",),
           children: Any = ()) -> Clause:
    return Clause.of(kind, "", path, "", None, "Sample City", (), children, 0, True, "")


def test_odd_trees_give_the_same_tables_or_errors() -> None:
    leaf = sample(ClauseKind.PARAGRAPH, ("1-101", "(a)"))
    unset = object.__new__(Clause)  # every slot unset: AttributeError
    kindless = Kindless.of(ClauseKind.SECTION, "", ("1-101",), "", None, "", (), (), 0, True, "")
    trees: list[Any] = [
        (), [], (leaf,), (sample(children=(leaf, leaf)),), (Odd(()),), (Odd(None),),
        (Odd([leaf]),), (sample(children=(Odd((leaf,)), leaf)),), (kindless, leaf), (unset,),
        (Odd((), kind="chapter"),), (Odd((), kind="volume"),), (Odd((), path=None),),
        (Odd((), path=("1", 2)),), (Odd((), path="1-101"),), (Odd(0),),
        (sample(ClauseKind.TITLE, ("I", "II")),), (sample(path=()),)]
    for tops in trees:
        same("tree_tables", tops, _RANKS, _PREFIXES)
        same("tree_tables", tops, {ClauseKind.PARAGRAPH: 2}, {})
    assert same("tree_tables", (kindless,), _RANKS, _PREFIXES)[6] == ["title:1-101"]
    assert same("tree_tables", (unset,), _RANKS, _PREFIXES) is AttributeError
    assert same("tree_tables", (Odd((), kind="chapter"),), _RANKS, _PREFIXES)[6] == ["chapter:1"]
    assert same("tree_tables", (Odd((), kind="volume"),), _RANKS, _PREFIXES) is KeyError
    assert same("tree_tables", (sample(ClauseKind.TITLE),), _RANKS, {}) is KeyError
    assert same("tree_tables", None, _RANKS, _PREFIXES) is TypeError
    # Outside the contract, C refuses what Python would get by with (or fail on otherwise):
    refused: list[tuple[Any, Any]] = [
        ((Odd("ab"),), _RANKS), ((leaf,), {ClauseKind.PARAGRAPH: "2"}),
        ((leaf,), {ClauseKind.PARAGRAPH: 2**70}), (iter([leaf]), _RANKS)]
    for tops, ranks in refused:
        with pytest.raises((TypeError, OverflowError)):
            C.tree_tables(tops, ranks, _PREFIXES)


def test_a_deep_tree_is_walked_without_recursion() -> None:
    """200,000 clauses nested in one another: no C stack to overflow."""
    clause = sample(ClauseKind.PARAGRAPH, ("1-101", "(a)"))
    for _ in range(200_000):
        clause = sample(ClauseKind.PARAGRAPH, ("1-101", "(a)"), (clause,))
    tables = same("tree_tables", (sample(children=(clause,)),), _RANKS, _PREFIXES)
    assert tables[4][-1] == 0 and tables[5][0] == 200_001 and tables[1][-1] == 200_000


def test_nothing_is_leaked() -> None:
    """Each function, its error paths too, run many times: no memory kept, and every input's
    reference count as before."""
    bag, other = Counter({"sample": 3, "city": 2**70}), Counter({"sample": 1, "city": 2**71})
    section = sample(children=(sample(ClauseKind.PARAGRAPH, ("1-101", "(a)")), Odd(())))
    memo_call = ([0, 1, 0, -1], 3, set(), {}, None, [5, 5], [bag, other], other, 9, 0.8)
    settled: wordsets.PiecesMemo = {1: (bag, b"")}  # a stale entry, replaced once for all
    C.pieces(*memo_call, settled)
    tree = (sample(ClauseKind.TITLE, ("I",), (section,)),)
    calls: list[tuple[str, tuple[Any, ...]]] = [
        ("tokens", ("Sample City, İstanbul ²",)), ("tokens", ("SAMPLE city",)),
        ("tokens", (Broken("x"),)), ("count_marks", ("Sample, City.",)),
        ("shared", (bag, other)), ("shared", (bag, Counter({"city": "x"}))),
        ("common", (bag, other)), ("inside", (bag, other, 5, 0.8)),
        ("inside", (Counter(), Counter(), 0, 0.8)),
        ("bounded", ([0, 1, 0], [5, 4], [1, 1], [other, bag], bag, 5, 1, 0.4, 0.5)),
        ("bounded", ([0, 9], [5], [1], [other], bag, 5, 1, 0.4, 0.5)),
        ("postings", ([0, 1, 0, -1], [other, bag])), ("postings", ([0, 9], [bag])),
        ("pieces", ([0, 1, 2], 3, {2}, {1: 0}, None, [5, 5, 5], [bag, other, bag], other, 2**70,
                    0.8)),
        ("pieces", ([0, 1, 0], 3, set(), {1: 0}, 1, [5, 2**60, 5], [bag, other, bag], other, 9,
                    0.8)),
        ("pieces", ([0, 9], 2, set(), {}, None, [5], [bag], other, 9, 0.8)),
        ("pieces", (*memo_call, settled)),
        ("normal", ("Sample  City", "Sample\u3000City ")), ("normal", (None, "Sample City")),
        ("normal", ("", "Sample")), ("normal", (None, None)),
        ("tree_tables", (tree, _RANKS, _PREFIXES)), ("tree_tables", (tree, _RANKS, {})),
        ("tree_tables", (tree, {ClauseKind.TITLE: 0}, _PREFIXES)),
        ("tree_tables", ((sample(path=("1", 2)),), _RANKS, _PREFIXES))]
    for name, args in calls:
        nodes = [x for c in iter_clauses(tree) for x in (c, c.path, c.children)]
        inputs = [x for x in (*args, *(x for a in args if isinstance(a, (dict, list))
                                       for x in (*a, *(a.values() if isinstance(a, dict) else ()))),
                              *(nodes if name == "tree_tables" else ()))
                  if not isinstance(x, int) or x > 256]  # (small ints: shared by everything)
        before = [sys.getrefcount(a) for a in inputs]
        for _ in range(50):
            outcome(getattr(C, name), args)
        tracemalloc.start()
        start = tracemalloc.get_traced_memory()[0]
        for _ in range(20_000):
            outcome(getattr(C, name), args)
        grown = tracemalloc.get_traced_memory()[0] - start
        tracemalloc.stop()
        assert grown < 20_000, (name, grown)  # a leak of one object a call is 20,000 of them
        assert [sys.getrefcount(a) for a in inputs] == before, name


def clause_texts(document: Document) -> Iterator[str]:
    for clause in iter_clauses(document.clauses):
        yield f"{clause.heading or ''}\n{clause.text}"
        yield from clause.notes


def compare_texts(texts: Iterable[str]) -> list[Counter[str]]:
    """Asserts both versions agree on each text (and on pairs of neighbours' words); each
    text's words."""
    bags = []
    for text in texts:
        bags.append(Counter(same("tokens", text)))
        same("count_marks", text)
    for a, b in zip(bags, bags[1:]):
        same("shared", a, b)
        same("common", a, b)
        same("inside", a, b, a.total(), 0.8)
    sizes, memo = [bag.total() for bag in bags], {}
    for i in range(0, len(bags), 5):  # three neighbours as a whole, its nearby parts as pieces
        whole = sum(bags[i:i + 3], Counter())
        members = list(range(max(0, i - 10), min(len(bags), i + 13)))
        same("pieces", members, len(members), set(), {}, None, sizes, bags, whole,
             whole.total(), 0.8, memo)
    return bags


def compare_tree(document: Document) -> None:
    """Asserts both versions agree on the document's tree tables and each clause's normal
    words."""
    clauses = same("tree_tables", document.clauses, _RANKS, _PREFIXES)[0]
    assert clauses == list(iter_clauses(document.clauses))
    for clause in clauses:
        same("normal", clause.heading, clause.text)


VERSIONS = open_store(STORE).versions if (STORE / "store.toml").is_file() else ()


@pytest.mark.parametrize("version", VERSIONS, ids=lambda v: v.id)
def test_every_stored_clause_gives_the_same_words_and_tables(version: Any) -> None:
    document = read_stored(version)
    compare_tree(document)
    bags = compare_texts(clause_texts(document))
    sizes, ranks = [b.total() for b in bags], [len(b) % 3 for b in bags]
    for i, bag in enumerate(bags[:200]):
        for threshold in (0.5, 0.7):
            same("bounded", range(len(bags)), sizes, ranks, bags, bag, sizes[i], ranks[i],
                 threshold / (2 - threshold), threshold)


def test_there_are_stored_versions() -> None:
    assert len(VERSIONS) >= 10


@pytest.mark.corpus
def test_every_clause_of_a_whole_build_gives_the_same_words_and_tables(builds: dict[str, Path]
                                                                        ) -> None:
    document = read_dcxml(builds["2024-10-20"], "dc-code-2024-10-20")
    compare_tree(document)
    bags = compare_texts(clause_texts(document))
    assert len(bags) > 100_000


def run_python(code: str, **env: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                          text=True, check=True, env={**os.environ, **env})
    return done.stdout.strip()


WHICH = ("from ordiff import wordsets as w; "
         "print(w.ACCELERATED, w.tokens is w.py_tokens and w.unchanged is w.py_unchanged)")


def test_ordiff_pure_or_no_extension_gives_the_python_versions() -> None:
    assert run_python(WHICH, ORDIFF_PURE="") == "True False"
    assert run_python(WHICH, ORDIFF_PURE="1") == "False True"
    assert run_python("import sys; sys.modules.update(dict.fromkeys(%r)); " % [
        f"ordiff.{module}" for module in MODULES] + WHICH, ORDIFF_PURE="") == "False True"
    one = run_python("import sys; sys.modules['ordiff._trees'] = None; from ordiff import "
                     "wordsets as w; print(w.ACCELERATED, w.tree_tables is w.py_tree_tables, "
                     "w.tokens is w.py_tokens)", ORDIFF_PURE="")
    assert one == "False True False"  # each module is optional on its own

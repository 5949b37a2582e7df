"""Anchored diff of two long placeholder strings: cut at unique shared tokens, diff the gaps.

diff-match-patch's bisect (Myers' O(ND) middle snake) runs without a time limit here, so its cost
grows with the square of the difference: one 17,000-character D.C. clause rewritten in 300 places
took 1.2–1.7 s, more than every other word diff of the whole code together. Above a size, a pair is
first cut the way patience diff cuts it: the tokens that occur exactly once in each side are
anchors, the longest run of anchors in the same order on both sides (a longest increasing
subsequence) is kept equal, and each gap between two kept anchors is diffed on its own, anchored
again if it is still large. Only small gaps reach the bisect.

Why unique tokens: a token found once on each side is very likely the same place in both texts
(a street, a number, a defined term), and keeping those in order never pairs text across a move.
Common tokens ("the", spaces, commas) never anchor. The result is a correct diff, not always a
minimal one; the caller's semantic cleanup then merges fragments as it does for any diff. Nothing
here depends on anything but the two strings: the same inputs give the same diff.

The strings are placeholder strings (one character per token, see :mod:`ordiff.textdiff`); this
module knows nothing of words and does not import diff-match-patch: the small-gap diff is passed in.
"""

from __future__ import annotations

__all__ = ["LARGE", "anchored_diff"]

from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Sequence

from .accel import extension
from .wordsets import shared

Diff = list[tuple[int, str]]
_DELETE, _EQUAL, _INSERT = -1, 0, 1

#: A pair whose tokens differ in more than this many places (the multiset difference: a lower
#: bound of the diff's size), or that is more than ``_LONG`` tokens long once its common ends are
#: cut, is anchored first. Below it the bisect takes a few milliseconds at most (docs/benchmarks.md).
LARGE = 60
_LONG = 2_000
ANCHOR_SIZES = (5, 3, 1)


def _common_prefix(a: str, b: str) -> int:
    """Length of the common prefix, by halving: slices compare in C (most gaps differ at once)."""
    if not a or not b or a[0] != b[0]:
        return 0
    low, high = 1, min(len(a), len(b))
    while low < high:
        mid = (low + high + 1) // 2
        if a[low:mid] == b[low:mid]:
            low = mid
        else:
            high = mid - 1
    return low


def _common_suffix(a: str, b: str) -> int:
    if not a or not b or a[-1] != b[-1]:
        return 0
    low, high = 1, min(len(a), len(b))
    while low < high:
        mid = (low + high + 1) // 2
        if a[len(a) - mid:len(a) - low] == b[len(b) - mid:len(b) - low]:
            low = mid
        else:
            high = mid - 1
    return low


def py_differing(a: str, b: str) -> int:
    """How many tokens one side has that the other lacks (counted with multiplicity): the
    reference of ``ordiff._difftokens.differing``."""
    return len(a) + len(b) - 2 * shared(Counter(a), Counter(b))


_C_TOKENS = extension("_difftokens")
#: The same count in C, an array over the first placeholder range instead of two Counters (a
#: fifth of the whole code's word-diff time was these Counters); None for other characters.
_c_differing: Callable[[str, str], int | None] | None = (
    _C_TOKENS.differing if _C_TOKENS is not None else None)


def _differing(a: str, b: str) -> int:
    found = _c_differing(a, b) if _c_differing is not None else None
    return py_differing(a, b) if found is None else found


def _increasing(values: Sequence[int]) -> list[int]:
    """Indices of a longest strictly increasing subsequence of ``values`` (patience sorting).

    Ties go to the earliest pile top, so the result is a function of ``values`` alone.
    """
    tops: list[int] = []  # the smallest last value of an increasing run of each length
    top_index: list[int] = []
    before = [-1] * len(values)
    for i, value in enumerate(values):
        pile = bisect_left(tops, value)
        if pile == len(tops):
            tops.append(value)
            top_index.append(i)
        else:
            tops[pile], top_index[pile] = value, i
        before[i] = top_index[pile - 1] if pile else -1
    chain: list[int] = []
    i = top_index[-1] if top_index else -1
    while i != -1:
        chain.append(i)
        i = before[i]
    return chain[::-1]


def _grams(text: str, size: int) -> Sequence[str]:
    return text if size == 1 else [text[i:i + size] for i in range(len(text) - size + 1)]


def _anchors(a: str, b: str, size: int) -> list[tuple[int, int, int]]:
    """Runs ``(i, j, length)`` kept equal: the ``size``-token sequences found exactly once on each
    side, the longest chain of them in the same order on both, overlapping neighbours on one
    diagonal joined into one run and others dropped."""
    grams_a, grams_b = _grams(a, size), _grams(b, size)
    count_a, count_b = Counter(grams_a), Counter(grams_b)
    unique = {g for g, n in count_a.items() if n == 1 and count_b.get(g) == 1}
    if not unique:
        return []
    in_b = {g: j for j, g in enumerate(grams_b) if g in unique}
    pairs = [(i, in_b[g]) for i, g in enumerate(grams_a) if g in unique]
    runs: list[tuple[int, int, int]] = []
    for i, j in (pairs[k] for k in _increasing([j for _, j in pairs])):
        if runs:
            ri, rj, length = runs[-1]
            if i - ri == j - rj and i <= ri + length:
                runs[-1] = (ri, rj, i + size - ri)
                continue
            if i < ri + length or j < rj + length:
                continue
        runs.append((i, j, size))
    return runs


def _gaps(a: str, b: str, runs: list[tuple[int, int, int]]) -> list[str | tuple[str, str]]:
    """The pieces between anchors, in order: a gap ``(old, new)`` or an anchor's equal run."""
    pieces: list[str | tuple[str, str]] = []
    i = j = 0
    for ai, bj, length in runs:
        if ai > i or bj > j:
            pieces.append((a[i:ai], b[j:bj]))
        pieces.append(a[ai:ai + length])
        i, j = ai + length, bj + length
    if i < len(a) or j < len(b):
        pieces.append((a[i:], b[j:]))
    return pieces


def anchored_diff(a: str, b: str, diff: Callable[[str, str], Diff]) -> Diff:
    """The diff of ``a`` and ``b``: anchored where large, ``diff`` (the bisect) in small gaps.

    A large gap that shares no anchor and fewer than half its tokens (Dice < 0.5: what it shares
    is common words, "the", spaces) is one replacement: the bisect would spend the square of its
    size to align those words, and the semantic cleanup would mostly merge them away again.
    Returns a raw diff (equal neighbours not merged): the caller merges and cleans it up. Works
    from an explicit stack, so that a long chain of nested gaps cannot exhaust recursion.
    """
    out: Diff = []
    stack: list[str | tuple[str, str]] = [(a, b)]
    while stack:
        piece = stack.pop()
        if isinstance(piece, str):
            out.append((_EQUAL, piece))
            continue
        x, y = piece
        prefix = _common_prefix(x, y)
        if prefix:
            out.append((_EQUAL, x[:prefix]))
            x, y = x[prefix:], y[prefix:]
        suffix = _common_suffix(x, y)
        if suffix:
            stack.append(x[len(x) - suffix:])
            x, y = x[:len(x) - suffix], y[:len(y) - suffix]
        size = len(x) + len(y)
        differing = _differing(x, y) if x and y and size > LARGE else 0
        if not x or not y or (size <= _LONG and differing <= LARGE):
            out.extend(diff(x, y) if x or y else ())
            continue
        anchors = next(filter(None, (_anchors(x, y, n) for n in ANCHOR_SIZES)), [])
        if anchors:
            stack.extend(reversed(_gaps(x, y, anchors)))
        elif 2 * differing > size:
            out.extend(((_DELETE, x), (_INSERT, y)))
        else:
            out.extend(diff(x, y))
    return out

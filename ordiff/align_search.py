"""Where the aligner looks for counterparts: candidates by rare words or by unit, and their
scores (see :mod:`ordiff.align`, passes 5 and 7).

No pass compares all pairs: a clause's candidates are the clauses sharing one of its rarest words,
or the clauses of its rank in the counterpart of its unit; their sizes and distinct words bound
their similarity before any is counted.
"""

from __future__ import annotations

__all__ = ["candidates", "local", "scored"]

from bisect import bisect_left, bisect_right
from collections import defaultdict
from typing import TYPE_CHECKING

from .wordsets import bounded
from .wordsets import postings as word_postings

if TYPE_CHECKING:
    from .align import _Aligner

_RARE_WORDS = 4  # candidate lookup uses each clause's rarest words
_ALL_PAIRS = 64  # a unit with at most this many unpaired clauses of a rank: compare them all
_MAX_POSTINGS = 200  # a word in more clauses than this is no evidence of a pairing
_WINDOW_FROM = 16  # more candidates than this: only those of a fitting size are looked at


def candidates(aligner: _Aligner, olds: list[int], news: list[int]) -> dict[int, set[int]]:
    """For each old clause, the new clauses sharing one of its rarest words."""
    postings = word_postings(news, aligner.new.words)
    rarity = {w: len(ns) for w, ns in postings.items() if len(ns) <= _MAX_POSTINGS}
    rare_words, words = rarity.keys(), aligner.old.words
    found: dict[int, set[int]] = {}
    for o in olds:
        usable = sorted(words[o].keys() & rare_words)  # by word, then (stable) by rarity:
        usable.sort(key=rarity.__getitem__)  # ordered by (postings, word), in C
        found[o] = set().union(*[postings[w] for w in usable[:_RARE_WORDS]])
    return found


def local(aligner: _Aligner, olds: list[int], news: list[int]) -> dict[int, set[int]]:
    """For each old clause, the new clauses of its rank in the counterpart of its unit."""
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    for n in news:
        groups[(aligner.new.unit[n], aligner.new.rank[n])].append(n)
    by_group: dict[tuple[int, int], list[int]] = defaultdict(list)
    for o in olds:
        unit = aligner.old.unit[o]
        twin = aligner.o2n.get(unit) if unit >= 0 else -1
        if twin is not None and (twin, aligner.old.rank[o]) in groups:
            by_group[(twin, aligner.old.rank[o])].append(o)
    found: dict[int, set[int]] = {}
    for key, members in by_group.items():
        group = groups[key]
        if len(group) <= _ALL_PAIRS:
            found.update((o, set(group)) for o in members)
        else:
            found.update(candidates(aligner, members, group))
    return found


def scored(aligner: _Aligner, found: dict[int, set[int]], best_only: bool = False
           ) -> list[tuple[float, int, int]]:
    """Candidate pairs of the same rank at or above the threshold, best first (for each old
    clause only its best with ``best_only``).

    The hot loop of the lost-section and similarity passes (half a million candidate pairs on
    a whole code, one in a hundred counted): sizes and distinct words bound each pair's
    similarity first (:func:`ordiff.wordsets.bounded`, in C where built). An excerpt's
    cut-off clause holds only the beginning of its text: no bound applies to its pairs.
    """
    scored: list[tuple[float, int, int]] = []
    threshold, cut_old, cut_new = aligner.threshold, aligner.cut_old, aligner.cut_new
    least = threshold / (2.0 - threshold)  # Dice >= t needs sizes within this ratio
    new_size, new_rank, new_words = aligner.new.size, aligner.new.rank, aligner.new.words
    new_clauses, old_clauses = aligner.new.clauses, aligner.old.clauses
    for o, cands in found.items():
        size, rank, words = aligner.old.size[o], aligner.old.rank[o], aligner.old.words[o]
        if o == cut_old:
            looked = [n for n in cands if new_rank[n] == rank]
        else:
            window = _sized(cands, new_size, least * size - 1, size / least + 1, cut_new) \
                if len(cands) > _WINDOW_FROM and least > 0 else cands
            looked = bounded(window, new_size, new_rank, new_words, words, size, rank, least,
                             threshold)
            if cut_new in cands and new_rank[cut_new] == rank and cut_new not in looked:
                looked.append(cut_new)
        label = old_clauses[o].label
        mine: list[tuple[float, int, int]] = []
        for n in looked:
            score = aligner.similarity(o, n)
            if score >= threshold:
                bonus = 0.01 if label == new_clauses[n].label else 0.0
                mine.append((score + bonus, o, n))
        scored.extend([min(mine, key=lambda t: (-t[0], t[2]))] if best_only and mine else mine)
    return sorted(scored, key=lambda t: (-t[0], t[1], t[2]))


def _sized(cands: set[int], sizes: list[int], low: float, high: float, keep: int) -> list[int]:
    """The candidates whose size lies in [low, high] (and ``keep``, an excerpt's cut-off clause,
    if a candidate): sorted by size in C and cut by bisection, where half the lost-section
    pass's half a million pairs fail the size test."""
    ordered = sorted(cands, key=sizes.__getitem__)
    by_size = list(map(sizes.__getitem__, ordered))
    window = ordered[bisect_left(by_size, low):bisect_right(by_size, high)]
    if keep >= 0 and keep in cands and keep not in window:
        window.append(keep)
    return window

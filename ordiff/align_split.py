"""Splits and merges: one clause covered by several of the other side (pass 8 of
:mod:`ordiff.align`), looked for inside the counterpart unit only."""

from __future__ import annotations

__all__ = ["splits", "CONTAINMENT", "MIN_PART_WORDS"]

from bisect import bisect_right
from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from .align_side import Pairing, contained
from .wordsets import PiecesMemo, pieces as may_be_pieces

if TYPE_CHECKING:
    from .align import _Aligner

CONTAINMENT = 0.8  # share of a part's words found in the whole, for splits and merges
MIN_PART_WORDS = 4  # a shorter part (a heading-only clause) is no evidence of a split
_KEEP_PAIR = 0.8  # an in-place pairing this alike is never re-read as a split or merge
_COVERAGE = 0.7  # share of the whole's words covered by its parts
_NO_PARTS: tuple[list[int], list[int]] = ([], [])


def splits(aligner: _Aligner, how: str) -> None:
    """One clause covered by several of the other side, each part mostly contained in it,
    all in the counterpart of its unit (a real split leaves its pieces side by side; short
    generic clauses are contained in long ones all over a code). A whole paired in place
    ("path", "similar") with one of its parts is re-paired: that part is one piece."""
    whole, part = (aligner.old, aligner.new) if how == "split" else (aligner.new, aligner.old)
    w2p, p2w = (aligner.o2n, aligner.n2o) if how == "split" else (aligner.n2o, aligner.o2n)
    loose = {(p.old[0], p.new[0]) if how == "split" else (p.new[0], p.old[0]): p
             for p in aligner.result if p.how in ("path", "similar") and id(p) not in aligner.dropped
             and aligner.similarity(p.old[0], p.new[0]) < _KEEP_PAIR}
    grouped: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    free_parts = aligner.free_new() if how == "split" else aligner.free_old()
    for p in free_parts + [p for _, p in loose]:
        if part.size[p] >= MIN_PART_WORDS:
            grouped[(part.unit[p], part.rank[p])].append((part.size[p], p))
    in_unit = {key: ([size for size, _ in members], [p for _, p in members])
               for key, members in ((k, sorted(v)) for k, v in grouped.items())}
    taken: set[int] = set()
    memo: PiecesMemo = {}  # what the C filter keeps of each part for the next whole
    free_wholes = aligner.free_old() if how == "split" else aligner.free_new()
    for w in sorted(free_wholes + [w for w, _ in loose]):
        partner = w2p.get(w)
        if not whole.size[w]:
            continue
        unit, rank = whole.unit[w], whole.rank[w]
        sizes, members = in_unit.get((w2p.get(unit, -1) if unit >= 0 else -1, rank), _NO_PARTS)
        fits = bisect_right(sizes, whole.size[w] / CONTAINMENT + 1)  # the larger can't fit
        if fits < 2:
            continue  # fewer than two parts could be pieces
        pieces = sorted(may_be_pieces(members, fits, taken, p2w, partner, part.size, part.words,
                                      whole.words[w], whole.size[w], CONTAINMENT, memo))
        if len(pieces) < 2 or (partner is not None and partner not in pieces):
            continue
        covered: Counter[str] = Counter()
        for p in pieces:
            covered |= part.words[p]
        if contained(whole.words[w], covered, whole.size[w]) < _COVERAGE:
            continue
        taken.update(pieces)
        if partner is not None:
            aligner.dropped.add(id(loose[(w, partner)]))
        w2p[w] = pieces[0]
        p2w.update({p: w for p in pieces})
        aligner.result.append(Pairing.of((w,), tuple(pieces), how) if how == "split"
                           else Pairing.of(tuple(pieces), (w,), how))

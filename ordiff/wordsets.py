"""The aligner's word-multiset primitives: in C when the optional extensions are built, else in
Python, with exactly the same results either way.

The aligner compares clauses by their lower-cased word multisets (``collections.Counter``), and
on a whole code most of its time goes to the few loops here: finding a clause's words, and
intersecting two multisets' keys to bound, count or test their overlap. Two more loops of the
aligner live here for the same reason, each run once a clause: a clause's :func:`normal` words
(its identity in the identical-text passes) and the tables of a clause tree
(:func:`tree_tables`, what ``align_side.Side.of`` holds); and one of ``compare``'s, run for each
clause that is the same object in both versions (:func:`unchanged`, its record). Two more, run
once a clause, build ``align_search.candidates``' index of words (:func:`postings`) and filter
``align_split.splits``' pieces (:func:`pieces`).

Each function is defined once in Python (``py_*``, the reference, written for speed) and, when
its extension is built and ``ORDIFF_PURE`` is not set (:func:`ordiff.accel.extension`),
replaced at import by its C twin: a clause's words in ``ordiff._words`` (:func:`tokens`,
:func:`count_marks`, :func:`normal`), the overlap of multisets in ``ordiff._multisets``
(:func:`shared`, :func:`common`, :func:`inside`, :func:`pieces`), the candidates' index and
filter in ``ordiff._candidates`` (:func:`postings`, :func:`bounded`), a tree's tables in
``ordiff._trees`` and the unchanged record in ``ordiff._records``. Each must give the same value
for every input the aligner gives (tests/test_wordsets.py compares the two on generated input
and on every real clause and clause tree). Words are what ``re``'s ``\\w+`` finds in a str;
floating point is done in Python's order, one rounding per operation, so a comparison's output
is the same byte for byte whichever ran.

Word counts must be ints (sizes at most 2**53: the C versions refuse more with OverflowError,
where an int no longer converts to a float exactly); the lists of :func:`bounded` must be lists;
texts must be strs (the C :func:`normal` reads a str's characters, never a subclass's
``split``); a tree's clauses and children must be tuples or lists and its ranks ints (C longs).
The functions take positional arguments only, as the C ones do.
"""

from __future__ import annotations

__all__ = ["tokens", "count_marks", "shared", "common", "inside", "bounded", "postings",
           "pieces", "PiecesMemo", "normal", "tree_tables", "unchanged", "ACCELERATED"]

import re
from collections import Counter
from contextlib import suppress
from collections.abc import Iterable, Mapping, Sequence

from .accel import extension
from .model import ChangeKind, Clause, ClauseChange, ClauseKind, Op, Span

#: What :func:`tree_tables` gives: the clauses in pre-order, each one's parent (-1 at the top),
#: children, rank, unit, last clause of its subtree and id, all by pre-order index.
TreeTables = tuple[list[Clause], list[int], list[list[int]], list[int], list[int], list[int],
                   list[str]]

#: :func:`pieces`' memo: by a part's index, its Counter and what the C version keeps of it.
PiecesMemo = dict[int, tuple[Counter[str], bytes]]

_WORD = re.compile(r"\w+")
_MARK = re.compile(r"\w+|[^\w\s]")


def py_tokens(text: str, /) -> list[str]:
    """The words of ``text``, lower-cased, in order: a clause's words as the aligner counts
    them."""
    return _WORD.findall(text.lower())


def py_count_marks(text: str, /) -> int:
    """How many words and punctuation marks ``text`` has: the unit of a word diff's similarity
    (``compare._kept``)."""
    return len(_MARK.findall(text))


def py_shared(a: Counter[str], b: Counter[str], /) -> int:
    """How many words two multisets share: ``(a & b).total()`` without building ``a & b``."""
    common = a.keys() & b.keys()
    return sum(map(min, map(a.__getitem__, common), map(b.__getitem__, common)))


def py_common(a: Counter[str], b: Counter[str], /) -> int:
    """How many distinct words two multisets share (what bounds their Dice similarity)."""
    return len(a.keys() & b.keys())


def py_inside(part: Counter[str], whole: Counter[str], size: int, share: float, /) -> bool:
    """Whether ``part`` (``size`` words) is at least ``share`` contained in ``whole``: first
    from its distinct words (each one missing costs a word at least), then counted, both from
    one key intersection (``align_split._inside`` with ``CONTAINMENT`` as ``share``)."""
    common = part.keys() & whole.keys()
    if len(part) - len(common) + share * size > size + 1e-9:
        return False
    shared = sum(map(min, map(part.__getitem__, common), map(whole.__getitem__, common)))
    return shared / size >= share


def py_bounded(candidates: Iterable[int], new_size: list[int], new_rank: list[int],
               new_words: list[Counter[str]], words: Counter[str], size: int, rank: int,
               least: float, threshold: float, /) -> list[int]:
    """The candidates (in their order) that ``align_search.scored`` goes on to score for a
    clause of ``size`` words ``words`` and rank ``rank``: of its rank, of a size within
    ``least`` of its own, and whose Dice bound from distinct words reaches ``threshold``."""
    keys, distinct = words.keys(), len(words)
    kept = []
    for n in candidates:
        if rank != new_rank[n]:
            continue
        other = new_size[n]
        if other < least * size if other < size else size < least * other:
            continue  # min(size, other) < least * max(size, other)
        theirs = new_words[n]
        if not size or not other:
            bound = 1.0 if not size and not other else 0.0  # what dice() gives an empty side
        else:
            common = len(keys & theirs.keys())
            bound = 2.0 * min(size - distinct + common, other - len(theirs) + common) \
                / (size + other)
        if bound < threshold:
            continue
        kept.append(n)
    return kept


def py_postings(indices: list[int], words: list[Counter[str]], /) -> dict[str, list[int]]:
    """Each word of the ``words[n]`` of ``n`` in ``indices`` (first seen first) with the ``n``
    it is in, in order: ``align_search.candidates``' index of rare words."""
    found: dict[str, list[int]] = {}
    for n in indices:
        for word in words[n]:
            found.setdefault(word, []).append(n)
    return found


def py_pieces(members: list[int], limit: int, taken: set[int], p2w: dict[int, int],
              partner: int | None, part_size: list[int], part_words: list[Counter[str]],
              whole_words: Counter[str], whole_size: int, share: float,
              memo: PiecesMemo | None = None, /) -> list[int]:
    """The parts among ``members[:limit]`` (in their order) that may be pieces of a whole of
    ``whole_size`` words ``whole_words``: not taken, not paired unless with the whole
    (``partner``), not too large and :func:`inside` it (``align_split.splits``' filter).

    ``memo`` is the C version's, kept by the caller across calls on the same ``part_words``
    (whose Counters must not change meanwhile): each part's word hashes and counts in one
    array, read against a filter of the whole's, so that the ~16 wholes a part is tried
    against on a whole code rule out most parts without a lookup. The answer never depends
    on it; this version needs none."""
    return [p for p in members[:limit] if p not in taken and (p not in p2w or p == partner)
            and part_size[p] * share <= whole_size
            and py_inside(part_words[p], whole_words, part_size[p], share)]


def _squeezed(text: str) -> str:
    """``" ".join(text.split())``, skipped when a few C scans show it would change nothing:
    every whitespace character ``split`` knows but the ASCII space is not printable."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def py_normal(heading: str | None, text: str, /) -> str:
    """A clause's heading and text with whitespace runs as single spaces: the identity of its
    words (``align_side.normal``)."""
    text = _squeezed(text)
    if heading is None:
        return text
    heading = _squeezed(heading)
    return f"{heading} {text}" if heading and text else heading or text


def py_tree_tables(tops: Sequence[Clause], rank_by_kind: Mapping[ClauseKind, int],
                   prefix_by_kind: Mapping[ClauseKind, str], /) -> TreeTables:
    """The tables ``align_side.Side`` holds for the clause tree under ``tops``, by pre-order
    index: the clauses; each one's parent (-1 at the top) and children; its rank
    (``rank_by_kind[kind]``); its unit (a paragraph's section, a section's or container's
    container, -1 if none); the last clause of its subtree; and its id (``Clause.id``, the
    kind's prefix from ``prefix_by_kind`` for rank 0, without a property call each)."""
    clauses: list[Clause] = []
    parent: list[int] = []
    children: list[list[int]] = []
    stack = [(clause, -1) for clause in reversed(tops)]
    while stack:  # pre-order, as iter_clauses gives it, each clause with its parent
        clause, up = stack.pop()
        i = len(clauses)
        clauses.append(clause)
        parent.append(up)
        children.append([])
        if up >= 0:
            children[up].append(i)
        if clause.children:
            stack.extend([(child, i) for child in reversed(clause.children)])
    ranks = [rank_by_kind[clause.kind] for clause in clauses]
    unit = [-1] * len(clauses)
    for i, level in enumerate(ranks):  # parents come before their children
        up = parent[i]
        while up >= 0 and level and ranks[up] >= level:
            up = unit[up]
        unit[i] = up
    last = list(range(len(clauses)))
    for i in range(len(clauses) - 1, -1, -1):  # children come after their parents
        if children[i]:
            last[i] = last[children[i][-1]]
    ids = ["/".join(c.path) if level else prefix_by_kind[c.kind] + "/".join(c.path)
           for c, level in zip(clauses, ranks)]
    return clauses, parent, children, ranks, unit, last, ids


def py_unchanged(clause: Clause, /) -> ClauseChange:
    """The record of a clause that is the same object in both versions: what
    ``compare._Builder.pair_change`` gives for it, without diffing a text with itself (150,000
    records on a whole code)."""
    heading = (Span(Op.EQUAL, clause.heading),) if clause.heading else ()
    text = (Span(Op.EQUAL, clause.text),) if clause.text else ()
    return ClauseChange.of(ChangeKind.UNCHANGED, clause, clause, heading, text, False, 1.0)


# The C versions (see ordiff/accel.py), each module unless switched off or not built.
if extension("_words"):
    from ._words import count_marks, normal, tokens
else:
    tokens, count_marks, normal = py_tokens, py_count_marks, py_normal
if extension("_multisets"):
    from ._multisets import common, inside, pieces, shared
else:
    shared, common, inside, pieces = py_shared, py_common, py_inside, py_pieces
if extension("_candidates"):
    from ._candidates import bounded, postings
else:
    bounded, postings = py_bounded, py_postings
if extension("_trees"):
    from ._trees import tree_tables
else:
    tree_tables = py_tree_tables
unchanged = py_unchanged
if extension("_records"):  # the C record, if ClauseChange and Span are laid out as it expects
    from ._records import configure_unchanged, unchanged as c_unchanged
    with suppress(TypeError):
        configure_unchanged(ClauseChange, Span, Op.EQUAL, ChangeKind.UNCHANGED)
        unchanged = c_unchanged

#: Whether the C versions are in use (all of them).
ACCELERATED = all(f is not py for f, py in (
    (tokens, py_tokens), (count_marks, py_count_marks), (normal, py_normal),
    (shared, py_shared), (common, py_common), (inside, py_inside), (pieces, py_pieces),
    (bounded, py_bounded), (postings, py_postings), (tree_tables, py_tree_tables),
    (unchanged, py_unchanged)))

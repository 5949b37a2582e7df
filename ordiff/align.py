"""Pair the clauses of two versions, the way a legislative reader would.

Each clause is compared on its own words (heading and text, children excluded). The passes, in
order, each over what the earlier ones left unpaired:

1. **Identical content** anywhere, by hash: linear time. Text that is the same is the same clause,
   whatever its number now: this is what makes an inserted (1) that pushes (1) and (1A) to (1A)
   and (1B) one insertion and two renumberings, and a recodified section a move.
2. **Same path** (same label under the same section) when the texts are still alike
   (``SAME_PATH_THRESHOLD``): an amendment in place.
3. **Similar text elsewhere**, among candidates that share rare words with it (an inverted index,
   never all pairs), paired best-first above ``threshold``: renumbered or moved, and amended.
4. **Structure**: an unpaired clause with little or no text of its own (``(d)`` holding only
   sub-clauses, a container) pairs with the clause whose children its children paired with, or
   with the clause at the same path.
5. **Splits and merges**: an unpaired clause whose words are covered by several unpaired clauses
   of the other side (each mostly contained in it).

A rewritten section therefore comes out as one section whose text is amended and whose old
sub-clauses are deleted and new ones inserted, not as a cascade of unrelated pairings.
"""

from __future__ import annotations

__all__ = ["Pairing", "align", "DEFAULT_THRESHOLD", "SAME_PATH_THRESHOLD"]

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from .model import Clause, ClauseKind, Document, iter_clauses

#: Minimum similarity for pairing clauses at different paths (tuned on the D.C. corpus: see
#: docs/comparison.md).
DEFAULT_THRESHOLD = 0.6
#: Minimum similarity for pairing clauses at the same path.
SAME_PATH_THRESHOLD = 0.3
_CONTAINMENT = 0.8  # share of a part's words found in the whole, for splits and merges
_MIN_PART_WORDS = 4  # a shorter part (a heading-only clause) is no evidence of a split
_KEEP_PAIR = 0.8  # an in-place pairing this alike is never re-read as a split or merge
_COVERAGE = 0.7  # share of the whole's words covered by its parts
_RARE_WORDS = 4  # candidate lookup uses each clause's rarest words
_MAX_POSTINGS = 200  # a word in more clauses than this is no evidence of a pairing
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Pairing:
    """Indices into the two documents' pre-order clause lists; ``how`` names the pass."""

    old: tuple[int, ...]
    new: tuple[int, ...]
    how: str  # "identical", "path", "similar", "structure", "split", "merge"


_NONE: Counter[str] = Counter()


@dataclass
class _Side:
    """One version's clauses in pre-order, with their tree as indices.

    ``words`` (lower-cased word multiset of heading and text) and ``size`` (its word count) are
    counted by :meth:`count` only for the clauses the identical-content pass left unpaired: on a
    whole code that pass pairs nine clauses in ten, which no later pass looks at again.
    """

    clauses: list[Clause]
    parent: list[int]
    children: list[list[int]]
    rank: list[int]
    unit: list[int]
    words: list[Counter[str]]
    size: list[int]

    @classmethod
    def of(cls, document: Document) -> _Side:
        clauses = list(iter_clauses(document.clauses))
        position = {id(c): i for i, c in enumerate(clauses)}
        parent = [-1] * len(clauses)
        children: list[list[int]] = [[] for _ in clauses]
        for i, clause in enumerate(clauses):
            for child in clause.children:
                parent[position[id(child)]] = i
                children[i].append(position[id(child)])
        ranks = [_rank(clause) for clause in clauses]
        unit = [-1] * len(clauses)  # a paragraph's section, a section's or container's container
        for i, rank in enumerate(ranks):  # parents come before their children
            up = parent[i]
            while up >= 0 and rank and ranks[up] >= rank:
                up = unit[up]
            unit[i] = up
        return cls(clauses, parent, children, ranks, unit, [_NONE] * len(clauses),
                   [0] * len(clauses))

    def count(self, indices: list[int]) -> None:
        for i in indices:
            words = Counter(_WORD.findall(_content(self.clauses[i]).lower()))
            self.words[i], self.size[i] = words, words.total()


def _rank(clause: Clause) -> int:
    """0 container, 1 section, 2 paragraph: clauses pair only within their rank.

    A section is a unit of the code with its own number: its own words ("Definitions." and an
    introductory sentence) often reappear as an undesignated paragraph when a section is
    restructured, and pairing the old section with that paragraph would tell the reader that
    the section became a paragraph while the new section was inserted.
    """
    if clause.kind.is_container:
        return 0
    return 1 if clause.kind is ClauseKind.SECTION else 2


def _content(clause: Clause) -> str:
    return f"{clause.heading or ''}\n{clause.text}"


def _normal(clause: Clause) -> str:
    """Heading and text with whitespace runs as single spaces: the identity of a clause's words."""
    if clause.heading is None:
        return " ".join(clause.text.split())
    return " ".join(_content(clause).split())


def _dice(a: Counter[str], b: Counter[str], size_a: int, size_b: int) -> float:
    if not size_a and not size_b:
        return 1.0
    if not size_a or not size_b:
        return 0.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    shared = sum(min(n, large[w]) for w, n in small.items() if w in large)
    return 2.0 * shared / (size_a + size_b)


def _contained(part: Counter[str], whole: Counter[str], size: int) -> float:
    if not size:
        return 0.0
    return sum(min(n, whole[w]) for w, n in part.items() if w in whole) / size


class _Aligner:
    def __init__(self, old: Document, new: Document, threshold: float,
                 cut: tuple[int, int]) -> None:
        self.old, self.new = _Side.of(old), _Side.of(new)
        self.cut_old, self.cut_new = cut
        self.threshold = threshold
        self.o2n: dict[int, int] = {}
        self.n2o: dict[int, int] = {}
        self.result: list[Pairing] = []
        self.dropped: set[int] = set()  # ids of pairings a split or merge replaced

    def pair(self, o: int, n: int, how: str) -> None:
        self.o2n[o], self.n2o[n] = n, o
        self.result.append(Pairing((o,), (n,), how))

    def free_old(self) -> list[int]:
        return [i for i in range(len(self.old.clauses)) if i not in self.o2n]

    def free_new(self) -> list[int]:
        return [i for i in range(len(self.new.clauses)) if i not in self.n2o]

    def same_kind(self, o: int, n: int) -> bool:
        return self.old.rank[o] == self.new.rank[n]

    def similarity(self, o: int, n: int) -> float:
        """Dice over word multisets; for an excerpt's cut-off last clause, the share of its
        words found in the other clause (it holds only the beginning of its text)."""
        if o == self.cut_old:
            return _contained(self.old.words[o], self.new.words[n], self.old.size[o])
        if n == self.cut_new:
            return _contained(self.new.words[n], self.old.words[o], self.new.size[n])
        return _dice(self.old.words[o], self.new.words[n], self.old.size[o], self.new.size[n])

    # 1 ------------------------------------------------------------------------------------------
    def identical(self) -> None:
        by_words: dict[str, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
        for side, clauses in ((0, self.old.clauses), (1, self.new.clauses)):
            for i, clause in enumerate(clauses):
                normal = _normal(clause)
                if normal and _WORD.search(normal):
                    by_words[normal][side].append(i)
        for olds, news in by_words.values():
            if not olds or not news:
                continue
            if len(olds) == 1 and len(news) == 1:
                if self.same_kind(olds[0], news[0]):
                    self.pair(olds[0], news[0], "identical")
                continue
            # Repeated text ("Repealed.", "Reserved."): pair those at the same path only.
            paths = {self.new.clauses[n].id: n for n in news}
            for o in olds:
                n = paths.get(self.old.clauses[o].id)
                if n is not None and n not in self.n2o:
                    self.pair(o, n, "identical")

    # 2 ------------------------------------------------------------------------------------------
    def same_path(self) -> None:
        new_by_id: dict[str, int] = {}
        for n in self.free_new():
            new_by_id.setdefault(self.new.clauses[n].id, n)
        for o in self.free_old():
            found = new_by_id.get(self.old.clauses[o].id)
            if found is None or found in self.n2o or not self.same_kind(o, found):
                continue
            n = found
            if not self.old.size[o] and not self.new.size[n]:
                continue  # structure only: decided by pass 4, from the children
            if self.similarity(o, n) >= SAME_PATH_THRESHOLD:
                self.pair(o, n, "path")

    # 3 ------------------------------------------------------------------------------------------
    def candidates(self, olds: list[int], news: list[int]) -> dict[int, set[int]]:
        """For each old clause, the new clauses sharing one of its rarest words."""
        postings: dict[str, list[int]] = defaultdict(list)
        for n in news:
            for word in self.new.words[n]:
                postings[word].append(n)
        found: dict[int, set[int]] = {}
        for o in olds:
            usable = [w for w in self.old.words[o] if 0 < len(postings.get(w, ())) <= _MAX_POSTINGS]
            usable.sort(key=lambda w: (len(postings[w]), w))
            found[o] = {n for w in usable[:_RARE_WORDS] for n in postings[w]}
        return found

    def similar(self) -> None:
        olds = [o for o in self.free_old() if self.old.size[o]]
        news = [n for n in self.free_new() if self.new.size[n]]
        scored: list[tuple[float, int, int]] = []
        least = self.threshold / (2.0 - self.threshold)  # Dice >= t needs sizes within this ratio
        for o, cands in self.candidates(olds, news).items():
            size, rank = self.old.size[o], self.old.rank[o]
            for n in cands:
                other = self.new.size[n]
                if rank != self.new.rank[n] or (min(size, other) < least * max(size, other)
                                                 and self.cut_old != o and self.cut_new != n):
                    continue
                score = self.similarity(o, n)
                if score >= self.threshold:
                    bonus = 0.01 if self.old.clauses[o].label == self.new.clauses[n].label else 0.0
                    scored.append((score + bonus, o, n))
        scored.sort(key=lambda t: (-t[0], t[1], t[2]))
        for _, o, n in scored:
            if o not in self.o2n and n not in self.n2o:
                self.pair(o, n, "similar")

    # 4 ------------------------------------------------------------------------------------------
    def ancestor(self, n: int, o: int) -> int:
        """The nearest ancestor of new clause ``n`` of old clause ``o``'s rank (-1: none).

        A restructured section's sub-clauses often sit one level deeper in the new version,
        under an undesignated paragraph that took the section's introductory words: their
        section is still the counterpart of the old one.
        """
        n = self.new.parent[n]
        while n >= 0 and not self.same_kind(o, n):
            n = self.new.parent[n]
        return n

    def alike(self, o: int, n: int) -> bool:
        """Own words alike enough for clauses whose children already pair them: similar, one
        side without words, or one side's words (a bare heading) found in the other."""
        old_words, new_words = self.old.size[o], self.new.size[n]
        if not old_words or not new_words or self.similarity(o, n) >= SAME_PATH_THRESHOLD:
            return True
        return max(_contained(self.old.words[o], self.new.words[n], old_words),
                   _contained(self.new.words[n], self.old.words[o], new_words)) >= _CONTAINMENT

    def structure(self) -> None:
        for o in sorted(self.free_old(), key=lambda i: -len(self.old.clauses[i].path)):
            votes: Counter[int] = Counter()
            for child in self.old.children[o]:
                if child in self.o2n:
                    votes[self.ancestor(self.o2n[child], o)] += 1
            choice = next((n for n, _ in sorted(votes.items(), key=lambda t: (-t[1], t[0]))
                           if n >= 0 and n not in self.n2o), None)
            if choice is not None and self.alike(o, choice):
                self.pair(o, choice, "structure")
        new_by_id = {self.new.clauses[n].id: n for n in self.free_new()}
        for o in self.free_old():
            n = new_by_id.get(self.old.clauses[o].id)
            if n is not None and n not in self.n2o and self.same_kind(o, n) and (
                    not self.old.size[o] and not self.new.size[n]):
                self.pair(o, n, "structure")

    # 5 ------------------------------------------------------------------------------------------
    def splits(self, how: str) -> None:
        """One clause covered by several of the other side: each part mostly contained in it.

        The parts must lie in the counterpart of the whole's unit (the section holding a
        paragraph; the container holding a section): a real split leaves its pieces side by
        side, while short generic clauses ("Is not an individual; and") are contained in long
        clauses all over a code. A whole already paired in place ("path", "similar") with one
        of its parts is re-paired as a split (or merge): the part it kept is one of the pieces.
        """
        whole, part = (self.old, self.new) if how == "split" else (self.new, self.old)
        w2p, p2w = (self.o2n, self.n2o) if how == "split" else (self.n2o, self.o2n)
        loose = {(p.old[0], p.new[0]) if how == "split" else (p.new[0], p.old[0]): p
                 for p in self.result if p.how in ("path", "similar") and id(p) not in self.dropped
                 and self.similarity(p.old[0], p.new[0]) < _KEEP_PAIR}
        in_unit: dict[int, list[int]] = defaultdict(list)
        for p in range(len(part.clauses)):
            if part.size[p] >= _MIN_PART_WORDS and (p not in p2w or (p2w[p], p) in loose):
                in_unit[part.unit[p]].append(p)
        taken: set[int] = set()
        for w in range(len(whole.clauses)):
            partner = w2p.get(w)
            if not whole.size[w] or (partner is not None and (w, partner) not in loose):
                continue
            unit, rank = whole.unit[w], whole.rank[w]
            pieces = [p for p in in_unit.get(w2p.get(unit, -1) if unit >= 0 else -1, ())
                      if p not in taken and (p not in p2w or p == partner) and part.rank[p] == rank
                      and _contained(part.words[p], whole.words[w], part.size[p]) >= _CONTAINMENT]
            if len(pieces) < 2 or (partner is not None and partner not in pieces):
                continue
            covered: Counter[str] = Counter()
            for p in pieces:
                covered |= part.words[p]
            if _contained(whole.words[w], covered, whole.size[w]) < _COVERAGE:
                continue
            taken.update(pieces)
            if partner is not None:
                self.dropped.add(id(loose[(w, partner)]))
            w2p[w] = pieces[0]
            p2w.update({p: w for p in pieces})
            self.result.append(Pairing((w,), tuple(pieces), how) if how == "split"
                               else Pairing(tuple(pieces), (w,), how))

    def run(self) -> list[Pairing]:
        self.identical()
        self.old.count(self.free_old())
        self.new.count(self.free_new())
        self.same_path()
        self.similar()
        self.structure()
        self.splits("split")
        self.splits("merge")
        kept = [p for p in self.result if id(p) not in self.dropped]
        return sorted(kept, key=lambda p: (p.old, p.new))


def align(old: Document, new: Document, threshold: float = DEFAULT_THRESHOLD,
          cut: tuple[int, int] = (-1, -1)) -> list[Pairing]:
    """Pair the clauses of ``old`` and ``new`` (indices into their pre-order clause lists).

    ``cut`` names, per side, the clause where an excerpt stops mid-text (-1: none). Clauses in no
    pairing are deletions (old) or insertions (new).
    """
    return _Aligner(old, new, threshold, cut).run()

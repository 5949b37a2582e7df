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

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from .model import Clause, Document, iter_clauses

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


@dataclass
class _Side:
    clauses: list[Clause]
    parent: list[int]
    words: list[Counter[str]]
    size: list[int]
    children: list[list[int]]

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
        words = [Counter(_WORD.findall(_content(c).lower())) for c in clauses]
        return cls(clauses, parent, words, [sum(w.values()) for w in words], children)


def _content(clause: Clause) -> str:
    return f"{clause.heading or ''}\n{clause.text}"


def _digest(clause: Clause) -> str:
    normal = " ".join(_content(clause).split())
    return hashlib.blake2b(normal.encode(), digest_size=16).hexdigest()


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

    def pair(self, o: int, n: int, how: str) -> None:
        self.o2n[o], self.n2o[n] = n, o
        self.result.append(Pairing((o,), (n,), how))

    def free_old(self) -> list[int]:
        return [i for i in range(len(self.old.clauses)) if i not in self.o2n]

    def free_new(self) -> list[int]:
        return [i for i in range(len(self.new.clauses)) if i not in self.n2o]

    def same_kind(self, o: int, n: int) -> bool:
        return self.old.clauses[o].kind.is_container == self.new.clauses[n].kind.is_container

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
        by_digest: dict[str, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
        for i, clause in enumerate(self.old.clauses):
            if self.old.size[i]:
                by_digest[_digest(clause)][0].append(i)
        for i, clause in enumerate(self.new.clauses):
            if self.new.size[i]:
                by_digest[_digest(clause)][1].append(i)
        for olds, news in by_digest.values():
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
            n = new_by_id.get(self.old.clauses[o].id)
            if n is None or n in self.n2o or not self.same_kind(o, n):
                continue
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
        for o, cands in self.candidates(olds, news).items():
            for n in cands:
                if not self.same_kind(o, n):
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
    def structure(self) -> None:
        for o in sorted(self.free_old(), key=lambda i: -len(self.old.clauses[i].path)):
            votes: Counter[int] = Counter()
            for child in self.old.children[o]:
                if child in self.o2n:
                    votes[self.new.parent[self.o2n[child]]] += 1
            choice = next((n for n, _ in sorted(votes.items(), key=lambda t: (-t[1], t[0]))
                           if n >= 0 and n not in self.n2o and self.same_kind(o, n)), None)
            if choice is not None and (self.similarity(o, choice) >= SAME_PATH_THRESHOLD
                                       or not (self.old.size[o] and self.new.size[choice])):
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

        A whole already paired in place ("path", "similar") with one of its parts is re-paired
        as a split (or merge): the part it kept is one of the pieces.
        """
        whole, part = (self.old, self.new) if how == "split" else (self.new, self.old)
        w2p, p2w = (self.o2n, self.n2o) if how == "split" else (self.n2o, self.o2n)
        loose = {(p.old[0], p.new[0]) if how == "split" else (p.new[0], p.old[0]): p
                 for p in self.result if p.how in ("path", "similar")
                 and self.similarity(p.old[0], p.new[0]) < _KEEP_PAIR}
        postings: dict[str, list[int]] = defaultdict(list)
        for p in range(len(part.clauses)):
            if part.size[p] >= _MIN_PART_WORDS and (p not in p2w or (p2w[p], p) in loose):
                for word in part.words[p]:
                    postings[word].append(p)
        taken: set[int] = set()
        for w in range(len(whole.clauses)):
            partner = w2p.get(w)
            if not whole.size[w] or (partner is not None and (w, partner) not in loose):
                continue
            cands = {p for word in whole.words[w] if len(postings.get(word, ())) <= _MAX_POSTINGS
                     for p in postings[word] if p not in taken and (p not in p2w or p == partner)}
            kind = whole.clauses[w].kind.is_container
            parts = sorted(p for p in cands if part.clauses[p].kind.is_container == kind
                           and _contained(part.words[p], whole.words[w], part.size[p])
                           >= _CONTAINMENT)
            if len(parts) < 2 or (partner is not None and partner not in parts):
                continue
            covered: Counter[str] = Counter()
            for p in parts:
                covered |= part.words[p]
            if _contained(whole.words[w], covered, whole.size[w]) < _COVERAGE:
                continue
            taken.update(parts)
            if partner is not None:
                self.result.remove(loose[(w, partner)])
            w2p[w] = parts[0]
            p2w.update({p: w for p in parts})
            self.result.append(Pairing((w,), tuple(parts), how) if how == "split"
                               else Pairing(tuple(parts), (w,), how))

    def run(self) -> list[Pairing]:
        self.identical()
        self.same_path()
        self.similar()
        self.structure()
        self.splits("split")
        self.splits("merge")
        return sorted(self.result, key=lambda p: (p.old, p.new))


def align(old: Document, new: Document, threshold: float = DEFAULT_THRESHOLD,
          cut: tuple[int, int] = (-1, -1)) -> list[Pairing]:
    """Pair the clauses of ``old`` and ``new`` (indices into their pre-order clause lists).

    ``cut`` names, per side, the clause where an excerpt stops mid-text (-1: none). Clauses in no
    pairing are deletions (old) or insertions (new).
    """
    return _Aligner(old, new, threshold, cut).run()

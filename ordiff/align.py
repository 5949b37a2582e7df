"""Pair the clauses of two versions, the way a legislative reader would.

Clauses pair only within their rank (container, section, paragraph); a paragraph is compared on
its own words, a section on its whole text. The passes, each over what the earlier ones left
(docs/comparison.md, "Alignment and thresholds", has the table and the measurements):

0. sections at the same number with the same clauses (every clause of both trees the same:
   on a whole code, nine sections in ten) pair clause by clause, without a look at their
   words; then sections at the same number, when alike: a number beats an identical heading
   elsewhere;
1. identical paragraphs inside counterpart sections (an inserted (1) that pushes (1) and (1A) to
   (1A) and (1B) is one insertion and two renumberings); text repeated on a side pairs at the
   same path only;
2. clauses at the same path at least ``threshold`` alike;
3. identical paragraphs and containers anywhere: moves;
4. the same path: a section always, a paragraph when alike (``SAME_PATH_THRESHOLD``);
5. similar clauses in the counterpart unit (a paragraph's section, a section's container);
6. structure: a clause with the clause its children's counterparts sit in;
7. lost sections whose clauses point at each other; then 5 and 6 again;
8. splits and merges inside the counterpart unit.

No clause is paired by similarity alone across a code: there, alike clauses in unrelated
sections are boilerplate. A rewritten section is one amendment of the section, its old
sub-clauses deleted and the new ones inserted, never a cascade of unrelated pairings.
"""

from __future__ import annotations

__all__ = ["Alignment", "Pairing", "Side", "align", "align_sides", "DEFAULT_THRESHOLD",
           "SAME_PATH_THRESHOLD"]

from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from itertools import compress
from typing import NamedTuple

from .align_side import WORD, Side, contained, dice, dice_bound, normal
from .model import Document

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
_UNIT_SHARE = 1 / 3  # lost sections pair when this share of their clauses point at each other
_ALL_PAIRS = 64  # a unit with at most this many unpaired clauses of a rank: compare them all
_MAX_POSTINGS = 200  # a word in more clauses than this is no evidence of a pairing
_NO_PARTS: tuple[list[int], list[int]] = ([], [])
_WINDOW_FROM = 16  # more candidates than this: only those of a fitting size are looked at
_UNSETTLED = bytes([1, 0]) + bytes(254)  # translates the settled flags into "not settled"


@dataclass(frozen=True, slots=True)
class Pairing:
    """Indices into the two documents' pre-order clause lists; ``how`` names the pass."""

    old: tuple[int, ...]
    new: tuple[int, ...]
    how: str  # "identical", "path", "similar", "structure", "split", "merge"


class _Aligner:
    def __init__(self, old: Side, new: Side, threshold: float, cut: tuple[int, int]) -> None:
        self.old, self.new = old, new
        self.cut_old, self.cut_new = cut
        self.threshold = threshold
        self.o2n: dict[int, int] = {}
        self.n2o: dict[int, int] = {}
        self.result: list[Pairing] = []
        self.dropped: set[int] = set()  # ids of pairings a split or merge replaced
        self.twins: list[tuple[int, int, int]] = []  # (old, new, size): sections paired whole
        # per side, 1 for each clause of a section paired whole by :meth:`same_sections`, and
        # the others (what every pass after it looks at)
        self.settled = (bytearray(len(self.old.clauses)), bytearray(len(self.new.clauses)))
        self.active: tuple[list[int], list[int]] = (list(range(len(self.old.clauses))),
                                                    list(range(len(self.new.clauses))))

    def pair(self, o: int, n: int, how: str) -> None:
        self.o2n[o], self.n2o[n] = n, o
        self.result.append(Pairing((o,), (n,), how))

    def free_old(self) -> list[int]:
        return [i for i in self.active[0] if i not in self.o2n]

    def free_new(self) -> list[int]:
        return [i for i in self.active[1] if i not in self.n2o]

    def same_kind(self, o: int, n: int) -> bool:
        return self.old.rank[o] == self.new.rank[n]

    def similarity(self, o: int, n: int) -> float:
        """Dice over word multisets; for an excerpt's cut-off last clause, the share of its
        words found in the other clause (it holds only the beginning of its text)."""
        if o == self.cut_old:
            return contained(self.old.words[o], self.new.words[n], self.old.size[o])
        if n == self.cut_new:
            return contained(self.new.words[n], self.old.words[o], self.new.size[n])
        return dice(self.old.words[o], self.new.words[n], self.old.size[o], self.new.size[n])

    def same_sections(self) -> None:
        """Pair each section that is the same on both sides, at the same number, with every
        clause below it, clause for clause (the same object when the second version was read
        reusing the first one's sections, see :class:`~ordiff.section_memo.SectionMemo`; else
        equal field by field). Each of its clauses is what every later pass would pair it
        with: the same path and the same words. A number repeated on a side, or a path repeated
        inside the section, is left to them."""
        old, new = self.old, self.new
        old_by_id, new_by_id = _sections_by_id(old), _sections_by_id(new)
        for name, o in old_by_id.items():
            n = new_by_id.get(name, -1)
            if o < 0 or n < 0 or (old.clauses[o] is not new.clauses[n]
                                  and old.clauses[o] != new.clauses[n]):
                continue
            size = old.last[o] - o + 1
            if size > 1 and len(set(old.ids[o:o + size])) < size:
                continue  # a path repeated inside (a data error): the passes decide
            self.settled[0][o:o + size] = self.settled[1][n:n + size] = b"\x01" * size
            self.o2n.update(zip(range(o, o + size), range(n, n + size)))
            self.n2o.update(zip(range(n, n + size), range(o, o + size)))
            self.twins.append((o, n, size))
        if self.twins:
            self.active = (_unsettled(self.settled[0]), _unsettled(self.settled[1]))

    def identical(self, local: bool) -> None:
        """Pair clauses with identical own words (sections apart: a section is its whole text):
        with ``local``, paragraphs inside counterpart sections only; then anywhere. Text
        repeated on a side ("Repealed.", "General.") pairs at the same path only."""
        by_words: dict[tuple[int, str], tuple[list[int], list[int]]] = defaultdict(
            lambda: ([], []))
        for side, data in ((0, self.old), (1, self.new)):
            rank, units = data.rank, data.unit
            for i in self.active[side]:
                if rank[i] == 1:
                    continue  # a section is its whole text: found by number or structure
                scope = -1
                if local:
                    unit = units[i]
                    if rank[i] < 2 or unit < 0:
                        continue
                    scope = self.o2n.get(unit, -1) if side == 0 else unit
                    if scope < 0:
                        continue
                key = data.key(i)  # paired clauses count too: repeated text stays repeated
                if key and WORD.search(key):
                    by_words[(scope, key)][side].append(i)
        if not local:  # clauses of sections paired whole count as repeats too, on both sides
            clauses, ranks = self.old.clauses, self.old.rank
            for o, n, size in self.twins:
                for k in range(size):
                    if ranks[o + k] == 1:
                        continue
                    found = by_words.get((-1, normal(clauses[o + k])))
                    if found is not None:
                        found[0].append(o + k)
                        found[1].append(n + k)
        for olds, news in by_words.values():
            if not olds or not news:
                continue
            if len(olds) == 1 and len(news) == 1:
                o, n = olds[0], news[0]
                if o not in self.o2n and n not in self.n2o and self.same_kind(o, n):
                    self.pair(o, n, "identical")
                continue
            paths = {self.new.ids[n]: n for n in news}
            for o in olds:
                n = paths.get(self.old.ids[o], -1)
                if n >= 0 and o not in self.o2n and n not in self.n2o:
                    self.pair(o, n, "identical")

    def same_path(self, mode: str) -> None:
        """Pair clauses at the same path. ``"sections"``: alike sections, before any other pass,
        so that a number beats an identical heading elsewhere (the D.C. Code keeps "25-403" and
        "25-403(Perm)" with one heading; its next build, 25-403 alone). ``"close"``: clauses
        at least ``threshold`` alike, before identical text elsewhere may take them (a clause
        amended in place, its old words kept in a new "(Perm)" copy). ``"all"``: a section
        always (it keeps its number), a paragraph when alike (``SAME_PATH_THRESHOLD``)."""
        sections = mode == "sections"
        new_by_id: dict[str, int] = {}
        for n in self.free_new():
            if not sections or self.new.rank[n] == 1:
                new_by_id.setdefault(self.new.ids[n], n)
        for o in self.free_old():
            n = new_by_id.get(self.old.ids[o], -1)
            if n < 0 or n in self.n2o or not self.same_kind(o, n) or (
                    sections and self.old.rank[o] != 1):
                continue
            if sections:
                if self.old.key(o) != self.new.key(n):
                    self.old.count([o])
                    self.new.count([n])
                    if not self.alike(o, n):
                        continue
                self.pair(o, n, "path")
            elif mode == "close":
                if self.old.size[o] and self.new.size[n] and \
                        self.similarity(o, n) >= self.threshold:
                    self.pair(o, n, "path")
            elif self.old.rank[o] == 1 or self.old.size[o] and self.new.size[n] and \
                    self.alike(o, n, _MIN_PART_WORDS):
                self.pair(o, n, "path")  # without words on one side: pass 4 decides

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

    def local(self, olds: list[int], news: list[int]) -> dict[int, set[int]]:
        """For each old clause, the new clauses of its rank in the counterpart of its unit."""
        groups: dict[tuple[int, int], list[int]] = defaultdict(list)
        for n in news:
            groups[(self.new.unit[n], self.new.rank[n])].append(n)
        by_group: dict[tuple[int, int], list[int]] = defaultdict(list)
        for o in olds:
            unit = self.old.unit[o]
            twin = self.o2n.get(unit) if unit >= 0 else -1
            if twin is not None and (twin, self.old.rank[o]) in groups:
                by_group[(twin, self.old.rank[o])].append(o)
        found: dict[int, set[int]] = {}
        for key, members in by_group.items():
            group = groups[key]
            if len(group) <= _ALL_PAIRS:
                found.update((o, set(group)) for o in members)
            else:
                found.update(self.candidates(members, group))
        return found

    def orphans(self) -> None:
        """Pair sections without counterparts whose clauses point at each other: each unpaired
        clause of a lost section votes for the new section of its most similar clause; two
        sections that are each other's first choice pair on two votes or more that make
        ``_UNIT_SHARE`` of the unpaired clauses of each (a section renumbered and rewritten;
        another ordinance's sections)."""
        def lost(side: Side, paired: dict[int, int], i: int) -> bool:
            unit = side.unit[i]
            return side.size[i] >= _MIN_PART_WORDS and unit >= 0 and side.rank[unit] == 1 \
                and unit not in paired

        olds = [o for o in self.free_old() if lost(self.old, self.o2n, o)]
        news = [n for n in self.free_new() if lost(self.new, self.n2o, n)]
        old_members = Counter(self.old.unit[o] for o in olds)
        new_members = Counter(self.new.unit[n] for n in news)
        votes: Counter[tuple[int, int]] = Counter()
        for _, o, n in self.scored(self.candidates(olds, news), best_only=True):
            votes[(self.old.unit[o], self.new.unit[n])] += 1
        first_old: dict[int, tuple[int, int]] = {}
        first_new: dict[int, int] = {}
        for (u, v), count in sorted(votes.items(), key=lambda t: (-t[1], t[0])):
            first_old.setdefault(u, (v, count))
            first_new.setdefault(v, u)
        for u, (v, count) in sorted(first_old.items()):
            if first_new[v] == u and count >= 2 and \
                    _UNIT_SHARE * max(old_members[u], new_members[v]) <= count:
                self.pair(u, v, "structure")

    def scored(self, found: dict[int, set[int]], best_only: bool = False
               ) -> list[tuple[float, int, int]]:
        """Candidate pairs of the same rank at or above the threshold, best first (for each old
        clause only its best with ``best_only``).

        The hot loop of the lost-section and similarity passes (a quarter of a million
        candidate pairs on a whole code): the size and :func:`dice_bound` filters are written
        out, on local names, before any similarity is counted.
        """
        scored: list[tuple[float, int, int]] = []
        threshold, cut_old, cut_new = self.threshold, self.cut_old, self.cut_new
        least = threshold / (2.0 - threshold)  # Dice >= t needs sizes within this ratio
        new_size, new_rank, new_words = self.new.size, self.new.rank, self.new.words
        new_clauses, old_clauses = self.new.clauses, self.old.clauses
        for o, cands in found.items():
            size, rank, words = self.old.size[o], self.old.rank[o], self.old.words[o]
            keys, distinct, label = words.keys(), len(words), old_clauses[o].label
            mine: list[tuple[float, int, int]] = []
            looked: Collection[int] = cands
            if len(cands) > _WINDOW_FROM and cut_old != o and least > 0:
                looked = _sized(cands, new_size, least * size - 1, size / least + 1, cut_new)
            for n in looked:
                if rank != new_rank[n]:
                    continue
                other = new_size[n]
                if cut_old != o and cut_new != n:
                    if other < least * size if other < size else size < least * other:
                        continue  # min(size, other) < least * max(size, other)
                    theirs = new_words[n]
                    if not size or not other:
                        bound = dice_bound(words, theirs, size, other)
                    else:  # dice_bound, written out
                        common = len(keys & theirs.keys())
                        bound = 2.0 * min(size - distinct + common, other - len(theirs) + common) \
                            / (size + other)
                    if bound < threshold:
                        continue
                score = self.similarity(o, n)
                if score >= threshold:
                    bonus = 0.01 if label == new_clauses[n].label else 0.0
                    mine.append((score + bonus, o, n))
            scored.extend([min(mine, key=lambda t: (-t[0], t[2]))] if best_only and mine else mine)
        return sorted(scored, key=lambda t: (-t[0], t[1], t[2]))

    def similar(self) -> None:
        olds = [o for o in self.free_old() if self.old.size[o]]
        news = [n for n in self.free_new() if self.new.size[n]]
        for _, o, n in self.scored(self.local(olds, news)):
            if o not in self.o2n and n not in self.n2o:
                self.pair(o, n, "similar")

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

    def alike(self, o: int, n: int, least: int = 0) -> bool:
        """Words alike enough for clauses that something else (their place, their children)
        already pairs: similar, one side without words, or the words of one side, if it has
        ``least`` of them, found in the other (a bare heading; a sentence that was extended)."""
        old_words, new_words = self.old.size[o], self.new.size[n]
        if not old_words or not new_words or self.similarity(o, n) >= SAME_PATH_THRESHOLD:
            return True
        return (old_words >= least and contained(self.old.words[o], self.new.words[n],
                                                  old_words) >= _CONTAINMENT) or \
            (new_words >= least and contained(self.new.words[n], self.old.words[o],
                                               new_words) >= _CONTAINMENT)

    def support(self, o: int, n: int) -> float:
        """The share of ``o``'s descendants with words that pair inside ``n``: a section or
        container renumbered elsewhere must bring a good part of its text along (one
        uniform-act definition found again in another act's definitions is not enough)."""
        stack, total, inside = list(self.old.children[o]), 0, 0
        while stack:
            d = stack.pop()
            stack.extend(self.old.children[d])
            if self.old.clauses[d].text or self.old.clauses[d].heading:
                total += 1
                up = self.o2n.get(d, -1)
                while up >= 0 and up != n:
                    up = self.new.parent[up]
                inside += up == n
        return inside / total if total else 1.0

    def structure(self) -> None:
        free = self.free_old()  # paragraphs deepest first; then sections and containers, each
        # after everything below it (pre-order reversed), so that their votes are all in
        order = sorted((i for i in free if self.old.rank[i] == 2),
                       key=lambda i: -len(self.old.clauses[i].path))
        for o in order + sorted((i for i in free if self.old.rank[i] < 2), reverse=True):
            votes: Counter[int] = Counter()
            for child in self.old.children[o]:
                if child in self.o2n:
                    votes[self.ancestor(self.o2n[child], o)] += 1
            choice = next((n for n, _ in sorted(votes.items(), key=lambda t: (-t[1], t[0]))
                           if n >= 0 and n not in self.n2o), None)
            if choice is None:
                continue
            if self.old.ids[o] == self.new.ids[choice] or self.alike(o, choice) and (
                    self.old.rank[o] == 2 or self.support(o, choice) >= _UNIT_SHARE):
                self.pair(o, choice, "structure")  # its children (and its place) vouch for it
        new_by_id = {self.new.ids[n]: n for n in self.free_new()}
        for o in self.free_old():
            n = new_by_id.get(self.old.ids[o])
            if n is not None and n not in self.n2o and self.same_kind(o, n) and (
                    not self.old.size[o] and not self.new.size[n]):
                self.pair(o, n, "structure")

    def splits(self, how: str) -> None:
        """One clause covered by several of the other side, each part mostly contained in it,
        all in the counterpart of its unit (a real split leaves its pieces side by side; short
        generic clauses are contained in long ones all over a code). A whole paired in place
        ("path", "similar") with one of its parts is re-paired: that part is one piece."""
        whole, part = (self.old, self.new) if how == "split" else (self.new, self.old)
        w2p, p2w = (self.o2n, self.n2o) if how == "split" else (self.n2o, self.o2n)
        loose = {(p.old[0], p.new[0]) if how == "split" else (p.new[0], p.old[0]): p
                 for p in self.result if p.how in ("path", "similar") and id(p) not in self.dropped
                 and self.similarity(p.old[0], p.new[0]) < _KEEP_PAIR}
        grouped: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
        free_parts = self.free_new() if how == "split" else self.free_old()
        for p in free_parts + [p for _, p in loose]:
            if part.size[p] >= _MIN_PART_WORDS:
                grouped[(part.unit[p], part.rank[p])].append((part.size[p], p))
        in_unit = {key: ([size for size, _ in members], [p for _, p in members])
                   for key, members in ((k, sorted(v)) for k, v in grouped.items())}
        taken: set[int] = set()
        free_wholes = self.free_old() if how == "split" else self.free_new()
        for w in sorted(free_wholes + [w for w, _ in loose]):
            partner = w2p.get(w)
            if not whole.size[w]:
                continue
            unit, rank = whole.unit[w], whole.rank[w]
            sizes, members = in_unit.get((w2p.get(unit, -1) if unit >= 0 else -1, rank), _NO_PARTS)
            fits = bisect_right(sizes, whole.size[w] / _CONTAINMENT + 1)  # the larger can't fit
            if fits < 2:
                continue  # fewer than two parts could be pieces
            pieces = sorted(p for p in members[:fits]
                            if p not in taken and (p not in p2w or p == partner)
                            and part.size[p] * _CONTAINMENT <= whole.size[w]
                            and _inside(part.words[p], whole.words[w], part.size[p]))
            if len(pieces) < 2 or (partner is not None and partner not in pieces):
                continue
            covered: Counter[str] = Counter()
            for p in pieces:
                covered |= part.words[p]
            if contained(whole.words[w], covered, whole.size[w]) < _COVERAGE:
                continue
            taken.update(pieces)
            if partner is not None:
                self.dropped.add(id(loose[(w, partner)]))
            w2p[w] = pieces[0]
            p2w.update({p: w for p in pieces})
            self.result.append(Pairing((w,), tuple(pieces), how) if how == "split"
                               else Pairing(tuple(pieces), (w,), how))

    def run(self) -> list[Pairing]:
        self.same_sections()
        self.same_path("sections")
        self.identical(local=True)
        self.old.count(self.free_old())
        self.new.count(self.free_new())
        self.same_path("close")
        self.identical(local=False)
        self.same_path("all")
        self.similar()
        self.structure()
        self.orphans()
        self.similar()  # in the units the structure and orphan passes paired
        self.structure()
        self.splits("split")
        self.splits("merge")
        kept = [p for p in self.result if id(p) not in self.dropped]
        return sorted(kept, key=lambda p: (p.old, p.new))


class Alignment(NamedTuple):
    """What :func:`align_sides` found: the pairings of the passes, and the sections paired
    whole, each as (old index, new index, clause count): clause ``old + k`` pairs with
    ``new + k`` (kept as ranges: a whole code has 150,000 such pairs)."""

    pairings: list[Pairing]
    twins: list[tuple[int, int, int]]

    def expanded(self) -> list[Pairing]:
        """Every pairing one by one, in order (sections paired whole as "path", their
        clauses as "identical")."""
        whole = [Pairing((o + k,), (n + k,), "identical" if k else "path")
                 for o, n, size in self.twins for k in range(size)]
        return sorted(self.pairings + whole, key=lambda p: (p.old, p.new))


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


def _inside(part: Counter[str], whole: Counter[str], size: int) -> bool:
    """Whether ``part`` (``size`` words) is at least ``_CONTAINMENT`` contained in ``whole``:
    first from its distinct words (each one missing costs a word at least), then counted, both
    from one key intersection."""
    common = part.keys() & whole.keys()
    if len(part) - len(common) + _CONTAINMENT * size > size + 1e-9:
        return False
    shared = sum(map(min, map(part.__getitem__, common), map(whole.__getitem__, common)))
    return shared / size >= _CONTAINMENT


def _unsettled(flags: bytearray) -> list[int]:
    """The indices whose flag is 0, found in C."""
    return list(compress(range(len(flags)), flags.translate(_UNSETTLED)))


def _sections_by_id(side: Side) -> dict[str, int]:
    """Each section's index by its id; -1 for an id that two sections share."""
    found: dict[str, int] = {}
    ids = side.ids
    for i, level in enumerate(side.rank):
        if level == 1:
            found[ids[i]] = -1 if ids[i] in found else i
    return found


def align(old: Document, new: Document, threshold: float = DEFAULT_THRESHOLD,
          cut: tuple[int, int] = (-1, -1)) -> list[Pairing]:
    """Pair the clauses of ``old`` and ``new`` (indices into their pre-order clause lists).

    ``cut`` names, per side, the clause where an excerpt stops mid-text (-1: none). Clauses in no
    pairing are deletions (old) or insertions (new).
    """
    return align_sides(Side.of(old), Side.of(new), threshold, cut).expanded()


def align_sides(old: Side, new: Side, threshold: float = DEFAULT_THRESHOLD,
                cut: tuple[int, int] = (-1, -1)) -> Alignment:
    """:func:`align` on the versions' :class:`Side` tables, built once by a caller that needs
    them too (:func:`ordiff.compare.compare`; the aligner adds word counts to them), with the
    sections paired whole kept as ranges."""
    aligner = _Aligner(old, new, threshold, cut)
    return Alignment(aligner.run(), aligner.twins)

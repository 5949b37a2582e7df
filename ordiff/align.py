"""Pair the clauses of two versions, the way a legislative reader would.

Clauses pair only within their rank (container, section, paragraph); a paragraph is compared on
its own words, a section on its whole text. The passes, each over what the earlier ones left
(docs/comparison.md, "Alignment and thresholds", has the table and the measurements):

0. sections at the same number with the same clauses (every clause of both trees the same
   but for notes and line numbers: on a whole code, nine sections in ten) pair clause by
   clause, without a look at their words; then sections at the same number, when alike: a
   number beats an identical heading elsewhere;
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

from collections import Counter
from collections.abc import Iterable
from itertools import chain, compress, repeat
from operator import itemgetter, not_
from typing import NamedTuple

from .align_search import candidates, local, scored
from .align_side import WORD, Pairing, Side, contained, dice, normal_keys
from .align_split import CONTAINMENT, MIN_PART_WORDS, splits
from .model import Clause, Document

#: Minimum similarity for pairing clauses at different paths (tuned on the D.C. corpus: see
#: docs/comparison.md).
DEFAULT_THRESHOLD = 0.6
#: Minimum similarity for pairing clauses at the same path.
SAME_PATH_THRESHOLD = 0.3
_UNIT_SHARE = 1 / 3  # lost sections pair when this share of their clauses point at each other
_UNSETTLED = bytes([1, 0]) + bytes(254)  # translates the settled flags into "not settled"
_NOT_SECTION = (1).__ne__  # a rank that is not a section's, as a C-level predicate
_Key = tuple[int, str]  # the identical-text passes' groups: (scope, normal words)


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
        # per side, the clauses outside them: what every pass after same_sections looks at
        self.active: tuple[list[int], list[int]] = (list(range(len(self.old.clauses))),
                                                    list(range(len(self.new.clauses))))

    def pair(self, o: int, n: int, how: str) -> None:
        self.o2n[o], self.n2o[n] = n, o
        self.result.append(Pairing.of((o,), (n,), how))

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
        equal in every field but notes and line numbers, which no pass looks at: 633 D.C.
        sections between the 2021 and 2024 builds changed only in their history notes). Each of
        its clauses is what every later pass would pair it with: the same path and the same
        words. A number repeated on a side, or a path repeated inside the section, is left to
        them."""
        old, new = self.old, self.new
        settled = (bytearray(len(old.clauses)), bytearray(len(new.clauses)))  # 1: paired whole
        old_by_id, new_by_id = _sections_by_id(old), _sections_by_id(new)
        for name, o in old_by_id.items():
            n = new_by_id.get(name, -1)
            if o < 0 or n < 0 or (old.clauses[o] is not new.clauses[n]
                                  and not _alike_but_notes(old.clauses[o], new.clauses[n])):
                continue
            size = old.last[o] - o + 1
            if size > 1 and len(set(old.ids[o:o + size])) < size:
                continue  # a path repeated inside (a data error): the passes decide
            settled[0][o:o + size] = settled[1][n:n + size] = b"\x01" * size
            self.o2n.update(zip(range(o, o + size), range(n, n + size)))
            self.n2o.update(zip(range(n, n + size), range(o, o + size)))
            self.twins.append((o, n, size))
        if self.twins:
            self.active = (_unsettled(settled[0]), _unsettled(settled[1]))

    def identical(self, local: bool) -> None:
        """Pair clauses with identical own words (sections apart: a section is its whole text):
        with ``local``, paragraphs inside counterpart sections only; then anywhere. Text
        repeated on a side ("Repealed.", "General.") pairs at the same path only.

        Found in bulk (C-level maps and set operations over the ~96,000 clauses outside sections
        paired whole, not a Python step each): only the words that an unpaired clause of each
        side shares are grouped, with every clause that has them (paired clauses and, anywhere,
        the clauses of sections paired whole count as repeats); other groups pair nothing."""
        old, new = self.old, self.new
        if local:  # keyed by (counterpart section, words): a paragraph's section must be paired
            olds = [i for i in self.active[0] if old.rank[i] == 2 and old.unit[i] in self.o2n]
            news = [i for i in self.active[1] if new.rank[i] == 2 and new.unit[i] in self.n2o]
            old_scopes: Iterable[int] = map(self.o2n.__getitem__, map(old.unit.__getitem__, olds))
            new_scopes: Iterable[int] = map(new.unit.__getitem__, news)
        else:
            olds = [i for i in self.active[0] if old.rank[i] != 1]
            news = [i for i in self.active[1] if new.rank[i] != 1]
            old_scopes = new_scopes = repeat(-1)
        old_keys = list(zip(old_scopes, old.keys_of(olds)))
        new_keys = list(zip(new_scopes, new.keys_of(news)))
        wanted = _shared_free(olds, old_keys, self.o2n, news, new_keys, self.n2o)
        flags = list(map(wanted.__contains__, old_keys))
        olds, old_keys = list(compress(olds, flags)), list(compress(old_keys, flags))
        flags = list(map(wanted.__contains__, new_keys))
        news, new_keys = list(compress(news, flags)), list(compress(new_keys, flags))
        twins = self.twin_keys(wanted) if not local and wanted else []
        # the groups of more than one clause on a side, in full; the others are one to one
        groups: dict[_Key, tuple[list[int], list[int]]] = {key: ([], []) for key in (
            _repeated(old_keys) | _repeated(new_keys) | {(-1, words) for _, _, words in twins})}
        for side, indices, keys in ((0, olds, old_keys), (1, news, new_keys)):
            for i, key in compress(zip(indices, keys), map(groups.__contains__, keys)):
                groups[key][side].append(i)
        for o, n, words in twins:
            groups[(-1, words)][0].append(o)
            groups[(-1, words)][1].append(n)
        new_at, done = dict(zip(new_keys, news)), set()
        for o, key in zip(olds, old_keys):  # each group at its first old clause, in order
            group = groups.get(key)
            if group is None:
                n = new_at[key]
                if o not in self.o2n and n not in self.n2o and self.same_kind(o, n):
                    self.pair(o, n, "identical")
            elif key not in done:
                done.add(key)
                paths = {self.new.ids[n]: n for n in group[1]}
                for o in group[0]:
                    n = paths.get(self.old.ids[o], -1)
                    if n >= 0 and o not in self.o2n and n not in self.n2o:
                        self.pair(o, n, "identical")

    def twin_keys(self, wanted: set[_Key]) -> list[tuple[int, int, str]]:
        """The clauses of sections paired whole (sections apart) whose words are ``wanted``,
        as (old, new, words), in the order of ``twins``: their words found in one C-level map
        (an old clause's words are its new twin's: same heading, same text)."""
        olds = list(chain.from_iterable([range(o, o + size) for o, _, size in self.twins]))
        shifts = chain.from_iterable([repeat(n - o, size) for o, n, size in self.twins])
        inner = list(map(_NOT_SECTION, map(self.old.rank.__getitem__, olds)))
        olds = list(compress(olds, inner))
        keys = normal_keys(list(map(self.old.clauses.__getitem__, olds)))
        found = map(wanted.__contains__, zip(repeat(-1), keys))
        return [(o, o + shift, key)
                for o, shift, key in compress(zip(olds, compress(shifts, inner), keys), found)]

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
                    self.alike(o, n, MIN_PART_WORDS):
                self.pair(o, n, "path")  # without words on one side: pass 4 decides

    def orphans(self) -> None:
        """Pair sections without counterparts whose clauses point at each other: each unpaired
        clause of a lost section votes for the new section of its most similar clause; two
        sections that are each other's first choice pair on two votes or more that make
        ``_UNIT_SHARE`` of the unpaired clauses of each (a section renumbered and rewritten;
        another ordinance's sections)."""
        def lost(side: Side, paired: dict[int, int], i: int) -> bool:
            unit = side.unit[i]
            return side.size[i] >= MIN_PART_WORDS and unit >= 0 and side.rank[unit] == 1 \
                and unit not in paired

        olds = [o for o in self.free_old() if lost(self.old, self.o2n, o)]
        news = [n for n in self.free_new() if lost(self.new, self.n2o, n)]
        old_members = Counter(self.old.unit[o] for o in olds)
        new_members = Counter(self.new.unit[n] for n in news)
        votes: Counter[tuple[int, int]] = Counter()
        for _, o, n in scored(self, candidates(self, olds, news), best_only=True):
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

    def similar(self) -> None:
        olds = [o for o in self.free_old() if self.old.size[o]]
        news = [n for n in self.free_new() if self.new.size[n]]
        for _, o, n in scored(self, local(self, olds, news)):
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
                                                  old_words) >= CONTAINMENT) or \
            (new_words >= least and contained(self.new.words[n], self.old.words[o],
                                               new_words) >= CONTAINMENT)

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
        splits(self, "split")
        splits(self, "merge")
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
        whole = [Pairing.of((o + k,), (n + k,), "identical" if k else "path")
                 for o, n, size in self.twins for k in range(size)]
        return sorted(self.pairings + whole, key=lambda p: (p.old, p.new))


def _alike_but_notes(old: Clause, new: Clause) -> bool:
    """Two clause trees equal in every field but notes and line numbers (what a changed
    history note or a longer note above moves), which the aligner never reads."""
    if (old.kind is not new.kind or old.path != new.path or old.text != new.text
            or old.heading != new.heading or old.label != new.label or old.marker != new.marker
            or old.printed is not new.printed or old.status != new.status
            or len(old.children) != len(new.children)):
        return False
    return all(a is b or _alike_but_notes(a, b) for a, b in zip(old.children, new.children))


def _repeated(keys: list[_Key]) -> set[_Key]:
    """The keys found more than once in ``keys``."""
    return {key for key, count in Counter(keys).items() if count > 1}


def _shared_free(olds: list[int], old_keys: list[_Key], o2n: dict[int, int], news: list[int],
                 new_keys: list[_Key], n2o: dict[int, int]) -> set[_Key]:
    """The keys that an unpaired clause of each side has, with a word in them: the only groups
    of the identical-text passes that can pair anything (set operations in C)."""
    shared = list(set(compress(old_keys, map(not_, map(o2n.__contains__, olds)))).intersection(
        compress(new_keys, map(not_, map(n2o.__contains__, news)))))
    return set(compress(shared, map(WORD.search, map(itemgetter(1), shared))))


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

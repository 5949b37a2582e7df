"""One version's clauses as the aligner sees them: the tree as indices, ranks and units, and the
word multisets whose overlap decides how alike two clauses are.

Kept apart from :mod:`ordiff.align` (the passes) so that each stays readable; nothing here is
public outside the aligner.
"""

from __future__ import annotations

__all__ = ["Pairing", "Side", "normal", "normal_keys", "dice", "contained", "WORD"]

import re
from collections import Counter, _count_elements, deque  # type: ignore[attr-defined]
from itertools import chain, compress, repeat
from operator import attrgetter, is_
from dataclasses import dataclass

from .model import Clause, ClauseKind, Document
from .wordsets import normal as normal_words
from .wordsets import shared, tokens, tree_tables

WORD = re.compile(r"\w+")


def _counter() -> Counter[str]:
    """An empty ``Counter`` without ``Counter.__init__``'s Python-level ``update`` (a third of
    the cost of counting a paragraph's words; 50,000 clauses are counted on a whole code): with
    ``_count_elements``, the C loop ``Counter(words)`` itself runs, the same multiset."""
    return Counter.__new__(Counter)
_NONE: Counter[str] = Counter()  # "not counted yet"


@dataclass(frozen=True, slots=True)
class Pairing:
    """Indices into the two documents' pre-order clause lists; ``how`` names the pass."""

    old: tuple[int, ...]
    new: tuple[int, ...]
    how: str  # "identical", "path", "similar", "structure", "split", "merge"

    @classmethod
    def of(cls, old: tuple[int, ...], new: tuple[int, ...], how: str) -> Pairing:
        """The same pairing as ``Pairing(old, new, how)``, built without the frozen
        ``__init__``'s ``object.__setattr__`` per field (35,000 pairings on a whole code), as
        ``model.ClauseChange.of`` builds records: stored in an unfrozen twin of the same slots,
        which then becomes a ``Pairing`` (TypeError if the layouts ever differ)."""
        pairing = _PairingTwin()
        pairing.old, pairing.new, pairing.how = old, new, how
        pairing.__class__ = cls  # type: ignore[assignment]
        return pairing  # type: ignore[return-value]


class _PairingTwin:
    """:class:`Pairing`'s slots, unfrozen: a pairing under construction (``Pairing.of``)."""

    __slots__ = ("old", "new", "how")
    old: tuple[int, ...]
    new: tuple[int, ...]
    how: str


@dataclass
class Side:
    """One version's clauses in pre-order, with their tree as indices.

    ``words`` (lower-cased word multiset of heading and text) and ``size`` (its word count) are
    counted by :meth:`count` only for the clauses the identical-content pass left unpaired: on a
    whole code that pass pairs nine clauses in ten, which no later pass looks at again.
    """

    clauses: list[Clause]
    ids: list[str]
    parent: list[int]
    children: list[list[int]]
    rank: list[int]
    unit: list[int]
    words: list[Counter[str]]
    size: list[int]
    keys: list[str | None]
    token_lists: list[list[str] | None]
    last: list[int]  # the index of the last clause of each clause's subtree (pre-order)

    @classmethod
    def of(cls, document: Document) -> Side:
        """The tables of ``document``'s clause tree (:func:`ordiff.wordsets.tree_tables`), no
        words counted yet."""
        clauses, parent, children, ranks, unit, last, ids = tree_tables(
            document.clauses, _RANKS, _PREFIXES)
        count = len(clauses)
        return cls(clauses, ids, parent, children, ranks, unit, [_NONE] * count, [0] * count,
                   [None] * count, [None] * count, last)

    def key(self, i: int) -> str:
        """The clause's :func:`normal` words, computed once."""
        found = self.keys[i]
        if found is None:
            found = self.keys[i] = normal(self.clauses[i])
        return found

    def keys_of(self, indices: list[int]) -> list[str]:
        """The :meth:`key` of each of these clauses, the missing ones computed and kept by
        C-level maps: the identical-text passes key ~96,000 clauses, which a method call each
        made a third of their time."""
        keys = self.keys
        missing = list(compress(indices, map(is_, map(keys.__getitem__, indices), repeat(None))))
        if missing:
            deque(map(keys.__setitem__, missing,
                      normal_keys(list(map(self.clauses.__getitem__, missing)))), 0)
        return list(map(keys.__getitem__, indices))  # type: ignore[arg-type]

    def count(self, indices: list[int]) -> None:
        """Count the words of these clauses: a section's are those of its whole text (two
        "Definitions." sections are alike only if their definitions are). Each clause's own
        words are found once (:meth:`tokens`), whether for itself or for its section."""
        found, tokens = self.token_lists, self.tokens
        for i in indices:
            if self.words[i] is not _NONE:
                continue
            words = _counter()
            if self.rank[i] == 1:  # its subtree: the clauses up to its last, in pre-order
                _count_elements(words, chain.from_iterable(
                    [t if (t := found[j]) is not None else tokens(j)
                     for j in range(i, self.last[i] + 1)]))
            else:
                _count_elements(words, tokens(i))
            self.words[i], self.size[i] = words, words.total()

    def tokens(self, i: int) -> list[str]:
        """The clause's own words (heading and text), lower-cased, in order; kept once found.
        Found part by part, a section's words are those of its joined text: parts are joined
        at a line break, which no word spans."""
        found = self.token_lists[i]
        if found is None:
            found = self.token_lists[i] = tokens(_content(self.clauses[i]))
        return found


#: 0 container, 1 section, 2 paragraph: clauses pair only within their rank. A section is a
#: unit of the code with its own number: its own words ("Definitions." and an introductory
#: sentence) often reappear as an undesignated paragraph when a section is restructured, and
#: pairing the old section with that paragraph would tell the reader that the section became a
#: paragraph while the new section was inserted.
_RANKS = {kind: 0 if kind.is_container else 1 if kind is ClauseKind.SECTION else 2
          for kind in ClauseKind}
#: A container's id starts with its kind (``Clause.id``), a section's or paragraph's does not.
_PREFIXES = {kind: f"{kind.value}:" for kind in ClauseKind}


def _content(clause: Clause) -> str:
    """Heading and text: the words a clause is compared on (children excluded)."""
    return f"{clause.heading or ''}\n{clause.text}"


def normal(clause: Clause) -> str:
    """Heading and text with whitespace runs as single spaces: the identity of a clause's words."""
    return normal_words(clause.heading, clause.text)


def normal_keys(clauses: list[Clause]) -> list[str]:
    """:func:`normal` of each clause, in one C-level map."""
    return list(map(normal_words, map(_HEADING, clauses), map(_TEXT, clauses)))


_HEADING, _TEXT = attrgetter("heading"), attrgetter("text")


def dice(a: Counter[str], b: Counter[str], size_a: int, size_b: int) -> float:
    """Dice coefficient of two word multisets of the given sizes (1.0 when both are empty)."""
    if not size_a and not size_b:
        return 1.0
    if not size_a or not size_b:
        return 0.0
    return 2.0 * shared(a, b) / (size_a + size_b)


def contained(part: Counter[str], whole: Counter[str], size: int) -> float:
    """The share of ``part``'s words (``size`` of them) that ``whole`` holds too."""
    if not size:
        return 0.0
    return shared(part, whole) / size

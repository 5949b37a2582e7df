"""The clause model every stage shares: frozen, typed, stdlib only, no I/O.

A :class:`Document` is one version of a text as a tree of :class:`Clause` objects. Containers
(title, chapter, part) hold sections; sections hold lettered and numbered clauses; text that carries
no designation becomes an unlabelled paragraph. Every word of the source lives in exactly one field
of exactly one clause (``marker``, ``heading``, ``text`` or ``notes``), which is what the round-trip
tests check.
"""

from __future__ import annotations

__all__ = [
    "ClauseKind", "Clause", "Completeness", "SourceRef", "Document",
    "iter_clauses", "source_words", "clause_words", "UNLABELLED_PREFIX",
    "Op", "Span", "ChangeKind", "ClauseChange", "Comparison",
]

from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import NamedTuple

from .errors import SourceWarning

#: Path element given to a paragraph that has no printed designation: "¶1", "¶2", … counted
#: among its unlabelled siblings. It is never printed as law text.
UNLABELLED_PREFIX = "¶"


class ClauseKind(StrEnum):
    """What a clause is, by how the source designates it."""

    TITLE = "title"
    CHAPTER = "chapter"
    SUBCHAPTER = "subchapter"
    PART = "part"
    ARTICLE = "article"
    SECTION = "section"
    PARAGRAPH = "paragraph"  # designated by a marker: (a), (1), a., A., (i) …
    UNLABELLED = "unlabelled"  # text without a designation (preamble, WHEREAS, a lost label)

    @property
    def is_container(self) -> bool:
        return self in _CONTAINERS


_CONTAINERS = frozenset({ClauseKind.TITLE, ClauseKind.CHAPTER, ClauseKind.SUBCHAPTER,
                         ClauseKind.PART, ClauseKind.ARTICLE})


@dataclass(frozen=True, slots=True)
class Clause:
    """One clause of a version.

    Attributes:
        kind: what the clause is.
        label: its designation as printed, without "§"/"Sec."/"SEC." and without a section's
            closing period: ``"19.30"``, ``"(a)"``, ``"b."``; ``""`` when unlabelled.
        path: labels from the section down (``("19.30", "(a)", "(2)", "b.")``); an unlabelled
            clause contributes ``"¶N"``. A container's path is its own ``(label,)``.
        marker: the designation exactly as printed (``"§ 44.02."``, ``"(a)"``, ``"CHAPTER 44."``);
            ``""`` when unlabelled or when the designation is not in the text (see ``printed``).
        heading: the catch line, or ``None``.
        text: the clause's own words, children excluded. Lines wrapped in the source are joined
            with ``"\\n"``; indentation is layout and is not kept.
        notes: history notes such as ``(Ord. No. 1304-2017, § 1, 6-5-2017)``: kept, apart from text.
        children: sub-clauses in document order.
        line: 1-based line (or for XML, the source line) where the clause starts.
        printed: False for a section designation supplied by metadata because the stored copy
            starts inside the section (its number is not part of the copy's text).
        status: ``""`` normally; ``"repealed"``, ``"recodified"`` … for placeholder sections.
    """

    kind: ClauseKind
    label: str
    path: tuple[str, ...]
    marker: str = ""
    heading: str | None = None
    text: str = ""
    notes: tuple[str, ...] = ()
    children: tuple[Clause, ...] = ()
    line: int = 0
    printed: bool = True
    status: str = ""

    @property
    def id(self) -> str:
        """A stable, readable id unique in its document: the path joined by "/"."""
        prefix = f"{self.kind.value}:" if self.kind.is_container else ""
        return prefix + "/".join(self.path)

    @classmethod
    def of(cls, kind: ClauseKind, label: str, path: tuple[str, ...], marker: str,
           heading: str | None, text: str, notes: tuple[str, ...], children: tuple[Clause, ...],
           line: int, printed: bool, status: str) -> Clause:
        """The same clause as ``Clause(...)`` with every field given, built about 5× faster.

        For readers that build hundreds of thousands of clauses (a whole D.C. Code: 174,000).
        The dataclass ``__init__`` of a frozen class sets each field through
        ``object.__setattr__`` (1.7 µs a clause on the project machine). Here the fields are
        stored in an unfrozen twin with the same slots (plain attribute stores), which then
        becomes a ``Clause`` (0.35 µs): Python allows ``__class__`` assignment between classes
        of identical layout, and refuses it (TypeError) if the two ever differ.
        """
        clause = _ClauseTwin()
        clause.kind = kind
        clause.label = label
        clause.path = path
        clause.marker = marker
        clause.heading = heading
        clause.text = text
        clause.notes = notes
        clause.children = children
        clause.line = line
        clause.printed = printed
        clause.status = status
        clause.__class__ = cls  # type: ignore[assignment]
        return clause  # type: ignore[return-value]


class _ClauseTwin:
    """:class:`Clause`'s slots, unfrozen: only ever a clause under construction (``Clause.of``)."""

    __slots__ = tuple(f.name for f in fields(Clause))
    kind: ClauseKind
    label: str
    path: tuple[str, ...]
    marker: str
    heading: str | None
    text: str
    notes: tuple[str, ...]
    children: tuple[Clause, ...]
    line: int
    printed: bool
    status: str


class Completeness(StrEnum):
    FULL = "full"
    EXCERPT = "excerpt"


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a version's text came from, as reports show it.

    Attributes:
        id: store id (``minneapolis/separation@2003``) or the file path as the user gave it.
        label: a human label for the version (``"2003"``, ``"2021 (D.C. Law 23-282)"``).
        sha256: hex digest of the stored bytes.
        completeness: full text or an excerpt.
        stops: for an excerpt, where the copy stops ("inside 19.30(b)").
        missing: for an excerpt, what is not in the copy.
    """

    id: str
    label: str
    sha256: str
    completeness: Completeness = Completeness.FULL
    stops: str = ""
    missing: str = ""


@dataclass(frozen=True, slots=True)
class Document:
    """One version of a text as a clause tree, with the warnings its reading produced."""

    source: SourceRef
    clauses: tuple[Clause, ...]
    title: str = ""
    warnings: tuple[SourceWarning, ...] = field(default=())


def iter_clauses(clauses: tuple[Clause, ...]) -> Iterator[Clause]:
    """Every clause in document order (pre-order), containers included."""
    stack = list(reversed(clauses))
    while stack:
        clause = stack.pop()
        yield clause
        stack.extend(reversed(clause.children))


def clause_words(clause: Clause) -> list[str]:
    """The words of one clause's designation, heading and text (children and notes excluded)."""
    words = clause.marker.split() if clause.printed else []
    if clause.heading:
        words += clause.heading.split()
    words += clause.text.split()
    return words


def source_words(document: Document) -> list[str]:
    """All words of a document in reading order: must equal the source's words, in order.

    A clause reads as its designation, heading and text, then its children, then its notes
    (history notes close a section in every layout ordiff reads).
    """
    words: list[str] = []

    def walk(clause: Clause) -> None:
        words.extend(clause_words(clause))
        for child in clause.children:
            walk(child)
        for note in clause.notes:
            words.extend(note.split())

    for top in document.clauses:
        walk(top)
    return words


# --- the comparison model -------------------------------------------------------------------


class Op(StrEnum):
    """What a span of a word diff is.

    ``<`` and ``>`` exist because an excerpt is not a deletion: ``<`` is text of the old version
    where the new version's stored copy has already stopped; ``>`` the reverse. Joining ``=``,
    ``-`` and ``<`` spans gives the old text; joining ``=``, ``+`` and ``>`` gives the new.
    """

    EQUAL = "="
    DELETE = "-"
    INSERT = "+"
    OLD_BEYOND_COPY = "<"
    NEW_BEYOND_COPY = ">"

    @property
    def in_old(self) -> bool:
        return self in (Op.EQUAL, Op.DELETE, Op.OLD_BEYOND_COPY)

    @property
    def in_new(self) -> bool:
        return self in (Op.EQUAL, Op.INSERT, Op.NEW_BEYOND_COPY)


class Span(NamedTuple):
    """One run of a word diff.

    ``ignored``: a ``-``/``+`` pair that differs only in ways the comparison was told to ignore
    (``Comparison.ignored``: line wrapping, curly quotes …); renderers show it quietly. Both
    spans of such a pair carry the real text, so the old and new projections stay exact.
    """

    op: Op
    text: str
    ignored: bool = False


class ChangeKind(StrEnum):
    """How a clause of the old version relates to the new, as a legislative reader names it."""

    UNCHANGED = "unchanged"
    AMENDED = "amended"  # same place and label; own text or heading changed
    RENUMBERED = "renumbered"  # label path changed under the same parent; text same or amended
    MOVED = "moved"  # to another parent or section
    INSERTED = "inserted"
    DELETED = "deleted"
    SPLIT = "split"  # one old clause became several: one record per resulting pair
    MERGED = "merged"  # several old clauses became one: one record per pair
    NOT_IN_OLD_COPY = "not-in-old-copy"  # the old version is an excerpt that stops before this
    NOT_IN_NEW_COPY = "not-in-new-copy"  # the new version is an excerpt that stops before this


@dataclass(frozen=True, slots=True)
class ClauseChange:
    """One pairing, insertion or deletion.

    Attributes:
        kind: the relation.
        old, new: the clauses paired; ``None`` on the missing side.
        heading: word diff of the headings (``()`` when neither side has one).
        text: word diff of the clauses' own text.
        amended: whether the own text or heading differs (a renumbered or moved clause may also be
            amended).
        similarity: 0..1 similarity of the paired texts (1.0 for identical, 0 when one side is
            missing).
    """

    kind: ChangeKind
    old: Clause | None
    new: Clause | None
    heading: tuple[Span, ...] = ()
    text: tuple[Span, ...] = ()
    amended: bool = False
    similarity: float = 0.0

    @classmethod
    def of(cls, kind: ChangeKind, old: Clause | None, new: Clause | None,
           heading: tuple[Span, ...], text: tuple[Span, ...], amended: bool,
           similarity: float) -> ClauseChange:
        """The same record as ``ClauseChange(...)`` with every field given, built about 5×
        faster, as :meth:`Clause.of` builds clauses (a whole code makes 184,000 records)."""
        change = _ChangeTwin()
        change.kind = kind
        change.old = old
        change.new = new
        change.heading = heading
        change.text = text
        change.amended = amended
        change.similarity = similarity
        change.__class__ = cls  # type: ignore[assignment]
        return change  # type: ignore[return-value]


class _ChangeTwin:
    """:class:`ClauseChange`'s slots, unfrozen: a record under construction (``ClauseChange.of``)."""

    __slots__ = tuple(f.name for f in fields(ClauseChange))
    kind: ChangeKind
    old: Clause | None
    new: Clause | None
    heading: tuple[Span, ...]
    text: tuple[Span, ...]
    amended: bool
    similarity: float


@dataclass(frozen=True, slots=True)
class Comparison:
    """The one comparison model every renderer reads.

    ``changes`` are in reading order: the new version's clauses in document order, each deletion
    placed where it stood in the old version.
    ``ignored`` lists, by name, every normalisation applied before comparing (never silent).
    """

    old: Document
    new: Document
    changes: tuple[ClauseChange, ...]
    ignored: tuple[str, ...] = ()
    granularity: str = "word"

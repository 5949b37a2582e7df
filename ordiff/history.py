"""The history of one ordinance: every stored version in order, the public record around them,
the redline of each step, the cumulative redline, and the lineage of the latest text.

**Lineage** says, for each phrase of the latest version, which version introduced it. It follows
the comparisons step by step, never guesses across them: in the step from version *k-1* to *k*, a
clause of *k* paired with a clause of *k-1* (unchanged, amended, renumbered, moved, split or
merged) keeps, character by character, the attribution of the words its word diff shows as
equal; inserted words are attributed to *k*. A clause with no counterpart is all *k*. Where the
older copy is an excerpt that stops before the words (``not in the stored copy``), they are
attributed to *k* with ``earliest_known`` set: the stored copies show them first in *k*, which is
not proof that *k* introduced them. A clause the version before does not hold because its copy
stops earlier is traced back to the last version that held it.
"""

from __future__ import annotations

__all__ = ["TimelineEntry", "Run", "LineageLine", "History", "build_history", "lineage"]

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from .compare import CompareOptions, compare
from .errors import OrdiffError
from .model import (ChangeKind, Clause, ClauseChange, Comparison, Completeness, Document, Op,
                    Span, iter_clauses)
from .seeds import Citation, Event
from .textdiff import DiffOptions, diff_text

if TYPE_CHECKING:
    from .store import StoredVersion

_Attr = list[tuple[int, bool]]  # per character: (version index, earliest_known)


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """A stored version (``version`` is its index) or an event of the public record."""

    when: str
    kind: str  # "version", or the event's kind
    text: str
    version: int | None = None
    citation: Citation | None = None


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of the latest text and the version that introduced it."""

    text: str
    version: int
    earliest_known: bool = False


@dataclass(frozen=True, slots=True)
class LineageLine:
    """One clause of the latest version, its heading and text as runs."""

    clause: Clause
    heading: tuple[Run, ...]
    text: tuple[Run, ...]


@dataclass(frozen=True, slots=True)
class History:
    documents: tuple[Document, ...]
    timeline: tuple[TimelineEntry, ...]
    steps: tuple[Comparison, ...]
    cumulative: Comparison | None
    lineage: tuple[LineageLine, ...]


def _version_when(version: StoredVersion | None) -> tuple[date | None, str]:
    """A version's place in time: adopted or effective date, else its year; with what the page
    should say ("effective 2021-04-27", "expires 2026-02-22", "2012")."""
    if version is None:
        return None, "date unknown"
    for name, value in (("adopted", version.adopted), ("effective", version.effective)):
        if value is not None:
            return value, f"{name} {value.isoformat()}"
    if version.year:
        return date(version.year, 1, 1), str(version.year)
    if version.as_of is not None:  # the text existed then: a place in time, not an adoption
        return version.as_of, f"text as of {version.as_of.isoformat()}"
    if version.expires is not None:
        return None, f"undated; expires {version.expires.isoformat()}"
    return None, "date unknown"


def _timeline(documents: Sequence[Document], events: Sequence[Event],
              versions: Sequence[StoredVersion | None]) -> tuple[TimelineEntry, ...]:
    """Versions in their stored order, events placed among them by date. A version with no date
    of its own follows the version before it; undated events come last."""
    keyed: list[tuple[tuple[date, int, int], TimelineEntry]] = []
    last = date.min
    for index, (document, version) in enumerate(zip(documents, versions)):
        when, shown = _version_when(version)
        last = when or last
        label = document.source.label or document.source.id
        status = f" ({version.status})" if version is not None else ""
        rank = 0 if when else 2  # an undated version: after the events of the date it follows
        keyed.append(((last, rank, index), TimelineEntry(shown, "version", label + status,
                                                         index)))
    for index, event in enumerate(events):
        key = (event.date or date.max, 1, index)
        keyed.append((key, TimelineEntry(event.when, event.kind, event.summary,
                                         citation=event.citation)))
    return tuple(entry for _, entry in sorted(keyed, key=lambda item: item[0]))


def _carry(spans: tuple[Span, ...], old: _Attr, version: int, old_cut: bool) -> _Attr:
    """The new side's attribution from a word diff of an attributed old text."""
    out: _Attr = []
    at = 0
    ignored_from: tuple[int, bool] | None = None
    for span in spans:
        size = len(span.text)
        if span.op is Op.EQUAL:
            out.extend(old[at:at + size])
            at += size
        elif span.op in (Op.DELETE, Op.OLD_BEYOND_COPY):
            ignored_from = old[at] if span.ignored and at < len(old) else None
            at += size
        elif span.op is Op.INSERT and span.ignored and ignored_from is not None:
            out.extend([ignored_from] * size)  # differs only in ignored ways: not new words
        else:
            out.extend([(version, span.op is Op.NEW_BEYOND_COPY or old_cut)] * size)
    return out


def _runs(text: str, attr: _Attr) -> tuple[Run, ...]:
    """Characters with the same attribution as runs; whitespace joins the run before it."""
    runs: list[Run] = []
    for char, (version, earliest) in zip(text, attr):
        if runs and (char.isspace() or (runs[-1].version, runs[-1].earliest_known)
                     == (version, earliest)):
            runs[-1] = Run(runs[-1].text + char, runs[-1].version, runs[-1].earliest_known)
        else:
            runs.append(Run(char, version, earliest))
    return tuple(runs)


def _pairs(comparison: Comparison) -> dict[int, ClauseChange]:
    """New clause (by object id) → the change pairing it with an old clause, the most alike."""
    found: dict[int, ClauseChange] = {}
    for change in comparison.changes:
        if change.new is None or change.old is None:
            continue
        known = found.get(id(change.new))
        if known is None or change.similarity > known.similarity:
            found[id(change.new)] = change
    return found


def lineage(documents: Sequence[Document], steps: Sequence[Comparison],
            options: DiffOptions = DiffOptions()) -> tuple[LineageLine, ...]:
    """The latest version's clauses with each phrase attributed (module docstring)."""
    attrs: dict[int, tuple[_Attr, _Attr]] = {
        id(c): ([(0, False)] * len(c.heading or ""), [(0, False)] * len(c.text))
        for c in iter_clauses(documents[0].clauses)}
    known = _remember({}, documents[0], attrs)
    for version, step in enumerate(steps, start=1):
        paired = _pairs(step)
        beyond = {id(c.new) for c in step.changes
                  if c.kind is ChangeKind.NOT_IN_OLD_COPY and c.new is not None}
        fresh: dict[int, tuple[_Attr, _Attr]] = {}
        for clause in iter_clauses(step.new.clauses):
            change = paired.get(id(clause))
            if change is not None and change.old is not None and id(change.old) in attrs:
                heading, text = attrs[id(change.old)]
                cut = id(clause) in beyond
                fresh[id(clause)] = (
                    _carry(change.heading, heading, version, cut) if clause.heading else [],
                    _carry(change.text, text, version, cut))
            elif id(clause) in beyond and clause.id in known:
                fresh[id(clause)] = _from_earlier(clause, known[clause.id], version, options)
            else:
                cut = id(clause) in beyond
                fresh[id(clause)] = ([(version, cut)] * len(clause.heading or ""),
                                     [(version, cut)] * len(clause.text))
        attrs = fresh
        known = _remember(known, step.new, attrs)
    return tuple(LineageLine(c, _runs(c.heading or "", attrs[id(c)][0]),
                             _runs(c.text, attrs[id(c)][1]))
                 for c in iter_clauses(documents[-1].clauses))


_Known = tuple[Clause, _Attr, _Attr, bool]


def _remember(known: dict[str, _Known], document: Document,
              attrs: dict[int, tuple[_Attr, _Attr]]) -> dict[str, _Known]:
    """The latest attributed reading of every clause id seen so far (an excerpt between two
    versions must not cut a clause's lineage)."""
    excerpt = document.source.completeness is Completeness.EXCERPT
    out = dict(known)
    for clause in iter_clauses(document.clauses):
        heading, text = attrs[id(clause)]
        out[clause.id] = (clause, heading, text, excerpt)
    return out


def _from_earlier(clause: Clause, earlier: _Known, version: int,
                  options: DiffOptions) -> tuple[_Attr, _Attr]:
    """A clause the version before does not hold (its copy stops earlier), attributed from the
    last version that held it. Words new since then are only *first stored* here when that
    version's copy was an excerpt too: it may have stopped before them."""
    old, heading, text, cut = earlier
    new_heading = _carry(diff_text(old.heading or "", clause.heading, options), heading,
                         version, cut) if clause.heading else []
    return new_heading, _carry(diff_text(old.text, clause.text, options), text, version, cut)


def build_history(documents: Sequence[Document], events: Sequence[Event] = (),
                  versions: Sequence[StoredVersion | None] | None = None,
                  options: CompareOptions = CompareOptions()) -> History:
    """The history of the versions ``documents`` (oldest first; ``versions`` are their store
    records, for dates) with the jurisdiction's ``events``."""
    if not documents:
        raise OrdiffError("a history needs at least one version")
    records = list(versions) if versions is not None else [None] * len(documents)
    steps = tuple(compare(a, b, options) for a, b in zip(documents, documents[1:]))
    cumulative = compare(documents[0], documents[-1], options) if len(documents) > 2 else None
    return History(tuple(documents), _timeline(documents, events, records), steps, cumulative,
                   lineage(documents, steps, options.diff))

"""Comparison → the ordered rows of a redline page, placed so that the page reads back exactly.

A redline page is read two ways: drop every insertion and you must read the old version, word for
word and in order; drop every deletion and you must read the new one. The comparison's changes are
in the new version's order, which breaks the first reading wherever a clause was moved, a split
clause appears once per part, or a merged clause once per source. This module decides, row by row,
which side of each change the row may show, and where the text that cannot be shown in place goes.

**The method.** Each version is a sequence of *units*: a clause's head (designation, heading, own
text) and, after its sub-clauses, its history notes. Every row carries the unit it holds of each
version. Along the page, the units a row shows of one version must increase: the rows that may show
their old unit are a longest increasing run of old positions (the same for the new side). A row
left out of that run still shows its other side, wrapped whole in ``<ins>`` (or ``<del>``) so the
reading that must skip it does, and its text appears at its true place as a *stub*: the
double-struck "moved from" copy legislative redlines use. A moved clause always gets a stub; a
second part of a split or merge shows only its own side ("split from", "merged into").

Notes get rows of their own after their clause's sub-clauses (:mod:`ordiff.html_spans` diffs them);
notes that lie beyond the end of an excerpt are "not in the stored copy", never deleted.
"""

from __future__ import annotations

__all__ = ["Row", "plan_rows", "cite", "anchor"]

import bisect
from dataclasses import dataclass, replace

from .html_spans import LONE_OP, marker_spans, notes_spans
from .model import (ChangeKind, Clause, ClauseChange, ClauseKind, Comparison, Completeness,
                    Document, Op, Span)
from .textdiff import DiffOptions

_QUIET = (ChangeKind.UNCHANGED, ChangeKind.NOT_IN_OLD_COPY, ChangeKind.NOT_IN_NEW_COPY)


@dataclass(frozen=True, slots=True)
class Row:
    """One row of the page.

    Attributes:
        change: the change the row belongs to.
        notes: the row shows the clauses' history notes, not their heads.
        marker, heading, text: spans to show (the whole diff; ``content`` says which side).
        content: ``"both"`` (a redline), ``"old"`` or ``"new"`` (that side's text only).
        wrap: ``""``, or ``"del"``/``"ins"``: the row is wrapped whole (a stub, a moved clause).
        relation: ``""``, ``"moved-from"``, ``"moved-to"``, ``"split"`` or ``"merged"``.
        kind: the change kind the row shows (``data-kind``).
        changed: counts as a change (navigation, changes-only view).
        clause: the clause whose place the row stands in (new side when it shows the new text).
        id: the row's anchor, from the clause path: ``c-…`` new text, ``o-…`` old text only.
        link: the anchor of the row's counterpart (the other end of a move), or ``""``.
        other: the counterpart clause (for "moved to § …" notes), or ``None``.
    """

    change: ClauseChange
    notes: bool
    marker: tuple[Span, ...]
    heading: tuple[Span, ...]
    text: tuple[Span, ...]
    content: str
    wrap: str
    relation: str
    kind: str
    changed: bool
    clause: Clause
    id: str
    link: str = ""
    other: Clause | None = None

    @property
    def stub(self) -> bool:
        """The copy of a moved clause's text at its other place (not counted as a change)."""
        return self.relation in ("moved-from", "moved-to") and self.content != "both"


def anchor(prefix: str, clause: Clause) -> str:
    """A stable, readable id: the clause path (HTML ids may hold any character but whitespace)."""
    return prefix + "-" + "_".join(clause.id.split())


def cite(clause: Clause) -> str:
    """A clause path as a reader cites it: ``§ 24-211.07(a)(1)``, ``Chapter 12H``, ``¶ 1``."""
    if clause.kind.is_container:
        return f"{clause.kind.value.title()} {clause.label}".strip()
    parts = [p.replace("¶", "¶ ") for p in clause.path]
    out = parts[0] if clause.kind is ClauseKind.UNLABELLED and len(parts) == 1 else "§ " + parts[0]
    for part in parts[1:]:
        glue = "" if part.startswith("(") else (", " if part.startswith("¶") else " ")
        out += glue + part
    return out


class _Units:
    """Unit positions of one version: a clause's head, then its subtree, then its notes."""

    def __init__(self, document: Document) -> None:
        self.head: dict[int, int] = {}
        self.notes: dict[int, int] = {}
        self.last: dict[int, int] = {}  # last unit position inside a clause's subtree
        self.cut = -1  # head position of the last clause with text, for an excerpt
        self.post: list[Clause] = []  # clauses in post-order (children before parents)
        position = 0
        stack: list[tuple[Clause, bool]] = [(c, False) for c in reversed(document.clauses)]
        while stack:
            clause, closing = stack.pop()
            if closing:
                if clause.notes:
                    self.notes[id(clause)] = position
                    position += 1
                self.last[id(clause)] = position - 1
                self.post.append(clause)
                continue
            self.head[id(clause)] = position
            if clause.text and document.source.completeness is Completeness.EXCERPT:
                self.cut = position
            position += 1
            stack.append((clause, True))
            stack.extend((c, False) for c in reversed(clause.children))

    def subtree_max(self, values: dict[int, int]) -> dict[int, int]:
        """For each clause, the largest value given to it or to any clause below it."""
        out = dict(values)
        for clause in self.post:
            best = out.get(id(clause), -1)
            for child in clause.children:
                best = max(best, out.get(id(child), -1))
            if best >= 0:
                out[id(clause)] = best
        return out

    def cut_inside(self, clause: Clause) -> bool:
        """Whether the excerpt stops inside this clause's subtree (its notes are beyond it)."""
        return self.head[id(clause)] <= self.cut <= self.last[id(clause)]


@dataclass(slots=True)
class _Item:
    change: ClauseChange
    notes: bool
    old: int | None
    new: int | None
    spans: tuple[Span, ...] = ()
    show_old: bool = False
    show_new: bool = False
    rep_old: bool = False
    rep_new: bool = False


def _increasing(values: list[tuple[int, int]]) -> set[int]:
    """Indices (second items) of a longest strictly increasing run of positions (first items)."""
    tails: list[int] = []
    tail_at: list[int] = []
    back: dict[int, int] = {}
    for position, index in values:
        k = bisect.bisect_left(tails, position)
        back[index] = tail_at[k - 1] if k else -1
        if k == len(tails):
            tails.append(position)
            tail_at.append(index)
        else:
            tails[k], tail_at[k] = position, index
    keep: set[int] = set()
    at = tail_at[-1] if tail_at else -1
    while at != -1:
        keep.add(at)
        at = back[at]
    return keep


def _choose(items: list[_Item], side: str) -> None:
    """Mark which rows show their unit of ``side``: one representative per unit, in order."""
    best: dict[int, int] = {}
    for i, item in enumerate(items):
        unit = getattr(item, side)
        if unit is None:
            continue
        j = best.get(unit)
        if j is None or item.change.similarity > items[j].change.similarity:
            best[unit] = i
    for i in best.values():
        setattr(items[i], "rep_" + side, True)
    moved = side == "old"
    candidates = sorted(((getattr(items[i], side), i) for i in best.values()
                         if not (moved and items[i].change.kind is ChangeKind.MOVED)),
                        key=lambda pair: pair[1])
    for i in _increasing(candidates):
        setattr(items[i], "show_" + side, True)


def _items(comparison: Comparison, old_units: _Units, new_units: _Units) -> list[_Item]:
    """One item per change (its heads), then the notes items, each after its clause's subtree."""
    options = DiffOptions.from_ignored(comparison.ignored,
                                       comparison.granularity)  # type: ignore[arg-type]
    heads = [_Item(c, False, old_units.head[id(c.old)] if c.old is not None else None,
                   new_units.head[id(c.new)] if c.new is not None else None)
             for c in comparison.changes]
    old_last = old_units.subtree_max({id(h.change.old): i for i, h in enumerate(heads)
                                      if h.change.old is not None})
    new_last = new_units.subtree_max({id(h.change.new): i for i, h in enumerate(heads)
                                      if h.change.new is not None})
    seen_old: set[int] = set()
    seen_new: set[int] = set()
    placed: list[tuple[int, int, _Item]] = []
    for change in comparison.changes:
        o = old_units.notes.get(id(change.old), -1) if change.old is not None else -1
        n = new_units.notes.get(id(change.new), -1) if change.new is not None else -1
        o = -1 if o in seen_old else o
        n = -1 if n in seen_new else n
        if o < 0 and n < 0:
            continue
        seen_old.add(o)
        seen_new.add(n)
        old = change.old.notes if o >= 0 and change.old is not None else ()
        new = change.new.notes if n >= 0 and change.new is not None else ()
        spans = notes_spans(change, old, new,
                            change.old is not None and old_units.cut_inside(change.old),
                            change.new is not None and new_units.cut_inside(change.new), options)
        after = max(old_last.get(id(change.old), -1) if o >= 0 else -1,
                    new_last.get(id(change.new), -1) if n >= 0 else -1)
        placed.append((after, max(o, n), _Item(change, True, o if o >= 0 else None,
                                               n if n >= 0 else None, spans)))
    following: dict[int, list[_Item]] = {}
    for after, _, item in sorted(placed, key=lambda p: (p[0], p[1])):
        following.setdefault(after, []).append(item)
    items = following.get(-1, [])
    for i, head in enumerate(heads):
        items.append(head)
        items.extend(following.get(i, ()))
    return items


def _notes_kind(item: _Item) -> str:
    ops = {s.op for s in item.spans if not s.ignored} - {Op.EQUAL}
    if not ops:
        return ChangeKind.UNCHANGED.value
    if item.change.kind in LONE_OP:
        return item.change.kind.value
    if ops == {Op.OLD_BEYOND_COPY}:
        return ChangeKind.NOT_IN_NEW_COPY.value
    if ops == {Op.NEW_BEYOND_COPY}:
        return ChangeKind.NOT_IN_OLD_COPY.value
    return ChangeKind.AMENDED.value


def _shape(item: _Item) -> tuple[str, str, str] | None:
    """(content, wrap, relation) for an item, or None when it shows neither side."""
    has_old, has_new = item.old is not None, item.new is not None
    if has_old and has_new and not (item.show_old and item.show_new):
        if item.show_new:
            return ("both", "ins", "moved-to") if item.rep_old else ("new", "ins", "split")
        if item.show_old:
            return ("both", "del", "moved-from") if item.rep_new else ("old", "del", "merged")
        return None
    if (has_old and not item.show_old) or (has_new and not item.show_new):
        return None
    return "both", "", ""


def _make_row(item: _Item, content: str, wrap: str, relation: str) -> Row:
    change = item.change
    live_new = item.new is not None and (content in ("both", "new") and wrap != "del")
    clause = change.new if live_new else change.old
    assert clause is not None
    suffix = "~notes" if item.notes else ""
    if item.notes:
        marker: tuple[Span, ...] = ()
        heading: tuple[Span, ...] = ()
        kind = _notes_kind(item)
    else:
        marker, heading, kind = marker_spans(change), change.heading, change.kind.value
    quiet = {k.value for k in _QUIET}
    return Row(change, item.notes, marker, heading, item.spans if item.notes else change.text,
               content, wrap, relation, kind, kind not in quiet, clause,
               anchor("c" if live_new else "o", clause) + suffix)


def plan_rows(comparison: Comparison) -> tuple[Row, ...]:
    """The page's rows in reading order; see the module docstring for the guarantees."""
    old_units, new_units = _Units(comparison.old), _Units(comparison.new)
    items = _items(comparison, old_units, new_units)
    _choose(items, "old")
    _choose(items, "new")
    stubs: dict[int, list[tuple[int, _Item, str]]] = {}
    for side, wrap in (("old", "del"), ("new", "ins")):
        shown = [(getattr(it, side), i) for i, it in enumerate(items)
                 if getattr(it, "show_" + side)]
        positions = [p for p, _ in shown]
        for it in items:
            unit = getattr(it, side)
            if unit is not None and getattr(it, "rep_" + side) and not getattr(it, "show_" + side):
                k = bisect.bisect_left(positions, unit)
                stubs.setdefault(shown[k - 1][1] if k else -1, []).append((unit, it, side))
    placed: list[tuple[Row, _Item, str]] = []  # row, its item, the side it shows live

    def emit_stubs(at: int) -> None:
        for _, it, side in sorted(stubs.get(at, ()), key=lambda s: (s[2] != "old", s[0])):
            wrap, relation = ("del", "moved-from") if side == "old" else ("ins", "moved-to")
            placed.append((_make_row(it, side, wrap, relation), it, side))

    emit_stubs(-1)
    for i, it in enumerate(items):
        shape = _shape(it)
        if shape is not None:
            live = "old" if shape[1] == "del" or it.new is None else "new"
            placed.append((_make_row(it, *shape), it, live))
        emit_stubs(i)
    return _linked(placed)


def _linked(placed: list[tuple[Row, _Item, str]]) -> tuple[Row, ...]:
    """Point each moved, split or merged row at the row that shows its other side."""
    shows: dict[tuple[str, bool, int], str] = {}
    for row, it, live in placed:
        for side in ("old", "new") if not row.wrap else (live,):
            if getattr(it, side) is not None:
                shows.setdefault((side, it.notes, getattr(it, side)), row.id)
    out: list[Row] = []
    for row, it, live in placed:
        if row.relation:
            other = "new" if live == "old" else "old"
            link = shows.get((other, it.notes, getattr(it, other)), "")
            row = replace(row, link=link, other=getattr(row.change, other))
        out.append(row)
    return tuple(out)

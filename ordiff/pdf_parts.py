"""The parts of the PDF that the HTML report does not have: the summary with page references,
bookmarks (the PDF outline) on every heading, and the clean copy of the new version.

Page numbers are WeasyPrint's (``target-counter`` on a link to the row); line numbers, when the
lines are numbered, are filled in later by :mod:`ordiff.pdf_lines`, which knows where each row's
lines fall.
"""

from __future__ import annotations

__all__ = ["summary", "bookmarks", "clean_copy", "head_label", "remove", "CHANGE_LIMIT"]

import copy

from lxml import etree

from .html_parts import KIND_NAMES, VersionInfo, add_text, el, group_key, groups, summary_line
from .html_plan import Row, anchor, cite
from .html_rows import _badge as badge
from .model import Clause, ClauseKind, Completeness, Document

#: Up to this many changed clauses, the summary lists each one under its section.
CHANGE_LIMIT = 150
_LEVELS = ("title", "chapter", "subchapter", "part", "article", "section")


def _where(tr: etree._Element, first: str, last: str) -> None:
    """A cell citing the page of ``first`` (line numbers and a last page come later)."""
    cell = el(tr, "td", cls="where", data_first=first, data_last=last)
    add_text(cell, "page ")
    el(cell, "a", cls="pageref", href="#" + first)


def summary(parent: etree._Element, rows: tuple[Row, ...], prefix: str, lines: bool) -> str:
    """The section-by-section summary with page references; returns its one-sentence total.

    ``prefix`` is the prefix of row ids in the rendered view (``"s-"`` side by side)."""
    box = el(parent, "section", cls="summary", id="summary")
    el(box, "h2", "Summary of changes")
    found = groups(rows)
    changed = [g for g in found if g.kinds or g.notes]
    line = summary_line(found)
    el(box, "p", line, cls="summary-line")
    members: dict[str, list[Row]] = {}
    for row in rows:
        if row.changed and not row.stub:
            members.setdefault(group_key(row), []).append(row)
    if not members:
        return line
    detail = sum(len(m) for m in members.values()) <= CHANGE_LIMIT
    table = el(box, "table", cls="summary-table")
    for name in ("what", "change", "where"):
        el(table, "col", cls=name)
    head = el(el(table, "thead"), "tr")
    for name in ("Section" + (" and clause" if detail else ""), "Change", "Where"):
        el(head, "th", name, scope="col")
    body = el(table, "tbody")
    for group in changed:
        mine = members.get(group.key, [])
        if not mine:
            continue
        tr = el(body, "tr", cls="group")
        el(tr, "th", group.title, scope="row")
        kinds = [f"{group.kinds[k]} {KIND_NAMES[k].lower()}" for k in KIND_NAMES
                 if group.kinds.get(k)]
        kinds += [f"notes changed in {group.notes} place(s)"] if group.notes else []
        el(tr, "td", ", ".join(kinds))
        _where(tr, prefix + mine[0].id, prefix + mine[-1].id)
        for row in mine if detail else ():
            tr = el(body, "tr", cls="clause")
            el(tr, "th", cite(row.clause) + (" (notes)" if row.notes else ""), scope="row")
            el(tr, "td", badge(row))
            _where(tr, prefix + row.id, prefix + row.id)
    if lines:
        el(box, "p", "Lines are numbered from the top of each page of the redline.",
           cls="summary-line sans")
    return line


def remove(node: etree._Element) -> None:
    """Take ``node`` out of its tree, keeping the text that follows it."""
    parent = node.getparent()
    if parent is None:
        return
    if node.tail:
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    parent.remove(node)


def head_label(head: etree._Element) -> str:
    """A heading's text as the new version reads it (the old one's for a deleted heading)."""
    for drop in ("del", "ins"):
        clone = copy.deepcopy(head)
        for node in clone.xpath(f".//{drop} | .//*[@data-redline and not(@class='supplied')]"):
            remove(node)
        text = " ".join("".join(clone.itertext()).split())
        if text:
            return text
    return ""


def _level_kind(row_id: str) -> str:
    """The clause kind a row id names: ``c-chapter:44`` is a chapter, ``c-1.01/(a)`` a section."""
    bare = row_id.removeprefix("s-")[2:]
    first = bare.split("/")[0]
    return first.split(":")[0] if ":" in first else "section"


def bookmarks(section: etree._Element) -> None:
    """Put every clause heading of ``section`` in the PDF outline, under the part's own entry,
    nested by kind (title, chapter, …, section), labelled with its text as it now reads."""
    heads: list[tuple[etree._Element, str, str]] = []
    for head in section.xpath(".//*[contains(concat(' ', @class, ' '), ' head ')]"):
        row = next((a for a in head.iterancestors()
                    if "row" in (a.get("class") or "").split()), None)
        if row is None or not row.get("id"):
            continue
        target = head
        if row.tag == "tr":
            target = row.find("th")
            if target is None or target.get("data-bm"):
                continue
        heads.append((target, _level_kind(row.get("id", "")), head_label(head)))
    present = sorted({kind for _, kind, _ in heads}, key=lambda k: (
        _LEVELS.index(k) if k in _LEVELS else len(_LEVELS)))
    for target, kind, label in heads:
        if label:
            level = min(2 + present.index(kind), 6)
            target.set("class", (target.get("class", "") + f" bm{level}").strip())
            target.set("data-bm", label)


def _clause(parent: etree._Element, clause: Clause) -> None:
    depth = 0 if clause.kind.is_container else min(len(clause.path) - 1, 6)
    div = el(parent, "div", cls=f"row d{depth}", id=anchor("n", clause))
    is_head = clause.kind.is_container or (len(clause.path) == 1
                                           and clause.kind is ClauseKind.SECTION)
    line = el(div, "h3" if is_head else "p", cls="law head" if is_head else "law")
    if clause.printed and clause.marker:
        el(line, "span", clause.marker, cls="marker")
    elif not clause.printed:
        el(line, "span", f"[{cite(clause)}]", cls="supplied", data_redline="supplied")
    if clause.heading:
        add_text(line, " " if len(line) else "")
        el(line, "span", clause.heading, cls="heading")
    if clause.text:
        if is_head:
            line = el(div, "p", cls="law")
        else:
            add_text(line, " " if len(line) else "")
        add_text(line, clause.text)
    for child in clause.children:
        _clause(parent, child)
    if clause.notes:
        box = el(parent, "div", cls=f"row d{depth}", id=anchor("n", clause) + "~notes")
        for note in clause.notes:
            el(box, "p", note, cls="law notes")


def clean_copy(parent: etree._Element, document: Document, info: VersionInfo) -> None:
    """The new version's text, whole and without marks, as the store holds it."""
    el(parent, "h2", f"Clean copy of the new version: {info.source.label}")
    note = "The text of the new version without marks, word for word as stored."
    ref = info.source
    if ref.completeness is Completeness.EXCERPT:
        note += (" It is an excerpt" + (f": the stored copy stops {ref.stops}" if ref.stops
                                        else "") + ".")
    note += f" SHA-256 {ref.sha256}."
    el(parent, "p", note, cls="clean-note")
    for top in document.clauses:
        _clause(parent, top)

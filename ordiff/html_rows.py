"""Planned rows → the two renderings of the redline: inline rows and the side-by-side table.

A row's law text sits in elements of class ``law``; labels for screen readers, separators between a
deletion and an insertion and "(formerly …)" carry ``data-redline`` so that the two readings of the
page (see :mod:`ordiff.render_html`) skip them. Text beyond an excerpt is a ``span.beyond`` with
``data-only`` naming the one version it belongs to, never ``<del>`` or ``<ins>``.
"""

from __future__ import annotations

__all__ = ["inline_view", "side_view"]

from lxml import etree

from .errors import RenderError
from .html_parts import KIND_NAMES, VersionInfo, add_text, el
from .html_plan import Row, cite
from .model import ChangeKind, Comparison, Op, Span

_SHOW = {"both": frozenset(Op), "left": frozenset(o for o in Op if o.in_old),
         "right": frozenset(o for o in Op if o.in_new), "old": frozenset(o for o in Op if o.in_old),
         "new": frozenset(o for o in Op if o.in_new)}
_PLAIN = frozenset({"old", "new"})  # a side's text with no marks (inside a whole-row wrapper)
_LABEL = {Op.DELETE: "[deleted: ", Op.INSERT: "[inserted: "}
_BEYOND = {Op.OLD_BEYOND_COPY: ("old", "not in the stored copy of the new version: "),
           Op.NEW_BEYOND_COPY: ("new", "not in the stored copy of the old version: ")}


def _hidden(parent: etree._Element, text: str, cls: str = "sr", role: str = "label") -> None:
    el(parent, "span", text, cls=cls, data_redline=role)


def _spans(parent: etree._Element, spans: tuple[Span, ...], content: str,
           captions: bool = True) -> None:
    """Word spans as text, ``<del>``, ``<ins>`` and "not in the stored copy" runs."""
    shown = _SHOW[content]
    previous = None
    for span in spans:
        if span.op not in shown:
            continue
        if span.op is Op.EQUAL or (content in _PLAIN and span.op in (Op.DELETE, Op.INSERT)):
            add_text(parent, span.text)
        elif span.op in _BEYOND:
            side, caption = _BEYOND[span.op]
            box = el(parent, "span", cls="beyond", data_only=side)
            if captions:
                _hidden(box, caption, "beyond-label")
            add_text(box, span.text)
        else:
            tag = "del" if span.op is Op.DELETE else "ins"
            if tag == "ins" and previous == "del" and len(parent):
                _hidden(parent, " ", "sep", "sep")
            node = el(parent, tag, cls="ignored" if span.ignored else "")
            if not span.ignored:
                _hidden(node, _LABEL[span.op])
            add_text(node, span.text)
            if not span.ignored:
                _hidden(node, "]")
        previous = {Op.DELETE: "del", Op.INSERT: "ins"}.get(span.op)


def _marker(parent: etree._Element, row: Row, content: str) -> bool:
    """The designation: "(1A) (formerly (1))" when renumbered; a supplied one in brackets."""
    spans = [s for s in row.marker if s.op in _SHOW[content]]
    box = el(parent, "span", cls="marker")
    ops = {s.op for s in spans}
    old_clause, new_clause = row.change.old, row.change.new
    renumbered = old_clause is not None and new_clause is not None \
        and old_clause.label != new_clause.label  # else the same designation, printed otherwise
    if {Op.DELETE, Op.INSERT} <= ops and content not in _PLAIN and renumbered:
        old = next(s.text for s in spans if s.op is Op.DELETE)
        new = next(s.text for s in spans if s.op is Op.INSERT)
        el(box, "ins", new, cls="renum")
        _hidden(box, " (formerly ", "formerly", "formerly")
        el(box, "del", old, cls="renum")
        _hidden(box, ")", "formerly", "formerly")
    elif Op.INSERT in ops and content == "right" and renumbered and old_clause is not None:
        el(box, "ins", spans[0].text, cls="renum")
        _hidden(box, f" (formerly {old_clause.marker})", "formerly", "formerly")
    elif spans:
        _spans(box, tuple(spans), content, captions=False)
    elif not row.clause.printed and not row.notes:
        el(box, "span", f"[{cite(row.clause)}]", cls="supplied", data_redline="supplied",
           title="Designation supplied from the store's metadata: the stored copy starts inside "
                 "this clause and does not print it")
    else:
        parent.remove(box)
        return False
    return True


def _law(parent: etree._Element, row: Row, content: str, wrap: str, head_tag: str) -> None:
    """The row's law text: heading line (sections, containers), then the clause's own text."""
    target = parent
    if wrap:
        target = el(parent, wrap, cls=f"whole {row.relation}")
        _hidden(target, "[moved text: " if "moved" in row.relation else _LABEL[
            Op.DELETE if wrap == "del" else Op.INSERT])
    show = _SHOW[content]
    heading = tuple(s for s in row.heading if s.op in show)
    text = tuple(s for s in row.text if s.op in show)
    captions = row.change.kind not in (ChangeKind.NOT_IN_NEW_COPY, ChangeKind.NOT_IN_OLD_COPY)
    is_head = not row.notes and (row.clause.kind.is_container or len(row.clause.path) == 1
                                 and row.clause.kind.value == "section")
    line = el(target, head_tag if is_head else "p",
              cls="law head" if is_head else ("law notes" if row.notes else "law"))
    has_marker = _marker(line, row, content)
    if heading:
        if has_marker:
            add_text(line, " ")
        _spans(el(line, "span", cls="heading"), heading, content, captions)
    if text and is_head:
        line = el(target, "p", cls="law")
    elif text and (has_marker or heading):
        add_text(line, " ")
    _spans(line, text, content, captions)
    if wrap:
        _hidden(target, "]")


def _badge(row: Row) -> str:
    name = KIND_NAMES[row.kind]
    if row.change.amended and row.kind in ("renumbered", "moved", "split", "merged"):
        name += " and amended"
    return ("Notes: " + name.lower()) if row.notes else name


def _relation(parent: etree._Element, row: Row, prefix: str) -> None:
    if not row.relation or row.other is None:
        return
    words = {"moved-from": "Moved to", "moved-to": "Moved from", "split": "Split from",
             "merged": "Merged into"}[row.relation]
    note = el(parent, "p", cls="relation")
    target = el(note, "a", f"{words} {cite(row.other)}", href=f"#{prefix}{row.link}")
    if not row.link:
        target.attrib.pop("href")
        target.tag = "span"


def _classes(row: Row, ctx: set[str]) -> str:
    depth = 0 if row.clause.kind.is_container else min(len(row.clause.path) - 1, 6)
    names = ["row", f"k-{row.kind}", f"d{depth}"]
    names += ["changed"] if row.changed else []
    names += ["ctx"] if row.id in ctx else []
    names += ["notes-row"] if row.notes else []
    names += [f"rel-{row.relation}"] if row.relation else []
    return " ".join(names)


def _guard(row: Row, comparison: Comparison) -> RenderError:
    source = comparison.new.source if row.clause is row.change.new else comparison.old.source
    return RenderError(f"{cite(row.clause)}: the text holds a control character a web page "
                       "cannot carry", path=source.id, line=row.clause.line or None)


def inline_view(parent: etree._Element, rows: list[Row | None], ctx: set[str],
            comparison: Comparison) -> None:
    view = el(parent, "section", cls="view view-inline", id="view-inline",
              aria_labelledby="inline-h")
    el(view, "h2", "Redline", id="inline-h")
    for row in rows:
        if row is None:
            el(view, "p", "* * *", cls="gap", data_redline="gap")
            continue
        div = el(view, "div", cls=_classes(row, ctx), id=row.id, data_kind=row.kind)
        if row.changed:
            div.set("tabindex", "-1")
        el(div, "a", "#", cls="pl", href="#" + row.id, aria_label=f"Link to {cite(row.clause)}")
        if row.changed or row.kind.startswith("not-in"):
            el(div, "span", _badge(row), cls=f"badge k-{row.kind}")
        try:
            _law(div, row, row.content, row.wrap, "h3")
        except ValueError:
            raise _guard(row, comparison) from None
        _relation(div, row, "")


def side_view(parent: etree._Element, rows: list[Row | None], ctx: set[str], old: VersionInfo,
          new: VersionInfo) -> None:
    view = el(parent, "section", cls="view view-side", id="view-side-by-side",
              aria_labelledby="side-h")
    el(view, "h2", "Side by side", id="side-h")
    table = el(view, "table", cls="sbs")
    head = el(el(table, "thead"), "tr")
    el(head, "th", "Clause", scope="col", cls="cite")
    el(head, "th", f"Old: {old.source.label}", scope="col")
    el(head, "th", f"New: {new.source.label}", scope="col")
    body = el(table, "tbody")
    for row in rows:
        if row is None:
            el(el(body, "tr", cls="gap"), "td", "* * *", colspan="3", data_redline="gap")
            continue
        tr = el(body, "tr", cls=_classes(row, ctx), id="s-" + row.id, data_kind=row.kind)
        if row.changed:
            tr.set("tabindex", "-1")
        el(el(tr, "th", scope="row", cls="cite"), "a", cite(row.clause), href="#s-" + row.id)
        for side, column in (("old", "left"), ("new", "right")):
            cell = el(tr, "td", cls=side)
            live = (row.wrap == "" and getattr(row.change, side) is not None) or \
                (row.wrap == ("del" if side == "old" else "ins"))
            if live:
                content = column if row.content == "both" else row.content
                _law(cell, row, content, row.wrap, "p")
            elif row.wrap:
                _relation(cell, row, "s-")

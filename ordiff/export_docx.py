"""Comparison → a Word document whose differences are native tracked changes.

Word and LibreOffice show the redline as changes to accept or reject: *accept all* leaves the new
version's words, *reject all* the old version's, in order. Rows come from
:func:`ordiff.html_plan.plan_rows`, which already places moved, split and merged clauses so that
both readings hold; this module only writes them as WordprocessingML.

* a deletion is a ``w:del`` holding runs whose text is ``w:delText``; an insertion a ``w:ins``
  holding ``w:t`` runs; each carries a unique ``w:id``, ``w:author="ordiff"`` and ``w:date``: the
  new version's date (never the clock; left out when the version has no full date);
* a paragraph that exists on one side only also has its paragraph mark tracked (``w:pPr/w:rPr/
  w:ins`` or ``w:del``), so accepting or rejecting leaves no empty paragraph behind;
* text in only one *stored copy* because the other is an excerpt is not an amendment: it is
  tracked under the author "ordiff: not in the stored copy of the new (old) version", which Word
  shows in its own colour and names in the change balloon;
* a moved clause is deleted where it stood and inserted where it now stands (the parts of a
  split or merge likewise), each place showing its own side's words;
* clause text wrapped over lines in the source is one paragraph here (line breaks are layout);
* the package is built with python-docx and re-zipped with fixed timestamps, so the same
  comparison always gives the same bytes.
"""

from __future__ import annotations

__all__ = ["AUTHOR", "export_docx"]

import io
import re
import zipfile
from datetime import datetime, timezone
from typing import Any

from .html_plan import Row, plan_rows
from .model import Comparison, Op, Span

AUTHOR = "ordiff"
_BEYOND_AUTHOR = {Op.OLD_BEYOND_COPY: "ordiff: not in the stored copy of the new version",
                  Op.NEW_BEYOND_COPY: "ordiff: not in the stored copy of the old version"}
_SHOW = {"both": frozenset(Op), "old": frozenset(o for o in Op if o.in_old),
         "new": frozenset(o for o in Op if o.in_new)}
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _when(date: str) -> str:
    """The w:date value: a full ISO date becomes midnight UTC; anything else is left out."""
    return f"{date}T00:00:00Z" if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) else ""


class _Writer:
    def __init__(self, body: object, date: str) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        self.make, self.qn = OxmlElement, qn
        self.body = body
        self.date = date
        self.next_id = 1

    def change(self, tag: str, author: str) -> Any:
        element = self.make(f"w:{tag}")
        element.set(self.qn("w:id"), str(self.next_id))
        element.set(self.qn("w:author"), author)
        if self.date:
            element.set(self.qn("w:date"), self.date)
        self.next_id += 1
        return element

    def run(self, parent: object, text: str, deleted: bool, style: tuple[str, ...]) -> None:
        run = self.make("w:r")
        if style:
            rpr = self.make("w:rPr")
            for name in style:
                rpr.append(self.make(f"w:{name}"))
            run.append(rpr)
        node = self.make("w:delText" if deleted else "w:t")
        node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        node.text = text
        run.append(node)
        parent.append(run)  # type: ignore[attr-defined]

    def spans(self, paragraph: object, spans: list[tuple[Op, str]], style: tuple[str, ...]) -> None:
        for op, text in spans:
            if not text:
                continue
            if op is Op.EQUAL:
                self.run(paragraph, text, False, style)
                continue
            deleted = op in (Op.DELETE, Op.OLD_BEYOND_COPY)
            wrapper = self.change("del" if deleted else "ins", _BEYOND_AUTHOR.get(op, AUTHOR))
            self.run(wrapper, text, deleted, style)
            paragraph.append(wrapper)  # type: ignore[attr-defined]

    def paragraph(self, parts: list[tuple[list[tuple[Op, str]], tuple[str, ...]]],
                  indent: int, heading: bool) -> None:
        ops = {op for spans, _ in parts for op, text in spans if text.strip()}
        paragraph = self.make("w:p")
        ppr = self.make("w:pPr")
        if heading:
            keep = self.make("w:keepNext")
            ppr.append(keep)
        if indent:
            ind = self.make("w:ind")
            ind.set(self.qn("w:left"), str(360 * indent))
            ppr.append(ind)
        if ops and all(not op.in_old for op in ops):  # the paragraph exists only in the new text
            rpr = self.make("w:rPr")
            rpr.append(self.change("ins", _BEYOND_AUTHOR.get(min(ops), AUTHOR)))
            ppr.append(rpr)
        elif ops and all(not op.in_new for op in ops):
            rpr = self.make("w:rPr")
            rpr.append(self.change("del", _BEYOND_AUTHOR.get(min(ops), AUTHOR)))
            ppr.append(rpr)
        paragraph.append(ppr)
        for spans, style in parts:
            self.spans(paragraph, spans, style)
        self.body.append(paragraph)  # type: ignore[attr-defined]


def _visible(spans: tuple[Span, ...], content: str, wrap: str) -> list[tuple[Op, str]]:
    """The spans a row shows, as (op, text). A row wrapped whole (a moved clause, a part of a split
    or merge) shows only the wrapper's side, every span of it deleted (or inserted): the other
    side is shown at its own place."""
    out: list[tuple[Op, str]] = []
    pending_delete: str | None = None
    show = _SHOW[{"del": "old", "ins": "new"}.get(wrap, content)]
    for span in spans:
        if span.op not in show:
            continue
        text = re.sub(r"\s+", " ", span.text)
        op = span.op
        if wrap and op in (Op.EQUAL, Op.DELETE, Op.INSERT):
            op = Op.DELETE if wrap == "del" else Op.INSERT
        if span.ignored and op is Op.DELETE:
            pending_delete = text
            continue
        if span.ignored and op is Op.INSERT and pending_delete == text:
            op = Op.EQUAL  # differs only in line wrapping: nothing to accept or reject
        elif pending_delete is not None:
            out.append((Op.DELETE, pending_delete))
        pending_delete = None
        out.append((op, text))
    if pending_delete is not None:
        out.append((Op.DELETE, pending_delete))
    return out


def _joined(parts: list[list[tuple[Op, str]]]) -> list[list[tuple[Op, str]]]:
    """Put a space between the marker, heading and text; it belongs to a side when both of the
    parts it separates do."""
    present = [p for p in parts if any(t for _, t in p)]
    out: list[list[tuple[Op, str]]] = []
    for part in present:
        if out:
            ops = {op for op, t in out[-1] + part if t}
            side = Op.EQUAL
            if ops and all(not op.in_old for op in ops):
                side = Op.INSERT
            elif ops and all(not op.in_new for op in ops):
                side = Op.DELETE
            out.append([(side, " ")])
        out.append(part)
    return out


def _row(writer: _Writer, row: Row) -> None:
    marker = _visible(row.marker, row.content, row.wrap)
    heading = _visible(row.heading, row.content, row.wrap)
    text = _visible(row.text, row.content, row.wrap)
    clause = row.clause
    depth = 0 if clause.kind.is_container else max(len(clause.path) - 1, 0)
    if row.notes:
        writer.paragraph([(text, ("i",))], depth, False)
        return
    is_head = clause.kind.is_container or (len(clause.path) == 1 and clause.kind.value == "section")
    if is_head:
        head = _joined([marker, heading])
        if any(t for part in head for _, t in part):
            writer.paragraph([(p, ("b",)) for p in head], 0, True)
        if any(t for _, t in text):
            writer.paragraph([(text, ())], 0, False)
        return
    parts = _joined([marker, heading, text])
    styles = [("b",) if part is heading else () for part in parts]
    writer.paragraph(list(zip(parts, styles)), depth, False)


def export_docx(comparison: Comparison, date: str = "", title: str = "") -> bytes:
    """The redline as .docx bytes.

    Args:
        comparison: the comparison to write.
        date: the new version's date (ISO ``YYYY-MM-DD``) for every change's ``w:date`` and the
            document's properties; without a full date, changes carry no date.
        title: the document title (default: the new version's title or id).
    """
    import docx

    document = docx.Document()
    old, new = comparison.old.source, comparison.new.source
    shown_title = title or comparison.new.title or new.id
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    properties = document.core_properties
    properties.title, properties.author = shown_title, AUTHOR
    properties.last_modified_by, properties.revision = AUTHOR, 1
    properties.comments = f"Redline of {old.id} against {new.id}, made by ordiff"
    when = _when(date)
    if when:
        stamp = datetime.fromisoformat(date).replace(tzinfo=timezone.utc)
        properties.created = properties.modified = stamp
    document.add_paragraph(shown_title, style="Title")
    document.add_paragraph(f"Old: {old.id} ({old.label}, {old.completeness.value}). "
                           f"New: {new.id} ({new.label}, {new.completeness.value}).",
                           style="Subtitle")
    document.add_paragraph("Differences are tracked changes: accept all to read the new version, "
                           "reject all to read the old one."
                           + (f" Ignored: {', '.join(comparison.ignored)}."
                              if comparison.ignored else ""), style="Subtitle")
    body = document.element.body
    section = body.find(f"{{{_W}}}sectPr")
    writer = _Writer(body, when)
    for row in plan_rows(comparison):
        _row(writer, row)
    if section is not None:
        body.append(section)  # the section properties stay last
    raw = io.BytesIO()
    document.save(raw)
    return _rezip(raw.getvalue())


def _rezip(data: bytes) -> bytes:
    """The same package with fixed entry timestamps, so equal input gives equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, _ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info))
    return out.getvalue()

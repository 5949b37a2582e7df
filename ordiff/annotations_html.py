"""Notes on a redline page: each beside the row that shows its clause, its quoted words marked in
the text; stale notes listed apart, never pinned.

Works on the report's body (:func:`ordiff.render_html.render_fragment`), so the web page and the
PDF built from the same body both carry the notes: a web page shows them in the margin, a print
stylesheet may float them to footnotes (``aside.margin-note { float: footnote }``). The marks keep
the page's two readings: ``<mark>`` keeps its words, the note number carries ``data-redline``, and
the note itself is outside every ``.law`` element.
"""

from __future__ import annotations

__all__ = ["place_notes"]

import re

from lxml import etree

from .annotations import Anchored, NoteCheck, Stale
from .html_parts import add_text, el
from .html_plan import Row, cite, plan_rows
from .model import Comparison


def _row_for(rows: tuple[Row, ...], anchored: Anchored, side: str) -> Row | None:
    """The row that shows this clause's words of ``side`` (the old or new version)."""
    for row in rows:
        clause = getattr(row.change, side)
        if row.notes or clause is None or clause.id != anchored.clause.id:
            continue
        if row.content in ("both", side) and row.wrap in ("", "del" if side == "old" else "ins"):
            return row
    return None


def _plain(node: etree._Element, top: etree._Element, own: str) -> bool:
    """Whether text directly in ``node`` is law text of this side: no label, and not struck or
    inserted unless ``own`` (``"del"`` for the old side, ``"ins"`` for the new) says so."""
    while True:
        if node.tag in ("del", "ins") and node.tag != own or node.get("data-redline") is not None:
            return False
        if node is top:
            return True
        parent = node.getparent()
        if parent is None:
            return True
        node = parent


def _mark(law: list[etree._Element], quote: str, number: int, own: str) -> bool:
    """Wrap the quoted words in ``<mark>`` where one run of this side's text holds them all."""
    pattern = re.compile(r"\s+".join(re.escape(w) for w in quote.split()))
    for element in law:
        for node in list(element.iter()):
            runs = [("text", node)] if _plain(node, element, own) else []
            parent = node.getparent()
            if node is not element and parent is not None and _plain(parent, element, own):
                runs.append(("tail", node))
            for attribute, _ in runs:
                text = getattr(node, attribute) or ""
                found = pattern.search(text)
                if not found:
                    continue
                mark = etree.Element("mark", {"class": "noted"})
                mark.text = found.group(0)
                sup = etree.SubElement(mark, "sup", {"class": "note-ref", "data-redline": "note"})
                el(sup, "a", str(number), href=f"#note-{number}", aria_label=f"note {number}")
                mark.tail = text[found.end():]
                setattr(node, attribute, text[:found.start()])
                if attribute == "text":
                    node.insert(0, mark)
                else:
                    assert parent is not None
                    parent.insert(parent.index(node) + 1, mark)
                return True
    return False


def _aside(parent: etree._Element, anchored: Anchored, number: int, version: str) -> None:
    note = anchored.note
    box = el(parent, "aside", cls="margin-note", id=f"note-{number}",
             aria_label=f"Note {number}")
    head = el(box, "p", cls="note-head")
    el(head, "span", f"Note {number}", cls="note-num")
    add_text(head, f" on \u201c{note.quote}\u201d, {cite(anchored.clause)} ({version})")
    el(box, "p", note.text, cls="note-text")
    source = el(box, "p", cls="note-source")
    add_text(source, f"{note.author}. Source: ")
    if note.source_url:
        el(source, "a", note.source, href=note.source_url)
    else:
        add_text(source, note.source)


def _stale(front: etree._Element, stale: list[tuple[Stale, str]]) -> None:
    box = el(front, "section", cls="stale-notes", aria_labelledby="stale-h")
    el(box, "h2", "Notes that no longer match the text", id="stale-h")
    el(box, "p", "These notes quote words their clause no longer holds, so they are not shown on "
                 "the text; check and move or delete them.")
    items = el(box, "ul")
    for item, version in stale:
        li = el(items, "li")
        el(li, "strong", f"{item.note.path}:{item.note.line}")
        add_text(li, f" ({version}): {item.reason}. The note: {item.note.text}")


def place_notes(body: etree._Element, comparison: Comparison, old: NoteCheck | None,
                new: NoteCheck | None) -> None:
    """Put the notes of the old and new versions on the report's ``body`` (in place)."""
    rows = plan_rows(comparison)
    view = body.xpath(".//section[@id='view-inline']")
    order = {e.get("id"): i for i, e in enumerate(view[0].iter("div"))} if view else {}
    placed: list[tuple[int, etree._Element, Anchored, str]] = []
    stale: list[tuple[Stale, str]] = []
    for side, check, document in (("old", old, comparison.old), ("new", new, comparison.new)):
        if check is None:
            continue
        label = f"{side} version: {document.source.label}"
        stale += [(s, label) for s in check.stale]
        for anchored in check.anchored:
            row = _row_for(rows, anchored, side)
            found = view[0].xpath(f".//div[@id='{row.id}']") if row is not None and view else []
            if found:  # else left out of this view (changes only): not on the page
                placed.append((order[found[0].get("id")], found[0], anchored, side))
    for number, (_, div, anchored, side) in enumerate(sorted(placed, key=lambda p: p[0]),
                                                       start=1):
        laws = div.xpath("./*[contains(concat(' ', @class, ' '), ' law ')] | "
                         "./*[contains(@class, 'whole')]/*[contains(@class, 'law')]")
        _mark(laws, anchored.note.quote, number, "del" if side == "old" else "ins")
        document = comparison.old if side == "old" else comparison.new
        _aside(div, anchored, number, f"{side} version: {document.source.label}")
    front = body.xpath(".//div[@class='front']")
    if stale and front:
        _stale(front[0], stale)

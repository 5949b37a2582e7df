"""Numbered lines side by side: the clause, old and new columns of each row wrapped separately
(:mod:`ordiff.pdf_wrap`) and set next to each other, one fixed-height line at a time, with the
column heads repeated at the top of every page.
"""

from __future__ import annotations

__all__ = ["side_part", "header_line"]

from typing import TYPE_CHECKING

from lxml import etree

from .html_parts import add_text, el
from .pdf_fonts import SANS
from .pdf_grid import (COLUMNS, PAD, SAFETY, Pager, base_style, blocks, classes, new_line,
                       row_of)
from .pdf_wrap import Piece, Style, build_line, wrap

if TYPE_CHECKING:
    from .pdf_page import Geometry


def _column_lines(cell: etree._Element | None, width: float, small: bool
                  ) -> list[list[Piece]]:
    """One side-by-side cell's lines: each block wrapped in turn, its enclosing wrappers kept."""
    out: list[list[Piece]] = []
    if cell is None:
        return out
    found = blocks(cell) or ([cell] if small else [])
    for block in found:
        prefix = tuple(a for a in reversed(list(block.iterancestors()))
                       if a.tag in ("del", "ins") and row_of(a) is not None
                       and cell in a.iterancestors()) + (block,)
        style = Style(SANS, 7.5) if small else base_style(block)
        if not small:
            style = Style(style.families, style.size - 1.5, style.bold, style.italic)
        out.extend(wrap(block, width * SAFETY, style, prefix if block is not cell else ()))
    return out


def side_part(part: etree._Element, g: Geometry, pager: Pager) -> None:
    table = part.find(".//table")
    if table is None:
        return
    seen: set[int] = set()
    widths = [g.content_width * share - 2 * PAD for share in COLUMNS]
    holder = el(None, "div", cls="sbs-lines")
    for tr in table.iter("tr"):
        if tr.getparent() is not None and tr.getparent().tag == "thead":
            continue
        cells = [tr.find("th"), tr.find("td[@class='old']"), tr.find("td[@class='new']")]
        if "gap" in classes(tr):
            gap = el(holder, "div", cls="row gap-row")
            line = new_line(gap, "ln gap")
            add_text(line, "* * *")
            pager.place(line, "")
            continue
        row = el(holder, "div", cls=" ".join(c for c in classes(tr) if not c.startswith("d")),
                 id=tr.get("id", ""))
        th = cells[0]
        if th is not None and th.get("data-bm"):
            row.set("class", row.get("class", "") + " " + " ".join(
                c for c in classes(th) if c.startswith("bm")))
            row.set("data-bm", th.get("data-bm", ""))
        columns = [_column_lines(cell, w, i == 0)
                   for i, (cell, w) in enumerate(zip(cells, widths))]
        rename = {id(b): "span" for c in cells if c is not None for b in blocks(c)}
        count = max((len(c) for c in columns), default=0)
        if pager.pos > 0 and pager.room() < min(count, 3):
            pass  # a short row breaks where it falls; long rows cannot avoid it
        for i in range(count):
            line = new_line(row, "ln sbs")
            for k, column in enumerate(columns):
                cell_box = el(line, "span", cls=f"cell c{k}")
                if i < len(column):
                    build_line(column[i], cell_box, seen, rename)
            pager.place(line, row.get("id", ""))
    table.addprevious(holder)
    table.getparent().remove(table)


def header_line(table: etree._Element, g: Geometry) -> etree._Element:
    """The column heads as one line; a head too long for its column ends in "…"."""
    line = etree.Element("span", {"class": "ln sbs head-line"})
    style = Style(SANS, 8.5, bold=True)
    for k, th in enumerate(table.findall("thead/tr/th")):
        text = " ".join("".join(th.itertext()).split())
        room = (g.content_width * COLUMNS[k] - 2 * PAD) * SAFETY
        while len(text) > 1 and style.width(text) > room:
            text = text[:-2].rstrip() + "\u2026"
        add_text(el(line, "span", cls=f"cell c{k}"), text)
    return line



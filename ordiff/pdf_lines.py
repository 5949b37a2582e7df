"""Numbered lines: the redline and the clean copy wrapped into lines in Python, laid out on a fixed
grid of pages, and numbered from the top of each page, so the summary can cite "page 3, lines
12–14".

CSS cannot count lines, and WeasyPrint's page counters work only in page margins. So ordiff breaks
every block into lines itself (:mod:`ordiff.pdf_wrap`, with the real fonts' widths and a safety
margin), gives every line the same fixed height, and decides every page break: a page holds
``Geometry.lines_per_page`` lines, the first line of each page carries ``break-before: page``, and
nothing else in a numbered part has any height. WeasyPrint then has no break left to choose, so the
page and line of every row are known here. The grid is :mod:`ordiff.pdf_grid`; side by side is
:mod:`ordiff.pdf_side`; this module lays out the inline redline and the clean copy, fills the
summary's line citations and writes the grid's CSS.
"""

from __future__ import annotations

__all__ = ["number_lines", "line_css"]

from typing import TYPE_CHECKING

from lxml import etree

from .html_parts import add_text, el
from .pdf_fonts import SANS
from .pdf_grid import (BADGE, COLUMNS, GUTTER, INDENT, PAD, SAFETY, LineRef, Pager, base_style,
                       blocks, classes, depth, new_line, row_of)
from .pdf_side import header_line, side_part
from .pdf_wrap import Style, build_line, wrap

if TYPE_CHECKING:
    from .pdf_page import Geometry


def _label_lines(row: etree._Element | None, g: Geometry) -> int:
    """How many text lines the row's kind-of-change label (print.css ``.badge``) is tall."""
    badge = next((c for c in row if "badge" in classes(c)), None) if row is not None else None
    if badge is None:
        return 0
    probe = etree.Element("span")
    probe.text = "".join(badge.itertext()).upper()
    height = len(wrap(probe, (BADGE - 5.0) * SAFETY, Style(SANS, 6.5))) * 9.75 + 3.0
    return int(-(-height // g.line))


def _settle(owed: tuple[etree._Element, int] | None, pager: Pager) -> None:
    """Blank lines after a row whose label is taller than its text."""
    if owed is None:
        return
    last, lines = owed
    for _ in range(min(lines, pager.room())):
        last.addnext(etree.Element("span", {"class": "ln blank"}))
        pager.pos += 1


def _inline_part(part: etree._Element, g: Geometry, pager: Pager) -> None:
    seen: set[int] = set()
    gutter = 0.0 if "clean" in classes(part) else GUTTER  # room for labels of kinds of change
    current: etree._Element | None = None
    owed: tuple[etree._Element, int] | None = None
    need = 0
    for block in blocks(part):
        row = row_of(block)
        if row is not current or row is None:
            _settle(owed, pager)
            owed, current, need = None, row, _label_lines(row, g)
        width = g.content_width - depth(row) * INDENT
        if row is not None:
            width -= gutter + (8.0 if any(c.startswith("k-not-in") for c in classes(row)) else 0)
        lines = wrap(block, width * SAFETY, base_style(block))
        for child in list(block):
            block.remove(child)
        block.text = None
        head = "head" in classes(block)
        made = []
        whole = any(a.tag in ("del", "ins") and "whole" in classes(a)
                    for a in block.iterancestors())
        for pieces in lines:
            made.append(new_line(block))
            build_line(pieces, el(made[-1], "span", cls="lt") if whole else made[-1], seen)
        if not made:
            continue
        if head and not pager.fresh and pager.room() < min(len(made) + 2, pager.size):
            pager.new_page(made[0])
        elif head and not pager.fresh:
            first = row is not None and blocks(row)[0] is block
            (row if first and row is not None else made[0]).addprevious(
                etree.Element("span", {"class": "ln blank"}))
            pager.pos += 1
        row_id = row.get("id", "") if row is not None else ""
        for line in made:
            pager.place(line, row_id)
        need -= len(made)
        owed = (made[-1], need)
    _settle(owed, pager)


def _cite(cell: etree._Element, first: str, last: str, refs: dict[str, LineRef]) -> None:
    """Rewrite a summary cell as "page 3, lines 12–14" (or across pages)."""
    a, b = refs.get(first), refs.get(last)
    if a is None or b is None:
        return
    for child in list(cell):
        cell.remove(child)
    cell.text = "page "
    el(cell, "a", cls="pageref", href="#" + first)
    if (a.first_page, a.first_line) == (b.last_page, b.last_line):
        add_text(cell, f", line {a.first_line}")
    elif a.first_page == b.last_page:
        add_text(cell, f", lines {a.first_line}\u2013{b.last_line}")
    else:
        add_text(cell, f", line {a.first_line}, to page ")
        el(cell, "a", cls="pageref", href="#" + last)
        add_text(cell, f", line {b.last_line}")


def number_lines(body: etree._Element, g: Geometry) -> dict[str, LineRef]:
    """Wrap, paginate and number every part of ``body`` (``section.part``); fill the summary's
    line citations; returns where each row's lines are."""
    refs: dict[str, LineRef] = {}
    for part in body.iterfind(".//section"):
        if "part" not in classes(part):
            continue
        part.set("class", part.get("class", "") + " numbered")
        table = part.find(".//table[@class='sbs']")
        header = header_line(table, g) if table is not None else None
        pager = Pager(g.lines_per_page, 2, header, part.get("id", ""))
        if header is not None:
            part.find("h2").addnext(header)
            pager.pos += 1
            side_part(part, g, pager)
        else:
            _inline_part(part, g, pager)
        pager.numbers()
        refs.update(pager.refs)
    for cell in body.iterfind(".//td[@data-first]"):
        _cite(cell, cell.get("data-first", ""), cell.get("data-last", ""), refs)
    return refs


def line_css(g: Geometry) -> str:
    """The rules of numbered parts, from the same numbers the wrapping used."""
    indents = "".join(f".numbered .d{d} .ln {{ padding-left: {d * INDENT}pt; }}\n"
                      for d in range(1, 7))
    left = 0.0
    cols = ""
    for k, share in enumerate(COLUMNS):
        cols += (f".ln.sbs .c{k} {{ left: {left + PAD}pt; "
                 f"width: {g.content_width * share - 2 * PAD}pt; }}\n")
        left += g.content_width * share
    return (f".numbered .ln {{ height: {g.line}pt; line-height: {g.line}pt; }}\n"
            f".numbered > h2 {{ height: {2 * g.line}pt; }}\n"
            f".numbered .nums {{ line-height: {g.line}pt; }}\n" + indents + cols)

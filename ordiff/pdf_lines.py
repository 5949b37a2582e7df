"""Numbered lines: the redline and the clean copy wrapped into lines in Python, laid out on a fixed
grid of pages, and numbered from the top of each page, so the summary can cite "page 3, lines
12–14".

CSS cannot count lines, and WeasyPrint's page counters work only in page margins. So ordiff breaks
every block into lines itself (:mod:`ordiff.pdf_wrap`, with the real fonts' widths and a safety
margin), gives every line the same fixed height, and decides every page break: a page holds
``Geometry.lines_per_page`` lines, the first line of each page carries ``break-before: page``, and
nothing else in a numbered part has any height. WeasyPrint then has no break left to choose, so the
page and line of every row are known here. Side by side, the clause, old and new columns are
wrapped separately and their lines set next to each other, with the column heads repeated on each
page.
"""

from __future__ import annotations

__all__ = ["number_lines", "line_css", "LineRef", "SAFETY", "GUTTER", "COLUMNS"]

import copy
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lxml import etree

from .html_parts import add_text, el
from .pdf_fonts import SANS
from .pdf_wrap import Piece, Style, build_line, wrap

if TYPE_CHECKING:
    from .pdf_page import Geometry

#: Lines are wrapped to this share of the room they have: kerning and rounding stay inside it.
SAFETY = 0.96
#: Room kept on the right of inline rows for the kind-of-change label, in points (7.5em at 11pt).
GUTTER = 82.5
_INDENT = 16.5  # one level of clause depth, in points (1.5em at 11pt)
COLUMNS = (0.15, 0.425, 0.425)  # side by side: clause, old, new
_PAD = 5.0  # padding each side of a side-by-side column, in points
_BADGE = 76.0  # width of the kind-of-change label in the gutter (print.css), in points


@dataclass(slots=True)
class LineRef:
    """Where a row's lines are: the part (its id), and the part-relative page index and line
    number of the row's first and last line."""

    part: str
    first_page: int
    first_line: int
    last_page: int
    last_line: int


def _cls(node: etree._Element) -> list[str]:
    return (node.get("class") or "").split()


def _base(block: etree._Element) -> Style:
    cls = _cls(block)
    if "relation" in cls:
        return Style(SANS, 8.5, italic=True)
    if "gap" in cls:
        return Style(SANS, 10.0)
    if "clean-note" in cls:
        return Style(size=9.5, italic=True)
    if "notes" in cls:
        return Style(size=9.5)
    return Style(bold="head" in cls)


def _row_of(node: etree._Element) -> etree._Element | None:
    return next((a for a in node.iterancestors() if "row" in _cls(a)), None)


def _depth(row: etree._Element | None) -> int:
    for name in _cls(row) if row is not None else ():
        if len(name) == 2 and name[0] == "d" and name[1].isdigit():
            return int(name[1])
    return 0


_BLOCKS = ("law", "relation", "gap", "clean-note")


def _blocks(part: etree._Element) -> list[etree._Element]:
    return [node for node in part.iter("p", "h3")
            if any(c in _BLOCKS for c in _cls(node))]


class _Pager:
    """Hands out line positions: pages of ``size`` lines, a forced break before each new page."""

    def __init__(self, size: int, start: int, header: etree._Element | None, part: str) -> None:
        self.size, self.pos, self.page, self.header, self.part = size, start, 0, header, part
        self.fresh = True  # nothing placed yet on this page: no blank line before a heading
        self.refs: dict[str, LineRef] = {}
        self.placed: list[tuple[int, etree._Element]] = []  # (position, line) on this page

    def room(self) -> int:
        return self.size - self.pos

    def numbers(self) -> None:
        """The page's line numbers, one column in the margin: every position from the first
        line placed to the last (blank lines too), in one box beside the page's first line."""
        if not self.placed:
            return
        (first, line), last = self.placed[0], self.placed[-1][0]
        column = etree.Element("span", {"class": "nums"})
        column.text = "\n".join(str(n) for n in range(first, last + 1))
        column.tail, line.text = line.text, None
        line.insert(0, column)
        self.placed = []

    def new_page(self, first: etree._Element) -> None:
        self.numbers()
        self.page += 1
        self.pos = 0
        self.fresh = True
        if self.header is not None:  # the column heads again, before the page's first line
            header = copy.deepcopy(self.header)
            first.addprevious(header)
            first = header
            self.pos = 1
        while True:  # the break goes on the outermost box that this line begins
            parent = first.getparent()
            if parent is None or "part" in _cls(parent):
                break
            lead = next((c for c in parent if "badge" not in _cls(c)), None)
            if lead is not first:
                break
            first = parent
        first.set("class", first.get("class", "") + " pb")

    def place(self, line: etree._Element, row_id: str) -> None:
        if self.pos >= self.size:
            self.new_page(line)
        self.pos += 1
        self.fresh = False
        self.placed.append((self.pos, line))
        ref = self.refs.get(row_id)
        if row_id and ref is None:
            self.refs[row_id] = LineRef(self.part, self.page, self.pos, self.page, self.pos)
        elif ref is not None:
            ref.last_page, ref.last_line = self.page, self.pos


def _line(parent: etree._Element, cls: str = "ln") -> etree._Element:
    return el(parent, "span", cls=cls)


def _label_lines(row: etree._Element | None, g: Geometry) -> int:
    """How many text lines the row's kind-of-change label (print.css ``.badge``) is tall."""
    badge = next((c for c in row if "badge" in _cls(c)), None) if row is not None else None
    if badge is None:
        return 0
    probe = etree.Element("span")
    probe.text = "".join(badge.itertext()).upper()
    height = len(wrap(probe, (_BADGE - 5.0) * SAFETY, Style(SANS, 6.5))) * 9.75 + 3.0
    return int(-(-height // g.line))


def _settle(owed: tuple[etree._Element, int] | None, pager: _Pager) -> None:
    """Blank lines after a row whose label is taller than its text."""
    if owed is None:
        return
    last, lines = owed
    for _ in range(min(lines, pager.room())):
        last.addnext(etree.Element("span", {"class": "ln blank"}))
        pager.pos += 1


def _inline_part(part: etree._Element, g: Geometry, pager: _Pager) -> None:
    seen: set[int] = set()
    gutter = 0.0 if "clean" in _cls(part) else GUTTER  # room for labels of kinds of change
    current: etree._Element | None = None
    owed: tuple[etree._Element, int] | None = None
    need = 0
    for block in _blocks(part):
        row = _row_of(block)
        if row is not current or row is None:
            _settle(owed, pager)
            owed, current, need = None, row, _label_lines(row, g)
        width = g.content_width - _depth(row) * _INDENT
        if row is not None:
            width -= gutter + (8.0 if any(c.startswith("k-not-in") for c in _cls(row)) else 0)
        lines = wrap(block, width * SAFETY, _base(block))
        for child in list(block):
            block.remove(child)
        block.text = None
        head = "head" in _cls(block)
        made = []
        whole = any(a.tag in ("del", "ins") and "whole" in _cls(a) for a in block.iterancestors())
        for pieces in lines:
            made.append(_line(block))
            build_line(pieces, el(made[-1], "span", cls="lt") if whole else made[-1], seen)
        if not made:
            continue
        if head and not pager.fresh and pager.room() < min(len(made) + 2, pager.size):
            pager.new_page(made[0])
        elif head and not pager.fresh:
            first = row is not None and _blocks(row)[0] is block
            (row if first and row is not None else made[0]).addprevious(
                etree.Element("span", {"class": "ln blank"}))
            pager.pos += 1
        row_id = row.get("id", "") if row is not None else ""
        for line in made:
            pager.place(line, row_id)
        need -= len(made)
        owed = (made[-1], need)
    _settle(owed, pager)


def _column_lines(cell: etree._Element | None, width: float, seen: set[int],
                  small: bool) -> list[list[Piece]]:
    """One side-by-side cell's lines: each block wrapped in turn, its enclosing wrappers kept."""
    out: list[list[Piece]] = []
    if cell is None:
        return out
    blocks = _blocks(cell) or ([cell] if small else [])
    for block in blocks:
        prefix = tuple(a for a in reversed(list(block.iterancestors()))
                       if a.tag in ("del", "ins") and _row_of(a) is not None
                       and cell in a.iterancestors()) + (block,)
        style = Style(SANS, 7.5) if small else _base(block)
        if not small:
            style = Style(style.families, style.size - 1.5, style.bold, style.italic)
        out.extend(wrap(block, width * SAFETY, style, prefix if block is not cell else ()))
    return out


def _side_part(part: etree._Element, g: Geometry, pager: _Pager) -> None:
    table = part.find(".//table")
    if table is None:
        return
    seen: set[int] = set()
    widths = [g.content_width * share - 2 * _PAD for share in COLUMNS]
    holder = el(None, "div", cls="sbs-lines")
    for tr in table.iter("tr"):
        if tr.getparent() is not None and tr.getparent().tag == "thead":
            continue
        cells = [tr.find("th"), tr.find("td[@class='old']"), tr.find("td[@class='new']")]
        if "gap" in _cls(tr):
            gap = el(holder, "div", cls="row gap-row")
            line = _line(gap, "ln gap")
            add_text(line, "* * *")
            pager.place(line, "")
            continue
        row = el(holder, "div", cls=" ".join(c for c in _cls(tr) if not c.startswith("d")),
                 id=tr.get("id", ""))
        th = cells[0]
        if th is not None and th.get("data-bm"):
            row.set("class", row.get("class", "") + " " + " ".join(
                c for c in _cls(th) if c.startswith("bm")))
            row.set("data-bm", th.get("data-bm", ""))
        columns = [_column_lines(cell, w, seen, i == 0)
                   for i, (cell, w) in enumerate(zip(cells, widths))]
        rename = {id(b): "span" for c in cells if c is not None for b in _blocks(c)}
        count = max((len(c) for c in columns), default=0)
        if pager.pos > 0 and pager.room() < min(count, 3):
            pass  # a short row breaks where it falls; long rows cannot avoid it
        for i in range(count):
            line = _line(row, "ln sbs")
            for k, column in enumerate(columns):
                cell_box = el(line, "span", cls=f"cell c{k}")
                if i < len(column):
                    build_line(column[i], cell_box, seen, rename)
            pager.place(line, row.get("id", ""))
    table.addprevious(holder)
    table.getparent().remove(table)


def _header_line(table: etree._Element, g: Geometry) -> etree._Element:
    """The column heads as one line; a head too long for its column ends in "…"."""
    line = etree.Element("span", {"class": "ln sbs head-line"})
    style = Style(SANS, 8.5, bold=True)
    for k, th in enumerate(table.findall("thead/tr/th")):
        text = " ".join("".join(th.itertext()).split())
        room = (g.content_width * COLUMNS[k] - 2 * _PAD) * SAFETY
        while len(text) > 1 and style.width(text) > room:
            text = text[:-2].rstrip() + "\u2026"
        add_text(el(line, "span", cls=f"cell c{k}"), text)
    return line


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
        if "part" not in _cls(part):
            continue
        part.set("class", part.get("class", "") + " numbered")
        table = part.find(".//table[@class='sbs']")
        header = _header_line(table, g) if table is not None else None
        pager = _Pager(g.lines_per_page, 2, header, part.get("id", ""))
        if header is not None:
            part.find("h2").addnext(header)
            pager.pos += 1
            _side_part(part, g, pager)
        else:
            _inline_part(part, g, pager)
        pager.numbers()
        refs.update(pager.refs)
    for cell in body.iterfind(".//td[@data-first]"):
        _cite(cell, cell.get("data-first", ""), cell.get("data-last", ""), refs)
    return refs


def line_css(g: Geometry) -> str:
    """The rules of numbered parts, from the same numbers the wrapping used."""
    indents = "".join(f".numbered .d{d} .ln {{ padding-left: {d * _INDENT}pt; }}\n"
                      for d in range(1, 7))
    left = 0.0
    cols = ""
    for k, share in enumerate(COLUMNS):
        cols += (f".ln.sbs .c{k} {{ left: {left + _PAD}pt; "
                 f"width: {g.content_width * share - 2 * _PAD}pt; }}\n")
        left += g.content_width * share
    return (f".numbered .ln {{ height: {g.line}pt; line-height: {g.line}pt; }}\n"
            f".numbered > h2 {{ height: {2 * g.line}pt; }}\n"
            f".numbered .nums {{ line-height: {g.line}pt; }}\n" + indents + cols)

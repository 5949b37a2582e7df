"""The grid numbered parts are laid on: pages of fixed-height lines, and what a line of each kind
of block looks like (its font, its row, its depth). Shared by the inline layout
(:mod:`ordiff.pdf_lines`) and the side-by-side one (:mod:`ordiff.pdf_side`).

A :class:`Pager` hands out line positions, pages of ``Geometry.lines_per_page`` lines; the first
line of each new page (or the outermost box it begins) carries ``break-before: page``, and each
page gets one column of line numbers beside its first line.
"""

from __future__ import annotations

__all__ = ["SAFETY", "GUTTER", "INDENT", "COLUMNS", "PAD", "BADGE", "LineRef", "classes",
           "base_style", "row_of", "depth", "blocks", "Pager", "new_line"]

import copy
from dataclasses import dataclass

from lxml import etree

from .html_parts import el
from .pdf_fonts import SANS
from .pdf_wrap import Style

#: Lines are wrapped to this share of the room they have: kerning and rounding stay inside it.
SAFETY = 0.96
#: Room kept on the right of inline rows for the kind-of-change label, in points (7.5em at 11pt).
GUTTER = 82.5
INDENT = 16.5  # one level of clause depth, in points (1.5em at 11pt)
COLUMNS = (0.15, 0.425, 0.425)  # side by side: clause, old, new
PAD = 5.0  # padding each side of a side-by-side column, in points
BADGE = 76.0  # width of the kind-of-change label in the gutter (print.css), in points


@dataclass(slots=True)
class LineRef:
    """Where a row's lines are: the part (its id), and the part-relative page index and line
    number of the row's first and last line."""

    part: str
    first_page: int
    first_line: int
    last_page: int
    last_line: int


def classes(node: etree._Element) -> list[str]:
    return (node.get("class") or "").split()


def base_style(block: etree._Element) -> Style:
    cls = classes(block)
    if "relation" in cls:
        return Style(SANS, 8.5, italic=True)
    if "gap" in cls:
        return Style(SANS, 10.0)
    if "clean-note" in cls:
        return Style(size=9.5, italic=True)
    if "notes" in cls:
        return Style(size=9.5)
    return Style(bold="head" in cls)


def row_of(node: etree._Element) -> etree._Element | None:
    return next((a for a in node.iterancestors() if "row" in classes(a)), None)


def depth(row: etree._Element | None) -> int:
    for name in classes(row) if row is not None else ():
        if len(name) == 2 and name[0] == "d" and name[1].isdigit():
            return int(name[1])
    return 0


BLOCKS = ("law", "relation", "gap", "clean-note")


def blocks(part: etree._Element) -> list[etree._Element]:
    return [node for node in part.iter("p", "h3")
            if any(c in BLOCKS for c in classes(node))]


class Pager:
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
            if parent is None or "part" in classes(parent):
                break
            lead = next((c for c in parent if "badge" not in classes(c)), None)
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


def new_line(parent: etree._Element, cls: str = "ln") -> etree._Element:
    """A new line (a fixed-height block) at the end of ``parent``."""
    return el(parent, "span", cls=cls)



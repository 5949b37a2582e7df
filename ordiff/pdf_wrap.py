"""One block of the redline's inline markup → lines no wider than a given width, each rebuilt as
the same markup (``<del>``, ``<ins>``, markers …) holding that line's words.

Whitespace collapses as HTML collapses it; a line breaks only at a space (the space is dropped, as
a browser drops it), and a word wider than a whole line is cut between characters. Widths come from
:mod:`ordiff.pdf_fonts`; the style of each run follows the classes print.css styles (bold markers
and headings, italic text beyond an excerpt …). Elements the PDF hides (screen-reader labels,
ignored deletions) are left out. Every word of the block lands on exactly one line, in order.
"""

from __future__ import annotations

__all__ = ["Style", "Piece", "wrap", "build_line"]

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from lxml import etree

from .html_parts import add_text
from .pdf_fonts import SANS, SERIF, face

_SPACE = re.compile(r"\s+")
_SPLIT = re.compile(r"( )")


@dataclass(frozen=True, slots=True)
class Style:
    """Font of a run: families, size in points, weight and slant."""

    families: tuple[str, ...] = SERIF
    size: float = 11.0
    bold: bool = False
    italic: bool = False

    def width(self, text: str) -> float:
        return face(self.families, self.bold, self.italic).em(text) * self.size


Chain = tuple[etree._Element, ...]


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of text (one word part, or one space) and the elements that enclose it."""

    text: str
    chain: Chain
    width: float


def _classes(node: etree._Element) -> set[str]:
    return set((node.get("class") or "").split())


def _style(node: etree._Element, style: Style) -> Style | None:
    """The style inside ``node``; None when the PDF does not show it."""
    cls = _classes(node)
    if "sr" in cls or (node.tag == "del" and "ignored" in cls):
        return None
    if "marker" in cls or "heading" in cls:
        style = replace(style, bold=True)
    if "formerly" in cls or "supplied" in cls:
        style = replace(style, bold=False)
    if "beyond" in cls:
        style = replace(style, italic=True)
    if "beyond-label" in cls:
        style = replace(style, families=SANS, size=7.5, italic=False)
    return style


def _runs(node: etree._Element, chain: Chain, style: Style) -> Iterator[tuple[str, Chain, Style]]:
    if node.text:
        yield node.text, chain, style
    for child in node:
        if isinstance(child.tag, str):
            inner = _style(child, style)
            if inner is not None:
                yield from _runs(child, chain + (child,), inner)
        if child.tail:
            yield child.tail, chain, style


def _pieces(block: etree._Element, prefix: Chain, style: Style) -> list[list[Piece]]:
    """The block's text as words (lists of pieces without spaces) and spaces (one piece)."""
    items: list[list[Piece]] = []
    space_before = True  # leading whitespace of a block is not shown
    for text, chain, run_style in _runs(block, prefix, style):
        for part in _SPLIT.split(_SPACE.sub(" ", text)):
            if not part:
                continue
            if part == " ":
                if not space_before:
                    items.append([Piece(" ", chain, run_style.width(" "))])
                space_before = True
                continue
            piece = Piece(part, chain, run_style.width(part))
            if space_before or not items:
                items.append([piece])
            else:
                items[-1].append(piece)
            space_before = False
    if items and items[-1][0].text == " ":
        items.pop()
    return items


def _cut(word: list[Piece], limit: float) -> list[list[Piece]]:
    """A word wider than a line, cut between characters into line-sized parts."""
    parts: list[list[Piece]] = [[]]
    used = 0.0
    for piece in word:
        per_char = piece.width / max(len(piece.text), 1)
        start = 0
        for i in range(len(piece.text) + 1):
            if i == len(piece.text) or (used + per_char * (i + 1 - start) > limit and i > start):
                if i > start:
                    parts[-1].append(Piece(piece.text[start:i], piece.chain,
                                           per_char * (i - start)))
                    used += per_char * (i - start)
                if i < len(piece.text):
                    parts.append([])
                    used = 0.0
                start = i
    return [p for p in parts if p]


def wrap(block: etree._Element, limit: float, style: Style, prefix: Chain = ()
         ) -> list[list[Piece]]:
    """The block's content as lines of pieces, each line at most ``limit`` points wide."""
    lines: list[list[Piece]] = [[]]
    used = 0.0
    space: Piece | None = None
    for item in _pieces(block, prefix, style):
        if item[0].text == " ":
            space = item[0]
            continue
        width = sum(p.width for p in item)
        gap = space.width if space is not None and lines[-1] else 0.0
        if lines[-1] and used + gap + width > limit:
            lines.append([])
            used, gap = 0.0, 0.0
        elif gap and space is not None:
            lines[-1].append(space)
            used += gap
        space = None
        if width > limit:
            for part in _cut(item, limit - used if not lines[-1] else limit):
                if lines[-1]:
                    lines.append([])
                lines[-1].extend(part)
            used = sum(p.width for p in lines[-1])
            continue
        lines[-1].extend(item)
        used += width
    return [line for line in lines if line]


def build_line(pieces: list[Piece], into: etree._Element, seen: set[int],
               rename: dict[int, str] | None = None) -> None:
    """Append ``pieces`` to ``into``, re-creating the elements that enclose them. An element's
    ``id`` stays on its first copy only (``seen``); ``rename`` maps an element (by ``id()``) to
    the tag its copies get (a block's ``p`` becomes a ``span`` inside a line)."""
    stack: list[tuple[etree._Element, etree._Element]] = []
    for piece in pieces:
        keep = 0
        while keep < len(stack) and keep < len(piece.chain) and \
                stack[keep][0] is piece.chain[keep]:
            keep += 1
        del stack[keep:]
        parent = stack[-1][1] if stack else into
        for node in piece.chain[keep:]:
            tag = (rename or {}).get(id(node), node.tag)
            attrib = {k: v for k, v in node.attrib.items()
                      if k != "id" or id(node) not in seen}
            seen.add(id(node))
            clone = etree.SubElement(parent, tag, attrib)
            stack.append((node, clone))
            parent = clone
        add_text(parent, piece.text)

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
_LINES = re.compile(r"[ \t]*\n\s*|[ \t]+(?=\S)|[ \t]+$")  # pre-line: keep line ends
_SPLIT = re.compile(r"( |\n)")


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


def _line_end(match: re.Match[str]) -> str:
    return "\n" if "\n" in match.group() else " "


def _pieces(block: etree._Element, prefix: Chain, style: Style, lines: bool
            ) -> list[list[Piece]]:
    """The block's text as words (lists of pieces without spaces), spaces (one piece) and, when
    ``lines`` (``white-space: pre-line``), forced breaks (one empty piece)."""
    items: list[list[Piece]] = []
    space_before = True  # leading whitespace of a block is not shown
    for text, chain, run_style in _runs(block, prefix, style):
        text = _LINES.sub(_line_end, text) if lines else _SPACE.sub(" ", text)
        for part in _SPLIT.split(text):
            if not part:
                continue
            if part == "\n":
                if items and items[-1][0].text == " ":
                    items.pop()
                items.append([Piece("", chain, 0.0)])
                space_before = True
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


def _cut(word: list[Piece], room: float, limit: float) -> list[list[Piece]]:
    """A word wider than a line, cut into parts: the first at most ``room`` wide (it may be
    empty), the others at most ``limit``. A cut goes before "(" or after "-" or "/" when one
    fits, else between any two characters."""
    chars = [(c, p.chain, p.width / max(len(p.text), 1)) for p in word for c in p.text]
    parts: list[list[tuple[str, Chain, float]]] = [[]]
    width, available, good = 0.0, room, -1
    for char in chars:
        if width + char[2] > available and parts[-1]:
            cut = good if good > 0 else len(parts[-1])
            parts.append(parts[-1][cut:])
            parts[-2] = parts[-2][:cut]
            width, available = sum(c[2] for c in parts[-1]), limit
            good = -1
        elif width + char[2] > available:
            parts.append([])
            width, available = 0.0, limit
        if char[0] == "(" and parts[-1]:
            good = len(parts[-1])
        parts[-1].append(char)
        width += char[2]
        if char[0] in "-/":
            good = len(parts[-1])
    out: list[list[Piece]] = []
    for part in parts:
        pieces: list[Piece] = []
        for text, chain, each in part:
            if pieces and pieces[-1].chain is chain:
                last = pieces[-1]
                pieces[-1] = Piece(last.text + text, chain, last.width + each)
            else:
                pieces.append(Piece(text, chain, each))
        out.append(pieces)
    return out


def wrap(block: etree._Element, limit: float, style: Style, prefix: Chain = ()
         ) -> list[list[Piece]]:
    """The block's content as lines of pieces, each line at most ``limit`` points wide."""
    lines: list[list[Piece]] = [[]]
    used = 0.0
    space: Piece | None = None
    for item in _pieces(block, prefix, style, "notes" in (block.get("class") or "").split()):
        if not item[0].text:  # a forced break
            lines.append([])
            used, space = 0.0, None
            continue
        if item[0].text == " ":
            space = item[0]
            continue
        width = sum(p.width for p in item)
        gap = space.width if space is not None and lines[-1] else 0.0
        if width > limit:  # wider than any line: cut it, starting here if there is room
            room = limit - used - gap if lines[-1] else limit
            parts = _cut(item, room if room >= 0.3 * limit else 0.0, limit)
            if parts[0]:
                if gap and space is not None:
                    lines[-1].append(space)
                lines[-1].extend(parts[0])
            lines.extend(list(part) for part in parts[1:])
            used, space = sum(p.width for p in lines[-1]), None
            continue
        if lines[-1] and used + gap + width > limit:
            lines.append([])
            used = 0.0
        elif gap and space is not None:
            lines[-1].append(space)
            used += gap
        space = None
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

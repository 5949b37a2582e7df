"""Plain ordinance text → clause tree.

The parser walks the text line by line. Each line is either blank, a container heading
(``CHAPTER 44.``), a section heading (``19.30.``, ``§ 44.02.``, ``SEC. 12H.2.``), a clause marker
(``(a)``, ``(1)``, ``b.``), a history note, or text.

**Levels come from marker styles, not from a fixed list.** The open clauses form a stack, one entry
per marker style in use: a marker whose style is already on the stack closes everything below that
entry and becomes its sibling; a new style opens one level deeper. So ``(a) (1) (A) (i)`` nest in
D.C. order and ``A. 1.`` in Columbus order, with no table of which comes first. Indentation only
breaks a tie: the same style visibly deeper than its open entry is a new level (publishers who show
depth with tabs alone). ``(i)`` is a letter when it follows ``(h)``, a roman numeral otherwise.

**Lines.** Text lines either continue the open clause or start a new paragraph. In a hard-wrapped
copy (OCR, print), a line continues the clause until a blank line; in a copy with one line per
paragraph, every line is a paragraph. A copy counts as hard-wrapped when its lines are short and
many end mid-sentence. In hard-wrapped text a marker or bare section number counts only where the
previous line ended a sentence, so a wrapped "19.30(a)(3)" stays text.

Guarantees: every word of the input lands, in order, in exactly one field of one clause (see
``model.source_words``); text that fits no pattern becomes unlabelled paragraphs, with a warning.
"""

from __future__ import annotations

__all__ = ["read_text", "parse_text"]

import re
from dataclasses import dataclass, field
from pathlib import Path

from .decode import read_source_file
from .errors import SourceWarning
from .markers import (MarkerMatch, Style, is_first_label, is_next_label, is_note, match_container,
                      match_marker, match_section, split_heading)
from .model import UNLABELLED_PREFIX, Clause, ClauseKind, Document, SourceRef


@dataclass
class _Node:
    """A clause under construction (mutable; frozen into a Clause at the end)."""

    kind: ClauseKind
    label: str
    marker: str
    line: int
    heading: str | None = None
    text: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)
    style: Style | None = None
    indent: int = 0
    printed: bool = True
    inner: str = ""  # a marker's label without punctuation: "a", "1A"


@dataclass
class _Level:
    style: Style
    indent: int
    node: _Node


_TERMINAL = re.compile(r"(?:[.:;]|[.:;][\"”’')\]]|\b(?:and|or))$")


def _indent_of(raw: str) -> int:
    width = 0
    for ch in raw:
        if ch == "\t":
            width += 4
        elif ch in " \u00a0":
            width += 1
        else:
            break
    return width


def _is_prose(line: str) -> bool:
    """Running text has lower-case letters; a page header or caption line does not."""
    return re.search(r"[^\W\d_A-Z]{3}", line) is not None


def _is_hard_wrapped(lines: list[str]) -> bool:
    body = [ln.strip() for ln in lines if ln.strip()]
    if len(body) < 4:
        return False
    longest = max(len(ln) for ln in body)
    open_ended = sum(1 for ln in body[:-1] if not _TERMINAL.search(ln))
    return longest <= 120 and open_ended >= max(2, len(body) // 3)


class _Parser:
    def __init__(self, path: str, section: str | None) -> None:
        self.path = path
        self.roots: list[_Node] = []
        self.container: _Node | None = None
        self.section: _Node | None = None
        self.stack: list[_Level] = []
        self.open: _Node | None = None  # the clause that receives continuation lines
        self.open_note: _Node | None = None
        self.warnings: list[SourceWarning] = []
        self.heading_only = False  # the last line held a designation and heading, no text
        if section:
            self.section = _Node(ClauseKind.SECTION, section, "", 1, printed=False)
            self.roots.append(self.section)
            self.open = self.section

    # -- where new clauses go ------------------------------------------------------------------
    def _parent_list(self) -> list[_Node]:
        if self.stack:
            return self.stack[-1].node.children
        if self.section is not None:
            return self.section.children
        if self.container is not None:
            return self.container.children
        return self.roots

    def _add_container(self, kind: str, marker: str, number: str, rest: str, line: int) -> None:
        node = _Node(ClauseKind(kind), number, marker, line, heading=rest or None)
        self.roots.append(node)
        self.container, self.section, self.stack, self.open = node, None, [], node
        self.open_note, self.heading_only = None, True

    def _add_section(self, marker: str, number: str, heading: str | None, text: str,
                     line: int) -> None:
        node = _Node(ClauseKind.SECTION, number, marker, line, heading=heading)
        (self.container.children if self.container else self.roots).append(node)
        self.section, self.stack, self.open, self.open_note = node, [], node, None
        self.heading_only = not text
        if text:
            self._text_or_marker(text, line, indent=0)

    def _choose_style(self, match: MarkerMatch, indent: int) -> tuple[Style, int | None]:
        """Pick the style of a (possibly ambiguous) marker and the stack depth it joins.

        In order: the expected next sibling of an open level; a first label ((1), (a), (i)) of a
        style not open yet, which opens a level; an open style (a numbering gap); a new level.
        """
        def position(style: Style) -> int | None:
            found = [d for d, lv in enumerate(self.stack) if lv.style == style]
            fitting = [d for d in found if self.stack[d].indent <= indent]
            return (fitting or found)[-1] if found else None

        for style in match.styles:
            depth = position(style)
            if depth is not None and is_next_label(self.stack[depth].node.inner, match.label,
                                                   style.counter):
                return style, depth
        for style in match.styles:
            if position(style) is None and is_first_label(match.label, style.counter):
                return style, None
        for style in match.styles:
            depth = position(style)
            if depth is not None:
                return style, depth
        return match.styles[0], None

    def _add_marker(self, match: MarkerMatch, line: int, indent: int) -> None:
        style, depth = self._choose_style(match, indent)
        if depth is not None and indent > self.stack[depth].indent + 1:
            depth = None  # the same style visibly deeper: a new level (tab-indented layouts)
        if depth is not None:
            del self.stack[depth:]
        node = _Node(ClauseKind.PARAGRAPH, match.marker, match.marker, line, style=style,
                     indent=indent, inner=match.label)
        self._parent_list().append(node)
        self.stack.append(_Level(style, indent, node))
        self.open, self.open_note = node, None
        if match.rest:
            self._text_or_marker(match.rest, line, indent)

    def _expected(self, match: MarkerMatch) -> bool:
        """Whether a marker fits the open numbering (used to reject wrapped cross-references)."""
        for style in match.styles:
            for level in self.stack:
                if level.style == style and is_next_label(level.node.inner, match.label,
                                                          style.counter):
                    return True
            if is_first_label(match.label, style.counter):
                return True
        return False

    def _text_or_marker(self, text: str, line: int, indent: int) -> None:
        """Text on the same line as a designation: "(b)(1) The …" opens (1) inside (b)."""
        inner = match_marker(text)
        if inner is not None:
            self._add_marker(inner, line, indent)
        else:
            self._add_text(text, line, indent, new_paragraph=False)

    def _add_text(self, text: str, line: int, indent: int, new_paragraph: bool) -> None:
        target = self.open
        if target is not None and not new_paragraph:
            target.text.append(text)
            return
        if target is not None and not target.text and not target.children:
            target.text.append(text)  # a label or heading on its own line; its text follows
            return
        node = _Node(ClauseKind.UNLABELLED, "", "", line, indent=indent)
        node.text.append(text)
        if self.stack and indent > self.stack[-1].indent:
            self.stack[-1].node.children.append(node)  # a further paragraph of the open clause
        else:
            self.stack = []
            self._parent_list().append(node)
        self.open, self.open_note = node, None

    def _add_note(self, text: str, line: int) -> None:
        owner = self.section or self.container or (self.roots[-1] if self.roots else None)
        if owner is None:
            owner = _Node(ClauseKind.UNLABELLED, "", "", line)
            self.roots.append(owner)
        owner.notes.append(text)
        self.open_note = owner

    # -- the walk -------------------------------------------------------------------------------
    def feed(self, lines: list[str]) -> None:
        wrapped = _is_hard_wrapped(lines)
        previous = ""  # the previous non-blank line, stripped
        blank_before = True
        for number, raw in enumerate(lines, start=1):
            text = raw.strip(" \t\u00a0\ufeff")
            if not text:
                blank_before = True
                continue
            indent = _indent_of(raw)
            boundary = (blank_before or not wrapped or self.heading_only
                        or bool(_TERMINAL.search(previous)) or not _is_prose(previous))
            self.heading_only = False
            self._line(text, number, indent, boundary, blank_before or not wrapped, lines)
            previous, blank_before = text, False

    def _line(self, text: str, number: int, indent: int, boundary: bool, new_paragraph: bool,
              lines: list[str]) -> None:
        if self.open_note is not None and not new_paragraph:
            self.open_note.notes[-1] += "\n" + text
            return
        if boundary:
            container = match_container(text)
            if container is not None:
                self._add_container(container.kind, container.marker, container.number,
                                    container.rest, number)
                return
            section = match_section(text)
            if section is not None:
                whole = new_paragraph or number >= len(lines) or not lines[number].strip()
                heading, rest = split_heading(section.rest, whole)
                self._add_section(section.marker, section.number, heading, rest, number)
                return
            if is_note(text):
                self._add_note(text, number)
                return
            marker = match_marker(text)
            if marker is not None and (new_paragraph or self._expected(marker)):
                self._add_marker(marker, number, indent)
                return
        if self._heading_line(text, number, lines):
            return
        self._add_text(text, number, indent, new_paragraph)

    def _heading_line(self, text: str, number: int, lines: list[str]) -> bool:
        """A short line right after a bare section number is that section's heading."""
        node = self.open
        if (node is None or node is not self.section or node.heading or node.text
                or node.children or not node.printed):
            return False
        followed_by_blank = number >= len(lines) or not lines[number].strip()
        if (followed_by_blank and len(text.split()) <= 12 and not text.endswith((".", ":", ";"))
                and any(c.isalpha() for c in text)):
            node.heading = text
            self.heading_only = True
            return True
        return False


def _freeze(node: _Node, parent_path: tuple[str, ...], counter: list[int]) -> Clause:
    if node.kind.is_container:
        path: tuple[str, ...] = (node.label,)
    elif node.kind is ClauseKind.SECTION:
        path = (node.label,)
    elif node.kind is ClauseKind.UNLABELLED:
        counter[0] += 1
        path = parent_path + (f"{UNLABELLED_PREFIX}{counter[0]}",)
    else:
        path = parent_path + (node.label,)
    child_parent = () if node.kind.is_container else path
    child_counter = [0]
    children = tuple(_freeze(child, child_parent, child_counter) for child in node.children)
    return Clause(kind=node.kind, label=node.label, path=path, marker=node.marker,
                  heading=node.heading, text="\n".join(node.text), notes=tuple(node.notes),
                  children=children, line=node.line, printed=node.printed)


def parse_text(text: str, *, path: str, source: SourceRef, section: str | None = None,
               warnings: tuple[SourceWarning, ...] = ()) -> Document:
    """Parse decoded text into a :class:`Document`.

    Args:
        text: the decoded text (LF line endings).
        path: the file as the user named it, for messages.
        source: the version's provenance.
        section: the section number to open before line 1, for a copy that starts inside a
            section whose number is not printed in it (store metadata ``section``).
        warnings: warnings from decoding, carried into the document.
    """
    parser = _Parser(path, section)
    lines = text.split("\n")
    parser.feed(lines)
    counter = [0]
    clauses = tuple(_freeze(node, (), counter) for node in parser.roots)
    found: list[SourceWarning] = list(warnings) + parser.warnings
    if not any(c.kind is not ClauseKind.UNLABELLED for c in clauses):
        found.append(SourceWarning(path, 1, "no section or clause designations recognised; "
                                            f"read as {len(clauses)} plain paragraph(s)"))
    title = next((c.heading for c in clauses if c.heading), "") or ""
    return Document(source=source, clauses=clauses, title=title, warnings=tuple(found))


def read_text(path: Path, display: str | None = None, *, source: SourceRef | None = None,
              section: str | None = None) -> Document:
    """Read a plain-text file (UTF-8, else Windows-1252 with a warning) into a Document."""
    import hashlib

    shown = display or str(path)
    text, warnings = read_source_file(path, shown)
    if source is None:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        source = SourceRef(id=shown, label=path.stem, sha256=digest)
    return parse_text(text, path=shown, source=source, section=section, warnings=warnings)

"""Structured legislative XML → the store's plain-line text, in one layout for every format.

D.C. Council XML, USLM and Akoma Ntoso all nest numbered levels holding a number, a heading and
text. Each reader turns its XML into :class:`Node` trees; :func:`render` writes them as the lines
``ordinances/`` already holds for the D.C. Code (``edits`` of those versions):

* a section or container: one line ``<num> <heading>``, its own text on the lines after;
* any other level: ``<num> <heading> <first line of text>``, further text lines below it, with
  two spaces of indent per level below the section;
* text after a level's sub-levels (``wrapUp``, ``continuation``) on its own line at the level's
  indent; history notes (``sourceCredit``) on their own lines after the sub-levels.

:func:`xml_nodes` is the shared walk: which elements are levels, which hold text, and which are
skipped is the reader's :class:`Spec`.
"""

from __future__ import annotations

__all__ = ["Node", "Spec", "render", "xml_nodes", "flat_lines"]

import re
from dataclasses import dataclass, field

from lxml import etree


@dataclass
class Node:
    """One level: its designation, heading, own text lines, sub-levels, and trailing lines."""

    num: str = ""
    heading: str = ""
    lines: list[str] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    after: list[str] = field(default_factory=list)
    head: bool = False  # a section or container: number and heading on a line of their own


@dataclass(frozen=True)
class Spec:
    """How one XML vocabulary marks levels and text (local names, namespace stripped).

    ``heads``: section and container levels; ``levels``: every other level; ``before`` and
    ``after``: elements holding a level's text before and after its sub-levels; ``notes``: text
    kept as history notes; ``skip``: elements never read (metadata, editorial notes, tables of
    contents).
    """

    heads: frozenset[str]
    levels: frozenset[str]
    before: frozenset[str]
    after: frozenset[str]
    notes: frozenset[str] = frozenset()
    skip: frozenset[str] = frozenset()
    blocks: frozenset[str] = frozenset({"p", "br", "block", "div", "blockList", "item"})


_SPACE = re.compile(r"\s+")


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def flat_lines(element: etree._Element, spec: Spec) -> list[str]:
    """An element's text as lines: each block child (``p``, ``br`` …) ends a line, whitespace in
    a line collapses to one space, inline markup is flattened in place."""
    lines: list[str] = [""]

    def walk(el: etree._Element) -> None:
        name = _local(el)
        if name in spec.skip:
            lines[-1] += " "  # a skipped footnote or note reference: keep the words apart
            return
        block = name in spec.blocks
        if block:
            lines.append("")
        lines[-1] += el.text or ""
        for child in el:
            if isinstance(child.tag, str):
                walk(child)
            lines[-1] += child.tail or ""
        if block:
            lines.append("")

    walk(element)
    out = [_SPACE.sub(" ", line).strip() for line in lines]
    return [line for line in out if line]


def xml_nodes(parent: etree._Element, spec: Spec) -> list[Node]:
    """The levels directly or transparently below ``parent``, in document order."""
    found: list[Node] = []
    for child in parent:
        name = _local(child)
        if not name or name in spec.skip:
            continue
        if name in spec.heads or name in spec.levels:
            found.append(_node(child, spec, name in spec.heads))
        elif name in spec.blocks or name in spec.before | spec.after:
            lines = flat_lines(child, spec)  # loose text: a preface, a preamble, a formula
            if lines:
                found.append(Node(lines=lines))
        elif name not in spec.notes | {"num", "heading"}:
            found.extend(xml_nodes(child, spec))
    return found


def _node(element: etree._Element, spec: Spec, head: bool) -> Node:
    node = Node(head=head)
    seen_level = False
    for child in element:
        name = _local(child)
        if not name or name in spec.skip:
            continue
        if name == "num":
            node.num = " ".join(flat_lines(child, spec))
        elif name == "heading":
            node.heading = " ".join(flat_lines(child, spec))
        elif name in spec.heads or name in spec.levels:
            node.children.append(_node(child, spec, name in spec.heads))
            seen_level = True
        elif name in spec.notes:
            node.after.extend(flat_lines(child, spec))
        elif name in spec.after or (seen_level and name in spec.before):
            node.after.extend(flat_lines(child, spec))
        elif name in spec.before:
            node.lines.extend(flat_lines(child, spec))
        else:
            nested = xml_nodes(child, spec)
            node.children.extend(nested)
            seen_level = seen_level or bool(nested)
    return node


def render(nodes: list[Node]) -> str:
    """The nodes as the store's plain lines (see the module docstring), ending with a newline."""
    out: list[str] = []

    def walk(node: Node, level: int) -> None:
        indent = "  " * level
        first = " ".join(p for p in (node.num, node.heading) if p)
        lines = list(node.lines)
        if node.head:
            if first:
                out.append(first)
        else:
            opening = " ".join(p for p in (first, lines.pop(0) if lines else "") if p)
            if opening:
                out.append(indent + opening)
        out.extend(indent + line for line in lines)
        deeper = 0 if node.head else level + 1
        for child in node.children:
            walk(child, deeper)
        out.extend(indent + line for line in node.after)

    for node in nodes:
        walk(node, 0)
    return "\n".join(out) + "\n"

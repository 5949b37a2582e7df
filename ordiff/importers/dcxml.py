"""D.C. Council code XML → text, through the project's own reader (:mod:`ordiff.read_dcxml`).

One section (or title container) file at a time: its clause tree is written as the plain lines
the store's D.C. texts use (:func:`.outline.render`): the section line ``§ <num>. <heading>``,
then one line per ``<para>`` with two spaces of indent per level. History annotations are left
out (``edits`` says so when there were any). Includes (``xi:include``) are not followed: a
title or build is imported section by section.
"""

from __future__ import annotations

__all__ = ["read_dc"]

import tempfile
from pathlib import Path

from ..model import Clause, ClauseKind
from .base import Converted
from .outline import Node, render


def _node(clause: Clause) -> Node:
    head = clause.kind is ClauseKind.SECTION or clause.kind.is_container
    marker = clause.marker if clause.printed else ""
    if clause.kind is ClauseKind.SECTION and marker and not marker.startswith("§"):
        marker = f"§ {marker.rstrip('.')}."  # as the Council prints it: "§ 24-211.07."
    lines = [line for line in clause.text.split("\n") if line.strip()]
    return Node(num=marker, heading=clause.heading or "", lines=lines,
                children=[_node(child) for child in clause.children], head=head)


def read_dc(data: bytes, path: str, amendment: str = "auto") -> Converted:
    """Read one D.C. Code XML file's bytes (D.C. XML carries no strike-and-underline markup)."""
    from ..errors import SourceError
    from ..read_dcxml import read_dcxml

    if amendment == "yes":
        raise SourceError("D.C. Code XML has no strike-and-underline amendment markup", path=path)
    with tempfile.TemporaryDirectory(prefix="ordiff-import-") as folder:
        copy = Path(folder) / "section.xml"
        copy.write_bytes(data)
        document = read_dcxml(copy, path)
    edits = ["rendered from the XML as plain lines: one line per <para> (its num, then its text "
             "with tags stripped and whitespace collapsed), two spaces of indent per level",
             "a heading line \"§ <num>. <heading>\" from the section's num and heading"]
    if any(clause.notes for clause in _all(document.clauses)):
        edits.append("history annotations omitted")
    return Converted("dcxml", render([_node(c) for c in document.clauses]), None,
                     tuple(edits), document.warnings)


def _all(clauses: tuple[Clause, ...]) -> list[Clause]:
    out: list[Clause] = []
    for clause in clauses:
        out.append(clause)
        out.extend(_all(clause.children))
    return out

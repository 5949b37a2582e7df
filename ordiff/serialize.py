"""Model → JSON-ready dicts and plain-text outlines (the debugging views of the model).

Key order is fixed and nothing depends on the clock or the machine, so the same model always
serialises to the same bytes.
"""

from __future__ import annotations

__all__ = ["DOCUMENT_SCHEMA", "clause_to_dict", "document_to_dict", "document_outline", "dumps"]

import json
from typing import Any

from .model import Clause, Document

DOCUMENT_SCHEMA = "ordiff.document/1"


def clause_to_dict(clause: Clause) -> dict[str, Any]:
    """One clause and its subtree, as ``ordiff show --format json`` prints it."""
    out: dict[str, Any] = {
        "path": list(clause.path),
        "label": clause.label,
        "kind": clause.kind.value,
        "marker": clause.marker,
        "heading": clause.heading,
        "text": clause.text,
    }
    if clause.notes:
        out["notes"] = list(clause.notes)
    if not clause.printed:
        out["printed"] = False
    if clause.status:
        out["status"] = clause.status
    out["line"] = clause.line
    out["children"] = [clause_to_dict(child) for child in clause.children]
    return out


def document_to_dict(document: Document) -> dict[str, Any]:
    src = document.source
    return {
        "schema": DOCUMENT_SCHEMA,
        "source": {"id": src.id, "label": src.label, "sha256": src.sha256,
                   "completeness": src.completeness.value, "stops": src.stops or None,
                   "missing": src.missing or None},
        "title": document.title,
        "warnings": [str(w) for w in document.warnings],
        "clauses": [clause_to_dict(c) for c in document.clauses],
    }


def _one_line(text: str) -> str:
    return " ".join(text.split())


def document_outline(document: Document) -> str:
    """An indented outline: one line per clause with its path, heading and full own text."""
    lines: list[str] = []

    def walk(clause: Clause, depth: int) -> None:
        pad = "  " * depth
        shown = clause.marker if clause.printed and clause.marker else f"[{clause.path[-1]}]"
        parts = [shown]
        if clause.status:
            parts.append(f"<{clause.status}>")
        if clause.heading:
            parts.append(_one_line(clause.heading))
        if clause.text:
            parts.append(_one_line(clause.text))
        lines.append(pad + "  ".join(parts))
        for child in clause.children:
            walk(child, depth + 1)
        for note in clause.notes:
            lines.append(pad + "  note: " + _one_line(note))

    for top in document.clauses:
        walk(top, 0)
    return "\n".join(lines) + "\n"


def dumps(data: Any) -> str:
    """JSON text: UTF-8 characters kept, two-space indent, trailing newline."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

"""Model → JSON-ready dicts and plain-text outlines (the debugging views of the model).

Key order is fixed and nothing depends on the clock or the machine, so the same model always
serialises to the same bytes.
"""

from __future__ import annotations

__all__ = ["DOCUMENT_SCHEMA", "COMPARISON_SCHEMA", "clause_to_dict", "document_to_dict",
           "document_outline", "comparison_to_dict", "store_listing", "store_to_dict", "dumps",
           "dumps_comparison", "comparison_json"]

import json
from typing import TYPE_CHECKING, Any

from .collector import paused
from .json_records import lines
from .model import ChangeKind, Clause, Comparison, Document

if TYPE_CHECKING:
    from .store import Store, StoredVersion

DOCUMENT_SCHEMA = "ordiff.document/1"
STORE_SCHEMA = "ordiff.store/1"


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
    return {
        "schema": DOCUMENT_SCHEMA,
        "source": _version(document),
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


def dumps_comparison(data: dict[str, Any]) -> str:
    """A comparison's JSON text from its dict (:func:`comparison_to_dict`): as :func:`dumps`,
    with each change record on a line of its own (the layout :func:`comparison_json` writes)."""
    return _comparison_text(data, [json.dumps(record, ensure_ascii=False, separators=(", ", ": "))
                                   for record in data["changes"]])


def _comparison_text(data: dict[str, Any], records: list[str]) -> str:
    """The head indented, then one record a line: reads and greps well, and is fast (an
    indented dump goes through Python's pure-Python encoder: 2 s and 48 MB for a whole code)."""
    head = json.dumps({k: v for k, v in data.items() if k != "changes"}, ensure_ascii=False,
                      indent=2)
    if not records:
        return f'{head[:-2]},\n  "changes": []\n}}\n'
    # One join, the head and tail riding on the first and last record: a whole code's text is
    # 30 million characters (120 MB where an astral one makes it UCS-4), each copy 30 ms.
    parts = list(records)
    parts[0] = f'{head[:-2]},\n  "changes": [\n    {parts[0]}'
    parts[-1] += "\n  ]\n}\n"
    return ",\n    ".join(parts)


COMPARISON_SCHEMA = "ordiff.comparison/1"


def _version(document: Document) -> dict[str, Any]:
    src = document.source
    return {"id": src.id, "label": src.label, "sha256": src.sha256,
            "completeness": src.completeness.value, "stops": src.stops or None,
            "missing": src.missing or None}


def comparison_to_dict(comparison: Comparison, changes_only: bool = False) -> dict[str, Any]:
    """The comparison as ``ordiff diff --format json`` prints it (see docs/json-schema.md), as
    data: :func:`comparison_json`'s text read back, so that the format is written once."""
    return json.loads(comparison_json(comparison, changes_only))  # type: ignore[no-any-return]


def comparison_json(comparison: Comparison, changes_only: bool = False) -> str:
    """``ordiff diff --format json``'s text, written from the model record by record.

    A whole code has 184,000 records: building a dict for each and dumping them cost 0.9 s;
    each record's line is written instead, in C where built (:mod:`ordiff.json_records`). The
    text is what :func:`dumps_comparison` makes of the same data (tested).
    """
    changes = comparison.changes
    with paused():
        if changes_only:
            unchanged = ChangeKind.UNCHANGED
            changes = tuple(change for change in changes if change.kind is not unchanged)
        records = lines(changes)
    head = {"schema": COMPARISON_SCHEMA, "old": _version(comparison.old),
            "new": _version(comparison.new), "ignored": list(comparison.ignored),
            "granularity": comparison.granularity}
    return _comparison_text(head, records)


def _when(version: StoredVersion) -> str:
    """The version's date and what it is a date of: "adopted 2003-09-26", "expires …"."""
    for name in ("adopted", "effective", "as_of", "expires"):
        value = getattr(version, name)
        if value:
            return f"{name.replace('_', ' ')} {value.isoformat()}"
    return str(version.year) if version.year else "undated"


def store_listing(store: Store) -> str:
    """``ordiff list``: one block per ordinance, one line per version."""
    by_id = {v.id: v for v in store.versions}
    lines: list[str] = []
    for ordinance in store.ordinances:
        lines.append(f"{ordinance.id}  {ordinance.jurisdiction_name}: {ordinance.title}")
        for vid in ordinance.versions:
            v = by_id[vid]
            extent = v.completeness.value
            lines.append(f"  {v.id:<46} {_when(v):<20} {v.status:<9} {extent}")
    return "\n".join(lines) + "\n"


def store_to_dict(store: Store) -> dict[str, Any]:
    """``ordiff list --format json``."""
    return {
        "schema": STORE_SCHEMA,
        "default": {"old": store.default_old, "new": store.default_new},
        "ordinances": [{
            "id": o.id, "jurisdiction": o.jurisdiction_name, "title": o.title,
            "citation": o.citation,
            "versions": [{
                "id": v.id, "label": v.label, "date": v.date.isoformat() if v.date else None,
                "status": v.status, "completeness": v.completeness.value,
                "stops": v.stops or None, "sha256": v.sha256,
            } for v in (next(x for x in store.versions if x.id == vid) for vid in o.versions)],
        } for o in store.ordinances],
    }

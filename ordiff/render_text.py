"""Comparison → terminal text: clause by clause, with paths, kinds and inline
``[-deleted-]{+inserted+}`` words (coloured on a terminal, plain when piped)."""

from __future__ import annotations

__all__ = ["render_text"]

import re

from .model import ChangeKind, ClauseChange, Comparison, Op, Span

_SIGN = {
    ChangeKind.UNCHANGED: " ", ChangeKind.AMENDED: "~", ChangeKind.RENUMBERED: "#",
    ChangeKind.MOVED: ">", ChangeKind.INSERTED: "+", ChangeKind.DELETED: "-",
    ChangeKind.SPLIT: "<", ChangeKind.MERGED: ">", ChangeKind.NOT_IN_OLD_COPY: "?",
    ChangeKind.NOT_IN_NEW_COPY: "?",
}
_RED, _GREEN, _DIM, _BOLD, _RESET = "\x1b[31m", "\x1b[32m", "\x1b[2m", "\x1b[1m", "\x1b[0m"


def _path(change: ClauseChange) -> str:
    old = "/".join(change.old.path) if change.old else None
    new = "/".join(change.new.path) if change.new else None
    if old and new and old != new:
        return f"{new} (formerly {old})"
    return new or old or ""


def _spans(spans: tuple[Span, ...], colour: bool) -> str:
    out: list[str] = []
    for span in spans:
        text = re.sub(r"\s+", " ", span.text)
        if span.op is Op.EQUAL:
            out.append(text)
        elif span.ignored:
            out.append(text if span.op is Op.INSERT else "")
        elif span.op is Op.DELETE:
            out.append(f"{_RED}[-{text}-]{_RESET}" if colour else f"[-{text}-]")
        elif span.op is Op.INSERT:
            out.append(f"{_GREEN}{{+{text}+}}{_RESET}" if colour else f"{{+{text}+}}")
        else:
            label = "not in the new copy" if span.op is Op.OLD_BEYOND_COPY else "not in the old copy"
            out.append(f"{_DIM}[…{label}: {text}…]{_RESET}" if colour else f"[…{label}: {text}…]")
    return "".join(out)


def render_text(comparison: Comparison, changes_only: bool = False, colour: bool = False) -> str:
    """The whole comparison as text; ``changes_only`` leaves out unchanged clauses."""
    old, new = comparison.old.source, comparison.new.source
    lines = [f"--- {old.id}  ({old.label}, {old.completeness.value})",
             f"+++ {new.id}  ({new.label}, {new.completeness.value})"]
    if comparison.ignored:
        lines.append("ignored: " + ", ".join(comparison.ignored))
    for change in comparison.changes:
        if changes_only and change.kind is ChangeKind.UNCHANGED:
            continue
        kind = change.kind.value + (" and amended" if change.amended and change.kind not in (
            ChangeKind.AMENDED,) else "")
        head = f"{_SIGN[change.kind]} {_path(change)}  [{kind}]"
        lines.append(f"{_BOLD}{head}{_RESET}" if colour else head)
        if change.heading:
            lines.append("    heading: " + _spans(change.heading, colour))
        if change.text:
            lines.append("    " + _spans(change.text, colour))
    return "\n".join(lines) + "\n"

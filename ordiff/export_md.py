"""Comparison → a Markdown redline, for posting where Markdown is read (issues, forums, chat).

Layout: a short header (both versions, what was ignored, how to read it), a ``---`` rule, then
one block per row of :func:`ordiff.html_plan.plan_rows` (the order in which both readings
hold): a section or container head as a ``##`` heading, every other clause as a paragraph.

Marks use the HTML that CommonMark and GitHub pass through: ``<del>`` deleted, ``<ins>``
inserted. Text in only one stored copy because the other is an excerpt is marked the same way
with ``title="not in the stored copy of …"``; a note on a moved, split or merged clause is a
``<small>[…]</small>`` label. Reading the body back, dropping every ``<ins>`` and ``<small>``
gives the old version's words, dropping every ``<del>`` and ``<small>`` the new one's.

Law text is escaped, never altered: ``&``, ``<`` and ``>`` as entities, Markdown punctuation
with a backslash, so no word of an ordinance can turn into markup.
"""

from __future__ import annotations

__all__ = ["export_md", "escape_md"]

import re

from .html_plan import Row, cite, plan_rows
from .model import Comparison, Op, Span

_SHOW = {"both": frozenset(Op), "old": frozenset(o for o in Op if o.in_old),
         "new": frozenset(o for o in Op if o.in_new)}
_BEYOND = {Op.OLD_BEYOND_COPY: ' title="not in the stored copy of the new version"',
           Op.NEW_BEYOND_COPY: ' title="not in the stored copy of the old version"'}
_PUNCT = re.compile(r"([\\`*_\[\]|~]|!(?=\[))")
_RELATION = {"moved-from": "moved to", "moved-to": "moved from", "split": "split from",
             "merged": "merged into"}


def escape_md(text: str) -> str:
    """Text as Markdown that renders as exactly that text (whitespace runs become one space)."""
    text = re.sub(r"\s+", " ", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _PUNCT.sub(r"\\\1", text)
    text = re.sub(r"^(\d+)([.)])", r"\1\\\2", text)  # "1." would start a list
    return re.sub(r"^([-+#])", r"\\\1", text)  # so would "-", "+"; "#" a heading


def _spans(spans: tuple[Span, ...], content: str, wrap: str) -> str:
    show = _SHOW[{"del": "old", "ins": "new"}.get(wrap, content)]
    out: list[str] = []
    for span in spans:
        if span.op not in show or not span.text:
            continue
        text = escape_md(span.text)
        op = span.op
        if wrap and op in (Op.EQUAL, Op.DELETE, Op.INSERT):
            op = Op.DELETE if wrap == "del" else Op.INSERT
        if op is Op.EQUAL:
            out.append(text)
        elif op in (Op.DELETE, Op.OLD_BEYOND_COPY):
            out.append(f"<del{_BEYOND.get(op, '')}>{text}</del>")
        else:
            out.append(f"<ins{_BEYOND.get(op, '')}>{text}</ins>")
    return "".join(out)


def _row(row: Row) -> str:
    parts = [_spans(s, row.content, row.wrap) for s in (row.marker, row.heading, row.text)]
    marker, heading, text = parts
    label = ""
    if row.relation and row.other is not None:
        label = f" <small>[{_RELATION[row.relation]} {escape_md(cite(row.other))}]</small>"
    clause = row.clause
    if row.notes:
        return f"*{text}*{label}" if text else ""
    is_head = clause.kind.is_container or (len(clause.path) == 1 and
                                           clause.kind.value == "section")
    if is_head:
        head = " ".join(p for p in (marker, heading) if p)
        blocks = [f"## {head}{label}"] if head else []
        if text:
            blocks.append(text)
        return "\n\n".join(blocks)
    first = " ".join(p for p in (marker, f"**{heading}**" if heading else "", text) if p)
    return first + label


def export_md(comparison: Comparison, title: str = "") -> str:
    """The comparison as a Markdown redline (see the module docstring)."""
    old, new = comparison.old.source, comparison.new.source
    shown = title or comparison.new.title or new.id
    lines = [f"# Redline: {escape_md(shown)}", "",
             f"**Old:** {escape_md(old.id)}, {escape_md(old.label)} ({old.completeness.value})  ",
             f"**New:** {escape_md(new.id)}, {escape_md(new.label)} ({new.completeness.value})  "]
    if comparison.ignored:
        lines.append("Differences ignored: " + ", ".join(comparison.ignored) + ".  ")
    lines += ["<del>Deleted</del> and <ins>inserted</ins> words are marked; text in only one "
              "stored copy (an excerpt) is marked the same way, with a tooltip saying so.", "",
              "---", ""]
    blocks = [block for block in (_row(row) for row in plan_rows(comparison)) if block]
    return "\n".join(lines) + "\n" + "\n\n".join(blocks) + "\n"

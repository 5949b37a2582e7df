"""The spans a redline shows that the engine does not compute: designations and history notes.

Designations: the same, replaced (renumbered, or printed otherwise), or beyond an excerpt.

History notes, note by note: the engine compares clause text, not notes, yet a report shows how
the notes changed (an amending ordinance appended, an editor's note dropped). Annotations can run to
pages and a word diff of long, partly unrelated texts is slow, so notes are first matched whole
(difflib over the tuple of notes); only a note replaced one-for-one by one of modest length is word
diffed. The ``"\\n"`` between notes stays in the spans (whitespace-only ones flagged ``ignored``, so
they show quietly): joining the ``=``/``-`` spans gives ``"\\n".join(old)`` exactly, and the
``=``/``+`` spans ``"\\n".join(new)``.
"""

from __future__ import annotations

__all__ = ["LONE_OP", "marker_spans", "notes_spans", "diff_notes"]

import difflib

from .model import ChangeKind, ClauseChange, Op, Span
from .textdiff import DiffOptions, diff_text

_WORD_DIFF_LIMIT = 4000  # characters of one old and one new note together
LONE_OP = {ChangeKind.DELETED: Op.DELETE, ChangeKind.INSERTED: Op.INSERT,
            ChangeKind.NOT_IN_NEW_COPY: Op.OLD_BEYOND_COPY,
            ChangeKind.NOT_IN_OLD_COPY: Op.NEW_BEYOND_COPY}


def _pieces(old: tuple[str, ...], new: tuple[str, ...], options: DiffOptions
            ) -> list[tuple[bool, bool, tuple[Span, ...]]]:
    """(has old text, has new text, spans) per matched run of notes, in order."""
    out: list[tuple[bool, bool, tuple[Span, ...]]] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend((True, True, (Span(Op.EQUAL, note),)) for note in old[i1:i2])
        elif tag == "replace" and i2 - i1 == j2 - j1:
            for a, b in zip(old[i1:i2], new[j1:j2]):
                small = len(a) + len(b) <= _WORD_DIFF_LIMIT
                out.append((True, True, diff_text(a, b, options) if small else
                            (Span(Op.DELETE, a), Span(Op.INSERT, b))))
        else:
            out.extend((True, False, (Span(Op.DELETE, note),)) for note in old[i1:i2])
            out.extend((False, True, (Span(Op.INSERT, note),)) for note in new[j1:j2])
    return out


def diff_notes(old: tuple[str, ...], new: tuple[str, ...], options: DiffOptions
               ) -> tuple[Span, ...]:
    """Spans whose old reading is ``"\\n".join(old)`` and new reading ``"\\n".join(new)``."""
    spans: list[Span] = []
    seen_old = seen_new = False
    for has_old, has_new, piece in _pieces(old, new, options):
        gap_old, gap_new = has_old and seen_old, has_new and seen_new
        if gap_old or gap_new:
            op = Op.EQUAL if gap_old and gap_new else (Op.DELETE if gap_old else Op.INSERT)
            spans.append(Span(op, "\n", op is not Op.EQUAL))
        spans.extend(piece)
        seen_old, seen_new = seen_old or has_old, seen_new or has_new
    merged: list[Span] = []
    for span in spans:
        if merged and merged[-1].op is span.op and merged[-1].ignored == span.ignored:
            merged[-1] = Span(span.op, merged[-1].text + span.text, span.ignored)
        else:
            merged.append(span)
    return tuple(merged)


def marker_spans(change: ClauseChange) -> tuple[Span, ...]:
    """The designations as spans: equal, replaced (renumbered or printed otherwise), or one side's
    only; a designation the other copy does not print (it starts inside the clause) is beyond it."""
    old, new = change.old, change.new
    om = old.marker if old is not None and old.printed and old.marker else ""
    nm = new.marker if new is not None and new.printed and new.marker else ""
    if old is None or new is None:
        mark = om or nm
        return (Span(LONE_OP[change.kind], mark),) if mark else ()
    if om == nm:
        return (Span(Op.EQUAL, om),) if om else ()
    if om and nm:
        return (Span(Op.DELETE, om), Span(Op.INSERT, nm))
    if om:  # the new copy does not print a designation it has (it starts inside the clause)
        return (Span(Op.OLD_BEYOND_COPY if not new.printed else Op.DELETE, om),)
    return (Span(Op.NEW_BEYOND_COPY if not old.printed else Op.INSERT, nm),)


def notes_spans(change: ClauseChange, old_notes: tuple[str, ...], new_notes: tuple[str, ...],
                old_cut: bool, new_cut: bool, options: DiffOptions) -> tuple[Span, ...]:
    """The notes of a change's clauses as spans. ``old_cut``/``new_cut``: that version is an
    excerpt that stops inside the clause, so notes only the other version has are beyond it."""
    old, new = "\n".join(old_notes), "\n".join(new_notes)
    if change.kind in LONE_OP:
        return (Span(LONE_OP[change.kind], old or new),)
    if old == new:
        return (Span(Op.EQUAL, old),)
    if not new:
        return (Span(Op.OLD_BEYOND_COPY if new_cut else Op.DELETE, old),)
    if not old:
        return (Span(Op.NEW_BEYOND_COPY if old_cut else Op.INSERT, new),)
    return diff_notes(old_notes, new_notes, options)

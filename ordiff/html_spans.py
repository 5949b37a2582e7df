"""History notes of two versions of a clause → word spans, note by note.

The engine compares clause text, not notes; a report still shows how the notes changed (a new
amending ordinance appended, an editor's note dropped). Annotations can run to pages, and a word diff
of two long, partly unrelated texts is slow, so the notes are first matched whole (difflib over the
tuple of notes, exact equality); only a note replaced one-for-one by a note of modest length is word
diffed. The ``"\\n"`` between notes stays in the spans (whitespace-only spans are flagged ``ignored``
so they show quietly), so joining the ``=``/``-`` spans still gives ``"\\n".join(old)`` exactly and
the ``=``/``+`` spans ``"\\n".join(new)``.
"""

from __future__ import annotations

__all__ = ["diff_notes"]

import difflib

from .model import Op, Span
from .textdiff import DiffOptions, diff_text

_WORD_DIFF_LIMIT = 4000  # characters of one old and one new note together


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

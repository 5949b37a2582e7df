"""A comparison's change records as JSON lines, one a record (``ordiff diff --format json``).

:func:`record` writes one the general way, in Python: the reference. A whole code has 184,000
records, and writing them was most of the JSON stage, so :func:`record_lines` writes them in C
(``ordiff._jsonlines``) where it is built and ``ORDIFF_PURE`` is not set
(:func:`ordiff.accel.extension`): every record of the usual types, character for character
what :func:`record` writes (strings as ``json.encoder.encode_basestring`` escapes them, the
similarity as ``repr(float)``), and None for anything else (an int similarity, a kind or op
that is no member, a path that is not a tuple of strs ...), which :func:`lines` then writes with
:func:`record`, as it raises what it always raised. The Python :func:`py_record_lines` writes
only the unchanged clauses' records (8 in 10), from their paths alone. tests/test_json_records.py
holds each line equal to :func:`record`'s on generated and real records.
"""

from __future__ import annotations

__all__ = ["record", "lines", "record_lines", "py_record_lines", "ACCELERATED"]

import json
from collections.abc import Sequence
from contextlib import suppress
from json.encoder import encode_basestring
from typing import cast

from .accel import extension
from .model import ChangeKind, Clause, ClauseChange, Op, Span

#: Enum values by member: ``.value`` is a Python-level descriptor, read 230,000 times a code.
_KIND_TEXT = {kind: kind.value for kind in ChangeKind}
_OP_TEXT = {op: op.value for op in Op}


def record(change: ClauseChange) -> str:
    """One record's line, the general way."""
    old, new = change.old, change.new
    old_path = _path_json(old)
    new_path = old_path if new is old else _path_json(new)
    similarity = change.similarity
    line = (f'{{"kind": "{_KIND_TEXT[change.kind]}", "old_path": {old_path}, "new_path": '
            f'{new_path}, "amended": {"true" if change.amended else "false"}, '
            f'"similarity": '
            f'{repr(similarity) if type(similarity) is float else _number(similarity)}')
    heading, text = change.heading, change.text
    if heading and _changed(heading):
        line += ', "heading_ops": ' + _spans_json(heading)
    if text and _changed(text):
        line += ', "ops": ' + _spans_json(text)
    return line + "}"


def _path_json(clause: Clause | None) -> str:
    """A clause's path as a JSON list, null without a clause."""
    return "null" if clause is None else "[" + ", ".join(map(encode_basestring, clause.path)) + "]"


def _changed(spans: tuple[Span, ...]) -> bool:
    """Whether any span is not an equality (one equal span, the usual case, is seen at once)."""
    if len(spans) == 1:
        return spans[0].op is not Op.EQUAL
    return any(s.op is not Op.EQUAL for s in spans)


def _number(value: float) -> str:
    return float.__repr__(value) if type(value) is float else json.dumps(value)


def _spans_json(spans: tuple[Span, ...]) -> str:
    quote = encode_basestring
    return "[" + ", ".join(f'["{_OP_TEXT[s.op]}", {quote(s.text)}, true]' if s.ignored
                           else f'["{_OP_TEXT[s.op]}", {quote(s.text)}]' for s in spans) + "]"


#: An unchanged record's JSON line around its path (the same on both sides), as
#: :func:`record` writes it.
_SAME_HEAD = '{"kind": "unchanged", "old_path": '
_SAME_TAIL = ', "amended": false, "similarity": 1.0}'


def _plainly_equal(spans: tuple[Span, ...]) -> bool:
    return not spans or len(spans) == 1 and spans[0].op is Op.EQUAL


def py_record_lines(changes: Sequence[ClauseChange], /) -> list[str | None]:
    """Each record's JSON line if it is the record of a clause that is the same object in both
    versions, not amended, with similarity the float 1.0 and at most one equal span of heading
    and of text (8 in 10 records of a whole code): written from its path alone; else None."""
    found: list[str | None] = []
    for change in changes:
        old = change.old
        if change.kind is ChangeKind.UNCHANGED and old is change.new and old is not None and \
                change.amended is False and type(change.similarity) is float and \
                change.similarity == 1.0 and _plainly_equal(change.heading) and \
                _plainly_equal(change.text):
            path = "[" + ", ".join(map(encode_basestring, old.path)) + "]"
            found.append(f'{_SAME_HEAD}{path}, "new_path": {path}{_SAME_TAIL}')
        else:
            found.append(None)
    return found


record_lines = py_record_lines
if extension("_jsonlines"):  # the C lines, if ClauseChange and Span are laid out as it expects
    from ._jsonlines import configure_lines, record_lines as c_record_lines
    with suppress(TypeError):
        configure_lines(ClauseChange, Span, Op.EQUAL, _KIND_TEXT, _OP_TEXT)
        record_lines = c_record_lines

#: Whether the C lines are in use.
ACCELERATED = record_lines is not py_record_lines


def lines(changes: Sequence[ClauseChange]) -> list[str]:
    """Every record's line: :func:`record_lines`', and :func:`record`'s where it gave None."""
    found = record_lines(changes)
    if None in found:  # (in C, none on a whole code)
        for i in [i for i, line in enumerate(found) if line is None]:
            found[i] = record(changes[i])
    return cast("list[str]", found)

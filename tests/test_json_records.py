"""The JSON lines of change records written in C (``ordiff._jsonlines.record_lines``) are, each,
the general writer's line (``json_records.record``, the reference), character for character,
and None only where C leaves a record to it; the Python shortcut (``py_record_lines``) likewise.

Records: generated ones (every kind and op, ignored spans, no clause on either side, odd floats,
paths and texts with every character JSON escapes or keeps, control and astral characters),
records C must leave to Python (an int similarity, a kind or op that is no member, str
subclasses, lists for tuples, unset slots), types changed after configuration, and every record
of the stored ordinances' comparisons. Texts invented here are "Sample City" text, not law.
"""

from __future__ import annotations

import json
import sys
from typing import Any, NamedTuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import STORE, c_extension
from ordiff import json_records
from ordiff.json_records import record
from ordiff.model import ChangeKind, Clause, ClauseChange, ClauseKind, Op, Span
from test_cli import tricky_comparison
from test_wordsets import VERSIONS, outcome, run_python
from test_wordsets_records import fresh_module, kept_memory

C = c_extension("_jsonlines")

#: Every character json escapes (each control character, the quote and backslash) and near
#: misses it keeps (DEL, C1 controls, non-ASCII, astral, a lone surrogate).
ESCAPED = "".join(map(chr, range(0x20))) + '"\\/\x7f\x80\x9f\xa0é€\u2028\ud800𝄞'
TEXTS = st.text(alphabet=st.sampled_from(ESCAPED + "Sample City-1(a) "), max_size=12)
PATHS = st.lists(TEXTS, max_size=4).map(tuple)
ODD_FLOATS = st.sampled_from([0.0, -0.0, 1.0, 0.1, 1 / 3, 2 / 3, 1e16, 1e-7, 5e-324, 1e308,
                              float("inf"), float("-inf"), float("nan")])
SPANS = st.lists(st.builds(Span, st.sampled_from(list(Op)), TEXTS, st.booleans()),
                 max_size=4).map(tuple)


def clause(path: tuple[str, ...], heading: str | None = None, text: str = "Sample City") -> Clause:
    return Clause.of(ClauseKind.PARAGRAPH, "", path, "", heading, text, (), (), 0, True, "")


@st.composite
def records(draw: st.DrawFn) -> ClauseChange:
    old = draw(st.none() | PATHS.map(clause))
    new = draw(st.none() | st.just(old) | PATHS.map(clause))
    return ClauseChange.of(draw(st.sampled_from(list(ChangeKind))), old, new, draw(SPANS),
                           draw(SPANS), draw(st.booleans()), draw(ODD_FLOATS | st.floats()))


def same_lines(changes: Any) -> list[str | None]:
    """C's lines and Python's, each asserted to be the general writer's line where given."""
    lines, shortcut = C.record_lines(changes), json_records.py_record_lines(changes)
    assert len(lines) == len(shortcut) == len(changes)
    for line, short, change in zip(lines, shortcut, changes, strict=True):
        assert line is None or type(line) is str and line == record(change)
        assert short is None or short == line == record(change)
    return lines  # type: ignore[no-any-return]


def test_the_c_lines_are_used() -> None:
    assert json_records.record_lines is C.record_lines


@settings(max_examples=2000, deadline=None)
@given(changes=st.lists(records(), max_size=6))
def test_generated_records_give_the_general_line(changes: list[ClauseChange]) -> None:
    assert None not in same_lines(changes) and None not in same_lines(tuple(changes))


def test_odd_floats_are_written_as_repr() -> None:
    for value in (0.1 + 0.2, 1e22, 1e-5, 123456789012345680.0, -1.5e-310, float("nan")):
        line = same_lines([ClauseChange.of(ChangeKind.AMENDED, None, None, (), (), True,
                                           value)])[0]
        assert line is not None and line.endswith(f'"similarity": {value!r}}}')


def test_every_character_is_escaped_as_json_does() -> None:
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    spans = (Span(Op.DELETE, every), Span(Op.INSERT, every[::-1], True))
    old = clause((every[:0x3000], every, ""))
    line = same_lines([ClauseChange.of(ChangeKind.MOVED, old, None, spans, spans, True, 0.5)])[0]
    assert line is not None and "\\u001f" in line and "\\u001F" not in line
    assert "\\b" in line and "\x7f" in line and "\\ud800" not in line
    assert json.loads(line.replace("\ud800", ""))["heading_ops"][1][2] is True


class Sub(str):
    """A str subclass: left to Python."""


class Wide(NamedTuple):
    op: Any
    text: str
    ignored: bool = False


def test_other_records_are_left_to_the_general_way() -> None:
    plain = ClauseChange.of(ChangeKind.AMENDED, clause(("1",)), None, (),
                            (Span(Op.INSERT, "Sample"),), True, 0.5)
    fields = {"kind": plain.kind, "old": plain.old, "new": plain.new, "heading": plain.heading,
              "text": plain.text, "amended": plain.amended, "similarity": plain.similarity}
    odd: list[dict[str, Any]] = [
        {"similarity": 1}, {"similarity": True}, {"kind": "amended"}, {"amended": 1},
        {"text": (Span("+", "Sample"),)}, {"text": (Span(Op.INSERT, Sub("Sample")),)},
        {"text": (Span(Op.INSERT, "Sample", 1),)}, {"text": [Span(Op.INSERT, "Sample")]},
        {"text": (Wide(Op.INSERT, "Sample"),)}, {"heading": None},
        {"old": clause(["1"])},  # type: ignore[arg-type]
        {"new": clause(("1", Sub("2")))}]
    changes = [ClauseChange.of(**{**fields, **change}) for change in odd]
    assert C.record_lines(changes) == [None] * len(changes)
    for change in changes:
        assert outcome(json_records.lines, ([change],)) == outcome(lambda c: [record(c)],
                                                                  (change,))
    equal = ClauseChange.of(**{**fields, "text": (Span(Op.EQUAL, Sub("Sample"), 1),)})
    assert same_lines([plain, equal]) == [record(plain), record(equal)]  # (not written: equal)
    unset = object.__new__(ClauseChange)
    assert C.record_lines([unset]) == [None]
    with pytest.raises(AttributeError):
        json_records.lines([unset])
    assert outcome(C.record_lines, (iter([plain]),))[0] == "raised"


def test_a_changed_span_or_record_type_is_left_to_python() -> None:
    """Another attribute set on either type changes nothing; a span's field or a record's that
    is no longer the slot's leaves the records to Python until it is back."""
    plain = ClauseChange.of(ChangeKind.AMENDED, clause(("1-101",)), clause(("1-102",)), (),
                            (Span(Op.DELETE, "Sample"), Span(Op.EQUAL, "City")), True, 0.5)
    for changed, name in ((Span, "op"), (Span, "text"), (Span, "ignored"),
                          (ClauseChange, "kind"), (ClauseChange, "similarity")):
        setattr(changed, "sample", 1)
        try:
            assert C.record_lines([plain]) == [record(plain)]
        finally:
            delattr(changed, "sample")
        saved = changed.__dict__[name]
        setattr(changed, name, property(lambda self: saved.__get__(self)))
        try:
            assert C.record_lines([plain]) == [None]
        finally:
            setattr(changed, name, saved)
        assert C.record_lines([plain]) == [record(plain)]


def test_only_the_expected_types_are_configured() -> None:
    module = fresh_module("_jsonlines")
    with pytest.raises(RuntimeError):
        module.record_lines([])
    texts = (json_records._KIND_TEXT, json_records._OP_TEXT)
    for args in ((Clause, Span, Op.EQUAL, *texts), (ClauseChange, list, Op.EQUAL, *texts),
                 (ClauseChange, Span, Op.EQUAL, {ChangeKind.UNCHANGED: 1}, texts[1]),
                 (ClauseChange, Span, Op.EQUAL, texts[0], dict.fromkeys(range(17), "x"))):
        with pytest.raises(TypeError):
            module.configure_lines(*args)
    with pytest.raises(RuntimeError):  # nothing kept from a refusal
        module.record_lines([])
    module.configure_lines(ClauseChange, Wide, Op.INSERT, {"sample": "Sample"}, {Op.DELETE: "d"})
    change = ClauseChange.of("sample", None, None, (), (Wide(Op.DELETE, "City", True),),  # type: ignore[arg-type]
                             False, 0.5)
    assert module.record_lines([change]) == ['{"kind": "Sample", "old_path": null, "new_path": '
                                             'null, "amended": false, "similarity": 0.5, "ops": '
                                             '[["d", "City", true]]}']


def test_the_tricky_comparison_gives_the_general_lines() -> None:
    lines = same_lines(tricky_comparison().changes)
    assert [i for i, line in enumerate(lines) if line is None] == [4]  # (similarity the int 1)


@pytest.mark.skipif(not VERSIONS, reason="no store")
def test_every_stored_pair_gives_the_general_lines() -> None:
    """Each stored version against the next of its ordinance, with an unchanged record of each
    new clause (as a whole code's reused sections have)."""
    from ordiff.api import compare_versions
    from ordiff.store import load_store
    from ordiff.wordsets import py_unchanged

    written = 0
    for ordinance in load_store(STORE).ordinances:
        versions = list(ordinance.versions)
        for old, new in zip(versions, versions[1:]):
            changes = compare_versions(old, new, store_root=STORE).changes
            lines = same_lines((*changes, *(py_unchanged(c.new) for c in changes if c.new)))
            assert None not in lines
            written += len(lines)
    assert written > 200


def test_no_line_leaks() -> None:
    left = ClauseChange.of(ChangeKind.AMENDED, clause(("1", Sub("2"))), None, (), (), False, 0.5)
    changes = (*tricky_comparison().changes, left, object.__new__(ClauseChange),
               ClauseChange.of(ChangeKind.MOVED, clause(("1-101", ESCAPED)), clause(()),
                               (Span(Op.DELETE, ESCAPED, True),), (), True, 1 / 3))
    before = [sys.getrefcount(c) for c in changes]
    assert kept_memory(C.record_lines, changes) < 20_000
    assert kept_memory(C.record_lines, list(changes)) < 20_000
    assert kept_memory(C.record_lines, None) < 20_000
    assert [sys.getrefcount(c) for c in changes] == before


WHICH = "from ordiff import json_records as j; print(j.ACCELERATED)"


def test_ordiff_pure_or_no_extension_gives_the_python_lines() -> None:
    assert run_python(WHICH, ORDIFF_PURE="") == "True"
    assert run_python(WHICH, ORDIFF_PURE="1") == "False"
    assert run_python("import sys; sys.modules['ordiff._jsonlines'] = None; " + WHICH,
                      ORDIFF_PURE="") == "False"

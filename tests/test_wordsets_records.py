"""compare's record of an unchanged clause, built in C (``ordiff._records.unchanged``), is the
record the Python version builds: the same type, fields, span types and objects; and the JSON
writer's line of such a record (``ordiff._jsonlines.unchanged_lines``) is the Python version's
and the general writer's line, character for character.

Clauses: generated trees (headings ``None``, empty or not, texts empty or not), clause subclasses
whose heading is a property (set before or after a first call), objects that are no Clause,
unset slots, and every clause of every stored ordinance. Texts invented here are "Sample City"
text, not law. The C record is used only where ``configure_unchanged`` accepts the types.
"""

from __future__ import annotations

import gc
import importlib.util
import json
import math
import sys
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any, NamedTuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ordiff import wordsets
from ordiff.api import read_stored
from ordiff.model import ChangeKind, Clause, ClauseChange, ClauseKind, Op, Span, iter_clauses
from conftest import STORE, c_extension
from ordiff.serialize import _record
from test_cli import tricky_comparison
from test_wordsets import C, VERSIONS, Odd, clause_trees, outcome, sample


def same_record(clause: Any) -> Any:
    """Both versions' record of ``clause`` (or error), asserted the same to the last object."""
    fast, slow = outcome(C.unchanged, (clause,)), outcome(wordsets.py_unchanged, (clause,))
    assert fast == slow, clause
    if fast[0] == "raised":
        return fast[1]
    fast, slow = fast[1], slow[1]
    assert type(fast) is type(slow) is ClauseChange and repr(fast) == repr(slow)
    for field in fields(ClauseChange):
        a, b = getattr(fast, field.name), getattr(slow, field.name)
        assert type(a) is type(b) and a == b, field.name
        if isinstance(a, tuple):
            assert [type(s) for s in a] == [type(s) for s in b]
            assert all(x is y for s, t in zip(a, b) for x, y in zip(s, t, strict=True))
    assert fast.old is fast.new is clause and fast.heading is not None
    assert outcome(hash, (fast,)) == outcome(hash, (slow,)) and gc.is_tracked(fast)
    assert sys.getsizeof(fast) == sys.getsizeof(slow)
    return fast


def test_the_c_record_is_used() -> None:
    assert wordsets.unchanged is C.unchanged or not wordsets.ACCELERATED


@settings(max_examples=500, deadline=None)
@given(tops=clause_trees())
def test_generated_clauses_give_the_same_record(tops: tuple[Clause, ...]) -> None:
    for clause in iter_clauses(tops):
        same_record(clause)


class Headed(Clause):
    """A Clause whose heading is a property: getattr, not the slot, gives it."""

    __slots__ = ()

    @property
    def heading(self) -> str:
        return "Sample heading"


class Late(Clause):
    """A Clause subclass that gets a heading property after a first record."""

    __slots__ = ()


def test_odd_clauses_give_the_same_record_or_error() -> None:
    record = same_record(sample())
    assert record.heading == () and record.text == (Span(Op.EQUAL, "Sample City"),)
    assert same_record(Headed.of(ClauseKind.SECTION, "", ("1",), "", None, "", (), (), 0, True,
                                 "")).heading == (Span(Op.EQUAL, "Sample heading"),)
    odd: Any = Odd(())
    odd.heading, odd.text = "Sample", 0
    assert same_record(odd).text == ()
    odd.heading, odd.text = [1], "City"
    assert same_record(odd).heading == (Span(Op.EQUAL, [1]),)  # type: ignore[arg-type]
    assert same_record(object.__new__(Clause)) is AttributeError
    assert same_record(Odd(())) is AttributeError
    late = Late.of(ClauseKind.SECTION, "", ("1",), "", "Sample", "City", (), (), 0, True, "")
    assert same_record(late).heading == (Span(Op.EQUAL, "Sample"),)
    setattr(Late, "heading", property(lambda self: "Later"))
    try:
        assert same_record(late).heading == (Span(Op.EQUAL, "Later"),)
    finally:
        delattr(Late, "heading")
    assert same_record(late).heading == (Span(Op.EQUAL, "Sample"),)


@pytest.mark.parametrize("version", VERSIONS, ids=lambda v: v.id)
def test_every_stored_clause_gives_the_same_record(version: Any) -> None:
    for clause in iter_clauses(read_stored(version).clauses):
        same_record(clause)


def fresh_module(name: str) -> Any:
    """Another instance of the C module ``ordiff.<name>``, with its own (unconfigured) state."""
    spec = importlib.util.spec_from_file_location(f"fresh.{name}",
                                                  c_extension(name).__file__)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass(frozen=True, slots=True)
class OtherChange:
    """Not ClauseChange's slots."""

    kind: Any
    old: Any
    new: Any


class Wide(NamedTuple):
    op: Any
    text: str


class Dotted(tuple[Any, ...]):
    """A tuple subclass with a __dict__: not laid out as a Span."""


def test_only_the_expected_types_are_configured() -> None:
    module, lines = fresh_module("_records"), fresh_module("_jsonlines")
    with pytest.raises(RuntimeError):
        module.unchanged(sample())
    refused = [(OtherChange, Span), (ClauseChange, Dotted), (Span, Span), (ClauseChange, list),
               (ClauseChange(ChangeKind.UNCHANGED, None, None), Span), (Clause, Span)]
    for change_type, span_type in refused:
        with pytest.raises(TypeError):
            module.configure_unchanged(change_type, span_type, Op.EQUAL, ChangeKind.UNCHANGED)
        with pytest.raises(TypeError):
            lines.configure_lines(change_type, span_type, Op.EQUAL, ChangeKind.UNCHANGED)
    with pytest.raises(RuntimeError):  # nothing kept from a refusal
        module.unchanged(sample())
    with pytest.raises(RuntimeError):
        lines.unchanged_lines([])
    module.configure_unchanged(ClauseChange, Wide, Op.INSERT, "sample")  # any NamedTuple
    record = module.unchanged(sample())
    assert record.kind == "sample" and type(record.text[0]) is Wide
    assert tuple(record.text[0]) == (Op.INSERT, "Sample City", False)


def kept_memory(function: Callable[..., Any], *args: Any) -> int:
    """How many bytes 20,000 calls of ``function(*args)`` (or its error) leave allocated."""
    for _ in range(50):
        outcome(function, args)
    tracemalloc.start()
    start = tracemalloc.get_traced_memory()[0]
    for _ in range(20_000):
        outcome(function, args)
    grown = tracemalloc.get_traced_memory()[0] - start
    tracemalloc.stop()
    return grown


def test_no_record_leaks() -> None:
    headed = Headed.of(ClauseKind.SECTION, "", ("1",), "", None, "Sample", (), (), 0, True, "")
    for clause in (sample(), headed, object.__new__(Clause), Odd(()),
                   sample(children=(sample(),))):
        before = sys.getrefcount(clause)
        assert kept_memory(C.unchanged, clause) < 20_000  # one object a call: 20,000
        assert sys.getrefcount(clause) == before


# --- unchanged_lines: the JSON writer's line of an unchanged clause's record ----------------

#: Every character json escapes (each control character, the quote and backslash) and near
#: misses it keeps (DEL, C1 controls, non-ASCII, astral, a lone surrogate).
ESCAPED = "".join(map(chr, range(0x20))) + '"\\/\x7f\x80\x9f\xa0é€\u2028\ud800𝄞'
PATHS = st.lists(st.text(alphabet=st.sampled_from(ESCAPED + "Sample City-1(a)"), max_size=12),
                 max_size=4).map(tuple)


def record(path: tuple[str, ...], heading: str | None = None, text: str = "Sample City",
           similarity: Any = 1.0) -> ClauseChange:
    clause = Clause.of(ClauseKind.PARAGRAPH, "", path, "", heading, text, (), (), 0, True, "")
    return ClauseChange.of(ChangeKind.UNCHANGED, clause, clause,
                           (Span(Op.EQUAL, heading),) if heading else (),
                           (Span(Op.EQUAL, text),) if text else (), False, similarity)


def same_lines(changes: Any) -> list[str | None]:
    """Both versions' lines, asserted equal and, where given, the general writer's line."""
    lines = C.unchanged_lines(changes)
    assert lines == wordsets.py_unchanged_lines(changes)
    assert all(type(line) is str or line is None for line in lines)
    for line, change in zip(lines, changes, strict=True):
        if line is not None:
            assert line == _record(change) and json.loads(line)["new_path"] == \
                list(change.new.path)
    return lines  # type: ignore[no-any-return]


@settings(max_examples=1000, deadline=None)
@given(paths=st.lists(PATHS, max_size=6), heading=st.none() | st.sampled_from(["", "Sample"]))
def test_generated_paths_give_the_general_line(paths: list[tuple[str, ...]],
                                               heading: str | None) -> None:
    changes = tuple(record(path, heading) for path in paths)
    assert None not in same_lines(changes) and same_lines(list(changes)) is not None


def test_every_character_is_escaped_as_json_does() -> None:
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    line = same_lines((record((every[:0x3000], every, "")),))[0]
    assert line is not None and "\\u001f" in line and "\\u001F" not in line
    assert "\\b" in line and "\x7f" in line and "\\ud800" not in line


def test_other_records_are_left_to_the_general_way() -> None:
    path = ("1-101", "(a)")
    plain, clause = record(path), record(path).old
    assert clause is not None
    other = Clause.of(ClauseKind.PARAGRAPH, "", path, "", None, "", (), (), 0, True, "")
    left = [record(path, similarity=1), record(path, similarity=0.5),
            record(path, similarity=math.nan),
            ClauseChange.of(ChangeKind.AMENDED, clause, clause, (), (), False, 1.0),
            ClauseChange.of(ChangeKind.UNCHANGED, clause, other, (), (), False, 1.0),
            ClauseChange.of(ChangeKind.UNCHANGED, None, None, (), (), False, 1.0),
            ClauseChange.of(ChangeKind.UNCHANGED, clause, clause,
                            (Span(Op.EQUAL, "a"), Span(Op.EQUAL, "b")), (), False, 1.0),
            ClauseChange.of(ChangeKind.UNCHANGED, clause, clause, (),
                            (Span(Op.INSERT, "a"),), False, 1.0)]
    ignored = ClauseChange.of(ChangeKind.UNCHANGED, clause, clause, (),
                              (Span(Op.EQUAL, "a", True),), False, 1.0)  # (an equal span)
    lines = same_lines([plain, *left, ignored])
    assert lines[0] == lines[-1] is not None and lines[1:-1] == [None] * len(left)
    # Outside what C knows (Python writes them the same way, C leaves them to it):
    listed: Any = []
    wide: Any = (Wide(Op.EQUAL, "a"),)
    odd = [ClauseChange.of(ChangeKind.UNCHANGED, clause, clause, listed, (), False, 1.0),
           ClauseChange.of(ChangeKind.UNCHANGED, clause, clause, wide, (), False, 1.0),
           record(["1-101"]),  # type: ignore[arg-type]
           record(("1-101", Sub("(a)")))]
    assert C.unchanged_lines(odd) == [None] * len(odd)
    assert all(wordsets.py_unchanged_lines([change])[0] == _record(change) for change in odd)
    assert same_lines([]) == [] and outcome(C.unchanged_lines, (iter([plain]),))[0] == "raised"
    with pytest.raises(RuntimeError):
        fresh_module("_jsonlines").unchanged_lines([plain])


class Sub(str):
    """A str subclass in a path: left to Python."""


def test_a_changed_span_or_record_type_is_left_to_python() -> None:
    """Another attribute set on either type changes nothing; an op or a field that is no
    longer the slot's leaves the records to Python until it is back."""
    plain = record(("1-101",))
    for changed, name in ((Span, "op"), (ClauseChange, "kind"), (ClauseChange, "similarity")):
        setattr(changed, "sample", 1)
        try:
            assert C.unchanged_lines([plain]) == [_record(plain)]
        finally:
            delattr(changed, "sample")
        saved = changed.__dict__[name]
        setattr(changed, name, property(lambda self: saved.__get__(self)))
        try:
            assert C.unchanged_lines([plain]) == [None]
        finally:
            setattr(changed, name, saved)
        assert C.unchanged_lines([plain]) == [_record(plain)]


def test_the_tricky_comparison_gives_the_same_lines() -> None:
    changes = tricky_comparison().changes
    assert same_lines(changes).count(None) == len(changes) - 1


@pytest.mark.skipif(not VERSIONS, reason="no store")
def test_every_stored_pair_gives_the_same_lines() -> None:
    """Each stored version against the next of its ordinance, with an unchanged record of each
    new clause (as a whole code's reused sections have)."""
    from ordiff.api import compare_versions
    from ordiff.store import load_store

    written = 0
    for ordinance in load_store(STORE).ordinances:
        versions = list(ordinance.versions)
        for old, new in zip(versions, versions[1:]):
            changes = compare_versions(old, new, store_root=STORE).changes
            lines = same_lines((*changes, *(C.unchanged(c.new) for c in changes if c.new)))
            written += len(lines) - lines.count(None)
    assert written > 0


def test_no_line_leaks() -> None:
    changes = (*tricky_comparison().changes, record(("1-101", ESCAPED)), record(()))
    before = [sys.getrefcount(c) for c in changes]
    assert kept_memory(C.unchanged_lines, changes) < 20_000
    assert kept_memory(C.unchanged_lines, list(changes)) < 20_000
    assert kept_memory(C.unchanged_lines, None) < 20_000
    assert [sys.getrefcount(c) for c in changes] == before

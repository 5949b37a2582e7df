"""compare's record of an unchanged clause, built in C (``ordiff._records.unchanged``), is the
record the Python version builds: the same type, fields, span types and objects (the JSON
lines of records: tests/test_json_records.py).

Clauses: generated trees (headings ``None``, empty or not, texts empty or not), clause subclasses
whose heading is a property (set before or after a first call), objects that are no Clause,
unset slots, and every clause of every stored ordinance. Texts invented here are "Sample City"
text, not law. The C record is used only where ``configure_unchanged`` accepts the types.
"""

from __future__ import annotations

import gc
import importlib.util
import sys
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any, NamedTuple

import pytest
from hypothesis import given, settings

from ordiff import wordsets
from ordiff.api import read_stored
from ordiff.model import ChangeKind, Clause, ClauseChange, ClauseKind, Op, Span, iter_clauses
from conftest import c_extension
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
    module = fresh_module("_records")
    with pytest.raises(RuntimeError):
        module.unchanged(sample())
    refused = [(OtherChange, Span), (ClauseChange, Dotted), (Span, Span), (ClauseChange, list),
               (ClauseChange(ChangeKind.UNCHANGED, None, None), Span), (Clause, Span)]
    for change_type, span_type in refused:
        with pytest.raises(TypeError):
            module.configure_unchanged(change_type, span_type, Op.EQUAL, ChangeKind.UNCHANGED)
    with pytest.raises(RuntimeError):  # nothing kept from a refusal
        module.unchanged(sample())
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

"""The comparison engine: what a legislative reader expects, and properties that always hold.

All texts here are invented ("Sample City"); none is law.
"""

from __future__ import annotations

import dataclasses
from textwrap import dedent

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ordiff.compare import compare
from ordiff.model import (ChangeKind, Clause, ClauseChange, ClauseKind, Comparison, Completeness,
                          Document, Op, SourceRef, Span, iter_clauses)
from ordiff.read_text import parse_text


def doc(text: str, completeness: Completeness = Completeness.FULL) -> Document:
    ref = SourceRef("sample.txt", "sample", "0" * 64, completeness)
    return parse_text(dedent(text).lstrip("\n"), path="sample.txt", source=ref)


def kinds(comparison: Comparison) -> list[tuple[str, str | None, str | None]]:
    return [(c.kind.value, "/".join(c.old.path) if c.old else None,
             "/".join(c.new.path) if c.new else None) for c in comparison.changes]


def side(spans, in_side: str) -> str:  # type: ignore[no-untyped-def]
    return "".join(s.text for s in spans if getattr(s.op, in_side))


def check_invariants(comparison: Comparison) -> None:
    """Both projections exact for every record; every clause accounted for."""
    for change in comparison.changes:
        if change.old is not None:
            assert side(change.text, "in_old") == change.old.text
            assert side(change.heading, "in_old") == (change.old.heading or "")
        if change.new is not None:
            assert side(change.text, "in_new") == change.new.text
            assert side(change.heading, "in_new") == (change.new.heading or "")
        for span in change.text + change.heading:
            assert span.text, "no empty spans"
    seen_old = {id(c.old) for c in comparison.changes if c.old is not None}
    seen_new = {id(c.new) for c in comparison.changes if c.new is not None}
    assert all(id(c) in seen_old for c in iter_clauses(comparison.old.clauses))
    assert all(id(c) in seen_new for c in iter_clauses(comparison.new.clauses))


def test_inserting_a_paragraph_renumbers_the_following_ones() -> None:
    old = doc("""
        § 1-1. Sample heading.
        (1) Sample City shall keep a register of sample permits.
        (1A) Sample City shall publish the register every year.
        (2) Sample fees are set by resolution.
        """)
    new = doc("""
        § 1-1. Sample heading.
        (1) Sample City shall not share the register with any other agency.
        (1A) Sample City shall keep a register of sample permits.
        (1B) Sample City shall publish the register every year.
        (2) Sample fees are set by resolution.
        """)
    result = compare(old, new)
    check_invariants(result)
    assert kinds(result) == [
        ("unchanged", "1-1", "1-1"),
        ("inserted", None, "1-1/(1)"),
        ("renumbered", "1-1/(1)", "1-1/(1A)"),
        ("renumbered", "1-1/(1A)", "1-1/(1B)"),
        ("unchanged", "1-1/(2)", "1-1/(2)"),
    ]


def test_word_edit_in_place_is_an_amendment_with_whole_word_spans() -> None:
    old = doc("§ 2-1. Sample.\n(a) To the extent permitted by law, the sample clerk shall file.\n")
    new = doc("§ 2-1. Sample.\n(a) To the degree permitted by law, the sample clerk shall file.\n")
    result = compare(old, new)
    check_invariants(result)
    change = result.changes[1]
    assert (change.kind, change.amended) == (ChangeKind.AMENDED, True)
    assert [(s.op.value, s.text) for s in change.text if s.op is not Op.EQUAL] == [
        ("-", "extent"), ("+", "degree")]


def test_identical_text_elsewhere_is_a_move() -> None:
    old = doc("""
        § 3-1. Sample one.
        (a) Sample City shall maintain a sample register of all permits issued.
        § 3-2. Sample two.
        (a) Sample fees are set by the council.
        """)
    new = doc("""
        § 3-1. Sample one.
        (a) Sample fees are set by the council.
        § 3-2. Sample two.
        (a) Sample City shall maintain a sample register of all permits issued.
        """)
    result = compare(old, new)
    check_invariants(result)
    moved = [k for k in kinds(result) if k[0] == "moved"]
    assert sorted(moved) == [("moved", "3-1/(a)", "3-2/(a)"), ("moved", "3-2/(a)", "3-1/(a)")]


def test_a_rewritten_section_is_one_amendment_not_a_cascade() -> None:
    old = doc("""
        § 4-1. Sample detainers.
        (a) The sample jail may hold persons for an extra day on request.
        (b) A request must be in writing and signed.
        """)
    new = doc("""
        § 4-1. Sample cooperation prohibited.
        (a) No sample employee shall ask about anyone's status.
        (b) Trainings on this section are held every spring.
        """)
    result = compare(old, new)
    check_invariants(result)
    assert kinds(result) == [
        ("amended", "4-1", "4-1"),
        ("deleted", "4-1/(a)", None), ("inserted", None, "4-1/(a)"),
        ("deleted", "4-1/(b)", None), ("inserted", None, "4-1/(b)"),
    ]


def test_split_gives_one_record_per_resulting_clause() -> None:
    old = doc("§ 5-1. Sample.\n(a) Sample permits expire after one year and renewals cost "
              "ten sample dollars each time.\n")
    new = doc("§ 5-1. Sample.\n(a) Sample permits expire after one year.\n"
              "(b) Renewals cost ten sample dollars each time.\n")
    result = compare(old, new)
    check_invariants(result)
    assert [k for k in kinds(result) if k[0] == "split"] == [
        ("split", "5-1/(a)", "5-1/(a)"), ("split", "5-1/(a)", "5-1/(b)")]


def test_excerpt_end_is_not_a_deletion() -> None:
    full = doc("""
        § 6-1. Sample.
        (a) Sample employees are to carry out their regular duties for the purpose of serving.
        (b) Sample records are kept for five years.
        """)
    excerpt = doc("""
        § 6-1. Sample.
        (a) Sample employees are to carry out their regular duties for the purp
        """, Completeness.EXCERPT)
    result = compare(full, excerpt)
    check_invariants(result)
    assert kinds(result)[-1] == ("not-in-new-copy", "6-1/(b)", None)
    clause_a = result.changes[1]
    assert clause_a.kind is ChangeKind.UNCHANGED
    assert [(s.op.value, s.text) for s in clause_a.text][-1] == ("<", "ose of serving.")


def test_comparing_two_different_ordinances_pairs_by_meaning() -> None:
    city_a = doc("""
        Sec. 1-100 Sample definitions.
        (a) No sample agency shall ask any person about immigration status.
        (b) Sample records shall be kept confidential.
        """)
    city_b = doc("""
        § 77.01. Other sample chapter.
        A. Sample records shall be kept confidential by every department.
        B. No sample agency shall ask any person about immigration status or citizenship.
        """)
    result = compare(city_a, city_b)
    check_invariants(result)
    pairs = {(k[1], k[2]) for k in kinds(result) if k[1] and k[2]}
    assert ("1-100/(a)", "77.01/B.") in pairs and ("1-100/(b)", "77.01/A.") in pairs


# --- properties on generated trees ---------------------------------------------------------------

WORDS = st.sampled_from(["sample", "city", "shall", "not", "permit", "(a)", "§", "1-1", "the",
                         "clerk", "“quoted”", "fee", ",", ".", ";", "Sample", "register"])
TEXTS = st.lists(WORDS, min_size=0, max_size=12).map(" ".join)


@st.composite
def trees(draw) -> tuple[Clause, ...]:  # type: ignore[no-untyped-def]
    sections = []
    for s in range(draw(st.integers(1, 4))):
        label = f"{s + 1}-{draw(st.integers(1, 3))}"
        children = []
        for c in range(draw(st.integers(0, 4))):
            child_label = f"({'abcdef'[c]})"
            grand = tuple(Clause(ClauseKind.PARAGRAPH, f"({g + 1})",
                                 (label, child_label, f"({g + 1})"), text=draw(TEXTS))
                          for g in range(draw(st.integers(0, 2))))
            children.append(Clause(ClauseKind.PARAGRAPH, child_label, (label, child_label),
                                   text=draw(TEXTS), children=grand))
        sections.append(Clause(ClauseKind.SECTION, label, (label,),
                               heading=draw(st.none() | TEXTS), text=draw(TEXTS),
                               children=tuple(children)))
    return tuple(sections)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees(), trees(), st.sampled_from(list(Completeness)), st.sampled_from(list(Completeness)))
def test_projections_are_exact_and_every_clause_is_accounted_for(
        old: tuple[Clause, ...], new: tuple[Clause, ...], old_c: Completeness,
        new_c: Completeness) -> None:
    old_doc = Document(SourceRef("old", "old", "0" * 64, old_c), old)
    new_doc = Document(SourceRef("new", "new", "1" * 64, new_c), new)
    check_invariants(compare(old_doc, new_doc))
    check_invariants(compare(old_doc, old_doc))
    assert all(c.kind is ChangeKind.UNCHANGED for c in compare(old_doc, old_doc).changes
               if c.old is not None and c.new is not None and c.old.text.strip())


def test_long_unrelated_texts_are_one_replacement() -> None:
    """A pairing forced together (e.g. by structure) must not send diff-match-patch, which has no
    time limit, into a quadratic search over two long unrelated texts."""
    import random

    from ordiff.compare import _diff
    from ordiff.textdiff import DiffOptions

    rng = random.Random(7)
    old_text = " ".join(f"alpha{rng.randrange(500)}" for _ in range(3000))
    new_text = " ".join(f"beta{rng.randrange(500)}" for _ in range(3000))
    spans = _diff(old_text, new_text, DiffOptions())
    assert [(s.op, s.text) for s in spans] == [(Op.DELETE, old_text), (Op.INSERT, new_text)]


def test_clause_change_of_builds_the_same_frozen_record() -> None:
    clause = Clause(ClauseKind.PARAGRAPH, "(a)", ("1-101", "(a)"), "(a)", None, "Sample City.")
    fields = (ChangeKind.AMENDED, clause, clause, (), (Span(Op.EQUAL, "Sample City."),), True, 0.5)
    fast, slow = ClauseChange.of(*fields), ClauseChange(*fields)
    assert type(fast) is ClauseChange and fast == slow and hash(fast) == hash(slow)
    assert repr(fast) == repr(slow)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.amended = False  # type: ignore[misc]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees(), trees())
def test_every_pairing_record_holds_the_word_diffs_of_its_clauses(
        old: tuple[Clause, ...], new: tuple[Clause, ...]) -> None:
    # Pairs of equal clauses take a shortcut (no diff): their records must be what the general
    # case gives. Compared: a version with itself as other objects, and two random versions.
    import copy

    from ordiff.compare import _diff
    from ordiff.textdiff import DiffOptions

    old_doc = Document(SourceRef("old", "old", "0" * 64), old)
    for new_doc in (Document(SourceRef("new", "new", "1" * 64), copy.deepcopy(old)),
                    Document(SourceRef("new", "new", "1" * 64), new)):
        for change in compare(old_doc, new_doc).changes:
            if change.old is None or change.new is None:
                continue
            assert change.old is not change.new
            assert change.heading == _diff(change.old.heading, change.new.heading, DiffOptions())
            assert change.text == _diff(change.old.text, change.new.text, DiffOptions())
            if change.kind is ChangeKind.UNCHANGED:
                assert not change.amended and change.similarity == 1.0
                assert change.old.id == change.new.id and change.old.text == change.new.text


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees())
def test_counted_words_are_the_counters_of_each_clause_and_section(
        clauses: tuple[Clause, ...]) -> None:
    # Side.count builds its Counters without Counter.__init__: the same multisets, as Counters.
    from collections import Counter

    from ordiff.align_side import Side
    from ordiff.wordsets import py_tokens

    side = Side.of(Document(SourceRef("s", "Sample City", "0" * 64), clauses))
    side.count(list(range(len(side.clauses))))
    for i, clause in enumerate(side.clauses):
        inside = [clause] if side.rank[i] != 1 else list(iter_clauses((clause,)))
        expected = Counter(w for c in inside for w in py_tokens(f"{c.heading or ''}\n{c.text}"))
        assert type(side.words[i]) is Counter and side.words[i] == expected
        assert side.size[i] == expected.total()

"""Reusing an earlier read's sections (SectionMemo), and pairing whole sections that are the same.

The second read of a comparison takes byte-identical section files from the first read's
clauses; the aligner then pairs sections that are the same on both sides clause for clause,
before any other pass. Both are shortcuts: each test holds one to the result of the long way.
Invented XML says "Sample City" and is no law text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ordiff import align as align_module
from ordiff.api import compare_versions
from ordiff.compare import compare
from ordiff.model import Clause, Document, iter_clauses
from ordiff.read_dcxml import read_dcxml
from ordiff.section_memo import SectionMemo
from test_dc_cases import CASES, NAMES, document, records, spec
from test_read_dcxml import title_folder

ONE = "<num>1-201</num><heading>Sample City one.</heading><para><num>(a)</num><text>A.</text></para>"
TWO = "<num>1-202</num><text>Sample City two.</text>"
STRAY = "<num>1-203</num>Sample City stray text.<text>Three.</text>"


def read_pair(tmp_path: Path, old: dict[str, str], new: dict[str, str]
              ) -> tuple[Document, Document, Document]:
    """The new title read alone, and the old and new titles read with one memo."""
    old_folder = title_folder(tmp_path / "old", "1", old)
    new_folder = title_folder(tmp_path / "new", "1", new)
    memo = SectionMemo()
    first = read_dcxml(old_folder, "t1", memo)
    return read_dcxml(new_folder, "t1"), first, read_dcxml(new_folder, "t1", memo)


def sections(document: Document) -> dict[str, Clause]:
    return {c.label: c for c in iter_clauses(document.clauses) if c.kind.value == "section"}


def test_a_byte_identical_section_is_the_earlier_clause_and_the_read_is_unchanged(
        tmp_path: Path) -> None:
    alone, first, second = read_pair(tmp_path, {"1-201": ONE, "1-202": TWO},
                                     {"1-201": ONE, "1-202": TWO.replace("two", "2")})
    assert second == alone  # every field, warnings and source digest included
    assert sections(second)["1-201"] is sections(first)["1-201"]
    assert sections(second)["1-202"] is not sections(first)["1-202"]


def test_a_repeated_number_is_warned_as_reading_the_file_would(tmp_path: Path) -> None:
    new = {"1-201": ONE, "copy": ONE}  # two files, one section number
    alone, _, second = read_pair(tmp_path, {"1-201": ONE}, new)
    assert "section 1-201 appears twice in what is read" in [w.message for w in alone.warnings]
    assert second == alone


def test_an_entry_serves_once_and_a_read_never_reuses_its_own(tmp_path: Path) -> None:
    alone, first, second = read_pair(tmp_path, {"1-201": ONE, "copy": ONE},
                                     {"1-201": ONE, "copy": ONE})
    assert second == alone
    for document in (first, second):  # no clause object stands twice in a tree
        clauses = list(iter_clauses(document.clauses))
        assert len({id(c) for c in clauses}) == len(clauses)


def test_a_section_that_warned_is_read_again(tmp_path: Path) -> None:
    alone, first, second = read_pair(tmp_path, {"1-203": STRAY}, {"1-203": STRAY})
    assert [w.message for w in alone.warnings] == ["text outside a <text> element: kept as text"]
    assert second == alone
    assert sections(second)["1-203"] is not sections(first)["1-203"]


def test_compare_versions_reads_the_second_build_through_the_memo(tmp_path: Path) -> None:
    old_folder = title_folder(tmp_path / "old", "1", {"1-201": ONE, "1-202": TWO})
    new_folder = title_folder(tmp_path / "new", "1", {"1-201": ONE, "1-202": TWO + "<text>B.</text>"})
    comparison = compare_versions(str(old_folder), str(new_folder))
    shared = {id(c.old) for c in comparison.changes if c.old is not None and c.old is c.new}
    assert len(shared) == 2  # section 1-201 and its (a), the very same objects
    assert comparison == compare(read_dcxml(old_folder, str(old_folder)),
                                 read_dcxml(new_folder, str(new_folder)))


def without_whole_sections(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(align_module._Aligner, "same_sections", lambda self: None)


def shared_copy(old: Document, new: Document) -> Document:
    """``new`` with each section equal to an old one replaced by the old object, as a read
    through the memo gives it."""
    olds = {(c.label, c): c for c in iter_clauses(old.clauses) if c.kind.value == "section"}

    def swap(clause: Clause) -> Clause:
        if clause.kind.value == "section":
            return olds.get((clause.label, clause), clause)
        children = tuple(swap(c) for c in clause.children)
        return Clause.of(clause.kind, clause.label, clause.path, clause.marker, clause.heading,
                         clause.text, clause.notes, children, clause.line, clause.printed,
                         clause.status)

    return Document(source=new.source, clauses=tuple(swap(c) for c in new.clauses),
                    title=new.title, warnings=new.warnings)


def files(side: str, names: list[str]) -> list[Path]:
    return [CASES / n / side / Path(r).name for n in names for r in spec(n)[side]]


def test_whole_sections_pair_as_the_other_passes_would(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every real case's old sections against: half the cases unchanged (the same sections,
    # which the shortcut pairs), the other half changed as the corpus changed them.
    kept, changed = NAMES[::2], NAMES[1::2]
    old = document("old", files("old", NAMES))
    new = document("new", files("old", kept) + files("new", changed))
    fast, same_objects = compare(old, new), compare(old, shared_copy(old, new))
    whole = sum(1 for c in same_objects.changes if c.old is not None and c.old is c.new)
    assert whole > 100  # the shortcut is taken
    without_whole_sections(monkeypatch)
    slow = compare(old, new)
    assert records(fast) == records(same_objects) == records(slow)
    assert fast.changes == slow.changes
    assert {r[0] for r in records(fast)} >= {"amended", "inserted", "deleted"}


def test_a_section_with_a_repeated_path_is_left_to_the_passes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    block = ("<para><num>(a)</num><para><num>(1)</num><text>Sample City again.</text></para>"
             "<para><num>(2)</num><text>Sample City once more.</text></para></para>")
    twice = f"<num>1-201</num>\n{block}\n{block}"  # as § 31-3501 has its (4A) twice
    alone, first, second = read_pair(tmp_path, {"1-201": twice, "1-202": TWO},
                                     {"1-201": twice, "1-202": TWO})
    fast = compare(first, alone)
    without_whole_sections(monkeypatch)
    assert fast.changes == compare(first, alone).changes


def test_a_section_changed_only_in_its_notes_pairs_whole_as_the_passes_would(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    noted = ONE + "<annotations><annotation>Sample City history note.</annotation></annotations>"
    old_folder = title_folder(tmp_path / "old", "1", {"1-201": ONE, "1-202": TWO})
    new_folder = title_folder(tmp_path / "new", "1", {"1-201": noted, "1-202": TWO.replace("two", "2")})
    old, new = read_dcxml(old_folder, "t1"), read_dcxml(new_folder, "t1")
    before, after = sections(old)["1-201"], sections(new)["1-201"]
    assert before != after and before.notes != after.notes
    assert align_module._alike_but_notes(before, after)
    assert not align_module._alike_but_notes(sections(old)["1-202"], sections(new)["1-202"])
    fast = compare(old, new)
    without_whole_sections(monkeypatch)
    assert fast.changes == compare(old, new).changes

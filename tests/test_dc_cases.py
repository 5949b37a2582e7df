"""Real D.C. Code changes between the 2021-10-18 and 2024-10-20 builds, paired as a reader would.

Each case in ``tests/cases/dc/<case>/`` holds whole section files copied byte for byte from the
corpus (``old/`` and ``new/``, in document order) and a ``case.toml`` naming the build and path of
each file, a one-line ``why`` and the exact records expected: every record that is not
``unchanged``, in reading order, and how many are. The expectations were checked by reading both
XML files side by side (``bench/find_dc_changes.py`` lists the candidates); the comments in each
``case.toml`` and below say what was seen. Tests marked ``corpus`` read the whole builds.

Last, two tests that a small comparison imports no renderer (WeasyPrint, Playwright, python-docx).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from ordiff.compare import compare
from ordiff.model import ChangeKind, Clause, ClauseKind, Comparison, Document, Op, SourceRef
from ordiff.read_dcxml import read_dcxml
from test_compare import check_invariants
from test_dc_corpus import builds  # noqa: F401  (the session fixture: both builds, unpacked)

CASES = Path(__file__).resolve().parent / "cases" / "dc"
NAMES = sorted(p.name for p in CASES.iterdir() if (p / "case.toml").is_file())


def spec(name: str) -> dict[str, Any]:
    return tomllib.loads((CASES / name / "case.toml").read_text(encoding="utf-8"))


def document(side: str, files: list[Path]) -> Document:
    """Several section files read one after the other, as one document."""
    clauses: list[Clause] = []
    for file in files:
        clauses.extend(read_dcxml(file, file.name).clauses)
    return Document(SourceRef(side, side, "0" * 64), tuple(clauses))


def case_comparison(name: str) -> Comparison:
    case = spec(name)
    old, new = (document(side, [CASES / name / side / Path(p).name for p in case[side]])
                for side in ("old", "new"))
    return compare(old, new)


def path(clause: Clause | None) -> str:
    return "/".join(clause.path) if clause else ""


def records(comparison: Comparison) -> list[list[str]]:
    return [[c.kind.value, path(c.old), path(c.new)] for c in comparison.changes
            if c.kind is not ChangeKind.UNCHANGED]


def change(comparison: Comparison, new_path: str) -> Any:
    return next(c for c in comparison.changes if path(c.new) == new_path)


def edits(spans: tuple[Any, ...]) -> list[tuple[str, str]]:
    return [(s.op.value, s.text) for s in spans if s.op is not Op.EQUAL]


@pytest.mark.parametrize("name", NAMES)
def test_case_pairings_are_exactly_those_checked_by_hand(name: str) -> None:
    case = spec(name)
    assert case["why"] and case["old_build"] != case["new_build"]
    result = case_comparison(name)
    check_invariants(result)
    assert records(result) == case["changes"]
    assert sum(c.kind is ChangeKind.UNCHANGED for c in result.changes) == case["unchanged"]
    assert not any(s.op in (Op.OLD_BEYOND_COPY, Op.NEW_BEYOND_COPY)
                   for c in result.changes for s in c.heading + c.text), "whole files: no excerpt"


def test_at_least_eight_cases() -> None:
    assert len(NAMES) >= 8


def test_renumbered_definitions_keep_their_words() -> None:
    # "Bump stock" and "Crime of violence" moved from (1) and (1A) to (1A) and (1B) untouched.
    result = case_comparison("insert-renumber-22-4501")
    moved = [c for c in result.changes if c.kind is ChangeKind.RENUMBERED]
    assert len(moved) == 3 and not any(c.amended for c in moved)
    assert change(result, "22-4501/¶1/(1)").new.text.startswith('"Ammunition"')


def test_a_repeal_is_an_amended_placeholder() -> None:
    result = case_comparison("repeal-21-2083")
    section = result.changes[0]
    assert (section.kind, section.new.status, section.old.status) == (
        ChangeKind.AMENDED, "repealed", "")
    assert section.new.heading == section.old.heading  # the number and heading stay


def test_find_and_replace_is_the_same_word_pair_everywhere() -> None:
    # ABRA (Alcoholic Beverage Regulation Administration) became ABCA: heading, (a) and (b).
    result = case_comparison("find-replace-25-207")
    assert edits(result.changes[0].heading) == [("-", "ABRA"), ("+", "ABCA")]
    for label in ("(a)", "(b)"):
        assert edits(change(result, f"25-207/{label}").text) == [("-", "ABRA"), ("+", "ABCA")]


def test_word_edits_are_whole_numbers() -> None:
    result = case_comparison("word-edit-1-1162.27")
    assert edits(change(result, "1-1162.27/(b)/(1)").text) == [("-", "250"), ("+", "350")]
    assert edits(change(result, "1-1162.27/(b)/(2)").text) == [("-", "50"), ("+", "100")]
    # One token of 22 (words and punctuation marks) replaced: similarity 2·21 / 44.
    assert change(result, "1-1162.27/(b)/(1)").similarity == round(42 / 44, 4)


def test_a_heading_change_leaves_the_text_equal() -> None:
    section = case_comparison("heading-47-2887.16").changes[0]
    assert edits(section.heading) == [("-", "Administrative"), ("+", "Civil")]
    assert edits(section.text) == []


def test_a_split_gives_each_piece_its_share_of_the_old_text() -> None:
    # Old (a): lead-in and quoted notice in one text; new (a): the lead-in; new ¶1: the notice.
    result = case_comparison("split-41-155.02")
    pieces = [c for c in result.changes if c.kind is ChangeKind.SPLIT]
    assert change(result, "41-155.02/(a)").new.text.endswith("substantially as follows:")
    assert change(result, "41-155.02/(a)/¶1").new.text.strip().startswith('"Notice.')
    assert len(pieces) == 2  # (else the check below would hold of no pieces at all)
    assert all(p.old is pieces[0].old for p in pieces)


def test_recodified_sections_pair_with_sections() -> None:
    # The introductory words of 27-131 became the undesignated (a) of 27A-101: the section
    # still pairs with the section (found through its sub-clauses), not with that paragraph.
    result = case_comparison("move-27-to-27a")
    pairs = [c for c in result.changes if c.old is not None and c.new is not None]
    assert sum(c.new.kind is ClauseKind.SECTION for c in pairs) == 4  # 27-131/132/135/136
    for c in pairs:
        assert (c.old.kind is ClauseKind.SECTION) == (c.new.kind is ClauseKind.SECTION)
    assert edits(change(result, "27A-106").text) == [("-", "subchapter"), ("+", "chapter")]


def test_the_section_number_beats_the_same_heading_elsewhere() -> None:
    # 2024 keeps "self-certify" (the 2021 temporary text of 25-403), not the Perm version's
    # "verify, by affidavit": only a comma was added.
    result = case_comparison("perm-section-25-403")
    assert edits(change(result, "25-403/(a)").text) == [("+", ",")]


def test_boilerplate_of_another_fund_is_not_a_move() -> None:
    result = case_comparison("fund-boilerplate")
    assert {c.kind for c in result.changes} == {ChangeKind.DELETED, ChangeKind.INSERTED}


# --- the corpus: fixtures are real, and the whole code pairs them the same way -------------------

@pytest.mark.corpus
@pytest.mark.parametrize("name", NAMES)
def test_fixture_files_are_the_corpus_files_byte_for_byte(
        name: str, builds: dict[str, Path]) -> None:  # noqa: F811
    case = spec(name)
    for side, build in (("old", case["old_build"]), ("new", case["new_build"])):
        for rel in case[side]:
            copy = CASES / name / side / Path(rel).name
            original = builds[build.removeprefix("dc-code-")] / rel
            assert copy.read_bytes() == original.read_bytes(), rel


@pytest.fixture(scope="session")
def whole_code(builds: dict[str, Path]) -> Comparison:  # noqa: F811
    old, new = (read_dcxml(builds[d], builds[d].name) for d in ("2021-10-18", "2024-10-20"))
    return compare(old, new)


@pytest.mark.corpus
def test_whole_code_accounts_for_every_clause_and_has_no_excerpt_spans(
        whole_code: Comparison) -> None:
    check_invariants(whole_code)
    kinds = {c.kind for c in whole_code.changes}
    assert ChangeKind.NOT_IN_NEW_COPY not in kinds and ChangeKind.NOT_IN_OLD_COPY not in kinds


@pytest.mark.corpus
@pytest.mark.parametrize("name", [n for n in NAMES if n != "move-27-to-27a"])
def test_whole_code_pairs_each_case_as_its_fixture_does(name: str,
                                                        whole_code: Comparison) -> None:
    # Among 24,000 other sections the same records come out, except where the whole code knows
    # more: a clause the fixture shows as inserted or deleted may pair with a section the fixture
    # does not hold; each such pairing is listed in the case's ``whole_code`` and was read.
    # (Order is compared apart: records of moves across the code interleave differently.)
    case = spec(name)
    sections = {Path(rel).stem for side in ("old", "new") for rel in case[side]}
    found = [r for r in records(whole_code)
             if any(p and p.split("/")[0] in sections for p in r[1:])]
    extra = case.get("whole_code", [])
    elsewhere = {(i, r[i]) for r in extra for i in (1, 2)}
    expected = [r for r in case["changes"]
                if not any(r[i] and (i, r[i]) in elsewhere for i in (1, 2))] + extra
    assert sorted(found) == sorted(expected)


@pytest.mark.corpus
def test_title_27_to_27a_in_the_whole_code(whole_code: Comparison) -> None:
    # With its titles, subchapter II of Title 27 (Private Contractors and Subcontractors) is
    # chapter 1 of the new Title 27A: the container moved, and its sections, under a paired
    # parent, are renumbered 27A-101 ... 27A-106. Title 27 itself stays, with a new heading.
    found = {(r[1], r[2]): r[0] for r in records(whole_code)}
    for old, new in (("27-131", "27A-101"), ("27-132", "27A-102"), ("27-133", "27A-103"),
                     ("27-134", "27A-104"), ("27-135", "27A-105"), ("27-136", "27A-106")):
        assert found[(old, new)] == "renumbered"
    title = next(c for c in whole_code.changes if c.old and c.old.id == "title:27")
    assert title.new is not None and title.new.id == "title:27" and title.amended


@pytest.mark.corpus
def test_the_whole_code_is_the_same_through_both_shortcuts_and_without_them(
        whole_code: Comparison, builds: dict[str, Path],  # noqa: F811
        monkeypatch: pytest.MonkeyPatch) -> None:
    # The second build read through the first one's sections (SectionMemo: 20,000 sections
    # the same objects), and sections paired whole by the aligner: the same comparison as two
    # plain reads (``whole_code``) and as the aligner's passes without the whole-section pass.
    from ordiff import align
    from ordiff.api import compare_versions

    old, new = (str(builds[d]) for d in ("2021-10-18", "2024-10-20"))
    shared = compare_versions(old, new)
    assert sum(1 for c in shared.changes if c.old is not None and c.old is c.new) > 100_000
    assert shared.changes == whole_code.changes
    monkeypatch.setattr(align._Aligner, "same_sections", lambda self: None)
    assert compare(whole_code.old, whole_code.new).changes == whole_code.changes


def test_split_pieces_come_from_the_counterpart_section_only() -> None:
    # Invented text (Sample City). § 9-1 (c) repeats the second sentence of § 5-1 (a) word for
    # word, as D.C. funds and rules repeat boilerplate; before splits were kept inside the
    # counterpart section, it became a third "piece" of § 5-1 (a).
    from test_compare import doc, kinds

    old = doc("""
        § 5-1. Sample permits.
        (a) Sample permits expire after one year. Renewals cost ten sample dollars each time.
        § 9-1. Sample fees.
        (a) The sample clerk keeps a register of sample fees.
        """)
    new = doc("""
        § 5-1. Sample permits.
        (a) Sample permits expire after one year.
        (b) Renewals cost ten sample dollars each time.
        § 9-1. Sample fees.
        (a) The sample clerk keeps a register of sample fees.
        (c) Renewals cost ten sample dollars each time.
        """)
    result = compare(old, new)
    check_invariants(result)
    assert [k for k in kinds(result) if k[0] == "split"] == [
        ("split", "5-1/(a)", "5-1/(a)"), ("split", "5-1/(a)", "5-1/(b)")]
    assert ("inserted", None, "9-1/(c)") in kinds(result)


# --- a small comparison imports only what it needs -----------------------------------------------

HEAVY = {"weasyprint", "playwright", "docx", "pydyf", "fontTools", "PIL"}
REPO = Path(__file__).resolve().parents[1]


def test_diff_of_two_stored_versions_imports_no_renderer() -> None:
    # -X importtime lists every module the command imports, on stderr: none may be a renderer's.
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "ordiff", "diff",
         "district-of-columbia/24-211.07@2021", "district-of-columbia/24-211.07@2025-emergency",
         "-f", "json"], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr[-2000:]  # differences found
    assert json.loads(result.stdout)["changes"]
    imported = {line.rsplit("|", 1)[1].strip() for line in result.stderr.splitlines()
                if line.startswith("import time:") and "|" in line}
    assert "ordiff.compare" in imported and "diff_match_patch" in imported
    assert not {name.split(".")[0] for name in imported} & HEAVY


def test_comparing_dc_xml_files_imports_no_renderer() -> None:
    case = CASES / "word-edit-1-1162.27"
    script = ("import json, sys; from ordiff.api import compare_versions; "
              f"compare_versions({str(case / 'old' / '1-1162.27.xml')!r}, "
              f"{str(case / 'new' / '1-1162.27.xml')!r}); print(json.dumps(sorted(sys.modules)))")
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    modules = set(json.loads(result.stdout))
    assert "lxml.etree" in modules and "ordiff.read_dcxml" in modules
    assert not {name.split(".")[0] for name in modules} & HEAVY

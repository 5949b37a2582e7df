"""The plain-text parser, one layout or marker rule per test.

Every text here is invented for the tests ("Sample City"); none is law.
"""

from __future__ import annotations

from textwrap import dedent

import pytest

from ordiff.model import ClauseKind, Document, SourceRef, iter_clauses, source_words
from ordiff.read_text import parse_text

REF = SourceRef(id="sample.txt", label="sample", sha256="0" * 64)


def parse(text: str, section: str | None = None) -> Document:
    document = parse_text(dedent(text).lstrip("\n"), path="sample.txt", source=REF,
                          section=section)
    assert "".join(source_words(document)) == "".join(text.split()), "a character was lost"
    return document


def paths(document: Document) -> list[str]:
    return [c.id for c in iter_clauses(document.clauses)]


def find(document: Document, path: str):  # type: ignore[no-untyped-def]
    return next(c for c in iter_clauses(document.clauses) if c.id == path)


@pytest.mark.parametrize("line, label, marker, heading", [
    ("19.30. Sample services. (a) Sample City text.", "19.30", "19.30.", "Sample services."),
    ("§ 44.02. Sample services.", "44.02", "§ 44.02.", "Sample services."),
    ("Sec. 2-173-020 Sample enforcement prohibited.", "2-173-020", "Sec. 2-173-020",
     "Sample enforcement prohibited."),
    ("SEC. 12H.2. USE OF SAMPLE FUNDS PROHIBITED.", "12H.2", "SEC. 12H.2.",
     "USE OF SAMPLE FUNDS PROHIBITED."),
    ("Section 44.06 - Sample heading.", "44.06", "Section 44.06 -", "Sample heading."),
    ("Section 44.06. - Sample heading.", "44.06", "Section 44.06. -", "Sample heading."),
    ("SEC. 12H.2-1. SAMPLE PROVISIONS.", "12H.2-1", "SEC. 12H.2-1.", "SAMPLE PROVISIONS."),
    ("2.04 SAMPLE SYSTEM REQUIRED. Any sample agency shall comply.", "2.04", "2.04",
     "SAMPLE SYSTEM REQUIRED."),
])
def test_section_layouts(line: str, label: str, marker: str, heading: str) -> None:
    document = parse(line + "\n")
    section = document.clauses[0]
    assert (section.kind, section.label, section.marker, section.heading) == (
        ClauseKind.SECTION, label, marker, heading)


def test_section_without_heading_sentence() -> None:
    document = parse("1.01 The Sample City values the safety of all of its residents, whatever "
                     "their status, and says so here at length.\n")
    assert document.clauses[0].heading is None
    assert document.clauses[0].text.startswith("The Sample City values")


def test_prose_mentioning_a_section_is_not_a_section() -> None:
    document = parse("""
        SECTION 1
        Section 44.06 of the Sample City Code is hereby amended to read as follows:
        """)
    assert paths(document) == ["1"]
    assert document.clauses[0].text.startswith("Section 44.06 of the Sample")


def test_heading_on_its_own_line_after_a_bare_section_number() -> None:
    document = parse("""
        § 2-173-042

        Sample enforcement actions – Sample responsibility


        No sample agent shall act.
        """)
    section = document.clauses[0]
    assert section.heading == "Sample enforcement actions – Sample responsibility"
    assert section.text == "No sample agent shall act."


def test_marker_styles_nest_by_order_of_appearance() -> None:
    document = parse("""
        § 1-101. Sample heading.
        (a) Sample text a:
          (1) Sample text 1:
            (A) Sample text A:
              (i) Sample text i;
              (ii) Sample text ii.
            (B) Sample text B.
          (2) Sample text 2.
        (b) Sample text b.
        """)
    assert paths(document) == [
        "1-101", "1-101/(a)", "1-101/(a)/(1)", "1-101/(a)/(1)/(A)", "1-101/(a)/(1)/(A)/(i)",
        "1-101/(a)/(1)/(A)/(ii)", "1-101/(a)/(1)/(B)", "1-101/(a)/(2)", "1-101/(b)"]


def test_dot_markers_and_a_different_order() -> None:
    document = parse("""
        § 161.10. Sample heading.
        A.
        Definitions. As used in this sample:
        1.
        "Sample official" means someone.
        2.
        "Sample servant" means someone else.
        B.
        No sample department shall deny access.
        """)
    assert paths(document) == ["161.10", "161.10/A.", "161.10/A./1.", "161.10/A./2.",
                               "161.10/B."]
    assert find(document, "161.10/A./1.").text == '"Sample official" means someone.'


def test_inline_marker_after_heading_and_letter_dot_items() -> None:
    document = parse("""
        19.30. Sample services. (a) Sample officials shall be governed as follows:

        (1) Sample item one.

        (2) Sample employees may:

        a. Inform sample persons.

        b. Question sample witnesses.

        (3) Sample item three.
        """)
    assert paths(document) == ["19.30", "19.30/(a)", "19.30/(a)/(1)", "19.30/(a)/(2)",
                               "19.30/(a)/(2)/a.", "19.30/(a)/(2)/b.", "19.30/(a)/(3)"]
    assert find(document, "19.30").heading == "Sample services."


def test_label_on_its_own_line_takes_the_next_paragraph_as_text() -> None:
    document = parse("""
        § 44.02. Sample services.

            (a)

            To the extent permitted by sample law, employees shall:

            (1)

            Sample duty one.
        """)
    assert find(document, "44.02/(a)").text == ("To the extent permitted by sample law, "
                                                 "employees shall:")
    assert find(document, "44.02/(a)/(1)").text == "Sample duty one."


def test_roman_i_after_h_is_a_letter_but_under_a_letter_is_roman() -> None:
    letters = "\n".join(f"({c}) Sample {c}." for c in "abcdefghij")
    document = parse("§ 1-1. Sample.\n" + letters + "\n")
    assert paths(document)[-3:] == ["1-1/(h)", "1-1/(i)", "1-1/(j)"]
    nested = parse("""
        § 1-2. Sample.
        (a) Sample a:
        (b) Sample b:
          (i) Sample roman one;
          (ii) Sample roman two.
        (c) Sample c.
        """)
    assert paths(nested) == ["1-2", "1-2/(a)", "1-2/(b)", "1-2/(b)/(i)", "1-2/(b)/(ii)",
                             "1-2/(c)"]


def test_inserted_paragraph_labels_count_as_siblings() -> None:
    document = parse("""
        § 1-3. Sample.
        (1) Sample one.
        (1A) Sample one-A.
        (1B) Sample one-B.
        (2) Sample two.
        """)
    assert paths(document) == ["1-3", "1-3/(1)", "1-3/(1A)", "1-3/(1B)", "1-3/(2)"]


def test_depth_shown_only_by_leading_tabs() -> None:
    document = parse("Sec. 9-1 Sample.\n\t1. Outer one.\n\t\t1. Inner one.\n\t\t2. Inner two."
                     "\n\t2. Outer two.\n")
    assert paths(document) == ["9-1", "9-1/1.", "9-1/1./1.", "9-1/1./2.", "9-1/2."]


def test_hard_wrapped_lines_continue_the_clause_and_cross_references_stay_text() -> None:
    document = parse("""
        CHAPTER 9. SAMPLE MATTERS
        9.01. Purpose. This sample ordinance clarifies the relationship between the sample
        city and its sample departments with respect to the sample duties listed in
        19.30(a)(3) and in the sample code, and it does not create any rights at all
        (a) of any kind for anyone; it merely restates the sample policy of the city.
        9.02. Services. (a) To the extent permitted by sample law, in providing sample
        services, sample employees shall be governed by these sample requirements:
        (1) Sample employees are to carry out their regular duties for the purpose of
        """)
    assert paths(document) == ["chapter:9", "9.01", "9.02", "9.02/(a)", "9.02/(a)/(1)"]
    purpose = find(document, "9.01")
    assert purpose.heading == "Purpose."
    assert "19.30(a)(3)" in purpose.text and "(a) of any kind" in purpose.text
    assert purpose.text.count("\n") == 3  # wrapped lines are joined, line breaks kept


def test_history_notes_are_notes_of_their_section() -> None:
    document = parse("""
        § 5.10. Sample heading.
        A. Sample text A.
        B. Sample text B.
        (Ord. No. 1-2000 ,§ 1, 1-1-2000)
        """)
    assert document.clauses[0].notes == ("(Ord. No. 1-2000 ,§ 1, 1-1-2000)",)
    assert all(not c.notes for c in document.clauses[0].children)


def test_unlabelled_paragraphs_get_pilcrow_paths() -> None:
    document = parse("""
        SEC. 7.1. SAMPLE.
        First sample paragraph.
        Second sample paragraph.
        Third sample paragraph.
        """)
    assert paths(document) == ["7.1", "7.1/¶1", "7.1/¶2"]
    assert document.clauses[0].text == "First sample paragraph."


def test_text_that_fits_no_pattern_is_kept_with_a_warning() -> None:
    document = parse("Sample City, a preamble without any designation.\n\nAnother one.\n")
    assert [c.kind for c in document.clauses] == [ClauseKind.UNLABELLED] * 2
    assert any("no section or clause designations" in w.message for w in document.warnings)


def test_section_from_metadata_wraps_a_copy_that_starts_inside_it() -> None:
    document = parse("""
        Sample intro text of the section:
        (a) Sample a.
        (b) Sample b.
        """, section="12H.2")
    section = document.clauses[0]
    assert (section.label, section.printed, section.marker) == ("12H.2", False, "")
    assert section.text == "Sample intro text of the section:"
    assert paths(document) == ["12H.2", "12H.2/(a)", "12H.2/(b)"]


def test_combined_markers_on_one_line() -> None:
    document = parse("§ 3-1. Sample.\n(a)(1) Sample a-one.\n(2) Sample a-two.\n(b) Sample b.\n")
    assert paths(document) == ["3-1", "3-1/(a)", "3-1/(a)/(1)", "3-1/(a)/(2)", "3-1/(b)"]


def test_containers_hold_sections() -> None:
    document = parse("CHAPTER 12H: SAMPLE STATUS\n\nSEC. 12H.1. SAMPLE.\nSample text.\n")
    chapter = document.clauses[0]
    assert (chapter.kind, chapter.label, chapter.heading) == (ClauseKind.CHAPTER, "12H",
                                                              "SAMPLE STATUS")
    assert chapter.children[0].path == ("12H.1",)

"""The D.C. Code XML reader: the three real § 24-211.07 files, and one invented case per rule.

Invented XML says "Sample City" and is no law text. The real files come from
../shared/ordinance-sources/district-of-columbia/ (see its SOURCES.md).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from textwrap import dedent

import pytest

from conftest import SOURCES
from ordiff.errors import ParseError, SourceError
from ordiff.model import Clause, ClauseKind, Document, iter_clauses, source_words
from ordiff.read_dcxml import read_dcxml

DC = SOURCES / "district-of-columbia"
XML = DC / "xml"
needs_dc = pytest.mark.skipif(not XML.is_dir(), reason="../shared/ordinance-sources is absent")
NAMESPACES = ('xmlns="https://code.dccouncil.us/schemas/dc-library" '
              'xmlns:xi="http://www.w3.org/2001/XInclude" '
              'xmlns:codify="https://code.dccouncil.us/schemas/codify"')


def section_xml(body: str, attributes: str = "") -> str:
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<section {NAMESPACES}{attributes}>\n'
            f"{dedent(body).strip()}\n</section>\n")


def read_section(tmp_path: Path, body: str, attributes: str = "", name: str = "1-101.xml"
                 ) -> Document:
    path = tmp_path / name
    path.write_text(section_xml(body, attributes), encoding="utf-8")
    return read_dcxml(path, name)


def by_id(document: Document) -> dict[str, Clause]:
    return {clause.id: clause for clause in iter_clauses(document.clauses)}


# --- the real files --------------------------------------------------------------------------


@needs_dc
def test_2021_structure_labels_and_headings() -> None:
    document = read_dcxml(XML / "24-211.07.2021.xml", "24-211.07.2021.xml")
    (section,) = document.clauses
    assert (section.kind, section.label, section.marker, section.path) == (
        ClauseKind.SECTION, "24-211.07", "24-211.07", ("24-211.07",))
    assert section.heading == document.title == ("Prohibition on cooperation with federal "
                                                 "immigration agencies.")
    assert [c.label for c in section.children] == ["(a)", "(b)", "(c)", "(d)", "(e)", "(f)"]
    clauses = by_id(document)
    assert len(clauses) == 20
    assert [c.marker for c in clauses["24-211.07/(a)/(4)"].children] == ["(A)", "(B)", "(C)", "(D)"]
    assert clauses["24-211.07/(a)/(3)/(B)"].path == ("24-211.07", "(a)", "(3)", "(B)")
    assert {c.kind for c in clauses.values()} == {ClauseKind.SECTION, ClauseKind.PARAGRAPH}
    assert clauses["24-211.07/(a)/(1)"].text.endswith(
        "except as provided in § 24-211.02a(c)(6);")
    assert (section.line, clauses["24-211.07/(a)"].line) == (2, 5)
    assert document.warnings == ()


@needs_dc
def test_2021_annotations_are_notes_of_the_section_not_text() -> None:
    document = read_dcxml(XML / "24-211.07.2021.xml")
    (section,) = document.clauses
    assert len(section.notes) == 11  # 18 annotations, 7 of them empty
    assert section.notes[0] == "June 27, 1946, ch. 507, § 7"
    assert section.notes[2] == "Former § 24-211.07 was omitted from this part."
    texts = " ".join(c.text for c in iter_clauses(document.clauses))
    assert "D.C. Law 19-194" not in texts and "1946" not in texts
    assert all(not c.notes for c in iter_clauses(section.children))


@needs_dc
def test_2012_deep_paragraphs_and_a_paragraph_without_own_text() -> None:
    document = read_dcxml(XML / "24-211.07.2012.xml")
    clauses = by_id(document)
    assert len(clauses) == 14
    assert [c.label for c in clauses["24-211.07/(b)/(2)/(B)"].children] == ["(i)", "(ii)", "(iii)"]
    assert clauses["24-211.07/(d)"].text == ""
    assert len(clauses["24-211.07/(d)"].children) == 2
    assert len(document.clauses[0].notes) == 5


@needs_dc
def test_2025_note_printed_before_the_heading_is_the_section_text() -> None:
    document = read_dcxml(XML / "24-211.07.2025-emergency.xml")
    (section,) = document.clauses
    assert section.heading == "Prohibition on cooperation with federal immigration agencies."
    assert section.text.startswith("*NOTE: This section includes amendments by emergency")
    assert section.text.endswith("click this link: Permanent Version.*")
    assert section.children[-1].label == "(g)"
    assert section.notes == ()


@needs_dc
@pytest.mark.parametrize("version", ["2012", "2021", "2025-emergency"])
def test_source_is_the_file_as_given_with_its_digest(version: str) -> None:
    path = XML / f"24-211.07.{version}.xml"
    document = read_dcxml(path, f"dc/{version}.xml")
    assert document.source.id == f"dc/{version}.xml"
    assert document.source.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert document.source.label == ""
    assert read_dcxml(path, f"dc/{version}.xml") == document


def txt_words(path: Path) -> dict[tuple[str, ...], list[str]]:
    """Words per path of the plain-text rendering: "§ N. heading", then "(x) text" lines
    indented two spaces per level (the layout SOURCES.md describes)."""
    first, *lines = path.read_text(encoding="utf-8").splitlines()
    number, _, heading = first.removeprefix("§ ").partition(". ")
    words = {(number,): heading.split()}
    stack = [number]
    for line in lines:
        depth = (len(line) - len(line.lstrip(" "))) // 2
        label, _, text = line.strip().partition(" ")
        stack = stack[:depth + 1] + [label]
        words[tuple(stack)] = text.split()
    return words


@needs_dc
@pytest.mark.parametrize("version", ["2012", "2021", "2025-emergency"])
def test_same_paths_and_words_as_the_plain_text_rendering(version: str) -> None:
    expected = txt_words(DC / f"dc-code-24-211.07-{version}.txt")
    document = read_dcxml(XML / f"24-211.07.{version}.xml")
    got = {c.path: (c.heading or "").split() if c.kind is ClauseKind.SECTION else c.text.split()
           for c in iter_clauses(document.clauses)}
    assert got == expected
    assert all(c.marker == c.label for c in iter_clauses(document.clauses[0].children))
    if version != "2025-emergency":  # the .txt leaves out only that version's editorial note
        assert document.clauses[0].text == ""


# --- one invented case per rule ------------------------------------------------------------


def test_inline_markup_is_flattened_and_layout_whitespace_collapsed(tmp_path: Path) -> None:
    document = read_section(tmp_path, """
        <num>1-101</num>
        <heading>Sample   City
           parks.</heading>
        <text>Sample City <cite path="§1-102">§ 1-102</cite>, <em>invented</em>
              words; <u>under</u><strong>lined</strong>.</text>
        <text>A second line of the Sample City text.</text>""")
    (section,) = document.clauses
    assert section.heading == "Sample City parks."
    assert section.text == ("Sample City § 1-102, invented words; underlined.\n"
                            "A second line of the Sample City text.")


def test_table_cells_and_line_breaks_are_separated(tmp_path: Path) -> None:
    document = read_section(tmp_path, """
        <num>1-101</num>
        <text>Sample City fees:<table><tr><td>Parking</td><td>$10</td></tr>
        <tr><td>Picnic<br/>shelter</td><td>$25</td></tr></table></text>""")
    assert document.clauses[0].text == "Sample City fees:\nParking\n$10\nPicnic\nshelter\n$25"


def test_section_prefix_and_closing_period(tmp_path: Path) -> None:
    document = read_section(tmp_path, """
        <prefix>§</prefix>
        <num>1-101.</num>
        <heading>Sample City.</heading>""")
    (section,) = document.clauses
    assert (section.label, section.marker, section.path) == ("1-101", "§ 1-101.", ("1-101",))
    assert source_words(document) == ["§", "1-101.", "Sample", "City."]


def test_undesignated_num_and_paragraphs_without_num_are_unlabelled(tmp_path: Path) -> None:
    document = read_section(tmp_path, """
        <num>1-101</num>
        <para><num undesignated="true">(a)</num>
          <para><num>(1)</num><text>Sample City one.</text></para>
        </para>
        <para><num>(b)</num><text>Sample City two.</text></para>
        <para><text>Sample City three, without a number.</text></para>""")
    clauses = by_id(document)
    first = clauses["1-101/¶1"]
    assert (first.kind, first.label, first.marker, first.printed) == (
        ClauseKind.UNLABELLED, "", "(a)", False)
    assert clauses["1-101/¶1/(1)"].text == "Sample City one."
    assert clauses["1-101/(b)"].kind is ClauseKind.PARAGRAPH
    assert clauses["1-101/¶2"].text == "Sample City three, without a number."
    assert "(a)" not in source_words(document)


def test_text_after_sub_paragraphs_is_an_unlabelled_clause_in_its_place(tmp_path: Path) -> None:
    document = read_section(tmp_path, """
        <num>1-101</num>
        <para><num>(a)</num><text>Sample City may:</text>
          <para><num>(1)</num><text>plant trees;</text></para>
          <para><num>(2)</num><text>mow lawns,</text></para>
          <text>if the Sample City budget allows.</text>
        </para>
        <aftertext>Sample City closing words.</aftertext>""")
    (section,) = document.clauses
    (a, closing) = section.children
    assert [c.id for c in a.children] == ["1-101/(a)/(1)", "1-101/(a)/(2)", "1-101/(a)/¶1"]
    assert a.children[-1].text == "if the Sample City budget allows."
    assert (closing.kind, closing.path, closing.text) == (
        ClauseKind.UNLABELLED, ("1-101", "¶1"), "Sample City closing words.")
    assert " ".join(source_words(document)) == (
        "1-101 (a) Sample City may: (1) plant trees; (2) mow lawns, if the Sample City budget "
        "allows. Sample City closing words.")


def test_placeholders_have_a_status_and_keep_the_reason_as_text(tmp_path: Path) -> None:
    document = read_section(tmp_path, """
        <reason>Repealed</reason>
        <num>1-101</num>
        <heading>Sample City fees.</heading>
        <text>Repealed.</text>""", ' placeholder="Repealed"')
    (section,) = document.clauses
    assert (section.kind, section.status, section.text) == (
        ClauseKind.SECTION, "repealed", "Repealed\nRepealed.")
    assert source_words(document) == ["1-101", "Sample", "City", "fees.", "Repealed", "Repealed."]


def test_a_reason_without_placeholder_attribute_gives_the_status(tmp_path: Path) -> None:
    expired = read_section(tmp_path, "<num>1-101</num><reason>Not Funded</reason>")
    assert expired.clauses[0].status == "not funded"
    odd = read_section(tmp_path, "<num>1-101</num><reason>Sample City</reason>")
    assert odd.clauses[0].status == ""
    assert odd.clauses[0].text == "Sample City"
    assert "not a known status" in odd.warnings[0].message


def test_annotations_and_codification_notes_are_kept_apart_in_order(tmp_path: Path) -> None:
    document = read_section(tmp_path, """
        <codify:find-replace><find>Sample</find><replace>Example</replace></codify:find-replace>
        <num>1-101</num>
        <para><num>(a)</num><text>Sample City text.</text>
          <codify:annotation type="Applicability">Sample City note in a para.</codify:annotation>
        </para>
        <annotations>
          <annotation type="History">Sample City history, <cite>Law 1-1</cite></annotation>
          <annotation type="History" display="false"/>
          <text type="Editor's Notes">Sample City editor's note.</text>
        </annotations>""")
    (section,) = document.clauses
    assert section.notes == ("Sample\nExample", "Sample City note in a para.",
                             "Sample City history, Law 1-1", "Sample City editor's note.")
    assert section.children[0].notes == ()
    assert section.children[0].text == "Sample City text."


def test_quoted_matter_in_an_include_is_read_in_place(tmp_path: Path) -> None:
    document = read_section(tmp_path, """
        <num>1-101</num>
        <text>Sample City law is amended to read:</text>
        <include><para><num>(x)</num><text>Quoted Sample City words.</text></para></include>
        <aftertext>.</aftertext>""")
    assert [c.id for c in iter_clauses(document.clauses)] == ["1-101", "1-101/(x)", "1-101/¶1"]


def test_oddities_are_warned_never_silenced(tmp_path: Path) -> None:
    document = read_section(tmp_path, """
        <num>1-101</num>
        <para><num>(a)</num><text>Sample City one.</text></para>
        <para><num>(a)</num><text>Sample City two.</text></para>
        <para><num></num><text>Sample City three.</text></para>
        <marginal>Sample City margin.</marginal>
        <para><num>(c)</num><text>Sample</text> City stray words.</para>""")
    messages = [w.message for w in document.warnings]
    assert 'two clauses have the path "1-101/(a)"' in messages
    assert "a clause with an empty <num>: read as unlabelled" in messages
    assert "unexpected <marginal> read as text" in messages
    assert "text outside a <text> element: kept as text" in messages
    assert all(w.path == "1-101.xml" and w.line > 0 for w in document.warnings)
    assert "stray" in source_words(document) and "margin." in source_words(document)


def test_odd_file_names_read_as_sections(tmp_path: Path) -> None:
    for name in ("[47-1099].xml", "28~1-101.xml"):
        document = read_section(tmp_path, f"<num>{name[:-4]}</num>", name=name)
        assert document.clauses[0].label == name[:-4]


def title_folder(root: Path, number: str, sections: dict[str, str], *, extra: str = "") -> Path:
    folder = root / number
    (folder / "sections").mkdir(parents=True)
    includes = "".join(f'<xi:include href="./sections/{name}.xml"/>' for name in sections)
    (folder / "index.xml").write_text(
        f'<container {NAMESPACES}><prefix>Title</prefix><num>{number}</num>'
        f"<heading>Sample City title {number}.</heading><subheading>Sample City group.</subheading>"
        f"<container><prefix>Chapter</prefix><num>2</num><heading>Sample City chapter.</heading>"
        f"{includes}{extra}</container></container>", encoding="utf-8")
    for name, body in sections.items():
        (folder / "sections" / f"{name}.xml").write_text(section_xml(body), encoding="utf-8")
    return folder


def test_a_title_folder_follows_its_includes(tmp_path: Path) -> None:
    folder = title_folder(tmp_path, "1", {"1-201": "<num>1-201</num><text>Sample one.</text>",
                                          "[1-202]": "<num>[1-202]</num><text>Sample two.</text>"})
    document = read_dcxml(folder, "t1")
    (title,) = document.clauses
    assert (title.kind, title.label, title.marker, title.path) == (
        ClauseKind.TITLE, "1", "Title 1", ("1",))
    assert document.title == "Sample City title 1."
    group, chapter = title.children
    assert (group.kind, group.heading, group.path) == (
        ClauseKind.UNLABELLED, "Sample City group.", ("1", "¶1"))
    assert (chapter.kind, chapter.marker, chapter.id) == (ClauseKind.CHAPTER, "Chapter 2",
                                                          "chapter:2")
    assert [c.label for c in chapter.children] == ["1-201", "[1-202]"]
    listing = "".join(f"{rel}\t{hashlib.sha256((folder / rel).read_bytes()).hexdigest()}\n"
                      for rel in sorted(["index.xml", "sections/1-201.xml",
                                         "sections/[1-202].xml"]))
    assert document.source.sha256 == hashlib.sha256(listing.encode()).hexdigest()
    assert read_dcxml(folder / "index.xml").clauses == document.clauses


@pytest.mark.parametrize("href", ["../2/sections/2-101.xml", "/etc/passwd",
                                  "file:///etc/passwd", "http://example.com/x.xml"])
def test_a_hostile_include_is_refused(tmp_path: Path, href: str) -> None:
    title_folder(tmp_path, "2", {"2-101": "<num>2-101</num><text>Sample City secret.</text>"})
    folder = title_folder(tmp_path, "1", {}, extra=f'<xi:include href="{href}"/>')
    with pytest.raises(ParseError) as caught:
        read_dcxml(folder, "t1")
    assert caught.value.path == "t1/index.xml"
    assert "refused" in caught.value.message and "secret" not in str(caught.value)


def test_a_circular_include_is_refused(tmp_path: Path) -> None:
    folder = title_folder(tmp_path, "1", {}, extra='<xi:include href="./index.xml"/>')
    with pytest.raises(ParseError, match="includes itself"):
        read_dcxml(folder)


def build_folder(root: Path, titles: list[str]) -> Path:
    root.mkdir()
    (root / "index.xml").write_text(
        f'<library {NAMESPACES}><heading>Sample City Library</heading><meta><build>'
        f"<build-date>2099-01-02</build-date></build></meta></library>", encoding="utf-8")
    for number in titles:
        title_folder(root / "us/dc/council/code/titles", number,
                     {f"{number}-101": f"<num>{number}-101</num><text>Sample City.</text>"})
    return root


def test_a_build_reads_its_titles_in_natural_order(tmp_path: Path) -> None:
    build = build_folder(tmp_path / "build", ["10", "2", "27A", "27", "1"])
    document = read_dcxml(build, "build")
    assert [c.label for c in document.clauses] == ["1", "2", "10", "27", "27A"]
    assert document.source.label == "2099-01-02"
    assert document.warnings == ()
    section = build / "us/dc/council/code/titles/27A/sections/27A-101.xml"
    assert read_dcxml(section).source.label == "2099-01-02"
    assert read_dcxml(build / "us/dc/council/code/titles/2").source.label == "2099-01-02"


def test_content_decides_not_the_name(tmp_path: Path) -> None:
    folder = tmp_path / "sample"
    folder.mkdir()
    (folder / "index.xml").write_text(section_xml("<num>1-101</num>"), encoding="utf-8")
    assert read_dcxml(folder).clauses[0].kind is ClauseKind.SECTION
    (tmp_path / "page.xml").write_text("<html><p>Sample City</p></html>", encoding="utf-8")
    with pytest.raises(ParseError, match="not D.C. Code XML"):
        read_dcxml(tmp_path / "page.xml")


def test_missing_input_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError) as caught:
        read_dcxml(tmp_path / "nothing", "nothing")
    assert caught.value.path == "nothing"


def test_an_xinclude_inside_a_section_is_not_followed(tmp_path: Path) -> None:
    (tmp_path / "other.xml").write_text(section_xml("<num>1-102</num>"), encoding="utf-8")
    document = read_section(tmp_path, """
        <num>1-101</num>
        <para><num>(a)</num><text>Sample City.</text><xi:include href="./other.xml"/></para>""")
    assert [c.id for c in iter_clauses(document.clauses)] == ["1-101", "1-101/(a)"]
    assert [w.message for w in document.warnings] == ["xi:include inside a section is not followed"]


def test_an_unreadable_build_index_costs_the_date_not_the_read(tmp_path: Path) -> None:
    build = build_folder(tmp_path / "build", ["1"])
    (build / "index.xml").write_text("<library><meta>", encoding="utf-8")
    document = read_dcxml(build / "us/dc/council/code/titles/1/sections/1-101.xml", "1-101.xml")
    assert document.source.label == ""
    assert [w.message.split(":")[0] for w in document.warnings] == [
        "the build's index.xml gives no build date"]

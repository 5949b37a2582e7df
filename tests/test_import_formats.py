"""Importing each format gives back the stored text's clause tree: test documents are generated
from the real stored texts (tests/import_builders.py), never written by hand."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from import_builders import (STORE, docx_amendment, docx_numbered, html_page, stored,  # noqa: E402
                             uslm_document)

from ordiff.export_akn import export_akn  # noqa: E402
from ordiff.importers import convert  # noqa: E402
from ordiff.importers.numbering import format_number  # noqa: E402
from ordiff.importers.sniff import sniff  # noqa: E402
from ordiff.model import Document, SourceRef, iter_clauses  # noqa: E402
from ordiff.read_text import parse_text  # noqa: E402

SOURCES = Path(__file__).resolve().parents[1].parent / "shared" / "ordinance-sources"
DC = "district-of-columbia/24-211.07"
# Versions whose plain-line layout the structured formats reproduce (the others start inside a
# section the copy does not print, or are hard-wrapped OCR whose headings sit on the text line).
ROUND_TRIP = [f"{DC}/2012.txt", f"{DC}/2021.txt", f"{DC}/2025-emergency.txt",
              "columbus-oh/161.10/2017.txt", "minneapolis/separation/2003.txt",
              "saint-paul/admin-code-ch44/2004.txt", "saint-paul/admin-code-ch44/codified.txt",
              "saint-paul/admin-code-ch44a/2026.txt", "saint-paul/legislative-code-ch268/2026.txt",
              "san-francisco/admin-code-12h/2013.txt"]


def parsed(text: str) -> Document:
    return parse_text(text, path="t", source=SourceRef("t", "t", ""))


def tree(text: str) -> list[tuple[str, str, str | None, str, tuple[str, ...]]]:
    """Paths, designations, headings, words of the text, notes: what must survive an import."""
    return [(c.id, c.marker, c.heading, " ".join(c.text.split()), c.notes)
            for c in iter_clauses(parsed(text).clauses)]


@pytest.mark.parametrize("value, fmt, printed", [
    (1, "lowerLetter", "a"), (26, "lowerLetter", "z"), (27, "lowerLetter", "aa"),
    (28, "upperLetter", "BB"), (4, "lowerRoman", "iv"), (1994, "upperRoman", "MCMXCIV"),
    (9, "decimal", "9"), (7, "decimalZero", "07"), (3, "bullet", "")])
def test_word_number_formats(value: int, fmt: str, printed: str) -> None:
    assert format_number(value, fmt) == printed


@pytest.mark.parametrize("name", [f"{DC}/2012.txt", f"{DC}/2021.txt"])
def test_docx_numbering_is_recovered_byte_for_byte(name: str) -> None:
    text = stored(name)
    data, numbered, literal = docx_numbered(text)
    assert numbered >= 9 and literal <= 3  # nearly every label lives in Word's numbering, none in text
    import io
    import zipfile
    body = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "<w:t>(a)" not in body and "(a) " not in body  # the labels are Word's numbering
    converted = convert(data, "draft.docx")
    assert converted.format == "docx" and converted.before is None
    assert converted.text == text


@pytest.mark.parametrize("name", ROUND_TRIP)
def test_docx_of_each_stored_text_gives_its_tree(name: str) -> None:
    text = stored(name)
    converted = convert(docx_numbered(text)[0], "draft.docx")
    assert tree(converted.text) == tree(text)


@pytest.mark.parametrize("layout", ["legistar", "municode", "amlegal", "elaws"])
@pytest.mark.parametrize("name", [f"{DC}/2021.txt", "saint-paul/admin-code-ch44/codified.txt",
                                  "columbus-oh/161.10/2017.txt"])
def test_html_layouts_give_the_tree_and_drop_chrome_and_scripts(layout: str, name: str) -> None:
    text = stored(name)
    converted = convert(html_page(text, layout), "page.html")
    assert converted.format == "html"
    assert tree(converted.text) == tree(text)
    assert "SCRIPT-RAN" not in converted.text and "invented" not in converted.text
    assert any("removed 2 <script>" in str(w) for w in converted.warnings)


@pytest.mark.parametrize("name", ROUND_TRIP)
def test_akn_export_then_import_gives_the_tree(name: str) -> None:
    text = stored(name)
    data = export_akn(parsed(text))
    assert sniff(data, "x.xml") == "akn"
    assert tree(convert(data, "act.xml").text) == tree(text)


@pytest.mark.parametrize("name", ROUND_TRIP)
def test_uslm_gives_the_tree_without_metadata_or_editorial_notes(name: str) -> None:
    text = stored(name)
    converted = convert(uslm_document(parsed(text)), "usc.xml")
    assert converted.format == "uslm"
    assert tree(converted.text) == tree(text)
    assert "invented" not in converted.text
    assert any("<notes>" in edit for edit in converted.edits)


@pytest.mark.skipif(not SOURCES.is_dir(), reason="the shared ordinance sources are not here")
@pytest.mark.parametrize("version", ["2012", "2021"])
def test_dc_council_xml_gives_the_stored_text_byte_for_byte(version: str) -> None:
    data = (SOURCES / "district-of-columbia" / "xml" / f"24-211.07.{version}.xml").read_bytes()
    converted = convert(data, "section.xml")
    assert converted.format == "dcxml"
    assert converted.text == stored(f"{DC}/{version}.txt")


@pytest.mark.skipif(not SOURCES.is_dir(), reason="the shared ordinance sources are not here")
def test_dc_council_xml_keeps_the_note_the_store_left_out() -> None:
    data = (SOURCES / "district-of-columbia" / "xml" / "24-211.07.2025-emergency.xml").read_bytes()
    imported = convert(data, "section.xml").text.split("\n")
    expected = stored(f"{DC}/2025-emergency.txt").split("\n")
    extra = [line for line in imported if line not in expected]
    assert [line for line in imported if line in expected] == expected  # nothing else differs
    assert len(extra) == 1 and extra[0].startswith("*NOTE: This section includes amendments")


def test_strike_and_underline_docx_splits_into_the_two_real_versions() -> None:
    old, new = stored(f"{DC}/2012.txt"), stored(f"{DC}/2021.txt")
    converted = convert(docx_amendment(old, new), "amendment.docx")
    assert (converted.before, converted.text) == (old, new)


def test_amendment_html_splits_del_and_ins() -> None:
    old, new = stored(f"{DC}/2021.txt"), stored(f"{DC}/2025-emergency.txt")
    added = [line for line in new.split("\n") if line not in old.split("\n")]
    assert added  # (g) and its paragraphs
    from html import escape
    body = "".join(f"<p>{escape(line)}</p>" for line in old.rstrip("\n").split("\n"))
    body += "".join(f"<p><ins>{escape(line)}</ins></p>" for line in added if line)
    converted = convert(f"<html><body><main>{body}</main></body></html>".encode(), "a.html")
    assert tree(converted.before or "") == tree(old)
    assert tree(converted.text) == tree(new)


def test_underline_alone_is_plain_text_with_a_warning() -> None:
    converted = convert(b"<html><body><p>Sample City <u>invented</u> text.</p></body></html>",
                        "u.html")
    assert converted.before is None and converted.text == "Sample City invented text.\n"
    assert any("--amendment yes" in str(w) for w in converted.warnings)


@pytest.mark.parametrize("data, fmt", [
    (b"(a) Sample City invented text.\n", "text"),
    (b"<!DOCTYPE html><p>x</p>", "html"),
    (b'<?xml version="1.0"?><akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"/>',
     "akn"),
    (b'<uscDoc xmlns="http://xml.house.gov/schemas/uslm/1.0"/>', "uslm"),
    (b'<section xmlns="https://code.dccouncil.us/schemas/dc-library"/>', "dcxml"),
    (b"PK\x03\x04rest", "docx"),
])
def test_format_is_told_by_content_not_name(data: bytes, fmt: str) -> None:
    assert sniff(data, "misnamed.txt") == fmt


def test_store_texts_exist() -> None:
    assert all((STORE / name).is_file() for name in ROUND_TRIP)


def test_word_counting_restarts_shares_and_overrides() -> None:
    from lxml import etree

    from ordiff.importers.numbering import read_numbering

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    xml = (f'<w:numbering xmlns:w="{w}"><w:abstractNum w:abstractNumId="1">'
           '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
           '<w:lvlText w:val="%1."/></w:lvl>'
           '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
           '<w:lvlText w:val="%1.%2"/><w:suff w:val="space"/></w:lvl></w:abstractNum>'
           '<w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num>'
           '<w:num w:numId="6"><w:abstractNumId w:val="1"/></w:num>'
           '<w:num w:numId="7"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0">'
           '<w:startOverride w:val="1"/></w:lvlOverride></w:num></w:numbering>')
    numbering = read_numbering(etree.fromstring(xml))
    got = [numbering.label(num, level) for num, level in
           [("5", 0), ("5", 1), ("5", 1), ("5", 0), ("5", 1), ("6", 0), ("7", 0), ("7", 0)]]
    assert [g[0] if g else None for g in got] == ["1.", "1.a", "1.b", "2.", "2.a", "3.", "1.", "2."]
    assert got[1] is not None and got[1][1] == "space"
    assert numbering.label("0", 0) is None and numbering.label("99", 0) is None


@pytest.mark.parametrize("segments, mark, before, after", [
    ([("=", "Sample City shall "), ("-", "not"), ("+", "always"), ("=", " act.")], "=",
     "Sample City shall not act.", "Sample City shall always act."),
    ([("=", "the "), ("-", "old"), ("=", " "), ("+", "new"), ("=", " rule")], "=",
     "the old rule", "the new rule"),
    ([("-", "(b) Sample struck clause (invented).")], "=", "(b) Sample struck clause (invented).",
     ""),
    ([("=", "Sample joined ")], "-", "Sample joined \nnext", "Sample joined next"),
])
def test_amendment_split_rules(segments: list[tuple[str, str]], mark: str, before: str,
                               after: str) -> None:
    from ordiff.importers.marked import Paragraph, split_amendment

    paragraphs = [Paragraph(tuple(segments), mark)]
    if mark == "-":
        paragraphs.append(Paragraph((("=", "next"),)))
    assert split_amendment(paragraphs) == (before, after)

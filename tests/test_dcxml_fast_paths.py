"""The D.C. Code reader's fast paths give exactly what the general rules give.

Reading a whole build fast takes shortcuts: a paragraph that is only a num and a text skips the
general walk, whitespace checks are inlined, clauses are built with ``Clause.of``, the garbage
collector is paused and its young objects aged, an include is opened without following a link.
Each test here pins one shortcut to the behaviour it replaces. Every XML text here is invented
("Sample City"); no law text.
"""

from __future__ import annotations

import dataclasses
import gc
import re
from pathlib import Path
from textwrap import dedent

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordiff import dcxml_walk
from ordiff.dcxml_text import squeeze
from ordiff.errors import ParseError
from ordiff.model import Clause, ClauseKind
from ordiff.read_dcxml import read_dcxml

NAMESPACES = ('xmlns="https://code.dccouncil.us/schemas/dc-library" '
              'xmlns:xi="http://www.w3.org/2001/XInclude" '
              'xmlns:codify="https://code.dccouncil.us/schemas/codify"')

#: Paragraphs that are, or nearly are, "a num and a text": each must read the same either way.
PARAGRAPHS = [
    "<para><num>(a)</num><text>Sample City parks.</text></para>",
    "<para>\n  <num> (b) </num>\n  <text>\n    Sample  City\tparks\r\n  </text>\n</para>",
    "<para><num>(c)</num><text>Sample\u00a0City\u2003parks </text></para>",
    "<para><num>(d)</num><text/></para>",
    "<para><num>(e)</num><text>   </text></para>",
    "<para><num/><text>Sample City without a num.</text></para>",
    "<para><num>  </num><text>Sample City blank num.</text></para>",
    '<para><num undesignated="true">(f)</num><text>Sample City unprinted.</text></para>',
    '<para placeholder="repealed"><num>(g)</num><text>Repealed.</text></para>',
    "<para><num>(h)</num><text>Sample <cite>City</cite> parks.</text></para>",
    "<para><num><em>(i)</em></num><text>Sample City.</text></para>",
    "<para>stray<num>(j)</num><text>Sample City.</text></para>",
    "<para><num>(k)</num>stray<text>Sample City.</text></para>",
    "<para><num>(l)</num><text>Sample City.</text>stray</para>",
    "<para><text>Sample City first.</text><num>(m)</num></para>",
    "<para><num>(n)</num><!-- Sample City --></para>",
    "<para><heading>Sample City.</heading><text>Parks.</text></para>",
    "<para><num>(o)</num><text>Sample City <codify:find>x</codify:find>.</text></para>",
]


@pytest.fixture(autouse=True)
def python_walk(monkeypatch: pytest.MonkeyPatch) -> None:
    """These shortcuts are the Python walk's: the C walk (held to it elsewhere) is switched off."""
    monkeypatch.setattr(dcxml_walk, "_section", None)


def read(tmp_path: Path, body: str) -> tuple[Clause, ...]:
    path = tmp_path / "1-101.xml"
    path.write_text(f"<section {NAMESPACES}><num>1-101</num>{dedent(body)}</section>",
                    encoding="utf-8")
    document = read_dcxml(path, "1-101.xml")
    return document.clauses + tuple(document.warnings)  # type: ignore[operator]


@pytest.mark.parametrize("para", PARAGRAPHS)
def test_the_plain_paragraph_shortcut_reads_as_the_general_walk(
        tmp_path: Path, para: str, monkeypatch: pytest.MonkeyPatch) -> None:
    body = para + para.replace("Sample", "Other") + "<para><num>(z)</num></para>"
    fast = read(tmp_path, body)
    monkeypatch.setattr(dcxml_walk, "_plain", lambda element, parent: None)
    assert read(tmp_path, body) == fast


@pytest.mark.parametrize("doctype", [
    '<!DOCTYPE section [<!ATTLIST num undesignated CDATA "true">]>',
    '<!DOCTYPE section [<!ATTLIST para placeholder CDATA "Repealed">]>'])
def test_the_shortcut_reads_a_doctypes_defaults_as_the_general_walk(
        tmp_path: Path, doctype: str, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "1-101.xml"
    path.write_text(f"{doctype}<section {NAMESPACES}><num>1-101</num>{PARAGRAPHS[0]}</section>",
                    encoding="utf-8")
    fast = read_dcxml(path, "1-101.xml")
    monkeypatch.setattr(dcxml_walk, "_plain", lambda element, parent: None)
    assert read_dcxml(path, "1-101.xml") == fast


def test_the_shortcut_is_taken_for_the_usual_paragraph(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    taken: list[str] = []
    plain = dcxml_walk._plain

    def spy(element: object, parent: tuple[str, ...]) -> Clause | None:
        clause = plain(element, parent)  # type: ignore[arg-type]
        taken.append(clause.label if clause else "-")
        return clause

    monkeypatch.setattr(dcxml_walk, "_plain", spy)
    read(tmp_path, "".join(PARAGRAPHS[:4]) + PARAGRAPHS[8])
    assert taken == ["(a)", "(b)", "(c)", "(d)", "-"]


@given(st.text(alphabet=" \t\r\n\u00a0\u2003\x85ab§", max_size=40))
def test_squeeze_collapses_exactly_xml_layout_whitespace(text: str) -> None:
    assert squeeze(text) == re.sub(r"[ \t\n\r]+", " ", text).strip(" ")


def test_clause_of_builds_the_same_frozen_clause() -> None:
    fields = (ClauseKind.PARAGRAPH, "(a)", ("1-101", "(a)"), "(a)", "Sample City.", "Parks.",
              ("Sample note.",), (), 7, False, "repealed")
    fast, slow = Clause.of(*fields), Clause(*fields)
    assert type(fast) is Clause and fast == slow and hash(fast) == hash(slow)
    assert repr(fast) == repr(slow) and dataclasses.astuple(fast) == fields
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.text = "changed"  # type: ignore[misc]


def test_the_collector_is_left_as_found(tmp_path: Path) -> None:
    body = PARAGRAPHS[0]
    assert gc.isenabled()
    read(tmp_path, body)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    gc.disable()
    try:
        read(tmp_path, body)
        assert not gc.isenabled()
    finally:
        gc.enable()
    kept = [object()]
    gc.freeze()  # the program's own frozen objects stay frozen
    try:
        frozen = gc.get_freeze_count()
        read(tmp_path, body)
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
    assert kept


def test_an_included_symbolic_link_is_refused_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.xml"
    secret.write_text(f"<section {NAMESPACES}><num>9-999</num><text>Sample City secret.</text>"
                      "</section>", encoding="utf-8")
    folder = tmp_path / "1"
    (folder / "sections").mkdir(parents=True)
    (folder / "sections" / "1-101.xml").symlink_to(secret)
    (folder / "index.xml").write_text(
        f'<container {NAMESPACES}><prefix>Title</prefix><num>1</num>'
        '<xi:include href="./sections/1-101.xml"/></container>', encoding="utf-8")
    with pytest.raises(ParseError) as caught:
        read_dcxml(folder, "t1")
    assert "symbolic link" in caught.value.message and caught.value.path == "t1/index.xml"
    assert "secret" not in str(caught.value)

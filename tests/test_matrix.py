"""The provision matrix: groupings on the bundled texts (checked by reading them), the rules that
make them, the page, and the command.

Each expected grouping below was checked by reading the clauses; the comment says why it is right.
Every "Sample City" text is invented for the tests; it is not law of any place.
"""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner

from golden import reading
from ordiff.api import load_document
from ordiff.cli import cli
from ordiff.html_parts import VersionInfo
from ordiff.matrix import Matrix, MatrixOptions, build_matrix, unit_text
from ordiff.model import Completeness, Document, SourceRef, iter_clauses
from ordiff.page_reports import load_versions
from ordiff.read_text import parse_text
from ordiff.render_matrix import matrix_body, render_matrix
from ordiff.seeds import Provision, load_seeds

SIX = ["minneapolis/separation@2003", "saint-paul/admin-code-ch44@codified",
       "district-of-columbia/24-211.07@2025-emergency", "san-francisco/admin-code-12h@2013",
       "chicago/2-173@current", "columbus-oh/161.10@2017"]
MPLS, STP, DC, SF, CHI, COL = range(6)

# provision: {column: clause ids of the cell} (columns not named are empty), and why.
EXPECTED: dict[str, dict[int, set[str]]] = {
    # Each forbids asking about status or lists the inquiries allowed: Minneapolis (a)(1) "shall
    # not ... verify immigration status ... questioning", (a)(2) the criminal division's allowed
    # inquiries (kept with its list a.-e.), (a)(3) "shall not question ..."; Saint Paul (a)
    # "should inquire into the immigration status" / "solicit immigration information"; D.C. (b)
    # "shall not inquire into the immigration status"; San Francisco (c) "Requesting information
    # about ... immigration status", (d) no status question on forms, 12H.2-1 ¶2 "stop, question
    # ... solely because of ... immigration status"; Chicago 030(a) "request ... citizenship or
    # immigration status", forms; Columbus C "solicit information about ... immigration status",
    # E "request information about ... immigration status".
    "no-status-inquiry": {MPLS: {"19.30/(a)/(1)", "19.30/(a)/(2)", "19.30/(a)/(3)"},
                          STP: {"44.02/(a)"}, DC: {"24-211.07/(b)"},
                          SF: {"12H.2/(c)", "12H.2/(d)", "12H.2-1/¶2"}, CHI: {"2-173-030/(a)"},
                          COL: {"161.10/C.", "161.10/E."}},
    # D.C. (a)(4)(A) no detention space "for civil immigration enforcement purposes"; San
    # Francisco 12H.2 no funds "to assist in the enforcement of Federal immigration law", (a) no
    # assisting its civil enforcement, 12H.2-1 ¶1 the felony exception to it (reporting to and
    # cooperating with the federal agency), ¶2 no discrimination when deciding to report to it;
    # Chicago 020(a) "shall not participate in civil immigration enforcement operations", (4)
    # no 1357(g) agreement, (5) no transfer "for the sole purpose of civil immigration
    # enforcement", (6) no on-site support to an enforcement operation.
    "no-civil-enforcement": {DC: {"24-211.07/(a)/(4)/(A)"},
                             SF: {"12H.2", "12H.2/(a)", "12H.2-1/¶1", "12H.2-1/¶2"},
                             CHI: {"2-173-020/(a)", "2-173-020/(a)/(4)", "2-173-020/(a)/(5)",
                                   "2-173-020/(a)/(6)"}},
    # Minneapolis (a)(3) "shall not ... arrest or detain any person for violations of federal
    # civil immigration laws"; D.C. (a)(1) no holding past release, (a)(4)(A) no space "to house,
    # detain, or hold", (C) and (D) no release into federal custody; San Francisco ¶2 "stop,
    # question, arrest or detain"; Chicago (a)(1) with (A)-(C) (kept together: a sentence cut into
    # fragments) no detention on belief, administrative warrant or detainer, (5) no transfer into
    # ICE custody.
    "no-detainers": {MPLS: {"19.30/(a)/(3)"},
                     DC: {"24-211.07/(a)/(1)", "24-211.07/(a)/(4)/(A)", "24-211.07/(a)/(4)/(C)",
                          "24-211.07/(a)/(4)/(D)"},
                     SF: {"12H.2-1/¶2"}, CHI: {"2-173-020/(a)/(1)", "2-173-020/(a)/(5)"}},
    # D.C. (a)(2) "an office, booth, or any facility or equipment", (a)(4)(A) "a space in a
    # District detention facility"; San Francisco 12H.2 "USE OF CITY FUNDS PROHIBITED"; Chicago
    # 030(b) no direct access to a database; Columbus D "city moneys, equipment, or personnel".
    "no-city-resources": {DC: {"24-211.07/(a)/(2)", "24-211.07/(a)/(4)/(A)"}, SF: {"12H.2"},
                          CHI: {"2-173-030/(b)"}, COL: {"161.10/D."}},
    # None of the six stored texts bars staging on city property (Mounds View's draft does:
    # test_mounds_view_staging_bar_fills_the_staging_row).
    "no-staging": {},
    # Minneapolis (b) "shall be documented"; D.C. (d) the yearly report to the Mayor and the
    # Council, kept with its list of contents (1)-(3).
    "reporting": {MPLS: {"19.30/(b)"}, DC: {"24-211.07/(d)"}},
    # Saint Paul 44.06 "Certifications for victims of crimes": its definitions and its process.
    "u-t-visa": {STP: {"44.06/(a)", "44.06/(b)"}},
    # Saint Paul (a)(2) "shall not be maintained or recorded ... confidentiality"; D.C. (a)(4)(B)
    # no release date or "personal identifying information" to the agency; San Francisco (c)
    # "disseminating information regarding ... immigration status"; Chicago (a)(3) no answering
    # ICE about "custody status, release date, or contact information", 030(a) "request,
    # maintain, or share the citizenship or immigration status".
    "confidentiality": {STP: {"44.02/(a)"}, DC: {"24-211.07/(a)/(4)/(B)"}, SF: {"12H.2/(c)"},
                        CHI: {"2-173-020/(a)/(3)", "2-173-030/(a)"}},
    # D.C. (a)(3) interviews only with a judicial order and counsel; Chicago (a)(2) no access
    # for ICE agents, "including by telephone", no facilities for interviews.
    "interviews-access": {DC: {"24-211.07/(a)/(3)"}, CHI: {"2-173-020/(a)/(2)"}},
    # D.C. (c) "trainings of its employees"; San Francisco 12H.3 employees informed, "a written
    # directive".
    "training": {DC: {"24-211.07/(c)"}, SF: {"12H.3"}},
}


@pytest.fixture(scope="module")
def six() -> Matrix:
    return build_matrix([load_document(ref) for ref in SIX], load_seeds().provisions)


def cells(matrix: Matrix, key: str) -> dict[int, set[str]]:
    row = next(r for r in matrix.rows if r.key == key)
    return {i: {u.head.id for u in cell} for i, cell in enumerate(row.cells) if cell}


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_named_provisions_group_the_clauses_that_say_it(six: Matrix, key: str) -> None:
    assert cells(six, key) == EXPECTED[key]


def test_every_provision_of_the_taxonomy_is_a_row_even_when_no_text_has_it(six: Matrix) -> None:
    named = [r.key for r in six.rows if r.named]
    assert named == [p.id for p in load_seeds().provisions]


def test_clauses_of_no_provision_are_grouped_by_their_own_words(six: Matrix) -> None:
    auto = {r.key: r for r in six.rows if not r.named}
    by_clause = {u.head.id: r for r in auto.values() for cell in r.cells for u in cell}
    # Minneapolis (a)(4) and San Francisco 12H.2-1 ¶4 both keep policing of crime apart from
    # the ordinance ("Nothing in this chapter shall prohibit ... criminal activity"; "Nothing
    # herein ... discourage ... from reporting criminal activity"): one row, both columns.
    shared = by_clause["19.30/(a)/(4)"]
    assert shared is by_clause["12H.2-1/¶4"] and shared.filled == 2
    assert shared.name == "criminal activity"  # the phrase both clauses print
    # A section the taxonomy does not name is its own row, named by its heading.
    assert by_clause["12H.6"].name == "\u201cSeverability\u201d"
    assert by_clause["24-211.07/(f)"].words[:3] == ("private", "create", "action")


def test_nothing_is_lost_every_clause_with_text_is_in_a_cell_or_frames_one(six: Matrix) -> None:
    for column, document in enumerate(six.columns):
        placed = {c.id for row in six.rows for u in row.cells[column]
                  for c in (*u.clauses, *u.context)}
        with_text = {c.id for c in iter_clauses(document.clauses)
                     if c.text.strip() and not c.kind.is_container}
        assert with_text <= placed, document.source.id


def test_a_lead_in_frames_its_items_and_a_list_of_one_thing_stays_together(six: Matrix) -> None:
    units = {u.head.id: u for row in six.rows for cell in row.cells for u in cell}
    # D.C. (a) "Absent a judicial warrant ... shall not:" is the start of (a)(1)'s sentence.
    assert [c.id for c in units["24-211.07/(a)/(1)"].context] == ["24-211.07/(a)"]
    assert "24-211.07/(a)" not in units  # only a frame: its items go to different rows
    # D.C. (d) and its list (1)-(3) are one report: one unit.
    assert [c.label for c in units["24-211.07/(d)"].clauses] == ["(d)", "(1)", "(2)", "(3)"]
    # Chicago (a)(1) "stop, arrest, detain, or continue to detain a person" ends mid-sentence.
    assert len(units["2-173-020/(a)/(1)"].clauses) == 4


def test_thresholds_change_the_grouping_as_documented() -> None:
    sample_text = sample("§ 1. Sample City rules.\n(a) No officer shall inquire about the "
                         "immigration status of any person.\n(b) Parks close at dusk.\n",
                         "sample.txt")
    provisions = load_seeds().provisions
    default = build_matrix([sample_text, sample_text], provisions)
    assert cells(default, "no-status-inquiry") == {0: {"1/(a)"}, 1: {"1/(a)"}}
    strict = build_matrix([sample_text, sample_text], provisions, MatrixOptions(min_cues=3))
    assert cells(strict, "no-status-inquiry") == {}
    with pytest.raises(Exception, match="out of range"):
        MatrixOptions(also_ratio=2.0)


def test_similar_clauses_of_no_provision_form_one_row_across_texts() -> None:
    """Invented Sample City and Sample Town texts: park rules match no provision."""
    city = sample("§ 1. Sample City parks.\n(a) Dogs must be leashed in every city park "
                  "at all hours.\n", "city.txt")
    town = sample("§ 9. Sample Town parks.\n(a) Dogs must be leashed in every town park "
                  "at night.\n", "town.txt")
    matrix = build_matrix([city, town], (Provision("x", "X", "Invented.", ("zebra", "yak")),))
    auto = [r for r in matrix.rows if not r.named]
    assert len(auto) == 1 and auto[0].filled == 2
    assert {"dogs", "leashed"} <= set(auto[0].words)


def sample(text: str, name: str) -> Document:
    """An invented Sample City text as a document."""
    return parse_text(text, path=name, source=SourceRef(name, name, "0" * 64))


def _page(matrix: Matrix) -> lxml.html.HtmlElement:
    infos = [VersionInfo(d.source) for d in matrix.columns]
    return lxml.html.fromstring(render_matrix(matrix, infos))


def test_empty_cells_say_absent_for_a_whole_text_and_not_in_the_stored_copy_for_an_excerpt(
        six: Matrix) -> None:
    documents, infos = load_versions(SIX)
    body = matrix_body(six, infos)
    for column, info in enumerate(infos):
        cell = body.xpath(f"//*[@id='p-no-staging-{column}']")[0]
        word = cell.xpath("string(.//span[contains(@class, 'empty')])")
        excerpt = info.source.completeness is Completeness.EXCERPT
        assert word == ("not in the stored copy" if excerpt else "absent"), info.source.id
    assert [i.source.completeness is Completeness.EXCERPT for i in infos] == \
        [True, True, False, False, True, False]


def test_each_cell_cites_its_clause_and_gives_its_words_as_stored(six: Matrix) -> None:
    documents, infos = load_versions(SIX)
    body = matrix_body(six, infos)
    cell = body.xpath("//*[@id='p-interviews-access-2']")[0]
    assert "\u00a7 24-211.07(a)(3)" in cell.xpath("string(.//p[@class='cite'])")
    assert "id 24-211.07/(a)/(3)" in cell.xpath("string(.//p[@class='cite'])")
    by_id = {c.id: c for c in iter_clauses(documents[DC].clauses)}
    for line in cell.xpath(".//p[starts-with(@class, 'law')][@data-clause]"):
        clause = by_id[line.get("data-clause")]
        own = "".join(t for t in line.xpath("./text()"))
        assert clause.text in own


def test_every_pair_redline_reads_back_as_each_cells_words(six: Matrix) -> None:
    page = _page(six)
    pairs = page.xpath("//details[@class='pair']")
    assert len(pairs) >= 40  # 15 pairs for the inquiry row alone
    row = next(r for r in six.rows if r.key == "no-status-inquiry")
    pair = page.xpath("//*[@id='p-no-status-inquiry-3-4']")[0]
    assert Counter(reading(pair, "old")) == Counter(
        w for u in row.cells[SF] for w in unit_text(u).split())
    assert Counter(reading(pair, "new")) == Counter(
        w for u in row.cells[CHI] for w in unit_text(u).split())


def test_the_page_is_deterministic_and_has_no_script(six: Matrix) -> None:
    infos = [VersionInfo(d.source) for d in six.columns]
    first, second = render_matrix(six, infos), render_matrix(six, infos)
    assert first == second
    assert b"<script" not in first and b"script-src 'none'" in first


def test_mounds_view_staging_bar_fills_the_staging_row() -> None:
    """Mounds View's draft 2.02(A) bars staging on city-owned lots, ramps and garages."""
    matrix = build_matrix([load_document("minneapolis/separation@2003"),
                           load_document("mounds-view/ord-1056@2026-draft-v2")],
                          load_seeds().provisions)
    assert "2.02/(A)" in cells(matrix, "no-staging").get(1, set())


def test_matrix_command_writes_the_page(tmp_path: Path) -> None:
    out = tmp_path / "matrix.html"
    result = CliRunner().invoke(cli, ["matrix", "minneapolis/separation", "columbus-oh/161.10",
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.output
    assert "Provisions compared across 2 texts" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("args, message", [
    (["matrix", "minneapolis/separation", "-o", "m.html"],
     "Error: a matrix compares at least two texts"),
    (["matrix", "minneapolis/separation", "columbus-oh/161.10", "-o", "m.txt"],
     "Error: cannot tell the format from 'm.txt'"),
    (["matrix", "minneapolis/nowhere", "columbus-oh/161.10", "-o", "m.html"],
     "Error: unknown id 'minneapolis/nowhere'"),
])
def test_matrix_command_errors(tmp_path: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, args[:-1] + [str(tmp_path / args[-1])])
    assert result.exit_code == 2
    assert result.output.startswith(message)


def test_matrix_prints_to_pdf_on_landscape_pages(tmp_path: Path) -> None:
    out = tmp_path / "m.pdf"
    result = CliRunner().invoke(cli, ["matrix", "minneapolis/separation", "columbus-oh/161.10",
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    if shutil.which("pdfinfo") is None or shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils is not installed (scripts/install --test)")
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True,
                          check=True).stdout
    assert "792 x 612 pts" in info  # Letter, landscape
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Provisions compared across 2 texts" in text and "§ 161.10 D." in text
    assert "On paper the redlines are left out" in text


def test_a_file_can_be_a_column(tmp_path: Path) -> None:
    sample = tmp_path / "sample.txt"
    sample.write_text("§ 1. Sample City policy.\n(a) No officer shall inquire about the "
                      "immigration status of any person.\n", encoding="utf-8")
    documents, infos = load_versions([str(sample), "columbus-oh/161.10"])
    assert infos[0].source == SourceRef(str(sample), infos[0].source.label,
                                        infos[0].source.sha256)
    assert infos[1].jurisdiction == "Columbus, Ohio"
    matrix = build_matrix(documents, load_seeds().provisions)
    assert cells(matrix, "no-status-inquiry")[0] == {"1/(a)"}

"""The tracked-changes .docx: accept-all reads the new version, reject-all the old; the changes
are native ``w:ins``/``w:del`` by "ordiff" dated with the new version's date; LibreOffice opens
it and prints it."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from ordiff.api import compare_versions
from ordiff.cli import cli
from ordiff.export_docx import export_docx
from ordiff.importers import convert
from ordiff.model import Comparison, SourceRef, source_words
from ordiff.read_text import parse_text

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DC = "district-of-columbia/24-211.07"
PAIRS = [(f"{DC}@2012", f"{DC}@2021"), (f"{DC}@2021", f"{DC}@2025-emergency"),
         ("saint-paul/admin-code-ch44@2004", "saint-paul/admin-code-ch44@codified"),
         ("chicago/2-173@pre-2021", "chicago/2-173@current"),
         ("san-francisco/admin-code-12h@2013", "san-francisco/admin-code-12h@current"),
         ("minneapolis/separation@2003", f"{DC}@2021")]


def body(data: bytes) -> etree._Element:
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    return etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))


def reading(data: bytes, accept: bool) -> list[str]:
    """The law paragraphs' words after accepting (or rejecting) every change."""
    words: list[str] = []
    for p in body(data).iter(W + "p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(W + "val") in ("Title", "Subtitle"):
            continue
        for node in p.iter(W + "t", W + "delText"):
            tags = {a.tag for a in node.iterancestors()}
            if (W + "del" if accept else W + "ins") in tags:
                continue
            words.append(node.text or "")
        words.append(" ")
    return "".join(words).split()


@pytest.fixture(scope="module", params=PAIRS, ids=lambda p: f"{p[0]}..{p[1]}")
def made(request: pytest.FixtureRequest) -> tuple[Comparison, bytes]:
    comparison = compare_versions(*request.param)
    return comparison, export_docx(comparison, "2021-04-27")


def test_accept_all_reads_new_and_reject_all_reads_old(made: tuple[Comparison, bytes]) -> None:
    comparison, data = made
    assert reading(data, accept=True) == source_words(comparison.new)
    assert reading(data, accept=False) == source_words(comparison.old)


def test_changes_are_native_tracked_changes(made: tuple[Comparison, bytes]) -> None:
    root = body(made[1])
    changes = list(root.iter(W + "ins", W + "del"))
    assert changes
    ids = [c.get(W + "id") for c in changes]
    assert len(ids) == len(set(ids)) and all(i and i.isdigit() for i in ids)
    assert {c.get(W + "author") for c in changes} <= {
        "ordiff", "ordiff: not in the stored copy of the new version",
        "ordiff: not in the stored copy of the old version"}
    assert {c.get(W + "date") for c in changes} == {"2021-04-27T00:00:00Z"}
    for deleted in root.iter(W + "del"):  # deleted runs hold w:delText, never w:t
        assert deleted.find(f".//{W}t") is None
    for inserted in root.iter(W + "ins"):
        assert inserted.find(f".//{W}delText") is None


def test_same_comparison_same_bytes(made: tuple[Comparison, bytes]) -> None:
    assert export_docx(made[0], "2021-04-27") == made[1]
    for info in zipfile.ZipFile(io.BytesIO(made[1])).infolist():
        assert info.date_time == (1980, 1, 1, 0, 0, 0)


def test_no_date_means_no_change_date() -> None:
    data = export_docx(compare_versions(f"{DC}@2012", f"{DC}@2021"), "2012")
    assert not any(c.get(W + "date") for c in body(data).iter(W + "ins", W + "del"))


def test_importing_the_redline_gives_back_both_versions() -> None:
    comparison = compare_versions(f"{DC}@2012", f"{DC}@2021")
    converted = convert(export_docx(comparison, "2021-04-27"), "redline.docx")
    assert converted.before is not None

    def words(text: str) -> list[str]:
        law = "\n".join(text.split("\n")[3:])  # the title and two header lines are not law
        return source_words(parse_text(law, path="r", source=SourceRef("r", "r", "")))

    assert words(converted.before) == source_words(comparison.old)
    assert words(converted.text) == source_words(comparison.new)


def test_report_command_writes_docx_dated_with_the_new_version(tmp_path: Path) -> None:
    out = tmp_path / "redline.docx"
    result = CliRunner().invoke(cli, ["report", f"{DC}@2012", f"{DC}@2021", "-o", str(out)])
    assert result.exit_code == 0, result.output
    dates = {c.get(W + "date") for c in body(out.read_bytes()).iter(W + "ins", W + "del")}
    assert dates == {"2021-04-27T00:00:00Z"}  # the 2021 version's effective date, not the clock


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice (soffice) or pdftotext is not installed: "
                           "scripts/install --test installs them")
def test_libreoffice_opens_the_redline_and_prints_both_texts(tmp_path: Path) -> None:
    comparison = compare_versions(f"{DC}@2012", f"{DC}@2021")
    source = tmp_path / "redline.docx"
    source.write_bytes(export_docx(comparison, "2021-04-27"))
    profile = tmp_path / f"lo-profile-{os.getpid()}"  # one profile per process, never shared
    result = subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=180, check=False)
    pdf = tmp_path / "redline.pdf"
    assert result.returncode == 0 and pdf.is_file(), result.stderr
    assert pdf.read_bytes().startswith(b"%PDF-")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    flat = " ".join(text.split())
    # shown with changes: words only the old text has and words only the new text has
    assert "authorized to comply with civil detainer requests" in flat
    assert "Absent a judicial warrant or order issued by a federal judge" in flat

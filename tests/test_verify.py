"""``ordiff verify``: a published PDF redline checked against the texts it names.

Every "Sample City" text here is invented for the tests; it is not law of any place.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import STORE
from test_render_html import bundled
from ordiff.cli import cli
from ordiff.errors import SourceError
from ordiff.pdf_page import PdfOptions, build_pdf_page
from ordiff.render_pdf import COMPARISON_FILE, REPORT_FILE, attachment_files, render_pdf, write_pdf
from ordiff.verify import attachments, verify_pdf

OLD = "§ 1.01. Sample City lamps.\n(a) Lamps are lit at dusk.\n(b) Lamps go out at dawn.\n"
NEW = "§ 1.01. Sample City lamps.\n(a) Lamps are lit at sunset.\n(b) Lamps go out at dawn.\n"


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_a_stored_comparison_verifies(tmp_path: Path) -> None:
    out = tmp_path / "dc.pdf"
    code, output = invoke("report", "-o", str(out), "--store", str(STORE), "--changes-only")
    assert code == 0, output
    code, output = invoke("verify", str(out), "--store", str(STORE))
    assert code == 0, output
    assert "old text: district-of-columbia/24-211.07@2012, SHA-256 663db0597a92\u2026 found" \
        in output
    assert "MATCHES: comparing the texts again gives the attached comparison" in output


def test_a_redline_that_no_longer_matches_is_caught(tmp_path: Path) -> None:
    comparison, old, new = bundled("dc-24-211.07-2012-2021")
    altered = dataclasses.replace(comparison, changes=comparison.changes[:-1])
    out = tmp_path / "altered.pdf"
    out.write_bytes(render_pdf(altered, old, new, PdfOptions()).data)
    result = verify_pdf(out, STORE)
    assert not result.matches
    assert any(line.startswith("DOES NOT MATCH") for line in result.lines)
    assert any("change records published" in line for line in result.lines)
    code, output = invoke("verify", str(out), "--store", str(STORE))
    assert code == 1 and "DOES NOT MATCH" in output


def test_files_are_found_by_content_and_a_changed_file_is_not(tmp_path: Path) -> None:
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(OLD, encoding="utf-8")
    new.write_text(NEW, encoding="utf-8")
    out = tmp_path / "lamps.pdf"
    code, output = invoke("report", str(old), str(new), "-o", str(out), "--line-numbers",
                          "--threshold", "0.8", "--ignore", "whitespace,quotes")
    assert code == 0, output
    report = json.loads(_attached(out.read_bytes(), "ordiff.pdf-report/1"))
    assert report["threshold"] == 0.8 and report["line_numbers"] is True
    code, output = invoke("verify", str(out))
    assert code == 0, output
    assert f"new text: file {new}, SHA-256 " in output
    new.write_text(NEW.replace("sunset", "nightfall"), encoding="utf-8")
    code, output = invoke("verify", str(out))
    assert code == 2
    assert "Error: the new text (" in output and "is not in the store" in output


def _attached(data: bytes, schema: str) -> bytes:
    return next(body for body in attachments(data) if json.loads(body)["schema"] == schema)


def test_an_altered_attachment_is_caught(tmp_path: Path) -> None:
    comparison, old, new = bundled("stpaul-ch44-2004-codified")
    files = attachment_files(comparison, PdfOptions())
    report = json.loads(files[REPORT_FILE])
    report["comparison_sha256"] = hashlib.sha256(b"something else").hexdigest()
    files[REPORT_FILE] = json.dumps(report).encode()
    out = tmp_path / "tampered.pdf"
    out.write_bytes(write_pdf(build_pdf_page(comparison, old, new), files).data)
    result = verify_pdf(out, STORE)
    assert not result.matches
    assert "the attached comparison was altered" in result.lines[-1]


def test_attachments_are_read_back_exactly(tmp_path: Path) -> None:
    comparison, old, new = bundled("sf-12h-2013-current")
    files = attachment_files(comparison, PdfOptions(side_by_side=True))
    data = write_pdf(build_pdf_page(comparison, old, new), files, "pdf/a-3b").data
    assert sorted(attachments(data)) == sorted(files.values())
    assert _attached(data, "ordiff.comparison/1") == files[COMPARISON_FILE]
    at = data.index(b"/CheckSum <") + len(b"/CheckSum <")
    broken = data[:at] + (b"0" if data[at:at + 1] != b"0" else b"1") + data[at + 1:]
    assert len(attachments(broken)) == len(files) - 1  # a wrong checksum: not trusted


def test_trouble_is_exit_status_2(tmp_path: Path) -> None:
    text = tmp_path / "notes.pdf"
    text.write_text("not a pdf", encoding="utf-8")
    code, output = invoke("verify", str(text))
    assert code == 2 and output.startswith("Error: not a PDF file")
    bare = tmp_path / "bare.pdf"
    comparison, old, new = bundled("stpaul-ch44-2004-codified")
    bare.write_bytes(write_pdf(build_pdf_page(comparison, old, new), {}).data)
    code, output = invoke("verify", str(bare))
    assert code == 2 and output.startswith("Error: no ordiff comparison is attached")
    with pytest.raises(SourceError):
        attachments(b"GIF89a")

"""Users' notes print as footnotes in the PDF redline, as they sit in the HTML report's margin."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import STORE
from ordiff.api import render_report

DC = "district-of-columbia/24-211.07@"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_the_sample_note_is_a_footnote_on_the_page_of_its_clause(tmp_path: Path) -> None:
    report = render_report(DC + "2021", DC + "2025-emergency", fmt="pdf", store_root=STORE)
    assert not report.warnings, report.warnings
    pdf = tmp_path / "notes.pdf"
    pdf.write_bytes(report.data)
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout.split("\f")
    with_note = [i for i, page in enumerate(pages) if "Note 1 on" in page]
    with_clause = [i for i, page in enumerate(pages) if "(g) Nothing in this section" in page]
    assert len(with_note) == 1 and with_note == with_clause[-1:]
    assert "Sample note." in pages[with_note[0]]

"""``ordiff import`` into a copy of the store: atomic, never overwriting, ``ordiff check`` clean
after every import, and hostile inputs refused with one line, exit 2 and nothing written."""

from __future__ import annotations

import hashlib
import io
import shutil
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent))
from import_builders import STORE, docx_amendment, docx_numbered, html_page, stored  # noqa: E402

from ordiff.cli import cli  # noqa: E402
from ordiff.importers import base  # noqa: E402

DC = "district-of-columbia/24-211.07"


@pytest.fixture()
def store(tmp_path: Path) -> Path:
    copy = tmp_path / "ordinances"
    shutil.copytree(STORE, copy)
    return copy


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run(store: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [*args, "--store", str(store)])
    return result.exit_code, result.stdout, result.stderr


def check_passes(store: Path) -> None:
    code, out, err = run(store, "check")
    assert code == 0 and " 0 error(s)" in out, err


def test_import_adds_one_version_and_check_passes(store: Path, tmp_path: Path) -> None:
    source = tmp_path / "draft.docx"
    source.write_bytes(docx_numbered(stored(f"{DC}/2021.txt"))[0])
    code, out, err = run(store, "import", str(source), "--into", DC, "--version", "2021-word",
                         "--date", "2024-10-20", "--status", "codified",
                         "--source", "https://example.org/sample.docx")
    assert code == 0, err
    assert out == (f"added {DC}@2021-word (ordinances/{DC}/2021-word.txt, read as docx)\n")
    text = (store / DC / "2021-word.txt").read_bytes()
    assert text == (STORE / DC / "2021.txt").read_bytes()
    table = tomllib.loads((store / DC / "ordinance.toml").read_text())["versions"]["2021-word"]
    assert table["sha256"] == hashlib.sha256(text).hexdigest()
    assert str(table["as_of"]) == "2024-10-20" and table["status"] == "codified"
    assert any("automatic numbering" in edit for edit in table["edits"])
    assert hashlib.sha256(source.read_bytes()).hexdigest() in table["notes"][0]
    original = (STORE / DC / "ordinance.toml").read_text()
    assert (store / DC / "ordinance.toml").read_text().startswith(original)  # only appended
    check_passes(store)


def test_amendment_imports_two_versions(store: Path, tmp_path: Path) -> None:
    source = tmp_path / "amendment.docx"
    source.write_bytes(docx_amendment(stored(f"{DC}/2012.txt"), stored(f"{DC}/2021.txt")))
    code, out, err = run(store, "import", str(source), "--into", DC, "--version", "act-23-282")
    assert code == 0, err
    assert (store / DC / "act-23-282-before.txt").read_bytes() == (STORE / DC / "2012.txt").read_bytes()
    assert (store / DC / "act-23-282-after.txt").read_bytes() == (STORE / DC / "2021.txt").read_bytes()
    assert out.count("added ") == 2
    check_passes(store)


def test_new_ordinance_is_created_whole(store: Path, tmp_path: Path) -> None:
    source = tmp_path / "page.html"
    source.write_bytes(html_page(stored(f"{DC}/2021.txt"), "legistar"))
    args = ["import", str(source), "--into", "sample-city/ord-1", "--version", "draft"]
    code, _, err = run(store, *args)
    assert code == 2 and "--title" in err and not (store / "sample-city").exists()
    code, _, err = run(store, *args, "--title", "Sample (invented title)",
                       "--jurisdiction-name", "Sample City", "--citation", "Sample Code 1")
    assert code == 0, err
    assert sorted(p.name for p in (store / "sample-city" / "ord-1").iterdir()) == \
        ["draft.txt", "ordinance.toml"]
    check_passes(store)


def test_existing_version_is_never_overwritten(store: Path, tmp_path: Path) -> None:
    source = tmp_path / "x.txt"
    source.write_text("(a) Sample City invented text.\n")
    before = snapshot(store)
    code, out, err = run(store, "import", str(source), "--into", DC, "--version", "2021")
    assert code == 2 and out == ""
    assert err == (f"Error: ordinances/{DC}/2021.txt: version '2021' already exists (stored "
                   "versions are never overwritten: choose another --version)\n")
    assert snapshot(store) == before


def test_failed_write_leaves_the_store_as_it_was(store: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    source = tmp_path / "x.txt"
    source.write_text("(a) Sample City invented text.\n")
    before = snapshot(store)

    def interrupted(*args: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", interrupted)  # dies between linking the text and the toml
    code, _, err = run(store, "import", str(source), "--into", DC, "--version", "x")
    assert code == 2 and "cannot write the store" in err
    assert snapshot(store) == before


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in entries.items():
            package.writestr(name, data)
    return out.getvalue()


_XXE = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>")
_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;">'
           b'<!ENTITY c "&b;&b;&b;&b;">]><akomaNtoso '
           b'xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">&c;</akomaNtoso>')


@pytest.mark.parametrize("name, make, message", [
    ("bomb.docx", lambda: _zip({"word/document.xml": b"\0" * (base.MAX_BYTES + 1)}),
     "bomb.docx: refused: the .docx would inflate to"),
    ("nodoc.docx", lambda: _zip({"word/styles.xml": b"<x/>"}),
     "nodoc.docx: not a Word document: the package has no word/document.xml"),
    ("xxe.docx", lambda: _zip({"word/document.xml": _XXE}),
     "xxe.docx (word/document.xml):1: refused: the DOCTYPE declares entities"),
    ("laughs.xml", lambda: _LAUGHS, "laughs.xml:1: refused: the DOCTYPE declares entities"),
    ("js.html", lambda: b"<html><body><script>document.write('SCRIPT-RAN')</script></body></html>",
     "js.html: no text found outside scripts and page chrome"),
    ("old.doc", lambda: b"\xd0\xcf\x11\xe0" + b"\0" * 64, "old.doc: an old binary Word .doc"),
    ("xxe.html", lambda: b'<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]><p>&x;</p>',
     "xxe.html:1: refused: the page declares entities"),
    ("xxe.xml", lambda: _XXE.replace(b"w:document", b"uscDoc").replace(
        b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"',
        b'xmlns="http://xml.house.gov/schemas/uslm/1.0"'),
     "xxe.xml:1: refused: the DOCTYPE declares entities"),
])
def test_hostile_input_is_refused_and_nothing_is_written(store: Path, tmp_path: Path, name: str,
                                                         make: object, message: str) -> None:
    source = tmp_path / name
    source.write_bytes(make())  # type: ignore[operator]
    before = snapshot(store)
    code, out, err = run(store, "import", str(source), "--into", DC, "--version", "hostile")
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {tmp_path / message}"), err
    assert "Traceback" not in err and "root:" not in err
    assert snapshot(store) == before


def test_html_scripts_are_neutralised_not_run(store: Path, tmp_path: Path) -> None:
    source = tmp_path / "page.html"
    source.write_bytes(html_page(stored(f"{DC}/2021.txt"), "municode"))
    code, _, err = run(store, "import", str(source), "--into", DC, "--version", "web")
    assert code == 0 and "removed 2 <script> element(s): never run, not imported" in err
    assert b"SCRIPT-RAN" not in (store / DC / "web.txt").read_bytes()
    check_passes(store)


def test_tracked_changes_refused_when_told_not_an_amendment(store: Path, tmp_path: Path) -> None:
    from ordiff.api import compare_versions
    from ordiff.export_docx import export_docx

    source = tmp_path / "redline.docx"
    source.write_bytes(export_docx(compare_versions(f"{DC}@2012", f"{DC}@2021")))
    before = snapshot(store)
    code, _, err = run(store, "import", str(source), "--into", DC, "--version", "r",
                       "--amendment", "no")
    assert code == 2 and "the document has tracked changes" in err
    assert snapshot(store) == before

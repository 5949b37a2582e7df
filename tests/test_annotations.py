"""Notes kept beside the stored texts: reading, anchoring, staleness, the report, ``ordiff check``.

The notes written here are invented commentary for the tests ("Sample note"), never law text.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner

from conftest import STORE
from golden import reading
from ordiff.annotations import Note, anchor_notes, load_notes, notes_for, notes_path
from ordiff.api import load_document, open_store, render_report
from ordiff.cli import cli
from ordiff.errors import StoreError
from ordiff.model import iter_clauses, source_words

DC = "district-of-columbia/24-211.07"
NOTE = ('[[notes]]\nclause = "{clause}"\nquote = "{quote}"\nnote = "Sample note for a test."\n'
        'author = "Test author"\nsource = "Invented for the tests"\n')


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A copy of the bundled store the test may add notes to."""
    root = tmp_path / "ordinances"
    shutil.copytree(STORE, root)
    return root


def write_notes(store: Path, version_id: str, *notes: tuple[str, str]) -> Path:
    version = open_store(store).get(version_id)
    path = notes_path(version)
    path.write_text("".join(NOTE.format(clause=c, quote=q) for c, q in notes), encoding="utf-8")
    return path


def bundled_sidecars() -> list[Path]:
    return sorted(STORE.rglob("*.notes.toml"))


def test_the_bundled_sample_notes_anchor_to_their_words() -> None:
    store = open_store(STORE)
    found = 0
    for version in store.versions:
        check = notes_for(version, load_document(version.id))
        if check is None:
            continue
        assert check.stale == (), version.id
        found += len(check.anchored)
    assert found >= 2


@pytest.mark.parametrize("path", bundled_sidecars(), ids=lambda p: p.name)
def test_sample_notes_are_commentary_with_a_source_and_quote_no_more_law(path: Path) -> None:
    """A note may quote its anchoring phrase; no eight words of its clause beyond that."""
    store = open_store(STORE)
    version = next(v for v in store.versions if notes_path(v) == path)
    clauses = {c.id: c for c in iter_clauses(load_document(version.id).clauses)}
    for note in load_notes(path, path.name):
        assert note.text.startswith("Sample note.") and note.source and note.author
        words = clauses[note.clause].text.replace(note.quote, " ").split()
        runs = {" ".join(words[i:i + 8]) for i in range(len(words) - 7)}
        assert not any(run in " ".join(note.text.split()) for run in runs), note.clause


def test_a_note_whose_words_are_gone_is_stale_not_moved(store: Path) -> None:
    write_notes(store, f"{DC}@2021", ("24-211.07/(b)", "inquire into the immigration status"),
                ("24-211.07/(b)", "words this clause never held"),
                ("24-211.07/(z)", "anything"))
    version = open_store(store).get(f"{DC}@2021")
    check = notes_for(version, load_document(version.id, store))
    assert check is not None
    assert [a.note.quote for a in check.anchored] == ["inquire into the immigration status"]
    reasons = [s.reason for s in check.stale]
    assert reasons == ["clause 24-211.07/(b) no longer holds the quoted words \u201cwords this "
                       "clause never held\u201d", f"no clause 24-211.07/(z) in {DC}@2021"]
    assert [s.note.line for s in check.stale] == [7, 13]


def test_a_quote_may_wrap_differently_but_not_change_a_word() -> None:
    document = load_document(f"{DC}@2021")
    same = Note("24-211.07/(c)", "conduct   trainings\nof its employees", "n", "a", "s")
    changed = Note("24-211.07/(c)", "conduct training of its employees", "n", "a", "s")
    check = anchor_notes(document, [same, changed])
    assert [a.note for a in check.anchored] == [same]
    assert [s.note for s in check.stale] == [changed]


@pytest.mark.parametrize("text, message", [
    ('[[notes]]\nclause = "x"\nquote = "y"\nnote = "z"\nauthor = "a"\n',
     "a note needs 'source'"),
    ('[[notes]]\nclause = "x"\nquote = "y"\nnote = "z"\nauthor = "a"\nsource = "s"\ncolour = 1\n',
     "unknown field 'colour' in a note"),
    ("[[notes]\n", "not valid TOML"),
])
def test_a_bad_notes_file_names_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "2021.notes.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(StoreError) as info:
        load_notes(path, "ordinances/sample/2021.notes.toml")
    assert message in str(info.value)
    assert str(info.value).startswith("ordinances/sample/2021.notes.toml:1:")


def test_check_warns_of_stale_notes_and_accepts_sidecars(store: Path) -> None:
    write_notes(store, f"{DC}@2021", ("24-211.07/(b)", "inquire into the immigration status"),
                ("24-211.07/(c)", "conduct training of its employees"))
    runner = CliRunner()
    result = runner.invoke(cli, ["check", "--store", str(store)])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if ": warning: " in line]
    assert lines == [f"ordinances/{DC}/2021.notes.toml:7: warning: stale note: clause "
                     "24-211.07/(c) no longer holds the quoted words \u201cconduct training of "
                     "its employees\u201d; it is not shown on the text"]
    assert "unexpected file" not in result.output
    assert result.output.rstrip().endswith("0 error(s), 1 warning(s)")
    strict = runner.invoke(cli, ["check", "--store", str(store), "--strict"])
    assert strict.exit_code == 2


def test_check_reports_a_broken_notes_file_as_an_error(store: Path) -> None:
    version = open_store(store).get(f"{DC}@2021")
    notes_path(version).write_text("[[notes]]\nclause = 1\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--store", str(store)])
    assert result.exit_code == 2
    assert f"ordinances/{DC}/2021.notes.toml:1: error: a note needs 'clause'" in result.output


def test_the_report_puts_each_note_beside_its_clause_and_keeps_both_readings(store: Path) -> None:
    write_notes(store, f"{DC}@2012", ("24-211.07/(c)", "homicide crime"))
    write_notes(store, f"{DC}@2021", ("24-211.07/(b)", "inquire into the immigration status"),
                ("24-211.07/(c)", "conduct training of its employees"))
    report = render_report(f"{DC}@2012", f"{DC}@2021", store_root=store)
    page = lxml.html.fromstring(report.data)
    inline = page.xpath("//section[@id='view-inline']")[0]
    notes = inline.xpath(".//aside[@class='margin-note']")
    assert [n.getparent().get("id") for n in notes] == ["c-24-211.07/(b)", "o-24-211.07/(c)"]
    assert [n.get("id") for n in notes] == ["note-1", "note-2"]  # numbered in page order
    marks = inline.xpath(".//mark[@class='noted']")
    assert ["".join(m.xpath("./text()")) for m in marks] == [
        "inquire into the immigration status", "homicide crime"]
    assert marks[0].xpath("ancestor::ins") and marks[1].xpath("ancestor::del")
    assert reading(inline, "old") == source_words(report.comparison.old)
    assert reading(inline, "new") == source_words(report.comparison.new)
    stale = page.xpath("//section[@class='stale-notes']")[0].text_content()
    assert "conduct training of its employees" in stale and "2021.notes.toml:7" in stale
    assert len(notes) == 2  # the stale note is listed, never pinned


def test_a_report_without_notes_is_unchanged(store: Path) -> None:
    plain = render_report(f"{DC}@2012", f"{DC}@2021", store_root=store).data
    assert b'<aside class="margin-note"' not in plain and b'class="stale-notes"' not in plain

"""The ordinance store: each stored text is its source's bytes, ids resolve, bad metadata is caught.

Texts in the temporary stores below are invented for the tests ("Sample City"); they are not law.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from conftest import SOURCES, STORE
from ordiff.errors import ParseError, SourceError, StoreError, SourceWarning
from ordiff.model import Clause, ClauseKind, Completeness, Document, SourceRef
from ordiff.store import (STATUSES, Problem, StoredVersion, check_store, find_store, load_store,
                          source_ref)

#: Where each stored text comes from, relative to ../shared/ordinance-sources/. A version with one
#: source is that file's bytes; with several, the files joined in this order with one blank line
#: between them (each source ends with a newline), as its ``edits`` says.
ORIGINS: dict[str, list[str]] = {
    "chicago/2-173@pre-2021": ["chicago/chicago-2-173-042-chicagocode-excerpt.txt"],
    "chicago/2-173@2017-proposed": ["chicago/chicago-2-173-O2017-1018-proposed-excerpt.txt"],
    "chicago/2-173@current": ["chicago/chicago-2-173-005-amlegal-current-excerpt.txt",
                              "chicago/chicago-2-173-020-amlegal-current-excerpt.txt",
                              "chicago/chicago-2-173-030-amlegal-current.txt"],
    "columbus-oh/161.10@2017": ["columbus-oh/columbus-oh-161.10-2017.txt"],
    "district-of-columbia/24-211.07@2012": ["district-of-columbia/dc-code-24-211.07-2012.txt"],
    "district-of-columbia/24-211.07@2021": ["district-of-columbia/dc-code-24-211.07-2021.txt"],
    "district-of-columbia/24-211.07@2025-emergency": [
        "district-of-columbia/dc-code-24-211.07-2025-emergency.txt"],
    "minneapolis/separation@2003": ["minneapolis/minneapolis-ch19-2003-excerpt.txt"],
    "mounds-view/ord-1056@2026-draft-v2": [  # pages 1, 2, 4, 5; page 3 is not available
        "mounds-view/mounds-view-ord-1056-2026-draft-v2-page1-excerpt.txt",
        "mounds-view/mounds-view-ord-1056-2026-draft-v2-page2-excerpt.txt",
        "mounds-view/mounds-view-ord-1056-2026-draft-v2-page4-excerpt.txt",
        "mounds-view/mounds-view-ord-1056-2026-draft-v2-page5-excerpt.txt"],
    "saint-paul/admin-code-ch44@2004": ["saint-paul/saint-paul-ch44-2004-excerpt.txt"],
    "saint-paul/admin-code-ch44@2018-ord-18-21": [
        "saint-paul/saint-paul-ord-18-21-2018-excerpt.txt"],
    "saint-paul/admin-code-ch44@codified": [
        "saint-paul/saint-paul-ch44-elaws-44.02-44.06-excerpt.txt"],
    "saint-paul/admin-code-ch44a@2026": ["saint-paul/saint-paul-ch44A-2026-preamble-excerpt.txt"],
    "saint-paul/legislative-code-ch268@2026": [
        "saint-paul/saint-paul-legislative-code-ch268-2026-preamble-excerpt.txt"],
    "san-francisco/admin-code-12h@2013": ["san-francisco/sf-admin-code-ch12H-2013.txt"],
    "san-francisco/admin-code-12h@current": [
        "san-francisco/sf-admin-code-12H.2-amlegal-current-excerpt.txt"],
}
#: The files holding the fragments stored as quotations (not versions).
QUOTED = {"minneapolis/separation": ["minneapolis/minneapolis-ch19-2016-quoted-fragments.txt",
                                     "minneapolis/minneapolis-ch19-2025-news-quoted-fragments.txt"]}

needs_sources = pytest.mark.skipif(not SOURCES.is_dir(),
                                   reason="../shared/ordinance-sources is not beside the checkout")


@pytest.fixture(scope="module")
def store():  # type: ignore[no-untyped-def]
    return load_store(STORE)


# --- the real store -------------------------------------------------------------------------


def test_the_store_holds_exactly_the_versions_of_the_origin_table(store) -> None:
    assert sorted(v.id for v in store.versions) == sorted(ORIGINS)


@pytest.mark.parametrize("version_id", sorted(ORIGINS))
def test_each_texts_sha256_matches_its_metadata(store, version_id: str) -> None:
    version = store.get(version_id)
    assert hashlib.sha256(version.text_path.read_bytes()).hexdigest() == version.sha256


@needs_sources
@pytest.mark.parametrize("version_id", sorted(ORIGINS))
def test_each_text_is_its_sources_bytes(store, version_id: str) -> None:
    parts = [(SOURCES / name).read_bytes() for name in ORIGINS[version_id]]
    assert all(part.endswith(b"\n") for part in parts)
    assert store.get(version_id).text_path.read_bytes() == b"\n".join(parts)


def test_joined_versions_say_so_in_edits_and_missing(store) -> None:
    for version_id, parts in ORIGINS.items():
        version = store.get(version_id)
        assert (len(parts) > 1) == any(edit.startswith("joined for the store")
                                       for edit in version.edits), version_id
    mounds_view = store.get("mounds-view/ord-1056@2026-draft-v2")
    assert "page 3 is not in the stored copy" in mounds_view.missing
    assert "2-173-010" in store.get("chicago/2-173@current").missing


@needs_sources
def test_quotations_are_verbatim_from_their_source_files(store) -> None:
    for ordinance in store.ordinances:
        sources = "".join((SOURCES / name).read_text(encoding="utf-8")
                          for name in QUOTED.get(ordinance.id, []))
        for quotation in ordinance.quotations:
            assert quotation.text in sources, quotation.text
    minneapolis = next(o for o in store.ordinances if o.id == "minneapolis/separation")
    assert len(minneapolis.quotations) == 5
    assert {q.confidence for q in minneapolis.quotations} == {"high", "medium", "low"}


def test_metadata_follows_the_rules(store) -> None:
    for version in store.versions:
        assert version.status in STATUSES
        is_excerpt = version.completeness is Completeness.EXCERPT
        assert bool(version.stops) == is_excerpt and bool(version.missing) == is_excerpt
        assert version.date or version.date_note, version.id
        assert version.source_urls or version.source_repository or version.source_note
    assert "not an official copy" in store.get("san-francisco/admin-code-12h@2013").notice
    assert store.get("san-francisco/admin-code-12h@current").section == "12H.2"
    assert store.get("chicago/2-173@current").section == "2-173-005"
    assert store.get("chicago/2-173@2017-proposed").status == "failed"
    assert store.get("district-of-columbia/24-211.07@2025-emergency").status == "emergency"


def test_versions_are_ordered_by_jurisdiction_ordinance_and_date(store) -> None:
    ids = [v.id for v in store.versions]
    assert ids == sorted(ids, key=lambda i: i.partition("@")[0].split("/"))
    by = {o.id: [i.partition("@")[2] for i in o.versions] for o in store.ordinances}
    assert by["district-of-columbia/24-211.07"] == ["2012", "2021", "2025-emergency"]
    assert by["saint-paul/admin-code-ch44"] == ["2004", "2018-ord-18-21", "codified"]
    assert by["chicago/2-173"] == ["pre-2021", "2017-proposed", "current"]


def test_default_pair_is_dc_2012_to_2021(store) -> None:
    old, new = store.default_pair()
    assert (old.id, new.id) == ("district-of-columbia/24-211.07@2012",
                                "district-of-columbia/24-211.07@2021")


def test_unknown_id_suggests_the_nearest(store) -> None:
    with pytest.raises(SourceError) as caught:
        store.get("district-of-columbia/24-211.07@2020")
    assert caught.value.message == "unknown id 'district-of-columbia/24-211.07@2020'"
    assert "'district-of-columbia/24-211.07@2021'" in (caught.value.hint or "")


def test_unknown_id_with_nothing_near_points_to_list(store) -> None:
    with pytest.raises(SourceError) as caught:
        store.get("atlantis/zoning@1999")
    assert caught.value.hint == "run 'ordiff list' to see the stored ids"


def test_ordinance_id_without_version_lists_its_versions(store) -> None:
    with pytest.raises(SourceError, match="names an ordinance, not a version") as caught:
        store.get("san-francisco/admin-code-12h")
    assert caught.value.hint == ("give one of its versions: san-francisco/admin-code-12h@2013, "
                                 "san-francisco/admin-code-12h@current")


def test_source_ref_carries_completeness(store) -> None:
    ref = source_ref(store.get("minneapolis/separation@2003"))
    assert ref.id == "minneapolis/separation@2003"
    assert ref.completeness is Completeness.EXCERPT
    assert "19.30(b)" in ref.stops and ref.sha256 == store.get(ref.id).sha256


def test_check_store_with_the_real_reader_finds_no_errors() -> None:
    read_text = pytest.importorskip("ordiff.read_text").read_text

    def parse(version: StoredVersion) -> Document:
        return read_text(version.text_path, version.display, source=source_ref(version),
                         section=version.section)

    errors = [str(p) for p in check_store(STORE, parse) if p.severity == "error"]
    assert errors == []


# --- finding the store ----------------------------------------------------------------------


def test_find_store_defaults_to_the_checkouts_ordinances(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ORDIFF_STORE", raising=False)
    assert find_store().resolve() == STORE.resolve()


def test_find_store_honours_ordiff_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    root = write_store(tmp_path)
    monkeypatch.setenv("ORDIFF_STORE", str(root))
    assert find_store() == root
    monkeypatch.setenv("ORDIFF_STORE", str(tmp_path / "nowhere"))
    with pytest.raises(StoreError, match="ORDIFF_STORE names no ordinance store"):
        find_store()


def test_find_store_without_a_store_is_an_error(monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path) -> None:
    monkeypatch.delenv("ORDIFF_STORE", raising=False)
    with pytest.raises(StoreError, match="no ordinance store found") as caught:
        find_store(tmp_path)
    assert "ORDIFF_STORE" in (caught.value.hint or "")


# --- a small invented store -----------------------------------------------------------------

SAMPLE_TEXT = b"Sample City invented text for tests, not law.\n(a) An invented clause.\n"
SAMPLE_TOML = """\
title = "Invented rules"
jurisdiction = "Sample City"
citation = "Invented Code 1"

[versions.one]
label = "one"
as_of = 2020-01-01
status = "enacted"
source = "invented for the tests"
source_note = "invented"
edits = []
completeness = "full"
sha256 = "{sha}"
"""


def write_store(tmp_path: Path, toml: str = SAMPLE_TOML, text: bytes = SAMPLE_TEXT) -> Path:
    root = tmp_path / "store"
    folder = root / "sample-city" / "rules"
    folder.mkdir(parents=True)
    (root / "store.toml").write_text('default_old = "sample-city/rules@one"\n'
                                     'default_new = "sample-city/rules@one"\n', encoding="utf-8")
    (folder / "ordinance.toml").write_text(
        toml.replace("{sha}", hashlib.sha256(text).hexdigest()), encoding="utf-8")
    (folder / "one.txt").write_bytes(text)
    return root


def one_clause(version: StoredVersion) -> Document:
    """A stub reader: the text as one unlabelled clause."""
    text = version.text_path.read_text(encoding="utf-8")
    clause = Clause(ClauseKind.UNLABELLED, "", ("¶1",), text=text, line=1)
    return Document(source=source_ref(version), clauses=(clause,))


def test_the_sample_store_is_clean(tmp_path: Path) -> None:
    root = write_store(tmp_path)
    assert load_store(root).get("sample-city/rules@one").as_of is not None
    assert check_store(root, one_clause) == []


def test_toml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    root = write_store(tmp_path, SAMPLE_TOML.replace('status = "enacted"', "status enacted"))
    with pytest.raises(StoreError, match="TOML syntax error") as caught:
        load_store(root)
    assert (caught.value.path, caught.value.line) == ("store/sample-city/rules/ordinance.toml", 8)
    assert str(caught.value).startswith("store/sample-city/rules/ordinance.toml:8: ")


def test_bad_field_names_the_line_of_the_field(tmp_path: Path) -> None:
    root = write_store(tmp_path, SAMPLE_TOML.replace('"enacted"', '"passed"'))
    with pytest.raises(StoreError, match="status 'passed' is not one of") as caught:
        load_store(root)
    assert (caught.value.path, caught.value.line) == ("store/sample-city/rules/ordinance.toml", 8)
    assert caught.value.hint


def test_a_misspelt_field_gets_a_suggestion(tmp_path: Path) -> None:
    root = write_store(tmp_path, SAMPLE_TOML.replace("as_of =", "as_off ="))
    with pytest.raises(StoreError, match="unknown field 'as_off'") as caught:
        load_store(root)
    assert caught.value.line == 7 and caught.value.hint == "did you mean 'as_of'?"


def test_a_date_written_as_a_string_is_refused(tmp_path: Path) -> None:
    root = write_store(tmp_path, SAMPLE_TOML.replace("2020-01-01", '"2020-01-01"'))
    with pytest.raises(StoreError, match="'as_of' must be a TOML date"):
        load_store(root)


def test_an_unknown_default_id_is_refused(tmp_path: Path) -> None:
    root = write_store(tmp_path)
    (root / "store.toml").write_text('default_old = "sample-city/rules@two"\n'
                                     'default_new = "sample-city/rules@one"\n', encoding="utf-8")
    with pytest.raises(StoreError, match="'sample-city/rules@two' is not a stored") as caught:
        load_store(root)
    assert (caught.value.path, caught.value.line) == ("store/store.toml", 1)


def errors_of(problems: list[Problem]) -> list[str]:
    return [str(p) for p in problems if p.severity == "error"]


def test_check_finds_a_tampered_sha256(tmp_path: Path) -> None:
    root = write_store(tmp_path)
    (root / "sample-city" / "rules" / "one.txt").write_bytes(SAMPLE_TEXT + b"(b) Tampered.\n")
    assert len(errors := errors_of(check_store(root, one_clause))) == 1
    assert errors[0].startswith("store/sample-city/rules/ordinance.toml:5: error: sha256 of "
                                "one.txt does not match")


def test_check_finds_a_missing_field_and_a_bad_status(tmp_path: Path) -> None:
    toml = SAMPLE_TOML.replace('label = "one"\n', "").replace('"enacted"', '"adopted"')
    errors = errors_of(check_store(write_store(tmp_path, toml), one_clause))
    assert ("store/sample-city/rules/ordinance.toml:5: error: missing required field 'label'"
            in errors)
    assert any(e.startswith("store/sample-city/rules/ordinance.toml:7: error: status 'adopted'")
               for e in errors)


def test_check_finds_an_excerpt_without_stops_and_a_version_without_date(tmp_path: Path) -> None:
    toml = SAMPLE_TOML.replace('"full"', '"excerpt"').replace("as_of = 2020-01-01\n", "")
    errors = "\n".join(errors_of(check_store(write_store(tmp_path, toml), one_clause)))
    assert "an excerpt needs 'stops'" in errors and "an excerpt needs 'missing'" in errors
    assert "no date: give adopted or effective or as_of or expires" in errors


def test_check_finds_a_stray_and_a_missing_text(tmp_path: Path) -> None:
    root = write_store(tmp_path)
    folder = root / "sample-city" / "rules"
    (folder / "one.txt").rename(folder / "two.txt")
    errors = errors_of(check_store(root, one_clause))
    assert "store/sample-city/rules/two.txt: error: stray text file: no [versions.<version>] " \
           "table names it" in errors
    assert any("the text file one.txt of sample-city/rules@one is missing" in e for e in errors)


@pytest.mark.parametrize("toml, error", [
    (SAMPLE_TOML.replace('"full"', '"whole"'), "ordinance.toml:12: error: completeness 'whole'"),
    (SAMPLE_TOML.replace('title = "Invented rules"\n', ""),
     "ordinance.toml: error: missing required field 'title'"),
    (SAMPLE_TOML.replace('status = "enacted"', "status enacted"),
     "ordinance.toml:8: error: TOML syntax error"),
])
def test_check_reports_bad_metadata_once_not_its_files_as_strays(tmp_path: Path, toml: str,
                                                                  error: str) -> None:
    """A version table (or ordinance.toml) with errors is reported for them alone: its text
    and notes are not also "stray" or "unexpected", as the metadata names them."""
    root = write_store(tmp_path, toml)
    (root / "sample-city" / "rules" / "one.notes.toml").write_text("", encoding="utf-8")
    problems = [str(p) for p in check_store(root, one_clause)]
    assert len(problems) == 1 and error in problems[0], problems


def test_check_warns_of_notes_no_version_names(tmp_path: Path) -> None:
    root = write_store(tmp_path)
    (root / "sample-city" / "rules" / "two.notes.toml").write_text("", encoding="utf-8")
    assert [str(p) for p in check_store(root, one_clause)] == [
        "store/sample-city/rules/two.notes.toml: warning: unexpected file in the store"]


def labelled(*labels: str, line: int = 2) -> tuple[Clause, ...]:
    return tuple(Clause(ClauseKind.PARAGRAPH, label, (label,), marker=label, line=line + n)
                 for n, label in enumerate(labels))


def test_check_warns_of_numbering_gaps_duplicates_and_reader_warnings(tmp_path: Path) -> None:
    def parse(version: StoredVersion) -> Document:
        return Document(source_ref(version), labelled("(a)", "(b)", "(d)", "(d)", "(h)", "(i)",
                                                      "(j)"),
                        warnings=(SourceWarning(version.display, 1, "invented warning"),))

    warnings = [str(p) for p in check_store(write_store(tmp_path), parse)]
    assert warnings == [
        "store/sample-city/rules/one.txt:1: warning: invented warning",
        "store/sample-city/rules/one.txt:4: warning: numbering gap: (b) is followed by (d)",
        "store/sample-city/rules/one.txt:5: warning: duplicate clause (d) (also at line 4)",
        "store/sample-city/rules/one.txt:6: warning: numbering gap: (d) is followed by (h)",
    ]


def test_check_reports_a_text_the_reader_refuses(tmp_path: Path) -> None:
    def parse(version: StoredVersion) -> Document:
        raise ParseError("invented failure", path=version.display, line=2)

    assert errors_of(check_store(write_store(tmp_path), parse)) == [
        "store/sample-city/rules/one.txt:2: error: cannot be parsed: invented failure"]


def test_roman_numerals_are_not_gaps(tmp_path: Path) -> None:
    def parse(version: StoredVersion) -> Document:
        return Document(SourceRef(version.id, "", ""), labelled("(i)", "(ii)", "(iii)", "(iv)"))

    assert check_store(write_store(tmp_path), parse) == []

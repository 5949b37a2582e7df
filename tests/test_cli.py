"""The command line: exact one-line errors, exit statuses as diff(1), every command documented."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import REPO, STORE
from ordiff.cli import cli
from ordiff.model import (ChangeKind, Clause, ClauseChange, ClauseKind, Comparison, Document, Op,
                          SourceRef, Span)
from ordiff.serialize import (_comparison_text, comparison_json, comparison_to_dict,
                              dumps_comparison)

needs_store = pytest.mark.skipif(not (STORE / "store.toml").is_file(), reason="no store")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize("make, expected", [
    (lambda d: str(d / "missing.txt"), "missing.txt: no such file, and not a store id"),
    (lambda d: write(d, "empty.txt", b""), "empty.txt: the file is empty"),
    (lambda d: write(d, "blob.txt", b"ab\ncd\x00\x01"), "blob.txt:2: this is a binary file"),
    (lambda d: write(d, "bad.txt", b"\x81\x8d\x8f"), "bad.txt:1: the file is neither UTF-8"),
    (lambda d: str(d), "a folder needs an index.xml"),
])
def test_bad_input_is_one_line_exit_2_no_traceback(tmp_path: Path, make, expected: str) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("show", make(tmp_path))
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and expected in lines[0]
    assert "Traceback" not in err


@needs_store
def test_unknown_id_suggests_near_ids() -> None:
    code, _, err = run("show", "minneapolis/separaton@2003")
    assert code == 2
    assert "minneapolis/separation@2003" in err
    assert len(err.strip().splitlines()) == 1


@needs_store
def test_list_shows_every_stored_version() -> None:
    code, out, _ = run("list")
    assert code == 0
    assert "district-of-columbia/24-211.07@2012" in out and "excerpt" in out
    data = json.loads(run("list", "--format", "json")[1])
    ids = [v["id"] for o in data["ordinances"] for v in o["versions"]]
    assert len(ids) == len(set(ids)) >= 16


@needs_store
def test_check_passes_on_the_bundled_store() -> None:
    code, out, err = run("check")
    assert code == 0, err
    assert "0 error(s)" in out


@needs_store
def test_check_exits_2_on_a_tampered_text(tmp_path: Path) -> None:
    import shutil

    store = tmp_path / "ordinances"
    shutil.copytree(STORE, store)
    text = store / "minneapolis" / "separation" / "2003.txt"
    text.write_bytes(text.read_bytes() + b"x")
    code, _, err = run("check", "--store", str(store))
    assert code == 2
    assert "ordinances/minneapolis/separation/ordinance.toml:" in err
    assert "sha256 of 2003.txt does not match" in err


@needs_store
def test_check_lists_every_metadata_error_not_only_the_first(tmp_path: Path) -> None:
    import shutil

    store = tmp_path / "ordinances"
    shutil.copytree(STORE, store)
    for folder in ("minneapolis/separation", "district-of-columbia/24-211.07"):
        toml = store / folder / "ordinance.toml"
        text = toml.read_text(encoding="utf-8")
        toml.write_text(text.replace('status = "', 'status = "bogus-', 1), encoding="utf-8")
    code, out, err = run("check", "--store", str(store))
    assert code == 2
    bad = [line for line in err.splitlines() if "status 'bogus-" in line]
    assert [line.split(":")[0] for line in bad] == [
        "ordinances/district-of-columbia/24-211.07/ordinance.toml",
        "ordinances/minneapolis/separation/ordinance.toml"]
    assert "the store's metadata has errors" in out


@needs_store
def test_diff_exit_status_is_0_for_same_1_for_different() -> None:
    same = run("diff", "minneapolis/separation@2003", "minneapolis/separation@2003")
    assert same[0] == 0
    code, out, _ = run("diff", "district-of-columbia/24-211.07@2021",
                       "district-of-columbia/24-211.07@2025-emergency", "--changes-only")
    assert code == 1
    assert "+ 24-211.07/(g)  [inserted]" in out
    assert "\x1b[" not in out  # plain when not a terminal


@needs_store
def test_diff_json_schema_and_every_record_shape() -> None:
    _, out, _ = run("diff", "district-of-columbia/24-211.07@2012",
                    "district-of-columbia/24-211.07@2021", "-f", "json")
    data = json.loads(out)
    assert data["schema"] == "ordiff.comparison/1"
    assert data["ignored"] == ["whitespace"]
    for key in ("id", "label", "sha256", "completeness"):
        assert key in data["old"] and key in data["new"]
    for record in data["changes"]:
        assert set(record) >= {"kind", "old_path", "new_path"}
        for op, text, *_ in record.get("ops", []):
            assert op in "=-+<>" and text
    lines = out.splitlines()  # one record a line, between the array's brackets
    start = lines.index('  "changes": [')
    assert lines[start + len(data["changes"]) + 1:] == ["  ]", "}"]
    for line, record in zip(lines[start + 1:], data["changes"]):
        assert json.loads(line.rstrip(",")) == record


def tricky_comparison() -> Comparison:
    """Made-up clauses whose paths and texts hold what JSON must escape or keep."""
    texts = ['}, {"kind": "x"}', "back\\slash \"quoted\"", "tab\tline\nnul\x01", "¶ “curly” ‐ é"]
    old = tuple(Clause.of(ClauseKind.PARAGRAPH, t, ("1-101", t), t, t, t, (), (), 1, True, "")
                for t in texts)
    new = tuple(Clause.of(ClauseKind.PARAGRAPH, t, ("1-101", t[::-1]), t, None, t[::-1], (), (),
                          2, True, "") for t in texts)
    source = SourceRef(id="sample-city", label="Sample City", sha256="0" * 64)
    changes = (ClauseChange.of(ChangeKind.UNCHANGED, old[0], old[0], (Span(Op.EQUAL, texts[0]),),
                               (Span(Op.EQUAL, texts[0]),), False, 1.0),
               ClauseChange.of(ChangeKind.MOVED, old[1], new[1],
                               (Span(Op.DELETE, texts[1]),),
                               (Span(Op.DELETE, texts[1]), Span(Op.INSERT, texts[1][::-1], True)),
                               True, 0.25),
               ClauseChange.of(ChangeKind.DELETED, old[2], None, (), (Span(Op.DELETE, texts[2]),),
                               False, 0.0),
               ClauseChange.of(ChangeKind.NOT_IN_OLD_COPY, None, new[3], (),
                               (Span(Op.NEW_BEYOND_COPY, texts[3][::-1]),), False, 0.0),
               # unchanged records the writer's shortcut must not take: a similarity that is
               # not the float 1.0, an ignored difference, two clauses that are not one object
               ClauseChange.of(ChangeKind.UNCHANGED, old[0], old[0], (), (), False, 1),
               ClauseChange.of(ChangeKind.UNCHANGED, old[1], old[1], (),
                               (Span(Op.DELETE, texts[1], True), Span(Op.INSERT, texts[1], True)),
                               False, 1.0),
               ClauseChange.of(ChangeKind.UNCHANGED, old[2], new[2], (Span(Op.EQUAL, texts[2]),),
                               (), False, 1.0))
    return Comparison(Document(source, old), Document(source, new), changes, ("whitespace",))


def test_the_comparison_text_is_the_head_then_one_record_a_line() -> None:
    """The text joined once is the head's indented dump, then the records, one a line."""
    head = {"schema": "sample", "granularity": "word"}
    for records in ([], ['{"kind": "x"}'], ['{"kind": "x"}', '{"kind": "y"}', '{}']):
        body = "[\n    " + ",\n    ".join(records) + "\n  ]" if records else "[]"
        expected = json.dumps(head, indent=2)[:-2] + f',\n  "changes": {body}\n}}\n'
        text = _comparison_text({**head, "changes": "ignored"}, list(records))
        assert text == expected and json.loads(text)["changes"] == list(map(json.loads, records))


def test_comparison_json_is_the_dicts_dumped_byte_for_byte() -> None:
    comparison = tricky_comparison()
    for changes_only in (False, True):
        text = comparison_json(comparison, changes_only)
        assert text == dumps_comparison(comparison_to_dict(comparison, changes_only))
        assert json.loads(text) == comparison_to_dict(comparison, changes_only)
    records = json.loads(comparison_json(comparison))["changes"]
    for record, change in zip(records, comparison.changes, strict=True):
        assert record["similarity"] == change.similarity
        assert type(record["similarity"]) is type(change.similarity)
        assert ("ops" in record) == any(s.op is not Op.EQUAL for s in change.text)
        assert record["new_path"] == (list(change.new.path) if change.new else None)
    empty = Comparison(comparison.old, comparison.new, ())
    assert comparison_json(empty) == dumps_comparison(comparison_to_dict(empty))


@needs_store
def test_diff_json_of_every_stored_pair_is_the_dicts_dumped() -> None:
    from ordiff.api import compare_versions
    from ordiff.store import load_store

    store = load_store(STORE)
    for ordinance in store.ordinances:
        versions = list(ordinance.versions)
        for old, new in zip(versions, versions[1:]):
            comparison = compare_versions(old, new, store_root=STORE)
            assert comparison_json(comparison) == dumps_comparison(comparison_to_dict(comparison))


def test_comparison_json_cuts_records_only_between_records() -> None:
    # Made-up records whose texts hold what a record boundary looks like.
    tricky = ['}, {"kind": "x"}', '},\n{"kind":', "\"}, {\"kind\": ", "¶ “quoted” ‐"]
    data = {"schema": "ordiff.comparison/1", "old": {}, "new": {}, "ignored": [],
            "granularity": "word",
            "changes": [{"kind": "amended", "ops": [["-", t], ["+", t[::-1]]]} for t in tricky]}
    text = dumps_comparison(data)
    assert json.loads(text) == data and text.endswith("\n  ]\n}\n")
    assert text.count("\n    {\"kind\": ") == len(tricky)
    empty = dict(data, changes=[])
    assert json.loads(dumps_comparison(empty)) == empty


def test_unknown_normalisation_is_an_error() -> None:
    code, _, err = run("diff", "a.txt", "b.txt", "--ignore", "colour")
    assert code == 2 and "colour" in err


def test_every_command_is_in_the_readme_and_has_help() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name, command in cli.commands.items():
        assert f"ordiff {name}" in readme, f"README does not show 'ordiff {name}'"
        assert command.help, f"'ordiff {name}' has no help text"

"""``ordiff export``: plain text (the stored bytes), Akoma Ntoso with eIds from clause paths, and
the Markdown redline whose two readings give the two versions."""

from __future__ import annotations

import html
import re

import pytest
from click.testing import CliRunner
from lxml import etree

from conftest import STORE
from ordiff.api import compare_versions, load_document
from ordiff.cli import cli
from ordiff.export_akn import AKN_NAMESPACE, export_akn
from ordiff.export_md import escape_md, export_md
from ordiff.model import iter_clauses, source_words
from ordiff.safexml import parse_xml

DC = "district-of-columbia/24-211.07"
A = "{" + AKN_NAMESPACE + "}"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def markdown_reading(markdown: str, keep: str) -> list[str]:
    """The redline body's words with every <ins> (keep="old") or <del> (keep="new") dropped."""
    body = markdown.split("\n---\n", 1)[1]
    drop = "ins" if keep == "old" else "del"
    body = re.sub(rf"<{drop}[^>]*>.*?</{drop}>", "", body, flags=re.S)
    body = re.sub(r"<small>.*?</small>", "", body, flags=re.S)
    body = re.sub(r"</?(?:del|ins)[^>]*>", "", body)
    body = re.sub(r"^## ", "", body, flags=re.M).replace("**", "")
    body = re.sub(r"^\*(.*)\*$", r"\1", body, flags=re.M)
    body = re.sub(r"\\(.)", r"\1", body)
    return html.unescape(body).split()


@pytest.mark.parametrize("old, new", [(f"{DC}@2012", f"{DC}@2021"),
                                      ("saint-paul/admin-code-ch44@2004",
                                       "saint-paul/admin-code-ch44@codified"),
                                      ("chicago/2-173@pre-2021", "chicago/2-173@current")])
def test_markdown_readings_give_both_versions(old: str, new: str) -> None:
    comparison = compare_versions(old, new)
    markdown = export_md(comparison)
    assert markdown_reading(markdown, "old") == source_words(comparison.old)
    assert markdown_reading(markdown, "new") == source_words(comparison.new)
    assert "<del>" in markdown and "<ins>" in markdown


def test_markdown_escapes_law_text_instead_of_rendering_it() -> None:
    assert escape_md("1. *Sample* <b> & [x]_") == r"1\. \*Sample\* &lt;b&gt; &amp; \[x\]\_"
    assert escape_md("- item") == r"\- item"


def test_export_md_command() -> None:
    code, out, err = run("export", f"{DC}@2012", "--against", f"{DC}@2021", "--format", "md")
    assert code == 0, err
    assert out.startswith("# Redline: Prohibition on cooperation")
    code, _, err = run("export", f"{DC}@2012", "--format", "md")
    assert code == 2 and "give the new version with --against" in err


def test_export_text_is_the_stored_bytes() -> None:
    code, out, _ = run("export", f"{DC}@2021", "--format", "text")
    assert code == 0 and out.encode() == (STORE / DC / "2021.txt").read_bytes()


def test_akn_has_eids_from_clause_paths_and_every_word() -> None:
    document = load_document(f"{DC}@2021")
    root = parse_xml(export_akn(document, "2021-04-27"), "act.xml")
    assert root.tag == A + "akomaNtoso"
    eids = [el.get("eId") for el in root.iter() if el.get("eId")]
    assert len(eids) == len(set(eids))
    assert "sec_24-211.07__subsec_a__para_3__subpara_B" in eids
    assert len([e for e in eids if e.startswith("sec_")]) == len(list(iter_clauses(
        document.clauses)))
    text = " ".join(t for el in root.iter(A + "num", A + "heading", A + "p")
                    for t in [el.text or ""])
    assert text.split() == source_words(document)
    assert root.find(f".//{A}FRBRdate").get("date") == "2021-04-27"


def test_export_akn_command_is_deterministic(tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "act.xml"
    assert run("export", f"{DC}@2021", "--format", "akn", "-o", str(out))[0] == 0
    first = out.read_bytes()
    assert run("export", f"{DC}@2021", "--format", "akn", "-o", str(out))[0] == 0
    assert out.read_bytes() == first
    assert etree.fromstring(first).tag == A + "akomaNtoso"

"""The history of an ordinance: timeline, steps, cumulative redline, lineage, the page, the command.

D.C. Code § 24-211.07 is the case the lineage is checked on: 2012 (D.C. Law 19-194), the 2021
rewrite (D.C. Law 23-282) and the 2025 emergency text that adds (g) and leaves (a)-(f) as 2021
wrote them (ordinance.toml says so, and ``ordiff diff`` shows it).
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
from ordiff.api import open_store
from ordiff.cli import cli
from ordiff.history import History, build_history
from ordiff.model import iter_clauses, source_words
from ordiff.page_reports import load_versions
from ordiff.render_history import history_body, render_history
from ordiff.seeds import load_seeds

DC = "district-of-columbia/24-211.07"
V2012, V2021, V2025 = range(3)


def stored_history(ordinance: str) -> tuple[History, list]:  # type: ignore[type-arg]
    store = open_store()
    versions = next(o for o in store.ordinances if o.id == ordinance).versions
    documents, infos = load_versions(versions)
    jurisdiction = ordinance.split("/")[0]
    return build_history(documents, load_seeds().timeline(jurisdiction),
                         [store.get(v) for v in versions]), infos


@pytest.fixture(scope="module")
def dc() -> tuple[History, list]:  # type: ignore[type-arg]
    return stored_history(DC)


def runs_by_clause(history: History) -> dict[str, list[tuple[int, str]]]:
    return {line.clause.id: [(r.version, r.text) for r in line.text] for line in history.lineage}


def test_lineage_attributes_g_to_2025_and_a_to_f_to_2021(dc: tuple[History, list]) -> None:
    history, _ = dc
    runs = runs_by_clause(history)
    assert runs["24-211.07/(g)"] == [(V2025, history.documents[V2025].clauses[0].children[-1]
                                      .text)]
    for clause_id, clause_runs in runs.items():
        if clause_id in ("24-211.07", "24-211.07/(g)", "24-211.07/(e)"):
            continue
        assert {v for v, _ in clause_runs} == {V2021}, clause_id
    # (e) is new in 2021 ("Nothing in this section shall") but the rest of its sentence is the
    # 2012 text of (d)(2), which the 2021 comparison shows moved to (e): lineage keeps it 2012.
    versions = [v for v, _ in runs["24-211.07/(e)"]]
    assert versions == [V2021, V2012]
    assert runs["24-211.07/(e)"][1][1].startswith("be construed to establish a right to counsel")
    assert not any(r.earliest_known for line in history.lineage for r in line.text)


def test_lineage_runs_rebuild_the_latest_text_exactly(dc: tuple[History, list]) -> None:
    history, _ = dc
    latest = {c.id: c for c in iter_clauses(history.documents[-1].clauses)}
    for line in history.lineage:
        assert "".join(r.text for r in line.text) == latest[line.clause.id].text
        assert "".join(r.text for r in line.heading) == (latest[line.clause.id].heading or "")


def test_the_section_heading_keeps_the_2012_words_it_kept(dc: tuple[History, list]) -> None:
    history, _ = dc
    heading = next(line for line in history.lineage if line.clause.id == "24-211.07").heading
    assert [(r.version, r.text.strip()) for r in heading] == [
        (V2021, "Prohibition on cooperation"), (V2012, "with federal immigration"),
        (V2021, "agencies"), (V2012, ".")]


def test_an_excerpt_between_versions_does_not_cut_the_lineage() -> None:
    """Saint Paul: the 2018 copy holds only § 44.06, so § 44.02 of the codified copy is traced
    back to the 2004 enactment; words past the 2004 copy's end are only *first stored* later."""
    history, _ = stored_history("saint-paul/admin-code-ch44")
    lines = {line.clause.id: line for line in history.lineage}
    first = lines["44.02/(a)/(1)"].text
    assert first[0].version == 0 and first[0].text.startswith("City employees are to ")
    assert first[-1].version == 2 and first[-1].earliest_known
    # "cany" (the 2004 copy's OCR) against "carry": the stored words differ, so "carry" is later.
    assert any(r.text.strip() == "carry" and r.version == 2 for r in first)


def test_timeline_interleaves_versions_and_cited_events(dc: tuple[History, list]) -> None:
    history, _ = dc
    shown = [(e.kind, e.when) for e in history.timeline]
    assert shown == [("version", "2012"), ("version", "effective 2021-04-27"),
                     ("amended", "2021-04-27"), ("version", "undated; expires 2026-02-22"),
                     ("expires", "2026-02-22")]
    assert all(e.citation is not None for e in history.timeline if e.kind != "version")


def test_minneapolis_timeline_carries_the_public_record() -> None:
    history, _ = stored_history("minneapolis/separation")
    kinds = [e.kind for e in history.timeline]
    # The 2003 enactment (year only) comes before the stored copy (text as of 2003-09-26).
    assert kinds[:2] == ["enacted", "version"]
    assert history.timeline[1].when == "text as of 2003-09-26"
    assert {"incident", "executive-order", "vote", "audit"} <= set(kinds)
    vote = next(e for e in history.timeline if e.kind == "vote")
    assert vote.when == "2025-12-11" and vote.citation is not None
    assert vote.citation.publisher == "MinnPost"
    assert history.steps == () and history.cumulative is None


def test_steps_and_cumulative_compare_the_right_versions(dc: tuple[History, list]) -> None:
    history, _ = dc
    assert [(s.old.source.id, s.new.source.id) for s in history.steps] == [
        (f"{DC}@2012", f"{DC}@2021"), (f"{DC}@2021", f"{DC}@2025-emergency")]
    assert history.cumulative is not None
    assert (history.cumulative.old.source.id, history.cumulative.new.source.id) == (
        f"{DC}@2012", f"{DC}@2025-emergency")


def test_each_redline_on_the_page_reads_back_as_its_two_versions(
        dc: tuple[History, list]) -> None:
    history, infos = dc
    body = history_body(history, infos)
    for prefix, (old, new) in (("s1", (V2012, V2021)), ("s2", (V2021, V2025)),
                               ("all", (V2012, V2025))):
        step = body.xpath(f"//section[@id='{prefix}']")[0]
        assert reading(step, "old") == source_words(history.documents[old])
        assert reading(step, "new") == source_words(history.documents[new])


def test_page_ids_are_unique_and_links_land(dc: tuple[History, list]) -> None:
    history, infos = dc
    page = lxml.html.fromstring(render_history(history, infos))
    ids = Counter(page.xpath("//@id"))
    assert [i for i, n in ids.items() if n > 1] == []
    internal = [href for href in page.xpath("//a/@href") if href.startswith("#")]
    assert internal  # (else the check below would hold of no link at all)
    for href in internal:
        assert href[1:] in ids, href
    marks = page.xpath("//section[@id='lineage']//sup/a/text()")
    assert {"2021", "2025-emergency", "2012"} <= set(marks)
    assert page.xpath("//section[@id='lineage']//mark[@title]")[0].get("title").startswith(
        "Introduced in ")


def test_the_page_is_deterministic(dc: tuple[History, list]) -> None:
    history, infos = dc
    assert render_history(history, infos) == render_history(history, infos)


def test_history_command_writes_the_page(tmp_path: Path) -> None:
    out = tmp_path / "history.html"
    result = CliRunner().invoke(cli, ["history", DC, "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "Where the latest text comes from" in text and "D.C. Law 23-282" in text


def test_history_prints_to_pdf(tmp_path: Path) -> None:
    out = tmp_path / "h.pdf"
    result = CliRunner().invoke(cli, ["history", DC, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF-")
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils is not installed (scripts/install --test)")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout.lower()  # headings print in capitals
    assert "where the latest text comes from" in text and "step by step" in text


@pytest.mark.parametrize("args, message", [
    (["history", "README.md", "-o", "h.html"], "Error: a history needs an ordinance of the store"),
    (["history", "minneapolis/nowhere", "-o", "h.html"], "Error: unknown id"),
    (["history", DC, "-o", "h.txt"], "Error: cannot tell the format from 'h.txt'"),
])
def test_history_command_errors(tmp_path: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, args[:-1] + [str(tmp_path / args[-1])])
    assert result.exit_code == 2
    assert result.output.startswith(message)

"""The HTML redline report: goldens, the two readings, escaping, determinism, the command.

Every "Sample City" text here is invented for the tests; it is not law of any place.
"""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import GOLDEN, REPO, STORE
from golden import canonical, reading
from ordiff.cli import cli
from ordiff.compare import CompareOptions, compare
from ordiff.html_parts import VersionInfo
from ordiff.model import Comparison, Completeness, SourceRef, source_words
from ordiff.read_text import parse_text
from ordiff.render_html import render_fragment, render_html
from ordiff.textdiff import DiffOptions

BUNDLED = {
    "dc-24-211.07-2012-2021": ("district-of-columbia/24-211.07@2012",
                               "district-of-columbia/24-211.07@2021"),
    "sf-12h-2013-current": ("san-francisco/admin-code-12h@2013",
                            "san-francisco/admin-code-12h@current"),
    "stpaul-ch44-2004-codified": ("saint-paul/admin-code-ch44@2004",
                                  "saint-paul/admin-code-ch44@codified"),
}

# name: (old text, new text, new copy stops at, ignored differences)
SAMPLE = {
    "amended": ("§ 1.01. Sample City park hours.\n(a) Parks open at dawn and close at dusk.\n",
                "§ 1.01. Sample City park and pool hours.\n(a) Parks open at six and close at "
                "ten.\n", "", ("whitespace",)),
    "inserted-deleted": ("§ 1.01. Sample City dogs.\n(a) Dogs must be leashed.\n(b) Cats may "
                         "roam.\n", "§ 1.01. Sample City dogs.\n(a) Dogs must be leashed.\n(c) "
                         "Owners clean up after dogs in every park and on every street.\n", "",
                         ("whitespace",)),
    "renumbered": ("§ 1.01. Sample City parks.\n(1) Parks open at dawn.\n(2) Parks close at "
                   "dusk.\n", "§ 1.01. Sample City parks.\n(1) Dogs must be leashed in all parks."
                   "\n(1A) Parks open at dawn.\n(2) Parks close at dusk.\n", "", ("whitespace",)),
    "moved": ("§ 1.01. Sample City parks.\n(a) Parks open at dawn.\n  (1) Benches are painted "
              "green every spring by the parks department.\n(b) Parks close at dusk.\n",
              "§ 1.01. Sample City parks.\n(a) Parks open at dawn.\n(b) Parks close at dusk.\n"
              "  (1) Benches are painted dark green every spring by the parks department.\n", "",
              ("whitespace",)),
    "split": ("§ 1.01. Sample City fees.\n(a) A permit costs ten dollars and a renewal costs five "
              "dollars and the clerk keeps a register of all permits.\n",
              "§ 1.01. Sample City fees.\n(a) A permit costs ten dollars and a renewal costs five "
              "dollars.\n(b) The clerk keeps a register of all permits.\n", "", ("whitespace",)),
    "merged": ("§ 1.01. Sample City fees.\n(a) A permit costs ten dollars and a renewal costs "
               "five dollars.\n(b) The clerk keeps a register of all permits.\n",
               "§ 1.01. Sample City fees.\n(a) A permit costs ten dollars and a renewal costs five"
               " dollars and the clerk keeps a register of all permits.\n", "", ("whitespace",)),
    "excerpt": ("§ 1.01. Sample City noise.\n(a) No horn may sound after ten at night.\n(b) No "
                "drum may sound after nine at night.\n§ 1.02. Sample City lights.\nStreet lights "
                "stay on all night.\n", "§ 1.01. Sample City noise.\n(a) No horn may sound after "
                "eleven at night.\n(b) No drum may", "inside § 1.01(b)", ("whitespace",)),
    "ignored": ("§ 1.01. Sample City signs.\nA sign may say \"open\" or \"closed\".\n",
                "§ 1.01. Sample City signs.\nA sign may say \u201copen\u201d or "
                "\u201cshut\u201d.\n",
                "", ("whitespace", "quotes")),
    "notes": ("§ 1.01. Sample City bells.\nBells ring at noon.\n(Sample Ord. 1-2001)\n",
              "§ 1.01. Sample City bells.\nBells ring at noon and at six.\n(Sample Ord. 1-2001; "
              "Sample Ord. 7-2020)\n", "", ("whitespace",)),
    "escaping": ("§ 1.01. Sample City <script>alert(\"x\")</script> & 'quotes'.\n(a) Fees < 5 & "
                 "fines > 10 are \"small\".\n", "§ 1.01. Sample City <script>alert(\"x\")"
                 "</script> & 'quotes'.\n(a) Fees < 6 & fines > 10 are \"small\" & 'fair'.\n", "",
                 ("whitespace",)),
}


def sample(name: str) -> Comparison:
    """An invented comparison (Sample City): the texts above, parsed and compared."""
    old_text, new_text, stops, ignored = SAMPLE[name]
    old = parse_text(old_text, path=f"sample-city/{name}/old.txt",
                     source=SourceRef(f"sample-city/{name}@old", "old (invented)", "0" * 64))
    new = parse_text(new_text, path=f"sample-city/{name}/new.txt",
                     source=SourceRef(f"sample-city/{name}@new", "new (invented)", "1" * 64,
                                      Completeness.EXCERPT if stops else Completeness.FULL,
                                      stops=stops, missing="the rest" if stops else ""))
    return compare(old, new, CompareOptions(diff=DiffOptions.from_ignored(ignored)))


def bundled(name: str) -> tuple[Comparison, VersionInfo, VersionInfo]:
    """A bundled comparison with the store's metadata. The store is part of the repository, so
    a store that cannot give the pair is a failure, never a skip that would hide it."""
    from ordiff.api import compare_versions
    from ordiff.errors import OrdiffError
    from ordiff.store import load_store

    old_id, new_id = BUNDLED[name]
    try:
        store = load_store(STORE)
        comparison = compare_versions(old_id, new_id, None, STORE)
        infos = [VersionInfo.from_stored(store.get(i), d.source)
                 for i, d in ((old_id, comparison.old), (new_id, comparison.new))]
    except OrdiffError as exc:
        pytest.fail(f"the store cannot give {old_id} and {new_id}: {exc}")
    return comparison, infos[0], infos[1]


def views(body: etree._Element) -> tuple[etree._Element, etree._Element]:
    inline = body.xpath(".//section[@id='view-inline']")[0]
    side = body.xpath(".//section[@id='view-side-by-side']")[0]
    return inline, side


def assert_reads_back(body: etree._Element, comparison: Comparison) -> None:
    """Both renderings read back as both versions, word for word."""
    inline, side = views(body)
    for side_name, document in (("old", comparison.old), ("new", comparison.new)):
        expected = source_words(document)
        assert reading(inline, side_name) == expected, f"inline view, {side_name} reading"
        cells: list[str] = []
        for cell in side.xpath(f".//td[@class='{side_name}']"):
            cells.extend(reading(cell, side_name))
        assert cells == expected, f"side-by-side view, {side_name} column"


@pytest.mark.parametrize("name", sorted(BUNDLED))
def test_bundled_golden_and_reading(name: str, golden) -> None:  # type: ignore[no-untyped-def]
    comparison, old, new = bundled(name)
    body = render_fragment(comparison, old, new)
    assert_reads_back(body, comparison)
    golden(f"html/{name}.html", canonical(body))


@pytest.mark.parametrize("name", sorted(SAMPLE))
def test_sample_golden_and_reading(name: str, golden) -> None:  # type: ignore[no-untyped-def]
    comparison = sample(name)
    body = render_fragment(comparison)
    assert_reads_back(body, comparison)
    golden(f"html/sample-{name}.html", canonical(body))


def test_full_page_golden(golden) -> None:  # type: ignore[no-untyped-def]
    golden("html/sample-amended.page.html", render_html(sample("amended")).decode("utf-8"))


def test_changes_view_golden(golden) -> None:  # type: ignore[no-untyped-def]
    comparison, old, new = bundled("sf-12h-2013-current")
    golden("html/sf-12h-2013-current.changes.html",
           canonical(render_fragment(comparison, old, new, view="changes")))


def test_every_html_golden_is_checked_by_a_test() -> None:
    # a golden no test reads any more would stay in the repository, looking reviewed
    expected = ({f"{name}.html" for name in BUNDLED} | {f"sample-{name}.html" for name in SAMPLE}
                | {"sample-amended.page.html", "sf-12h-2013-current.changes.html"})
    assert sorted(p.name for p in (GOLDEN / "html").iterdir()) == sorted(expected)


# --- generated comparisons --------------------------------------------------------------------

_WORDS = st.sampled_from("the clerk shall keep a register of every permit fee park dog and or "
                         "not may ten five dusk dawn Sample City".split())
_SENTENCE = st.lists(_WORDS, min_size=1, max_size=8).map(lambda w: " ".join(w) + ".")


@st.composite
def _versions(draw: st.DrawFn) -> tuple[str, str]:
    sections = draw(st.lists(st.lists(_SENTENCE, min_size=0, max_size=4), min_size=1, max_size=3))
    new_sections = [list(paras) for paras in sections]
    for paras in new_sections:
        for i in range(len(paras)):
            action = draw(st.sampled_from(["keep", "keep", "edit", "drop", "add"]))
            if action == "edit":
                paras[i] = draw(_SENTENCE)
            elif action == "drop":
                paras[i] = ""
            elif action == "add":
                paras[i] = paras[i] + "\n" + draw(_SENTENCE)
    if len(new_sections) > 1 and new_sections[0] and draw(st.booleans()):
        new_sections[-1].append(new_sections[0].pop(0))  # a clause moves to another section

    def text(secs: list[list[str]]) -> str:
        lines = []
        for number, paras in enumerate(secs, 1):
            lines.append(f"§ 9.{number:02d}. Sample City rule {number}.")
            letters = iter("abcdefghjk")
            for para in paras:
                for line in [p for p in para.split("\n") if p]:
                    lines.append(f"({next(letters)}) {line}")
        return "\n".join(lines) + "\n"

    return text(sections), text(new_sections)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_versions())
def test_generated_comparisons_read_back(pair: tuple[str, str]) -> None:
    old_text, new_text = pair
    old = parse_text(old_text, path="old.txt", source=SourceRef("old.txt", "old", "0" * 64))
    new = parse_text(new_text, path="new.txt", source=SourceRef("new.txt", "new", "1" * 64))
    comparison = compare(old, new)
    assert_reads_back(render_fragment(comparison), comparison)


# --- what the page promises -------------------------------------------------------------------


def page(comparison: Comparison, **kwargs: str) -> etree._Element:
    data = render_html(comparison, **kwargs)  # type: ignore[arg-type]
    return lxml.html.document_fromstring(data)


def test_law_text_is_escaped_by_construction() -> None:
    data = render_html(sample("escaping"))
    tree = lxml.html.document_fromstring(data)
    scripts = tree.xpath("//script")
    assert len(scripts) == 1 and "alert" not in scripts[0].text
    assert b"&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; 'quotes'" in data
    assert "Sample City <script>alert(\"x\")</script> & 'quotes'." in tree.xpath("string(//h1)")
    assert tree.xpath("//ins[contains(., \"& 'fair'\")]")


def test_same_comparison_same_bytes_and_no_machine_paths() -> None:
    comparison = sample("moved")
    assert render_html(comparison) == render_html(sample("moved"))
    old = parse_text("§ 1.01. Sample City.\nA rule.\n", path="/srv/elsewhere/old.txt",
                     source=SourceRef("/srv/elsewhere/old.txt", "old", "0" * 64))
    data = render_html(compare(old, old))
    assert b"/srv/elsewhere" not in data and b"old.txt" in data


def test_one_self_contained_file() -> None:
    tree = page(sample("amended"))
    assert tree.get("lang") == "en"
    assert not tree.xpath("//link | //img | //iframe | //script[@src] | //*[@style]")
    policy = tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    assert "default-src 'none'" in policy and "http" not in policy
    assert tree.xpath("//style") and tree.xpath("//script")


def test_dcterms_created_is_the_new_versions_date() -> None:
    comparison = sample("amended")
    new = VersionInfo(comparison.new.source, created="2021-04-27")
    tree = page(comparison, new=new)  # type: ignore[arg-type]
    assert tree.xpath("//meta[@name='dcterms.created']/@content") == ["2021-04-27"]
    assert not page(comparison).xpath("//meta[@name='dcterms.created']")


def test_legend_and_ignored_differences_on_every_report() -> None:
    for name in ("amended", "ignored"):
        tree = page(sample(name))
        assert "struck through" in tree.xpath("string(//section[@class='legend'])")
    ignored = page(sample("ignored")).xpath("string(//p[@class='ignored-list'])")
    assert "quotation marks" in ignored and "line wrapping" in ignored


def test_deletion_then_separator_then_insertion_with_marked_labels() -> None:
    body = render_fragment(sample("amended"))
    inline, _ = views(body)
    deleted = inline.xpath(".//del[not(@class)]")[0]
    separator = deleted.getnext()
    assert separator.get("data-redline") == "sep" and separator.getnext().tag == "ins"
    labels = deleted.xpath("./span")
    assert [s.get("data-redline") for s in labels] == ["label", "label"]
    assert labels[0].text == "[deleted: " and "sr" in labels[0].get("class")


def test_renumbered_clause_shows_new_then_formerly_old() -> None:
    inline, _ = views(render_fragment(sample("renumbered")))
    marker = inline.xpath(".//div[@data-kind='renumbered']//span[@class='marker']")[0]
    assert re.sub(r"\s+", " ", "".join(marker.itertext())) == "(1A) (formerly (1))"
    assert marker.xpath("./ins")[0].text == "(1A)" and marker.xpath("./del")[0].text == "(1)"


def test_moved_clause_links_both_places() -> None:
    inline, _ = views(render_fragment(sample("moved")))
    source = inline.xpath(".//div[contains(@class, 'rel-moved-from')]")[0]
    target = inline.xpath(".//div[contains(@class, 'rel-moved-to')]")[0]
    assert source.xpath("./del[contains(@class, 'whole')]")
    assert target.xpath("./ins[contains(@class, 'whole')]")
    assert source.xpath(".//p[@class='relation']/a/@href") == ["#" + target.get("id")]
    assert target.xpath(".//p[@class='relation']/a/@href") == ["#" + source.get("id")]
    assert target.get("id") == "c-1.01/(b)/(1)" and source.get("id") == "o-1.01/(a)/(1)"


def test_text_beyond_an_excerpt_is_not_deleted() -> None:
    body = render_fragment(sample("excerpt"))
    inline, _ = views(body)
    beyond = inline.xpath(".//*[@data-kind='not-in-new-copy']")
    assert beyond and not any(r.xpath(".//del | .//ins") for r in beyond)
    assert "stored copy" in beyond[0].xpath("string(.//span[@class='badge k-not-in-new-copy'])") \
        or beyond[0].xpath(".//span[@class='beyond']")
    warning = body.xpath("string(.//div[@class='excerpt'])")
    assert "stops inside § 1.01(b)" in warning and "not in the stored copy" in warning
    assert "deleted" not in warning.replace("not shown as deleted", "")


def test_changes_only_view_leaves_out_unchanged_text_with_stars() -> None:
    comparison = sample("inserted-deleted")
    full, changes = render_fragment(comparison), render_fragment(comparison, view="changes")
    inline_full, _ = views(full)
    inline_changes, _ = views(changes)
    assert inline_full.xpath(".//div[@id='c-1.01/(a)']")
    assert not inline_changes.xpath(".//div[@id='c-1.01/(a)']")
    assert inline_changes.xpath(".//p[@class='gap']/text()") == ["* * *"]
    assert changes.xpath("//main/@data-view") == ["changes"]


def test_summary_and_contents_link_to_rows() -> None:
    body = render_fragment(sample("inserted-deleted"))
    ids = set(body.xpath("//@id"))
    links = body.xpath("//section[@class='summary']//a/@href | //nav[@class='toc']//a/@href")
    assert links and all(link[1:] in ids for link in links)
    assert "1 inserted" in body.xpath("string(//p[@class='summary-line'])")


def test_unknown_view_is_an_error() -> None:
    from ordiff.errors import RenderError

    with pytest.raises(RenderError, match="unknown view"):
        render_fragment(sample("amended"), view="sideways")


# --- the command ------------------------------------------------------------------------------


def test_report_command_writes_the_page(tmp_path: Path) -> None:
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(SAMPLE["amended"][0], encoding="utf-8")
    new.write_text(SAMPLE["amended"][1], encoding="utf-8")
    out = tmp_path / "report.html"
    result = CliRunner().invoke(cli, ["report", str(old), str(new), "-o", str(out),
                                      "--view", "side-by-side"])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"<!DOCTYPE html>")
    assert b'data-view="side"' in out.read_bytes()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("args, message", [
    (["-o", "r.odt"], "Error: cannot tell the report format from 'r.odt': name the file .html"),
    (["only-one.txt", "-o", "r.html"], "Error: give both OLD and NEW, or neither"),
])
def test_report_command_errors(args: list[str], message: str, tmp_path: Path,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["report", *args], env={"ORDIFF_STORE": str(STORE)})
    assert result.exit_code == 2
    assert result.output.startswith(message)


@pytest.mark.skipif(not (STORE / "store.toml").is_file(), reason="no ordinance store")
def test_report_without_versions_renders_the_default_pair(tmp_path: Path) -> None:
    out = tmp_path / "default.html"
    result = CliRunner().invoke(cli, ["report", "-o", str(out)], env={"ORDIFF_STORE": str(STORE)})
    assert result.exit_code == 0, result.output
    tree = lxml.html.document_fromstring(out.read_bytes())
    assert tree.xpath("//h1/text()")
    assert str(REPO) not in out.read_text(encoding="utf-8")


_NOTE = st.sampled_from(["(Sample Ord. 1-2001)", "(Sample Ord. 2-2002)", "Editor's note: invented.",
                         "(Sample Ord. 3-2003; Sample Ord. 4-2004)", "x" * 3000])


@settings(max_examples=200, deadline=None)
@given(st.lists(_NOTE, max_size=5), st.lists(_NOTE, max_size=5))
def test_notes_diff_reads_back_both_versions(old: list[str], new: list[str]) -> None:
    from ordiff.html_spans import diff_notes

    spans = diff_notes(tuple(old), tuple(new), DiffOptions())
    assert "".join(s.text for s in spans if s.op.in_old) == "\n".join(old)
    assert "".join(s.text for s in spans if s.op.in_new) == "\n".join(new)
    assert all(s.ignored for s in spans if not s.text.strip() and s.op.value in "-+")

"""The matrix and history pages in a real headless Chromium (the fixtures of test_browser.py).

Each test opens a page from a file:// address, uses it as a reader would (no script: the pages
have none) and asserts what is visible; axe-core checks WCAG 2.1 A and AA with every redline
open (axe itself needs scripts on). Screenshots go to test-artifacts/ (git-ignored).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from test_browser import axe_violations, browser, open_page, shot  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser

SIX = ["minneapolis/separation", "saint-paul/admin-code-ch44", "district-of-columbia/24-211.07",
       "san-francisco/admin-code-12h@2013", "chicago/2-173", "columbus-oh/161.10"]


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from ordiff.api import render_report
    from ordiff.page_reports import history_report, matrix_report

    folder = tmp_path_factory.mktemp("pages")
    made = {"matrix": matrix_report(SIX).data,
            "history-dc": history_report("district-of-columbia/24-211.07").data,
            "history-stpaul": history_report("saint-paul/admin-code-ch44").data,
            "history-minneapolis": history_report("minneapolis/separation").data,
            "report-notes": render_report("minneapolis/separation@2003",
                                          "saint-paul/admin-code-ch44@2004").data}
    out: dict[str, Path] = {}
    for name, data in made.items():
        out[name] = folder / f"{name}.html"
        out[name].write_bytes(data)
    return out


def open_all(page: Any) -> None:
    """Open every <details> (the redlines and folded lead-ins), as a thorough reader would."""
    page.eval_on_selector_all("details", "ds => ds.forEach(d => d.open = true)")


@pytest.mark.parametrize("name", ["matrix", "history-dc", "history-stpaul",
                                  "history-minneapolis", "report-notes"])
def test_axe_finds_no_violation(browser: Any, pages: dict[str, Path], name: str) -> None:
    page = open_page(browser, pages[name])  # scripts on for axe only: the page has none
    shot(page, f"{name}-page")
    assert axe_violations(page) == [], name
    open_all(page)
    found = axe_violations(page)
    assert not found, json.dumps(found, indent=1)
    assert page.errors == []


def test_a_pair_of_cells_opens_as_a_redline_without_script(browser: Any,
                                                            pages: dict[str, Path]) -> None:
    page = open_page(browser, pages["matrix"], scripts=False)
    pair = page.locator("#p-no-status-inquiry-3-4")
    assert not pair.is_visible()
    page.click("#p-no-status-inquiry + tr details.compare > summary")
    assert pair.is_visible()
    assert not pair.locator("p.redline").first.is_visible()
    page.click("#p-no-status-inquiry-3-4 > summary")
    redline = pair.locator("p.redline").first
    assert redline.is_visible()
    assert "line-through" in redline.locator("del").first.evaluate(
        "e => getComputedStyle(e).textDecorationLine")
    pair.scroll_into_view_if_needed()
    shot(page, "matrix-pair-redline")


def test_glance_links_land_on_the_cell(browser: Any, pages: dict[str, Path]) -> None:
    page = open_page(browser, pages["matrix"], scripts=False)
    page.click(".glance-table a[href='#p-interviews-access-2']")
    assert page.evaluate("location.hash") == "#p-interviews-access-2"
    cell = page.locator("#p-interviews-access-2")
    assert cell.is_visible() and "24-211.07(a)(3)" in cell.inner_text()
    box = cell.evaluate("e => e.getBoundingClientRect().top")
    assert -2 <= box < 900
    shot(page, "matrix-cell")


def test_matrix_fits_a_laptop_screen_without_sideways_scrolling(browser: Any,
                                                               pages: dict[str, Path]) -> None:
    page = open_page(browser, pages["matrix"], scripts=False)
    page.set_viewport_size({"width": 1440, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth") <= 1440
    wrap = page.locator("main .wide-wrap")
    assert wrap.evaluate("e => e.scrollWidth <= e.clientWidth + 1")


def test_history_timeline_links_to_each_step_and_lineage_notes(browser: Any,
                                                              pages: dict[str, Path]) -> None:
    page = open_page(browser, pages["history-dc"], scripts=False)
    page.click(".timeline a[href='#s2']")
    assert page.locator("#s2").is_visible()
    assert "2025 emergency" in page.locator("#s2 h3").first.inner_text()
    mark = page.locator("#lineage p[data-clause='24-211.07/(g)'] mark").first
    assert mark.get_attribute("title").startswith("Introduced in 2025 emergency")
    mark.scroll_into_view_if_needed()
    shot(page, "history-dc-lineage")
    page.emulate_media(media="print")
    assert page.locator("#s1 del").first.is_visible()


def test_a_note_sits_in_the_margin_on_a_wide_screen_and_under_the_clause_on_a_narrow_one(
        browser: Any, pages: dict[str, Path]) -> None:
    page = open_page(browser, pages["report-notes"])
    page.set_viewport_size({"width": 1700, "height": 900})
    row = page.locator("#o-19\\.30\\/\\(b\\)")
    note = row.locator("aside.margin-note")
    row.scroll_into_view_if_needed()
    law = row.locator(".law").first.bounding_box()
    box = note.bounding_box()
    assert law is not None and box is not None
    assert box["x"] > law["x"] + law["width"]  # beside the text, in the margin
    assert row.locator("mark.noted").inner_text().startswith("shall be documented")
    shot(page, "report-note-margin")
    page.set_viewport_size({"width": 900, "height": 900})
    box = note.bounding_box()
    law = row.locator(".law").first.bounding_box()
    assert box is not None and law is not None and box["y"] >= law["y"] + law["height"] - 1
    shot(page, "report-note-narrow")

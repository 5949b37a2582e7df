"""The HTML report in a real headless Chromium (Debian's, driven by Playwright, no download).

Each test opens a report from a file:// address, uses it as a reader would and asserts what is
visible; screenshots are kept in test-artifacts/ (git-ignored). axe-core, from npm
(package.json), is injected to check WCAG 2.1 A and AA in every view.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO
from test_render_html import bundled, sample

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = REPO / "test-artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]

sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not "
                               "installed (scripts/install --test)")
if not CHROMIUM.exists() and not shutil.which("chromium"):
    pytest.skip("Debian's chromium is not installed (scripts/install --test)",
                allow_module_level=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM if CHROMIUM.exists() else shutil.which("chromium")),
            args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The reports the tests open: D.C. 2012 → 2021 and invented Sample City cases."""
    from ordiff.render_html import render_html

    folder = tmp_path_factory.mktemp("reports")
    comparison, old, new = bundled("dc-24-211.07-2012-2021")
    pages = {"dc": render_html(comparison, old, new),
             "dc-changes": render_html(comparison, old, new, view="changes")}
    comparison, old, new = bundled("sf-12h-2013-current")
    pages["sf"] = render_html(comparison, old, new)
    for name in ("moved", "renumbered", "excerpt", "ignored", "escaping"):
        pages[name] = render_html(sample(name))
    out: dict[str, Path] = {}
    for name, data in pages.items():
        out[name] = folder / f"{name}.html"
        out[name].write_bytes(data)
    return out


def open_page(browser: Any, path: Path, scripts: bool = True) -> Any:
    context = browser.new_context(viewport={"width": 1200, "height": 900}, bypass_csp=True,
                                  java_script_enabled=scripts)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: errors.append("request " + request.url)
            if not request.url.startswith("file://") else None)
    page.goto(path.as_uri())
    page.errors = errors
    return page


def shot(page: Any, name: str, full: bool = False) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full)


def axe_violations(page: Any) -> list[dict[str, Any]]:
    if not AXE.is_file():
        pytest.fail("axe-core is missing: run scripts/install --test (npm ci)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => (await axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})).violations
        .map(v => ({id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target)}))""")
    return list(result)


def visible_ids(page: Any, selector: str) -> list[str]:
    return list(page.eval_on_selector_all(
        selector, "rows => rows.filter(r => r.getClientRects().length).map(r => r.id)"))


def test_next_and_previous_change_by_button_and_key(browser: Any, reports: dict[str, Path]) -> None:
    page = open_page(browser, reports["dc"])
    changed = visible_ids(page, ".view-inline .row.changed")
    page.click("#next")
    assert page.inner_text("#position") == f"Change 1 of {len(changed)}"
    assert page.eval_on_selector(".row.current", "r => r.id") == changed[0]
    page.keyboard.press("j")
    page.keyboard.press("n")
    assert page.inner_text("#position") == f"Change 3 of {len(changed)}"
    current = page.locator(".row.current")
    assert current.get_attribute("id") == changed[2] and current.is_visible()
    assert current.evaluate("r => { const b = r.getBoundingClientRect(); "
                            "return b.top >= 0 && b.bottom <= innerHeight; }")
    shot(page, "dc-next-change")
    page.keyboard.press("k")
    page.click("#prev")
    assert page.inner_text("#position") == f"Change 1 of {len(changed)}"
    assert page.errors == []


def test_filters_hide_a_kind_and_navigation_skips_it(browser: Any,
                                                      reports: dict[str, Path]) -> None:
    page = open_page(browser, reports["dc"])
    assert page.locator(".view-inline .row.k-inserted").first.is_visible()
    page.uncheck("input[data-kind='inserted']")
    assert not page.locator(".view-inline .row.k-inserted").first.is_visible()
    assert page.locator(".view-inline .row.k-deleted").first.is_visible()
    page.click("#next")
    page.click("#next")
    assert "k-inserted" not in (page.get_attribute(".row.current", "class") or "")
    total = len(visible_ids(page, ".view-inline .row.changed"))
    assert page.inner_text("#position") == f"Change 2 of {total}"
    shot(page, "dc-filter-no-inserted")


def test_views_switch(browser: Any, reports: dict[str, Path]) -> None:
    page = open_page(browser, reports["sf"])
    page.click(".views a[data-view='side-by-side']")
    assert page.locator("table.sbs").is_visible()
    assert not page.locator(".view-inline").is_visible()
    assert page.get_attribute(".views a[data-view='side-by-side']", "aria-current") == "true"
    page.locator("tr#s-c-12H\\.2\\/\\(a\\)").scroll_into_view_if_needed()
    shot(page, "sf-side-by-side")
    page.click(".views a[data-view='changes']")
    assert page.locator(".view-inline").is_visible()
    assert not page.locator("#o-12H\\.3").is_visible()  # beyond the copy: left out
    assert page.locator("#c-12H\\.2\\/\\(a\\)").is_visible()
    assert page.locator(".view-inline .gap").first.is_visible()
    shot(page, "sf-changes-only")
    page.click(".views a[data-view='inline']")
    assert page.locator("#o-12H\\.3").is_visible()
    assert not page.locator(".view-inline .gap").first.is_visible()


def test_moved_clause_links_jump_between_places(browser: Any, reports: dict[str, Path]) -> None:
    page = open_page(browser, reports["moved"])
    page.click("#o-1\\.01\\/\\(a\\)\\/\\(1\\) .relation a")
    assert page.evaluate("location.hash") == "#c-1.01/(b)/(1)"
    target = page.locator("#c-1\\.01\\/\\(b\\)\\/\\(1\\)")
    assert target.is_visible()
    style = target.locator("ins.whole").evaluate("e => getComputedStyle(e).textDecorationStyle")
    assert style == "double"
    shot(page, "sample-moved", full=True)


def test_readable_without_scripts(browser: Any, reports: dict[str, Path]) -> None:
    page = open_page(browser, reports["sf"], scripts=False)
    assert page.locator(".view-inline .row").first.is_visible()
    assert not page.locator("#next").is_visible()  # scripted controls stay hidden
    assert page.locator("del").first.is_visible() and page.locator("ins").first.is_visible()
    page.click(".views a[data-view='side-by-side']")
    assert page.locator("table.sbs").is_visible()
    assert not page.locator(".view-inline").is_visible()
    shot(page, "sf-no-script-side-by-side")
    page.click(".views a[data-view='changes']")
    assert page.locator(".view-inline").is_visible()
    assert not page.locator("#o-12H\\.3").is_visible()
    assert page.locator(".view-inline .gap").first.is_visible()
    page.click(".views a[data-view='inline']")
    assert page.locator("#o-12H\\.3").is_visible()
    assert page.errors == []


@pytest.mark.parametrize("name", ["dc", "dc-changes", "sf", "moved", "renumbered", "excerpt",
                                  "ignored", "escaping"])
def test_axe_finds_no_violation_in_any_view(browser: Any, reports: dict[str, Path],
                                            name: str) -> None:
    page = open_page(browser, reports[name])
    shot(page, f"{name}-page", full=True)
    found: dict[str, Any] = {}
    for view in ("changes", "side-by-side") if name == "dc-changes" else \
            ("inline", "side-by-side", "changes"):
        page.click(f".views a[data-view='{view}']")
        violations = axe_violations(page)
        if violations:
            found[view] = violations
    assert not found, json.dumps(found, indent=1)
    assert page.errors == []


def test_print_keeps_marks_and_drops_controls(browser: Any, reports: dict[str, Path]) -> None:
    page = open_page(browser, reports["dc"])
    page.emulate_media(media="print")
    assert not page.locator(".toolbar").is_visible()
    decoration = page.locator("del").nth(3).evaluate("e => getComputedStyle(e).textDecorationLine")
    assert "line-through" in decoration
    shot(page, "dc-print")

"""Comparison → one self-contained HTML redline page, built as an lxml tree.

The page holds a header about both versions, the legend, a section-by-section summary, contents,
and the redline in two renderings of the same rows (:mod:`ordiff.html_plan`): inline (which the
"changes only" view filters) and side by side. CSS and script are inlined; a Content-Security-Policy
forbids every request. Without scripts the page reads fully and views switch by fragment links.

Reading contract (tested on every golden): inside elements of class ``law``, skip elements with a
``data-redline`` attribute (screen-reader labels, separators, "formerly"); then dropping ``<ins>``
and ``[data-only=new]`` gives the old version's words, dropping ``<del>`` and ``[data-only=old]``
the new one's.
"""

from __future__ import annotations

__all__ = ["VIEWS", "render_fragment", "render_html", "VersionInfo"]

from collections import Counter
from typing import TYPE_CHECKING

from lxml import etree

from . import __version__
from .errors import RenderError
from .html_page import asset, html_document
from .html_parts import (VersionInfo, contents, el, group_key, groups, header, legend, summary,
                         toolbar)
from .html_plan import Row, plan_rows
from .html_rows import inline_view, side_view
from .model import Comparison

if TYPE_CHECKING:
    from .annotations import NoteCheck

VIEWS = ("inline", "side-by-side", "changes")


def _context(rows: tuple[Row, ...]) -> set[str]:
    """Heading rows of the sections that hold a change: kept in the changes-only view."""
    heads: dict[str, str] = {}
    keep: set[str] = set()
    for row in rows:
        key = group_key(row)
        if len(row.clause.path) == 1 and not row.notes:
            heads.setdefault(key, row.id)
        if row.changed and key in heads:
            keep.add(heads[key])
    return keep


def _with_gaps(rows: tuple[Row, ...], ctx: set[str], changes_only: bool) -> list[Row | None]:
    """Rows with ``None`` (a "* * *" gap) before each run that the changes-only view leaves out."""
    out: list[Row | None] = []
    hidden_run = False
    for row in rows:
        hidden = not row.changed and row.id not in ctx
        if hidden and not hidden_run:
            out.append(None)
        hidden_run = hidden
        if not (hidden and changes_only):
            out.append(row)
    return out


def render_fragment(comparison: Comparison, old: VersionInfo | None = None,
                    new: VersionInfo | None = None, view: str = "inline") -> etree._Element:
    """The page's ``<body>``: what the golden tests compare (no CSS or script, so style edits do
    not churn them). ``view="changes"`` leaves unchanged clauses out of the file entirely."""
    if view not in VIEWS:
        raise RenderError(f"unknown view {view!r}", hint="use " + ", ".join(VIEWS))
    old = old or VersionInfo(comparison.old.source)
    new = new or VersionInfo(comparison.new.source)
    rows = plan_rows(comparison)
    ctx = _context(rows)
    laid = _with_gaps(rows, ctx, view == "changes")
    body = el(None, "body")
    el(body, "a", "Skip to the redline", cls="skip", href="#report")
    top = el(body, "header", cls="page-head")
    el(top, "p", "Redline comparison", cls="kicker")
    el(top, "h1", new.citation or old.citation or new.title or comparison.new.title
       or new.source.id)
    el(top, "p", f"{old.source.label} \u2192 {new.source.label}", cls="compared")
    sub = " \u00b7 ".join(x for x in (new.title or old.title, new.jurisdiction or old.jurisdiction)
                          if x)
    if sub:
        el(top, "p", sub, cls="subtitle")
    front = el(body, "div", cls="front")
    header(front, old, new, comparison)
    legend(front, "old", "new")
    found = groups(rows)
    summary(front, found)
    contents(front, found)
    main = el(body, "main", id="report", data_view=view if view != "side-by-side" else "side",
              aria_label="Redline")
    kinds = Counter(r.kind for r in rows
                    if (r.changed or r.kind.startswith("not-in")) and not r.stub)
    views = (("changes", "Changes only"), ("side-by-side", "Side by side")) if view == "changes" \
        else (("inline", "Redline"), ("side-by-side", "Side by side"), ("changes", "Changes only"))
    toolbar(main, kinds, views)
    for link in main.iterfind(".//nav/a"):
        if link.get("data-view") == view:
            link.set("aria-current", "true")  # the view the page opens in, scripts or not
    el(main, "span", cls="target", id="view-changes")
    inline_view(main, laid, ctx, comparison)
    side_view(main, laid, ctx, old, new)
    foot = el(body, "footer", cls="page-foot")
    el(foot, "p", f"Made with ordiff {__version__}. Deleted text is struck through, inserted text "
                  "underlined; colour only repeats what the lines say.")
    return body


def render_html(comparison: Comparison, old: VersionInfo | None = None,
                new: VersionInfo | None = None, view: str = "inline",
                notes: tuple[NoteCheck | None, NoteCheck | None] = (None, None)) -> bytes:
    """The whole page as UTF-8 bytes: the same comparison always gives the same bytes.
    ``notes``: the old and new versions' notes (:mod:`ordiff.annotations`), shown in the margin."""
    body = render_fragment(comparison, old, new, view)
    if any(notes):
        from .annotations_html import place_notes

        place_notes(body, comparison, *notes)
    css, script = asset("report.css"), asset("report.js")
    if any(notes):
        css += "\n" + asset("notes.css")
    title = ("Redline: " + (body.findtext(".//h1") or "") + ", "
             + (body.findtext(".//p[@class='compared']") or ""))
    created = (new or VersionInfo(comparison.new.source)).created
    return html_document(title, body, css, created, script)

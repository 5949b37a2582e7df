"""History → one self-contained HTML page: the versions, the timeline with the public record, the
redline of every step, the cumulative redline, and where each phrase of the latest text comes from.

The redlines are the report's own rows (:mod:`ordiff.html_plan`, :mod:`ordiff.html_rows`), so they
read exactly as ``ordiff report`` does; their ids are prefixed per step (``s1-c-…``) so that one
page can hold several. Lineage is shown twice over: each phrase underlined in its version's
colour with a hover note, and followed by a footnote mark naming the version.
"""

from __future__ import annotations

__all__ = ["render_history", "history_body"]

from collections.abc import Sequence

from lxml import etree

from . import __version__
from .errors import RenderError
from .history import History, LineageLine, Run, TimelineEntry
from .html_page import page, version_facts
from .html_parts import KIND_NAMES, VersionInfo, add_text, el, legend
from .html_plan import cite, plan_rows
from .html_rows import inline_view
from .model import Comparison, Completeness

_REFERENCES = ("id", "href", "aria-labelledby", "for")


def _prefix_ids(root: etree._Element, prefix: str) -> None:
    """Make the ids of one redline unique on the page (and the links and labels that use them)."""
    for node in root.iter():
        for name in _REFERENCES:
            value = node.get(name)
            if value is None:
                continue
            if name == "href":
                if value.startswith("#"):
                    node.set(name, f"#{prefix}{value[1:]}")
            else:
                node.set(name, prefix + value)


def _counts(comparison: Comparison) -> str:
    counts: dict[str, int] = {}
    for change in comparison.changes:
        if change.kind.value != "unchanged" and (change.amended or change.kind.value in (
                "inserted", "deleted", "renumbered", "moved", "split", "merged")):
            counts[change.kind.value] = counts.get(change.kind.value, 0) + 1
    if not counts:
        return "No clause changed."
    words = ", ".join(f"{n} {KIND_NAMES[k].lower()}" for k, n in counts.items())
    total = sum(counts.values())
    return f"{total} clause{'s' if total != 1 else ''} changed: {words}."


def _step(parent: etree._Element, comparison: Comparison, title: str, prefix: str,
          note: str) -> None:
    box = el(parent, "section", cls="step", id=prefix.rstrip("-"),
             aria_labelledby=f"{prefix}title")
    el(box, "h3", title, id=f"{prefix}title")
    el(box, "p", _counts(comparison) + (" " + note if note else ""), cls="summary-line")
    holder = el(box, "div")
    inline_view(holder, list(plan_rows(comparison)), set(), comparison)
    view = holder[0]
    view.remove(view[0])  # the view's own "Redline" heading: the step's title stands for it
    for head in view.iter("h3"):
        head.tag = "h4"
    _prefix_ids(view, prefix)


def _timeline(parent: etree._Element, entries: Sequence[TimelineEntry],
              steps: Sequence[int]) -> None:
    box = el(parent, "section", cls="timeline-box", aria_labelledby="timeline-h")
    el(box, "h2", "Timeline", id="timeline-h")
    el(box, "p", "Stored versions (filled dots) and the public record around them (open dots), "
                 "each event with its source.", cls="lede")
    items = el(box, "ol", cls="timeline")
    for entry in entries:
        item = el(items, "li", cls="version-event" if entry.kind == "version" else "event")
        el(item, "span", entry.when, cls="when")
        el(item, "span", "stored version" if entry.kind == "version" else entry.kind,
           cls="event-kind")
        add_text(item, entry.text)
        if entry.version is not None and entry.version in steps:
            add_text(item, " ")
            el(item, "a", "(redline from the version before)", href=f"#s{entry.version}")
        if entry.citation is not None:
            source = el(item, "span", cls="source-cite")
            add_text(source, f"Source: {entry.citation.publisher}, \u201c{entry.citation.title}"
                             "\u201d")
            if entry.citation.url:
                add_text(source, " ")
                el(source, "a", entry.citation.url, href=entry.citation.url)
            if entry.citation.note:
                add_text(source, f" ({entry.citation.note})")


def _short(info: VersionInfo, index: int) -> str:
    """A version's footnote mark: its store slug ("2021"), else its number."""
    return info.source.id.rpartition("@")[2] if "@" in info.source.id else str(index + 1)


def _run(parent: etree._Element, run: Run, label: str, short: str) -> None:
    """One attributed phrase: underlined in its version's colour, with a hover note and a
    footnote mark (none on a run of bare punctuation, to keep the text readable)."""
    text = run.text.rstrip()
    el(parent, "mark", text, cls=f"v{run.version % 4}",
       title=("First in the stored copies: " if run.earliest_known else "Introduced in ") + label)
    if any(ch.isalnum() for ch in text):
        shown = short + ("*" if run.earliest_known else "")
        el(el(parent, "sup"), "a", shown, href=f"#lv-{run.version}", data_redline="label",
           aria_label=f"{shown}: " + ("first stored in " if run.earliest_known else "from ")
           + label)
    add_text(parent, run.text[len(text):])


def _lineage(parent: etree._Element, lines: Sequence[LineageLine],
             infos: Sequence[VersionInfo]) -> None:
    box = el(parent, "section", cls="lineage", id="lineage", aria_labelledby="lineage-h")
    el(box, "h2", "Where the latest text comes from", id="lineage-h")
    el(box, "p", "Each phrase of the latest version is underlined in the colour of the version "
                 "that introduced it, following the comparisons step by step; hover a phrase, or "
                 "follow its mark to the list below. A mark with * means the older copy is an "
                 "excerpt that stops before these words: they are the earliest stored, not "
                 "proven new.", cls="lede")
    short = [_short(info, i) for i, info in enumerate(infos)]
    for line in lines:
        if not line.heading and not line.text:
            continue
        depth = 0 if line.clause.kind.is_container else min(len(line.clause.path) - 1, 6)
        p = el(box, "p", cls=f"law d{depth}", data_clause=line.clause.id)
        if line.clause.marker and line.clause.printed:
            el(p, "span", line.clause.marker, cls="marker")
            add_text(p, " ")
        for runs, cls in ((line.heading, "heading"), (line.text, "")):
            holder = el(p, "span", cls=cls) if cls and runs else p
            for run in runs:
                _run(holder, run, infos[run.version].source.label, short[run.version])
            if cls and runs:
                add_text(p, " ")
    key = el(box, "ol", cls="lineage-key")
    for index, info in enumerate(infos):
        item = el(key, "li", id=f"lv-{index}")
        el(item, "mark", info.source.label, cls=f"v{index % 4}")
        add_text(item, f" \u2014 mark {_short(info, index)}, {info.source.id}")


def history_body(history: History, infos: Sequence[VersionInfo]) -> etree._Element:
    """The page's ``<body>``: what tests read (no CSS)."""
    if len(infos) != len(history.documents):
        raise RenderError("one version description is needed per version of the history")
    first, last = infos[0], infos[-1]
    body = el(None, "body", cls="history")
    el(body, "a", "Skip to the redlines", cls="skip", href="#history")
    top = el(body, "header", cls="page-head")
    el(top, "p", "History of an ordinance", cls="kicker")
    el(top, "h1", last.citation or last.title or last.source.id)
    count = len(infos)
    el(top, "p", f"{count} stored version{'s' if count != 1 else ''}: "
                 + " \u2192 ".join(i.source.label for i in infos), cls="compared")
    sub = " \u00b7 ".join(x for x in (last.title, last.jurisdiction) if x)
    if sub:
        el(top, "p", sub, cls="subtitle")
    front = el(body, "div", cls="front")
    _timeline(front, history.timeline, list(range(1, count)))
    texts = el(front, "section", cls="versions", aria_labelledby="texts-h")
    el(texts, "h2", "Versions", id="texts-h")
    grid = el(texts, "div", cls="version-grid")
    for index, info in enumerate(infos):
        version_facts(grid, info, f"{index + 1}. {info.source.label}", f"t-{index}")
    legend(front, "older", "newer")
    main = el(body, "main", id="history", aria_labelledby="steps-h")
    el(main, "h2", "Step by step", id="steps-h")
    for index, step in enumerate(history.steps, start=1):
        excerpt = any(i.source.completeness is Completeness.EXCERPT
                      for i in (infos[index - 1], infos[index]))
        _step(main, step, f"{infos[index - 1].source.label} \u2192 {infos[index].source.label}",
              f"s{index}-", "One of the two copies is an excerpt: text beyond its end is not in "
                            "the stored copy, never deleted." if excerpt else "")
    if history.cumulative is not None:
        el(main, "h2", "From first to last", id="cumulative-h")
        _step(main, history.cumulative, f"{first.source.label} \u2192 {last.source.label}",
              "all-", "Every change of the steps above at once.")
    _lineage(main, history.lineage, infos)
    foot = el(body, "footer", cls="page-foot")
    el(foot, "p", f"Made with ordiff {__version__}. Deleted text is struck through, inserted text "
                  "underlined; colour only repeats what the lines say.")
    return body


def render_history(history: History, infos: Sequence[VersionInfo]) -> bytes:
    """The whole page as UTF-8 bytes (the same inputs always give the same bytes)."""
    body = history_body(history, infos)
    last = infos[-1]
    title = f"History: {last.citation or last.title or last.source.id}"
    return page(title, body, last.created)

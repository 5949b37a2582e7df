"""The shell and small parts the matrix and history pages share: a self-contained page, a word
redline between two named texts, a clause as printed, and a version's facts.

Same rules as the redline report (:mod:`ordiff.render_html`): built as lxml trees, CSS inlined
under a Content-Security-Policy that forbids every request, no script at all (``<details>`` opens
the redlines), dates from the versions, never the clock. Law text sits in elements of class
``law``; screen-reader labels carry ``data-redline`` so that a reading of the page can skip them.
"""

from __future__ import annotations

__all__ = ["asset", "html_document", "page", "redline", "clause_line", "version_facts",
           "short_name"]

import base64
import hashlib
from importlib import resources

import lxml.html
from lxml import etree

from . import __version__
from .html_parts import VersionInfo, add_text, el
from .html_plan import cite
from .model import Clause, Completeness, Op, Span


def asset(name: str) -> str:
    """One of ordiff's own files (CSS, script), inlined into every page it makes."""
    return (resources.files("ordiff") / "static" / name).read_text(encoding="utf-8")


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def html_document(title: str, body: etree._Element, css: str, created: str = "",
                  script: str = "") -> bytes:
    """The one page shell every ordiff page uses: CSS (and script, if any) inlined under a
    Content-Security-Policy that allows exactly them and forbids every request; the script goes
    last in the body. Deterministic: ``created`` comes from a version, never the clock."""
    scripts = _sha(script) if script else "'none'"
    root = el(None, "html", lang="en")
    head = el(root, "head")
    el(head, "meta", charset="utf-8")
    el(head, "meta", name="viewport", content="width=device-width, initial-scale=1")
    el(head, "meta", http_equiv="Content-Security-Policy",
       content=f"default-src 'none'; style-src {_sha(css)}; script-src {scripts}; "
               "img-src data:; form-action 'none'; base-uri 'none'")
    el(head, "title", title)
    el(head, "meta", name="generator", content=f"ordiff {__version__}")
    if created:
        el(head, "meta", name="dcterms.created", content=created)
    el(head, "style", css)
    root.append(body)
    if script:
        el(body, "script", script)
    data: bytes = lxml.html.tostring(root, doctype="<!DOCTYPE html>", encoding="utf-8",
                                     method="html")
    return data


def page(title: str, body: etree._Element, created: str = "") -> bytes:
    """A matrix or history page: report.css and matrix.css inlined, no script."""
    return html_document(title, body, asset("report.css") + "\n" + asset("matrix.css"),
                         created)


def redline(parent: etree._Element, spans: tuple[Span, ...], old_name: str,
            new_name: str) -> etree._Element:
    """A word redline as a ``p.law``: words only in ``old_name`` struck, only in ``new_name``
    underlined; screen readers hear "[only in …: …]". Ignored differences show the new text."""
    line = el(parent, "p", cls="law redline")
    previous = ""
    for span in spans:
        if span.op is Op.EQUAL:
            add_text(line, span.text)
            previous = ""
            continue
        tag = "del" if span.op.in_old else "ins"
        if span.ignored and tag == "del":
            continue
        if tag == "ins" and previous == "del":
            el(line, "span", " ", cls="sr", data_redline="sep")
        node = el(line, tag, cls="ignored" if span.ignored else "")
        if not span.ignored:
            el(node, "span", f"[only in {old_name if tag == 'del' else new_name}: ", cls="sr",
               data_redline="label")
        add_text(node, span.text)
        if not span.ignored:
            el(node, "span", "]", cls="sr", data_redline="label")
        previous = tag
    return line


def clause_line(parent: etree._Element, clause: Clause, cls: str = "law") -> etree._Element:
    """One clause as printed: designation, heading, its own text (sub-clauses not included)."""
    line = el(parent, "p", cls=cls, data_clause=clause.id)
    if clause.marker and clause.printed:
        el(line, "span", clause.marker, cls="marker")
    elif not clause.printed:
        el(line, "span", f"[{cite(clause)}]", cls="supplied", data_redline="supplied",
           title="Designation supplied from the store's metadata: the stored copy starts inside "
                 "this clause")
    if clause.heading:
        if len(line):
            add_text(line, " ")
        el(line, "span", clause.heading, cls="heading")
    if clause.text:
        if len(line):
            add_text(line, " ")
        add_text(line, clause.text)
    return line


def short_name(info: VersionInfo) -> str:
    """A column's name: the jurisdiction without its state ("Minneapolis"), else the id."""
    name = info.jurisdiction.split(",")[0].strip()
    return name or info.source.label or info.source.id


def version_facts(parent: etree._Element, info: VersionInfo, heading: str,
                  anchor: str) -> etree._Element:
    """A box with one version's provenance, and the excerpt warning when it is one."""
    box = el(parent, "section", cls="version", aria_labelledby=anchor)
    el(box, "h3", heading, id=anchor)
    facts = el(box, "dl")
    rows = [("Jurisdiction", info.jurisdiction), ("Citation", info.citation),
            ("Version", info.source.label), ("Status", info.status), *info.dates,
            ("Id", info.source.id)]
    for name, value in rows:
        if value:
            el(facts, "dt", name)
            el(facts, "dd", value)
    for shown, address in info.links[:1]:
        el(facts, "dt", "Source")
        el(el(facts, "dd"), "a", shown, href=address)
    el(facts, "dt", "SHA-256")
    el(facts, "dd", info.source.sha256, cls="hash")
    if info.source.completeness is Completeness.EXCERPT:
        warn = el(box, "p", cls="excerpt", role="note")
        el(warn, "strong", "Excerpt. ")
        add_text(warn, "The stored copy is not the whole text"
                 + (f"; it stops {info.source.stops}" if info.source.stops else "") + ".")
        if info.source.missing:
            add_text(warn, f" Not in the stored copy: {info.source.missing}.")
    return box

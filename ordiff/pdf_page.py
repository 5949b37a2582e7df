"""Comparison → the HTML page WeasyPrint turns into the PDF redline.

The page is the HTML report's own markup (:func:`ordiff.render_html.render_fragment`: version
header, legend, redline rows), rearranged for paper: a cover with both versions, the legend and a
summary whose page references WeasyPrint fills in (``target-counter``), then the redline (inline or
side by side, whole or changes only), then optionally a clean copy of the new version. The head
carries what becomes the PDF's metadata: title, subject, keywords and dates taken from the versions,
never from the clock. Line numbers are a further pass (:mod:`ordiff.pdf_lines`).
"""

from __future__ import annotations

__all__ = ["PdfOptions", "Geometry", "GEOMETRY", "build_pdf_page", "PdfPage", "css_string"]

from dataclasses import dataclass
from typing import NamedTuple

import lxml.html
from lxml import etree

from . import __version__
from .annotations import NoteCheck
from .html_page import asset
from .html_parts import VersionInfo, el, shown_id
from .html_plan import plan_rows
from .model import Comparison
from .pdf_parts import bookmarks, clean_copy, remove, summary
from .render_html import render_fragment


@dataclass(frozen=True, slots=True)
class PdfOptions:
    """What the PDF holds and how it is made.

    Attributes:
        changes_only: only changed clauses (with their section headings), ``* * *`` for the rest.
        side_by_side: old and new in two columns instead of one inline redline.
        line_numbers: number the lines of the redline and the clean copy, per page, in the margin.
        clean_copy: append the new version's text without marks.
        variant: ``"tagged"`` (default), ``"untagged"``, or a PDF/A or PDF/UA variant name.
        stylesheet: extra CSS (the user's), applied after ordiff's own; it may load nothing.
    """

    changes_only: bool = False
    side_by_side: bool = False
    line_numbers: bool = False
    clean_copy: bool = False
    variant: str = "tagged"
    stylesheet: str = ""


@dataclass(frozen=True, slots=True)
class Geometry:
    """The page, in points: one source for the generated CSS and the Python line wrapping."""

    width: float = 612.0  # US Letter
    height: float = 792.0
    top: float = 61.2
    right: float = 57.6
    bottom: float = 57.6
    left: float = 75.6
    font_size: float = 11.0
    line: float = 16.0  # line height in line-numbered parts: 42 lines a page

    @property
    def content_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def lines_per_page(self) -> int:
        return int((self.height - self.top - self.bottom) // self.line)


GEOMETRY = Geometry()


class PdfPage(NamedTuple):
    """The page to render, and what the PDF writer needs besides it."""

    html: bytes
    created: str  # ISO date of the new version ("" when unknown)
    estimate: int  # rough page count, for progress reports
    #: With numbered lines, where ordiff laid each row out: (row id, part id, part-relative page
    #: index); the writer checks WeasyPrint put it there.
    expected: tuple[tuple[str, str, int], ...] = ()


def css_string(text: str) -> str:
    """``text`` as a CSS string literal; every character but letters and digits is escaped, so
    nothing in a label can end the string or the rule."""
    return '"' + "".join(c if c.isascii() and c.isalnum() else f"\\{ord(c):06x}"
                         for c in text) + '"'


def label(info: VersionInfo) -> str:
    """A version's label, else its id as the page shows it (a file's name, never its path)."""
    return info.source.label or shown_id(info.source)


def _page_css(old: VersionInfo, new: VersionInfo, g: Geometry) -> str:
    """``@page`` rules: Letter, margins, running header and footer (page X of Y, short hashes)."""
    juris = new.jurisdiction or old.jurisdiction
    what = new.citation or old.citation or new.title or old.title
    left = " \u00b7 ".join(x for x in (juris, what) if x) + "\n" \
        + f"Redline: {label(old)} \u2192 {label(new)}"
    hashes = (f"SHA-256 old {old.source.sha256[:12]} \u00b7 new {new.source.sha256[:12]}")
    box = ('font-family: "Liberation Sans", "DejaVu Sans", sans-serif; font-size: 7.5pt; '
           "color: #000;")
    return (f"@page {{ size: letter; margin: {g.top}pt {g.right}pt {g.bottom}pt {g.left}pt;\n"
            f"  @top-left {{ content: {css_string(left)}; {box} vertical-align: bottom;"
            " padding-bottom: 9pt; width: 100%; white-space: pre-wrap; }\n"
            f"  @bottom-left {{ content: {css_string(hashes)}; {box} vertical-align: top;"
            " padding-top: 9pt; width: 70%; }\n"
            f"  @bottom-right {{ content: \"Page \" counter(page) \" of \" counter(pages); {box}"
            " vertical-align: top; padding-top: 9pt; text-align: right; width: 25%; }\n}\n")


def _find(body: etree._Element, cls: str) -> etree._Element | None:
    found = body.xpath(f".//*[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]")
    return found[0] if found else None


def _unique_ids(body: etree._Element) -> None:
    """A second element with the same id gets ``~2`` (``~3`` …): links go to the first."""
    seen: dict[str, int] = {}
    for node in body.iter():
        key = node.get("id") if isinstance(node.tag, str) else None
        if key is None:
            continue
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            node.set("id", f"{key}~{seen[key]}")


def _strip(view: etree._Element, changes_only: bool) -> None:
    """What paper cannot use (permalinks, keyboard focus hooks, the "* * *" of a view that leaves
    nothing out), and a space before each "not in the stored copy" caption so that extracted
    text does not glue it to the word before."""
    for link in view.xpath(".//a[@class='pl']" + ("" if changes_only else
                                                   " | .//*[@data-redline='gap']/ancestor-or-self"
                                                   "::*[contains(@class, 'gap')][1]")):
        remove(link)
    for label in view.xpath(".//span[@class='beyond-label']"):
        label.text = " " + (label.text or "").lstrip()
    for node in view.xpath(".//*[@tabindex]"):
        del node.attrib["tabindex"]


def _head(page: etree._Element, title: str, subject: str, keywords: list[str], created: str,
          css: str, user_css: str) -> None:
    head = el(page, "head")
    el(head, "meta", charset="utf-8")
    el(head, "title", title)
    el(head, "meta", name="description", content=subject)
    el(head, "meta", name="keywords",  # WeasyPrint splits keywords at commas
       content=", ".join(" ".join(k.replace(",", " ").split()) for k in keywords))
    el(head, "meta", name="generator", content=f"ordiff {__version__}")
    if created:
        el(head, "meta", name="dcterms.created", content=created)
        el(head, "meta", name="dcterms.modified", content=created)
    el(head, "style", css)
    if user_css:
        el(head, "style", user_css)


def build_pdf_page(comparison: Comparison, old: VersionInfo | None = None,
                   new: VersionInfo | None = None, options: PdfOptions = PdfOptions(),
                   geometry: Geometry = GEOMETRY,
                   notes: tuple[NoteCheck | None, NoteCheck | None] = (None, None)) -> PdfPage:
    """The print page for ``comparison``; the same inputs always give the same bytes.
    ``notes`` (the versions' annotations) become footnotes, as in the report's margin."""
    old = old or VersionInfo(comparison.old.source)
    new = new or VersionInfo(comparison.new.source)
    fragment = render_fragment(comparison, old, new,
                               "changes" if options.changes_only else "inline")
    if any(notes):
        from .annotations_html import place_notes

        place_notes(fragment, comparison, *notes)
    view_id = "view-side-by-side" if options.side_by_side else "view-inline"
    view = fragment.xpath(f".//section[@id='{view_id}']")[0]
    _strip(view, options.changes_only)
    heading = " ".join((fragment.findtext(".//h1") or "").split()) or label(new)
    rows = plan_rows(comparison)
    body = el(None, "body")
    cover = el(body, "section", cls="cover")
    for cls in ("page-head", "versions", "legend"):
        part = _find(fragment, cls)
        if part is not None:
            cover.append(part)
    compared = cover.find(".//p[@class='compared']")
    if compared is not None:
        compared.text = f"{label(old)} \u2192 {label(new)}"
    prefix = "s-" if options.side_by_side else ""
    line = summary(cover, rows, prefix, options.line_numbers)
    redline = el(body, "section", cls="part redline", id="redline")
    el(redline, "h2", "Redline" + (": changes only" if options.changes_only else "")
       + (", side by side" if options.side_by_side else ""))
    for child in list(view):
        if child.tag != "h2":
            redline.append(child)
    bookmarks(redline)
    if options.clean_copy:
        appendix = el(body, "section", cls="part clean", id="clean-copy")
        clean_copy(appendix, comparison.new, new)
        bookmarks(appendix)
    el(body, "p", f"Made with ordiff {__version__} from the stored texts whose SHA-256 the "
                  "footer gives; the comparison is attached to this file as JSON "
                  "(check it with \u2018ordiff verify\u2019).", cls="colophon")
    css = _page_css(old, new, geometry) + asset("print.css")
    if any(notes):
        css += "\n" + asset("notes-print.css")
    expected: tuple[tuple[str, str, int], ...] = ()
    _unique_ids(body)
    if options.line_numbers:
        from .pdf_lines import line_css, number_lines

        refs = number_lines(body, geometry)
        expected = tuple((row, ref.part, ref.first_page) for row, ref in sorted(refs.items()))
        css += line_css(geometry)
    labels = f"{label(old)} \u2192 {label(new)}"
    title = f"Redline: {heading}, {labels}"
    what = new.title or old.title or comparison.new.title
    subject = (f"Redline comparison of {what}" + (f" ({new.jurisdiction})" if new.jurisdiction
                                                 else "") + f": {labels}. {line}")
    keywords = ["redline", "ordinance", new.jurisdiction, new.citation, what, label(old),
                label(new)]
    page = el(None, "html", lang="en")
    _head(page, title, subject, [k for k in keywords if k], new.created, css, options.stylesheet)
    page.append(body)
    html = lxml.html.tostring(page, doctype="<!DOCTYPE html>", encoding="utf-8", method="html")
    return PdfPage(html, new.created, max(1, len(html) // 9000), expected)

"""An HTML page as councils and code publishers publish it → text, one line per block.

Pages are parsed with :mod:`lxml.html` (not the XML parser: pages use ``&sect;`` and unclosed
tags) configured never to touch the network. A page declaring entities (``<!ENTITY``) is refused. Nothing in a page is ever run: ``script``,
``style``, ``template``, ``iframe``, ``object``, ``embed`` and form controls are removed before
any text is read, and a warning counts the scripts removed. A page that has no text outside
them (a page built by JavaScript) is refused.

Which part of the page is the law: the first of these that the page has, else the whole body
without ``nav``, ``header``, ``footer`` and ``aside``; ``edits`` names the one used.

* Legistar: the legislation text ``<div id="…divText">``;
* Municode: every ``<div class="chunk-content">``, in order;
* American Legal Publishing: ``<div class="codes-content">``;
* eLaws and others: ``<main>``, else every ``<article>``.

Text: each block element (``p``, ``div``, ``li``, headings, table cells …) and each ``br`` ends a
line; whitespace inside a line collapses to one space, as a browser shows it (``pre`` keeps its
lines). A block holding only a clause label ("(a)", Municode's ``incr`` paragraphs) is joined to
the block after it, as the page shows them on one line.

Amendment markup: ``del``, ``s``, ``strike`` and ``text-decoration: line-through`` are deleted;
``ins``, ``u`` and ``text-decoration: underline`` inserted.
"""

from __future__ import annotations

__all__ = ["read_html", "decode_html"]

import codecs
import re

import lxml.html
from lxml import etree

from ..errors import SourceError, SourceWarning
from ..markers import match_marker
from .base import Converted, finish
from .marked import Paragraph, Segment

_PARSER = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True,
                               huge_tree=False, default_doctype=False)
_NEVER_READ = ("script", "style", "noscript", "template", "iframe", "frame", "object", "embed",
               "applet", "button", "select", "input", "textarea", "head", "svg", "math", "link",
               "meta", "base")
_CHROME = ("nav", "header", "footer", "aside")
_BLOCK = frozenset({"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5",
                    "h6", "table", "tr", "td", "th", "thead", "tbody", "tfoot", "caption",
                    "section", "article", "main", "blockquote", "pre", "address", "figure",
                    "figcaption", "hr", "center", "body", "html", "form", "fieldset", "legend",
                    "details", "summary", "header", "footer", "nav", "aside"})
_DELETED = frozenset({"del", "s", "strike"})
_INSERTED = frozenset({"ins", "u"})
_STRUCK = re.compile(r"text-decoration[^;]*line-through", re.I)
_UNDERLINED = re.compile(r"text-decoration[^;]*underline", re.I)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
_SPACE = re.compile(r"[ \t\n\r\f]+")


def decode_html(data: bytes, path: str) -> tuple[str, list[SourceWarning]]:
    """The page as text: its BOM, else its ``<meta charset>``, else UTF-8, else Windows-1252."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                      (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(name, errors="replace"), []
    declared = _CHARSET.search(data[:4096])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii")), []
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), [
            SourceWarning(path, 0, "not UTF-8 and no charset declared; read as Windows-1252")]


def _content(body: etree._Element) -> tuple[list[etree._Element], str]:
    """The elements holding the law, and how the edits name them."""
    by_id = [e for e in body.iter() if isinstance(e.tag, str) and
             (e.get("id") or "").endswith("divText")]
    if by_id:
        return by_id[:1], f'kept only the text of <div id="{by_id[0].get("id")}"> (Legistar)'
    for cls, who in (("chunk-content", "Municode"), ("codes-content", "American Legal")):
        found = [e for e in body.iter() if isinstance(e.tag, str) and
                 cls in (e.get("class") or "").split()]
        found = [e for e in found if not any(a in found for a in e.iterancestors())]
        if found:
            return found, f'kept only the text of <div class="{cls}"> ({who}, {len(found)} ' \
                          "element(s))"
    for tag in ("main", "article"):
        found = list(body.iter(tag))
        if found:
            return (found[:1] if tag == "main" else found), f"kept only the text of <{tag}>"
    for element in [e for e in body.iter(*_CHROME)]:
        if element.getparent() is not None:
            element.drop_tree()
    return [body], "left out the page's <nav>, <header>, <footer> and <aside>"


class _Walker:
    def __init__(self, markup: bool) -> None:
        self.markup = markup
        self.paragraphs: list[Paragraph] = []
        self.current: list[Segment] = []

    def flush(self) -> None:
        out: list[Segment] = []
        for op, text in self.current:
            text = _SPACE.sub(" ", text)
            if out and out[-1][1].endswith(" ") and text.startswith(" "):
                text = text[1:]
            if text:
                out.append((op, text))
        if out:
            out[0] = (out[0][0], out[0][1].lstrip(" "))
            out[-1] = (out[-1][0], out[-1][1].rstrip(" "))
        if any(text.strip() for _, text in out):
            self.paragraphs.append(Paragraph(tuple(out)))
        self.current = []

    def op_of(self, element: etree._Element, op: str) -> str:
        style = element.get("style") or ""
        if element.tag in _DELETED or _STRUCK.search(style):
            return "-"
        if self.markup and (element.tag in _INSERTED or _UNDERLINED.search(style)):
            return "+"
        return op

    def walk(self, element: etree._Element, op: str, pre: bool = False) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        block = tag in _BLOCK
        if block:
            self.flush()
        op = self.op_of(element, op)
        pre = pre or tag == "pre"
        if tag == "br":
            self.flush()
        self.text(element.text, op, pre)
        for child in element:
            self.walk(child, op, pre)
            self.text(child.tail, op, pre)  # a tail sits outside the child's markup
        if block:
            self.flush()

    def text(self, text: str | None, op: str, pre: bool) -> None:
        if not text:
            return
        if not pre:
            self.current.append((op, text))
            return
        lines = text.split("\n")
        for number, line in enumerate(lines):
            if number:
                self.flush()
            self.current.append((op, line))


def _join_labels(paragraphs: list[Paragraph]) -> tuple[list[Paragraph], int]:
    out: list[Paragraph] = []
    joined = 0
    for paragraph in paragraphs:
        previous = out[-1] if out else None
        text = "".join(t for _, t in previous.segments).strip() if previous else ""
        found = match_marker(text) if text else None
        if previous is not None and found is not None and not found.rest:
            out[-1] = Paragraph(previous.segments + (("=", " "),) + paragraph.segments)
            joined += 1
        else:
            out.append(paragraph)
    return out, joined


def read_html(data: bytes, path: str, amendment: str = "auto") -> Converted:
    """Read an HTML page's bytes (see the module docstring for the rules)."""
    text, warnings = decode_html(data, path)
    declared = re.search(r"<!ENTITY", text, re.I)
    if declared:
        raise SourceError("refused: the page declares entities (<!ENTITY>)", path=path,
                          line=text[: declared.start()].count("\n") + 1,
                          hint="web pages never need entity declarations; save the page again")
    try:
        root = lxml.html.document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise SourceError(f"cannot read the HTML page: {exc}", path=path) from None
    scripts = sum(1 for _ in root.iter("script"))
    for element in list(root.iter(*_NEVER_READ)):
        if element.getparent() is not None:
            element.drop_tree()
    if scripts:
        warnings.append(SourceWarning(path, 0, f"removed {scripts} <script> element(s): never "
                                               "run, not imported"))
    body = root.find("body")
    if body is None:
        body = root
    elements, kept = _content(body)
    struck = any(el.tag in _DELETED or el.tag == "ins" or _STRUCK.search(el.get("style") or "")
                 for top in elements for el in top.iter() if isinstance(el.tag, str))
    underlined = any(el.tag == "u" or _UNDERLINED.search(el.get("style") or "")
                     for top in elements for el in top.iter() if isinstance(el.tag, str))
    markup = amendment == "yes" or (amendment == "auto" and struck)
    if underlined and not markup:
        warnings.append(SourceWarning(path, 0, "underlined text read as plain text; if it marks "
                                               "insertions, import with --amendment yes"))
    walker = _Walker(markup)
    for element in elements:
        walker.walk(element, "=")
    walker.flush()
    if not markup:  # deletions are only amendment markup when asked or detected
        walker.paragraphs = [Paragraph(tuple(("=", t) for _, t in p.segments))
                             for p in walker.paragraphs]
    paragraphs, joined = _join_labels(walker.paragraphs)
    if not any(t.strip() for p in paragraphs for _, t in p.segments):
        raise SourceError("no text found outside scripts and page chrome", path=path,
                          hint="a page built by JavaScript cannot be imported: save the text "
                               "the browser shows, or the publisher's print view")
    edits = ["converted from HTML: one line per block element or line break, whitespace "
             "collapsed as a browser shows it; scripts, styles and forms removed", kept]
    if joined:
        edits.append(f"{joined} block(s) holding only a clause label joined to the next block")
    return finish("html", paragraphs, amendment, path, edits, warnings,
                  "<del>, <s>, <strike> and line-through deleted; <ins>, <u> and underline "
                  "inserted")

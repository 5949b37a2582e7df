"""Word ``.docx`` → text: one line per paragraph, Word's automatic numbers written out as printed.

The package is opened with :mod:`zipfile` and its XML parts are parsed with the one safe parser
(:func:`ordiff.safexml.parse_xml`), never with python-docx's own parser. Before anything is read,
the sizes the zip directory declares are checked (a zip bomb is refused, not inflated), and a
package without ``word/document.xml`` is refused.

Reading rules:

* body paragraphs in document order, table cells row by row, content controls transparently;
  text boxes, drawings, footnotes and comments are not read (a warning says so);
* a numbered paragraph (``w:numPr``, directly or through its style) gets its label as Word
  prints it (:mod:`.numbering`), followed by a space, and two spaces of indent per list level;
* ``w:tab`` is a tab, ``w:br``/``w:cr`` a line break, a non-breaking hyphen U+2011, an optional
  hyphen U+00AD; field codes and hidden text (``w:vanish``) are not printed and not read;
* amendment markup: tracked changes (``w:ins``/``w:moveTo`` inserted, ``w:del``/``w:moveFrom``
  deleted, paragraph marks included) or, in a file without them, struck runs (``w:strike``,
  ``w:dstrike``) deleted and underlined runs inserted. Each side is numbered on its own, so a
  deleted ``(b)`` makes the old ``(c)`` the new ``(b)``, as Word prints it.
"""

from __future__ import annotations

__all__ = ["read_docx", "open_package"]

import io
import zipfile
from collections.abc import Iterator

from lxml import etree

from ..errors import SourceError, SourceWarning
from ..safexml import parse_xml
from .base import MAX_BYTES, Converted, finish
from .marked import Paragraph, Segment, effective_mark
from .numbering import W, Numbering, read_numbering

_MAIN = "word/document.xml"
_PARTS = (_MAIN, "word/numbering.xml", "word/styles.xml")
_MAX_TOTAL = 4 * MAX_BYTES
_INSERTED = frozenset({W + "ins", W + "moveTo"})
_DELETED = frozenset({W + "del", W + "moveFrom"})
_SKIP = frozenset({W + t for t in ("pPr", "rPr", "instrText", "delInstrText", "fldChar",
                                   "sectPr", "tblPr", "trPr", "tcPr", "sdtPr", "tblGrid")})
_UNREAD = {W + "footnoteReference": "footnotes", W + "endnoteReference": "endnotes",
           W + "drawing": "drawings and text boxes", W + "pict": "drawings and text boxes",
           W + "object": "embedded objects", W + "commentReference": "comments"}
_FALSE = ("0", "false", "off")


def open_package(data: bytes, path: str) -> dict[str, bytes]:
    """The parts ordiff reads from a .docx, after checking the zip directory's declared sizes."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        entries = {info.filename: info for info in package.infolist()}
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise SourceError(f"not a readable .docx (zip) file: {exc}", path=path) from None
    total = sum(info.file_size for info in entries.values())
    if total > _MAX_TOTAL or any(entries[n].file_size > MAX_BYTES for n in _PARTS if n in entries):
        raise SourceError(f"refused: the .docx would inflate to {total:,} bytes (limit "
                          f"{MAX_BYTES:,} per part, {_MAX_TOTAL:,} in all)", path=path,
                          hint="this looks like a zip bomb; an ordinance is far smaller")
    if _MAIN not in entries:
        raise SourceError(f"not a Word document: the package has no {_MAIN}", path=path,
                          hint="save the file from Word or LibreOffice as .docx")
    parts: dict[str, bytes] = {}
    for name in _PARTS:
        info = entries.get(name)
        if info is None:
            continue
        if info.flag_bits & 0x1:
            raise SourceError("refused: the .docx is encrypted", path=path,
                              hint="remove the password in Word and save again")
        try:
            with package.open(info) as handle:
                parts[name] = handle.read(MAX_BYTES + 1)
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as exc:
            raise SourceError(f"cannot read {name} in the .docx: {exc}", path=path) from None
        if len(parts[name]) > MAX_BYTES:
            raise SourceError(f"refused: {name} inflates past {MAX_BYTES:,} bytes", path=path,
                              hint="this looks like a zip bomb")
    return parts


def _on(rpr: etree._Element | None, name: str) -> bool:
    found = None if rpr is None else rpr.find(W + name)
    if found is None:
        return False
    value = found.get(W + "val", "true")
    return value not in _FALSE and not (name == "u" and value == "none")


class _Reader:
    def __init__(self, path: str, tracked: bool, formatting: bool) -> None:
        self.path, self.tracked, self.formatting = path, tracked, formatting
        self.unread: set[str] = set()

    def inline(self, element: etree._Element, op: str, out: list[Segment]) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag in _UNREAD:
                self.unread.add(_UNREAD[tag])
            elif tag in _INSERTED:
                self.inline(child, "+", out)
            elif tag in _DELETED:
                self.inline(child, "-", out)
            elif tag == W + "r":
                self.run(child, op, out)
            elif tag.startswith("{http://schemas.openxmlformats.org/markup-compatibility"):
                self.unread.add("drawings and text boxes")
            else:  # hyperlink, smartTag, sdt, sdtContent, fldSimple, customXml …
                self.inline(child, op, out)

    def run(self, run: etree._Element, op: str, out: list[Segment]) -> None:
        rpr = run.find(W + "rPr")
        if _on(rpr, "vanish"):
            self.unread.add("hidden text")
            return
        if self.formatting and op == "=":
            if _on(rpr, "strike") or _on(rpr, "dstrike"):
                op = "-"
            elif _on(rpr, "u"):
                op = "+"
        for child in run:
            tag = child.tag
            if tag in (W + "t", W + "delText"):
                out.append((op, child.text or ""))
            elif tag == W + "tab":
                out.append((op, "\t"))
            elif tag in (W + "br", W + "cr"):
                out.append((op, "\n"))
            elif tag == W + "noBreakHyphen":
                out.append((op, "\u2011"))
            elif tag == W + "softHyphen":
                out.append((op, "\u00ad"))
            elif tag == W + "sym":
                code = int(child.get(W + "char", "0"), 16) if all(
                    c in "0123456789abcdefABCDEF" for c in child.get(W + "char", "x")) else 0
                if 0x20 <= code < 0xE000:
                    out.append((op, chr(code)))
                else:
                    self.unread.add("symbol-font characters")
            elif tag in _UNREAD:
                self.unread.add(_UNREAD[tag])

    def mark(self, p: etree._Element) -> str:
        rpr = p.find(f"{W}pPr/{W}rPr")
        if rpr is None:
            return "="
        if any(rpr.find(t) is not None for t in _INSERTED):
            return "+"
        if any(rpr.find(t) is not None for t in _DELETED):
            return "-"
        return "="


def _paragraphs(parent: etree._Element) -> Iterator[etree._Element]:
    for child in parent:
        if child.tag == W + "p":
            yield child
        elif isinstance(child.tag, str) and child.tag not in _SKIP:
            yield from _paragraphs(child)


def _styles(root: etree._Element | None) -> dict[str, tuple[str | None, int | None, str | None]]:
    """styleId -> (numId, ilvl, basedOn) for paragraph styles."""
    found: dict[str, tuple[str | None, int | None, str | None]] = {}
    if root is None:
        return found
    for style in root.iter(W + "style"):
        num = style.find(f"{W}pPr/{W}numPr")
        based = style.find(W + "basedOn")
        num_id = ilvl = None
        if num is not None:
            num_el, ilvl_el = num.find(W + "numId"), num.find(W + "ilvl")
            num_id = None if num_el is None else num_el.get(W + "val")
            ilvl = None if ilvl_el is None else int(ilvl_el.get(W + "val", "0") or 0)
        found[style.get(W + "styleId", "")] = (num_id, ilvl,
                                               None if based is None else based.get(W + "val"))
    return found


def _list_of(p: etree._Element, styles: dict[str, tuple[str | None, int | None, str | None]]
             ) -> tuple[str, int] | None:
    """(numId, ilvl) of a paragraph: its own numPr, else its style's (following basedOn)."""
    num_id: str | None = None
    ilvl: int | None = None
    numpr = p.find(f"{W}pPr/{W}numPr")
    if numpr is not None:
        num_el, ilvl_el = numpr.find(W + "numId"), numpr.find(W + "ilvl")
        num_id = None if num_el is None else num_el.get(W + "val")
        ilvl = None if ilvl_el is None else int(ilvl_el.get(W + "val", "0") or 0)
    style_el = p.find(f"{W}pPr/{W}pStyle")
    style = None if style_el is None else style_el.get(W + "val")
    seen: set[str] = set()
    while style and style not in seen and (num_id is None or ilvl is None):
        seen.add(style)
        s_num, s_ilvl, style = styles.get(style, (None, None, None))
        num_id = num_id if num_id is not None else s_num
        ilvl = ilvl if ilvl is not None else s_ilvl
    return None if num_id in (None, "0") else (str(num_id), min(max(ilvl or 0, 0), 8))


def _labels(items: list[tuple[Paragraph, tuple[str, int] | None]], numbering: Numbering,
            side: str) -> list[tuple[str, str] | None]:
    numbering.restart()
    out: list[tuple[str, str] | None] = []
    for paragraph, numbered in items:
        present = effective_mark(paragraph) != side
        out.append(numbering.label(*numbered) if numbered and present else None)
    return out


def read_docx(data: bytes, path: str, amendment: str = "auto") -> Converted:
    """Read a .docx file's bytes (see the module docstring for the rules)."""
    parts = open_package(data, path)
    parsed = {name: parse_xml(blob, f"{path} ({name})") for name, blob in parts.items()}
    body = parsed[_MAIN].find(W + "body")
    if body is None:
        raise SourceError(f"not a Word document: {_MAIN} has no body", path=path)
    tracked = any(True for t in (*_INSERTED, *_DELETED) for _ in body.iter(t))
    if tracked and amendment == "no":
        raise SourceError("the document has tracked changes", path=path,
                          hint="import it as an amendment (--amendment auto), or accept or "
                               "reject the changes in Word first")
    struck = any(_on(r, "strike") or _on(r, "dstrike") for r in body.iter(W + "rPr"))
    formatting = not tracked and (amendment == "yes" or (amendment == "auto" and struck))
    reader = _Reader(path, tracked, formatting)
    styles = _styles(parsed.get("word/styles.xml"))
    items: list[tuple[Paragraph, tuple[str, int] | None]] = []
    for p in _paragraphs(body):
        segments: list[Segment] = []
        reader.inline(p, "=", segments)
        mark = reader.mark(p) if tracked else "="
        items.append((Paragraph(tuple(segments), mark), _list_of(p, styles)))
    numbering = read_numbering(parsed.get("word/numbering.xml"))
    before = _labels(items, numbering, "+")
    after = _labels(items, numbering, "-")
    paragraphs: list[Paragraph] = []
    for (paragraph, numbered), old, new in zip(items, before, after):
        if numbered is None or (old is None and new is None):
            paragraphs.append(paragraph)
            continue
        indent = "  " * numbered[1]
        label: list[Segment] = []
        for op, found in (("=", old), ("+", new)) if old == new else (("-", old), ("+", new)):
            if found is not None and (op != "+" or old != new):
                gap = "" if found[1] == "nothing" or not found[0] else " "
                label.append((op, found[0] + gap))
        paragraphs.append(Paragraph(((("=", indent),) if indent else ()) + tuple(label)
                                    + paragraph.segments, paragraph.mark))
    warnings = [SourceWarning(path, 0, f"not imported: {what}") for what in sorted(reader.unread)]
    if not tracked and not formatting and any(_on(r, "u") for r in body.iter(W + "rPr")):
        warnings.append(SourceWarning(path, 0, "underlined text read as plain text; if it marks "
                                               "insertions, import with --amendment yes"))
    edits = ["converted from Word .docx: one line per paragraph (table cells one per line)",
             "Word's automatic numbering written out as printed, then a space; two spaces of "
             "indent per list level"]
    markup = ("tracked changes (insertions and deletions)" if tracked else
              "struck text deleted, underlined text inserted")
    return finish("docx", paragraphs, amendment, path, edits, warnings, markup)

"""Read the D.C. Council's code XML (dc-library schema) into the clause model.

One function, three inputs, told apart by the root element of what is read, never by name:
a section file (``<section>``); a title (its folder, or its ``index.xml``: ``<container>``
pulling sections in with ``xi:include``); a whole build (a folder whose ``index.xml`` is a
``<library>``: the code is ``us/dc/council/code/index.xml`` when present, else every
``us/dc/council/code/titles/*/index.xml`` in natural order, 1 … 27, 27A … 51, 99).

Reading rules, the order in which :func:`ordiff.model.source_words` gives every word back:

* an element's designation (``<prefix>``, ``<num>``) and ``<heading>`` are read first, then its
  other children in document order (a ``<text>`` or ``<reason>`` printed before the heading
  joins the clause's text);
* text before the first sub-clause is the clause's own text (one line per ``<text>``); text
  after a sub-clause (``<text>``, ``<aftertext>``) becomes an unlabelled clause in its place;
* ``<num undesignated="true">`` and a ``<para>`` without a num give an unlabelled clause
  ("¶N"); the unprinted num is kept as its marker with ``printed=False``;
* ``<annotations>`` and codification instructions (``codify:*``) are notes of the section (or
  title-level container), one string per annotation, in document order; a dc ``<include>``
  (quoted matter) is transparent;
* inline markup (``cite``, ``em``, ``u``, ``strong`` …) is flattened in place; any other element
  inside a text (table cell, ``br``, ``h1`` …) starts a new line; XML layout whitespace
  becomes one space.
"""

from __future__ import annotations

__all__ = ["DC_NAMESPACE", "read_dcxml"]

import gc
import hashlib
import os
import posixpath
import re
from pathlib import Path

from lxml import etree

from .errors import ParseError, SourceError, SourceWarning
from .model import UNLABELLED_PREFIX, Clause, ClauseKind, Document, SourceRef
from .safexml import XI_INCLUDE, include_target, parse_xml

DC_NAMESPACE = "https://code.dccouncil.us/schemas/dc-library"
_Q = "{" + DC_NAMESPACE + "}"
_CODIFY = "{https://code.dccouncil.us/schemas/codify}"
_SECTION, _CONTAINER, _PARA, _LIBRARY = (_Q + t for t in ("section", "container", "para",
                                                         "library"))
_NUM, _PREFIX, _HEADING, _SUBHEADING = (_Q + t for t in ("num", "prefix", "heading", "subheading"))
_TEXT, _REASON, _INCLUDE, _ANNOTATIONS = (_Q + t for t in ("text", "reason", "include",
                                                          "annotations"))
_STRUCTURE = frozenset({_PARA, _CONTAINER, _SECTION})
_TEXTUAL = frozenset(_Q + t for t in ("text", "reason", "aftertext"))
_INLINE = frozenset(_Q + t for t in ("cite", "Cite", "em", "strong", "u", "b", "i", "s", "span",
                                     "sup", "sub", "e", "underline", "a"))
_NOTE = frozenset({_Q + "annotation", _ANNOTATIONS})
_KINDS = {"title": ClauseKind.TITLE, "subtitle": ClauseKind.TITLE,
          "chapter": ClauseKind.CHAPTER, "subchapter": ClauseKind.SUBCHAPTER,
          "part": ClauseKind.PART, "subpart": ClauseKind.PART, "unit": ClauseKind.PART,
          "division": ClauseKind.PART, "article": ClauseKind.ARTICLE}
_STATUSES = frozenset({"repealed", "recodified", "not funded", "expired", "omitted", "transferred",
                       "abolished", "renumbered", "reserved", "not applicable"})
_LAYOUT = re.compile(r"[ \t\n\r]{2,}|[\t\n\r]")
_BREAK = "\x00"  # marks a block boundary while flattening; XML text can never hold a NUL
_CODE = ("us", "dc", "council", "code")


def read_dcxml(path: Path, display: str | None = None) -> Document:
    """Read a D.C. Code section file, title or whole build.

    Args:
        path: a section file, a title folder or its ``index.xml``, or a build folder.
        display: how reports and messages name the input (default: ``str(path)``).
    """
    name = display or str(path)
    folder = path.is_dir()
    entry = path / "index.xml" if folder else path
    if not entry.is_file():
        raise SourceError("no such D.C. Code file or folder (a folder needs an index.xml)",
                          path=name, hint="give a section .xml file, a title folder or a build")
    reading = _Reading(str(entry), name, folder)
    collecting = gc.isenabled()
    gc.disable()  # the clause tree has no cycles: a collection mid-read is pure cost (~12 %)
    try:
        root = reading.load(reading.entry)
        clauses, title = _read_root(root, reading)
    finally:
        if collecting:
            gc.enable()
    source = SourceRef(id=name, label=_build_date(root, entry, reading), sha256=reading.digest())
    return Document(source=source, clauses=clauses, title=title,
                    warnings=tuple(reading.warnings))


def _read_root(root: etree._Element, reading: _Reading) -> tuple[tuple[Clause, ...], str]:
    """The clauses and title of what is read, told apart by its root element."""
    if root.tag == _LIBRARY:
        return tuple(_clause(reading.load(f), (), [0], None, True, reading)
                     for f in _titles(reading)), "D.C. Code"
    if root.tag in (_SECTION, _CONTAINER):
        clause = _clause(root, (), [0], None, root.tag == _CONTAINER, reading)
        return (clause,), clause.heading or ""
    raise ParseError(f"not D.C. Code XML: the root element is <{etree.QName(root).localname}>",
                     path=reading.where(reading.entry), line=root.sourceline,
                     hint=f"expected <section>, <container> or <library> in {DC_NAMESPACE}")


class _Reading:
    """What one read keeps while it walks: files read (for the digest), warnings, the file in hand.

    Paths are plain strings below ``base`` (pathlib costs more than the parse of a small file).
    """

    def __init__(self, entry: str, name: str, folder: bool) -> None:
        self.entry, self.base, self.name, self.folder = entry, os.path.dirname(entry), name, folder
        self.prefix = name if folder else posixpath.dirname(name) or "."
        self.file, self.here = entry, self.where(entry)
        self.hashes: list[tuple[str, str]] = []
        self.open: set[str] = set()
        self.inside: set[str] = set()
        self.sections: set[str] = set()
        self.warnings: list[SourceWarning] = []

    def where(self, file: str) -> str:
        """How messages name a file: as the user named it, or below the folder they named."""
        if file == self.entry and not self.folder:
            return self.name
        return f"{self.prefix}/{self.relative(file)}"

    def relative(self, file: str) -> str:
        return (file[len(self.base) + 1:] if self.base else file).replace(os.sep, "/")

    def load(self, file: str) -> etree._Element:
        """Read, hash and parse one file; it becomes the file in hand."""
        here = self.where(file)
        try:
            data = _read_bytes(file)
        except OSError as exc:
            raise SourceError(f"cannot read: {exc.strerror}", path=here,
                              hint="check that the build is complete") from None
        self.hashes.append((self.relative(file), hashlib.sha256(data).hexdigest()))
        self.file, self.here = file, here
        return parse_xml(data, here)

    def warn(self, element: etree._Element, message: str) -> None:
        self.warnings.append(SourceWarning(self.here, element.sourceline or 0, message))

    def digest(self) -> str:
        """One file: its sha256; several: the sha256 of the sorted (path, sha256) listing."""
        if len(self.hashes) == 1:
            return self.hashes[0][1]
        listing = "".join(f"{rel}\t{sha}\n" for rel, sha in sorted(self.hashes))
        return hashlib.sha256(listing.encode("utf-8")).hexdigest()


def _read_bytes(file: str) -> bytes:
    """A file's bytes, without the buffered-file objects ``open()`` builds (half the cost)."""
    handle = os.open(file, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        chunks = []
        while chunk := os.read(handle, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(handle)


def _titles(reading: _Reading) -> list[str]:
    """The code's title files in a build: its code index when there is one, else the titles."""
    code = os.path.join(reading.base, *_CODE)
    if os.path.isfile(os.path.join(code, "index.xml")):
        return [os.path.join(code, "index.xml")]
    titles = os.path.join(code, "titles")
    names = sorted(os.listdir(titles), key=_natural) if os.path.isdir(titles) else []
    files = [os.path.join(titles, n, "index.xml") for n in names]
    files = [f for f in files if os.path.isfile(f)]
    if not files:
        raise ParseError("a build without titles (us/dc/council/code/titles/*/index.xml)",
                         path=reading.name, hint="give the folder a D.C. Code build unpacks to")
    return files


def _natural(name: str) -> tuple[int, str]:
    match = re.match(r"\d+", name)
    return (int(match.group()), name[match.end():]) if match else (1 << 30, name)


def _build_date(root: etree._Element, entry: Path, reading: _Reading) -> str:
    """The date of the build a file belongs to (its library index.xml), or "" outside a build."""
    parts = entry.resolve().parts
    for i in range(len(parts) - len(_CODE) - 1, 0, -1):
        if root.tag != _LIBRARY and parts[i:i + len(_CODE) + 1] == (*_CODE, "titles"):
            index = Path(*parts[:i]) / "index.xml"
            try:
                root = parse_xml(index.read_bytes(), "index.xml") if index.is_file() else root
            except (OSError, ParseError) as error:
                reading.warnings.append(SourceWarning(
                    reading.name, 0, f"the build's index.xml gives no build date: {error}"))
            break
    if root.tag != _LIBRARY:
        return ""
    return " ".join((root.findtext(f"{_Q}meta/{_Q}build/{_Q}build-date") or "").split())


def _clause(el: etree._Element, parent: tuple[str, ...], seq: list[int],
            notes: list[str] | None, top: bool, reading: _Reading) -> Clause:
    """One section, container or paragraph with everything below it.

    ``seq`` counts the unlabelled siblings; ``notes`` collects the enclosing section's notes
    (``None`` for a section or title-level container, which keeps its own); ``top`` is True for
    containers of a title index, whose path is their own label. Built for speed: a paragraph
    that is a num and a text costs one pass over two children.
    """
    tag = el.tag
    own: list[str] = [] if notes is None or top or tag == _SECTION else notes
    prefix = num_el = heading = None
    texts: list[str] = []
    rest: list[etree._Element] = []  # from the first child that is not head or text, in order
    text = el.text
    if text and not text.isspace():
        rest.append(_stray(text, el, reading))
    for child in el:
        ctag = child.tag
        if ctag == _TEXT and not rest:
            text = _flat(child, own) if len(child) else _squeeze(child.text or "")
            if text:
                texts.append(text)
        elif ctag == _NUM and num_el is None:
            num_el = child
        elif ctag == _HEADING and heading is None:
            heading = _flat(child, own) or None
        elif ctag == _PREFIX and prefix is None:
            prefix = _flat(child, own)
        elif ctag == _INCLUDE:
            rest.extend(_unwrap(child))
        else:
            rest.append(child)
        tail = child.tail
        if tail and not tail.isspace():
            rest.append(_stray(tail, child, reading))
    num = "" if num_el is None else _flat(num_el, own) if len(num_el) else _squeeze(
        num_el.text or "")
    marker = f"{prefix} {num}" if prefix and num else prefix or num
    printed = True
    if tag == _SECTION:
        kind, label = ClauseKind.SECTION, num.removeprefix("§").strip().removesuffix(".").strip()
        if not label:
            raise ParseError("a <section> without a <num>", path=reading.here,
                             line=el.sourceline, hint="every D.C. Code section has a number")
        if label in reading.sections:
            reading.warn(el, f"section {label} appears twice in what is read")
        reading.sections.add(label)
        path: tuple[str, ...] = (label,)
    elif top:
        kind = _KINDS.get((prefix or "").lower(), ClauseKind.PART)
        if (prefix or "").lower() not in _KINDS:
            reading.warn(el, f'container "{marker}" has no known prefix: read as a part')
        label, path = num, (num,)
    elif num and num_el.get("undesignated") != "true":  # type: ignore[union-attr]
        kind, label, path = ClauseKind.PARAGRAPH, num, parent + (num,)
    else:
        seq[0] += 1
        kind, label, path = ClauseKind.UNLABELLED, "", parent + (f"{UNLABELLED_PREFIX}{seq[0]}",)
        printed = not num
        if num_el is not None and num_el.get("undesignated") != "true":
            reading.warn(el, "a clause with an empty <num>: read as unlabelled")
    status = el.get("placeholder")
    status = status.lower() if status else ""
    children: list[Clause] = []
    if rest:
        status = _body(rest, path, top, own, texts, children, status, reading)
    return Clause(kind, label, path, marker, heading, "\n".join(texts),
                  tuple(own) if own is not notes else (), tuple(children),
                  el.sourceline or 0, printed, status)


def _body(rest: list[etree._Element], path: tuple[str, ...], top: bool, notes: list[str],
          texts: list[str], children: list[Clause], status: str, reading: _Reading) -> str:
    """Read a clause's children after its head; returns its status (a <reason> may set it)."""
    pending: list[tuple[int, str]] = []
    seq = [0]
    for child in rest:
        ctag = child.tag
        if ctag in _STRUCTURE or ctag == XI_INCLUDE:
            if pending:
                children.append(_loose(pending, path, seq))
                pending = []
            if ctag == XI_INCLUDE:
                children.extend(_included(child, reading, top))
            else:
                children.append(_clause(child, path, seq, notes, top and ctag == _CONTAINER,
                                        reading))
        elif ctag == _ANNOTATIONS:
            for note in child.iterchildren(etree.Element):
                text = _flat(note, notes) if len(note) else _squeeze(note.text or "")
                if text:
                    notes.append(text)
        elif ctag in _NOTE or (isinstance(ctag, str) and ctag.startswith(_CODIFY)):
            text = _flat(child, notes)
            if text:
                notes.append(text)
        elif ctag == _SUBHEADING:
            children.append(_unlabelled(path, seq, child.sourceline or 0,
                                        heading=_flat(child, notes) or None))
        elif isinstance(ctag, str):
            if ctag not in _TEXTUAL:
                reading.warn(child, f"unexpected <{etree.QName(child).localname}> read as text")
            text = _flat(child, notes)
            if ctag == _REASON and not status:
                status = text.lower() if text.lower() in _STATUSES else ""
                if not status:
                    reading.warn(child, f"<reason>{text}</reason> is not a known status: "
                                        "kept as text")
            if text:
                if children:
                    pending.append((child.sourceline or 0, text))
                else:
                    texts.append(text)
    if pending:
        children.append(_loose(pending, path, seq))
    if len(children) > 1 and len({c.path for c in children}) != len(children):
        seen: set[tuple[str, ...]] = set()
        for clause in children:  # a data error: the two clauses' ids collide
            if clause.path in seen:
                reading.warnings.append(SourceWarning(
                    reading.here, clause.line, f'two clauses have the path "{clause.id}"'))
            seen.add(clause.path)
    return status


def _unwrap(include: etree._Element) -> list[etree._Element]:
    """The children of a dc ``<include>`` (quoted matter), nested includes opened too."""
    out: list[etree._Element] = []
    for child in include:
        out.extend(_unwrap(child) if child.tag == _INCLUDE else (child,))
    return out


def _stray(text: str, near: etree._Element, reading: _Reading) -> etree._Element:
    """Text outside any <text> element, wrapped as one so that it is read in its place."""
    reading.warn(near, "text outside a <text> element: kept as text")
    wrapper = etree.Element(_Q + "text")
    wrapper.text = text
    return wrapper


def _loose(pending: list[tuple[int, str]], parent: tuple[str, ...], seq: list[int]) -> Clause:
    """Text that follows sub-clauses, as an unlabelled clause in its place."""
    return _unlabelled(parent, seq, pending[0][0], text="\n".join(text for _, text in pending))


def _unlabelled(parent: tuple[str, ...], seq: list[int], line: int, *, text: str = "",
                heading: str | None = None) -> Clause:
    """A clause without a designation: "¶N", N counted among its unlabelled siblings."""
    seq[0] += 1
    return Clause(ClauseKind.UNLABELLED, "", parent + (f"{UNLABELLED_PREFIX}{seq[0]}",),
                  heading=heading, text=text, line=line)


def _included(element: etree._Element, reading: _Reading, top: bool) -> list[Clause]:
    """The clause an ``xi:include`` of a title index pulls in (a section or a container)."""
    if not top:
        reading.warn(element, "xi:include inside a section is not followed")
        return []
    here, name = reading.file, reading.here
    target = include_target(element, here, reading.base or ".", name, reading.inside)
    if target == here or target in reading.open:
        raise ParseError(f'xi:include "{element.get("href")}" includes itself', path=name,
                         line=element.sourceline, hint="remove the circular include")
    reading.open.add(here)
    try:
        root = reading.load(target)
        if root.tag not in (_SECTION, _CONTAINER):
            raise ParseError(f"an included file must hold a <section> or <container>, not "
                             f"<{etree.QName(root).localname}>", path=reading.where(target),
                             line=root.sourceline, hint="include section or container files only")
        return [_clause(root, (), [0], None, root.tag == _CONTAINER, reading)]
    finally:
        reading.open.discard(here)
        reading.file, reading.here = here, name


def _flat(el: etree._Element, notes: list[str]) -> str:
    """An element's words as text: inline markup flattened, other elements start a line."""
    if not len(el):
        text = el.text
        return _squeeze(text) if text else ""
    for child in el:
        if child.tag not in _INLINE or len(child):
            break
    else:  # plain inline markup (the usual <cite>): libxml2 gathers the text
        return _squeeze(etree.tostring(el, method="text", encoding=str, with_tail=False))
    parts: list[str] = []
    _collect(el, parts, notes)
    lines = (_squeeze(line) for line in "".join(parts).split(_BREAK))
    return "\n".join(line for line in lines if line)


def _squeeze(text: str) -> str:
    """XML layout whitespace (space, tab, CR, LF) as single spaces; other spaces are content.

    Costs a scan per check on 53 million characters per build: the usual one-line text is
    returned after the fewest scans; ASCII text may use ``str.split`` (XML 1.0 allows no other
    ASCII whitespace).
    """
    if "\n" in text or "\t" in text or "  " in text or "\r" in text:
        if text.isascii():
            return " ".join(text.split())
        return _LAYOUT.sub(" ", text).strip(" ")
    if text[:1] == " " or text[-1:] == " ":
        return text.strip(" ")
    return text


def _collect(el: etree._Element, parts: list[str], notes: list[str]) -> None:
    if el.text:
        parts.append(el.text)
    for child in el:
        tag = child.tag
        if tag in _INLINE:
            _collect(child, parts, notes)
        elif tag in _NOTE or (isinstance(tag, str) and tag.startswith(_CODIFY)):
            note = _flat(child, notes)
            if note:
                notes.append(note)
        elif isinstance(tag, str):
            parts.append(_BREAK)
            _collect(child, parts, notes)
            parts.append(_BREAK)
        if child.tail:
            parts.append(child.tail)

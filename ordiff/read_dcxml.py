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

This module reads the files (each read, hashed and parsed once, includes followed);
:mod:`ordiff.dcxml_walk` turns each parsed tree into clauses, :mod:`ordiff.dcxml_text` its
texts into strings.
"""

from __future__ import annotations

__all__ = ["DC_NAMESPACE", "read_dcxml"]

import hashlib
import os
import posixpath
import re
from pathlib import Path

from lxml import etree

from .collector import paused
from .dcxml_walk import CONTAINER, DC_NAMESPACE, LIBRARY, SECTION, count_section, read_clause
from .errors import ParseError, SourceError, SourceWarning
from .model import Clause, ClauseKind, Document, SourceRef
from .section_memo import SectionMemo
from .safexml import NOFOLLOW, IncludeTargets, include_target, parse_xml

_Q = "{" + DC_NAMESPACE + "}"
_CODE = ("us", "dc", "council", "code")


def read_dcxml(path: Path, display: str | None = None, memo: SectionMemo | None = None
               ) -> Document:
    """Read a D.C. Code section file, title or whole build.

    Args:
        path: a section file, a title folder or its ``index.xml``, or a build folder.
        display: how reports and messages name the input (default: ``str(path)``).
        memo: sections to reuse from an earlier read (byte-identical files), and where this
            read leaves its own for the next one; see :class:`SectionMemo`.
    """
    name = display or str(path)
    folder = path.is_dir()
    entry = path / "index.xml" if folder else path
    if not entry.is_file():
        raise SourceError("no such D.C. Code file or folder (a folder needs an index.xml)",
                          path=name, hint="give a section .xml file, a title folder or a build")
    reading = _Reading(str(entry), name, folder, memo)
    with paused():  # the clause tree has no cycles: a collection mid-read is pure cost (~12 %)
        root = reading.load(reading.entry)
        clauses, title = _read_root(root, reading)
    if memo is not None:
        memo.finish()
    source = SourceRef(id=name, label=_build_date(root, entry, reading), sha256=reading.digest())
    return Document(source=source, clauses=clauses, title=title,
                    warnings=tuple(reading.warnings))


def _read_root(root: etree._Element, reading: _Reading) -> tuple[tuple[Clause, ...], str]:
    """The clauses and title of what is read, told apart by its root element."""
    tag = root.tag
    if tag == LIBRARY:
        titles = []
        for file in _titles(reading):
            title = reading.load(file)
            titles.append(read_clause(title, title.tag, (), [0], None, True, reading))
        return tuple(titles), "D.C. Code"
    if tag in (SECTION, CONTAINER):
        clause = read_clause(root, tag, (), [0], None, tag == CONTAINER, reading)
        return (clause,), clause.heading or ""
    raise ParseError(f"not D.C. Code XML: the root element is <{etree.QName(root).localname}>",
                     path=reading.where(reading.entry), line=root.sourceline,
                     hint=f"expected <section>, <container> or <library> in {DC_NAMESPACE}")


class _Reading:
    """What one read keeps while it walks: files read (for the digest), warnings, the file in hand.

    Paths are plain strings below ``base`` (pathlib costs more than the parse of a small file).
    """

    def __init__(self, entry: str, name: str, folder: bool, memo: SectionMemo | None) -> None:
        self.entry, self.base, self.name, self.folder = entry, os.path.dirname(entry), name, folder
        self.memo = memo
        self.prefix = name if folder else posixpath.dirname(name) or "."
        self.file, self.here = entry, self.where(entry)
        self.hashes: list[tuple[str, str]] = []
        self.open: set[str] = set()
        self.targets = IncludeTargets(self.base or ".")
        self.sections: set[str] = set()
        self.warnings: list[SourceWarning] = []

    def where(self, file: str) -> str:
        """How messages name a file: as the user named it, or below the folder they named."""
        if file == self.entry and not self.folder:
            return self.name
        return f"{self.prefix}/{self.relative(file)}"

    def relative(self, file: str) -> str:
        return (file[len(self.base) + 1:] if self.base else file).replace(os.sep, "/")

    def load(self, file: str, include: etree._Element | None = None) -> etree._Element:
        """Read, hash and parse one file (``include``: the ``xi:include`` naming it, which
        may not name a symbolic link); it becomes the file in hand."""
        return parse_xml(self.fetch(file, include), self.here)

    def fetch(self, file: str, include: etree._Element | None = None) -> bytes:
        """Read and hash one file (as :meth:`load`, without parsing it)."""
        relative = self.relative(file)
        here = (self.name if file == self.entry and not self.folder
                else f"{self.prefix}/{relative}")  # as self.where(file) gives it
        try:
            data = _read_bytes(file, NOFOLLOW if include is not None else 0)
        except OSError as exc:
            if include is not None:  # refused if a symbolic link made the open fail
                include_target(include, self.file, self.targets.root, self.here,
                               self.targets.inside)
            raise SourceError(f"cannot read: {exc.strerror}", path=here,
                              hint="check that the build is complete") from None
        self.hashes.append((relative, hashlib.sha256(data).hexdigest()))
        self.file, self.here = file, here
        return data

    def warn(self, element: etree._Element, message: str) -> None:
        self.warnings.append(SourceWarning(self.here, element.sourceline or 0, message))

    def include(self, element: etree._Element, top: bool) -> list[Clause]:
        """The clause an ``xi:include`` of a title index pulls in (a section or a container)."""
        if not top:
            self.warn(element, "xi:include inside a section is not followed")
            return []
        here, name = self.file, self.here
        target = self.targets.target(element, here, name)
        if target == here or target in self.open:
            raise ParseError(f'xi:include "{element.get("href")}" includes itself', path=name,
                             line=element.sourceline, hint="remove the circular include")
        self.open.add(here)
        try:
            data = self.fetch(target, element)
            if self.memo is not None and (reused := self._reuse()) is not None:
                return [reused]
            root = parse_xml(data, self.here)
            tag = root.tag
            if tag != SECTION and tag != CONTAINER:
                raise ParseError(f"an included file must hold a <section> or <container>, not "
                                 f"<{etree.QName(root).localname}>", path=self.where(target),
                                 line=root.sourceline,
                                 hint="include section or container files only")
            warned, known = len(self.warnings), len(self.sections)
            clause = read_clause(root, tag, (), [0], None, tag == CONTAINER, self)
            if self.memo is not None and tag == SECTION and len(self.warnings) == warned:
                self.memo.keep(self.hashes[-1][1], clause, _sections(clause, len(self.sections)
                                                                     - known))
            return [clause]
        finally:
            self.open.discard(here)
            self.file, self.here = here, name

    def _reuse(self) -> Clause | None:
        """The section an earlier read made of the file in hand, if the memo has it; its
        numbers are checked against those read so far, as reading it would."""
        assert self.memo is not None
        found = self.memo.take(self.hashes[-1][1])
        if found is None:
            return None
        clause, sections = found
        for label, line in sections:
            count_section(label, line, self)
        return clause

    def digest(self) -> str:
        """One file: its sha256; several: the sha256 of the sorted (path, sha256) listing."""
        if len(self.hashes) == 1:
            return self.hashes[0][1]
        listing = "".join(f"{rel}\t{sha}\n" for rel, sha in sorted(self.hashes))
        return hashlib.sha256(listing.encode("utf-8")).hexdigest()


def _sections(clause: Clause, count: int) -> tuple[tuple[str, int], ...]:
    """The number and line of each of the ``count`` sections in a section's tree, in order."""
    if count == 1:  # the usual file: one section, nothing nested (a repeat would have warned)
        return ((clause.label, clause.line),)
    found = []
    stack = [clause]
    while stack:
        here = stack.pop()
        if here.kind is ClauseKind.SECTION:
            found.append((here.label, here.line))
        stack.extend(reversed(here.children))
    return tuple(found)


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0)  # (O_BINARY: Windows only)


def _read_bytes(file: str, flags: int = 0) -> bytes:
    """A file's bytes in one read where its size allows, without the buffered-file objects
    ``open()`` builds (half the cost); ``flags`` are added to the ``os.open`` flags."""
    handle = os.open(file, _READ_FLAGS | flags)
    try:
        size = os.fstat(handle).st_size
        data = os.read(handle, size + 1)
        if len(data) == size:  # the whole file (asked for one byte more)
            return data
        chunks = [data]  # grown or shrunk since, or a short read: read on to the end
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
        if root.tag != LIBRARY and parts[i:i + len(_CODE) + 1] == (*_CODE, "titles"):
            index = Path(*parts[:i]) / "index.xml"
            try:
                root = parse_xml(index.read_bytes(), "index.xml") if index.is_file() else root
            except (OSError, ParseError) as error:
                reading.warnings.append(SourceWarning(
                    reading.name, 0, f"the build's index.xml gives no build date: {error}"))
            break
    if root.tag != LIBRARY:
        return ""
    return " ".join((root.findtext(f"{_Q}meta/{_Q}build/{_Q}build-date") or "").split())



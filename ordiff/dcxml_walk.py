"""Turn parsed D.C. Code XML (dc-library schema) into clauses: the walk of :mod:`read_dcxml`.

This module holds the reading rules (see :mod:`ordiff.read_dcxml`) for one element tree; the
files, includes and warnings of a read are the caller's :class:`Reading`. It is the hot loop of
reading a whole build (890,000 elements, 174,000 clauses), written for speed: each element's
tag is computed once (lxml builds a new string per ``.tag``), the usual paragraph (a num and a
one-line text, 120,000 of 146,000) takes a shortcut that gives the same clause, and clauses are
built with :meth:`Clause.of`.

Where the optional C extension ``ordiff._dcwalk`` is built, a ``<section>`` is first handed to
it: it reads libxml2's tree directly (no Python object per element) and gives the very clause
this walk gives, or None for anything unusual (whatever would warn, includes, comments …),
which this walk then reads. ``ORDIFF_PURE=1`` in the environment, or ``_section = None``, keeps
to the Python walk.
"""

from __future__ import annotations

__all__ = ["DC_NAMESPACE", "LIBRARY", "SECTION", "CONTAINER", "Reading", "count_section",
           "read_clause"]

from collections.abc import Callable
from dataclasses import fields
from operator import attrgetter
from typing import Protocol

from lxml import etree

from .accel import extension
from .dcxml_text import CODIFY, DC_NAMESPACE, NOTES, flat, squeeze
from .errors import ParseError, SourceWarning
from .model import UNLABELLED_PREFIX, Clause, ClauseKind
from .safexml import XI_INCLUDE

_Q = "{" + DC_NAMESPACE + "}"
SECTION, CONTAINER, LIBRARY = _Q + "section", _Q + "container", _Q + "library"
_PARA, _NUM, _PREFIX, _HEADING = _Q + "para", _Q + "num", _Q + "prefix", _Q + "heading"
_TEXT, _REASON, _INCLUDE, _ANNOTATIONS = (_Q + t for t in ("text", "reason", "include",
                                                          "annotations"))
_SUBHEADING = _Q + "subheading"
_STRUCTURE = frozenset({_PARA, CONTAINER, SECTION})
_TEXTUAL = frozenset(_Q + t for t in ("text", "reason", "aftertext"))
_KINDS = {"title": ClauseKind.TITLE, "subtitle": ClauseKind.TITLE,
          "chapter": ClauseKind.CHAPTER, "subchapter": ClauseKind.SUBCHAPTER,
          "part": ClauseKind.PART, "subpart": ClauseKind.PART, "unit": ClauseKind.PART,
          "division": ClauseKind.PART, "article": ClauseKind.ARTICLE}
_STATUSES = frozenset({"repealed", "recodified", "not funded", "expired", "omitted", "transferred",
                       "abolished", "renumbered", "reserved", "not applicable"})
_SECTION_KIND, _PARAGRAPH, _UNLABELLED = (ClauseKind.SECTION, ClauseKind.PARAGRAPH,
                                          ClauseKind.UNLABELLED)
_make = Clause.of
_PATH = attrgetter("path")


class Reading(Protocol):
    """What the walk needs from the read it is part of."""

    here: str  # how messages name the file in hand
    sections: set[str]  # section numbers read so far (a repeat is warned)
    warnings: list[SourceWarning]

    def warn(self, element: etree._Element, message: str) -> None: ...

    def include(self, element: etree._Element, top: bool) -> list[Clause]:
        """The clauses an ``xi:include`` pulls in (``top``: it sits in a title index)."""


def _section_label(num: str) -> str:
    """A section's label from its num ("§ 1-101." -> "1-101"); the C walk calls it too."""
    return num.removeprefix("§").strip().removesuffix(".").strip()


def _accelerator() -> Callable[[etree._Element], Clause | None] | None:
    """The C walk of a section (``ordiff._dcwalk``), or None: not built, or ``ORDIFF_PURE``."""
    try:
        if extension("_dcwalk") is None:
            return None
        from . import _dcwalk
        _dcwalk.configure(Clause, tuple(f.name for f in fields(Clause)),
                          (_SECTION_KIND, _PARAGRAPH, _UNLABELLED), UNLABELLED_PREFIX, _STATUSES,
                          _section_label, etree._Element,
                          etree.fromstring("<ordiff-probe>probe</ordiff-probe>"))
    except Exception:  # absent, built for another lxml or Clause, or broken: the Python walk
        return None
    return _dcwalk.section


#: The C walk of a ``<section>`` (None: the Python walk reads everything).
_section = _accelerator()


def read_clause(el: etree._Element, tag: str, parent: tuple[str, ...], seq: list[int],
                notes: list[str] | None, top: bool, reading: Reading) -> Clause:
    """One section, container or paragraph (``el``, whose tag is ``tag``) with all below it.

    ``seq`` counts the unlabelled siblings; ``notes`` collects the enclosing section's notes
    (``None`` for a section or title-level container, which keeps its own); ``top`` is True for
    containers of a title index, whose path is their own label.
    """
    if tag == SECTION and _section is not None and (clause := _section(el)) is not None:
        count_section(clause.label, el.sourceline or 0, reading)  # the only warning C can give
        return clause
    own: list[str] = [] if notes is None or top or tag == SECTION else notes
    prefix: str | None = None
    num_el = heading = None
    texts: list[str] = []
    rest: list[tuple[etree._Element, str]] = []  # from the first child not head or text
    text = el.text
    if text and not text.isspace():
        rest.append(_stray(text, el, reading))
    for child in el:
        ctag = child.tag
        if ctag == _TEXT and not rest:
            text = flat(child, own)
            if text:
                texts.append(text)
        elif ctag == _NUM and num_el is None:
            num_el = child
        elif ctag == _HEADING and heading is None:
            heading = flat(child, own) or None
        elif ctag == _PREFIX and prefix is None:
            prefix = flat(child, own)
        elif ctag == _INCLUDE:
            rest.extend(_unwrap(child))
        else:
            rest.append((child, ctag))  # a comment's tag is a function: read as nothing
        tail = child.tail
        if tail and not tail.isspace():
            rest.append(_stray(tail, child, reading))
    num = "" if num_el is None else flat(num_el, own)
    marker = f"{prefix} {num}" if prefix and num else prefix or num
    printed = True
    if tag == SECTION:
        kind, label = _SECTION_KIND, _section_label(num)
        if not label:
            raise ParseError("a <section> without a <num>", path=reading.here,
                             line=el.sourceline, hint="every D.C. Code section has a number")
        count_section(label, el.sourceline or 0, reading)
        path: tuple[str, ...] = (label,)
    elif top:
        kind = _KINDS.get((prefix or "").lower(), ClauseKind.PART)
        if (prefix or "").lower() not in _KINDS:
            reading.warn(el, f'container "{marker}" has no known prefix: read as a part')
        label, path = num, (num,)
    elif num and num_el.get("undesignated") != "true":  # type: ignore[union-attr]
        kind, label, path = _PARAGRAPH, num, (*parent, num)
    else:
        seq[0] += 1
        kind, label, path = _UNLABELLED, "", (*parent, f"{UNLABELLED_PREFIX}{seq[0]}")
        printed = not num
        if num_el is not None and num_el.get("undesignated") != "true":
            reading.warn(el, "a clause with an empty <num>: read as unlabelled")
    status = el.get("placeholder")
    status = status.lower() if status else ""
    children: list[Clause] = []
    if rest:
        status = _body(rest, path, top, own, texts, children, status, reading)
    return _make(kind, label, path, marker, heading, "\n".join(texts),
                 tuple(own) if own is not notes else (), tuple(children), el.sourceline or 0,
                 printed, status)


def count_section(label: str, line: int, reading: Reading) -> None:
    """Note a section (at ``line`` of the file in hand) as read; warn when it was read before.
    Also for a section a read takes from an earlier one (:class:`SectionMemo`)."""
    if label in reading.sections:
        reading.warnings.append(SourceWarning(reading.here, line,
                                              f"section {label} appears twice in what is read"))
    reading.sections.add(label)


def _body(rest: list[tuple[etree._Element, str]], path: tuple[str, ...], top: bool,
          notes: list[str], texts: list[str], children: list[Clause], status: str,
          reading: Reading) -> str:
    """Read a clause's children after its head; returns its status (a <reason> may set it)."""
    pending: list[tuple[int, str]] = []
    seq = [0]
    for child, ctag in rest:
        if ctag in _STRUCTURE:
            if pending:
                children.append(_loose(pending, path, seq))
                pending = []
            if ctag == _PARA and len(child) == 2 and (plain := _plain(child, path)) is not None:
                children.append(plain)
            else:
                children.append(read_clause(child, ctag, path, seq, notes,
                                            top and ctag == CONTAINER, reading))
        elif ctag == _ANNOTATIONS:
            _annotations(child, notes)
        elif ctag == XI_INCLUDE:
            if pending:
                children.append(_loose(pending, path, seq))
                pending = []
            children.extend(reading.include(child, top))
        elif ctag in NOTES or (isinstance(ctag, str) and ctag.startswith(CODIFY)):
            text = flat(child, notes)
            if text:
                notes.append(text)
        elif ctag == _SUBHEADING:
            children.append(_unlabelled(path, seq, child.sourceline or 0,
                                        heading=flat(child, notes) or None))
        elif isinstance(ctag, str):
            if ctag not in _TEXTUAL:
                reading.warn(child, f"unexpected <{etree.QName(child).localname}> read as text")
            text = flat(child, notes)
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
    if len(children) > 1 and len(set(map(_PATH, children))) != len(children):
        seen: set[tuple[str, ...]] = set()
        for clause in children:  # a data error: the two clauses' ids collide
            if clause.path in seen:
                reading.warnings.append(SourceWarning(
                    reading.here, clause.line, f'two clauses have the path "{clause.id}"'))
            seen.add(clause.path)
    return status


def _plain(para: etree._Element, parent: tuple[str, ...]) -> Clause | None:
    """A paragraph that is only a num and a text, or None when it is anything more.

    120,000 of a build's 146,000 paragraphs are: the clause :func:`read_clause` gives, without
    its lists, loops and second pass. Anything more (attributes, an unprinted or empty num,
    markup, a heading, text outside the two elements, a comment) is left to
    :func:`read_clause`; ``tests/test_dcxml_fast_paths.py`` holds the two to the same result.
    """
    num_el, text_el = para
    if (num_el.tag != _NUM or text_el.tag != _TEXT or len(num_el) or len(text_el)
            or para.keys() or num_el.keys() or num_el.get("undesignated") is not None
            or para.get("placeholder") is not None):  # (a DOCTYPE's defaults are no keys)
        return None
    layout, after_num, after_text = para.text, num_el.tail, text_el.tail
    if ((layout and not layout.isspace()) or (after_num and not after_num.isspace())
            or (after_text and not after_text.isspace())):
        return None
    num = num_el.text
    if num and ("\n" in num or "  " in num or "\t" in num or "\r" in num or num[0] == " "
                or num[-1] == " "):
        num = squeeze(num)
    if not num:
        return None
    text = text_el.text
    if not text:
        text = ""
    elif ("\n" in text or "  " in text or "\t" in text or "\r" in text or text[0] == " "
          or text[-1] == " "):
        text = squeeze(text)
    return _make(_PARAGRAPH, num, (*parent, num), num, None, text, (), (), para.sourceline or 0,
                 True, "")


def _annotations(annotations: etree._Element, notes: list[str]) -> None:
    """Each annotation (history, editor's note …) as one note, in document order."""
    for note in annotations.iterchildren(etree.Element):
        text = flat(note, notes)
        if text:
            notes.append(text)


def _unwrap(include: etree._Element) -> list[tuple[etree._Element, str]]:
    """The children of a dc ``<include>`` (quoted matter), nested includes opened too."""
    out: list[tuple[etree._Element, str]] = []
    for child in include:
        tag = child.tag
        out.extend(_unwrap(child) if tag == _INCLUDE else ((child, tag),))
    return out


def _stray(text: str, near: etree._Element, reading: Reading) -> tuple[etree._Element, str]:
    """Text outside any <text> element, wrapped as one so that it is read in its place."""
    reading.warn(near, "text outside a <text> element: kept as text")
    wrapper = etree.Element(_TEXT)
    wrapper.text = text
    return wrapper, _TEXT


def _loose(pending: list[tuple[int, str]], parent: tuple[str, ...], seq: list[int]) -> Clause:
    """Text that follows sub-clauses, as an unlabelled clause in its place."""
    return _unlabelled(parent, seq, pending[0][0], text="\n".join(text for _, text in pending))


def _unlabelled(parent: tuple[str, ...], seq: list[int], line: int, *, text: str = "",
                heading: str | None = None) -> Clause:
    """A clause without a designation: "¶N", N counted among its unlabelled siblings."""
    seq[0] += 1
    return _make(_UNLABELLED, "", (*parent, f"{UNLABELLED_PREFIX}{seq[0]}"), "", heading, text,
                 (), (), line, True, "")

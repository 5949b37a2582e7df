"""A version → Akoma Ntoso 3.0 XML, with eIds made from clause paths.

Mapping: containers keep their kind (``title``, ``chapter``, ``subchapter``, ``part``,
``article``); a section is a ``section``; designated clauses below it are ``subsection``,
``paragraph``, ``subparagraph``, then ``point`` by depth; a paragraph without designation is an
``hcontainer name="unlabelled"``. The printed designation is ``num``, the catch line ``heading``;
a clause with sub-clauses has its own text in ``intro`` and its history notes in ``wrapUp``
(``class="note"``), a clause without them both in ``content``. One ``p`` per source line.

eIds follow the AKN naming convention: an element abbreviation and the label without its
punctuation (``(a)`` → ``a``), joined to the parent's eId by ``__``:
``sec_24-211.07__subsec_a__para_1``; unlabelled paragraphs count ``hcontainer_1``, …; a label
used twice under one parent gets ``-2``, ``-3``. The FRBR identification names the version by
its id; dates appear only when the version has one. The output is deterministic.
"""

from __future__ import annotations

__all__ = ["AKN_NAMESPACE", "export_akn", "eid_part"]

import re

from lxml import etree

from .model import Clause, ClauseKind, Document

AKN_NAMESPACE = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
_A = "{" + AKN_NAMESPACE + "}"
_DEPTH_NAMES = ("subsection", "paragraph", "subparagraph")
_ABBREVIATIONS = {"title": "title", "chapter": "chp", "subchapter": "subchp", "part": "part",
                  "article": "art", "section": "sec", "subsection": "subsec", "paragraph": "para",
                  "subparagraph": "subpara", "point": "point", "hcontainer": "hcontainer"}


def eid_part(label: str) -> str:
    """A label as an eId component: punctuation and "§" dropped, spaces as "-"."""
    inner = re.sub(r"[()§]|^(?:Sec\.|SEC\.|Section|SECTION)\s*", "", label).strip().rstrip(".")
    return re.sub(r"[^A-Za-z0-9.\-]+", "-", inner).strip("-") or "x"


def _element_name(clause: Clause, depth: int) -> str:
    if clause.kind.is_container or clause.kind is ClauseKind.SECTION:
        return clause.kind.value
    if clause.kind is ClauseKind.UNLABELLED:
        return "hcontainer"
    return _DEPTH_NAMES[depth] if depth < len(_DEPTH_NAMES) else "point"


def _paragraphs(parent: etree._Element, lines: list[str], cls: str = "") -> None:
    for line in lines:
        p = etree.SubElement(parent, _A + "p")
        if cls:
            p.set("class", cls)
        p.text = line


def _clause(parent: etree._Element, clause: Clause, parent_eid: str, depth: int,
            used: dict[str, int], unlabelled: list[int]) -> None:
    name = _element_name(clause, depth)
    if name == "hcontainer":
        unlabelled[0] += 1
        part = f"hcontainer_{unlabelled[0]}"
    else:
        part = f"{_ABBREVIATIONS[name]}_{eid_part(clause.label)}"
    eid = f"{parent_eid}__{part}" if parent_eid else part
    used[eid] = used.get(eid, 0) + 1
    if used[eid] > 1:
        eid += f"-{used[eid]}"
    element = etree.SubElement(parent, _A + name, eId=eid)
    if name == "hcontainer":
        element.set("name", "unlabelled")
    if clause.marker and clause.printed:
        etree.SubElement(element, _A + "num").text = clause.marker
    if clause.heading:
        etree.SubElement(element, _A + "heading").text = clause.heading
    lines = [line for line in clause.text.split("\n") if line.strip()]
    notes = [line for note in clause.notes for line in note.split("\n") if line.strip()]
    if not clause.children:
        if lines or notes:
            content = etree.SubElement(element, _A + "content")
            _paragraphs(content, lines)
            _paragraphs(content, notes, "note")
        return
    if lines:
        _paragraphs(etree.SubElement(element, _A + "intro"), lines)
    inner_eid = "" if clause.kind.is_container else eid
    inner_depth = 0 if clause.kind.is_container or clause.kind is ClauseKind.SECTION else depth + 1
    counter = [0]
    for child in clause.children:
        _clause(element, child, inner_eid, inner_depth, used, counter)
    if notes:
        _paragraphs(etree.SubElement(element, _A + "wrapUp"), notes, "note")


def _frbr(parent: etree._Element, level: str, this: str, date: str, extra: str = "") -> None:
    block = etree.SubElement(parent, _A + level)
    etree.SubElement(block, _A + "FRBRthis", value=this + extra)
    etree.SubElement(block, _A + "FRBRuri", value=this)
    if date:
        etree.SubElement(block, _A + "FRBRdate", date=date, name="version")
    etree.SubElement(block, _A + "FRBRauthor", href="#ordiff")
    if level == "FRBRWork":
        etree.SubElement(block, _A + "FRBRcountry", value="us")
    if level == "FRBRExpression":
        etree.SubElement(block, _A + "FRBRlanguage", language="eng")


def export_akn(document: Document, date: str = "") -> bytes:
    """The version as Akoma Ntoso 3.0 XML bytes (UTF-8, with an XML declaration).

    Args:
        document: the version's clause tree.
        date: the version's date (``YYYY-MM-DD``) for the FRBR dates, if known.
    """
    root = etree.Element(_A + "akomaNtoso", nsmap={None: AKN_NAMESPACE})
    act = etree.SubElement(root, _A + "act", name="ordinance")
    meta = etree.SubElement(act, _A + "meta")
    identification = etree.SubElement(meta, _A + "identification", source="#ordiff")
    work = "/akn/us/act/" + re.sub(r"[^A-Za-z0-9.\-]+", "-", document.source.id.split("@")[0])
    expression = work + "/eng" + (f"@{date}" if date else "")
    _frbr(identification, "FRBRWork", work, date, "/!main")
    _frbr(identification, "FRBRExpression", expression, date, "/!main")
    _frbr(identification, "FRBRManifestation", expression + ".xml", date)
    references = etree.SubElement(meta, _A + "references", source="#ordiff")
    etree.SubElement(references, _A + "TLCOrganization", eId="ordiff",
                     href="/ontology/organization/ordiff", showAs="ordiff")
    body = etree.SubElement(act, _A + "body")
    used: dict[str, int] = {}
    counter = [0]
    for clause in document.clauses:
        _clause(body, clause, "", 0, used, counter)
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data

"""USLM (United States Legislative Markup: the U.S. Code and bills) → text.

Parsed with the one safe parser. Levels: ``title`` … ``section`` are heads; ``subsection``,
``paragraph``, ``subparagraph``, ``clause``, ``subclause``, ``item`` … ``level`` are clauses.
A level's ``chapeau``/``content`` is its text, ``continuation`` the text after its sub-levels,
``sourceCredit`` its history note. ``meta``, ``toc`` and editorial ``notes`` are not law text and
are left out (``edits`` says so). Layout: :func:`.outline.render`.
"""

from __future__ import annotations

__all__ = ["USLM_SPEC", "read_uslm", "read_structured"]

from ..errors import ParseError, SourceError
from ..safexml import parse_xml
from .base import Converted
from .outline import Spec, render, xml_nodes
from .sniff import NAMESPACES

USLM_SPEC = Spec(
    heads=frozenset({"title", "subtitle", "chapter", "subchapter", "part", "subpart", "division",
                     "subdivision", "article", "section", "appendix"}),
    levels=frozenset({"subsection", "paragraph", "subparagraph", "clause", "subclause", "item",
                      "subitem", "subsubitem", "level"}),
    before=frozenset({"chapeau", "content", "text"}),
    after=frozenset({"continuation"}),
    notes=frozenset({"sourceCredit"}),
    skip=frozenset({"meta", "toc", "notes", "note", "footnote", "layout", "processing"}))


def read_structured(data: bytes, path: str, amendment: str, fmt: str, spec: Spec,
                    what: str) -> Converted:
    """Read USLM or Akoma Ntoso bytes as text (shared by both readers)."""
    if amendment == "yes":
        raise SourceError(f"{what} is read without strike-and-underline markup", path=path,
                          hint="import the amendment's .docx or HTML form")
    root = parse_xml(data, path)
    namespace = root.tag.partition("}")[0].lstrip("{") if root.tag.startswith("{") else ""
    if not namespace.startswith(NAMESPACES[fmt]):
        raise ParseError(f"not {what}: the root element is in namespace '{namespace}'",
                         path=path, line=root.sourceline or None,
                         hint=f"expected {NAMESPACES[fmt][0]}")
    skipped = sorted({el.tag.partition("}")[2] for el in root.iter()
                      if isinstance(el.tag, str) and el.tag.partition("}")[2] in spec.skip})
    nodes = xml_nodes(root, spec)
    text = render(nodes)
    if not text.strip():
        raise SourceError(f"no text found in the {what} document", path=path)
    edits = [f"rendered from {what} as plain lines: a head line \"<num> <heading>\" per section "
             "or container, one line per lower level (num, heading, text), two spaces of indent "
             "per level, tags stripped and whitespace collapsed"]
    if skipped:
        edits.append("left out (not law text): " + ", ".join(f"<{name}>" for name in skipped))
    return Converted(fmt, text, None, tuple(edits), ())


def read_uslm(data: bytes, path: str, amendment: str = "auto") -> Converted:
    """Read a USLM document's bytes."""
    return read_structured(data, path, amendment, "uslm", USLM_SPEC, "USLM")

"""Flatten D.C. Code XML text (dc-library schema) into the strings clauses hold.

Inline markup (``cite``, ``em``, ``u`` …) is joined in place; any other element inside a text
(table cell, ``br``, ``h1`` …) starts a new line; annotations and codification instructions
met inside a text are taken out as notes; XML layout whitespace (space, tab, CR, LF) becomes
one space, other spaces (no-break …) are content. Used by :mod:`ordiff.dcxml_walk`, whose hot
paths inline :func:`squeeze`'s first checks.
"""

from __future__ import annotations

__all__ = ["DC_NAMESPACE", "CODIFY", "NOTES", "flat", "squeeze"]

from lxml import etree

DC_NAMESPACE = "https://code.dccouncil.us/schemas/dc-library"
_Q = "{" + DC_NAMESPACE + "}"
#: Codification instructions (``codify:*``) are notes wherever they stand.
CODIFY = "{https://code.dccouncil.us/schemas/codify}"
#: Elements whose text is a note of the enclosing section, not its text.
NOTES = frozenset({_Q + "annotation", _Q + "annotations"})
_INLINE = frozenset(_Q + t for t in ("cite", "Cite", "em", "strong", "u", "b", "i", "s", "span",
                                     "sup", "sub", "e", "underline", "a"))
_BREAK = "\x00"  # marks a block boundary while flattening; XML text can never hold a NUL
_tostring = etree.tostring


def flat(el: etree._Element, notes: list[str]) -> str:
    """An element's words as text: inline markup flattened, other elements start a line."""
    if not len(el):
        text: str | None = el.text
        if not text:
            return ""
        if ("\n" in text or "  " in text or "\t" in text or "\r" in text or text[0] == " "
                or text[-1] == " "):
            return squeeze(text)
        return text
    for child in el:
        if child.tag not in _INLINE or len(child):
            break
    else:  # plain inline markup (the usual <cite>): libxml2 gathers the text
        return squeeze(_tostring(el, method="text", encoding=str, with_tail=False))
    parts: list[str] = []
    _collect(el, parts, notes)
    lines = (squeeze(line) for line in "".join(parts).split(_BREAK))
    return "\n".join(line for line in lines if line)


def squeeze(text: str) -> str:
    """XML layout whitespace (space, tab, CR, LF) as single spaces; other spaces are content.

    53 million characters a build pass through here, and through the same checks inlined
    where texts are read: each is a fast C scan, and the usual one-line text passes four.
    Layout mostly indents a text's ends, which one ``strip`` removes; ``str.replace`` collapses
    what is left 5× faster than a regular expression (``str.split`` would also split at
    no-break and other Unicode spaces, which are content).
    """
    text = text.strip(" \t\n\r")
    if "\n" in text:
        text = text.replace("\n", " ")
    if "\t" in text:
        text = text.replace("\t", " ")
    if "\r" in text:
        text = text.replace("\r", " ")
    while "  " in text:
        text = text.replace("  ", " ")
    return text


def _collect(el: etree._Element, parts: list[str], notes: list[str]) -> None:
    """Gather ``el``'s text into ``parts``, blocks between breaks, notes into ``notes``."""
    if el.text:
        parts.append(el.text)
    for child in el:
        tag = child.tag
        if tag in _INLINE:
            _collect(child, parts, notes)
        elif tag in NOTES or (isinstance(tag, str) and tag.startswith(CODIFY)):
            note = flat(child, notes)
            if note:
                notes.append(note)
        elif isinstance(tag, str):
            parts.append(_BREAK)
            _collect(child, parts, notes)
            parts.append(_BREAK)
        if child.tail:
            parts.append(child.tail)

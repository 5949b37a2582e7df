"""Tell an input's format by its content, never by its file name alone.

Checked in order: a zip package (``.docx``); formats ordiff cannot read, refused with a hint
(old binary ``.doc``, PDF; other binary files are left to the text reader, which
refuses them naming the line); XML, by its root element's namespace (D.C.
Council, USLM, Akoma Ntoso) or an ``html`` root; HTML, by a doctype or tags; anything else is
plain text.
"""

from __future__ import annotations

__all__ = ["FORMATS", "NAMESPACES", "sniff"]

import codecs
import re

from ..errors import SourceError

FORMATS = ("text", "docx", "html", "dcxml", "uslm", "akn")

#: Namespace prefixes that identify each XML format.
NAMESPACES = {
    "dcxml": ("https://code.dccouncil.us/schemas/dc-library",),
    "uslm": ("http://xml.house.gov/schemas/uslm/",),
    "akn": ("http://docs.oasis-open.org/legaldocml/ns/akn/3.0",),
}
_PROLOG = re.compile(r"^(?:\s+|<\?[^>]*\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]|\[.*?\])*>)*", re.S)
_ROOT = re.compile(r"<(?:([\w.-]+):)?([\w.-]+)([^>]*)>", re.S)
_XMLNS = re.compile(r"""xmlns(?::([\w.-]+))?\s*=\s*["']([^"']*)["']""")
_HTML_TAG = re.compile(r"<(?:html|body|p|div|br|span|table|h[1-6])\b", re.I)


def _head_text(data: bytes) -> str:
    head = data[:8192]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head.decode("utf-16", errors="replace")
    return head.decode("utf-8", errors="replace").lstrip("\ufeff")


def sniff(data: bytes, path: str) -> str:
    """The format of ``data``: one of :data:`FORMATS`; unreadable kinds raise SourceError."""
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "docx"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise SourceError("an old binary Word .doc (or other OLE) file", path=path,
                          hint="open it in Word or LibreOffice and save it as .docx")
    if data.startswith(b"%PDF"):
        raise SourceError("a PDF file: ordiff does not read PDF", path=path,
                          hint="save its text as .txt (pdftotext -layout) and import that")
    head = _head_text(data)
    if "\x00" in head:
        return "text"  # the text reader refuses binary files, naming the line
    stripped = head.lstrip()
    if stripped.startswith("<"):
        prolog = _PROLOG.match(stripped)
        rest = stripped[prolog.end():] if prolog else stripped
        if re.search(r"<!DOCTYPE\s+html", stripped[: prolog.end() if prolog else 0], re.I):
            return "html"
        root = _ROOT.match(rest)
        if root is not None:
            prefix, name, attributes = root.groups()
            spaces = dict(_XMLNS.findall(attributes))
            namespace = spaces.get(prefix or "", "")
            for fmt, prefixes in NAMESPACES.items():
                if namespace.startswith(prefixes):
                    return fmt
            if name.lower() == "html":
                return "html"
            if stripped.startswith("<?xml") or namespace:
                known = ", ".join(p[0] for p in NAMESPACES.values())
                raise SourceError(f"XML with root <{name}> in a namespace ordiff does not read"
                                  + (f" ({namespace})" if namespace else ""), path=path,
                                  hint=f"ordiff reads XML in these namespaces: {known}")
    if _HTML_TAG.search(head):
        return "html"
    return "text"

"""Akoma Ntoso 3.0 → text.

Parsed with the one safe parser. Heads: ``book``, ``tome``, ``title``, ``chapter``, ``part``,
``article``, ``section`` and their ``sub``-forms; every other hierarchical element
(``subsection``, ``paragraph``, ``point``, ``list``, ``hcontainer`` …) is a clause. A level's
``intro``/``content`` is its text, ``wrapUp`` the text after its sub-levels; loose ``p`` (in a
``preface`` or ``preamble``) is a paragraph of its own. ``meta``, ``authorialNote`` and ``toc``
are left out. Layout: :func:`.outline.render`. :mod:`ordiff.export_akn` writes this form.
"""

from __future__ import annotations

__all__ = ["AKN_SPEC", "read_akn"]

from .base import Converted
from .outline import Spec
from .uslm import read_structured

AKN_SPEC = Spec(
    heads=frozenset({"book", "tome", "title", "subtitle", "chapter", "subchapter", "part",
                     "subpart", "article", "section", "division", "subdivision"}),
    levels=frozenset({"subsection", "paragraph", "subparagraph", "point", "list", "sublist",
                      "clause", "subclause", "alinea", "indent", "level", "rule", "subrule",
                      "proviso", "transitional", "hcontainer"}),
    before=frozenset({"intro", "content"}),
    after=frozenset({"wrapUp"}),
    skip=frozenset({"meta", "toc", "authorialNote", "noteRef", "componentRef", "attachments",
                    "components"}))


def read_akn(data: bytes, path: str, amendment: str = "auto") -> Converted:
    """Read an Akoma Ntoso 3.0 document's bytes."""
    return read_structured(data, path, amendment, "akn", AKN_SPEC, "Akoma Ntoso")

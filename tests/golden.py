"""Canonical HTML for golden files, and the two readings of a redline page.

``canonical(element)``: C14N (sorted attributes, one form for entities and empty elements), then
indentation added only inside containers whose children are all elements: whitespace inside text
(``<p>a <del>b</del> <ins>c</ins></p>``) is content and keeps every character.

``reading(element, side)``: the words a reader gets from the law text when every insertion (side
"old") or deletion (side "new") is dropped, with labels and separators skipped (the contract in
:mod:`ordiff.render_html`).
"""

from __future__ import annotations

from lxml import etree

_SAFE = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                        load_dtd=False, dtd_validation=False)
_LAW = "//*[contains(concat(' ', normalize-space(@class), ' '), ' law ')]"


def _indent(node: etree._Element, level: int) -> None:
    children = list(node)
    if not children or (node.text or "") or any(child.tail for child in children):
        return
    pad = "\n" + "  " * (level + 1)
    node.text = pad
    for child in children:
        child.tail = pad
        _indent(child, level + 1)
    children[-1].tail = "\n" + "  " * level


def canonical(element: etree._Element) -> str:
    """One stable text form of an HTML element tree, one block per line."""
    tree = etree.fromstring(etree.tostring(element, method="c14n"), _SAFE)
    _indent(tree, 0)
    return etree.tostring(tree, method="c14n").decode("utf-8") + "\n"


def _dropped(node: etree._Element, side: str) -> bool:
    """Whether this element is left out of the ``side`` reading (with all it holds)."""
    return (node.get("data-redline") is not None or node.tag == ("ins" if side == "old" else "del")
            or node.get("data-only") == ("new" if side == "old" else "old"))


def _collect(node: etree._Element, side: str) -> list[str]:
    parts = [node.text or ""]
    for child in node:
        if not _dropped(child, side):
            parts.extend(_collect(child, side))
        parts.append(child.tail or "")
    return parts


def reading(scope: etree._Element, side: str) -> list[str]:
    """The words of every law-text element under ``scope``, as the ``side`` version reads."""
    words: list[str] = []
    for law in scope.xpath("." + _LAW):
        if any(_dropped(up, side) for up in law.iterancestors()):
            continue
        words.extend("".join(_collect(law, side)).split())
    return words

"""Word's automatic numbering, recovered as the labels Word prints ("(a)", "(1)", "iv.").

A numbered paragraph holds no label in its text: its ``w:numPr`` (or its style's) names a list
(``w:numId``) and a level (``w:ilvl``); the list points at an ``w:abstractNum`` whose level says
how to print the number (``w:numFmt``: decimal, lowerLetter, upperLetter, lowerRoman, upperRoman
…) inside a pattern (``w:lvlText``, e.g. ``"(%1)"``, ``"%1.%2."``). This module replays Word's
counting over the paragraphs in order:

* a paragraph at level L advances L's counter (the first one takes the level's ``w:start``) and
  restarts every deeper level;
* lists (``w:num``) that share an abstract definition share its counters, as Word counts them,
  unless a list overrides a level's start (``w:lvlOverride/w:startOverride``), which restarts that
  level where the list is first used;
* ``%N`` in the pattern prints level N-1's current value in that level's format (all decimal
  under ``w:isLgl``); letters past z double (aa, bb …); ``bullet`` and ``none`` print the pattern
  as is.
"""

from __future__ import annotations

__all__ = ["Level", "Numbering", "read_numbering", "format_number"]

import re
from dataclasses import dataclass, field

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True, slots=True)
class Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    legal: bool = False
    suffix: str = "tab"  # what Word puts between the label and the text: tab, space, nothing


_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
          (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def format_number(value: int, fmt: str) -> str:
    """One counter value as Word prints it in a level of format ``fmt``."""
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1) if value > 0 else ""
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        out, rest = "", value
        for number, numeral in _ROMAN:
            while rest >= number:
                out, rest = out + numeral, rest - number
        return out.upper() if fmt == "upperRoman" else out
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt in ("none", "bullet"):
        return ""
    return str(value)


def _val(element: etree._Element | None, name: str, default: str = "") -> str:
    if element is None:
        return default
    found = element.find(W + name)
    return default if found is None else found.get(W + "val", default)


def _int(text: str, default: int) -> int:
    return int(text) if re.fullmatch(r"-?\d{1,9}", text) else default


def _level(lvl: etree._Element) -> Level:
    return Level(fmt=_val(lvl, "numFmt", "decimal"), text=_val(lvl, "lvlText", "%1."),
                 start=_int(_val(lvl, "start", "1"), 1),
                 legal=lvl.find(W + "isLgl") is not None, suffix=_val(lvl, "suff", "tab"))


def _levels(parent: etree._Element) -> dict[int, Level]:
    return {_int(lvl.get(W + "ilvl", "0"), 0): _level(lvl) for lvl in parent.iter(W + "lvl")}


@dataclass
class Numbering:
    """The numbering definitions of one document and the counters of one reading of it."""

    abstract: dict[str, dict[int, Level]] = field(default_factory=dict)
    nums: dict[str, str] = field(default_factory=dict)  # numId -> abstractNumId
    overrides: dict[str, dict[int, tuple[int | None, Level | None]]] = field(default_factory=dict)
    _values: dict[str, dict[int, int]] = field(default_factory=dict)
    _started: set[tuple[str, int]] = field(default_factory=set)

    def restart(self) -> None:
        """Forget every counter, to count the paragraphs of another reading (the other side of
        an amendment) from the beginning."""
        self._values.clear()
        self._started.clear()

    def level(self, num_id: str, ilvl: int) -> Level | None:
        """The level definition a paragraph in list ``num_id`` at ``ilvl`` prints with."""
        abstract = self.nums.get(num_id)
        if abstract is None:
            return None
        override = self.overrides.get(num_id, {}).get(ilvl)
        if override is not None and override[1] is not None:
            return override[1]
        return self.abstract.get(abstract, {}).get(ilvl)

    def label(self, num_id: str, ilvl: int) -> tuple[str, str] | None:
        """Count one paragraph and return ``(label, suffix)``, or None when it is not numbered."""
        definition = self.level(num_id, ilvl)
        if num_id == "0" or definition is None:
            return None
        abstract = self.nums[num_id]
        values = self._values.setdefault(abstract, {})
        override = self.overrides.get(num_id, {}).get(ilvl)
        if override is not None and override[0] is not None and (num_id, ilvl) not in \
                self._started:
            values[ilvl] = override[0]
        elif ilvl in values:
            values[ilvl] += 1
        else:
            values[ilvl] = definition.start
        self._started.add((num_id, ilvl))
        for deeper in [k for k in values if k > ilvl]:
            del values[deeper]

        def number(match: re.Match[str]) -> str:
            at = int(match.group(1)) - 1
            level = self.level(num_id, at) or Level()
            value = values.get(at, level.start)
            fmt = "decimal" if definition.legal and level.fmt != "none" else level.fmt
            return format_number(value, fmt)

        return re.sub(r"%([1-9])", number, definition.text), definition.suffix


def read_numbering(root: etree._Element | None) -> Numbering:
    """The definitions of ``word/numbering.xml`` (None: a document without numbering)."""
    numbering = Numbering()
    if root is None:
        return numbering
    for abstract in root.iter(W + "abstractNum"):
        numbering.abstract[abstract.get(W + "abstractNumId", "")] = _levels(abstract)
    for num in root.iter(W + "num"):
        num_id = num.get(W + "numId", "")
        numbering.nums[num_id] = _val(num, "abstractNumId")
        for override in num.iter(W + "lvlOverride"):
            ilvl = _int(override.get(W + "ilvl", "0"), 0)
            start = _val(override, "startOverride")
            lvl = override.find(W + "lvl")
            numbering.overrides.setdefault(num_id, {})[ilvl] = (
                _int(start, 1) if start else None, _level(lvl) if lvl is not None else None)
    return numbering

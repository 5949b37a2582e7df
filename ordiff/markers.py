"""Recognise designations at the start of a line: section numbers, containers and clause markers.

This module answers one question per line ("does a designation start here, and of what style?") and
knows how marker labels count ((a) → (b), (1) → (1A) → (2), (iv) → (v)). Deciding *levels* is the
parser's job (``read_text``), which uses the styles recognised here: a style already open is a
sibling level, a new style goes one level deeper.
"""

from __future__ import annotations

__all__ = [
    "Style", "MarkerMatch", "SectionMatch", "ContainerMatch",
    "match_section", "match_container", "match_marker", "is_note",
    "roman_value", "is_next_label", "is_first_label", "split_heading",
]

import re
from dataclasses import dataclass
from typing import NamedTuple


class Style(NamedTuple):
    """A marker style: its punctuation ("()" or ".") and its counter (digit, lower, upper, roman,
    ROMAN)."""

    punct: str
    counter: str


@dataclass(frozen=True, slots=True)
class MarkerMatch:
    """A clause marker at the start of a line. ``styles`` has two entries when the label is
    ambiguous, e.g. ``(i)`` is a letter after ``(h)`` but a roman numeral under a letter."""

    marker: str  # as printed, e.g. "(a)" or "b."
    label: str  # the label inside: "a", "1A", "iv"
    styles: tuple[Style, ...]
    rest: str  # what follows on the line, stripped


@dataclass(frozen=True, slots=True)
class SectionMatch:
    marker: str  # as printed: "§ 44.02.", "SEC. 12H.2.", "19.30.", "Section 44.06. -"
    number: str  # "44.02", "12H.2", "19.30"
    rest: str


@dataclass(frozen=True, slots=True)
class ContainerMatch:
    kind: str  # "chapter", "title", "article", "part", "subchapter"
    marker: str  # "CHAPTER 44."
    number: str  # "44"
    rest: str


_NUMBER = r"\d+[A-Za-z]?(?:[.\-]\d+[A-Za-z]?)*(?:[.\-]\d+[A-Za-z]*)?"
_SECTION_PREFIXED = re.compile(
    rf"^(?P<prefix>§+\s*|Sec\.\s*|SEC\.\s*)(?P<num>{_NUMBER})(?P<sep>\.(?!\d)(?:\s+-(?=\s|$))?|(?=\s)|$)")
_SECTION_WORD = re.compile(
    rf"^(?P<prefix>Section\s+|SECTION\s+)(?P<num>{_NUMBER})(?P<sep>\.(?!\d)(?:\s+-(?=\s|$))?|\s+-(?=\s|$)|:|$)")
_SECTION_BARE = re.compile(
    r"^(?P<prefix>)(?P<num>\d+[A-Za-z]?(?:[.\-]\d+[A-Za-z]?)+)(?P<sep>\.(?=\s|$)|(?=\s)|$)")
_CONTAINER = re.compile(
    r"^(?P<word>CHAPTER|Chapter|TITLE|Title|ARTICLE|Article|PART|Part|SUBCHAPTER|Subchapter)"
    r"\s+(?P<num>[0-9IVXLC]+[A-Za-z]?(?:[.\-][0-9A-Za-z]+)*)(?P<sep>[.:]?)(?=\s|$)")
_PAREN = re.compile(r"^\((?P<label>\d{1,3}[A-Za-z]?|[a-z]{1,5}|[A-Z]{1,5})\)(?=\s|$|\()")
_DOT = re.compile(r"^(?P<label>\d{1,3}|[a-z]|[A-Z])\.(?=\s|$)")
_NOTE = re.compile(
    r"^\((?:Added|Amended|Amend\.?|Ord\.|Ord\s|Ords\.|Code\s|Res\.|Prior\s|Formerly|Source|"
    r"Repealed|Renumbered|Editor|Coun\.\s*J\.|History|Derived)")
_ROMAN = re.compile(r"^(?=[ivxlc])(c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
_ROMAN_DIGITS = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def roman_value(label: str) -> int | None:
    """The value of a roman numeral (either case), or None if ``label`` is not one."""
    low = label.lower()
    if not low or not _ROMAN.match(low):
        return None
    total = 0
    for i, ch in enumerate(low):
        value = _ROMAN_DIGITS[ch]
        nxt = _ROMAN_DIGITS[low[i + 1]] if i + 1 < len(low) else 0
        total += -value if value < nxt else value
    return total


def _counters(label: str) -> tuple[str, ...]:
    if label[0].isdigit():
        return ("digit",)
    if label.islower():
        if roman_value(label) is None:
            return ("lower",)
        return ("lower", "roman") if len(label) == 1 else ("roman", "lower")
    if roman_value(label) is None:
        return ("upper",)
    return ("upper", "ROMAN") if len(label) == 1 else ("ROMAN", "upper")


def match_marker(line: str) -> MarkerMatch | None:
    """A clause marker at the start of ``line`` (already stripped of indentation)."""
    m = _PAREN.match(line)
    punct = "()"
    if m is None:
        m = _DOT.match(line)
        punct = "."
    if m is None:
        return None
    label = m.group("label")
    if len(label) > 1 and label.isalpha() and roman_value(label) is None and len(set(label)) != 1:
        return None  # "(ab)" is neither a doubled letter (aa) nor a roman numeral
    styles = tuple(Style(punct, c) for c in _counters(label))
    if punct == "." and any(s.counter in ("roman", "ROMAN") for s in styles):
        styles = tuple(s for s in styles if s.counter not in ("roman", "ROMAN"))
    return MarkerMatch(m.group(0), label, styles, line[m.end():].strip())


def match_section(line: str) -> SectionMatch | None:
    """A section designation at the start of ``line``: ``19.30.``, ``§ 44.02.``, ``Sec. 2-173-020``,
    ``SEC. 12H.2.``, ``Section 44.06 -``. Prose such as "Section 44.06 of the Code" is not one."""
    for pattern in (_SECTION_PREFIXED, _SECTION_WORD, _SECTION_BARE):
        m = pattern.match(line)
        if m is None:
            continue
        rest = line[m.end():].strip()
        if rest and not _starts_like_heading(rest):
            return None
        if pattern is _SECTION_BARE and not rest and not m.group("sep"):
            return None  # a lone "1.5" is more likely a figure than a section
        return SectionMatch(line[: m.end()].strip(), m.group("num"), rest)
    return None


def _starts_like_heading(rest: str) -> bool:
    first = rest[0]
    return first.isupper() or first.isdigit() or first in "(\"“'‘[-–—"


def match_container(line: str) -> ContainerMatch | None:
    """``CHAPTER 44. EMPLOYEE AUTHORITY …``, ``CHAPTER 12H: IMMIGRATION STATUS``, ``Title 24``."""
    m = _CONTAINER.match(line)
    if m is None:
        return None
    rest = line[m.end():].strip()
    word = m.group("word")
    if not word.isupper() and rest and not rest[0].isupper():
        return None  # "Chapter 44 of the Administrative Code …" is prose
    return ContainerMatch(word.lower(), line[: m.end()].strip(), m.group("num"), rest)


def is_note(line: str) -> bool:
    """A history note such as ``(Ord. No. 1304-2017, § 1, 6-5-2017)`` or ``(Added Coun. J. …)``."""
    return _NOTE.match(line) is not None


def _ordinal(label: str, counter: str) -> tuple[int, str]:
    if counter == "digit":
        digits = re.match(r"\d+", label)
        assert digits is not None
        return int(digits.group(0)), label[digits.end():]
    if counter in ("roman", "ROMAN"):
        return roman_value(label) or 0, ""
    if len(label) > 1:  # aa, bb: the 27th, 28th …
        return 26 * (len(label) - 1) + ord(label[0].lower()) - 96, ""
    return ord(label.lower()) - 96, ""


def is_next_label(previous: str, label: str, counter: str) -> bool:
    """Whether ``label`` can follow ``previous`` at the same level: (1) → (2), (1) → (1A),
    (1A) → (1B), (1A) → (2), (h) → (i), (iv) → (v)."""
    (p, p_suffix), (n, n_suffix) = _ordinal(previous, counter), _ordinal(label, counter)
    if n == p + 1 and not n_suffix:
        return True
    if n == p and counter == "digit":
        if not p_suffix:
            return n_suffix.upper() == "A"
        return len(n_suffix) == len(p_suffix) and ord(n_suffix[-1].upper()) == ord(
            p_suffix[-1].upper()) + 1
    return False


def is_first_label(label: str, counter: str) -> bool:
    """Whether ``label`` starts a list: 1, a, A, i, I."""
    return _ordinal(label, counter) == (1, "")


_SENTENCE = re.compile(r"^(?P<s>.+?[.:])(?=\s|$)")


def split_heading(rest: str, whole_line: bool) -> tuple[str | None, str]:
    """Split a section line's remainder into (heading, text).

    The heading is the first sentence when it is short: at most 12 words when text follows it on
    the line, at most 25 when it ends the line. A remainder that starts with a clause marker has no
    heading. ``whole_line`` is False when the remainder continues on the next line (hard-wrapped
    text), in which case a sentence ending the line is still a heading only if short.
    """
    if not rest or match_marker(rest):
        return None, rest
    m = _SENTENCE.match(rest)
    if m is None or m.group("s").endswith(":"):
        if whole_line and rest.upper() == rest and any(c.isalpha() for c in rest):
            return rest, ""  # an all-capitals catch line without a period: "PREAMBLE"
        return None, rest
    sentence = m.group("s")
    after = rest[m.end():].strip()
    words = len(sentence.split())
    if words <= 12 or (not after and whole_line and words <= 25 and _reads_as_catch_line(sentence)):
        return sentence, after
    return None, rest


_PREDICATE = re.compile(r"\b(?:shall|is|are|was|were|may|must|will|means|has|have|values)\b|"
                        r"^(?:The|This|That|It|A|An)\b")


def _reads_as_catch_line(sentence: str) -> bool:
    """A long catch line is a noun phrase ("Denial of city services, misuse of …"), not a
    sentence with a predicate."""
    return _PREDICATE.search(sentence) is None

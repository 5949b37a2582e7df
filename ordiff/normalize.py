"""Comparison keys: the named normalisations a word diff may be told to ignore.

Each fold is a pure ``str -> str`` function that maps text to the form it is *compared* in. The
diff never shows a folded string: :mod:`ordiff.textdiff` compares tokens through :func:`key_function`
but its spans always carry the real text, so no character of law is ever lost or replaced.

The names, in the order the folds apply (hyphenation must see the line break before whitespace
folding turns it into a space):

``hyphenation``
    a word broken across lines with a hyphen is the whole word: ``"employ-\\nees"`` -> ``"employees"``.
``whitespace``
    any run of whitespace (spaces, tabs, newlines, no-break spaces) is one space: line wrapping is
    layout, not law.
``quotes``
    curly, low-9 and reversed quotes fold to the straight ``'`` and ``"``.
``dashes``
    hyphen, non-breaking hyphen, figure dash, en dash, em dash, horizontal bar and minus fold to
    the hyphen-minus ``-``.
``case``
    Unicode case folding (``str.casefold``: ``"Straße"`` and ``"STRASSE"`` compare equal).
"""

from __future__ import annotations

__all__ = [
    "NORMALISATIONS", "HYPHEN_BREAK", "fold_hyphenation", "fold_whitespace", "fold_quotes",
    "fold_dashes", "fold_case", "key_function",
]

import re
from collections.abc import Callable, Iterable

from .errors import OrdiffError

#: A line-end hyphen and the line break after it (spaces around the break included):
#: hyphen-minus, U+2010 HYPHEN or U+00AD SOFT HYPHEN, then one newline. Two newlines (a paragraph
#: break) are never hyphenation.
HYPHEN_BREAK = r"[-\u2010\u00ad][^\S\n]*\n[^\S\n]*"

# Between two word characters, or after one at the very end of a token: a character-granular diff
# cuts "employ-\nees" into tokens such as "y-\n" (the letter carries its break), which must key
# as "y". A word-granular token never ends in a break, so the end case only serves that.
_HYPHEN_BREAK_IN_WORD = re.compile(rf"(?<=\w){HYPHEN_BREAK}(?=\w|\Z)")
_WHITESPACE_RUN = re.compile(r"\s+")
_QUOTES = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",  # ‘ ’ ‚ ‛
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',  # “ ” „ ‟
})
_DASHES = str.maketrans({
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-",  # hyphen, nb hyphen, figure, en
    "\u2014": "-", "\u2015": "-", "\u2212": "-",  # em dash, horizontal bar, minus sign
})


def fold_hyphenation(text: str) -> str:
    """Join words broken at a line end: ``"employ-\\nees"`` -> ``"employees"``.

    Why: a printed edition hyphenates where its column ends; the word is the same. The cost is
    that a real compound broken at a line end (``"non-\\nresident"``) keys as ``"nonresident"``
    and so no longer matches ``"non-resident"``: shown as a change, never hidden.
    """
    return _HYPHEN_BREAK_IN_WORD.sub("", text)


def fold_whitespace(text: str) -> str:
    """Every run of whitespace becomes one space (presence still counts, amount does not)."""
    return _WHITESPACE_RUN.sub(" ", text)


def fold_quotes(text: str) -> str:
    """Curly and low quotes become straight ones (typesetting, not wording)."""
    return text.translate(_QUOTES)


def fold_dashes(text: str) -> str:
    """All hyphen and dash characters become ``-`` (editions differ in which they print)."""
    return text.translate(_DASHES)


def fold_case(text: str) -> str:
    """Unicode case folding, stronger than ``lower()`` (``"ß"`` -> ``"ss"``)."""
    return text.casefold()


_FOLDS: dict[str, Callable[[str], str]] = {
    "hyphenation": fold_hyphenation,
    "whitespace": fold_whitespace,
    "quotes": fold_quotes,
    "dashes": fold_dashes,
    "case": fold_case,
}

#: Every normalisation name, in the order the folds apply.
NORMALISATIONS: tuple[str, ...] = tuple(_FOLDS)


def key_function(names: Iterable[str]) -> Callable[[str], str]:
    """The comparison key that applies the named folds in :data:`NORMALISATIONS` order.

    Raises:
        OrdiffError: a name that is not a normalisation (a typo must not silently compare exactly).
    """
    wanted = set(names)
    unknown = sorted(wanted.difference(_FOLDS))
    if unknown:
        raise OrdiffError(f"unknown normalisation: {', '.join(unknown)}",
                          hint=f"known: {', '.join(NORMALISATIONS)}")
    folds = tuple(fold for name, fold in _FOLDS.items() if name in wanted)

    def key(text: str) -> str:
        for fold in folds:
            text = fold(text)
        return text

    return key

"""Word diff of two strings: diff-match-patch over placeholder characters, one per token.

diff-match-patch diffs characters, and a character diff of prose cuts words apart
("e[xt]ent"). So the two texts are first cut into tokens — ``\\w+`` words, each punctuation mark
alone, each run of whitespace — and every distinct token becomes one placeholder character
(Unicode private use first: U+E000–U+F8FF, then planes 15 and 16, then the rest of the code space,
surrogates skipped). diff-match-patch diffs those short strings (``Diff_Timeout = 0``: a time limit
makes results depend on machine load; ``checklines=False``), cleans them up semantically *at token
level* (so no cleanup ever splits a word; the port's cleanup, in C where built:
:mod:`ordiff.diff_cleanup`), and the result is mapped back to the real tokens.
A pair whose tokens differ in many places, or a long one, is first cut at tokens (or runs of
tokens) found once on each side, and only the gaps go to diff-match-patch's bisect
(:mod:`ordiff.textdiff_anchor`): the bisect's time grows with the square of the difference.

Normalisation (:class:`DiffOptions`, folds in :mod:`ordiff.normalize`) is applied to the *key*
a token is placeholdered by, never to the text: tokens equal under the key share a placeholder.
When the diff pairs two tokens that are equal only under the key (``"\\n"`` and ``" "``; ``’``
and ``'``), they are not an equality: they become a ``-old`` ``+new`` pair whose spans carry
``ignored=True``. So:

* joining the ``=`` and ``-`` spans gives ``old`` exactly, ``=`` and ``+`` gives ``new`` exactly;
* no span is empty, no two neighbours share an op, and a replacement is always ``-`` then ``+``
  (legislative convention: struck text before inserted text);
* a change between two equalities is one ``-``/``+`` pair; it is ``ignored`` only if *every* token
  in it differs only in ignored ways. An ignored difference touching a real change joins that change
  (shown in full, never hidden). Renderers show ``ignored`` pairs quietly (e.g. the new text in
  plain type); a renderer that knows nothing of the flag still shows a correct, louder, redline.
"""

from __future__ import annotations

__all__ = ["DiffOptions", "diff_text", "similarity", "similarity_bound"]

import functools
import itertools
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from typing import Literal

from diff_match_patch import diff_match_patch

from .accel import extension
from .diff_cleanup import cleanup_merge, cleanup_semantic
from .errors import OrdiffError
from .model import Op, Span
from .normalize import HYPHEN_BREAK, NORMALISATIONS, key_function
from .textdiff_anchor import LARGE, anchored_diff

Granularity = Literal["word", "char"]


@dataclass(frozen=True, slots=True)
class DiffOptions:
    """What a comparison ignores, each normalisation by name, and the diff's unit.

    Attributes:
        whitespace: runs of spaces, tabs and newlines compare equal (on: line wrapping is layout).
        quotes: straight and curly quotes and apostrophes compare equal.
        dashes: hyphen-minus, hyphen, en dash, em dash and minus compare equal.
        case: upper and lower case compare equal.
        hyphenation: a word hyphenated at a line end ("employ-\\nees") equals the whole word.
        granularity: ``"word"`` (default) or ``"char"`` (each character a token).
    """

    whitespace: bool = True
    quotes: bool = False
    dashes: bool = False
    case: bool = False
    hyphenation: bool = False
    granularity: Granularity = "word"

    def __post_init__(self) -> None:
        if self.granularity not in ("word", "char"):
            raise OrdiffError(f"unknown diff granularity {self.granularity!r}",
                              hint='use "word" or "char"')

    def ignored(self) -> tuple[str, ...]:
        """The normalisations that are on, by name, in the order they apply: what a report lists."""
        return tuple(name for name in NORMALISATIONS if getattr(self, name))

    @classmethod
    def from_ignored(cls, names: Sequence[str], granularity: Granularity = "word") -> DiffOptions:
        """The options that ignore exactly ``names`` (the inverse of :meth:`ignored`).

        Raises:
            OrdiffError: a name that is not a normalisation.
        """
        key_function(names)  # validates the names
        flags = {f.name: f.name in names for f in fields(cls) if f.name in NORMALISATIONS}
        return cls(granularity=granularity, **flags)


_DMP = diff_match_patch()
_DMP.Diff_Timeout = 0  # no time limit: the same inputs give the same diff on any machine
_DELETE, _EQUAL, _INSERT = -1, 0, 1

#: Placeholder code points in the order they are handed out: private use first (readable in a
#: debugger, never letters), then everything else but the surrogates (D800–DFFF).
_SYMBOL_RANGES = ((0xE000, 0xF8FF), (0xF0000, 0xFFFFD), (0x100000, 0x10FFFD),
                  (0x10000, 0xEFFFF), (0xF900, 0xFFFF), (0x0, 0xD7FF))


def _symbol(index: int) -> str:
    """The ``index``-th placeholder character."""
    for start, end in _SYMBOL_RANGES:
        if index <= end - start:
            return chr(start + index)
        index -= end - start + 1
    raise OrdiffError("too many distinct tokens to diff in one piece",
                      hint="diff clause by clause")


@functools.cache
def _tokenizer(granularity: Granularity, whitespace: bool, hyphenation: bool) -> re.Pattern[str]:
    """The token pattern. Tokens always tile the text: every character is in exactly one."""
    if granularity == "word":
        hyphenated = rf"\w+(?:{HYPHEN_BREAK}\w+)+|" if hyphenation else ""
        return re.compile(hyphenated + r"\w+|[^\w\s]|\s+")
    # A character diff: a hyphen break rides on the letter before it, so that it can key as that
    # letter; whitespace runs are one token when their amount is to be ignored.
    hyphenated = rf"\w{HYPHEN_BREAK}(?=\w)|" if hyphenation else ""
    return re.compile(hyphenated + (r"\s+|" if whitespace else "") + ".", re.DOTALL)


def _tokens(text: str, options: DiffOptions) -> list[str]:
    pattern = _tokenizer(options.granularity, options.whitespace, options.hyphenation)
    return pattern.findall(text)


@functools.cache
def _key(options: DiffOptions) -> Callable[[str], str]:
    if options.ignored() == ("whitespace",):
        return _space_key  # the default: one test a token instead of a regular expression
    return key_function(options.ignored())


def _space_key(token: str) -> str:
    """The whitespace fold of one token, which :func:`_tokenizer` makes all whitespace or none
    of it (without hyphenation, whose tokens span line ends)."""
    return " " if token.isspace() else token


def _encode(old: Sequence[str], new: Sequence[str], key: Callable[[str], str]) -> tuple[str, str]:
    """Both token lists as placeholder strings; tokens with equal keys share a placeholder.

    Placeholders go out in order of first appearance, old then new; each distinct token is keyed
    once, and the strings are joined in C (``map`` over a dict lookup)."""
    by_key: dict[str, str] = {}
    by_token: dict[str, str] = {}
    for token in dict.fromkeys(itertools.chain(old, new)):
        k = key(token)
        found = by_key.get(k)
        if found is None:
            found = by_key[k] = _symbol(len(by_key))
        by_token[token] = found
    symbol = by_token.__getitem__
    return "".join(map(symbol, old)), "".join(map(symbol, new))


class _SpanWriter:
    """Collects tokens into spans: each run of identical tokens one ``=``, each run between two
    such runs one ``-`` then one ``+``, flagged ``ignored`` if every token in it is equal under
    the key (a ``~`` pair) rather than deleted or inserted."""

    __slots__ = ("spans", "equal", "removed", "added", "real")

    def __init__(self) -> None:
        self.spans: list[Span] = []
        self.equal: list[str] = []
        self.removed: list[str] = []
        self.added: list[str] = []
        self.real = False

    def same(self, tokens: Sequence[str]) -> None:
        if self.removed or self.added:
            self._close_change()
        self.equal.extend(tokens)

    def change(self, removed: Sequence[str], added: Sequence[str], real: bool) -> None:
        if self.equal:
            self.spans.append(Span(Op.EQUAL, "".join(self.equal)))
            self.equal.clear()
        self.removed.extend(removed)
        self.added.extend(added)
        self.real = self.real or real

    def _close_change(self) -> None:
        ignored = not self.real
        if self.removed:
            self.spans.append(Span(Op.DELETE, "".join(self.removed), ignored))
        if self.added:
            self.spans.append(Span(Op.INSERT, "".join(self.added), ignored))
        self.removed.clear()
        self.added.clear()
        self.real = False

    def finish(self) -> tuple[Span, ...]:
        self.same(())
        if self.equal:
            self.spans.append(Span(Op.EQUAL, "".join(self.equal)))
        return tuple(self.spans)


def _spans(diffs: Sequence[tuple[int, str]], old: Sequence[str],
           new: Sequence[str]) -> tuple[Span, ...]:
    """Map the placeholder diff back to the real tokens, as spans.

    Placeholders are consumed by position, never looked up, since one may stand for many tokens.
    An equality whose tokens are identical (the common case, one list comparison in C) is copied
    whole; otherwise token by token, a pair equal only under the key becoming an ignored change.
    """
    out = _SpanWriter()
    i = j = 0
    for op, symbols in diffs:
        n = len(symbols)
        if op == _DELETE:
            out.change(old[i:i + n], (), True)
            i += n
        elif op == _INSERT:
            out.change((), new[j:j + n], True)
            j += n
        else:
            a, b = old[i:i + n], new[j:j + n]
            if a == b:
                out.same(a)
            else:
                for x, y in zip(a, b):
                    if x == y:
                        out.same((x,))
                    else:
                        out.change((x,), (y,), False)
            i, j = i + n, j + n
    return out.finish()


def _python_diff(a: str, b: str) -> list[tuple[int, str]]:
    """diff-match-patch's own ``diff_main`` (Python), no time limit, no line mode."""
    return _DMP.diff_main(a, b, False)  # type: ignore[no-any-return]


def _compiled_diff(a: str, b: str) -> list[tuple[int, str]]:
    """The same ``diff_main``, from Google's C++ implementation (``fast_diff_match_patch``):
    the same algorithm and the same diffs (``tests/test_textdiff.py`` holds the two equal on
    generated strings and every stored D.C. case), 20× faster on the whole D.C. Code's pairs."""
    return [(_OPS[op], text) for op, text in _fast_diff(
        a, b, timelimit=0, checklines=False, cleanup="No", counts_only=False)]


try:
    from fast_diff_match_patch import diff as _fast_diff
except ImportError:  # pragma: no cover - a platform without its wheel: the Python port
    _plain_diff = _python_diff
else:
    _plain_diff = _compiled_diff
_OPS = {"=": 0, "-": -1, "+": 1}


_DEFAULT = DiffOptions()
_C_TOKENS = extension("_difftokens")
#: :func:`_tokens` and :func:`_encode` of both texts at once under the default options, in C
#: (``ordiff/_difftokens.c``; the same tokens and placeholders, tests/test_textdiff_tokens.py),
#: or None where it is not built: a third of a whole code's word-diff time was these two steps.
_placeholders: Callable[[str, str], tuple[list[str], list[str], str, str] | None] | None = (
    _C_TOKENS.placeholders if _C_TOKENS is not None else None)


def _diff_symbols(a: str, b: str) -> list[tuple[int, str]]:
    """The raw diff of two placeholder strings; a long pair is anchored first
    (:mod:`ordiff.textdiff_anchor`), a short one goes straight to diff-match-patch."""
    if len(a) + len(b) <= LARGE:
        return _plain_diff(a, b)
    diffs = anchored_diff(a, b, _plain_diff)
    cleanup_merge(diffs)
    return diffs


def diff_text(old: str, new: str, options: DiffOptions = DiffOptions()) -> tuple[Span, ...]:
    """The word diff of ``old`` and ``new`` as spans (see the module docstring for guarantees).

    Deterministic: no time limit, placeholders handed out in order of first appearance.
    """
    found = _placeholders(old, new) if options == _DEFAULT and _placeholders else None
    if found is not None:
        old_tokens, new_tokens, a, b = found
    else:
        old_tokens, new_tokens = _tokens(old, options), _tokens(new, options)
        a, b = _encode(old_tokens, new_tokens, _key(options))
    diffs = _diff_symbols(a, b)
    cleanup_semantic(diffs)
    return _spans(diffs, old_tokens, new_tokens)


def _word_keys(text: str, options: DiffOptions) -> list[str]:
    """The keys of a text's word and punctuation tokens; whitespace does not count."""
    key = _key(options)
    return [key(token) for token in _tokenizer("word", False, options.hyphenation).findall(text)
            if not token.isspace()]


def similarity(old: str, new: str, options: DiffOptions = DiffOptions()) -> float:
    """How alike two texts are, 0..1: ``2·M / (words of old + words of new)``.

    Words are word and punctuation tokens compared through the options' key (whitespace never
    counts); ``M`` is how many a minimal word diff keeps, i.e. their longest common subsequence,
    so word order matters. 1.0 for equal texts (two empty texts included), 0.0 when nothing is
    shared. Deterministic. For many candidate pairs, filter by :func:`similarity_bound` first.
    """
    a, b = _word_keys(old, options), _word_keys(new, options)
    if not a and not b:
        return 1.0
    x, y = _encode(a, b, str)
    matched = sum(len(s) for op, s in _plain_diff(x, y) if op == _EQUAL)
    return 2 * matched / (len(a) + len(b))


def similarity_bound(old: str, new: str, options: DiffOptions = DiffOptions()) -> float:
    """A cheap upper bound of :func:`similarity` (same words, order ignored), linear time.

    Why: the aligner can drop a candidate pair whose bound is below its threshold without a diff.
    """
    a, b = Counter(_word_keys(old, options)), Counter(_word_keys(new, options))
    total = a.total() + b.total()
    if not total:
        return 1.0
    return 2 * (a & b).total() / total

"""Split an amendment in strike-and-underline form into the text before and the text after.

Importers that can see amendment markup (Word runs and tracked changes, HTML ``del``/``ins``)
hand over *paragraphs of marked segments*: each segment is ``("=", text)`` (kept), ``("-",
text)`` (struck or tracked deletion) or ``("+", text)`` (underlined or tracked insertion), and
each paragraph says what happened to its own break (``mark``). This module is the one place
that turns them into two texts.

Rules, so that neither side gains or loses a word:

* the text *before* is every ``=`` and ``-`` segment, the text *after* every ``=`` and ``+``;
* a paragraph whose break is inserted (``mark == "+"``) is not a paragraph of the text before,
  and one whose break is deleted (``"-"``) is not one of the text after: its words join the next
  paragraph's line on that side (as Word's accept-all and reject-all do);
* a paragraph whose every word is deleted (or inserted) loses its break with it, so a struck
  clause leaves no empty line behind;
* where a removed passage stood between two spaces, the space is kept once ("the [-old-] {+new+}
  rule" gives "the old rule" and "the new rule", not doubled spaces).
"""

from __future__ import annotations

__all__ = ["Segment", "Paragraph", "plain_text", "split_amendment", "has_changes",
           "effective_mark"]

from dataclasses import dataclass

#: ``(op, text)`` with op one of ``"="``, ``"-"``, ``"+"``.
Segment = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph (one line of the imported text) as marked segments.

    ``mark`` is what happened to the paragraph's own break: ``"="`` kept, ``"-"`` deleted (the
    paragraph joins the next one after the amendment), ``"+"`` inserted.
    """

    segments: tuple[Segment, ...]
    mark: str = "="


def has_changes(paragraphs: list[Paragraph]) -> bool:
    """Whether any segment or paragraph break is marked deleted or inserted."""
    return any(p.mark != "=" or any(op != "=" and text for op, text in p.segments)
               for p in paragraphs)


def effective_mark(paragraph: Paragraph) -> str:
    """The paragraph's break as the sides see it: its own mark, else ``"-"`` (``"+"``) when every
    word in it is deleted (inserted)."""
    if paragraph.mark != "=":
        return paragraph.mark
    ops = {op for op, text in paragraph.segments if text.strip()}
    return ops.pop() if len(ops) == 1 and ops != {"="} else "="


def _side(paragraphs: list[Paragraph], drop: str) -> str:
    """The text of one side: ``drop`` is the op that side leaves out."""
    lines: list[str] = []
    current: list[str] = []
    for paragraph in paragraphs:
        removed_since_space = False
        for op, text in paragraph.segments:
            if not text:
                continue
            if op == drop:
                removed_since_space = True
                continue
            if removed_since_space and current and current[-1].endswith(" ") and \
                    text.startswith(" "):
                text = text[1:]
            removed_since_space = False
            current.append(text)
        mark = effective_mark(paragraph)
        if mark == drop:
            continue  # this paragraph's break does not exist on this side
        lines.append("".join(current))
        current = []
    if current:
        lines.append("".join(current))
    return "\n".join(lines)


def plain_text(paragraphs: list[Paragraph]) -> str:
    """The text of paragraphs that carry no amendment markup (every segment kept)."""
    return "\n".join("".join(text for _, text in p.segments) for p in paragraphs)


def split_amendment(paragraphs: list[Paragraph]) -> tuple[str, str]:
    """``(before, after)``: the text with insertions left out, and with deletions left out."""
    return _side(paragraphs, "+"), _side(paragraphs, "-")

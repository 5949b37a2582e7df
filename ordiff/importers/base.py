"""What every importer returns, and the rules they share: the result type, the amendment switch
and the size limit on what is read.

An importer turns one input's bytes into the *text* the store keeps (the store holds plain text
only; the clause tree always comes from :func:`ordiff.read_text.parse_text` over that text), plus
the ``edits`` list that says exactly how the text was produced from the file.
"""

from __future__ import annotations

__all__ = ["AMENDMENT_MODES", "MAX_BYTES", "Converted", "finish", "blank_lines_tidy"]

from dataclasses import dataclass

from ..errors import SourceError, SourceWarning
from .marked import Paragraph, has_changes, plain_text, split_amendment

#: ``auto``: an amendment when the input holds amendment markup (tracked changes, struck text,
#: ``<del>``/``<ins>``); ``yes``: always split (underlined text then counts as inserted too);
#: ``no``: never (a file with tracked changes is then refused, never silently resolved).
AMENDMENT_MODES = ("auto", "yes", "no")

#: The most bytes any importer reads from one input or one part of a package (64 MiB): an
#: ordinance is a few hundred KB, the whole D.C. Code about 100 MB spread over thousands of files.
MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Converted:
    """One input read as text.

    Attributes:
        format: the format it was read as ("text", "docx", "html", "dcxml", "uslm", "akn").
        text: the text (for an amendment: the text after it).
        before: for an amendment document, the text before it; else None.
        edits: how the text was made from the file, for the store's ``edits`` field.
        warnings: what the reader noticed and could not keep (footnotes, hidden text …).
    """

    format: str
    text: str
    before: str | None = None
    edits: tuple[str, ...] = ()
    warnings: tuple[SourceWarning, ...] = ()


def blank_lines_tidy(text: str) -> str:
    """Cut trailing spaces on each line, blank lines at both ends, and end with one newline: the
    layout a stored text has. Words are untouched."""
    lines = [line.rstrip(" \t") for line in text.split("\n")]
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines) + "\n"


def finish(fmt: str, paragraphs: list[Paragraph], amendment: str, path: str,
           edits: list[str], warnings: list[SourceWarning], markup: str) -> Converted:
    """Make the result of a reader that sees amendment markup (``markup`` names it in edits)."""
    marked = has_changes(paragraphs)
    if amendment == "no" or not marked:
        if amendment == "yes":
            raise SourceError("no amendment markup found: nothing is struck or underlined",
                              path=path, hint="import it without --amendment yes")
        text = blank_lines_tidy(plain_text(paragraphs))
        if not text.strip():
            raise SourceError("no text found in the document", path=path,
                              hint="check the file holds the ordinance text")
        return Converted(fmt, text, None, tuple(edits), tuple(warnings))
    before, after = split_amendment(paragraphs)
    note = (f"split into the text before and after the amendment: {markup}")
    return Converted(fmt, blank_lines_tidy(after), blank_lines_tidy(before),
                     tuple([*edits, note]), tuple(warnings))

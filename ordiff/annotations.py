"""Notes on stored texts: sidecar files read, anchored to the words they quote, checked for
staleness, and placed beside the clause in a report.

A version's notes live next to its text, ``ordinances/<j>/<o>/<version>.notes.toml``::

    [[notes]]
    clause = "24-211.07/(g)"        # the clause id (ordiff show lists them)
    quote = "8 U.S.C. § 1373"       # words of that clause, exactly (spacing aside)
    note = "What the commentator says."
    author = "Who wrote the note"
    source = "What the note relies on"   # required: a note is commentary and cites its basis
    source_url = "https://…"             # optional

Notes are commentary written by users, never law text: the quote is the only law text a note may
hold, and only to anchor it. A note whose clause no longer holds the quoted words (the stored text
was replaced by a corrected copy, a clause renumbered) is **stale**: it is reported, with the
reason, and never pinned to other words.
"""

from __future__ import annotations

__all__ = ["Note", "Anchored", "Stale", "NoteCheck", "notes_path", "load_notes", "anchor_notes",
           "notes_for", "stale_warnings", "check_notes"]

import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import OrdiffError, SourceWarning, StoreError
from .model import Clause, Document, iter_clauses
from .store_meta import NOTES_SUFFIX as _SUFFIX

if TYPE_CHECKING:
    from .store import Problem, StoredVersion

_FIELDS = {"clause", "quote", "note", "author", "source", "source_url"}
_REQUIRED = ("clause", "quote", "note", "author", "source")


@dataclass(frozen=True, slots=True)
class Note:
    """One note as its file gives it; ``path`` and ``line`` point at its ``[[notes]]`` table."""

    clause: str
    quote: str
    text: str
    author: str
    source: str
    source_url: str = ""
    path: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class Anchored:
    """A note and where its quote is: in the clause's ``heading`` or ``text``, from ``start``."""

    note: Note
    clause: Clause
    field: str
    start: int


@dataclass(frozen=True, slots=True)
class Stale:
    note: Note
    reason: str


@dataclass(frozen=True, slots=True)
class NoteCheck:
    """A version's notes: those anchored to its words, and those that are stale."""

    anchored: tuple[Anchored, ...] = ()
    stale: tuple[Stale, ...] = ()


def notes_path(version: StoredVersion) -> Path:
    """Where a stored version's notes are kept (the file need not exist)."""
    return version.text_path.with_name(version.version + _SUFFIX)


def _lines(text: str) -> list[int]:
    """The line of each ``[[notes]]`` header, in order (tomllib gives no positions)."""
    return [i for i, line in enumerate(text.splitlines(), start=1)
            if line.strip().startswith("[[notes]]")]


def load_notes(path: Path, shown: str) -> tuple[Note, ...]:
    """The notes of one sidecar file (none when there is no file).

    Raises:
        StoreError: the file is not TOML, or a note lacks a field or has an unknown one.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ()
    except (OSError, UnicodeDecodeError) as exc:
        raise StoreError(f"cannot read the notes ({exc})", path=shown) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        at = re.search(r"at line (\d+)", str(exc))
        raise StoreError(f"not valid TOML: {exc}", path=shown,
                         line=int(at.group(1)) if at else None) from None
    lines = _lines(text)
    notes = []
    for index, raw in enumerate(data.get("notes", [])):
        line = lines[index] if index < len(lines) else 0
        notes.append(_note(raw, shown, line))
    return tuple(notes)


def _note(raw: Any, shown: str, line: int) -> Note:
    if not isinstance(raw, dict):
        raise StoreError("a note must be a [[notes]] table", path=shown, line=line)
    unknown = sorted(set(raw) - _FIELDS)
    if unknown:
        raise StoreError(f"unknown field '{unknown[0]}' in a note", path=shown, line=line,
                         hint="fields: " + ", ".join(sorted(_FIELDS)))
    for name in _REQUIRED:
        if not isinstance(raw.get(name), str) or not raw[name].strip():
            raise StoreError(f"a note needs '{name}'", path=shown, line=line,
                             hint="a note is commentary: it names its author and its source")
    return Note(raw["clause"], raw["quote"], raw["note"], raw["author"], raw["source"],
                str(raw.get("source_url", "")), shown, line)


def _find(quote: str, text: str) -> int:
    """Where ``quote`` starts in ``text``, spacing aside (a quote may wrap differently); -1."""
    words = quote.split()
    if not words:
        return -1
    found = re.search(r"\s+".join(re.escape(w) for w in words), text)
    return found.start() if found else -1


def anchor_notes(document: Document, notes: Sequence[Note]) -> NoteCheck:
    """Anchor each note to its clause's words, or say why it is stale."""
    clauses = {c.id: c for c in iter_clauses(document.clauses)}
    anchored: list[Anchored] = []
    stale: list[Stale] = []
    for note in notes:
        clause = clauses.get(note.clause)
        if clause is None:
            stale.append(Stale(note, f"no clause {note.clause} in {document.source.id}"))
            continue
        for field in ("text", "heading"):
            start = _find(note.quote, getattr(clause, field) or "")
            if start >= 0:
                anchored.append(Anchored(note, clause, field, start))
                break
        else:
            stale.append(Stale(note, f"clause {note.clause} no longer holds the quoted words "
                                     f"\u201c{note.quote}\u201d"))
    return NoteCheck(tuple(anchored), tuple(stale))


def notes_for(version: StoredVersion, document: Document) -> NoteCheck | None:
    """A stored version's notes anchored to its document; None when it has no notes file."""
    path = notes_path(version)
    if not path.is_file():
        return None
    shown = version.display[: -len(version.version + ".txt")] + version.version + _SUFFIX
    return anchor_notes(document, load_notes(path, shown))


def stale_warnings(check: NoteCheck) -> list[SourceWarning]:
    """Stale notes as warnings (``path:line: warning: stale note: …``)."""
    return [SourceWarning(s.note.path, s.note.line, f"stale note: {s.reason}; it is not shown "
                                                    "on the text")
            for s in check.stale]


def check_notes(root: Path, versions: Sequence[StoredVersion],
                parse: Callable[[StoredVersion], Document],
                problems: Sequence[Problem]) -> list[Problem]:
    """``ordiff check``'s problems with the notes added: a bad notes file is an error, a stale
    note a warning (a notes file beside a version is expected: ``store_meta.stray_files``)."""
    from .store import Problem

    sidecars = {notes_path(v).relative_to(root).as_posix(): v for v in versions}
    kept = list(problems)
    for name, version in sorted(sidecars.items()):
        if not (root / name).is_file():
            continue
        try:
            check = notes_for(version, parse(version))
        except OrdiffError as exc:
            kept.append(Problem("error", exc.path or name, exc.line or 0, exc.message,
                                exc.hint or ""))
            continue
        if check is None:
            continue
        kept += [Problem("warning", w.path, w.line, w.message) for w in stale_warnings(check)]
    return sorted(kept, key=lambda p: (p.path, p.line, p.severity, p.message))

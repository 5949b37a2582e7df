"""Plain text → the store's text: decoded (UTF-8, else Windows-1252 with a warning), line endings
made LF, nothing else changed."""

from __future__ import annotations

__all__ = ["read_plain"]

from ..decode import decode_bytes
from .base import Converted


def read_plain(data: bytes, path: str, amendment: str = "auto") -> Converted:
    """Read a text file's bytes. Plain text carries no amendment markup, so ``amendment`` may
    only be ``auto`` or ``no``."""
    from ..errors import SourceError

    if amendment == "yes":
        raise SourceError("plain text has no strike-through or underline to split", path=path,
                          hint="import the .docx or HTML that shows the amendment")
    text, warnings = decode_bytes(data, path)
    edits = [] if b"\r" not in data else ["line endings made LF"]
    if warnings:
        edits.append("re-encoded from Windows-1252 to UTF-8")
    if not text.endswith("\n"):
        text += "\n"
        edits.append("a final newline added")
    return Converted("text", text, None, tuple(edits), warnings)

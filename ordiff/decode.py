"""Bytes to text: the one place that decides an input's encoding and line endings.

Guarantees (what later stages may rely on):

* UTF-8, with or without a byte-order mark, is read as UTF-8 (the BOM is dropped);
* anything else is read as Windows-1252, with a warning naming the first undecodable line;
* CRLF and lone CR become LF;
* an empty file, or one holding a NUL byte (binary), is an error naming the file.

Nothing else is changed: non-breaking spaces, tabs and indentation are left for the parser, which
treats them as layout.
"""

from __future__ import annotations

__all__ = ["decode_bytes", "read_source_file"]

import codecs
from pathlib import Path

from .errors import SourceError, SourceWarning


def decode_bytes(data: bytes, path: str) -> tuple[str, tuple[SourceWarning, ...]]:
    """Decode one input's bytes; ``path`` is only used in messages."""
    if not data.strip():
        raise SourceError("the file is empty", path=path,
                          hint="give a file that holds the ordinance text")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise SourceError("this is a binary file, not text", path=path, line=line,
                          hint="give a plain-text (.txt), D.C. XML or other supported file")
    warnings: tuple[SourceWarning, ...] = ()
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc2:
            bad = data[: exc2.start].count(b"\n") + 1
            raise SourceError("the file is neither UTF-8 nor Windows-1252 text", path=path,
                              line=bad, hint="convert it to UTF-8") from None
        warnings = (SourceWarning(path, line, "not UTF-8; read as Windows-1252"),)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, warnings


def read_source_file(path: Path, display: str | None = None) -> tuple[str, tuple[SourceWarning, ...]]:
    """Read and decode a file, turning OS errors into one-line :class:`SourceError`."""
    shown = display or str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SourceError("no such file", path=shown,
                          hint="check the path, or run 'ordiff list' for stored ids") from None
    except IsADirectoryError:
        raise SourceError("this is a folder, not a file", path=shown) from None
    except OSError as exc:
        raise SourceError(f"cannot read the file: {exc.strerror}", path=shown) from None
    return decode_bytes(data, shown)

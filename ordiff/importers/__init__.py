"""Importers: read a file in any supported format as the text the store keeps.

Pipeline: :func:`read_input` reads at most :data:`~.base.MAX_BYTES`; :func:`.sniff.sniff` tells
the format by content; one reader per format turns the bytes into a :class:`~.base.Converted`
(``text``, ``before`` for an amendment, ``edits``, ``warnings``). Readers never write anything;
:mod:`ordiff.store_write` does, after everything has been read and checked.

=========  =====================================================================
format     reader
=========  =====================================================================
text       :mod:`.text` (decode only)
docx       :mod:`.docx` (Word; automatic numbering recovered; tracked changes, strike/underline)
html       :mod:`.html` (Legistar, Municode, American Legal, eLaws pages; del/ins, s/u)
dcxml      :mod:`.dcxml` (D.C. Council code XML, through :mod:`ordiff.read_dcxml`)
uslm       :mod:`.uslm` (United States Legislative Markup)
akn        :mod:`.akn` (Akoma Ntoso 3.0)
=========  =====================================================================
"""

from __future__ import annotations

__all__ = ["FORMATS", "AMENDMENT_MODES", "Converted", "convert", "read_input", "sniff"]

from collections.abc import Callable
from importlib import import_module
from pathlib import Path

from ..errors import SourceError
from .base import AMENDMENT_MODES, MAX_BYTES, Converted
from .sniff import FORMATS, sniff

_READERS = {"text": ("text", "read_plain"), "docx": ("docx", "read_docx"),
            "html": ("html", "read_html"), "dcxml": ("dcxml", "read_dc"),
            "uslm": ("uslm", "read_uslm"), "akn": ("akn", "read_akn")}


def read_input(path: Path, display: str | None = None) -> bytes:
    """A file's bytes, refusing anything larger than :data:`~.base.MAX_BYTES`."""
    shown = display or str(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise SourceError("no such file", path=shown) from None
    except IsADirectoryError:
        raise SourceError("this is a folder, not a file", path=shown) from None
    except OSError as exc:
        raise SourceError(f"cannot read the file: {exc.strerror}", path=shown) from None
    if len(data) > MAX_BYTES:
        raise SourceError(f"refused: the file is larger than {MAX_BYTES:,} bytes", path=shown,
                          hint="an ordinance is far smaller; import one document at a time")
    if not data.strip():
        raise SourceError("the file is empty", path=shown)
    return data


def convert(data: bytes, path: str, fmt: str | None = None,
            amendment: str = "auto") -> Converted:
    """Read one input's bytes as text.

    Args:
        data: the file's bytes.
        path: the file as the user named it, for messages.
        fmt: force a format (one of :data:`FORMATS`); by default it is told by content.
        amendment: ``auto``, ``yes`` or ``no`` (see :data:`~.base.AMENDMENT_MODES`).
    """
    if amendment not in AMENDMENT_MODES:
        raise SourceError(f"unknown amendment mode '{amendment}'",
                          hint="use one of: " + ", ".join(AMENDMENT_MODES))
    kind = fmt or sniff(data, path)
    if kind not in _READERS:
        raise SourceError(f"unknown format '{kind}'", path=path,
                          hint="use one of: " + ", ".join(FORMATS))
    module, name = _READERS[kind]
    reader: Callable[[bytes, str, str], Converted] = getattr(
        import_module(f"{__name__}.{module}"), name)
    return reader(data, path, amendment)

"""Any supported file as a clause tree, for the commands that read files directly (``diff``,
``show``, ``report``, ``export``): the importer's text parsed as the store would parse it."""

from __future__ import annotations

__all__ = ["load_file"]

import hashlib
from pathlib import Path

from ..errors import SourceError
from ..model import Document, SourceRef
from ..read_text import parse_text, read_text
from . import convert, read_input
from .sniff import sniff


def load_file(path: Path, display: str | None = None) -> Document:
    """Read ``path`` in whatever format its content shows (text, .docx, HTML, USLM, AKN …)."""
    shown = display or str(path)
    data = read_input(path, shown)
    if sniff(data, shown) == "text":
        return read_text(path, shown)
    converted = convert(data, shown)
    if converted.before is not None:
        raise SourceError("this is an amendment document (struck and underlined text)",
                          path=shown, hint="import it with 'ordiff import' to store the "
                                           "versions before and after, then compare those")
    source = SourceRef(id=shown, label=path.stem, sha256=hashlib.sha256(data).hexdigest())
    return parse_text(converted.text, path=shown, source=source, warnings=converted.warnings)

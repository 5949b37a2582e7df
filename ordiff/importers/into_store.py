"""``ordiff import``: read a file in any supported format and add it to the store as a version
(or as two, before and after, for an amendment in strike-and-underline form).

The file is read and converted completely, its text parsed, and the metadata built and checked,
before :func:`ordiff.store_write.add_versions` writes anything; a refused input leaves the store
untouched.
"""

from __future__ import annotations

__all__ = ["ImportRequest", "ImportResult", "import_file"]

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import SourceWarning, StoreError
from ..model import SourceRef
from ..read_text import parse_text
from ..store_meta import display as display_path
from ..store_write import NewOrdinance, NewVersion, add_versions
from . import convert, read_input

DATE_FIELDS = ("adopted", "effective", "as_of", "expires")


@dataclass(frozen=True, slots=True)
class ImportRequest:
    """What ``ordiff import`` was asked to do (every field but the first two is optional).

    ``version`` names the version; for an amendment it is the stem of ``<version>-before`` and
    ``<version>-after`` unless ``before``/``after`` name them. ``date`` fills the field
    ``date_field`` (default ``as_of``: the date the document's text is known to be as of).
    ``source`` is the address the file came from; ``publisher`` who published it, in words.
    ``title``, ``jurisdiction`` and ``citation`` are needed only to create a new ordinance.
    """

    into: str
    version: str
    date: date | None = None
    date_field: str = "as_of"
    status: str = "draft"
    source: str | None = None
    publisher: str | None = None
    label: str | None = None
    number: str | None = None
    completeness: str = "full"
    stops: str | None = None
    missing: str | None = None
    fmt: str | None = None
    amendment: str = "auto"
    before: str | None = None
    after: str | None = None
    title: str | None = None
    jurisdiction: str | None = None
    citation: str | None = None


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What was added: store ids, the files written, the format read and the warnings."""

    ids: tuple[str, ...]
    files: tuple[str, ...]
    format: str
    warnings: tuple[SourceWarning, ...]


def _fields(request: ImportRequest, name: str, fmt: str, digest: str, edits: tuple[str, ...],
            side: str) -> dict[str, Any]:
    label = request.label or request.version
    fields: dict[str, Any] = {"label": label + (f" ({side} the amendment)" if side else "")}
    if request.date is not None:
        fields[request.date_field] = request.date
    else:
        fields["date_note"] = "no date was given when the file was imported"
    if request.number:
        fields["number"] = request.number
    fields["status"] = request.status
    fields["source"] = request.publisher or f"the file {name}, imported with ordiff import"
    if request.source:
        fields["source_url"] = request.source
    else:
        fields["source_note"] = f"imported from the file {name}; its address was not given"
    fields["edits"] = list(edits)
    fields["completeness"] = request.completeness
    if request.completeness == "excerpt":
        for key in ("stops", "missing"):
            value = getattr(request, key)
            if not value:
                raise StoreError(f"an excerpt needs --{key}",
                                 hint="say where the copy stops and what is not in it")
            fields[key] = value
    note = f"imported from {name} (read as {fmt}; sha256 of the file {digest})"
    if side:
        note += (f"; the text {side} the amendment the file shows in strike-and-underline form")
    fields["notes"] = [note]
    return fields


def import_file(path: Path, request: ImportRequest, store_root: Path,
                display: str | None = None) -> ImportResult:
    """Read ``path`` and add it to the store at ``store_root`` as ``request`` says."""
    shown = display or str(path)
    if request.date_field not in DATE_FIELDS:
        raise StoreError(f"unknown date field '{request.date_field}'",
                         hint="use one of: " + ", ".join(DATE_FIELDS))
    data = read_input(path, shown)
    converted = convert(data, shown, request.fmt, request.amendment)
    digest = hashlib.sha256(data).hexdigest()
    if converted.before is None:
        plan = [(request.version, converted.text, "")]
    else:
        plan = [(request.before or f"{request.version}-before", converted.before, "before"),
                (request.after or f"{request.version}-after", converted.text, "after")]
    warnings = list(converted.warnings)
    versions = []
    for name, text, side in plan:
        ref = SourceRef(id=f"{request.into}@{name}", label=name, sha256="")
        target = display_path(store_root, f"{request.into}/{name}.txt")
        document = parse_text(text, path=target, source=ref)  # raises if it cannot be read
        warnings += document.warnings
        versions.append(NewVersion(name, text, _fields(request, path.name, converted.format,
                                                       digest, converted.edits, side)))
    head = None
    if request.title and request.jurisdiction and request.citation:
        head = NewOrdinance(request.title, request.jurisdiction, request.citation)
    try:
        files = add_versions(store_root, request.into, versions, head)
    except OSError as exc:
        raise StoreError(f"cannot write the store: {exc.strerror}", path=shown) from None
    return ImportResult(tuple(f"{request.into}@{v.version}" for v in versions), tuple(files),
                        converted.format, tuple(warnings))

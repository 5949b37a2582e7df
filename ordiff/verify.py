"""``ordiff verify report.pdf``: does a published redline still match the texts it claims to show?

Every PDF ordiff makes carries two attached files: the comparison as JSON (exactly what
``ordiff diff -f json`` prints) and the options it was made with. Verifying reads both back from
the PDF (a small reader for the attachments ordiff itself writes: no PDF library is needed), finds
each version's text by its SHA-256 (in the store, else the file the comparison names), compares the
texts again with the same options, and checks that the result is the comparison the PDF carries.
"""

from __future__ import annotations

__all__ = ["Verification", "attachments", "verify_pdf"]

import hashlib
import json
import re
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .errors import SourceError

if TYPE_CHECKING:
    from .store import Store

_OBJECT = re.compile(rb"<<\s*/Type\s*/EmbeddedFile\b")
_STREAM = re.compile(rb">>\s*stream\r?\n")


@dataclass(frozen=True, slots=True)
class Verification:
    """The outcome: whether the attached comparison is what the texts give today, and why not.

    ``lines`` says what was checked, one finding a line (the command prints them)."""

    matches: bool
    lines: tuple[str, ...]


def _dictionary(data: bytes, start: int) -> tuple[bytes, int] | None:
    """The dictionary text opening at ``start`` (nested ``<< >>`` allowed) and where it ends."""
    depth, i = 0, start
    while i < len(data) - 1:
        pair = data[i:i + 2]
        if pair == b"<<":
            depth, i = depth + 1, i + 2
            continue
        if pair == b">>":
            depth, i = depth - 1, i + 2
            if depth == 0:
                return data[start:i], i
            continue
        i += 1
    return None


def attachments(data: bytes) -> list[bytes]:
    """The contents of every embedded file stream of a PDF (checksums checked when given)."""
    if not data.startswith(b"%PDF-"):
        raise SourceError("not a PDF file", hint="give a PDF made by 'ordiff report -o FILE.pdf'")
    found: list[bytes] = []
    for match in _OBJECT.finditer(data):
        parsed = _dictionary(data, match.start())
        if parsed is None:
            continue
        head, end = parsed
        opening = _STREAM.match(data, end - 2)
        if opening is None:
            continue
        body_start = opening.end()
        length = re.search(rb"/Length\s+(\d+)\b(?!\s+\d+\s+R)", head)
        if length is not None:
            body = data[body_start:body_start + int(length.group(1))]
        else:
            body = data[body_start:data.find(b"endstream", body_start)].rstrip(b"\r\n")
        if re.search(rb"/Filter\s*/FlateDecode", head):
            try:
                body = zlib.decompressobj().decompress(body)
            except zlib.error:
                continue
        checksum = re.search(rb"/CheckSum\s*<([0-9a-fA-F]{32})>", head)
        if checksum is not None and \
                hashlib.md5(body, usedforsecurity=False).hexdigest() != checksum.group(1).decode():
            continue
        found.append(body)
    return found


def _attached(data: bytes) -> tuple[bytes, dict[str, Any], dict[str, Any]]:
    """The comparison's bytes, the comparison and the report options attached to a PDF."""
    from .render_pdf import REPORT_SCHEMA
    from .serialize import COMPARISON_SCHEMA

    by_schema: dict[str, tuple[bytes, dict[str, Any]]] = {}
    for body in attachments(data):
        try:
            parsed = json.loads(body)
        except ValueError:
            continue
        if isinstance(parsed, dict) and isinstance(parsed.get("schema"), str):
            by_schema.setdefault(parsed["schema"], (body, parsed))
    if COMPARISON_SCHEMA not in by_schema or REPORT_SCHEMA not in by_schema:
        raise SourceError("no ordiff comparison is attached to this PDF",
                          hint="only PDFs made by 'ordiff report' can be verified; a PDF "
                               "re-saved by another program may have lost its attachments")
    raw, comparison = by_schema[COMPARISON_SCHEMA]
    return raw, comparison, by_schema[REPORT_SCHEMA][1]


def _store(store_root: Path | None) -> Store | None:
    """The store, if there is one to look in (a PDF may name files only)."""
    from .api import open_store
    from .errors import OrdiffError

    try:
        return open_store(store_root)
    except OrdiffError:
        return None


def _locate(side: str, version: dict[str, Any], store: Store | None) -> tuple[str, str]:
    """A store id or file holding exactly the text the PDF names (by SHA-256), and a note."""
    from .api import looks_like_store_id

    want, named = version.get("sha256", ""), version.get("id", "")
    candidates = [] if store is None else sorted(
        store.versions, key=lambda v: (v.id != named, v.id))
    for stored in candidates:
        if stored.sha256 == want and _sha(stored.text_path) == want:
            note = "" if stored.id == named else f" (stored now as {stored.id})"
            return stored.id, f"{side} text: {named}{note}, SHA-256 {want[:12]}\u2026 found"
    if named and not looks_like_store_id(named) and Path(named).is_file() \
            and _sha(Path(named)) == want:
        return named, f"{side} text: file {named}, SHA-256 {want[:12]}\u2026 found"
    raise SourceError(f"the {side} text ({named or 'unnamed'}, SHA-256 {want[:12]}\u2026) is not "
                      "in the store, and no file with that content is where the PDF says",
                      hint="verify where the store holds both versions (--store DIR), or next "
                           "to the files the report was made from")


def _sha(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _differences(published: dict[str, Any], now: dict[str, Any]) -> list[str]:
    """What differs between two comparisons, at most a few lines."""
    out: list[str] = []
    for key in ("ignored", "granularity"):
        if published.get(key) != now.get(key):
            out.append(f"{key}: published {published.get(key)!r}, now {now.get(key)!r}")
    old_changes, new_changes = published.get("changes", []), now.get("changes", [])
    if len(old_changes) != len(new_changes):
        out.append(f"{len(old_changes)} change records published, {len(new_changes)} now")
    differing = [i for i, (a, b) in enumerate(zip(old_changes, new_changes)) if a != b]
    for i in differing[:3]:
        record = old_changes[i]
        where = "/".join(record.get("new_path") or record.get("old_path") or [])
        out.append(f"change {i + 1} ({where}): published {record.get('kind')}, now "
                   f"{new_changes[i].get('kind')}" + ("" if record.get("kind") !=
                                                      new_changes[i].get("kind") else
                                                      ", with different words"))
    if len(differing) > 3:
        out.append(f"\u2026 and {len(differing) - 3} more change records differ")
    return out


def verify_pdf(path: Path, store_root: Path | None = None) -> Verification:
    """Check the redline PDF at ``path`` against the texts it names."""
    from .api import compare_versions
    from .compare import CompareOptions
    from .serialize import comparison_to_dict
    from .textdiff import DiffOptions

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read the PDF ({exc.strerror})", path=str(path)) from None
    raw, published, report = _attached(data)
    lines = [f"made with ordiff {report.get('ordiff', '?')}; checked with ordiff {__version__}"]
    if report.get("comparison_sha256") != hashlib.sha256(raw).hexdigest():
        return Verification(False, (*lines, "the attached comparison was altered after the PDF "
                                            "was made (its SHA-256 is not the recorded one)"))
    refs = []
    store = _store(store_root)
    for side in ("old", "new"):
        ref, note = _locate(side, published.get(side, {}), store)
        refs.append(ref)
        lines.append(note)
    options = CompareOptions(float(report.get("threshold", 0.6)), DiffOptions.from_ignored(
        published.get("ignored", []), published.get("granularity", "word")))
    now = comparison_to_dict(compare_versions(refs[0], refs[1], options, store_root))
    for side in ("old", "new"):  # a version found under another id is still the same text
        now[side] = published.get(side, now[side])
    problems = _differences(published, now) if now != published else []
    if now != published and not problems:
        problems = ["the comparison differs from the attached one"]
    if problems:
        return Verification(False, (*lines, "DOES NOT MATCH: comparing the texts again gives "
                                            "another result:", *problems))
    quiet = ("unchanged", "not-in-old-copy", "not-in-new-copy")
    count = sum(1 for c in published.get("changes", []) if c.get("kind") not in quiet)
    return Verification(True, (*lines, f"MATCHES: comparing the texts again gives the attached "
                                       f"comparison ({count} changed clause records)"))

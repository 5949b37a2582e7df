"""The library's front door: load versions by store id or file, compare them, render them.

Every command of the CLI is one call here. Heavy dependencies are imported only by the stage that
needs them (WeasyPrint only for PDF).
"""

from __future__ import annotations

__all__ = ["load_document", "looks_like_store_id", "sniff_format", "compare_versions", "export",
           "open_store", "check", "read_stored", "render_matrix_report", "render_history_report"]

import re
from pathlib import Path

from typing import TYPE_CHECKING, NamedTuple

from .errors import RenderError, SourceError, StoreError
from .model import Comparison, Document

if TYPE_CHECKING:
    from collections.abc import Sequence

    from .annotations import NoteCheck
    from .compare import CompareOptions
    from .page_reports import PageReport
    from .html_parts import VersionInfo
    from .store import Problem, Store, StoredVersion
    from .pdf_page import PdfOptions
    from .section_memo import SectionMemo
    from .render_pdf import Progress
    from .verify import Verification

_ID = re.compile(r"^[a-z0-9][a-z0-9.-]*/[a-z0-9][a-z0-9.-]*(?:@[A-Za-z0-9][A-Za-z0-9.-]*)?$")


def looks_like_store_id(ref: str) -> bool:
    """``jurisdiction/ordinance@version`` (or without ``@version``) and not an existing path."""
    return bool(_ID.match(ref)) and not Path(ref).exists()


def sniff_format(path: Path, display: str | None = None) -> str:
    """The format of the file at ``path``, told by content as ``ordiff import`` tells it (one of
    :data:`ordiff.importers.FORMATS`); a folder is a D.C. title or code build ("dcxml")."""
    from .importers.sniff import sniff

    if path.is_dir():
        return "dcxml"
    try:
        with path.open("rb") as handle:
            head = handle.read(8192)  # all that sniff() looks at
    except OSError:
        return "text"  # the reader says what is wrong with the file
    return sniff(head, display or str(path))


def load_document(ref: str, store_root: Path | None = None,
                  memo: SectionMemo | None = None) -> Document:
    """A version as a clause tree, from a store id or a path (.txt, D.C. XML file or folder).

    ``memo``: for D.C. Code XML, sections of an earlier read to reuse where a file is
    byte-identical (two builds of a code share most of them), see :class:`SectionMemo`.
    """
    if looks_like_store_id(ref):
        return read_stored(open_store(store_root).get(ref))
    path = Path(ref)
    if not path.exists():
        raise SourceError("no such file, and not a store id", path=ref,
                          hint="give a file path, or an id such as "
                               "minneapolis/separation@2003 (see 'ordiff list')")
    kind = sniff_format(path, ref)
    if kind == "dcxml":
        from .read_dcxml import read_dcxml

        return read_dcxml(path, ref, memo)
    from .importers.load import load_file

    return load_file(path, ref)  # text, .docx, HTML, USLM, Akoma Ntoso: told by content


def compare_versions(old: str, new: str, options: CompareOptions | None = None,
                     store_root: Path | None = None) -> Comparison:
    """Load two versions (store ids or files) and compare them clause by clause."""
    from .compare import CompareOptions, compare
    from .section_memo import SectionMemo

    memo = SectionMemo()  # the new version's unchanged D.C. sections are the old one's clauses
    return compare(load_document(old, store_root, memo), load_document(new, store_root, memo),
                   options or CompareOptions())


def read_stored(version: StoredVersion) -> Document:
    """A stored version's text as a clause tree, with its provenance as the source."""
    from .read_text import read_text
    from .store import source_ref

    return read_text(version.text_path, version.display, source=source_ref(version),
                     section=version.section)


def open_store(store_root: Path | None = None) -> Store:
    """The ordinance store (``--store``, else ``ORDIFF_STORE``, else the bundled one)."""
    from .store import find_store, load_store

    return load_store(store_root or find_store())


def check(store_root: Path | None = None) -> list[Problem]:
    """Every problem in the store: metadata, checksums, parsing, numbering, notes."""
    from .annotations import check_notes
    from .store import check_store, find_store, load_store

    root = store_root or find_store()
    problems = check_store(root, read_stored)
    try:
        versions = load_store(root).versions
    except StoreError:
        return problems  # the metadata's own errors are already in the list
    return check_notes(root, versions, read_stored, problems)


class Report(NamedTuple):
    """A rendered report: its bytes, and the comparison it shows (for warnings and exit codes);
    ``warnings``: what the PDF renderer warned about (a user stylesheet's mistakes)."""

    data: bytes
    comparison: Comparison
    warnings: tuple[str, ...] = ()


def render_report(old: str | None = None, new: str | None = None, fmt: str = "html",
                  view: str = "inline", options: CompareOptions | None = None,
                  store_root: Path | None = None, pdf: PdfOptions | None = None,
                  progress: Progress | None = None) -> Report:
    """Compare two versions and render the redline report (``fmt``: ``"html"``; ``view``:
    ``"inline"``, ``"side-by-side"`` or ``"changes"``). With neither version given, the store's
    default comparison. The header shows the store's metadata for store ids. ``fmt="pdf"``
    takes its options from ``pdf`` (default: ``view`` decides changes only / side by side);
    ``progress(stage, done, total)`` hears about long PDF renders."""
    from .render_html import render_html

    if fmt not in ("html", "docx", "pdf"):
        raise RenderError(f"{fmt.upper()} output is not available yet",
                          hint="write .html, .pdf or .docx")
    if (old is None) != (new is None):
        raise SourceError("give both versions, or neither for the store's default comparison")
    if old is None or new is None:
        pair = open_store(store_root).default_pair()
        old, new = pair[0].id, pair[1].id
    comparison = compare_versions(old, new, options, store_root)
    infos = [_version_info(ref, doc, store_root)
             for ref, doc in ((old, comparison.old), (new, comparison.new))]
    if fmt == "docx":
        from .export_docx import export_docx

        return Report(export_docx(comparison, infos[1].created), comparison)
    notes = (_notes(old, comparison.old, store_root), _notes(new, comparison.new, store_root))
    if fmt == "pdf":
        from .align import DEFAULT_THRESHOLD
        from .pdf_page import PdfOptions
        from .render_pdf import render_pdf

        pdf = pdf or PdfOptions(changes_only=view == "changes",
                                side_by_side=view == "side-by-side")
        threshold = options.threshold if options is not None else DEFAULT_THRESHOLD
        result = render_pdf(comparison, infos[0], infos[1], pdf, threshold, progress, notes)
        return Report(result.data, comparison, result.warnings)
    return Report(render_html(comparison, infos[0], infos[1], view, notes), comparison)


def _notes(ref: str, document: Document, store_root: Path | None) -> NoteCheck | None:
    """A stored version's notes (``<version>.notes.toml``), anchored to its text."""
    if not looks_like_store_id(ref):
        return None
    from .annotations import notes_for

    return notes_for(open_store(store_root).get(ref), document)


def verify(path: Path, store_root: Path | None = None) -> Verification:
    """Whether the redline PDF at ``path`` still matches the texts it names (by SHA-256)."""
    from .verify import verify_pdf

    return verify_pdf(path, store_root)


def _version_info(ref: str, document: Document, store_root: Path | None) -> VersionInfo:
    """The store's metadata for a store id; what the file itself tells otherwise."""
    from .html_parts import VersionInfo

    if looks_like_store_id(ref):
        return VersionInfo.from_stored(open_store(store_root).get(ref), document.source)
    return VersionInfo(document.source)


def export(ref: str, fmt: str, against: str | None = None,
           options: CompareOptions | None = None, store_root: Path | None = None) -> bytes:
    """One version as ``text`` (a store id: its stored bytes) or Akoma Ntoso (``akn``); or, with
    ``against``, the comparison of ``ref`` (old) with ``against`` (new) as a Markdown redline
    (``md``)."""
    if fmt == "md":
        from .export_md import export_md

        if against is None:
            raise SourceError("a Markdown redline compares two versions",
                              hint="give the new version with --against")
        return export_md(compare_versions(ref, against, options, store_root)).encode("utf-8")
    if against is not None:
        raise SourceError(f"--against applies to --format md only, not {fmt}")
    if fmt == "text" and looks_like_store_id(ref):
        return open_store(store_root).get(ref).text_path.read_bytes()
    if fmt == "text":
        from .importers import convert, read_input

        return convert(read_input(Path(ref), ref), ref).text.encode("utf-8")
    if fmt != "akn":
        raise SourceError(f"unknown export format '{fmt}'", hint="use akn, text or md")
    from .export_akn import export_akn

    created = ""
    if looks_like_store_id(ref):
        when = open_store(store_root).get(ref).date
        created = when.isoformat() if when else ""
    return export_akn(load_document(ref, store_root), created)


def render_matrix_report(refs: Sequence[str], fmt: str = "html",
                         store_root: Path | None = None) -> PageReport:
    """The provision matrix of several versions (store ids, ordinance ids, files) as a page."""
    from .page_reports import matrix_report

    return matrix_report(refs, fmt, store_root)


def render_history_report(ref: str, fmt: str = "html",
                          store_root: Path | None = None) -> PageReport:
    """The history of one stored ordinance as a page."""
    from .page_reports import history_report

    return history_report(ref, fmt, store_root)

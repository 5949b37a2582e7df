"""The matrix and history commands' work: resolve the ids given, load the versions with their
store metadata, build the page, render it as HTML (or PDF when the PDF renderer can take a page).

A reference is a store version id (``chicago/2-173@current``), an ordinance id standing for its
newest stored version (``chicago/2-173``), or a file path.
"""

from __future__ import annotations

__all__ = ["PageReport", "resolve", "load_versions", "matrix_report", "history_report"]

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from .api import load_document, looks_like_store_id, open_store
from .errors import RenderError, SourceError, SourceWarning
from .html_parts import VersionInfo
from .model import Document
from .store import Ordinance, Store


class PageReport(NamedTuple):
    """A rendered page, and the warnings reading its versions produced."""

    data: bytes
    warnings: tuple[SourceWarning, ...]


def resolve(ref: str, store: Store | None) -> str:
    """A version id as given; for an ordinance id, its newest stored version."""
    if store is None or not looks_like_store_id(ref) or "@" in ref:
        return ref
    return _ordinance(store, ref).versions[-1]


def _ordinance(store: Store, ref: str) -> Ordinance:
    """The stored ordinance ``ref`` names (its id, or one of its versions' ids)."""
    name = ref.partition("@")[0]
    ordinance = next((o for o in store.ordinances if o.id == name), None)
    if ordinance is None:
        store.get(ref)  # raises with the nearest ids as a hint
        raise SourceError(f"unknown ordinance '{name}'")  # pragma: no cover - get always raises
    return ordinance


def load_versions(refs: Sequence[str], store_root: Path | None = None
                  ) -> tuple[list[Document], list[VersionInfo]]:
    """Each reference's document, and what the page says about it (the store's metadata)."""
    store = open_store(store_root) if any(looks_like_store_id(r) for r in refs) else None
    documents: list[Document] = []
    infos: list[VersionInfo] = []
    for ref in refs:
        version_id = resolve(ref, store)
        document = load_document(version_id, store_root)
        documents.append(document)
        if store is not None and looks_like_store_id(version_id):
            infos.append(VersionInfo.from_stored(store.get(version_id), document.source))
        else:
            infos.append(VersionInfo(document.source))
    return documents, infos


def _output(html: bytes, fmt: str, what: str, created: str) -> bytes:
    """The page as HTML, or as PDF through the PDF renderer (WeasyPrint, loading nothing but
    ordiff's own files): the same page, printed by its own print rules."""
    if fmt == "html":
        return html
    if fmt != "pdf":
        raise RenderError(f"{fmt} output of the {what} is not available", hint="write .html")
    from .pdf_page import PdfPage
    from .render_pdf import write_pdf

    return write_pdf(PdfPage(html, created, 1 + len(html) // 20_000), {}).data


def matrix_report(refs: Sequence[str], fmt: str = "html",
                  store_root: Path | None = None) -> PageReport:
    """The provision matrix of ``refs`` (at least two) as a page."""
    from .matrix import build_matrix
    from .render_matrix import render_matrix
    from .seeds import load_seeds

    if len(refs) < 2:
        raise SourceError("a matrix compares at least two texts",
                          hint="give two or more store ids, ordinance ids or files")
    documents, infos = load_versions(refs, store_root)
    matrix = build_matrix(documents, load_seeds().provisions)
    warnings = tuple(w for d in documents for w in d.warnings)
    created = max((i.created for i in infos if i.created), default="")
    return PageReport(_output(render_matrix(matrix, infos), fmt, "matrix", created), warnings)


def history_report(ref: str, fmt: str = "html", store_root: Path | None = None) -> PageReport:
    """The history of one stored ordinance (every version, oldest first) as a page."""
    from .history import build_history
    from .render_history import render_history
    from .seeds import load_seeds

    if not looks_like_store_id(ref):
        raise SourceError("a history needs an ordinance of the store",
                          hint="give an id such as district-of-columbia/24-211.07 "
                               "(see 'ordiff list')")
    store = open_store(store_root)
    ordinance = _ordinance(store, ref)
    documents, infos = load_versions(ordinance.versions, store_root)
    history = build_history(documents, load_seeds().timeline(ordinance.jurisdiction),
                            [store.get(v) for v in ordinance.versions])
    warnings = tuple(w for d in documents for w in d.warnings)
    return PageReport(_output(render_history(history, infos), fmt, "history", infos[-1].created),
                      warnings)

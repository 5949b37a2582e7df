"""Comparison → PDF redline: the print page (:mod:`ordiff.pdf_page`) rendered by WeasyPrint.

WeasyPrint is imported here only, and only when a PDF is made. Its URL fetcher refuses every
resource but ordiff's own files and ``data:`` URIs, so neither law text nor a user stylesheet can
make it read a local file or reach the network: a refused fetch stops the render with a
:class:`RenderError` naming the address. Every PDF carries the JSON comparison as an attachment
(``ordiff verify`` reads it back) and the options it was made with; dates come from the versions,
never from the clock, so the same inputs give byte-identical PDFs.
"""

from __future__ import annotations

__all__ = ["VARIANTS", "COMPARISON_FILE", "REPORT_FILE", "REPORT_SCHEMA", "PdfResult",
           "render_pdf", "write_pdf", "attachment_files"]

import hashlib
import logging
import os
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from importlib import resources
from typing import Any, NamedTuple
from urllib.parse import urlsplit
from urllib.request import url2pathname

from . import __version__
from .annotations import NoteCheck
from .align import DEFAULT_THRESHOLD
from .errors import RenderError
from .html_parts import VersionInfo
from .model import Comparison
from .pdf_page import PdfOptions, PdfPage, build_pdf_page
from .serialize import comparison_json, dumps

#: ``--pdf-variant`` names → (WeasyPrint's variant or None, tagged). PDF/A-1 and -2 are left out:
#: they cannot carry the JSON attachment that ``ordiff verify`` reads.
VARIANTS: dict[str, tuple[str | None, bool]] = {
    "tagged": (None, True), "untagged": (None, False),
    "pdf/a-3b": ("pdf/a-3b", True), "pdf/a-3u": ("pdf/a-3u", True),
    "pdf/a-3a": ("pdf/a-3a", True), "pdf/ua-1": ("pdf/ua-1", True),
}
COMPARISON_FILE = "ordiff-comparison.json"
REPORT_FILE = "ordiff-report.json"
REPORT_SCHEMA = "ordiff.pdf-report/1"
Progress = Callable[[str, int, int], None]


class PdfResult(NamedTuple):
    """The PDF, and what WeasyPrint warned about (only a user stylesheet should cause any)."""

    data: bytes
    warnings: tuple[str, ...]


def attachment_files(comparison: Comparison, options: PdfOptions,
                     threshold: float = DEFAULT_THRESHOLD) -> dict[str, bytes]:
    """The files every PDF carries: the comparison (``ordiff diff -f json``'s bytes) and the
    report's options, which ``ordiff verify`` needs to make the comparison again."""
    data = comparison_json(comparison).encode("utf-8")
    report = {"schema": REPORT_SCHEMA, "ordiff": __version__,
              "comparison_sha256": hashlib.sha256(data).hexdigest(),
              "threshold": threshold, "ignored": list(comparison.ignored),
              "granularity": comparison.granularity,
              "old": comparison.old.source.id, "new": comparison.new.source.id,
              "changes_only": options.changes_only, "side_by_side": options.side_by_side,
              "line_numbers": options.line_numbers, "clean_copy": options.clean_copy,
              "variant": options.variant, "stylesheet": bool(options.stylesheet)}
    return {COMPARISON_FILE: data, REPORT_FILE: dumps(report).encode("utf-8")}


def render_pdf(comparison: Comparison, old: VersionInfo | None = None,
               new: VersionInfo | None = None, options: PdfOptions = PdfOptions(),
               threshold: float = DEFAULT_THRESHOLD, progress: Progress | None = None,
               notes: tuple[NoteCheck | None, NoteCheck | None] = (None, None)) -> PdfResult:
    """The PDF redline of ``comparison``. ``progress(stage, done, total)`` hears about long
    renders (``total`` is an estimate of the page count); ``notes`` (the versions' annotations)
    print as footnotes."""
    if options.variant not in VARIANTS:
        raise RenderError(f"unknown PDF variant {options.variant!r}",
                          hint="use " + ", ".join(VARIANTS) + " (PDF/A-1 and PDF/A-2 cannot "
                               "carry the attached comparison)")
    page = build_pdf_page(comparison, old, new, options, notes=notes)
    return write_pdf(page, attachment_files(comparison, options, threshold), options.variant,
                     progress)


def _own_folder() -> str:
    return os.path.realpath(str(resources.files("ordiff") / "static"))


def allowed(url: str) -> bool:
    """A ``data:`` URI, or a file inside ordiff's own ``static`` folder (after symlinks)."""
    scheme = url.split(":", 1)[0].lower()
    if scheme == "data":
        return True
    if scheme != "file":
        return False
    path = os.path.realpath(url2pathname(urlsplit(url).path))
    own = _own_folder()
    return os.path.commonpath([path, own]) == own


def _fetcher(weasyprint: Any) -> Any:
    class Fetcher(weasyprint.urls.URLFetcher):  # type: ignore[misc]
        """Fetches nothing but ordiff's own files and data: URIs; anything else stops the
        render (``fail_on_errors``), so a refused resource is never silently left out."""

        def __init__(self) -> None:
            super().__init__(fail_on_errors=True, allow_redirects=False)
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            if not allowed(url):
                self.refused.append(url)
                raise ValueError(f"ordiff refuses to load {url}")
            return super().fetch(url, headers)

    return Fetcher()


class _Collect(logging.Handler):
    def __init__(self, progress: Progress | None, estimate: int) -> None:
        super().__init__(logging.INFO)
        self.progress, self.estimate, self.done = progress, estimate, 0
        self.warnings: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name == "weasyprint.progress":
            if self.progress is None:
                return
            message = record.getMessage()
            if "Creating layout - Page" in message:  # repagination starts again at page 1
                self.done = max(self.done, int(message.split("Page ")[1].split()[0]))
                self.estimate = max(self.done, self.estimate)
                self.progress("layout", self.done, self.estimate)
            elif "Creating PDF" in message:
                self.progress("writing", self.done, self.done)
        elif record.levelno >= logging.WARNING:
            self.warnings.append(record.getMessage())


@contextmanager
def _listening(progress: Progress | None, estimate: int) -> Iterator[_Collect]:
    """Hear WeasyPrint's warnings (and its progress, when asked) for the length of one render."""
    collect = _Collect(progress, estimate)
    main, steps = logging.getLogger("weasyprint"), logging.getLogger("weasyprint.progress")
    saved = steps.level, steps.propagate
    main.addHandler(collect)
    if progress is not None:
        steps.setLevel(logging.INFO)
        steps.propagate = False
        steps.addHandler(collect)
    try:
        yield collect
    finally:
        main.removeHandler(collect)
        steps.removeHandler(collect)
        steps.setLevel(saved[0])
        steps.propagate = saved[1]


def _when(created: str) -> datetime:
    """The new version's date for the attachments' dates; a fixed date when none is known."""
    parts = [int(p) for p in created.split("-")[:3] if p.isdigit()] if created else []
    year, month, day = (parts + [1, 1])[:3] if parts else (1970, 1, 1)
    return datetime(year, month, day)


def write_pdf(page: PdfPage, files: dict[str, bytes], variant: str = "tagged",
              progress: Progress | None = None) -> PdfResult:
    """Render ``page`` with WeasyPrint, attaching ``files`` (name → bytes)."""
    import weasyprint
    from weasyprint.urls import FatalURLFetchingError

    fetcher = _fetcher(weasyprint)
    when = _when(page.created)
    attachments = [weasyprint.Attachment(string=data, name=name, url_fetcher=fetcher,
                                         description="ordiff: " + name.removesuffix(".json"),
                                         created=when, modified=when, relationship="Source")
                   for name, data in sorted(files.items())]
    name, tagged = VARIANTS[variant]
    with _listening(progress, page.estimate) as heard:
        try:
            document = weasyprint.HTML(string=page.html, url_fetcher=fetcher).render()
            with warnings.catch_warnings():  # WeasyPrint 70 leaves its sRGB profile file open
                warnings.simplefilter("ignore", ResourceWarning)  # (PDF/A output intent)
                data = document.write_pdf(pdf_variant=name, pdf_tags=tagged,
                                          pdf_identifier=True, attachments=attachments)
        except FatalURLFetchingError:
            url = fetcher.refused[-1] if fetcher.refused else "a resource"
            raise RenderError(f"the report asks to load {url}", hint="a PDF report loads "
                              "nothing but ordiff's own files and data: URIs; remove the url() "
                              "from the stylesheet") from None
    _check_lines(document, page)
    if progress is not None:
        progress("done", len(document.pages), len(document.pages))
    return PdfResult(bytes(data), tuple(heard.warnings))


def _check_lines(document: Any, page: PdfPage) -> None:
    """With numbered lines, every row must be on the page ordiff laid it out on, or the line
    citations would be wrong: better no PDF than a wrong one."""
    if not page.expected:
        return
    where: dict[str, int] = {}
    for number, laid in enumerate(document.pages):
        for anchor in laid.anchors:
            where.setdefault(anchor, number)
    for row, part, offset in page.expected:
        if row in where and part in where and where[row] - where[part] != offset:
            raise RenderError(f"numbered lines: {row} fell on another page than ordiff laid it "
                              "out on, so the line citations would be wrong",
                              hint="leave out --line-numbers, and please report the case "
                                   "(a --stylesheet that changes sizes or margins can do this)")

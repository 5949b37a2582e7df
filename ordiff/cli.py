"""The ``ordiff`` command: a thin click skin over :mod:`ordiff.api`.

Each command reads its arguments, makes one library call and prints the result. Errors from the
library become one line on stderr and exit status 2; warnings print as ``path:line: warning: …``.
"""

from __future__ import annotations

__all__ = ["main", "cli"]

import sys
from collections.abc import Callable, Iterable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .errors import OrdiffError, SourceWarning

F = TypeVar("F", bound=Callable[..., Any])


class OrdiffClickError(click.ClickException):
    """A user-facing error: one line, exit status 2 (as diff(1) uses it for trouble)."""

    exit_code = 2


def reports_errors(func: F) -> F:
    """Turn library errors into :class:`OrdiffClickError`: no traceback for a user's mistake."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except OrdiffError as exc:
            raise OrdiffClickError(str(exc)) from None

    return wrapper  # type: ignore[return-value]


def print_warnings(warnings: Iterable[SourceWarning], strict: bool) -> None:
    shown = list(warnings)
    for warning in shown:
        click.echo(str(warning), err=True)
    if strict and shown:
        raise OrdiffClickError(f"{len(shown)} warning(s) and --strict was given")


store_option = click.option(
    "--store", "store_root", type=click.Path(file_okay=False, path_type=Path), default=None,
    envvar="ORDIFF_STORE", help="The ordinance store folder (default: the bundled ordinances/).")
strict_option = click.option("--strict", is_flag=True, help="Treat warnings as errors.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ordiff")
def cli() -> None:
    """Compare versions of ordinances clause by clause and publish annotated redlines."""


@cli.command("list")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@store_option
@reports_errors
def list_command(fmt: str, store_root: Path | None) -> None:
    """List every stored ordinance and version with its date, status and completeness."""
    from .api import open_store
    from .serialize import dumps, store_listing, store_to_dict

    store = open_store(store_root)
    click.echo(dumps(store_to_dict(store)) if fmt == "json" else store_listing(store), nl=False)


@cli.command("check")
@store_option
@strict_option
@reports_errors
def check_command(store_root: Path | None, strict: bool) -> None:
    """Validate the whole store: metadata, sha256 of every text, that every text parses, and
    numbering (gaps, duplicate labels). Exits 2 on errors (and on warnings with --strict)."""
    from .api import check, open_store

    problems = check(store_root)  # before opening the store, which stops at its first error
    for problem in problems:
        click.echo(str(problem) + (f" ({problem.hint})" if problem.hint else ""), err=True)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    try:
        checked = f"{len(open_store(store_root).versions)} versions checked"
    except OrdiffError:
        checked = "the store's metadata has errors (listed above)"
    click.echo(f"{checked}: {errors} error(s), {warnings} warning(s)")
    if errors or (strict and warnings):
        sys.exit(2)


@cli.command("show")
@click.argument("ref")
@click.option("--format", "-f", "fmt", type=click.Choice(["outline", "json"]), default="outline",
              show_default=True, help="An indented outline, or the clause tree as JSON.")
@store_option
@strict_option
@reports_errors
def show_command(ref: str, fmt: str, store_root: Path | None, strict: bool) -> None:
    """Print the clause tree of REF: a store id (minneapolis/separation@2003), a .txt file, a
    D.C. Council XML file, or a folder holding a D.C. title or code build."""
    from .api import load_document
    from .serialize import document_outline, document_to_dict, dumps

    document = load_document(ref, store_root)
    print_warnings(document.warnings, strict)
    out = dumps(document_to_dict(document)) if fmt == "json" else document_outline(document)
    click.echo(out, nl=False)


def comparison_options(func: F) -> F:
    """The options every comparing command shares: what to ignore, the unit, the threshold."""
    func = click.option("--threshold", type=click.FloatRange(0.0, 1.0), default=None,
                        help="Minimum similarity for pairing clauses at different places "
                             "(default 0.6).")(func)
    func = click.option("--granularity", type=click.Choice(["word", "char"]), default="word",
                        show_default=True, help="Diff whole words or single characters.")(func)
    func = click.option("--ignore", "ignore", default="whitespace", show_default=True,
                        metavar="NAMES",
                        help="Comma-separated differences to ignore: whitespace, quotes, dashes, "
                             "case, hyphenation; or 'none'. Every report lists them.")(func)
    return func


def build_compare_options(ignore: str, granularity: str, threshold: float | None) -> Any:
    from .compare import CompareOptions
    from .textdiff import DiffOptions

    names = [] if ignore.strip() == "none" else [n.strip() for n in ignore.split(",") if n.strip()]
    diff = DiffOptions.from_ignored(names, granularity)  # type: ignore[arg-type]
    return CompareOptions(diff=diff) if threshold is None else CompareOptions(threshold, diff)


@cli.command("diff")
@click.argument("old")
@click.argument("new")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Terminal text or the JSON comparison (docs/json-schema.md).")
@click.option("--changes-only", is_flag=True, help="Leave out unchanged clauses.")
@click.option("--color/--no-color", "colour", default=None,
              help="Colour the text output (default: when writing to a terminal).")
@comparison_options
@store_option
@strict_option
@reports_errors
def diff_command(old: str, new: str, fmt: str, changes_only: bool, colour: bool | None,
                 ignore: str, granularity: str, threshold: float | None,
                 store_root: Path | None, strict: bool) -> None:
    """Compare OLD and NEW clause by clause (store ids or files). Exit status as diff(1):
    0 no differences, 1 differences, 2 trouble."""
    from .api import compare_versions
    from .model import ChangeKind
    from .render_text import render_text
    from .serialize import comparison_json

    options = build_compare_options(ignore, granularity, threshold)
    comparison = compare_versions(old, new, options, store_root)
    print_warnings([*comparison.old.warnings, *comparison.new.warnings], strict)
    if fmt == "json":
        click.echo(comparison_json(comparison, changes_only), nl=False)
    else:
        use_colour = sys.stdout.isatty() if colour is None else colour
        click.echo(render_text(comparison, changes_only, use_colour), nl=False)
    quiet = {ChangeKind.UNCHANGED, ChangeKind.NOT_IN_OLD_COPY, ChangeKind.NOT_IN_NEW_COPY}
    sys.exit(1 if any(c.kind not in quiet for c in comparison.changes) else 0)


PDF_VARIANTS = ("tagged", "untagged", "pdf/a-3b", "pdf/a-3u", "pdf/a-3a", "pdf/ua-1")


def pdf_options(func: F) -> F:
    """The options only a PDF report takes (docs/pdf.md)."""
    func = click.option("--stylesheet", type=click.Path(exists=True, dir_okay=False,
                                                        path_type=Path), default=None,
                        help="Extra CSS for the PDF, after ordiff's own (it may load "
                             "nothing: no url() but data: URIs).")(func)
    func = click.option("--pdf-variant", type=click.Choice(PDF_VARIANTS), default="tagged",
                        show_default=True, help="Tagged PDF (default), untagged, PDF/A-3 "
                        "(b, u, a) or PDF/UA-1. Every variant carries the JSON comparison.")(func)
    func = click.option("--clean-copy", is_flag=True,
                        help="PDF: append a clean copy of the new version.")(func)
    func = click.option("--line-numbers", is_flag=True,
                        help="PDF: number the lines of each page; the summary cites page and "
                             "lines.")(func)
    func = click.option("--changes-only", is_flag=True,
                        help="Only the changed clauses (PDF; with .html, as --view changes).")(func)
    return func


def progress_bar() -> Callable[[str, int, int], None] | None:
    """A progress bar on stderr for renders that take more than a second, when stderr is a
    terminal; None otherwise."""
    import time

    if not sys.stderr.isatty():
        return None
    start = time.monotonic()
    shown = [False]

    def show(stage: str, done: int, total: int) -> None:
        if stage == "done":
            if shown[0]:
                click.echo(f"\rrendered {done} pages" + " " * 40, err=True)
            return
        if time.monotonic() - start < 1.0:
            return
        shown[0] = True
        filled = min(30, 30 * done // max(total, 1))
        click.echo(f"\r{stage:<7} [{'#' * filled}{'.' * (30 - filled)}] page {done} of "
                   f"~{max(total, done)}", err=True, nl=False)

    return show


@cli.command("report")
@click.argument("old", required=False)
@click.argument("new", required=False)
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False, path_type=Path),
              required=True, help="The report file; its suffix gives the format (.html, .pdf, "
                                  ".docx).")
@click.option("--view", type=click.Choice(["inline", "side-by-side", "changes"]), default="inline",
              show_default=True, help="The view the page opens in; 'changes' writes only the "
                                      "changed clauses, with * * * for text left out.")
@pdf_options
@comparison_options
@store_option
@strict_option
@reports_errors
def report_command(old: str | None, new: str | None, output: Path, view: str, ignore: str,
                   granularity: str, threshold: float | None, store_root: Path | None,
                   strict: bool, changes_only: bool, line_numbers: bool, clean_copy: bool,
                   pdf_variant: str, stylesheet: Path | None) -> None:
    """Write the redline report comparing OLD and NEW (store ids or files) to a self-contained
    web page, a PDF or a Word file. With neither, the store's default comparison (see
    docs/report.md and docs/pdf.md)."""
    from .api import render_report

    fmt = output_format(output, ("html", "pdf", "docx"), "report ")
    if (old is None) != (new is None):
        raise OrdiffClickError("give both OLD and NEW, or neither for the store's default pair")
    options = build_compare_options(ignore, granularity, threshold)
    pdf = None
    if fmt == "pdf":
        from .pdf_page import PdfOptions

        try:
            css = stylesheet.read_text(encoding="utf-8") if stylesheet else ""
        except (OSError, UnicodeDecodeError) as exc:
            raise OrdiffClickError(f"{stylesheet}: cannot read the stylesheet ({exc})") from None
        pdf = PdfOptions(changes_only or view == "changes", view == "side-by-side",
                         line_numbers, clean_copy, pdf_variant, css)
    else:
        given = [name for name, on in (("--line-numbers", line_numbers),
                                       ("--clean-copy", clean_copy), ("--stylesheet", stylesheet),
                                       ("--pdf-variant", pdf_variant != "tagged")) if on]
        if given:
            raise OrdiffClickError(f"{given[0]} applies to PDF output only: name the file .pdf")
        if changes_only:
            view = "changes"
    report = render_report(old, new, fmt, view, options, store_root, pdf,
                           progress_bar() if fmt == "pdf" else None)
    print_warnings([*report.comparison.old.warnings, *report.comparison.new.warnings], strict)
    for message in report.warnings:
        click.echo(f"{output}: warning: {message}", err=True)
    write_output(output, report.data)


def write_output(output: Path, data: bytes) -> None:
    """Write a report or export atomically (a temporary file beside it, renamed into place), then
    say so: an interrupted run never leaves half a file."""
    import os
    import tempfile

    folder = output.parent if str(output.parent) else Path(".")
    temp = ""
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temp, 0o644)
        os.replace(temp, output)
    except OSError as exc:
        if temp:
            Path(temp).unlink(missing_ok=True)
        raise OrdiffClickError(f"{output}: cannot write ({exc.strerror})") from None
    click.echo(f"wrote {output} ({len(data):,} bytes)", err=True)


_SUFFIXES = {".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx"}


def output_format(output: Path, formats: tuple[str, ...], what: str = "") -> str:
    """One of ``formats``, from the output file's suffix; any other suffix is a user error."""
    fmt = _SUFFIXES.get(output.suffix.lower(), "")
    if fmt not in formats:
        names = ", ".join(f".{f}" for f in formats[:-1]) + f" or .{formats[-1]}"
        raise OrdiffClickError(f"cannot tell the {what}format from '{output.name}': "
                               f"name the file {names}")
    return fmt


page_output = click.option(
    "--output", "-o", "output", type=click.Path(dir_okay=False, path_type=Path), required=True,
    help="The page to write; its suffix gives the format (.html; .pdf).")


@cli.command("matrix")
@click.argument("refs", nargs=-1, required=True)
@page_output
@store_option
@strict_option
@reports_errors
def matrix_command(refs: tuple[str, ...], output: Path, store_root: Path | None,
                   strict: bool) -> None:
    """Line up the clauses of several ordinances by provision: rows are provisions (the
    taxonomy in seeds/, then groups of alike clauses), columns the texts, each cell citing its
    clauses. REFS are store ids, ordinance ids (their newest version) or files (docs/matrix.md)."""
    from .api import render_matrix_report

    report = render_matrix_report(refs, output_format(output, ("html", "pdf")), store_root)
    print_warnings(report.warnings, strict)
    write_output(output, report.data)


@cli.command("history")
@click.argument("ref")
@page_output
@store_option
@strict_option
@reports_errors
def history_command(ref: str, output: Path, store_root: Path | None, strict: bool) -> None:
    """Tell the history of one stored ordinance: its versions and the public record on a
    timeline, the redline of each step, from first to last, and which version introduced each
    phrase of the latest text (docs/history.md)."""
    from .api import render_history_report

    report = render_history_report(ref, output_format(output, ("html", "pdf")), store_root)
    print_warnings(report.warnings, strict)
    write_output(output, report.data)


@cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--into", required=True, metavar="JURISDICTION/ORDINANCE",
              help="The ordinance to add the version to (created if --title, "
                   "--jurisdiction-name and --citation are given).")
@click.option("--version", "version", required=True, metavar="SLUG",
              help="The new version's name; an amendment adds SLUG-before and SLUG-after.")
@click.option("--date", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="The version's date (YYYY-MM-DD).")
@click.option("--date-field", type=click.Choice(["as_of", "adopted", "effective", "expires"]),
              default="as_of", show_default=True, help="What --date is.")
@click.option("--status", type=click.Choice(["enacted", "codified", "draft", "proposed",
                                             "emergency", "failed"]), default="draft",
              show_default=True)
@click.option("--source", default=None, metavar="URL", help="The address the file came from.")
@click.option("--publisher", default=None, help="Who published the file, in words.")
@click.option("--label", default=None, help="A human label for the version.")
@click.option("--number", default=None, help="Ordinance, act or file number.")
@click.option("--completeness", type=click.Choice(["full", "excerpt"]), default="full",
              show_default=True)
@click.option("--stops", default=None, help="For an excerpt: where the copy stops.")
@click.option("--missing", default=None, help="For an excerpt: what is not in the copy.")
@click.option("--format", "fmt", type=click.Choice(["auto", "text", "docx", "html", "dcxml",
                                                    "uslm", "akn"]), default="auto",
              show_default=True, help="The file's format (default: told by its content).")
@click.option("--amendment", type=click.Choice(["auto", "yes", "no"]), default="auto",
              show_default=True, help="Split struck (deleted) and underlined or tracked "
                                      "(inserted) text into two versions.")
@click.option("--before", "before", default=None, metavar="SLUG",
              help="Name of the version before an amendment.")
@click.option("--after", "after", default=None, metavar="SLUG",
              help="Name of the version after an amendment.")
@click.option("--title", default=None, help="A new ordinance's title.")
@click.option("--jurisdiction-name", default=None, help="A new ordinance's jurisdiction.")
@click.option("--citation", default=None, help="A new ordinance's code citation.")
@store_option
@reports_errors
def import_command(file: Path, store_root: Path | None, fmt: str, date: Any,
                   **options: Any) -> None:
    """Add FILE (text, Word .docx, HTML, D.C. XML, USLM or Akoma Ntoso, told by content) to the
    store as a new version, atomically; never overwrites (see docs/import-export.md)."""
    from .importers.into_store import ImportRequest, import_file
    from .store import find_store

    options["jurisdiction"] = options.pop("jurisdiction_name")
    request = ImportRequest(date=date.date() if date else None,
                            fmt=None if fmt == "auto" else fmt, **options)
    result = import_file(file, request, store_root or find_store(), str(file))
    print_warnings(result.warnings, False)
    for version_id, shown in zip(result.ids, result.files):
        click.echo(f"added {version_id} ({shown}, read as {result.format})")


@cli.command("export")
@click.argument("ref")
@click.option("--format", "-f", "fmt", type=click.Choice(["akn", "text", "md"]), required=True,
              help="akn: Akoma Ntoso 3.0 XML; text: plain text; md: a Markdown redline "
                   "(with --against).")
@click.option("--against", default=None, metavar="NEW",
              help="For md: the version REF is compared with (REF is the old one).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file (default: standard output).")
@comparison_options
@store_option
@reports_errors
def export_command(ref: str, fmt: str, against: str | None, output: Path | None, ignore: str,
                   granularity: str, threshold: float | None, store_root: Path | None) -> None:
    """Write REF (a store id or a file) as Akoma Ntoso or plain text, or the comparison of REF
    with --against NEW as a Markdown redline for posting."""
    from .api import export

    options = build_compare_options(ignore, granularity, threshold)
    data = export(ref, fmt, against, options, store_root)
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
        return
    write_output(output, data)


@cli.command("verify")
@click.argument("pdf", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@store_option
@reports_errors
def verify_command(pdf: Path, store_root: Path | None) -> None:
    """Check that the redline PDF still matches the texts it shows: read the comparison attached
    to it, find both texts by SHA-256 and compare them again. Exit status 0 when it matches,
    1 when it does not, 2 on trouble (a text not found, not an ordiff PDF)."""
    from .api import verify

    result = verify(pdf, store_root)
    for line in result.lines:
        click.echo(line)
    sys.exit(0 if result.matches else 1)


def main() -> None:
    """Entry point of the ``ordiff`` console script."""
    cli(prog_name="ordiff")


if __name__ == "__main__":  # pragma: no cover
    main()

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


def main() -> None:
    """Entry point of the ``ordiff`` console script."""
    cli(prog_name="ordiff")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

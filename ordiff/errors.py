"""Errors as data: every failure names where it happened and what to do next.

The library raises these; only ``cli.py`` turns them into one-line messages and exit status 2.
"""

from __future__ import annotations

__all__ = ["OrdiffError", "SourceError", "ParseError", "StoreError", "RenderError", "SourceWarning"]

from dataclasses import dataclass


class OrdiffError(Exception):
    """Base of every error ordiff reports to a user.

    Args:
        message: what went wrong, one line.
        path: the file concerned, as the user named it (never made absolute).
        line: 1-based line number where known.
        hint: what the user can do about it, one line.
    """

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None,
                 hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.hint = hint

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        tail = f" ({self.hint})" if self.hint else ""
        return f"{where}{self.message}{tail}"


class SourceError(OrdiffError):
    """A file cannot be read or decoded, or an id names nothing."""


class ParseError(OrdiffError):
    """A readable file that cannot be turned into a clause tree (malformed or hostile XML)."""


class StoreError(OrdiffError):
    """The ordinance store's layout or metadata is wrong."""


class RenderError(OrdiffError):
    """A report cannot be written."""


@dataclass(frozen=True, slots=True)
class SourceWarning:
    """A problem worth telling but not fatal: ``path:line: warning: message``."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: warning: {self.message}"

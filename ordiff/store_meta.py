"""The store's metadata: read each TOML file and check every field, each problem on its line.

``store.py`` builds its records from what passes here; ``docs/store.md`` documents the fields.
tomllib reports no positions, so :func:`key_lines` finds the line of each table and key itself.
"""

from __future__ import annotations

__all__ = ["STATUSES", "CONFIDENCES", "HINT", "Problem", "Report", "display", "key_lines",
           "read_toml", "check_ordinance", "check_version", "plain", "ordinance_folders",
           "read_defaults", "stray_files", "NOTES_SUFFIX"]

import difflib
import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from collections.abc import Set
from typing import Any

from .model import Completeness

#: A version's notes file beside its text: ``<version>.notes.toml`` (:mod:`ordiff.annotations`).
NOTES_SUFFIX = ".notes.toml"

STATUSES = ("enacted", "codified", "draft", "proposed", "emergency", "failed")
CONFIDENCES = ("high", "medium", "low")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9.-]*$")
_HEX = re.compile(r"^[0-9a-f]+$")
_DATES = ("adopted", "effective", "as_of", "expires")
_REQUIRED = ("label", "status", "source", "edits", "completeness", "sha256")
_KINDS = {"text": "a non-empty string", "date": "a TOML date such as 2021-04-27 (no quotes)",
          "int": "a whole number", "list": "a list of strings",
          "urls": "a string or a non-empty list of strings", "any": ""}
_ORDINANCE_FIELDS = {"title": "text", "jurisdiction": "text", "citation": "text",
                     "notice": "text", "not_available": "list", "quotations": "any",
                     "versions": "any"}
_QUOTATION_FIELDS = {"text": "text", "source": "text", "source_url": "urls", "date": "date",
                     "date_note": "text", "confidence": "text", "note": "text"}
_VERSION_FIELDS = {
    "label": "text", **dict.fromkeys(_DATES, "date"), "year": "int", "date_note": "text",
    "number": "text", "status": "text", "source": "text", "source_url": "urls",
    **dict.fromkeys(("source_repository", "source_commit", "source_blob", "source_path",
                     "source_note"), "text"),
    "edits": "list", "completeness": "text", "stops": "text", "missing": "text", "section": "text",
    "doubts": "list", "notes": "list", "sha256": "text"}
HINT = "see docs/store.md for the layout and fields; 'ordiff check' lists every problem"


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding of :func:`check_store`: ``path:line: severity: message`` (line 0: unknown)."""

    severity: str  # "error" or "warning"
    path: str
    line: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.message}"


# --- reading and validating the metadata -------------------------------------------------------


def display(root: Path, rel: str) -> str:
    """A path inside the store as messages show it: ``ordinances/<j>/<o>/…`` (never absolute)."""
    return f"{root.name}/{rel}" if root.name else rel


_HEADER = re.compile(r"^\s*\[\[?([^\[\]]+)\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r'^\s*("[^"]*"|[A-Za-z0-9_-]+)\s*=')
_PART = re.compile(r'\s*(?:"([^"]*)"|([A-Za-z0-9_-]+))\s*(?:\.|$)')


def key_lines(text: str) -> dict[tuple[str, ...], int]:
    """The line of each table header and ``key =``, by path: ``("versions", "2003", "status")``;
    ``[[quotations]]`` entries are ``("quotations", "0")`` … (tomllib reports no positions)."""
    lines: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    arrays: dict[tuple[str, ...], int] = {}
    in_string = False
    for number, raw in enumerate(text.splitlines(), 1):
        header, key = _HEADER.match(raw), _KEY.match(raw)
        if header and not in_string:
            table = tuple(a or b for a, b in _PART.findall(header.group(1)))
            if raw.lstrip().startswith("[["):
                arrays[table] = arrays.get(table, -1) + 1
                table = (*table, str(arrays[table]))
            lines.setdefault(table, number)
        elif key and not in_string:
            lines.setdefault((*table, key.group(1).strip('"')), number)
        if (raw.count('"""') + raw.count("'''")) % 2:
            in_string = not in_string
    return lines


class Report:
    """Collects the problems of one TOML file, placing each on the line of the field concerned."""

    def __init__(self, shown: str, problems: list[Problem]) -> None:
        self.shown, self.problems, self.lines = shown, problems, dict[tuple[str, ...], int]()

    def line(self, where: tuple[str, ...]) -> int:
        while where and where not in self.lines:
            where = where[:-1]
        return self.lines.get(where, 0)

    def error(self, where: tuple[str, ...], message: str, hint: str = "") -> None:
        self.problems.append(Problem("error", self.shown, self.line(where), message, hint))

    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)


def read_toml(path: Path, report: Report) -> dict[str, Any] | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        report.error((), f"cannot read the file ({type(exc).__name__})")
        return None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        message = str(exc)[: found.start()].strip() if found else str(exc)
        report.problems.append(Problem(
            "error", report.shown, int(found.group(1)) if found else 0,
            f"TOML syntax error: {message}" + (f" (column {found.group(2)})" if found else ""),
            "fix the TOML syntax; docs/store.md shows a complete ordinance.toml"))
        return None
    report.lines = key_lines(text)
    return data


def _is(value: Any, kind: str) -> bool:
    if kind == "text":
        return isinstance(value, str) and bool(value.strip())
    if kind == "date":
        return isinstance(value, date) and not isinstance(value, datetime)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "list":
        return isinstance(value, list) and all(_is(item, "text") for item in value)
    if kind == "urls":
        return _is(value, "text") or (_is(value, "list") and bool(value))
    return True


def _check_fields(data: dict[str, Any], fields: dict[str, str], where: tuple[str, ...],
                  report: Report, required: tuple[str, ...]) -> None:
    for key in required:
        if key not in data:
            report.error(where, f"missing required field '{key}'")
    for key, value in data.items():
        kind = fields.get(key)
        if kind is None:
            near = difflib.get_close_matches(key, list(fields), n=1)
            report.error((*where, key), f"unknown field '{key}'",
                         f"did you mean '{near[0]}'?" if near else HINT)
        elif not _is(value, kind):
            report.error((*where, key), f"'{key}' must be {_KINDS[kind]}")


def _check_choice(data: dict[str, Any], key: str, allowed: tuple[str, ...],
                  where: tuple[str, ...], report: Report) -> None:
    if key in data and data[key] not in allowed:
        report.error((*where, key), f"{key} '{data[key]}' is not one of: {', '.join(allowed)}")


def _check_dated(data: dict[str, Any], keys: tuple[str, ...], where: tuple[str, ...],
                 report: Report) -> None:
    if not any(key in data for key in keys) and "date_note" not in data:
        report.error(where, f"no date: give {' or '.join(keys)}, or a date_note saying why none "
                            "is known")


def check_ordinance(data: dict[str, Any], report: Report) -> bool:
    """The ordinance's own fields and its quotations (versions are checked one by one)."""
    before = report.errors()
    _check_fields(data, _ORDINANCE_FIELDS, (), report, ("title", "jurisdiction", "citation"))
    quotations = data.get("quotations", [])
    if not isinstance(quotations, list) or not all(isinstance(q, dict) for q in quotations):
        report.error(("quotations",), "quotations must be [[quotations]] tables")
        quotations = []
    for number, quotation in enumerate(quotations):
        where = ("quotations", str(number))
        _check_fields(quotation, _QUOTATION_FIELDS, where, report, ("text", "source", "confidence"))
        _check_choice(quotation, "confidence", CONFIDENCES, where, report)
        _check_dated(quotation, ("date",), where, report)
    versions = data.get("versions")
    if not isinstance(versions, dict) or not versions or not all(
            isinstance(table, dict) for table in versions.values()):
        report.error(("versions",), "no versions: give one [versions.<version>] table per text")
    return report.errors() == before


def check_version(name: str, table: dict[str, Any], report: Report) -> bool:
    where = ("versions", name)
    before = report.errors()
    if not _SLUG.match(name):
        report.error(where, f"version slug '{name}' may use only a-z, 0-9, '.' and '-'")
    _check_fields(table, _VERSION_FIELDS, where, report, _REQUIRED)
    _check_choice(table, "status", STATUSES, where, report)
    _check_choice(table, "completeness", ("full", "excerpt"), where, report)
    _check_dated(table, _DATES, where, report)
    for key, digits in (("sha256", 64), ("source_commit", 40), ("source_blob", 40)):
        value = table.get(key)
        if isinstance(value, str) and not (len(value) == digits and _HEX.match(value)):
            report.error((*where, key), f"{key} must be {digits} lower-case hex digits")
    dates = [table[k] for k in ("adopted", "effective", "expires") if _is(table.get(k), "date")]
    if dates != sorted(dates):
        report.error(where, "dates out of order: adopted <= effective <= expires")
    year = table.get("year")
    if isinstance(year, int) and not 1000 <= year <= 9999:
        report.error((*where, "year"), "year must have four digits")
    if not any(key in table for key in ("source_url", "source_repository", "source_note")):
        report.error(where, "no source: give source_url, or source_repository with source_path "
                            "and source_commit (or source_blob), or a source_note saying why")
    if "source_repository" in table and not ("source_path" in table and (
            "source_commit" in table or "source_blob" in table)):
        report.error(where, "source_repository needs source_path and source_commit "
                            "(or source_blob)")
    for key in ("stops", "missing"):
        if table.get("completeness") == "excerpt" and key not in table:
            report.error(where, f"an excerpt needs '{key}' (say where the copy stops and what "
                                "is not in it)")
        if table.get("completeness") == "full" and key in table:
            report.error((*where, key), f"a full version has no '{key}'")
    return report.errors() == before


def plain(table: dict[str, Any]) -> dict[str, Any]:
    """TOML values as dataclass arguments: lists become tuples, source_url a tuple of urls."""
    values: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in table.items()}
    if "source_url" in values:
        url = values.pop("source_url")
        values["source_urls"] = (url,) if isinstance(url, str) else url
    if "completeness" in values:
        values["completeness"] = Completeness(values["completeness"])
    return values


def ordinance_folders(root: Path, problems: list[Problem]) -> list[str]:
    found = []
    for folder in sorted(root.glob("*/*/")):
        rel = folder.relative_to(root).as_posix()
        if any(part.startswith(".") for part in folder.relative_to(root).parts):
            continue
        if not all(_SLUG.match(part) for part in rel.split("/")):
            problems.append(Problem("error", display(root, rel), 0, "folder names must be "
                                    "lower-case slugs (a-z, 0-9, '.', '-')"))
        elif not (folder / "ordinance.toml").is_file():
            problems.append(Problem("error", display(root, rel), 0, "no ordinance.toml here",
                                    "every ordinance folder holds an ordinance.toml"))
        else:
            found.append(rel)
    return found


def read_defaults(root: Path, ids: Set[str], problems: list[Problem],
                  unread: Set[str] = frozenset()) -> tuple[str, str]:
    """store.toml's default comparison, its ids checked against ``ids`` (a version in an
    ``unread`` ordinance folder cannot be checked: its ordinance.toml's error is reported)."""
    report = Report(display(root, "store.toml"), problems)
    data = read_toml(root / "store.toml", report) or {}
    _check_fields(data, {"default_old": "text", "default_new": "text"}, (), report,
                  ("default_old", "default_new") if report.lines else ())
    for key in ("default_old", "default_new"):
        if isinstance(data.get(key), str) and data[key] not in ids and \
                data[key].partition("@")[0] not in unread:
            report.error((key,), f"{key} '{data[key]}' is not a stored version id")
    return str(data.get("default_old", "")), str(data.get("default_new", ""))


def stray_files(root: Path, named: Set[Path], unread: Set[str] = frozenset()) -> list[Problem]:
    """Files no metadata names: a stray text is an error (a version without provenance).

    ``named``: the texts and notes files the version tables name, valid or not (a table's own
    errors are reported with it, not again as strays); ``unread``: ordinance folders whose
    ordinance.toml could not be read, where no file can be told stray."""
    problems = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        expected = (rel in named or rel.as_posix() == "store.toml" or
                    (len(rel.parts) == 3 and rel.name == "ordinance.toml") or
                    (len(rel.parts) == 1 and rel.suffix == ".md") or
                    (len(rel.parts) > 2 and "/".join(rel.parts[:2]) in unread))
        if path.is_dir() or expected or any(part.startswith(".") for part in rel.parts):
            continue
        if rel.suffix == ".txt":
            problems.append(Problem("error", display(root, rel.as_posix()), 0, "stray text file: "
                                    "no [versions.<version>] table names it",
                                    "add its metadata to ordinance.toml, or remove it"))
        else:
            problems.append(Problem("warning", display(root, rel.as_posix()), 0,
                                    "unexpected file in the store"))
    return problems


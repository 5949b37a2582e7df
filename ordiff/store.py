"""The ordinance store: find it, read its metadata into frozen records, and check it.

Layout (see docs/store.md): ``<root>/store.toml`` names the default comparison;
``<root>/<jurisdiction>/<ordinance>/ordinance.toml`` describes one ordinance and its versions;
each version's text is ``<version>.txt`` beside it, kept byte for byte as found. A version id reads
``<jurisdiction>/<ordinance>@<version>``. Reading the store checks only the metadata (cheap, done
on every command); :func:`check_store` also hashes and parses every text.
"""

from __future__ import annotations

__all__ = ["STATUSES", "Quotation", "Ordinance", "StoredVersion", "Store", "Problem",
           "find_store", "load_store", "source_ref", "check_store"]

import difflib
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from . import store_meta as meta
from .errors import OrdiffError, SourceError, StoreError
from .markers import is_next_label, match_marker
from .model import ClauseKind, Completeness, Document, SourceRef, iter_clauses
from .store_meta import NOTES_SUFFIX, STATUSES, Problem

_Date = date  # the name ``date`` is a property of StoredVersion


@dataclass(frozen=True, slots=True)
class Quotation:
    """A fragment of a version the store does not hold, as someone quoted it: not a version."""

    text: str
    source: str
    confidence: str
    source_urls: tuple[str, ...] = ()
    date: date | None = None
    date_note: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class Ordinance:
    """One ordinance (or code section) and the ids of its stored versions, oldest first."""

    id: str
    jurisdiction: str
    slug: str
    title: str
    jurisdiction_name: str
    citation: str
    metadata: str  # ordinance.toml as displayed: "ordinances/<j>/<o>/ordinance.toml"
    versions: tuple[str, ...] = ()
    notice: str = ""
    not_available: tuple[str, ...] = ()
    quotations: tuple[Quotation, ...] = ()


@dataclass(frozen=True, slots=True)
class StoredVersion:
    """One stored version: where its text is, where the text came from, and how complete it is.

    Field meanings are in docs/store.md; ``source_urls`` is ``source_url`` as a tuple (a version
    joined from several pages has one address per page, in order).
    """

    id: str
    jurisdiction: str
    ordinance: str
    version: str
    text_path: Path
    display: str  # the text file as shown in messages: "ordinances/<j>/<o>/<v>.txt"
    metadata: str
    line: int  # line of the [versions.<v>] header in ordinance.toml
    title: str
    jurisdiction_name: str
    citation: str
    label: str
    status: str
    source: str
    edits: tuple[str, ...]
    completeness: Completeness
    sha256: str
    notice: str = ""
    adopted: date | None = None
    effective: date | None = None
    as_of: date | None = None
    expires: date | None = None
    year: int | None = None
    date_note: str = ""
    number: str = ""
    source_urls: tuple[str, ...] = ()
    source_repository: str = ""
    source_commit: str = ""
    source_blob: str = ""
    source_path: str = ""
    source_note: str = ""
    stops: str = ""
    missing: str = ""
    section: str | None = None
    doubts: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def date(self) -> date | None:
        """The version's date for listing: adopted, else effective, as-of or expiry date."""
        return self.adopted or self.effective or self.as_of or self.expires

    @property
    def sort_key(self) -> tuple[_Date, str]:
        """Oldest first: by date, else by ``year``; versions with neither (``current``) last."""
        when = self.date or (_Date(self.year, 1, 1) if self.year else _Date.max)
        return when, self.version


@dataclass(frozen=True, slots=True)
class Store:
    """The whole store: ordinances and versions in a stable order (jurisdiction, ordinance, date,
    version slug)."""

    root: Path
    ordinances: tuple[Ordinance, ...]
    versions: tuple[StoredVersion, ...]
    default_old: str
    default_new: str

    def get(self, version_id: str) -> StoredVersion:
        """The version ``version_id`` names; an unknown id is a :class:`SourceError` with a hint."""
        found = next((v for v in self.versions if v.id == version_id), None)
        if found is not None:
            return found
        name = version_id.partition("@")[0]
        ordinance = next((o for o in self.ordinances if o.id == name), None)
        if ordinance is not None and "@" not in version_id:
            raise SourceError(f"'{version_id}' names an ordinance, not a version",
                              hint="give one of its versions: " + ", ".join(ordinance.versions))
        close = difflib.get_close_matches(version_id, [v.id for v in self.versions], n=3)
        if not close and ordinance is not None:
            close = list(ordinance.versions)
        named = " or ".join(f"'{c}'" for c in close)
        hint = (f"did you mean {named}? ('ordiff list' shows all)" if close else
                "run 'ordiff list' to see the stored ids")
        raise SourceError(f"unknown id '{version_id}'", hint=hint)

    def default_pair(self) -> tuple[StoredVersion, StoredVersion]:
        """The comparison ``store.toml`` names as the default (old, new)."""
        return self.get(self.default_old), self.get(self.default_new)


def find_store(start: Path | None = None) -> Path:
    """The store folder: ``$ORDIFF_STORE``, else the nearest ``ordinances/`` holding a store.toml
    at or above ``start`` (default: this module's folder, i.e. the checkout it belongs to)."""
    env = os.environ.get("ORDIFF_STORE")
    if env:
        if not (Path(env) / "store.toml").is_file():
            raise StoreError("ORDIFF_STORE names no ordinance store (no store.toml there)",
                             path=env, hint="point ORDIFF_STORE at a store folder, or unset it")
        return Path(env)
    here = start if start is not None else Path(__file__).resolve().parent
    if (here / "store.toml").is_file():
        return here
    for folder in (here, *here.resolve().parents):
        if (folder / "ordinances" / "store.toml").is_file():
            return folder / "ordinances"
    raise StoreError("no ordinance store found",
                     hint="set ORDIFF_STORE to a folder holding store.toml (the repository's "
                          "ordinances/ folder), or pass --store")


@dataclass(frozen=True, slots=True)
class _Read:
    ordinances: tuple[Ordinance, ...]
    versions: tuple[StoredVersion, ...]
    defaults: tuple[str, str]
    problems: tuple[Problem, ...]
    #: Files the metadata names, valid or not (a bad table's text is not a stray), and the
    #: ordinance folders whose ordinance.toml could not be read (nothing there is known).
    named: frozenset[Path] = frozenset()
    unread: frozenset[str] = frozenset()


def _read(root: Path) -> _Read:
    """Read store.toml and every ordinance.toml, collecting every metadata problem."""
    if not root.is_dir():
        raise StoreError("no ordinance store here (not a folder)", path=root.name or str(root),
                         hint="set ORDIFF_STORE or --store to the store folder")
    problems: list[Problem] = []
    ordinances: list[Ordinance] = []
    versions: list[StoredVersion] = []
    named: set[Path] = set()
    named_ids: set[str] = set()  # of every version table, valid or not: a default is checked
    unread: set[str] = set()     # against these (a bad table is reported once, for itself)
    for folder in meta.ordinance_folders(root, problems):
        ordinance, found, tables = _read_ordinance(root, folder, problems)
        if tables is None:
            unread.add(folder)
        named.update(Path(folder, name + suffix) for name in tables or ()
                     for suffix in (".txt", NOTES_SUFFIX))
        named_ids.update(f"{folder}@{name}" for name in tables or ())
        if ordinance is not None:
            found.sort(key=lambda v: v.sort_key)
            ordinances.append(replace(ordinance, versions=tuple(v.id for v in found)))
            versions.extend(found)
    defaults = meta.read_defaults(root, named_ids, problems, unread)
    return _Read(tuple(ordinances), tuple(versions), defaults, tuple(problems),
                 frozenset(named), frozenset(unread))


def _read_ordinance(root: Path, folder: str, problems: list[Problem]
                    ) -> tuple[Ordinance | None, list[StoredVersion], list[str] | None]:
    """The ordinance and its valid versions (None and none if its metadata has errors), and
    the name of every version table, valid or not (None: the file could not be read)."""
    shown = meta.display(root, f"{folder}/ordinance.toml")
    report = meta.Report(shown, problems)
    data = meta.read_toml(root / folder / "ordinance.toml", report)
    if data is None:
        return None, [], None
    head_ok = meta.check_ordinance(data, report)  # versions are checked even if the head is bad
    tables: dict[str, Any] = data["versions"] if isinstance(data.get("versions"), dict) else {}
    valid = {name: table for name, table in sorted(tables.items())
             if isinstance(table, dict) and meta.check_version(name, table, report)}
    if not head_ok:
        return None, [], list(tables)
    jurisdiction, slug = folder.split("/")
    head: dict[str, Any] = {k: data[k] for k in ("title", "citation", "notice") if k in data}
    ordinance = Ordinance(
        id=folder, jurisdiction=jurisdiction, slug=slug, jurisdiction_name=data["jurisdiction"],
        metadata=shown, not_available=tuple(data.get("not_available", ())),
        quotations=tuple(Quotation(**meta.plain(q)) for q in data.get("quotations", ())), **head)
    found = [StoredVersion(
        id=f"{folder}@{name}", jurisdiction=jurisdiction, ordinance=slug, version=name,
        text_path=root / folder / f"{name}.txt", display=meta.display(root, f"{folder}/{name}.txt"),
        metadata=shown, line=report.line(("versions", name)),
        jurisdiction_name=ordinance.jurisdiction_name, **head, **meta.plain(table))
        for name, table in valid.items()]
    return ordinance, found, list(tables)


def load_store(root: Path) -> Store:
    """Read the store's metadata; the first problem found is raised as a :class:`StoreError`
    naming ``ordinances/<j>/<o>/ordinance.toml:LINE``."""
    read = _read(root)
    for problem in read.problems:
        if problem.severity == "error":
            raise StoreError(problem.message, path=problem.path, line=problem.line or None,
                             hint=problem.hint or meta.HINT)
    return Store(root, read.ordinances, read.versions, *read.defaults)


def source_ref(version: StoredVersion) -> SourceRef:
    """The provenance a report shows for a stored version."""
    return SourceRef(id=version.id, label=version.label, sha256=version.sha256,
                     completeness=version.completeness, stops=version.stops,
                     missing=version.missing)


def check_store(root: Path, parse: Callable[[StoredVersion], Document]) -> list[Problem]:
    """Every problem of the store: metadata, missing or stray files, checksums, and each text's
    parse (its warnings, numbering gaps, duplicate clauses). ``parse`` reads one version (the
    text reader is injected so this module does not depend on it)."""
    read = _read(root)
    problems = list(read.problems)
    problems += meta.stray_files(root, read.named, read.unread)
    for version in read.versions:
        text_problems = _check_bytes(version)
        problems += text_problems
        if not text_problems:
            problems += _check_parse(version, parse)
    return sorted(problems, key=lambda p: (p.path, p.line, p.severity, p.message))


def _check_bytes(version: StoredVersion) -> list[Problem]:
    def error(message: str, hint: str = "") -> list[Problem]:
        return [Problem("error", version.metadata, version.line, message, hint)]

    try:
        data = version.text_path.read_bytes()
    except OSError:
        return error(f"the text file {version.version}.txt of {version.id} is missing",
                     "store the version's text beside ordinance.toml, or remove its table")
    digest = hashlib.sha256(data).hexdigest()
    if digest != version.sha256:
        return error(f"sha256 of {version.version}.txt does not match the metadata "
                     f"(the file's is {digest})",
                     "texts are never edited: restore the file, or record a new source's hash")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return [Problem("error", version.display, line, "not UTF-8 text",
                        "stored texts are UTF-8")]
    return []


def _check_parse(version: StoredVersion, parse: Callable[[StoredVersion], Document]
                 ) -> list[Problem]:
    try:
        document = parse(version)
    except OrdiffError as exc:
        return [Problem("error", exc.path or version.display, exc.line or 0,
                        f"cannot be parsed: {exc.message}", exc.hint or "")]
    problems = [Problem("warning", w.path, w.line, w.message) for w in document.warnings]
    return problems + _numbering(document, version.display)


def _numbering(document: Document, shown: str) -> list[Problem]:
    """Numbering gaps among sibling clauses ((a), (b), (d)) and clause ids used twice."""
    problems: list[Problem] = []
    first_seen: dict[str, int] = {}
    groups = [document.clauses]
    for clause in iter_clauses(document.clauses):
        groups.append(clause.children)
        if clause.id in first_seen:
            problems.append(Problem("warning", shown, clause.line, f"duplicate clause {clause.id}"
                                    f" (also at line {first_seen[clause.id]})"))
        first_seen.setdefault(clause.id, clause.line)
    for group in groups:
        last: dict[tuple[str, str], str] = {}
        for clause in group:
            found = match_marker(clause.label) if clause.kind is ClauseKind.PARAGRAPH else None
            if found is None:
                continue
            before = [(style, last[style]) for style in found.styles if style in last]
            if before and not any(label == found.label or is_next_label(label, found.label,
                                                                         style.counter)
                                  for style, label in before):
                style, label = before[0]
                shown_before = f"({label})" if style.punct == "()" else f"{label}."
                problems.append(Problem("warning", shown, clause.line, "numbering gap: "
                                        f"{shown_before} is followed by {clause.label}"))
            last.update((style, found.label) for style in found.styles)
    return problems

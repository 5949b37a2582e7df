"""Add versions to the ordinance store, atomically and never overwriting.

The only module that writes into the store. For each call, in this order:

1. everything is checked before anything is written: the ids are slugs, no version of that name
   exists (text file or metadata table), the new ``ordinance.toml`` reads back as TOML and every
   new table passes the store's own field checks (:mod:`ordiff.store_meta`);
2. each text and the new ``ordinance.toml`` are written to temporary files *in the same folder*
   (names starting with ``.``, which the store ignores), flushed and ``fsync``-ed;
3. each text is linked into place with ``os.link``, which fails rather than replace a file that
   appeared meanwhile; then ``ordinance.toml`` is replaced with ``os.replace`` after checking it
   did not change since it was read; the folder is ``fsync``-ed.

A new ordinance is built whole in a temporary folder beside its final place and renamed into
place in one step. On any failure the files this call created are removed, so the store is as it
was. Existing text is only ever appended to: comments and layout of ``ordinance.toml`` are kept.
"""

from __future__ import annotations

__all__ = ["NewVersion", "NewOrdinance", "add_versions", "toml_value"]

import hashlib
import os
import re
import shutil
import tempfile
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from . import store_meta as meta
from .errors import StoreError

_SLUG = re.compile(r"^[a-z0-9][a-z0-9.-]*$")
_ORDER = ("label", "adopted", "effective", "as_of", "expires", "date_note", "year", "number",
          "status", "source", "source_url", "source_repository", "source_commit", "source_blob",
          "source_path", "source_note", "edits", "completeness", "stops", "missing", "section",
          "doubts", "notes")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\b": "\\b",
            "\f": "\\f"}


@dataclass(frozen=True, slots=True)
class NewVersion:
    """A version to add: its slug, its text, and its metadata fields (``sha256`` is computed)."""

    version: str
    text: str
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class NewOrdinance:
    """The head of an ordinance that does not exist yet."""

    title: str
    jurisdiction: str
    citation: str


def toml_value(value: Any) -> str:
    """A value as TOML: basic strings with escapes, unquoted dates, lists one item a line."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        out = "".join(_ESCAPES.get(c, c if c >= " " and c != "\x7f" else f"\\u{ord(c):04x}")
                      for c in value)
        return f'"{out}"'
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        return "[\n" + "".join(f"  {toml_value(v)},\n" for v in value) + "]"
    raise TypeError(f"no TOML form for {type(value).__name__}")


def _table(name: str, fields: dict[str, Any]) -> str:
    keys = [k for k in _ORDER if k in fields] + sorted(k for k in fields if k not in _ORDER)
    return f"\n[versions.{name}]\n" + "".join(f"{k} = {toml_value(fields[k])}\n" for k in keys)


def _head(head: NewOrdinance) -> str:
    return (f"title = {toml_value(head.title)}\njurisdiction = {toml_value(head.jurisdiction)}\n"
            f"citation = {toml_value(head.citation)}\n")


def _check(root: Path, ordinance: str, toml_text: str, versions: Sequence[NewVersion]) -> None:
    shown = meta.display(root, f"{ordinance}/ordinance.toml")
    try:
        data = tomllib.loads(toml_text)
    except tomllib.TOMLDecodeError as exc:
        raise StoreError(f"the metadata would not be valid TOML: {exc}", path=shown) from None
    problems: list[meta.Problem] = []
    report = meta.Report(shown, problems)
    report.lines = meta.key_lines(toml_text)
    meta.check_ordinance(data, report)
    for version in versions:
        meta.check_version(version.version, data["versions"][version.version], report)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        first = errors[0]
        raise StoreError(f"the new metadata is not valid: {first.message}", path=shown,
                         hint=first.hint or meta.HINT)


def _write_temp(folder: Path, data: bytes) -> Path:
    handle, name = tempfile.mkstemp(prefix=".ordiff-", suffix=".tmp", dir=folder)
    with os.fdopen(handle, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.chmod(name, 0o644)
    return Path(name)


def _fsync_folder(folder: Path) -> None:
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def add_versions(root: Path, ordinance: str, versions: Sequence[NewVersion],
                 create: NewOrdinance | None = None) -> list[str]:
    """Add ``versions`` to ``ordinance`` (``jurisdiction/slug``) in the store at ``root``.

    Args:
        root: the store folder (holding store.toml).
        ordinance: ``jurisdiction/ordinance``.
        versions: the versions to add, all or none.
        create: the ordinance's head, used only when the ordinance does not exist yet.

    Returns:
        The new text files as messages name them (``ordinances/<j>/<o>/<v>.txt``).
    """
    parts = ordinance.split("/")
    if len(parts) != 2 or not all(_SLUG.match(p) for p in parts):
        raise StoreError(f"'{ordinance}' is not JURISDICTION/ORDINANCE in lower-case slugs",
                         hint="for example district-of-columbia/24-211.07")
    if not versions:
        raise StoreError("nothing to add")
    folder = root / ordinance
    metadata = folder / "ordinance.toml"
    exists = metadata.is_file()
    if not exists and create is None:
        raise StoreError(f"no ordinance '{ordinance}' in the store", path=meta.display(root, ordinance),
                         hint="to create it, give its --title, --jurisdiction-name and --citation")
    old_toml = metadata.read_bytes() if exists else b""
    old_text = old_toml.decode("utf-8", errors="replace")
    existing = tomllib.loads(old_text).get("versions", {}) if exists else {}
    names = [v.version for v in versions]
    for version in versions:
        shown = meta.display(root, f"{ordinance}/{version.version}.txt")
        if not _SLUG.match(version.version):
            raise StoreError(f"'{version.version}' is not a version slug (a-z, 0-9, '.', '-')")
        if version.version in existing or (folder / f"{version.version}.txt").exists() or \
                names.count(version.version) > 1:
            raise StoreError(f"version '{version.version}' already exists", path=shown,
                             hint="stored versions are never overwritten: choose another "
                                  "--version")
    encoded = [v.text.encode("utf-8") for v in versions]
    tables = "".join(_table(v.version, {**v.fields, "sha256": hashlib.sha256(data).hexdigest()})
                     for v, data in zip(versions, encoded))
    base = old_text if exists else _head(create)  # type: ignore[arg-type]
    new_toml = (base if base.endswith("\n") else base + "\n") + tables
    _check(root, ordinance, new_toml, versions)
    if exists:
        _add_to_existing(folder, versions, encoded, old_toml, new_toml.encode("utf-8"))
    else:
        _create(folder, versions, encoded, new_toml.encode("utf-8"))
    return [meta.display(root, f"{ordinance}/{name}.txt") for name in names]


def _add_to_existing(folder: Path, versions: Sequence[NewVersion], encoded: list[bytes],
                     old_toml: bytes, new_toml: bytes) -> None:
    temps: list[Path] = []
    placed: list[Path] = []
    try:
        temps = [_write_temp(folder, data) for data in encoded]
        toml_temp = _write_temp(folder, new_toml)
        temps.append(toml_temp)
        for version, temp in zip(versions, temps):
            final = folder / f"{version.version}.txt"
            os.link(temp, final)  # fails if the name exists: never overwrites
            placed.append(final)
        if (folder / "ordinance.toml").read_bytes() != old_toml:
            raise StoreError("ordinance.toml changed while importing; nothing was added",
                             path=str(folder.name), hint="run the import again")
        os.replace(toml_temp, folder / "ordinance.toml")
        temps.remove(toml_temp)
        _fsync_folder(folder)
    except FileExistsError as exc:
        for path in placed:
            path.unlink(missing_ok=True)
        raise StoreError("a version of that name appeared while importing; nothing was added",
                         path=str(exc.filename)) from None
    except BaseException:
        for path in placed:
            path.unlink(missing_ok=True)
        raise
    finally:
        for temp in temps:
            temp.unlink(missing_ok=True)


def _create(folder: Path, versions: Sequence[NewVersion], encoded: list[bytes],
            new_toml: bytes) -> None:
    parent = folder.parent
    made_parent = not parent.exists()
    parent.mkdir(exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=".ordiff-", dir=parent))
    try:
        for version, data in zip(versions, encoded):
            os.replace(_write_temp(building, data), building / f"{version.version}.txt")
        os.replace(_write_temp(building, new_toml), building / "ordinance.toml")
        _fsync_folder(building)
        os.chmod(building, 0o755)
        os.rename(building, folder)  # fails if the folder appeared meanwhile (and is not empty)
        _fsync_folder(parent)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        if made_parent:
            try:
                parent.rmdir()
            except OSError:
                pass
        raise

"""List the sections that changed between two D.C. Code builds, by kind of change: to pick cases.

Sections are matched by file (``titles/<T>/sections/<file>.xml``). A file in both builds whose bytes
differ is read with ``ordiff.read_dcxml``, compared with ``ordiff.compare`` and named by what the
comparison shows; files only in one build are ``added`` / ``deleted``, and those two sets are
compared with each other to find sections recodified under another number or title. Every kind is a
*candidate*: a case is chosen only after reading both files by hand.

    .venv/bin/python bench/find_dc_changes.py [OLD_BUILD NEW_BUILD] [--kind KIND] [--limit N]

Without the build folders, both builds are unpacked from ../shared/corpora/dc-code/ into a
temporary folder. Output: one tab-separated line per section (kind, old file, new file, detail),
then a count per kind on stderr.
"""

from __future__ import annotations

import argparse
import os
import sys
import tarfile
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpora" / "dc-code"
BUILDS = ("dc-code-2021-10-18", "dc-code-2024-10-20")
TITLES = os.path.join("us", "dc", "council", "code", "titles")

sys.path.insert(0, str(REPO))
from ordiff.compare import compare  # noqa: E402
from ordiff.model import ChangeKind, Comparison, Document, Op, SourceRef  # noqa: E402
from ordiff.read_dcxml import read_dcxml  # noqa: E402


def unpack_builds(into: Path) -> tuple[Path, Path]:
    """Unpack both corpus builds into ``into`` (a temporary folder); return their folders."""
    for build in BUILDS:
        with tarfile.open(CORPUS / f"{build}.tar.gz") as archive:
            archive.extractall(into, filter="data")
    return into / BUILDS[0], into / BUILDS[1]


def section_files(build: Path) -> dict[str, Path]:
    """Every section file of a build by its path below ``titles/`` ("27/sections/27-131.xml";
    title 99 keeps its "(Perm)" sections beside its index: "99/25-403(Perm).xml")."""
    root = build / TITLES
    found: dict[str, Path] = {}
    for title in sorted(os.listdir(root)):
        for sub in ("sections", ""):
            folder = root / title / sub if sub else root / title
            if folder.is_dir():
                for name in sorted(os.listdir(folder)):
                    if name.endswith(".xml") and name != "index.xml":
                        found[f"{title}/{sub}/{name}" if sub else f"{title}/{name}"] = folder / name
    return found


def _path(clause: object) -> str:
    return "/".join(clause.path) if clause is not None else "-"  # type: ignore[attr-defined]


def _edits(comparison: Comparison) -> list[tuple[str, str]]:
    """The (removed, added) word pairs of every amended record's text."""
    pairs = []
    for change in comparison.changes:
        if change.kind is not ChangeKind.AMENDED or change.old is None or len(change.old.path) < 2:
            continue
        spans = [s for s in change.text if s.op in (Op.DELETE, Op.INSERT) and not s.ignored]
        removed = " ".join(s.text.strip() for s in spans if s.op is Op.DELETE)
        added = " ".join(s.text.strip() for s in spans if s.op is Op.INSERT)
        pairs.append((removed, added))
    return pairs


def classify(comparison: Comparison) -> tuple[str, str]:
    """A candidate kind for one changed section, and a short detail."""
    old, new = comparison.old.clauses[0], comparison.new.clauses[0]
    kinds = Counter(c.kind for c in comparison.changes)
    detail = " ".join(f"{k.value}={n}" for k, n in sorted(kinds.items()))
    if new.status and not old.status:
        return f"repeal:{new.status}", detail
    changed = {k: n for k, n in kinds.items() if k is not ChangeKind.UNCHANGED}
    if not changed:
        return "notes-only", detail
    top = comparison.changes[0]
    if (changed == {ChangeKind.AMENDED: 1} and top.old is old and top.new is new
            and old.heading != new.heading and old.text == new.text):
        return "heading", f"{old.heading!r} -> {new.heading!r}"
    if changed.get(ChangeKind.SPLIT) or changed.get(ChangeKind.MERGED):
        return "split-merge", detail
    if changed.get(ChangeKind.RENUMBERED):
        if changed.get(ChangeKind.INSERTED):
            return "insert-renumber", detail
        return "redesignation", detail
    if changed.get(ChangeKind.MOVED):
        return "moved-within", detail
    paired = kinds[ChangeKind.UNCHANGED] + kinds[ChangeKind.AMENDED]
    lone = kinds[ChangeKind.DELETED] + kinds[ChangeKind.INSERTED]
    if lone >= 4 and kinds[ChangeKind.UNCHANGED] * 4 < lone:
        return "rewrite", detail
    if set(changed) == {ChangeKind.AMENDED} and paired:
        edits = _edits(comparison)
        if len(edits) >= 2 and len(set(edits)) == 1:
            return "find-replace", f"{edits[0][0]!r} -> {edits[0][1]!r} x{len(edits)}"
        if edits and all(len(a.split()) <= 3 and len(b.split()) <= 3 for a, b in edits):
            return "word-edit", "; ".join(f"{a!r} -> {b!r}" for a, b in edits[:3])
    if changed.get(ChangeKind.INSERTED) and not changed.get(ChangeKind.DELETED):
        return "insertion", detail
    if changed.get(ChangeKind.DELETED) and not changed.get(ChangeKind.INSERTED):
        return "deletion", detail
    return "other", detail


def joined(name: str, files: list[Path]) -> Document:
    """Several section files as one document (sections in the given order)."""
    clauses = tuple(read_dcxml(f, f.name).clauses[0] for f in files)
    return Document(SourceRef(name, name, "0" * 64), clauses)


def recodified(gone: dict[str, Path], added: dict[str, Path]
               ) -> Iterator[tuple[str, str, str, str]]:
    """Sections of removed files found again, by the engine, in added files."""
    comparison = compare(joined("old", list(gone.values())), joined("new", list(added.values())))
    old_file = {read_dcxml(p, p.name).clauses[0].path: k for k, p in gone.items()}
    new_file = {read_dcxml(p, p.name).clauses[0].path: k for k, p in added.items()}
    for change in comparison.changes:
        if change.old is None or change.new is None or len(change.old.path) != 1:
            continue
        where = new_file[change.new.path[:1]]
        yield ("recodified", old_file[change.old.path], where,
               f"{change.kind.value} as {_path(change.new)} similarity={change.similarity}")


def changes(old_build: Path, new_build: Path) -> Iterator[tuple[str, str, str, str]]:
    """One (kind, old file, new file, detail) per changed section file."""
    old_files, new_files = section_files(old_build), section_files(new_build)
    for key in sorted(old_files.keys() & new_files.keys()):
        a, b = old_files[key], new_files[key]
        if a.read_bytes() == b.read_bytes():
            continue
        kind, detail = classify(compare(read_dcxml(a, key), read_dcxml(b, key)))
        yield kind, key, key, detail
    gone = sorted(old_files.keys() - new_files.keys())
    added = sorted(new_files.keys() - old_files.keys())
    yield from ((("deleted", k, "-", "")) for k in gone)
    yield from ((("added", "-", k, "")) for k in added)
    yield from recodified({k: old_files[k] for k in gone}, {k: new_files[k] for k in added})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("builds", nargs="*", type=Path, help="OLD_BUILD NEW_BUILD folders")
    parser.add_argument("--kind", default=None, help="only this kind (prefix match)")
    parser.add_argument("--limit", type=int, default=0, help="at most N lines per kind")
    args = parser.parse_args()
    if len(args.builds) not in (0, 2):
        parser.error("give both build folders, or none to unpack the corpus")
    with tempfile.TemporaryDirectory() as tmp:
        old, new = args.builds if args.builds else unpack_builds(Path(tmp))
        counts: Counter[str] = Counter()
        for kind, a, b, detail in changes(old, new):
            counts[kind] += 1
            if args.kind and not kind.startswith(args.kind):
                continue
            if args.limit and counts[kind] > args.limit:
                continue
            print(f"{kind}\t{a}\t{b}\t{detail}", flush=True)
    for kind, n in sorted(counts.items()):
        print(f"# {kind}: {n}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

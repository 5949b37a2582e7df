"""Time the changes-only HTML report for the whole D.C. Code: 2021-10-18 build → 2024-10-20 build.

Unpacks both builds from ../shared/corpora/dc-code/ into a temporary folder (never the repository),
reads each with ordiff.read_dcxml, compares them, renders ``view="changes"`` and prints one table of
wall time per stage, the report's size and the process's peak resident memory.

    .venv/bin/python bench/bench_report.py [--view changes|inline] [--keep FILE]

``--keep FILE`` writes the report there (outside the repository, please).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tarfile
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpora" / "dc-code"
BUILDS = ("dc-code-2021-10-18", "dc-code-2024-10-20")


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--view", default="changes", choices=["changes", "inline"])
    parser.add_argument("--keep", type=Path, default=None)
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    from ordiff.compare import compare
    from ordiff.model import iter_clauses
    from ordiff.read_dcxml import read_dcxml
    from ordiff.render_html import render_html

    archives = [CORPUS / f"{name}.tar.gz" for name in BUILDS]
    if not all(a.is_file() for a in archives):
        print(f"the D.C. Code corpus is not at {CORPUS}", file=sys.stderr)
        return 2
    rows: list[tuple[str, float, float]] = []
    with tempfile.TemporaryDirectory(prefix="ordiff-bench-") as temp:
        start = time.perf_counter()
        for archive in archives:
            with tarfile.open(archive) as tar:
                tar.extractall(temp, filter="data")
        rows.append(("unpack both builds", time.perf_counter() - start, peak_mb()))
        documents = []
        for name in BUILDS:
            start = time.perf_counter()
            documents.append(read_dcxml(Path(temp) / name, name))
            rows.append((f"read {name}", time.perf_counter() - start, peak_mb()))
    start = time.perf_counter()
    comparison = compare(documents[0], documents[1])
    rows.append(("compare", time.perf_counter() - start, peak_mb()))
    start = time.perf_counter()
    data = render_html(comparison, view=args.view)
    rows.append((f"render_html(view={args.view!r})", time.perf_counter() - start, peak_mb()))
    if args.keep:
        args.keep.write_bytes(data)
    clauses = sum(1 for _ in iter_clauses(documents[1].clauses))
    changed = sum(1 for c in comparison.changes if c.kind.value != "unchanged")
    print(f"clauses (new): {clauses:,}; changes: {len(comparison.changes):,} records, "
          f"{changed:,} not unchanged; report: {len(data) / 1e6:.1f} MB")
    print("| stage | wall s | peak RSS so far, MB |\n|---|---|---|")
    for stage, seconds, peak in rows:
        print(f"| {stage} | {seconds:.1f} | {peak:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

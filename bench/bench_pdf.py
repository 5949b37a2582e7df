"""Time the PDF redline against WeasyPrint rendering the same HTML alone, in the same run.

Two cases:

- ``title``: the changes-only PDF of one whole D.C. Code title, 2021-10-18 build → 2024-10-20
  build (``--title``, default 24). Only that title's files are unpacked from
  ../shared/corpora/dc-code/ into a temporary folder (never the repository) and read with
  ``read_dcxml``; reading and comparing are not timed.
- ``section``: the full redline of D.C. Code § 24-211.07, 2012 → 2021, from the bundled store.

For each: ``ordiff`` is ``render_pdf`` end to end (the print page built from the comparison, line
wrapping when asked, WeasyPrint, the attached comparison); ``weasyprint`` is
``HTML(string=page).render().write_pdf()`` on the very HTML ordiff built, with the same tagging.
The two alternate ``--repeat`` times and the best of each is kept, wall and CPU time (CPU time
is what other work on a shared machine disturbs least); overhead is ``ordiff / weasyprint - 1``
in CPU time (target: at most 10 %).

    .venv/bin/python bench/bench_pdf.py [--title 24] [--repeat 3] [--line-numbers] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpora" / "dc-code"
BUILDS = ("dc-code-2021-10-18", "dc-code-2024-10-20")


def title_pair(title: str) -> Any:
    """The comparison of one title across the two builds (unpacked to a temporary folder)."""
    from ordiff.compare import compare
    from ordiff.read_dcxml import read_dcxml

    inside = f"us/dc/council/code/titles/{title}/"
    documents = []
    with tempfile.TemporaryDirectory(prefix="ordiff-bench-pdf-") as temp:
        for build in BUILDS:
            with tarfile.open(CORPUS / f"{build}.tar.gz") as tar:
                members = [m for m in tar.getmembers() if m.name.startswith(f"{build}/{inside}")]
                tar.extractall(temp, members=members, filter="data")
            documents.append(read_dcxml(Path(temp) / build / inside, f"{build}/title-{title}"))
    return compare(documents[0], documents[1])


def section_pair() -> tuple[Any, Any, Any]:
    from ordiff.api import compare_versions
    from ordiff.html_parts import VersionInfo
    from ordiff.store import find_store, load_store

    ids = ("district-of-columbia/24-211.07@2012", "district-of-columbia/24-211.07@2021")
    comparison = compare_versions(*ids)
    store = load_store(find_store())
    infos = [VersionInfo.from_stored(store.get(i), d.source)
             for i, d in zip(ids, (comparison.old, comparison.new))]
    return comparison, infos[0], infos[1]


Row = tuple[str, int, float, float, float, float, float]


def measure(name: str, comparison: Any, old: Any, new: Any, options: Any, repeat: int,
            keep: Path | None) -> Row:
    """(case, pages, ordiff wall, WeasyPrint wall, ordiff CPU, WeasyPrint CPU, page build CPU),
    each the best of ``repeat`` alternating runs."""
    import weasyprint

    from ordiff.pdf_page import build_pdf_page
    from ordiff.render_pdf import render_pdf

    ours, alone, ours_cpu, alone_cpu, build = [], [], [], [], []
    pages = 0
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        result = render_pdf(comparison, old, new, options)
        ours.append(time.perf_counter() - start)
        ours_cpu.append(time.process_time() - cpu)
        cpu = time.process_time()
        page = build_pdf_page(comparison, old, new, options)
        build.append(time.process_time() - cpu)
        start, cpu = time.perf_counter(), time.process_time()
        document = weasyprint.HTML(string=page.html).render()
        document.write_pdf(pdf_tags=True, pdf_identifier=True)
        alone.append(time.perf_counter() - start)
        alone_cpu.append(time.process_time() - cpu)
        pages = len(document.pages)
        if result.warnings:
            print(f"{name}: WeasyPrint warned: {result.warnings[:3]}", file=sys.stderr)
    if keep:
        keep.mkdir(parents=True, exist_ok=True)
        (keep / f"{name}.pdf").write_bytes(result.data)
    return name, pages, min(ours), min(alone), min(ours_cpu), min(alone_cpu), min(build)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--title", default="24")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--line-numbers", action="store_true")
    parser.add_argument("--keep", type=Path, default=None, help="write the PDFs here")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    from ordiff.pdf_page import PdfOptions

    if not all((CORPUS / f"{b}.tar.gz").is_file() for b in BUILDS):
        print(f"the D.C. Code corpus is not at {CORPUS}", file=sys.stderr)
        return 2
    start = time.perf_counter()
    title = title_pair(args.title)
    prepared = time.perf_counter() - start
    changed = sum(1 for c in title.changes if c.kind.value != "unchanged")
    print(f"title {args.title}: {len(title.changes):,} change records, {changed:,} not "
          f"unchanged (unpack, read and compare: {prepared:.1f} s, not timed below)")
    numbered = {"line_numbers": True} if args.line_numbers else {}
    rows = [measure(f"title-{args.title}-changes", title, None, None,
                    PdfOptions(changes_only=True, **numbered), args.repeat, args.keep),
            measure("24-211.07-full", *section_pair(), PdfOptions(**numbered), args.repeat,
                    args.keep)]
    print(f"machine: {os.cpu_count()} cores, {platform.platform()}, Python "
          f"{platform.python_version()}; load average {os.getloadavg()[0]:.2f} at the end")
    print("| case | pages | ordiff wall s | WeasyPrint alone wall s | ordiff CPU s | WeasyPrint "
          "alone CPU s | pages/s (ordiff, CPU) | page build CPU s | overhead (CPU) |\n"
          "|---|---|---|---|---|---|---|---|---|")
    for name, pages, ours, alone, ours_cpu, alone_cpu, build in rows:
        print(f"| {name} | {pages} | {ours:.2f} | {alone:.2f} | {ours_cpu:.2f} | "
              f"{alone_cpu:.2f} | {pages / ours_cpu:.1f} | {build:.2f} | "
              f"{100 * (ours_cpu / alone_cpu - 1):+.1f} % |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

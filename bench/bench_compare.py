"""Benchmark the comparison of the whole D.C. Code, 2021-10-18 against 2024-10-20, end to end to JSON.

One run measures, each stage in a fresh child process (so that memory and the garbage collector
start from nothing each time):

* ``lxml``: the safe parser alone (``ordiff.safexml.parse_xml``) on every XML file of both builds;
* ``e2e``: both builds read through one ``SectionMemo`` (as ``api.compare_versions`` reads them), ``compare``,
  ``comparison_json`` (``ordiff diff -f json``'s text) to a file;
  its peak memory is the child's ``ru_maxrss`` (from ``os.wait4``);
* ``git diff --no-index --word-diff`` on plain-text dumps of the same builds, written from the
  parsed clause trees (``document_outline``) into the temporary folder beforehand.

    .venv/bin/python bench/bench_compare.py [--repeat N] [--builds OLD NEW]
    .venv/bin/python bench/bench_compare.py --thresholds 0.4,0.5,0.6,0.7,0.8 [--samples N]
    .venv/bin/python bench/bench_compare.py --same-path 0.1,0.2,0.3,0.4,0.5 [--samples N]

``--thresholds`` and ``--same-path`` measure instead how pairing at different paths (the
``threshold``) or at the same path (``SAME_PATH_THRESHOLD``) behaves on the whole code: pairings
per value and a sample of the pairs each value adds (score in [value, value + 0.1)), to be judged
by reading (docs/comparison.md). Builds are unpacked into a temporary folder unless given.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from importlib import metadata
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from find_dc_changes import REPO, unpack_builds  # noqa: E402

sys.path.insert(0, str(REPO))
TARGET_FACTOR, TARGET_PEAK_MB = 3.0, 2048.0


def child_lxml(builds: list[Path]) -> dict[str, Any]:
    """Parse every XML file of both builds with the safe parser; nothing else."""
    from ordiff.safexml import parse_xml

    files = sorted(str(p) for build in builds for p in build.rglob("*.xml"))
    start, cpu = time.perf_counter(), time.process_time()
    for name in files:
        with open(name, "rb") as handle:
            parse_xml(handle.read(), name)
    return {"files": len(files), "seconds": time.perf_counter() - start,
            "cpu": time.process_time() - cpu}


def child_e2e(builds: list[Path], out: Path) -> dict[str, Any]:
    """Read both builds, compare, serialise to ``out``: the whole path of ``ordiff diff -f json``
    (``api.compare_versions``, its stages timed apart: both reads share one ``SectionMemo``)."""
    from ordiff.api import load_document
    from ordiff.compare import compare
    from ordiff.section_memo import SectionMemo
    from ordiff.serialize import comparison_json

    marks = [(time.perf_counter(), time.process_time())]
    memo = SectionMemo()
    old, new = (load_document(str(b), None, memo) for b in builds)
    marks.append((time.perf_counter(), time.process_time()))
    comparison = compare(old, new)
    marks.append((time.perf_counter(), time.process_time()))
    out.write_text(comparison_json(comparison), encoding="utf-8")
    marks.append((time.perf_counter(), time.process_time()))
    kinds = Counter(c.kind.value for c in comparison.changes)
    result: dict[str, Any] = {"json_mb": out.stat().st_size / 2**20,
                              "kinds": dict(sorted(kinds.items()))}
    for i, stage in enumerate(("read", "compare", "json")):
        result[stage] = marks[i + 1][0] - marks[i][0]
        result[f"{stage}_cpu"] = marks[i + 1][1] - marks[i][1]
    result["seconds"], result["cpu"] = marks[3][0] - marks[0][0], marks[3][1] - marks[0][1]
    return result


def child_dump(builds: list[Path], into: Path) -> dict[str, Any]:
    """Plain-text dumps of both builds from their clause trees, for ``git diff``."""
    from ordiff.read_dcxml import read_dcxml
    from ordiff.serialize import document_outline

    for build, name in zip(builds, ("old.txt", "new.txt")):
        (into / name).write_text(document_outline(read_dcxml(build, build.name)), "utf-8")
    return {}


def run_child(stage: str, *args: str) -> tuple[dict[str, Any], float]:
    """Run one stage in a fresh interpreter; its result and its peak resident memory in MB."""
    command = [sys.executable, __file__, "--child", stage, *args]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    if status:
        raise SystemExit(f"stage {stage} failed with status {status}")
    return json.loads(output), usage.ru_maxrss / 1024


def git_diff(folder: Path) -> tuple[float, float]:
    """Wall and CPU seconds of ``git diff --no-index --word-diff`` on the two dumps."""
    start = time.perf_counter()
    with open(folder / "diff.txt", "wb") as out:
        process = subprocess.Popen(["git", "diff", "--no-index", "--no-color", "--word-diff",
                                    "old.txt", "new.txt"], cwd=folder, stdout=out)
        _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"git diff failed with status {status}")
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def versions() -> dict[str, str]:
    from lxml import etree

    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), "")
    mem = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), "0")
    git = subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.strip()
    return {"machine": f"{os.cpu_count()} cores ({cpu}), {int(mem) / 2**20:.1f} GiB",
            "python": platform.python_version(), "lxml": etree.__version__,
            "libxml2": ".".join(map(str, etree.LIBXML_VERSION)),
            "diff-match-patch": metadata.version("diff-match-patch"), "git": git}


def benchmark(builds: list[Path], work: Path, repeat: int) -> None:
    info = versions()
    runs = []
    child_dump(builds, work)  # not timed; done first so that every build file is in the cache
    for _ in range(repeat):
        load = os.getloadavg()[0]
        lxml, _ = run_child("lxml", *map(str, builds))
        e2e, peak = run_child("e2e", *map(str, builds), str(work / "comparison.json"))
        git, git_cpu = git_diff(work)
        runs.append({"load": load, "lxml": lxml["seconds"], "lxml_cpu": lxml["cpu"],
                     "peak_mb": peak, "git": git, "git_cpu": git_cpu, **e2e})
    print(json.dumps({"versions": info, "runs": runs}, indent=2))
    print(f"\n| stage | wall seconds | CPU seconds |\n|---|---|---|")
    for key in ("lxml", "read", "compare", "json", "seconds", "git"):
        cpu = "cpu" if key == "seconds" else f"{key}_cpu"
        print(f"| {key} | {min(r[key] for r in runs):.1f} | {min(r[cpu] for r in runs):.1f} |")
    wall = min(r["seconds"] for r in runs) / min(r["lxml"] for r in runs)
    cpu_factor = min(r["cpu"] for r in runs) / min(r["lxml_cpu"] for r in runs)
    # The machine's speed drifts within seconds: each round's own ratio (its lxml child and its
    # end-to-end child run back to back) is shown too, and their median.
    rounds = sorted(r["seconds"] / r["lxml"] for r in runs)
    print(f"\nper round: {', '.join(f'{x:.2f}' for x in rounds)}; median "
          f"{statistics.median(rounds):.2f}")
    print(f"end to end / lxml = {wall:.1f} wall, {cpu_factor:.1f} CPU (target <= "
          f"{TARGET_FACTOR}); peak {max(r['peak_mb'] for r in runs):.0f} MB (target <= "
          f"{TARGET_PEAK_MB:.0f}); load average {min(r['load'] for r in runs):.1f} on "
          f"{os.cpu_count()} cores; best of {repeat}")


# --- threshold study -----------------------------------------------------------------------------

_WORD = re.compile(r"\w+")


def _words(clause: Any, whole: bool) -> Counter[str]:
    """A clause's words as ordiff.align counts them: a section's include its whole text."""
    from ordiff.model import iter_clauses

    parts = iter_clauses((clause,)) if whole else (clause,)
    return Counter(w for c in parts for w in _WORD.findall(f"{c.heading or ''}\n{c.text}".lower()))


def _dice(a: Counter[str], b: Counter[str]) -> float:
    total = a.total() + b.total()
    return 2 * (a & b).total() / total if total else 1.0


def study(builds: list[Path], values: list[float], samples: int, same_path: bool) -> None:
    """Pairings per threshold value, and a sample of those each value adds, for reading."""
    import ordiff.align as align_module
    from ordiff.model import ClauseKind, iter_clauses
    from ordiff.read_dcxml import read_dcxml

    old, new = (read_dcxml(b, b.name) for b in builds)
    olds, news = list(iter_clauses(old.clauses)), list(iter_clauses(new.clauses))
    how = "path" if same_path else "similar"
    print(f"| {'SAME_PATH_THRESHOLD' if same_path else 'threshold'} | {how} pairings | sections "
          "| paragraphs | containers | score in [value, value + 0.1) |")
    print("|---|---|---|---|---|---|")
    added: dict[float, list[tuple[float, int, int]]] = {}
    for value in values:
        if same_path:
            align_module.SAME_PATH_THRESHOLD = value
        pairs = align_module.align(old, new, align_module.DEFAULT_THRESHOLD if same_path else value)
        chosen = [(p.old[0], p.new[0]) for p in pairs if p.how == how]
        ranks = Counter("section" if olds[o].kind is ClauseKind.SECTION else
                        "container" if olds[o].kind.is_container else "paragraph" for o, _ in chosen)
        scored = []
        for o, n in chosen:
            whole = olds[o].kind is ClauseKind.SECTION
            score = _dice(_words(olds[o], whole), _words(news[n], whole))
            paragraph = olds[o].kind in (ClauseKind.PARAGRAPH, ClauseKind.UNLABELLED)
            if value <= score < value + 0.1 and (not same_path or paragraph):
                scored.append((score, o, n))
        added[value] = sorted(scored, key=lambda t: (t[1], t[2]))
        print(f"| {value} | {len(chosen)} | {ranks['section']} | {ranks['paragraph']} | "
              f"{ranks['container']} | {len(scored)} |")
    for value, scored in added.items():
        random.Random(value).shuffle(scored)
        print(f"\n### {value}: {min(samples, len(scored))} of {len(scored)}")
        for score, o, n in scored[:samples]:
            print(f"- {score:.3f} `{'/'.join(olds[o].path)}` -> `{'/'.join(news[n].path)}`")
            for side in (olds[o], news[n]):
                text = " ".join(f"{side.heading or ''} | {side.text}".split())
                print(f"  - {text[:200]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--builds", nargs=2, type=Path, default=None, metavar=("OLD", "NEW"))
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--thresholds", default=None, help="comma-separated values to study")
    parser.add_argument("--same-path", default=None, help="comma-separated values to study")
    parser.add_argument("--samples", type=int, default=10)
    parser.add_argument("--child", nargs="+", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        stage, *rest = args.child
        paths = [Path(p) for p in rest]
        result = {"lxml": lambda: child_lxml(paths), "e2e": lambda: child_e2e(paths[:2], paths[2]),
                  }[stage]()
        print(json.dumps(result))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        builds = list(args.builds) if args.builds else list(unpack_builds(work))
        if args.thresholds or args.same_path:
            values = [float(v) for v in (args.thresholds or args.same_path).split(",")]
            study(builds, values, args.samples, same_path=bool(args.same_path))
        else:
            benchmark(builds, work, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark the word diff (``ordiff.textdiff.diff_text``) on the pairs the whole D.C. Code sends it.

The workload is every ``(old, new)`` pair that ``compare`` hands to ``diff_text`` when it compares
the 2021-10-18 build with the 2024-10-20 one (headings and texts, each with the clause path it came
from). Building it reads and compares both builds once (about half a minute); it is then pickled
into the temporary folder (never the repository) and reused.

    .venv/bin/python bench/bench_textdiff.py [--repeat N] [--builds OLD NEW] [--workload FILE]
    .venv/bin/python bench/bench_textdiff.py --baseline REV      # also time textdiff.py of REV
    .venv/bin/python bench/bench_textdiff.py --save-spans FILE   # keep this version's diffs
    .venv/bin/python bench/bench_textdiff.py --against FILE      # count the diffs that changed

Reported: the total time of ``diff_text`` over all pairs (best of N, wall and CPU), and the ten
slowest pairs (each pair's best time). With ``--baseline``, ``ordiff/textdiff.py`` and
``ordiff/textdiff_anchor.py`` as committed at REV (a git revision) are timed in the same run,
rounds alternating, and the diffs that differ between the two are counted. Without
``--builds``, both builds are unpacked from ``../shared/corpora/dc-code/`` into a temporary
folder.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent))
from find_dc_changes import REPO, unpack_builds  # noqa: E402

sys.path.insert(0, str(REPO))
from ordiff import compare as compare_module  # noqa: E402
from ordiff.read_dcxml import read_dcxml  # noqa: E402
from ordiff.model import Op, Span  # noqa: E402
from ordiff.textdiff import DiffOptions, diff_text  # noqa: E402

DiffText = Callable[[str, str], tuple[Span, ...]]

DEFAULT_WORKLOAD = Path(tempfile.gettempdir()) / "ordiff-textdiff-workload.pickle"


class Pair(NamedTuple):
    """One call of ``diff_text``: where it came from (``heading``/``text`` and the old path)."""

    where: str
    old: str
    new: str


def record_pairs(old_build: Path, new_build: Path) -> list[Pair]:
    """Compare both builds with ``diff_text`` replaced by a recorder that calls the real one."""
    pairs: list[Pair] = []

    def recording(old: str, new: str, options: DiffOptions = DiffOptions()) -> Any:
        caller = sys._getframe(2).f_locals.get("old")  # pair_change's old clause, if any
        field = "heading" if caller is not None and getattr(caller, "heading", None) == old \
            and getattr(caller, "text", None) != old else "text"
        path = "/".join(getattr(caller, "path", ()) or ())
        pairs.append(Pair(f"{field} {path}", old, new))
        return diff_text(old, new, options)

    old_document, new_document = read_dcxml(old_build), read_dcxml(new_build)
    setattr(compare_module, "diff_text", recording)
    try:
        compare_module.compare(old_document, new_document)
    finally:
        setattr(compare_module, "diff_text", diff_text)
    return pairs


def load_workload(path: Path, builds: list[Path] | None) -> list[Pair]:
    if path.exists() and not builds:
        with path.open("rb") as handle:
            return [Pair(*p) for p in pickle.load(handle)]
    if builds:
        pairs = record_pairs(*builds)
    else:
        with tempfile.TemporaryDirectory() as folder:
            pairs = record_pairs(*unpack_builds(Path(folder)))
    with path.open("wb") as handle:
        pickle.dump([tuple(p) for p in pairs], handle)
    return pairs


def _committed(revision: str, path: str, name: str) -> Any:
    """The module ``path`` as committed at ``revision``, loaded beside ours as ``name``."""
    source = subprocess.run(["git", "show", f"{revision}:{path}"], cwd=REPO,
                            check=True, capture_output=True, text=True).stdout
    spec = importlib.util.spec_from_loader(name, loader=None)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "ordiff"
    sys.modules[name] = module  # dataclasses look their module up while the class is made
    exec(compile(source, f"{revision}:{path}", "exec"), module.__dict__)
    return module


def baseline(revision: str) -> DiffText:
    """``diff_text`` of ``ordiff/textdiff.py`` as committed at ``revision``, loaded beside ours,
    with the anchoring (``ordiff/textdiff_anchor.py``) of the same revision where it has one."""
    module = _committed(revision, "ordiff/textdiff.py", "ordiff._bench_baseline_textdiff")
    if "anchored_diff" in vars(module):
        anchor = _committed(revision, "ordiff/textdiff_anchor.py",
                            "ordiff._bench_baseline_textdiff_anchor")
        module.anchored_diff, module.LARGE = anchor.anchored_diff, anchor.LARGE
    return module.diff_text  # type: ignore[no-any-return]


@dataclass
class Timing:
    """One function's best total wall and CPU seconds, each pair's best wall time, its spans."""

    wall: float = float("inf")
    cpu: float = float("inf")
    each: list[float] = field(default_factory=list)
    spans: list[tuple[Span, ...]] = field(default_factory=list)


def time_pairs(pairs: list[Pair], functions: list[DiffText], repeat: int) -> list[Timing]:
    """Each function over all pairs, best of ``repeat`` rounds; the functions alternate within
    a round, so that a change in the machine's load falls on all of them alike."""
    timings = [Timing(each=[float("inf")] * len(pairs)) for _ in functions]
    for _ in range(repeat):
        for function, timing in zip(functions, timings):
            spans = []
            wall, cpu = time.perf_counter(), time.process_time()
            for i, (_, old, new) in enumerate(pairs):
                start = time.perf_counter()
                spans.append(function(old, new))
                timing.each[i] = min(timing.each[i], time.perf_counter() - start)
            timing.wall = min(timing.wall, time.perf_counter() - wall)
            timing.cpu = min(timing.cpu, time.process_time() - cpu)
            timing.spans = spans
    return timings


def changed_ops(spans: tuple[Span, ...]) -> int:
    return sum(1 for s in spans if s.op in (Op.DELETE, Op.INSERT) and not s.ignored)


def report(label: str, pairs: list[Pair], timing: Timing, repeat: int) -> None:
    print(f"{label}: diff_text over all pairs, best of {repeat}: {timing.wall:.3f} s wall, "
          f"{timing.cpu:.3f} s CPU")
    print("  slowest pairs (best time):")
    for i in sorted(range(len(pairs)), key=lambda i: -timing.each[i])[:10]:
        p = pairs[i]
        print(f"  {timing.each[i] * 1000:8.1f} ms  {len(p.old):6,} / {len(p.new):6,} chars  "
              f"{changed_ops(timing.spans[i]):4} changes  {p.where}")
    digest = hashlib.sha256(repr(timing.spans).encode()).hexdigest()[:16]
    print(f"  fingerprint of all spans: {digest}")


def count_differences(pairs: list[Pair], before: list[tuple[Span, ...]],
                      after: list[tuple[Span, ...]], label: str, show: int) -> None:
    differ = [i for i, (a, b) in enumerate(zip(before, after)) if a != b]
    print(f"diffs that differ from {label}: {len(differ)} of {len(pairs)}")
    for i in differ[:show]:
        print(f"  {pairs[i].where} ({len(pairs[i].old):,} / {len(pairs[i].new):,} chars): "
              f"{changed_ops(before[i])} changes before, {changed_ops(after[i])} after")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--builds", nargs=2, type=Path, metavar=("OLD", "NEW"))
    parser.add_argument("--workload", type=Path, default=DEFAULT_WORKLOAD)
    parser.add_argument("--save-spans", type=Path, help="pickle this version's diffs here")
    parser.add_argument("--against", type=Path, help="diffs saved by --save-spans to compare with")
    parser.add_argument("--baseline", metavar="REV", help="also time textdiff.py as of REV")
    parser.add_argument("--show", type=int, default=0, help="list this many changed diffs")
    args = parser.parse_args()

    pairs = load_workload(args.workload, args.builds)
    chars = sum(len(p.old) + len(p.new) for p in pairs)
    print(f"{len(pairs):,} pairs, {chars:,} characters ({args.workload})")
    functions: list[DiffText] = [diff_text]
    if args.baseline:
        functions.append(baseline(args.baseline))
    timings = time_pairs(pairs, functions, args.repeat)
    report("this tree", pairs, timings[0], args.repeat)
    results = timings[0].spans
    if args.baseline:
        report(f"baseline {args.baseline}", pairs, timings[1], args.repeat)
        count_differences(pairs, timings[1].spans, results, args.baseline, args.show)
    if args.save_spans:
        with args.save_spans.open("wb") as handle:
            pickle.dump(results, handle)
    if args.against:
        with args.against.open("rb") as handle:
            count_differences(pairs, pickle.load(handle), results, str(args.against), args.show)


if __name__ == "__main__":
    main()

"""Time reading a whole D.C. Code build into the clause model against lxml's own parse of it.

In one run, alternating, ``--repeat`` times: (1) lxml alone, ``etree.parse`` of every XML file of
the build with ordiff's safe parser, nothing else; (2) what the reader does before its walk: each
file read, hashed and parsed with the safety checks; (3) a floor: the plain parse plus one
``Clause`` per section and paragraph with only its num and plain text, what any reader into this
model pays at least; (4) ``ordiff.read_dcxml`` of the build folder (read, hash, parse, walk,
clause model), with the C walk of sections (``ordiff._dcwalk``) when it is built; (5) the same
with the pure-Python walk (the C walk switched off as ``ORDIFF_PURE=1`` does).
Prints the best wall and CPU time of each, the ratios, and the peak resident memory of lxml and
read_dcxml, each measured in a fresh child process.

    .venv/bin/python bench/bench_read.py ../shared/corpora/dc-code/dc-code-2024-10-20.tar.gz
    .venv/bin/python bench/bench_read.py BUILD_FOLDER [--repeat 5]

A .tar.gz is unpacked into a temporary folder first (never into the repository).
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import os
import platform
import resource
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from lxml import etree  # noqa: E402

from ordiff import dcxml_walk  # noqa: E402
from ordiff.model import Clause, ClauseKind, iter_clauses  # noqa: E402
from ordiff.read_dcxml import DC_NAMESPACE, read_dcxml  # noqa: E402
from ordiff.read_dcxml import _read_bytes  # noqa: E402
from ordiff.safexml import PARSER, parse_xml  # noqa: E402


def lxml_only(files: list[str]) -> None:
    for file in files:
        etree.parse(file, PARSER)


def load_only(files: list[str]) -> None:
    """What the reader does before its walk: each file read, hashed and parsed with the safety
    checks (``parse_xml``), nothing built; the part of ``read_dcxml`` any reader must pay."""
    for file in files:
        data = _read_bytes(file)
        hashlib.sha256(data).hexdigest()
        parse_xml(data, file)


def floor(files: list[str]) -> None:
    """A lower bound for any reader into this model: parse, then one Clause per section and
    paragraph holding only its num and plain text (no headings, notes, markup, checks), built
    the cheapest way (``Clause.of``, the collector paused as ``read_dcxml`` does)."""
    num, text, para = (f"{{{DC_NAMESPACE}}}{t}" for t in ("num", "text", "para"))
    make, kind = Clause.of, ClauseKind.PARAGRAPH

    def walk(element: etree._Element, parent: tuple[str, ...]) -> Clause:
        label, texts, children = "", [], []
        for child in element:
            tag = child.tag
            if tag == num:
                label = child.text or ""
            elif tag == text:
                texts.append(child.text or "")
            elif tag == para:
                children.append(walk(child, (*parent, label)))
        return make(kind, label, (*parent, label), label, None, "\n".join(texts), (),
                    tuple(children), element.sourceline or 0, True, "")

    gc.disable()
    try:
        for file in files:
            walk(etree.parse(file, PARSER).getroot(), ())
    finally:
        gc.freeze()
        gc.unfreeze()
        gc.enable()


def read_pure(build: Path) -> None:
    """``read_dcxml`` with the C walk switched off: the pure-Python reader."""
    accelerated, dcxml_walk._section = dcxml_walk._section, None
    try:
        read_dcxml(build)
    finally:
        dcxml_walk._section = accelerated


def timed(run: object) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    run()  # type: ignore[operator]
    return time.perf_counter() - wall, time.process_time() - cpu


def child(side: str, build: Path) -> None:
    """One side, once, in this fresh process; prints its peak RSS in MiB.

    Linux's ``ru_maxrss`` survives fork and exec (a child would report its parent's peak), so
    the high-water mark of this process's own memory, ``VmHWM``, is read where there is one.
    """
    if side == "lxml":
        lxml_only(xml_files(build))
    elif side == "pure":
        read_pure(build)
    else:
        read_dcxml(build)
    if os.path.exists("/proc/self/status"):
        with open("/proc/self/status", encoding="ascii") as status:
            hwm = [line.split()[1] for line in status if line.startswith("VmHWM:")]
        print(int(hwm[0]) / 1024)
    else:
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20)


def peak_mib(side: str, build: Path) -> float:
    done = subprocess.run([sys.executable, __file__, str(build), "--child", side],
                          check=True, capture_output=True, text=True)
    return float(done.stdout.split()[-1])


def xml_files(build: Path) -> list[str]:
    return sorted(str(p) for p in build.rglob("*.xml"))


def machine() -> str:
    memory = ""
    if os.path.exists("/proc/meminfo"):
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            kib = int(meminfo.readline().split()[1])
        memory = f", {kib / 2**20:.1f} GiB"
    return (f"{os.cpu_count()} cores{memory}, Python {platform.python_version()}, "
            f"lxml {etree.__version__} (libxml2 {'.'.join(map(str, etree.LIBXML_VERSION))})")


def bench(build: Path, repeat: int) -> None:
    files = xml_files(build)
    megabytes = sum(os.path.getsize(f) for f in files) / 1e6
    document = read_dcxml(build)  # warm the page cache and check it reads
    sections = sum(c.kind is ClauseKind.SECTION for c in iter_clauses(document.clauses))
    clauses = sum(1 for _ in iter_clauses(document.clauses))
    del document
    sides = {"lxml": lambda: lxml_only(files), "load": lambda: load_only(files),
             "floor": lambda: floor(files), "ordiff": lambda: read_dcxml(build),
             "pure": lambda: read_pure(build)}
    best = {side: (1e9, 1e9) for side in sides}
    for _ in range(repeat):
        for side, run in sides.items():
            wall, cpu = timed(run)
            best[side] = (min(best[side][0], wall), min(best[side][1], cpu))
    (lxml_wall, lxml_cpu), (our_wall, our_cpu) = best["lxml"], best["ordiff"]
    floor_wall, floor_cpu = best["floor"]
    print(f"machine: {machine()}")
    print(f"build: {build.name}: {len(files)} files, {megabytes:.1f} MB, {sections} sections, "
          f"{clauses} clauses")
    print(f"best of {repeat}        wall s   cpu s   peak RSS MiB")
    print(f"lxml parse only  {lxml_wall:7.2f} {lxml_cpu:7.2f} {peak_mib('lxml', build):10.0f}")
    load_wall, load_cpu = best["load"]
    print(f"read+hash+parse  {load_wall:7.2f} {load_cpu:7.2f}")
    print(f"floor (see doc)  {floor_wall:7.2f} {floor_cpu:7.2f}")
    walk = "C walk" if dcxml_walk._section is not None else "C walk NOT BUILT: Python walk"
    print(f"read_dcxml       {our_wall:7.2f} {our_cpu:7.2f} {peak_mib('ordiff', build):10.0f}"
          f"   ({walk})")
    pure_wall, pure_cpu = best["pure"]
    print(f"read_dcxml, pure {pure_wall:7.2f} {pure_cpu:7.2f} {peak_mib('pure', build):10.0f}"
          "   (Python walk)")
    print(f"ratio to lxml    {our_wall / lxml_wall:7.2f} {our_cpu / lxml_cpu:7.2f}   (target <= 2)")
    print(f"pure / lxml      {pure_wall / lxml_wall:7.2f} {pure_cpu / lxml_cpu:7.2f}")
    print(f"load / lxml      {load_wall / lxml_wall:7.2f} {load_cpu / lxml_cpu:7.2f}")
    print(f"floor / lxml     {floor_wall / lxml_wall:7.2f} {floor_cpu / lxml_cpu:7.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build", type=Path, help="a build folder or its .tar.gz")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", choices=["lxml", "ordiff", "pure"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.build)
        return 0
    if args.build.is_dir():
        bench(args.build, args.repeat)
        return 0
    with tempfile.TemporaryDirectory(prefix="ordiff-bench-") as temp:
        with tarfile.open(args.build) as tar:
            tar.extractall(temp, filter="data")
        (folder,) = [p for p in Path(temp).iterdir() if p.is_dir()]
        bench(folder, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())

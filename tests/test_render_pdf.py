"""The PDF redline, read back from the PDF itself: text (pdftotext), metadata and attachments
(pdfinfo, pdfdetach), the outline (parsed here), word positions (pdftotext -bbox), pictures
(pdftoppm, kept in test-artifacts/ for a person to look at).

Every "Sample City" text here is invented for the tests; it is not law of any place.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import socket
import subprocess
import sys
import threading
import zlib
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import REPO, STORE
from test_render_html import BUNDLED, bundled
from ordiff.cli import cli
from ordiff.compare import CompareOptions, compare
from ordiff.errors import RenderError
from ordiff.model import Comparison, SourceRef, source_words
from ordiff.pdf_grid import COLUMNS
from ordiff.pdf_page import GEOMETRY, PdfOptions
from ordiff.read_text import parse_text
from ordiff.render_pdf import COMPARISON_FILE, REPORT_FILE, PdfResult, allowed, render_pdf
from ordiff.serialize import comparison_to_dict, dumps_comparison

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="poppler-utils is not installed (scripts/install --test)")
ARTIFACTS = REPO / "test-artifacts" / "pdf"
TOKEN = re.compile(r"\w+|[^\w\s]")


# --- reading a PDF back ------------------------------------------------------------------------

def run(tool: str, data: bytes, *args: str, tmp: Path | None = None) -> str:
    folder = tmp or Path(__import__("tempfile").mkdtemp())
    path = folder / "report.pdf"
    path.write_bytes(data)
    result = subprocess.run([tool, *args, str(path), *(["-"] if tool == "pdftotext" else [])],
                            capture_output=True, text=True, check=True)
    return result.stdout


def pages(data: bytes) -> list[str]:
    """The text of each page (pdftotext separates pages with form feeds)."""
    return run("pdftotext", data, "-enc", "UTF-8").split("\f")[:-1]


def info(data: bytes) -> dict[str, str]:
    out = run("pdfinfo", data, "-isodates")
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def words(data: bytes) -> list[tuple[int, float, float, float, str]]:
    """(page, xMin, yMin, xMax, word) of every word, from pdftotext -bbox."""
    out = run("pdftotext", data, "-bbox", "-enc", "UTF-8")
    found = []
    for number, page in enumerate(out.split("<page ")[1:], start=1):
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                             r'yMax="[\d.]+">(.*?)</word>', page):
            text = m.group(4).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">") \
                .replace("&quot;", '"').replace("&apos;", "'")
            found.append((number, float(m.group(1)), float(m.group(2)), float(m.group(3)), text))
    return found


def _pdf_string(raw: bytes) -> str:
    if raw.startswith(b"<"):
        hexed = bytes.fromhex(raw[1:-1].decode())
        return hexed[2:].decode("utf-16-be") if hexed.startswith(b"\xfe\xff") else hexed.decode()
    text = raw[1:-1]
    return re.sub(rb"\\(.)", rb"\1", text).decode("latin-1")


def outline(data: bytes) -> list[tuple[int, str]]:
    """The PDF outline as (depth, title), in order: objects read from the object streams."""
    objects: dict[int, bytes] = {}
    for m in re.finditer(rb"\n(\d+) 0 obj\n(<<[^\n]*>>)\nstream\n", data):
        head = m.group(2)
        if b"/ObjStm" not in head:
            continue
        body = zlib.decompressobj().decompress(data[m.end():])
        first = int(re.search(rb"/First (\d+)", head).group(1))  # type: ignore[union-attr]
        numbers = [int(x) for x in body[:first].split()]
        pairs = list(zip(numbers[::2], numbers[1::2]))
        for i, (number, offset) in enumerate(pairs):
            end = pairs[i + 1][1] if i + 1 < len(pairs) else len(body) - first
            objects[number] = body[first + offset:first + end]
    catalog = next(o for o in objects.values() if b"/Type /Catalog" in o)
    root = objects[int(re.search(rb"/Outlines (\d+) 0 R", catalog).group(1))]  # type: ignore
    out: list[tuple[int, str]] = []

    def ref(obj: bytes, key: bytes) -> int | None:
        m = re.search(rb"/" + key + rb" (\d+) 0 R", obj)
        return int(m.group(1)) if m else None

    def walk(number: int | None, depth: int) -> None:
        while number is not None:
            obj = objects[number]
            title = re.search(rb"/Title (<[0-9a-fA-F]*>|\((?:\\.|[^\\)])*\))", obj)
            out.append((depth, _pdf_string(title.group(1)) if title else ""))
            walk(ref(obj, b"First"), depth + 1)
            number = ref(obj, b"Next")

    walk(ref(root, b"First"), 1)
    return out


def detach(data: bytes, tmp: Path) -> dict[str, bytes]:
    listing = run("pdfdetach", data, "-list", tmp=tmp)
    names = re.findall(r"^\d+: (.+)$", listing, re.M)
    subprocess.run(["pdfdetach", "-saveall", "-o", str(tmp), str(tmp / "report.pdf")],
                   check=True, capture_output=True)
    return {name: (tmp / name).read_bytes() for name in names}


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text)


def is_subsequence(needle: list[str], hay: list[str]) -> str | None:
    """None when ``needle`` occurs in order in ``hay``; else the first token that does not."""
    it = iter(hay)
    for token in needle:
        if not any(h == token for h in it):
            return token
    return None


# --- rendering, with WeasyPrint's warnings heard ----------------------------------------------

class Heard(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def render(comparison: Comparison, options: PdfOptions, old: Any = None, new: Any = None
           ) -> PdfResult:
    """Render, failing on any WeasyPrint warning (logged or returned)."""
    heard = Heard()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(heard)
    try:
        result = render_pdf(comparison, old, new, options)
    finally:
        logger.removeHandler(heard)
    assert not heard.records, [r.getMessage() for r in heard.records]
    assert result.warnings == ()
    assert result.data.startswith(b"%PDF-")
    return result


_CACHE: dict[tuple[str, PdfOptions], tuple[Comparison, Any, Any, bytes]] = {}


def made(name: str, options: PdfOptions) -> tuple[Comparison, Any, Any, bytes]:
    """A bundled comparison's PDF, rendered once per test run."""
    key = (name, options)
    if key not in _CACHE:
        comparison, old, new = bundled(name)
        _CACHE[key] = (comparison, old, new, render(comparison, options, old, new).data)
    return _CACHE[key]


def invented(old_text: str, new_text: str) -> Comparison:
    old = parse_text(old_text, path="sample-city/old.txt",
                     source=SourceRef("sample-city/pdf@old", "old (invented)", "0" * 64))
    new = parse_text(new_text, path="sample-city/new.txt",
                     source=SourceRef("sample-city/pdf@new", "new (invented)", "1" * 64))
    return compare(old, new, CompareOptions())


def body_lines(texts: list[str]) -> list[str]:
    """The pages' lines without the running header and footer."""
    out = []
    for text in texts:
        lines = text.splitlines()
        head = [i for i, line in enumerate(lines) if line.startswith("Redline: ")]
        lines = lines[head[0] + 1:] if head else lines
        out.extend(line for line in lines if not re.fullmatch(r"Page \d+ of \d+", line)
                   and not line.startswith("SHA-256 old "))
    return out


def part(texts: list[str], start: str, stop: str) -> list[str]:
    """Lines of the pages between the line ``start`` and the line beginning with ``stop``."""
    lines = body_lines(texts)
    first = next(i for i, line in enumerate(lines) if line.strip() == start)
    last = next(i for i, line in enumerate(lines) if i > first and line.startswith(stop))
    return lines[first + 1:last]


# --- the tests ----------------------------------------------------------------------------------

def test_weasyprint_is_imported_only_by_render_pdf_and_only_for_a_pdf() -> None:
    importers = sorted(p.name for p in (REPO / "ordiff").rglob("*.py")
                       if re.search(r"^\s*(import weasyprint|from weasyprint)",
                                    p.read_text(encoding="utf-8"), re.M))
    assert importers == ["render_pdf.py"]
    code = ("import sys\nfrom ordiff.api import render_report\nimport ordiff.render_pdf, "
            "ordiff.pdf_page, ordiff.verify, ordiff.cli\n"
            f"render_report(store_root=__import__('pathlib').Path({str(STORE)!r}))\n"
            "print('weasyprint' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=REPO, check=True)
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize("name", sorted(BUNDLED))
def test_bundled_pdf_reads_back(name: str, tmp_path: Path) -> None:
    comparison, old, new, data = made(name, PdfOptions(clean_copy=True))
    texts = pages(data)
    total = len(texts)
    juris = new.jurisdiction or old.jurisdiction
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {total}" in text
        assert f"Redline: {old.source.label} \u2192 {new.source.label}" in " ".join(text.split())
        assert juris in text
        assert f"old {old.source.sha256[:12]} \u00b7 new {new.source.sha256[:12]}" in text
    whole = "\n".join(texts)
    flat = " ".join(whole.split())
    assert "Words struck through are in the old text and deleted from the new text; words " \
           "underlined are inserted." in flat
    assert "SUMMARY OF CHANGES" in whole
    redline = part(texts, "REDLINE", "CLEAN COPY OF THE NEW VERSION")
    red_tokens = tokens("\n".join(redline))
    for document in (comparison.old, comparison.new):
        missing = is_subsequence(tokens(" ".join(source_words(document))), red_tokens)
        assert missing is None, f"{document.source.id}: {missing!r} not in the redline's order"
    body = " ".join(body_lines(texts))
    clean = body.split(f"SHA-256 {new.source.sha256}.", 1)[1]
    clean = re.sub(r"\[§ [^\]]+\]", " ", clean.split("Made with ordiff", 1)[0])  # supplied
    assert clean.split() == source_words(comparison.new)
    meta = info(data)
    assert meta["Title"] == (f"Redline: {new.citation or old.citation}, {old.source.label} "
                             f"\u2192 {new.source.label}")
    assert meta["Subject"].startswith("Redline comparison of ")
    assert " ".join(juris.replace(",", " ").split()) in meta["Keywords"]
    assert meta["Keywords"].startswith("redline, ordinance, ")
    assert meta["Tagged"] == "yes"
    assert meta["Page size"].startswith("612 x 792")
    if new.created:
        assert meta["CreationDate"].startswith(new.created)
    files = detach(data, tmp_path)
    assert sorted(files) == [COMPARISON_FILE, REPORT_FILE]
    assert files[COMPARISON_FILE].decode() == dumps_comparison(comparison_to_dict(comparison))
    assert json.loads(files[REPORT_FILE])["old"] == comparison.old.source.id
    marks = outline(data)
    titles = [title for _, title in marks]
    assert marks[0][0] == 1 and titles[0].startswith("Cover: ")
    assert {"Summary of changes", "Redline"} <= set(titles)
    assert any(t.startswith("Clean copy of the new version") for t in titles)
    sections = [c for c in comparison.new.clauses]
    assert sum(1 for depth, _ in marks if depth >= 2) >= 2 * len(sections)


def test_no_weasyprint_warning_side_by_side(caplog: pytest.LogCaptureFixture) -> None:
    comparison, old, new = bundled("sf-12h-2013-current")
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        result = render_pdf(comparison, old, new, PdfOptions(changes_only=True,
                                                             side_by_side=True))
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []
    text = "\n".join(pages(result.data))
    assert "REDLINE: CHANGES ONLY, SIDE BY SIDE" in text
    assert "Old: " + old.source.label in " ".join(text.split())


def test_same_inputs_give_the_same_bytes() -> None:
    comparison, old, new = bundled("dc-24-211.07-2012-2021")
    options = PdfOptions(line_numbers=True, clean_copy=True, variant="pdf/a-3u")
    first = render(comparison, options, old, new).data
    assert render(comparison, options, old, new).data == first
    assert made("dc-24-211.07-2012-2021", PdfOptions(clean_copy=True))[3] == \
        render(comparison, PdfOptions(clean_copy=True), old, new).data


def test_deletion_and_insertion_stay_separable_in_extracted_text() -> None:
    comparison = invented("§ 1.01. Sample City tools.\n(a) A power tool permit costs $100 a "
                          "year.\n",
                          "§ 1.01. Sample City tools.\n(a) A powered equipment permit costs "
                          "$250 a year.\n")
    text = "\n".join(pages(render(comparison, PdfOptions()).data))
    found = text.split()
    assert "toolpowered" not in text and "100250" not in text  # "$" is unchanged: $~~100~~ 250
    assert {"tool", "powered", "$100", "250"} <= set(found)
    assert "Words struck through" in text


def _summary_citations(text: str) -> list[tuple[str, str, int, int, int]]:
    """(clause, kind, page, first line, last line) from the summary's own lines."""
    out = []
    for m in re.finditer(r"(§ [\w.()-]+)\s+([A-Z][a-z]+(?: and amended)?)\s+page (\d+), "
                         r"lines? (\d+)(?:\u2013(\d+))?", text):
        out.append((m.group(1), m.group(2), int(m.group(3)), int(m.group(4)),
                    int(m.group(5) or m.group(4))))
    return out


def test_line_numbers_and_the_summary_cite_the_right_lines() -> None:
    comparison, old, new, data = made("dc-24-211.07-2012-2021",
                                      PdfOptions(line_numbers=True))
    layout = run("pdftotext", data, "-layout", "-enc", "UTF-8")
    cited = _summary_citations(layout)
    assert len(cited) >= 20
    placed = words(data)
    left = GEOMETRY.left
    labelled = 0
    for clause, kind, page, first, last in cited:
        numbers = {round(y): w for p, x, y, x2, w in placed if p == page and x2 < left - 2}
        by_line = {int(w): y for y, w in numbers.items() if w.isdigit()}
        assert first in by_line and last in by_line, (clause, page, first, last)
        line_words = [w for p, x, y, x2, w in placed
                      if p == page and x >= left - 1 and abs(round(y) - by_line[first]) <= 2]
        label = re.findall(r"\([^)]+\)", clause)
        if label and kind in ("Inserted", "Deleted"):
            assert line_words and line_words[0] == label[-1], (clause, line_words[:4])
            labelled += 1
    assert labelled  # the label check above ran for some inserted or deleted clause
    for page in {p for p, *_ in placed}:
        numbers = sorted((y, int(w)) for p, x, y, x2, w in placed
                         if p == page and x2 < left - 2 and w.isdigit())
        if numbers:
            values = [n for _, n in numbers]
            assert values == list(range(values[0], values[0] + len(values)))
            assert values[-1] <= GEOMETRY.lines_per_page


@pytest.mark.parametrize("side", [False, True], ids=["inline", "side-by-side"])
def test_numbered_lines_stay_inside_their_columns(side: bool) -> None:
    options = PdfOptions(line_numbers=True, side_by_side=side, clean_copy=not side)
    for name in sorted(BUNDLED):
        data = made(name, options)[3]
        g = GEOMETRY
        edges = [g.left + g.content_width * sum(COLUMNS[:i + 1]) for i in range(3)]
        starts = [g.left] + edges[:2]
        placed = words(data)
        numbered = {(p, round(y)) for p, x, y, x2, w in placed if x2 < g.left - 2
                    and w.isdigit()}
        assert numbered
        for page, x, y, x2, word in placed:
            if x2 < g.left or not any((page, round(y) + d) in numbered for d in (-1, 0, 1)):
                continue  # only words on numbered lines, not the line numbers themselves
            assert x2 <= g.width - g.right + 0.5, (name, page, word)
            if side:
                column = max(i for i, start in enumerate(starts) if x >= start - 0.5)
                assert x2 <= edges[column] + 0.5, (name, page, word, column)


class _Listener:
    """A local TCP server that counts connections: proof that nothing reached the network."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.stop = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.stop = True
        self.thread.join()
        self.sock.close()


@pytest.mark.parametrize("css", [
    "body { background: url(file:///etc/passwd); }",
    "@import url(http://127.0.0.1:{port}/x.css);",
    "@font-face {{ font-family: X; src: url(http://127.0.0.1:{port}/x.ttf); }} body {{ "
    "font-family: X; }}",
    "h1 {{ background-image: url('http://127.0.0.1:{port}/x.png'); }}",
])
def test_a_stylesheet_can_load_neither_files_nor_the_network(css: str) -> None:
    server = _Listener()
    try:
        comparison = invented("§ 1.01. Sample City.\nOld words.\n", "§ 1.01. Sample City.\nNew "
                                                                   "words.\n")
        sheet = css.format(port=server.port) if "{port}" in css else css
        with pytest.raises(RenderError) as caught:
            render_pdf(comparison, options=PdfOptions(stylesheet=sheet))
    finally:
        server.close()
    assert server.connections == 0
    assert "file:///etc/passwd" in str(caught.value) or f"127.0.0.1:{server.port}" in \
        str(caught.value)


def test_law_text_that_looks_like_markup_is_text(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    monkeypatch.setattr("ordiff.render_pdf.allowed", lambda url: asked.append(url) or False)
    comparison = invented(
        "§ 1.01. Sample City <img src=\"file:///etc/passwd\">.\nFees are $5.\n",
        "§ 1.01. Sample City <img src=\"file:///etc/passwd\">.\nFees are $6 <link rel="
        "\"stylesheet\" href=\"http://127.0.0.1:9/x.css\"> and url(http://127.0.0.1:9/y).\n")
    text = " ".join("\n".join(pages(render(comparison, PdfOptions()).data)).split())
    assert asked == []
    assert '<img src="file:///etc/passwd">' in text
    assert 'href="http://127.0.0.1:9/x.css">' in text


def test_own_assets_and_data_uris_are_allowed() -> None:
    static = (REPO / "ordiff" / "static").resolve()
    assert allowed("data:text/css,body{}")
    assert allowed((static / "print.css").as_uri())
    assert not allowed((static / ".." / "api.py").as_uri())
    assert not allowed("file:///etc/passwd")
    assert not allowed("https://example.org/x.css")
    comparison = invented("§ 1.01. Sample City.\nOld words.\n", "§ 1.01. Sample City.\nNew "
                                                               "words.\n")
    pixel = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='1' height='1'/%3E"
    css = f"@import url({(static / 'print.css').as_uri()}); h1 {{ background: url(\"{pixel}\"); }}"
    assert render(comparison, PdfOptions(stylesheet=css)).data


@pytest.mark.parametrize("variant,tagged,xmp", [
    ("untagged", "no", ""), ("pdf/a-3b", "yes", 'pdfaid:part="3" pdfaid:conformance="B"'),
    ("pdf/ua-1", "yes", 'pdfuaid:part="1"')])
def test_variants(variant: str, tagged: str, xmp: str, tmp_path: Path) -> None:
    comparison = invented("§ 1.01. Sample City.\n(a) Old words.\n", "§ 1.01. Sample City.\n(a) "
                                                                    "New words.\n")
    data = render(comparison, PdfOptions(variant=variant)).data
    assert info(data)["Tagged"] == tagged
    assert xmp in run("pdfinfo", data, "-meta")
    assert sorted(detach(data, tmp_path)) == [COMPARISON_FILE, REPORT_FILE]
    with pytest.raises(RenderError, match="unknown PDF variant"):
        render_pdf(comparison, options=PdfOptions(variant="pdf/a-2b"))


def test_progress_is_reported() -> None:
    comparison = invented("§ 1.01. Sample City.\nOld words.\n", "§ 1.01. Sample City.\nNew "
                                                               "words.\n")
    heard: list[tuple[str, int, int]] = []
    render_pdf(comparison, options=PdfOptions(), progress=lambda *a: heard.append(a))
    assert ("layout", 1, max(1, heard[0][2])) in heard
    assert heard[-1][0] == "done" and heard[-1][1] == heard[-1][2] >= 1
    assert logging.getLogger("weasyprint.progress").propagate


def test_report_command_writes_pdf(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "redline.pdf"
    result = runner.invoke(cli, ["report", "saint-paul/admin-code-ch44@2004",
                                 "saint-paul/admin-code-ch44@codified", "-o", str(out),
                                 "--changes-only", "--line-numbers", "--store", str(STORE)])
    assert result.exit_code == 0, result.output
    assert "REDLINE: CHANGES ONLY" in "\n".join(pages(out.read_bytes()))
    bad = runner.invoke(cli, ["report", "-o", str(tmp_path / "r.html"), "--line-numbers",
                              "--store", str(STORE)])
    assert bad.exit_code == 2
    assert "Error: --line-numbers applies to PDF output only: name the file .pdf" in bad.output
    variant = runner.invoke(cli, ["report", "-o", str(out), "--pdf-variant", "pdf/a-2b"])
    assert variant.exit_code == 2


def test_pages_as_pictures_for_a_person_to_look_at() -> None:
    """Keeps PNGs of the bundled comparisons in test-artifacts/pdf/ (looked at by hand: struck
    and underlined words legible, nothing overlapping, headers right)."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is not installed")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name in sorted(BUNDLED):
        for label, options in (("inline", PdfOptions(clean_copy=True)),
                               ("lines", PdfOptions(line_numbers=True))):
            data = made(name, options)[3]
            pdf = ARTIFACTS / f"{name}-{label}.pdf"
            pdf.write_bytes(data)
            subprocess.run(["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "4", str(pdf),
                            str(ARTIFACTS / f"{name}-{label}")], check=True)
            shots = sorted(ARTIFACTS.glob(f"{name}-{label}-*.png"))
            assert shots and all(s.stat().st_size > 10_000 for s in shots)


def test_progress_bar_only_on_a_terminal_and_only_for_long_renders(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import ordiff.cli as cli_module

    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    assert cli_module.progress_bar() is None
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    clock = [100.0]
    monkeypatch.setattr("time.monotonic", lambda: clock[0])
    show = cli_module.progress_bar()
    assert show is not None
    show("layout", 1, 40)  # within the first second: nothing
    assert capsys.readouterr().err == ""
    clock[0] += 2.0
    show("layout", 10, 40)
    show("done", 41, 41)
    err = capsys.readouterr().err
    assert "page 10 of ~40" in err and "[#######" in err and "rendered 41 pages" in err

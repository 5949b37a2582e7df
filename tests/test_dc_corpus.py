"""No word lost, on the whole D.C. Code: every section file of both builds, and each build whole.

The builds are unpacked once per session into a temporary folder (never into the repository).
The words of a section's source are computed here, independently of the reader, from all text
nodes of the ``<section>`` element in document order, under three reading rules that
``ordiff.read_dcxml`` documents: an element's ``<prefix>``, ``<num>`` and ``<heading>`` are read
first; ``<annotations>`` and ``codify:*`` instructions are notes, read after the body; an
undesignated ``<num>`` is not printed (it must come back as an unprinted marker instead).
Inline markup joins words; any other element boundary separates them.
"""

from __future__ import annotations

import tarfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import SHARED
from ordiff.model import ClauseKind, iter_clauses, source_words
from ordiff.read_dcxml import read_dcxml

pytestmark = pytest.mark.corpus

CORPUS = SHARED / "corpora" / "dc-code"
DC = "{https://code.dccouncil.us/schemas/dc-library}"
CODIFY = "{https://code.dccouncil.us/schemas/codify}"
INLINE = {DC + t for t in ("cite", "Cite", "em", "strong", "u", "b", "i", "s", "span", "sup",
                           "sub", "e", "underline", "a")}
HEAD = (DC + "prefix", DC + "num", DC + "heading")
STRUCTURE = {DC + "para", DC + "container", DC + "include"}

#: build -> (section files, sections read through the build folder, titles); measured.
BUILDS = {"2021-10-18": (23_492, 23_494, 54), "2024-10-20": (23_923, 23_923, 55)}


@pytest.fixture(scope="session")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    archives = {date: CORPUS / f"dc-code-{date}.tar.gz" for date in BUILDS}
    if not all(archive.is_file() for archive in archives.values()):
        pytest.skip("../shared/corpora/dc-code/*.tar.gz is not beside the checkout")
    into = tmp_path_factory.mktemp("dc-code")
    for archive in archives.values():
        with tarfile.open(archive) as tar:
            tar.extractall(into, filter="data")
    return {date: into / f"dc-code-{date}" for date in BUILDS}


def text_of(element: etree._Element) -> str:
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str):
            gap = "" if child.tag in INLINE else " "
            parts += [gap, text_of(child), gap]
        parts.append(child.tail or "")
    return "".join(parts)


def reading_words(section: etree._Element) -> tuple[list[str], list[str]]:
    """(words in reading order, unprinted nums) of a section's source."""
    body: list[str] = []
    notes: list[str] = []
    unprinted: list[str] = []

    def walk(element: etree._Element) -> None:
        children = [c for c in element if isinstance(c.tag, str)]
        head = [next((c for c in children if c.tag == tag), None) for tag in HEAD]
        for child in head:
            if child is not None:
                unmarked = child.tag == DC + "num" and child.get("undesignated") == "true"
                (unprinted if unmarked else body).append(text_of(child))
        for child in children:
            if any(child is h for h in head):
                continue
            if child.tag == DC + "annotations" or child.tag.startswith(CODIFY):
                notes.append(text_of(child))
            elif child.tag in STRUCTURE:
                walk(child)
            else:
                body.append(text_of(child))

    walk(section)
    return " ".join(body + notes).split(), [" ".join(num.split()) for num in unprinted]


def section_files(build: Path) -> list[Path]:
    titles = build / "us" / "dc" / "council" / "code" / "titles"
    return sorted(p for p in titles.rglob("*.xml") if p.name != "index.xml")


@pytest.mark.parametrize("date", sorted(BUILDS))
def test_every_section_file_keeps_every_word_in_order(builds: dict[str, Path], date: str) -> None:
    files = section_files(builds[date])
    assert len(files) == BUILDS[date][0]
    lost = []
    for path in files:
        expected, unprinted = reading_words(etree.parse(str(path)).getroot())
        document = read_dcxml(path, path.name)
        markers = [c.marker for c in iter_clauses(document.clauses) if not c.printed]
        if source_words(document) != expected or markers != unprinted:
            lost.append(path.name)
    assert lost == []


@pytest.mark.parametrize("date", sorted(BUILDS))
def test_the_whole_build_reads_through_its_folder(builds: dict[str, Path], date: str) -> None:
    document = read_dcxml(builds[date], f"dc-code-{date}")
    _, sections, titles = BUILDS[date]
    assert len(document.clauses) == titles
    assert all(c.kind is ClauseKind.TITLE for c in document.clauses)
    assert document.clauses[0].marker == "Title 1"
    assert sum(c.kind is ClauseKind.SECTION for c in iter_clauses(document.clauses)) == sections
    assert document.source.label == date
    assert all(w.path.startswith(f"dc-code-{date}/us/dc/council/code/titles/")
               for w in document.warnings)

"""The C walk of a section (``ordiff._dcwalk``) gives exactly what the Python walk gives.

Every comparison reads the same input twice, once with the C walk and once with it switched off
(``dcxml_walk._section = None``, what ``ORDIFF_PURE=1`` does), and compares every clause field and
every warning, in order (or the same error). Inputs: every stored D.C. case file (real text,
read only), invented near cases and generated sections ("Sample City", no law text), and, marked
``corpus``, both whole builds. Last, the fallback: with the extension switched off, absent, or
built for another lxml, the Python walk reads everything.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import REPO
from ordiff import dcxml_walk
from ordiff.errors import OrdiffError
from ordiff.model import Clause, Document, iter_clauses
from ordiff.read_dcxml import read_dcxml
from test_dc_corpus import BUILDS, builds  # noqa: F401  (the session fixture: both builds)
from test_dcxml_fast_paths import NAMESPACES, PARAGRAPHS

CASES = REPO / "tests" / "cases" / "dc"
CASE_FILES = sorted(CASES.rglob("*.xml"))


def c_walk() -> Callable[[etree._Element], Clause | None]:
    """The C walk, loaded whatever ORDIFF_PURE says; these tests need it built."""
    saved = os.environ.pop("ORDIFF_PURE", None)
    try:
        walk = dcxml_walk._accelerator()
    finally:
        if saved is not None:
            os.environ["ORDIFF_PURE"] = saved
    if walk is None:
        pytest.fail("ordiff._dcwalk is not built: run scripts/install (pip install -e .)")
    return walk


def both(read: Callable[[], Document]) -> tuple[Any, Any, list[bool]]:
    """(result with the C walk, result with the Python walk, what the C walk returned for each
    section: True for a clause, False for "read it in Python"); a result is the clauses and
    warnings, or the error raised."""
    walk, taken = c_walk(), []

    def spy(element: etree._Element) -> Clause | None:
        clause = walk(element)
        taken.append(clause is not None)
        return clause

    results = []
    for section in (spy, None):
        saved, dcxml_walk._section = dcxml_walk._section, section
        try:
            document = read()
            results.append((document.clauses, document.warnings))
        except OrdiffError as error:
            results.append(str(error))
        finally:
            dcxml_walk._section = saved
    return results[0], results[1], taken


def test_the_c_walk_is_built_and_used() -> None:
    assert c_walk() is not None
    if not os.environ.get("ORDIFF_PURE"):
        assert dcxml_walk._section is not None


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: str(p.relative_to(CASES)))
def test_every_stored_dc_case_file_reads_the_same_in_c(path: Path) -> None:
    fast, slow, taken = both(lambda: read_dcxml(path, path.name))
    assert fast == slow
    assert taken == [True]  # real sections of the usual shapes: read in C, not given back


#: Sections near the shapes the C walk reads (invented text), and whether it reads them itself
#: (False: it gives them back to the Python walk, which warns, raises or reads what C does not).
SECTIONS = [
    ("<num>1-101</num><heading>Sample City parks.</heading><text>Parks.</text>", True),
    ("<num>§ 1-101.</num><prefix>Sec.</prefix><text>Sample City.</text>", True),
    ("<num>1-101</num><heading/><heading>Second heading.</heading>", True),
    ("<num>1-101</num><text>Before.</text><heading>Late.</heading><text>After.</text>", True),
    ("<num>1-101</num><reason>Repealed</reason><para><num>(a)</num><text>A.</text></para>",
     True),
    ("<num>1-101</num><reason>Expired</reason><reason>Sample City reason</reason>", True),
    ("<num>1-101</num><para><num>(a)</num><text>A.</text></para><text>Loose one.</text>"
     "<aftertext>Loose two.</aftertext><subheading>Sub.</subheading><subheading/>"
     "<para><num>(b)</num><text>B.</text></para><text>Loose three.</text>", True),
    ('<num>1-101</num><para><num undesignated="true">(a)</num><text>A.</text>'
     '<para><text>Inner.</text></para><para><num undesignated="true"/></para></para>', True),
    ("<num>1-101</num><text>A <cite>Sample</cite> <em><b>City</b></em> text.</text>"
     "<text>A<table><tr><td>cell one</td><td> cell\n two </td></tr></table>after</text>", True),
    ("<num>1-101</num><text>Text <annotation>Note in text.</annotation> and "
     "<codify:find>x</codify:find><annotations><annotation>A.</annotation>"
     "<annotation>B <cite>C</cite></annotation></annotations>.</text>", True),
    ("<num>1-101</num><annotations>\n <annotation type='History'>One.</annotation>\n"
     " <annotation/><annotation>Two<annotation>Nested.</annotation></annotation>"
     "</annotations><codify:annotation>Codify note.</codify:annotation>", True),
    ("<num>1-101</num><text>Sample\u00a0City\u2003 é 漢字 𝄞 \t\r\n tail </text>", True),
    ('<num>1-101</num><para placeholder="RESERVED"><num>(a)</num></para>', True),
    ("<num>\t§ 1-101.\n</num><text>Sample&#13;City&#13;&#10; &#9;x &amp; &lt;y&gt;</text>", True),
    ("<num>1-101</num><text>Sample\u0085City \u2028 \u00a0\u3000</text><text>\u00a0</text>", True),
    ('<num>1-101</num><text xml:space="preserve">  Sample   City  </text>', True),
    ('<num>1-101</num><text>Sample <x:b xmlns:x="urn:sample">City</x:b> <b xmlns="">B</b> end'
     '</text>', True),
    ("<num>1-101</num><heading/><prefix/><text/><para><num>(a)</num><text/><heading/></para>",
     True),
    ("<num>1-101</num><text>" + "Sample <cite>City</cite>\n   text. " * 300 + "</text>"
     + "".join(f"<para><num>({i})</num><text>Sample City {i}.</text></para>" for i in range(99)),
     True),
    ('<num>1-101</num><para><num undesignated="TRUE">(a)</num></para>'
     '<para><num undesignated="">(b)</num></para>'
     '<para><num x:undesignated="true" xmlns:x="urn:sample">(c)</num></para>', True),
    ('<num>1-101</num><para placeholder=""><num>(a)</num></para>'
     '<para x:placeholder="Repealed" xmlns:x="urn:sample"><num>(b)</num></para>', True),
    ("<num>1-101</num><reason>\n  REPEALED </reason><text>Sample City.</text>", True),
    ("<num>1-101</num><text>Sample <!-- City --> text.</text>", False),
    ("<num>1-101</num><text>Sample <?city?> text.</text>", False),
    ("<num>1-101</num><annotations><!-- Sample --><annotation>City.</annotation></annotations>",
     False),
    ("<num>1-101</num><reason>Sample City reason</reason>", False),
    ("<num>1-101</num><para><num/><text>Empty num.</text></para>", False),
    ("<num>1-101</num><para><num>(a)</num><text>A.</text></para>"
     "<para><num>(a)</num><text>Twice.</text></para>", False),
    ("<num>1-101</num>stray<text>Sample City.</text>", False),
    ("<num>1-101</num><text>Sample City.</text>\u00a0", False),
    ("<num>1-101</num><!-- Sample City --><text>Sample City.</text>", False),
    ("<num>1-101</num><text><![CDATA[Sample <City>]]></text>", True),  # the parser makes text
    ("<num>1-101</num><?sample city?><text>Sample City.</text>", False),
    ("<num>1-101</num><include><para><num>(a)</num><text>Quoted.</text></para></include>",
     False),
    ('<num>1-101</num><xi:include href="other.xml"/>', False),
    ("<num>1-101</num><container><num>A</num><text>Sample City.</text></container>", False),
    ("<num>1-101</num><table><tr><td>Sample City.</td></tr></table>", False),
    ("<num>1-101</num><para><num>(a)</num><text>A.</text><num>(b)</num></para>", False),
    ("<num/><text>Sample City without a number.</text>", False),
    ("<text>Sample City without a num element.</text>", False),
]


def write(tmp_path: Path, body: str, attributes: str = "") -> Path:
    path = tmp_path / "1-101.xml"
    path.write_text(f"<section {NAMESPACES}{attributes}>{body}</section>", encoding="utf-8")
    return path


@pytest.mark.parametrize("attributes", ["", ' placeholder="Repealed"'])
@pytest.mark.parametrize("body,in_c", SECTIONS)
def test_near_cases_read_the_same_in_c(tmp_path: Path, body: str, in_c: bool,
                                       attributes: str) -> None:
    path = write(tmp_path, body, attributes)
    fast, slow, taken = both(lambda: read_dcxml(path, path.name))
    assert fast == slow
    if not attributes:  # (a placeholder status makes an unknown <reason> plain text: no warning)
        assert taken == [in_c]


@pytest.mark.parametrize("doctype", [
    '<!DOCTYPE section [<!ATTLIST num undesignated CDATA "true">]>',
    '<!DOCTYPE section [<!ATTLIST para placeholder CDATA "Repealed">]>',
    '<!DOCTYPE section [<!ATTLIST section placeholder CDATA "Repealed">]>',
    "<!DOCTYPE section>"])
def test_attribute_defaults_of_a_doctype_read_the_same_in_c(tmp_path: Path, doctype: str) -> None:
    """lxml's get() gives an attribute a DOCTYPE defaults (libxml2's xmlGetNsProp looks there)."""
    path = write(tmp_path, "<num>1-101</num><para><num>(a)</num><text>Sample City.</text>"
                 "<para><num>(1)</num><text>Sample City one.</text></para></para>")
    path.write_text(doctype + path.read_text(encoding="utf-8"), encoding="utf-8")
    fast, slow, _ = both(lambda: read_dcxml(path, path.name))
    assert fast == slow


@pytest.mark.parametrize("para", PARAGRAPHS)
def test_the_fast_paths_near_paragraphs_read_the_same_in_c(tmp_path: Path, para: str) -> None:
    path = write(tmp_path, f"<num>1-101</num>{para}{para.replace('Sample', 'Other')}")
    fast, slow, _ = both(lambda: read_dcxml(path, path.name))
    assert fast == slow


def test_a_section_read_twice_warns_the_same_in_c(tmp_path: Path) -> None:
    folder = tmp_path / "1"
    (folder / "sections").mkdir(parents=True)
    write(folder / "sections", "<num>1-101</num><text>Sample City.</text>")
    (folder / "index.xml").write_text(
        f'<container {NAMESPACES}><prefix>Title</prefix><num>1</num>'
        '<xi:include href="./sections/1-101.xml"/><xi:include href="./sections/1-101.xml"/>'
        "</container>", encoding="utf-8")
    fast, slow, taken = both(lambda: read_dcxml(folder, "t1"))
    assert fast == slow and taken == [True, True]
    assert [w.message for w in fast[1]] == ["section 1-101 appears twice in what is read",
                                            'two clauses have the path "1-101"']


TAGS = ["para", "num", "text", "heading", "prefix", "cite", "em", "td", "annotation",
        "annotations", "codify:note", "reason", "aftertext", "subheading", "include", "sample"]
WORDS = st.text(alphabet=" \t\r\n\u00a0ab§.", max_size=6)


@st.composite
def elements(draw: st.DrawFn, depth: int = 0) -> str:
    tag = draw(st.sampled_from(TAGS))
    attributes = draw(st.sampled_from(["", ' undesignated="true"', ' placeholder="Repealed"',
                                       ' placeholder="Sample"']))
    inner = [draw(WORDS)]
    if depth < 3:
        for child in draw(st.lists(elements(depth + 1), max_size=3)):
            inner += [child, draw(WORDS)]
    return f"<{tag}{attributes}>{''.join(inner)}</{tag}>"


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(body=st.lists(elements(), max_size=5), layout=st.sampled_from(["", "\n  ", " "]))
def test_generated_sections_read_the_same_in_c(tmp_path: Path, body: list[str],
                                                layout: str) -> None:
    path = write(tmp_path, "<num>1-101</num>" + layout.join(body))
    fast, slow, _ = both(lambda: read_dcxml(path, path.name))
    assert fast == slow


def run_python(code: str, **env: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                          text=True, check=True, env={**os.environ, **env})
    return done.stdout.strip()


READ_CASE = ("from pathlib import Path; from ordiff import dcxml_walk; "
             "from ordiff.read_dcxml import read_dcxml; "
             f"p = Path({str(CASE_FILES[0])!r}); d = read_dcxml(p, p.name); "
             "print(dcxml_walk._section is None, len(repr(d.clauses)))")


def test_ordiff_pure_switches_the_c_walk_off() -> None:
    pure = run_python(READ_CASE, ORDIFF_PURE="1")
    assert pure.startswith("True ") and run_python(READ_CASE).replace("False", "True") == pure


def test_without_the_extension_the_python_walk_reads() -> None:
    absent = run_python("import sys; sys.modules['ordiff._dcwalk'] = None; " + READ_CASE)
    assert absent.startswith("True ") and absent == run_python(READ_CASE, ORDIFF_PURE="1")


def test_another_lxml_or_clause_layout_is_refused_not_misread() -> None:
    from ordiff import _dcwalk  # type: ignore[attr-defined]

    class Other(etree.ElementBase):
        __slots__ = ("extra",)  # one more field: another object size

    @dataclasses.dataclass(frozen=True, slots=True)
    class Grown(Clause):  # a field the C walk would leave unset
        extra: str = ""

    probe = etree.fromstring("<ordiff-probe>probe</ordiff-probe>")
    names = tuple(f.name for f in dataclasses.fields(Clause))
    good = (Clause, names, ("a", "b", "c"), "¶", frozenset(), str)
    with pytest.raises(ImportError, match="lxml.*rebuild"):
        _dcwalk.configure(*good, Other, probe)
    with pytest.raises(ImportError, match="lxml.*rebuild"):
        _dcwalk.configure(*good, etree._Element, etree.fromstring("<other>probe</other>"))
    grown = tuple(f.name for f in dataclasses.fields(Grown))
    for clause_type, fields in ((Grown, grown), (Grown, names), (Clause, names[::-1])):
        with pytest.raises(ImportError, match="Clause.*rebuild"):
            _dcwalk.configure(clause_type, fields, *good[2:], etree._Element, probe)
    with pytest.raises(ImportError, match="arguments.*rebuild"):  # a build older than Python's
        _dcwalk.configure(*good, etree._Element, probe, "one more")
    assert c_walk()(probe) is None  # still configured as before; not a section


def test_a_label_of_that_gives_no_str_is_an_error_not_misread() -> None:
    from ordiff import _dcwalk  # type: ignore[attr-defined]

    section = etree.fromstring(f"<section {NAMESPACES}><num>1-101</num></section>")
    probe = etree.fromstring("<ordiff-probe>probe</ordiff-probe>")
    try:
        _dcwalk.configure(Clause, tuple(f.name for f in dataclasses.fields(Clause)),
                          ("a", "b", "c"), "¶", frozenset(), len, etree._Element, probe)
        with pytest.raises(TypeError, match="label_of"):
            _dcwalk.section(section)
    finally:
        c_walk()  # configured as the reader configures it again
    assert c_walk()(section) is not None


DEEP = """
import sys
from lxml import etree
from ordiff import dcxml_walk
Q = "{" + dcxml_walk.DC_NAMESPACE + "}"
section = etree.Element(Q + "section")
etree.SubElement(section, Q + "num").text = "1-101"
el = section if sys.argv[1] == "para" else etree.SubElement(section, Q + "text")
for _ in range(20000):
    el = etree.SubElement(el, Q + sys.argv[1])
el.text = "Sample City"
print(dcxml_walk._accelerator()(section))
"""


@pytest.mark.parametrize("tag", ["annotation", "cite", "para"])
def test_a_tree_too_deep_is_given_back_not_a_crash(tag: str) -> None:
    """A tree built in Python has no depth limit (the parser's is 256): the C walk gives a tree
    deeper than its bound back to Python whatever nests (20,000 notes in notes once overflowed
    the C stack: a note's depth started again at its clause's)."""
    assert run_python(DEEP.replace("sys.argv[1]", repr(tag)), ORDIFF_PURE="") == "None"


def test_clauses_made_in_c_are_the_frozen_clauses_of_clause_of(tmp_path: Path) -> None:
    path = write(tmp_path, SECTIONS[6][0])
    fast, slow, _ = both(lambda: read_dcxml(path, path.name))
    for made, expected in zip(iter_clauses(fast[0]), iter_clauses(slow[0]), strict=True):
        assert type(made) is Clause and repr(made) == repr(expected)
        assert hash(made) == hash(expected) and dataclasses.astuple(made) == \
            dataclasses.astuple(expected)
        with pytest.raises(dataclasses.FrozenInstanceError):
            made.text = "changed"  # type: ignore[misc]


def fingerprint(result: Any) -> str:
    """sha256 of each title's clause tree and of the warnings, as one digest."""
    clauses, warnings = result
    digest = hashlib.sha256()
    for title in clauses:
        digest.update(hashlib.sha256(repr(title).encode()).digest())
    digest.update(repr(warnings).encode())
    return digest.hexdigest()


@pytest.mark.corpus
@pytest.mark.parametrize("date", sorted(BUILDS))
def test_each_whole_build_reads_the_same_in_c(builds: dict[str, Path], date: str) -> None:
    fast, slow, taken = both(lambda: read_dcxml(builds[date], f"dc-code-{date}"))
    assert fingerprint(fast) == fingerprint(slow)
    assert sum(taken) > 0.99 * BUILDS[date][1]  # nearly every section read in C

"""The one safe XML parser: hostile documents are refused, never resolved, and includes stay home.

Every document here is invented for the test (it says "Sample City"); no law text.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from lxml import etree

from ordiff.errors import ParseError
from ordiff.safexml import NOFOLLOW, PARSER, XI_INCLUDE, IncludeTargets, include_target, parse_xml

SECRET = "Sample City secret 7f3a"

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<section><text>Sample City &lol9;</text></section>
"""


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET, encoding="utf-8")
    return path


def test_plain_xml_parses_with_line_numbers() -> None:
    root = parse_xml(b"<section>\n  <num>1-101</num>\n  <text>Sample City &amp; its parks</text>\n"
                     b"</section>", "sample.xml")
    assert root.tag == "section"
    assert root[1].text == "Sample City & its parks"
    assert root[1].sourceline == 3


def test_malformed_xml_is_a_one_line_parse_error_with_path_line_and_hint() -> None:
    with pytest.raises(ParseError) as caught:
        parse_xml(b"<section>\n<num>1-101</num>\n<text>Sample City</section>", "titles/1/x.xml")
    error = caught.value
    assert error.path == "titles/1/x.xml"
    assert error.line == 3
    assert error.hint
    assert "malformed XML" in error.message
    assert "\n" not in str(error)


def test_billion_laughs_is_refused_without_expansion() -> None:
    with pytest.raises(ParseError) as caught:
        parse_xml(BILLION_LAUGHS, "laughs.xml")
    assert "entities" in caught.value.message
    assert caught.value.line == 2
    assert "lollol" not in str(caught.value)


def test_external_entity_to_a_local_file_is_refused_and_never_read(secret_file: Path) -> None:
    document = (f'<?xml version="1.0"?>\n<!DOCTYPE section [<!ENTITY s SYSTEM '
                f'"{secret_file.as_uri()}">]>\n<section><text>&s;</text></section>').encode()
    with pytest.raises(ParseError) as caught:
        parse_xml(document, "external.xml")
    assert SECRET not in str(caught.value)
    assert "refused" in caught.value.message


def test_an_entity_reference_left_by_an_external_dtd_is_refused(secret_file: Path) -> None:
    dtd = secret_file.with_name("entities.dtd")
    dtd.write_text(f'<!ENTITY s SYSTEM "{secret_file.as_uri()}">', encoding="utf-8")
    document = (f'<?xml version="1.0"?>\n<!DOCTYPE section SYSTEM "{dtd.as_uri()}">\n'
                f"<section><text>&s;</text></section>").encode()
    with pytest.raises(ParseError) as caught:
        parse_xml(document, "dtd.xml")
    assert "&s;" in caught.value.message
    assert caught.value.line == 3
    assert SECRET not in str(caught.value)


def test_the_shared_parser_itself_never_expands_entities(secret_file: Path) -> None:
    document = (f'<!DOCTYPE x [<!ENTITY s SYSTEM "{secret_file.as_uri()}">]><x>&s;</x>').encode()
    root = etree.fromstring(document, PARSER)
    assert SECRET not in "".join(root.itertext())


def test_xinclude_is_left_alone_by_the_parser(secret_file: Path) -> None:
    document = (f'<section xmlns:xi="http://www.w3.org/2001/XInclude">'
                f'<xi:include href="{secret_file.as_uri()}" parse="text"/></section>').encode()
    root = parse_xml(document, "include.xml")
    assert root[0].tag == XI_INCLUDE
    assert SECRET not in etree.tostring(root, encoding=str)


def include(href: str, **attributes: str) -> etree._Element:
    element = etree.Element(XI_INCLUDE, href=href, **attributes)
    return element


@pytest.fixture
def title(tmp_path: Path) -> Path:
    folder = tmp_path / "build" / "titles" / "1"
    (folder / "sections").mkdir(parents=True)
    (folder / "sections" / "1-101.xml").write_text("<section/>", encoding="utf-8")
    (folder / "index.xml").write_text("<container/>", encoding="utf-8")
    return folder


def test_an_include_inside_the_folder_gives_its_path(title: Path) -> None:
    index = str(title / "index.xml")
    target = include_target(include("./sections/1-101.xml"), index, str(title), "1/index.xml")
    assert target == os.path.join(str(title), "sections", "1-101.xml")


def test_odd_file_names_are_ordinary_paths(title: Path) -> None:
    index = str(title / "index.xml")
    for name in ("[47-1099].xml", "28~1-101.xml", "1-301.86b(Perm).xml"):
        target = include_target(include(f"./sections/{name}"), index, str(title), "index.xml")
        assert target == os.path.join(str(title), "sections", name)


def test_a_target_is_its_folder_joined_with_the_name_from_a_relative_folder_too(
        title: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The including file named with no folder, or a relative one: the target is what
    # os.path.join gives (a name is joined to its folder's prefix, cached per folder).
    monkeypatch.chdir(title)
    for index, href in (("index.xml", "./sections/1-101.xml"), ("index.xml", "index.xml"),
                        ("./index.xml", "sections//1-101.xml"),
                        (str(title / "index.xml"), "index.xml")):
        parts = [p for p in href.split("/") if p not in ("", ".")]
        target = include_target(include(href), index, ".", "index.xml")
        assert target == os.path.join(os.path.dirname(index), *parts)


@pytest.mark.parametrize("href", [
    "../2/index.xml", "sections/../../2/index.xml", "/etc/passwd", "file:///etc/passwd",
    "http://example.com/sample-city.xml", "https://example.com/x.xml", "\\\\server\\share.xml",
    "sections\\..\\..\\x.xml", "", ".",
])
def test_hostile_hrefs_are_refused(title: Path, href: str) -> None:
    with pytest.raises(ParseError) as caught:
        include_target(include(href), str(title / "index.xml"), str(title), "titles/1/index.xml")
    assert caught.value.path == "titles/1/index.xml"
    assert "refused" in caught.value.message


@pytest.mark.parametrize("attributes", [{"parse": "text"}, {"xpointer": "xpointer(//num)"}])
def test_partial_and_text_includes_are_refused(title: Path, attributes: dict[str, str]) -> None:
    with pytest.raises(ParseError, match="only whole XML files"):
        include_target(include("./sections/1-101.xml", **attributes),
                       str(title / "index.xml"), str(title), "index.xml")


def test_a_symlinked_folder_leading_out_is_refused(title: Path, secret_file: Path) -> None:
    (title / "elsewhere").symlink_to(secret_file.parent, target_is_directory=True)
    with pytest.raises(ParseError, match="leads out"):
        include_target(include("elsewhere/secret.txt"), str(title / "index.xml"), str(title),
                       "index.xml", set())


def test_a_symlinked_file_is_refused(title: Path, secret_file: Path) -> None:
    (title / "sections" / "1-102.xml").symlink_to(secret_file)
    with pytest.raises(ParseError, match="symbolic link"):
        include_target(include("sections/1-102.xml"), str(title / "index.xml"), str(title),
                       "index.xml")


def test_entities_declared_in_utf16_are_refused_after_parsing() -> None:
    document = ('<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE x [<!ENTITY a "Sample City">]>\n'
                "<x>&a;</x>").encode("utf-16")
    with pytest.raises(ParseError, match="declares entities"):
        parse_xml(document, "utf16.xml")


def test_an_entity_reference_without_a_doctype_is_malformed() -> None:
    # parse_xml looks for entity nodes only under a DOCTYPE: without one, libxml2 must refuse
    for document in (b"<section><text>Sample City &s;</text></section>",
                     '<x>&s;</x>'.encode("utf-16")):
        with pytest.raises(ParseError, match="malformed XML"):
            parse_xml(document, "bare.xml")


@pytest.mark.skipif(not NOFOLLOW, reason="this platform has no O_NOFOLLOW: include_target checks")
def test_a_symlinked_file_is_left_to_the_open_when_the_caller_says_so(
        title: Path, secret_file: Path) -> None:
    (title / "sections" / "1-102.xml").symlink_to(secret_file)
    target = include_target(include("sections/1-102.xml"), str(title / "index.xml"), str(title),
                            "index.xml", check_link=False)
    assert target == os.path.join(str(title), "sections", "1-102.xml")
    with pytest.raises(OSError):  # what the caller does: open with NOFOLLOW
        os.close(os.open(target, os.O_RDONLY | NOFOLLOW))


@pytest.mark.parametrize("href", [
    "./sections/1-101.xml", "sections/1-101.xml", "sections//1-101.xml", "./sections/x:y.xml",
    "./sections/..", "./sections/.", "./sections/", "./sections/a\\..\\..\\x.xml",
    "./sections/../../2/index.xml", "../sections/1-101.xml", "/etc/passwd", "index.xml",
    "file:///etc/passwd",
])
def test_include_targets_give_what_include_target_gives_after_a_plain_href_was_cached(
        title: Path, href: str) -> None:
    # The folder's prefix is cached from a plain href; every later href, hostile or odd, still
    # gets include_target's own answer (the same target, or the same refusal).
    index = str(title / "index.xml")
    targets = IncludeTargets(str(title))
    for cached in ("./sections/1-101.xml", "sections/1-101.xml", "index.xml"):
        targets.target(include(cached), index, "index.xml")
    for attributes in ({}, {"parse": "text"}, {"xpointer": "xpointer(//num)"}, {"parse": "xml"}):
        element = include(href, **attributes)
        try:
            expected: str | BaseException = include_target(element, index, str(title),
                                                           "index.xml", check_link=False)
        except ParseError as error:
            expected = error
        if isinstance(expected, str):
            assert targets.target(element, index, "index.xml") == expected
        else:
            with pytest.raises(ParseError) as caught:
                targets.target(element, index, "index.xml")
            assert caught.value.message == expected.message


def test_include_targets_check_each_including_file_apart(title: Path, secret_file: Path) -> None:
    # The same href folder from another including file is another folder: checked again.
    (title / "elsewhere").mkdir()
    (title / "elsewhere" / "sections").symlink_to(secret_file.parent, target_is_directory=True)
    targets = IncludeTargets(str(title))
    targets.target(include("sections/1-101.xml"), str(title / "index.xml"), "index.xml")
    with pytest.raises(ParseError, match="leads out"):
        targets.target(include("sections/secret.txt"), str(title / "elsewhere" / "index.xml"),
                       "elsewhere/index.xml")

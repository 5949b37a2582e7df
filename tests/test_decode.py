"""Encodings and bad bytes: each a clear error or a warning, never a traceback or lost text."""

from __future__ import annotations

import pytest

from ordiff.decode import decode_bytes
from ordiff.errors import SourceError


def test_utf8_with_bom_and_crlf() -> None:
    text, warnings = decode_bytes("\ufeff§ 1-1. Sample.\r\n(a) Sample.\rEnd".encode(), "s.txt")
    assert text == "§ 1-1. Sample.\n(a) Sample.\nEnd"
    assert warnings == ()


def test_windows_1252_is_read_with_a_warning_naming_the_line() -> None:
    data = "Sample line one\nSample \u201cquoted\u201d \u00a7 2\n".encode("cp1252")
    text, warnings = decode_bytes(data, "s.txt")
    assert "\u201cquoted\u201d \u00a7 2" in text
    assert [str(w) for w in warnings] == ["s.txt:2: warning: not UTF-8; read as Windows-1252"]


def test_non_breaking_spaces_are_kept_for_the_parser() -> None:
    text, _ = decode_bytes("(a)\u00a0Sample".encode(), "s.txt")
    assert text == "(a)\u00a0Sample"


@pytest.mark.parametrize("data, message", [
    (b"", "s.txt: the file is empty"),
    (b"  \n\n", "s.txt: the file is empty"),
    (b"line one\nbin\x00ary", "s.txt:2: this is a binary file, not text"),
    (b"\x81\x8d\x8f\x90\x9d", "s.txt:1: the file is neither UTF-8 nor Windows-1252 text"),
])
def test_bad_bytes_are_one_line_errors(data: bytes, message: str) -> None:
    with pytest.raises(SourceError) as info:
        decode_bytes(data, "s.txt")
    assert str(info.value).startswith(message)

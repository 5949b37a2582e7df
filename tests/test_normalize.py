"""The comparison-key folds: each folds what its docstring says, and nothing else."""

import pytest

from ordiff.errors import OrdiffError
from ordiff.normalize import (
    NORMALISATIONS, fold_case, fold_dashes, fold_hyphenation, fold_quotes, fold_whitespace,
    key_function,
)


def test_names_in_application_order() -> None:
    assert NORMALISATIONS == ("hyphenation", "whitespace", "quotes", "dashes", "case")


def test_fold_whitespace() -> None:
    assert fold_whitespace("Sample\n\tCity \u00a0 clerk") == "Sample City clerk"
    assert fold_whitespace("SampleCity") == "SampleCity"  # presence counts, amount does not


def test_fold_quotes() -> None:
    assert fold_quotes("\u201cSample\u201d \u2018City\u2019s\u2019 \u201eX\u201f \u201aY\u201b") == (
        "\"Sample\" 'City's' \"X\" 'Y'")
    assert fold_quotes("`x´") == "`x´"  # accents are not quotes


def test_fold_dashes() -> None:
    assert fold_dashes("1\u20132 3\u20144 \u22125 a\u2010b c\u2011d \u2012\u2015") == "1-2 3-4 -5 a-b c-d --"


def test_fold_case() -> None:
    assert fold_case("SAMPLE City Straße") == "sample city strasse"


@pytest.mark.parametrize("broken", [
    "employ-\nees", "employ- \n  ees", "employ-\r\nees", "employ\u00ad\nees", "employ\u2010\nees",
])
def test_fold_hyphenation_joins_a_broken_word(broken: str) -> None:
    assert fold_hyphenation(broken) == "employees"


@pytest.mark.parametrize("kept", [
    "Sample-City",        # no line break: a real hyphen
    "employ-\n\nees",     # a paragraph break is not hyphenation
    "fee -\nees",         # no word character before the hyphen
    "employ\u2013\nees",  # an en dash is not a hyphen
])
def test_fold_hyphenation_keeps_what_is_no_hyphenation(kept: str) -> None:
    assert fold_hyphenation(kept) == kept


def test_fold_hyphenation_of_a_character_token() -> None:
    # a character-granular diff makes "y-\n" one token; it keys as its letter
    assert fold_hyphenation("y-\n") == "y"


def test_key_function_composes_in_order() -> None:
    key = key_function(["case", "whitespace", "hyphenation", "quotes", "dashes"])
    assert key("\u201cSample\u201d\nCITY\u2014employ-\nees") == '"sample" city-employees'


def test_key_function_applies_only_what_is_named() -> None:
    assert key_function([])("Sample\n\u201cCity\u201d") == "Sample\n\u201cCity\u201d"
    assert key_function(["case"])("Sample\nCity") == "sample\ncity"


def test_key_function_rejects_unknown_names() -> None:
    with pytest.raises(OrdiffError, match="unknown normalisation: spaces"):
        key_function(["whitespace", "spaces"])

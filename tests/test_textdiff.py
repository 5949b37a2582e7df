"""Word diff: exact projections always; words whole; normalisations shown as ignored, never lost.

Every text here is invented ("Sample City"); none is law.
"""

from __future__ import annotations

import itertools
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ordiff.errors import OrdiffError
from ordiff.model import Op, Span
from ordiff.normalize import key_function
from ordiff import textdiff, textdiff_anchor
from ordiff.textdiff import DiffOptions, _symbol, diff_text, similarity, similarity_bound

E, D, I = Op.EQUAL, Op.DELETE, Op.INSERT
RAW = DiffOptions(whitespace=False)  # nothing ignored

# --- properties ------------------------------------------------------------------------------

PIECES = [
    "§ 23-1331(3)", "(a)", "(1)", "Sec.", "Sample", "City", "shall", "employ-\nees", "employees",
    "employ-", "\u201c", "\u201d", '"', "'", "\u2019", "\u2014", "\u2013", "-", "\u2212", " ", "  ",
    "\n", "\t", "\u00a0", "\n\n", "\u00e9", "e\u0301", "Stra\u00dfe", "STRASSE", "\u03a3\u03c3",
    "\ue000", "\U000f0000", "\U0001f600", ".", ",", ";", "$100", "1,000", "_",
]
piece = st.one_of(st.sampled_from(PIECES), st.text(st.characters(codec="utf-8"), max_size=4))
texts = st.lists(piece, max_size=25)


@st.composite
def text_pairs(draw: st.DrawFn) -> tuple[str, str]:
    """Either two unrelated texts or an edited copy (the realistic case: mostly equal)."""
    old = draw(texts)
    if draw(st.booleans()):
        return "".join(old), "".join(draw(texts))
    new: list[str] = []
    for p in old:
        action = draw(st.sampled_from(["keep", "keep", "keep", "drop", "replace", "insert"]))
        new.extend({"keep": [p], "drop": [], "replace": [draw(piece)],
                    "insert": [p, draw(piece)]}[action])
    return "".join(old), "".join(new)


def check(spans: tuple[Span, ...], old: str, new: str, options: DiffOptions) -> None:
    """The hard guarantees of diff_text."""
    assert "".join(s.text for s in spans if s.op in (E, D)) == old
    assert "".join(s.text for s in spans if s.op in (E, I)) == new
    assert all(s.op in (E, D, I) for s in spans)
    assert all(s.text for s in spans), "empty span"
    for a, b in itertools.pairwise(spans):
        assert a.op != b.op, "two neighbours share an op"
        assert (a.op, b.op) != (I, D), "insertion before deletion"
    assert not any(s.ignored for s in spans if s.op is E)
    for i, s in enumerate(spans):
        if s.ignored and s.op is D:  # an ignored change is a whole -/+ pair, equal under the key
            partner = spans[i + 1]
            assert partner.op is I and partner.ignored
            if options.granularity == "word" or not options.hyphenation:
                key = key_function(options.ignored())
                assert key(s.text) == key(partner.text)
        elif s.ignored:
            assert i > 0 and spans[i - 1].op is D and spans[i - 1].ignored
    if not options.ignored():
        assert not any(s.ignored for s in spans)


@settings(max_examples=300, deadline=None)
@given(text_pairs())
def test_projections_exact_default_options(pair: tuple[str, str]) -> None:
    old, new = pair
    check(diff_text(old, new), old, new, DiffOptions())


ALL_OPTIONS = [DiffOptions(*flags, granularity=g)  # type: ignore[arg-type]
               for flags in itertools.product([False, True], repeat=5) for g in ("word", "char")]


@pytest.mark.parametrize("options", ALL_OPTIONS, ids=lambda o: "+".join(o.ignored()) + "/"
                         + o.granularity)
@settings(max_examples=25, deadline=None)
@given(pair=text_pairs())
def test_projections_exact_every_option_combination(options: DiffOptions,
                                                    pair: tuple[str, str]) -> None:
    old, new = pair
    check(diff_text(old, new, options), old, new, options)


@settings(max_examples=100, deadline=None)
@given(texts.map("".join))
def test_equal_texts_are_one_equal_span(text: str) -> None:
    assert diff_text(text, text, RAW) == ((Span(E, text),) if text else ())
    assert similarity(text, text) == 1.0


@settings(max_examples=100, deadline=None)
@given(texts.map("".join))
def test_reflowed_text_differs_only_in_ignored_ways(text: str) -> None:
    reflowed = re.sub(r"\s+", lambda m: "\n" if m.group() == " " else " ", text)
    spans = diff_text(text, reflowed)
    check(spans, text, reflowed, DiffOptions())
    assert all(s.ignored for s in spans if s.op is not E)
    assert similarity(text, reflowed) == 1.0


@settings(max_examples=100, deadline=None)
@given(text_pairs())
def test_similarity_is_a_symmetric_ratio_under_its_bound(pair: tuple[str, str]) -> None:
    old, new = pair
    value = similarity(old, new)
    assert 0.0 <= value <= 1.0
    assert value == similarity(new, old)
    assert value <= similarity_bound(old, new) <= 1.0



@settings(max_examples=200, deadline=None)
@given(texts.map("".join))
def test_default_key_is_the_whitespace_fold_on_every_token(text: str) -> None:
    # The default options key tokens with a shortcut (one isspace() a token): it must be the
    # whitespace fold itself on every token the word and character tokenizers make.
    fold = key_function(["whitespace"])
    key = textdiff._key(DiffOptions())
    assert key is not fold and key("\u2028\t ") == " "
    for granularity in ("word", "char"):
        for token in textdiff._tokens(text, DiffOptions(granularity=granularity)):
            assert key(token) == fold(token), token

# --- words, punctuation, order, cleanup --------------------------------------------------------

def test_a_word_is_never_split() -> None:
    old = "The Sample City clerk shall, to the extent practical, post notices."
    new = "The Sample City clerk shall, to the degree practical, post notices."
    assert diff_text(old, new) == (
        Span(E, "The Sample City clerk shall, to the "), Span(D, "extent"), Span(I, "degree"),
        Span(E, " practical, post notices."))


def test_punctuation_marks_are_tokens() -> None:
    old = "Sample City fee of $100.00 under § 4-12(3)."
    new = "Sample City fee of $250.00 under § 4-12(4)."
    assert diff_text(old, new) == (
        Span(E, "Sample City fee of $"), Span(D, "100"), Span(I, "250"),
        Span(E, ".00 under § 4-12("), Span(D, "3"), Span(I, "4"), Span(E, ")."))


def test_deletion_comes_before_insertion() -> None:
    spans = diff_text("Sample City may act.", "Sample City shall act.")
    assert [s.op for s in spans] == [E, D, I, E]
    assert spans[1:3] == (Span(D, "may"), Span(I, "shall"))


def test_semantic_cleanup_merges_fragments() -> None:
    # a raw diff would keep the spaces between words as tiny equalities
    assert diff_text("Sample City: the big red dog", "Sample City: a small blue cat") == (
        Span(E, "Sample City: "), Span(D, "the big red dog"), Span(I, "a small blue cat"))


def test_pure_insertion_and_deletion() -> None:
    assert diff_text("", "Sample City") == (Span(I, "Sample City"),)
    assert diff_text("Sample City", "") == (Span(D, "Sample City"),)
    assert diff_text("", "") == ()
    assert diff_text("Sample City", "Sample Old City") == (
        Span(E, "Sample "), Span(I, "Old "), Span(E, "City"))


def test_text_holding_placeholder_characters() -> None:
    # the private-use characters the diff uses internally may appear in real input
    old, new = "Sample \ue000 City \ue001", "Sample \ue001 City \ue000"
    check(diff_text(old, new), old, new, DiffOptions())


# --- normalisations --------------------------------------------------------------------------

def test_whitespace_ignored_by_default_but_kept_as_text() -> None:
    old, new = "Sample City\nclerk  shall", "Sample City clerk shall"
    assert diff_text(old, new) == (
        Span(E, "Sample City"), Span(D, "\n", True), Span(I, " ", True), Span(E, "clerk"),
        Span(D, "  ", True), Span(I, " ", True), Span(E, "shall"))


def test_whitespace_off_makes_it_a_real_change() -> None:
    spans = diff_text("Sample City\nclerk", "Sample City clerk", RAW)
    assert spans == (Span(E, "Sample City"), Span(D, "\n"), Span(I, " "), Span(E, "clerk"))


def test_whitespace_presence_is_never_ignored() -> None:
    assert diff_text("Sample City (a)", "Sample City(a)") == (
        Span(E, "Sample City"), Span(D, " "), Span(E, "(a)"))


def test_quotes() -> None:
    old, new = "Sample City\u2019s \u201cclerk\u201d", "Sample City's \"clerk\""
    assert not any(s.ignored for s in diff_text(old, new))
    assert diff_text(old, new, DiffOptions(quotes=True)) == (
        Span(E, "Sample City"), Span(D, "\u2019", True), Span(I, "'", True), Span(E, "s "),
        Span(D, "\u201c", True), Span(I, '"', True), Span(E, "clerk"),
        Span(D, "\u201d", True), Span(I, '"', True))


@pytest.mark.parametrize("dash", ["\u2013", "\u2014", "\u2212", "\u2010"])
def test_dashes(dash: str) -> None:
    old, new = "Sample City sections 4-12", f"Sample City sections 4{dash}12"
    expected_change = (Span(D, "-"), Span(I, dash))
    assert diff_text(old, new)[1:3] == expected_change
    assert diff_text(old, new, DiffOptions(dashes=True))[1:3] == (
        Span(D, "-", True), Span(I, dash, True))


def test_case() -> None:
    old, new = "SAMPLE CITY Clerk", "Sample City clerk"
    assert not any(s.ignored for s in diff_text(old, new))
    spans = diff_text(old, new, DiffOptions(case=True))
    assert spans == (
        Span(D, "SAMPLE", True), Span(I, "Sample", True), Span(E, " "), Span(D, "CITY", True),
        Span(I, "City", True), Span(E, " "), Span(D, "Clerk", True), Span(I, "clerk", True))


def test_hyphenation() -> None:
    old, new = "Sample City employ-\nees may", "Sample City employees may"
    assert diff_text(old, new) == (
        Span(E, "Sample City "), Span(D, "employ-\nees"), Span(I, "employees"), Span(E, " may"))
    assert diff_text(old, new, DiffOptions(hyphenation=True)) == (
        Span(E, "Sample City "), Span(D, "employ-\nees", True), Span(I, "employees", True),
        Span(E, " may"))


def test_ignored_difference_next_to_a_real_change_joins_it() -> None:
    # the curly quote touches the changed word: the whole run is one real change
    spans = diff_text("Sample \u201cclerk", 'Sample "mayor', DiffOptions(quotes=True))
    assert spans == (Span(E, "Sample "), Span(D, "\u201cclerk"), Span(I, '"mayor'))


def test_char_granularity() -> None:
    assert diff_text("Sample extent", "Sample extant", DiffOptions(granularity="char")) == (
        Span(E, "Sample ext"), Span(D, "e"), Span(I, "a"), Span(E, "nt"))
    assert diff_text("Sample extent", "Sample extant") == (
        Span(E, "Sample "), Span(D, "extent"), Span(I, "extant"))


def test_char_granularity_with_hyphenation() -> None:
    spans = diff_text("employ-\nees", "employees", DiffOptions(granularity="char", hyphenation=True))
    assert spans == (Span(E, "emplo"), Span(D, "y-\n", True), Span(I, "y", True), Span(E, "ees"))


# --- options ---------------------------------------------------------------------------------

def test_options_name_what_they_ignore() -> None:
    assert DiffOptions().ignored() == ("whitespace",)
    assert RAW.ignored() == ()
    everything = DiffOptions(True, True, True, True, True, granularity="char")
    assert everything.ignored() == ("hyphenation", "whitespace", "quotes", "dashes", "case")
    assert DiffOptions.from_ignored(everything.ignored(), "char") == everything
    assert DiffOptions.from_ignored(()) == RAW


def test_bad_options_are_errors() -> None:
    with pytest.raises(OrdiffError, match="granularity"):
        DiffOptions(granularity="line")  # type: ignore[arg-type]
    with pytest.raises(OrdiffError, match="unknown normalisation"):
        DiffOptions.from_ignored(["layout"])


# --- determinism, size -----------------------------------------------------------------------

def _invented_text(rng: random.Random, size: int) -> list[str]:
    vocabulary = ["Sample", "City", "clerk", "shall", "post", "notice", "of", "hearing", "within",
                  "days", "§", "(a)", "fee", "permit", "council", ".", ",", ";", "\n"]
    vocabulary += [f"term{i}" for i in range(3000)]
    words: list[str] = []
    while sum(map(len, words)) + len(words) < size:
        words.append(rng.choice(vocabulary))
    return words


def test_deterministic() -> None:
    rng = random.Random(7)
    old = _invented_text(rng, 5000)
    new = [rng.choice(old) if rng.random() < 0.1 else w for w in old]
    first = diff_text(" ".join(old), " ".join(new))
    assert first == diff_text(" ".join(old), " ".join(new))
    assert first == diff_text(" ".join(old), " ".join(new), DiffOptions())


def test_more_distinct_tokens_than_the_private_use_area() -> None:
    old_words = [f"w{i}" for i in range(8000)]  # > 6,400 distinct tokens
    new_words = [f"x{i}" if i % 100 == 0 else w for i, w in enumerate(old_words)]
    old, new = " ".join(old_words), " ".join(new_words)
    spans = diff_text(old, new)
    check(spans, old, new, DiffOptions())
    assert [s.text for s in spans if s.op is D] == [f"w{i}" for i in range(0, 8000, 100)]
    assert [s.text for s in spans if s.op is I] == [f"x{i}" for i in range(0, 8000, 100)]


def test_placeholders_skip_surrogates_and_run_out_loudly() -> None:
    assert (_symbol(0), _symbol(6399), _symbol(6400)) == ("\ue000", "\uf8ff", "\U000f0000")
    capacity = 0x110000 - 0x800 - 4  # all but the surrogates and U+FFFFE/F, U+10FFFE/F
    handed_out = {ord(_symbol(i)) for i in range(capacity)}
    assert len(handed_out) == capacity  # all distinct
    assert not any(0xD800 <= c <= 0xDFFF for c in handed_out)
    with pytest.raises(OrdiffError, match="too many distinct tokens"):
        _symbol(capacity)


def test_a_200_kb_pair_completes_with_a_small_diff() -> None:
    rng = random.Random(2024)
    old = _invented_text(rng, 200_000)
    new = [rng.choice(old) if rng.random() < 0.01 else w for w in old]
    old_text, new_text = " ".join(old), " ".join(new)
    spans = diff_text(old_text, new_text)
    check(spans, old_text, new_text, DiffOptions())
    changed = sum(len(s.text) for s in spans if s.op is not E)
    assert changed < 0.05 * len(old_text)  # no time limit, so no whole-document replacement


# --- similarity ------------------------------------------------------------------------------

def test_similarity_values() -> None:
    assert similarity("Sample City clerk", "Sample City clerk") == 1.0
    assert similarity("", "") == 1.0
    assert similarity("Sample City", "") == 0.0
    assert similarity("Sample City clerk", "other words here") == 0.0
    assert similarity("Sample City clerk shall", "Sample City mayor shall") == 0.75
    assert similarity("Sample City\nclerk", "Sample  City clerk") == 1.0  # layout never counts


def test_similarity_respects_order_its_bound_does_not() -> None:
    old, new = "one two three four", "four three two one"
    assert similarity_bound(old, new) == 1.0
    assert similarity(old, new) == 0.25  # one word in common order: 2 * 1 / 8
    assert similarity_bound("", "") == 1.0


def test_similarity_uses_the_options_key() -> None:
    assert similarity("SAMPLE City", "Sample City") == 0.5
    assert similarity("SAMPLE City", "Sample City", DiffOptions(case=True)) == 1.0


# --- large texts: the anchored path ----------------------------------------------------------

def _reference(old: str, new: str, options: DiffOptions = DiffOptions()) -> tuple[Span, ...]:
    """The diff without anchoring: diff-match-patch on the whole placeholder strings."""
    old_tokens, new_tokens = textdiff._tokens(old, options), textdiff._tokens(new, options)
    a, b = textdiff._encode(old_tokens, new_tokens, textdiff._key(options))
    diffs = textdiff._plain_diff(a, b)
    textdiff._DMP.diff_cleanupSemantic(diffs)
    return textdiff._spans(diffs, old_tokens, new_tokens)


@settings(max_examples=200, deadline=None)
@given(text_pairs())
def test_small_pairs_keep_the_plain_diff(pair: tuple[str, str]) -> None:
    # below the anchoring size nothing changes: every golden keeps its exact diff
    old, new = pair
    assert diff_text(old, new) == _reference(old, new)


long_texts = st.lists(piece, min_size=60, max_size=300)


@st.composite
def long_text_pairs(draw: st.DrawFn) -> tuple[str, str]:
    """Long edited copies (rewrites, moves, insertions) and long unrelated texts."""
    old = draw(long_texts)
    if draw(st.integers(0, 4)) == 0:
        return "".join(old), "".join(draw(long_texts))
    new = list(old)
    for _ in range(draw(st.integers(1, 6))):
        start = draw(st.integers(0, len(new)))
        end = draw(st.integers(start, min(len(new), start + 80)))
        action = draw(st.sampled_from(["rewrite", "drop", "move", "insert"]))
        block = new[start:end]
        del new[start:end]
        if action == "rewrite":
            new[start:start] = draw(st.lists(piece, max_size=80))
        elif action == "move":
            at = draw(st.integers(0, len(new)))
            new[at:at] = block
        elif action == "insert":
            new[start:start] = block + draw(st.lists(piece, max_size=80))
    return "".join(old), "".join(new)


@pytest.mark.parametrize("options", [DiffOptions(), RAW, DiffOptions(True, True, True, True, True),
                                     DiffOptions(granularity="char")], ids=repr)
@settings(max_examples=40, deadline=None)
@given(pair=long_text_pairs())
def test_long_pairs_keep_every_guarantee(options: DiffOptions, pair: tuple[str, str]) -> None:
    old, new = pair
    spans = diff_text(old, new, options)
    check(spans, old, new, options)
    assert spans == diff_text(old, new, options)


@settings(max_examples=300, deadline=None)
@given(st.text("abcde", max_size=60), st.text("abcde", max_size=60))
def test_anchored_diff_projects_back_to_both_strings(a: str, b: str) -> None:
    # anchoring forced down to tiny strings, so that every branch of it runs
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(textdiff_anchor, "LARGE", 2)
        patch.setattr(textdiff_anchor, "_LONG", 8)
        diffs = textdiff_anchor.anchored_diff(a, b, textdiff._plain_diff)
    assert "".join(s for op, s in diffs if op <= 0) == a
    assert "".join(s for op, s in diffs if op >= 0) == b
    assert all(s for _, s in diffs)


@given(st.lists(st.integers(0, 30), max_size=40))
def test_increasing_is_a_longest_strictly_increasing_subsequence(values: list[int]) -> None:
    chain = textdiff_anchor._increasing(values)
    assert chain == sorted(set(chain))
    assert all(values[i] < values[j] for i, j in itertools.pairwise(chain))
    longest = [1] * len(values)  # the quadratic textbook answer
    for j in range(len(values)):
        for i in range(j):
            if values[i] < values[j]:
                longest[j] = max(longest[j], longest[i] + 1)
    assert len(chain) == max(longest, default=0)


def _sample_city_clauses(rng: random.Random, count: int) -> list[str]:
    """Invented clauses, each naming its own street so that the text has landmarks."""
    verbs = ["shall post", "shall publish", "may review", "shall keep", "may amend"]
    return [f"thence along Sample Street {i} the Sample City clerk {rng.choice(verbs)} notice "
            f"of hearing number {rng.randrange(1000)} within {rng.randrange(2, 60)} days;"
            for i in range(count)]


def test_a_long_clause_with_many_edits_is_anchored_and_stays_readable() -> None:
    rng = random.Random(11)
    clauses = _sample_city_clauses(rng, 400)  # about 40,000 characters
    edited = list(clauses)
    rewritten = "the Sample City council alone decides every question of notice;"
    for i in range(0, 400, 7):
        edited[i] = edited[i].replace(" days;", " business days;")
    edited[200] = rewritten
    old, new = "\n".join(clauses), "\n".join(edited)
    tokens = [textdiff._tokens(text, DiffOptions()) for text in (old, new)]
    symbols = textdiff._encode(*tokens, textdiff._key(DiffOptions()))
    assert textdiff_anchor._differing(*symbols) > textdiff_anchor.LARGE  # the anchored path
    spans = diff_text(old, new)
    check(spans, old, new, DiffOptions())
    assert [s.text for s in spans if s.op is I].count("business ") == len(range(0, 400, 7))
    # the rewritten clause: one struck run, one inserted run, not confetti
    (inserted,) = [s for s in spans if s.op is I and "council" in s.text]
    deleted = spans[spans.index(inserted) - 1]
    assert deleted.op is D and deleted.text == clauses[200].removesuffix(";")
    assert inserted.text == rewritten.removesuffix(";")


def test_a_long_unrelated_gap_is_one_replacement() -> None:
    rng = random.Random(5)
    words = ["Sample", "City", "the", "of", "and", "a", "to", "in"]
    shared = " ".join(f"Sample Avenue {i}." for i in range(40))
    old_middle = " ".join(rng.choice(words[:4]) + str(i) for i in range(300))
    new_middle = " ".join(rng.choice(words[4:]) + str(i) for i in range(300, 500))
    old, new = f"{shared} {old_middle} {shared[::-1]}", f"{shared} {new_middle} {shared[::-1]}"
    spans = diff_text(old, new)
    check(spans, old, new, DiffOptions())
    assert [s.op for s in spans] == [E, D, I, E]


# --- the compiled diff_main (fast_diff_match_patch) against diff-match-patch's Python port ----

#: Placeholders as diff_text hands them out: private use first, then planes 15 and 16 (astral).
SYMBOLS = st.sampled_from("abc\ue000\ue001\U000f0000\U000f0001\U00100000 ")


@settings(max_examples=400, deadline=None)
@given(st.text(SYMBOLS, max_size=60), st.text(SYMBOLS, max_size=60))
def test_the_compiled_diff_is_the_python_port(a: str, b: str) -> None:
    assert textdiff._compiled_diff(a, b) == [tuple(d) for d in textdiff._python_diff(a, b)]


def test_the_compiled_diff_is_the_python_port_on_every_stored_dc_case() -> None:
    from test_dc_cases import CASES, NAMES, case_comparison

    assert CASES.is_dir()
    pairs = 0
    for name in NAMES:
        for change in case_comparison(name).changes:
            if change.old is None or change.new is None or change.old.text == change.new.text:
                continue
            old, new = textdiff._tokens(change.old.text, DiffOptions()), \
                textdiff._tokens(change.new.text, DiffOptions())
            a, b = textdiff._encode(old, new, textdiff._key(DiffOptions()))
            assert textdiff._compiled_diff(a, b) == [tuple(d) for d in textdiff._python_diff(a, b)]
            pairs += 1
    assert pairs >= 25


def test_diff_text_uses_the_compiled_diff() -> None:
    assert textdiff._plain_diff is textdiff._compiled_diff

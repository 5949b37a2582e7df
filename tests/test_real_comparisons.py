"""The bundled comparisons, checked against what a careful reader sees in the texts.

Each expectation below was checked by reading both stored texts side by side; the comment says why
it is right.
"""

from __future__ import annotations

import pytest

from conftest import STORE
from ordiff.api import compare_versions
from ordiff.model import ChangeKind, Comparison, Op

pytestmark = pytest.mark.skipif(not (STORE / "store.toml").is_file(), reason="no store")
DC = "district-of-columbia/24-211.07@"


def records(comparison: Comparison) -> dict[tuple[str | None, str | None], ChangeKind]:
    return {("/".join(c.old.path) if c.old else None, "/".join(c.new.path) if c.new else None):
            c.kind for c in comparison.changes}


def edits(comparison: Comparison, new_path: str) -> list[tuple[str, str]]:
    change = next(c for c in comparison.changes if c.new and "/".join(c.new.path) == new_path)
    return [(s.op.value, s.text) for s in change.text if s.op in (Op.DELETE, Op.INSERT)]


def test_dc_2021_to_2025_adds_only_subsection_g() -> None:
    # The 2025 emergency text repeats (a)-(f) word for word and adds (g) (SOURCES.md).
    result = compare_versions(DC + "2021", DC + "2025-emergency")
    changed = {k: v for k, v in records(result).items() if v is not ChangeKind.UNCHANGED}
    assert changed == {(None, "24-211.07/(g)"): ChangeKind.INSERTED}


def test_dc_2012_to_2021_is_a_rewrite_with_one_moved_sentence() -> None:
    # D.C. Law 23-282 rewrote the section: new heading, new (a)-(f). The 2012 (d)(2) sentence
    # "…shall not be construed to establish a right to counsel that does not otherwise exist in
    # law." survives as 2021 (e), now about the whole section: moved and amended.
    result = compare_versions(DC + "2012", DC + "2021")
    found = records(result)
    assert found[("24-211.07", "24-211.07")] is ChangeKind.AMENDED
    assert found[("24-211.07/(d)/(2)", "24-211.07/(e)")] is ChangeKind.MOVED
    assert edits(result, "24-211.07/(e)") == [("-", "This subsection shall not"),
                                              ("+", "Nothing in this section shall")]
    assert found[("24-211.07/(b)/(2)/(B)/(iii)", None)] is ChangeKind.DELETED
    assert not any(k is ChangeKind.UNCHANGED for (o, n), k in found.items() if o and n and o != n)


def test_dc_history_is_consistent_across_the_three_versions() -> None:
    first = compare_versions(DC + "2012", DC + "2021")
    second = compare_versions(DC + "2021", DC + "2025-emergency")
    direct = compare_versions(DC + "2012", DC + "2025-emergency")
    # Whatever 2012 → 2021 did, 2012 → 2025 does too, plus the insertion of (g).
    assert records(direct) == {**records(first), (None, "24-211.07/(g)"): ChangeKind.INSERTED}
    assert len(second.changes) == len(first.changes) - sum(
        1 for c in first.changes if c.new is None) + 1


def test_saint_paul_ocr_noise_shows_as_a_small_word_edit_and_excerpts_as_excerpts() -> None:
    # The 2004 scan reads "cany" where the codified text reads "carry"; the 2004 copy stops after
    # "for the purpose of", the codified copy goes on. Neither copy holds the other's sections
    # (2004: 44.01; codified: 44.06), so nothing is "deleted" or "inserted".
    result = compare_versions("saint-paul/admin-code-ch44@2004", "saint-paul/admin-code-ch44@codified")
    assert edits(result, "44.02/(a)/(1)") == [("-", "cany"), ("+", "carry")]
    kinds = {c.kind for c in result.changes}
    assert ChangeKind.DELETED not in kinds and ChangeKind.INSERTED not in kinds
    found = records(result)
    assert found[("44.01", None)] is ChangeKind.NOT_IN_NEW_COPY
    assert found[(None, "44.06")] is ChangeKind.NOT_IN_OLD_COPY
    cut = next(c for c in result.changes if c.new and "/".join(c.new.path) == "44.02/(a)/(1)")
    assert cut.text[-1].op is Op.NEW_BEYOND_COPY


def test_san_francisco_current_excerpt_is_compared_within_its_section() -> None:
    # The current copy holds only 12H.2 without its heading: the heading and the other sections
    # are not in the copy; (c) gained the Chapter 12I language.
    result = compare_versions("san-francisco/admin-code-12h@2013", "san-francisco/admin-code-12h@current")
    found = records(result)
    assert found[("12H.1", None)] is ChangeKind.NOT_IN_NEW_COPY
    assert found[("12H.6", None)] is ChangeKind.NOT_IN_NEW_COPY
    assert found[("12H.2/(c)", "12H.2/(c)")] is ChangeKind.AMENDED
    section = next(c for c in result.changes if c.new and c.new.path == ("12H.2",))
    assert [s.op for s in section.heading] == [Op.OLD_BEYOND_COPY]
    assert ChangeKind.DELETED not in {c.kind for c in result.changes}


def test_chicago_2012_era_042_maps_onto_the_current_020() -> None:
    # The 2021 amendment moved the detention prohibitions of § 2-173-042 into § 2-173-020(a)(1)
    # and (a)(2), rewording them (SOURCES.md; the mirror lost 042's own labels).
    result = compare_versions("chicago/2-173@pre-2021", "chicago/2-173@current")
    found = records(result)
    assert found[("2-173-042/¶1", "2-173-020/(a)/(1)/(A)")] is ChangeKind.MOVED
    assert found[("2-173-042/¶4", "2-173-020/(a)/(2)/(A)")] is ChangeKind.MOVED
    assert found[(None, "2-173-030")] is ChangeKind.NOT_IN_OLD_COPY

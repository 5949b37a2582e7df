"""The aligner's passes written for speed hold to their plain formulations: the same pairings on
generated versions full of repeated text, sections kept whole, moves and renumberings.

All texts here are invented ("Sample City"); none is law.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ordiff.align import WORD, Alignment, Side, _Aligner, align_sides
from ordiff.align_side import Pairing, normal
from ordiff.model import Clause, ClauseKind, Document, SourceRef

# A few texts, so that the same words recur on a side and between sides; whitespace variants
# share their normal words, punctuation alone has none.
TEXTS = st.sampled_from(["Sample City.", "Sample  City.", "Sample\nCity.", " Sample City. ",
                         "The clerk shall register the fee.", "Repealed.", ";", "",
                         "The fee shall not be refunded.", "Sample City shall permit it."])


@st.composite
def sections(draw, number: str) -> Clause:  # type: ignore[no-untyped-def]
    paragraphs = []
    for p in range(draw(st.integers(0, 4))):
        label = f"({'abcd'[p]})"
        inner = tuple(Clause(ClauseKind.PARAGRAPH, f"({g + 1})", (number, label, f"({g + 1})"),
                             text=draw(TEXTS)) for g in range(draw(st.integers(0, 2))))
        paragraphs.append(Clause(ClauseKind.PARAGRAPH, label, (number, label),
                                 heading=draw(st.none() | TEXTS), text=draw(TEXTS),
                                 children=inner))
    return Clause(ClauseKind.SECTION, number, (number,), heading=draw(st.none() | TEXTS),
                  text=draw(TEXTS), children=tuple(paragraphs))


@st.composite
def versions(draw) -> tuple[Document, Document]:  # type: ignore[no-untyped-def]
    """Two versions of a chapter: each old section kept (the same object, or a copy with other
    notes: both pair whole), rewritten, renumbered or dropped; new sections added."""
    numbers = [f"1-{k}" for k in range(1, draw(st.integers(1, 6)) + 1)]
    old = [draw(sections(number)) for number in numbers]
    new = []
    for section in old:
        fate = draw(st.sampled_from(["same", "notes", "rewritten", "renumbered", "dropped"]))
        if fate == "same":
            new.append(section)
        elif fate == "notes":
            new.append(dataclasses.replace(section, notes=("Sample note.",)))
        elif fate == "rewritten":
            new.append(draw(sections(section.label)))
        elif fate == "renumbered":
            new.append(draw(sections(section.label + "a")))
    new += [draw(sections(f"2-{k}")) for k in range(draw(st.integers(0, 2)))]

    def chapter(clauses: list[Clause]) -> tuple[Clause, ...]:
        return (Clause(ClauseKind.CHAPTER, "1", ("1",), heading="Sample City",
                       children=tuple(clauses)),)

    return (Document(SourceRef("old", "Sample City", "0" * 64), chapter(old)),
            Document(SourceRef("new", "Sample City", "1" * 64), chapter(new)))


class _PlainAligner(_Aligner):
    def identical(self, local: bool) -> None:
        """The identical-text passes one clause at a time: every clause grouped by its normal
        words, every group looked at."""
        by_words: dict[tuple[int, str], tuple[list[int], list[int]]] = defaultdict(
            lambda: ([], []))
        for side, data in ((0, self.old), (1, self.new)):
            for i in self.active[side]:
                if data.rank[i] == 1:
                    continue
                scope = -1
                if local:
                    unit = data.unit[i]
                    if data.rank[i] < 2 or unit < 0:
                        continue
                    scope = self.o2n.get(unit, -1) if side == 0 else unit
                    if scope < 0:
                        continue
                key = data.key(i)
                if key and WORD.search(key):
                    by_words[(scope, key)][side].append(i)
        if not local:
            for o, n, size in self.twins:
                for k in range(size):
                    if self.old.rank[o + k] != 1:
                        found = by_words.get((-1, normal(self.old.clauses[o + k])))
                        if found is not None:
                            found[0].append(o + k)
                            found[1].append(n + k)
        for olds, news in by_words.values():
            if not olds or not news:
                continue
            if len(olds) == 1 and len(news) == 1:
                o, n = olds[0], news[0]
                if o not in self.o2n and n not in self.n2o and self.same_kind(o, n):
                    self.pair(o, n, "identical")
                continue
            paths = {self.new.ids[n]: n for n in news}
            for o in olds:
                n = paths.get(self.old.ids[o], -1)
                if n >= 0 and o not in self.o2n and n not in self.n2o:
                    self.pair(o, n, "identical")


def _plain(old: Document, new: Document) -> Alignment:
    aligner = _PlainAligner(Side.of(old), Side.of(new), 0.6, (-1, -1))
    return Alignment(aligner.run(), aligner.twins)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(versions())
def test_identical_text_passes_pair_as_their_plain_formulation(
        pair: tuple[Document, Document]) -> None:
    old, new = pair
    fast = align_sides(Side.of(old), Side.of(new))
    assert fast == _plain(old, new)


def test_repeated_text_pairs_at_its_path_only_also_with_sections_kept_whole() -> None:
    # "Repealed." moved to another section, once a side, pairs; a copy in a section kept whole
    # makes it repeated text, which pairs at the same path only.
    def paragraph(section: str, label: str, text: str) -> Clause:
        return Clause(ClauseKind.PARAGRAPH, label, (section, label), text=text)

    kept = Clause(ClauseKind.SECTION, "1-1", ("1-1",), text="Sample City.",
                  children=(paragraph("1-1", "(a)", "Repealed."),))
    for with_kept in (False, True):
        old = Clause(ClauseKind.SECTION, "1-2", ("1-2",), text="Sample City shall permit it.",
                     children=(paragraph("1-2", "(a)", "Repealed."),))
        new = Clause(ClauseKind.SECTION, "1-3", ("1-3",), text="The fee shall not be refunded.",
                     children=(paragraph("1-3", "(b)", "Repealed."),))
        tops = ((kept,) if with_kept else ())
        old_doc = Document(SourceRef("old", "Sample City", "0" * 64), tops + (old,))
        new_doc = Document(SourceRef("new", "Sample City", "1" * 64), tops + (new,))
        found = align_sides(Side.of(old_doc), Side.of(new_doc))
        moved = [p for p in found.pairings if p.how == "identical"]
        assert len(moved) == (0 if with_kept else 1)
        assert found == _plain(old_doc, new_doc)


def test_pairing_of_builds_the_same_frozen_pairing() -> None:
    fields = ((3,), (4, 5), "split")
    fast, slow = Pairing.of(*fields), Pairing(*fields)
    assert type(fast) is Pairing and fast == slow and hash(fast) == hash(slow)
    assert repr(fast) == repr(slow)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.how = "merge"  # type: ignore[misc]

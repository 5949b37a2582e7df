"""Two versions → one :class:`~ordiff.model.Comparison`: align the clauses, name each change,
diff the words inside each pair, and tell excerpts apart from deletions.

**An excerpt is not a deletion.** When a version is an excerpt, a clause of the other version that
lies outside the stretch the excerpt covers (before its first or after its last paired clause) is
``not-in-old-copy`` / ``not-in-new-copy``, never inserted or deleted; and where the excerpt's last
clause stops mid-text, the rest of its counterpart's text is a ``<``/``>`` span ("beyond the
copy"), not a ``-``/``+``.
"""

from __future__ import annotations

__all__ = ["CompareOptions", "compare"]

from dataclasses import dataclass, field

from .collector import paused
from .align import DEFAULT_THRESHOLD, Alignment, Side, align_sides
from .model import (ChangeKind, Clause, ClauseChange, Comparison, Completeness, Document, Op,
                    Span)
from .textdiff import DiffOptions, diff_text, similarity, similarity_bound
from .wordsets import count_marks, unchanged


@dataclass(frozen=True, slots=True)
class CompareOptions:
    """How to compare: the pairing threshold and the word diff's options."""

    threshold: float = DEFAULT_THRESHOLD
    diff: DiffOptions = field(default_factory=DiffOptions)


#: Above this many characters, two texts sharing less than ``_UNRELATED`` of their words are shown
#: as one replacement: a word diff of long unrelated texts is both useless to a reader and slow
#: (diff-match-patch has no time limit here, so that results never depend on machine load).
_LONG = 20_000
_UNRELATED = 0.3


def _diff(old: str | None, new: str | None, options: DiffOptions) -> tuple[Span, ...]:
    if old is None and new is None:
        return ()
    if old == new:
        return (Span(Op.EQUAL, old or ""),) if old else ()
    if old and new and len(old) + len(new) > _LONG and \
            similarity_bound(old, new, options) < _UNRELATED:
        return (Span(Op.DELETE, old), Span(Op.INSERT, new))
    return diff_text(old or "", new or "", options)


def _kept(spans: tuple[Span, ...], old: str, new: str, options: DiffOptions) -> float:
    """The similarity of two texts as their word diff shows it: ``2·kept / (old + new)`` words
    (words and punctuation marks; an ignored difference is kept). Counted from the spans, so
    that a pair costs one diff, not two; a character diff is measured by words apart."""
    if options.granularity == "char":
        return similarity(old, new, options)
    total = count_marks(old) + count_marks(new)
    kept = sum(count_marks(s.text) for s in spans
               if s.op is Op.EQUAL or (s.ignored and s.op is Op.DELETE))
    return 2 * kept / total if total else 1.0


def _changed(spans: tuple[Span, ...]) -> bool:
    """A real difference: text beyond an excerpt's end and ignored differences are not."""
    return any(s.op in (Op.DELETE, Op.INSERT) and not s.ignored for s in spans)


def _cut_tail(spans: tuple[Span, ...], cut: Op) -> tuple[Span, ...]:
    """Past the last equality, the other version's text is beyond the excerpt's end.

    ``cut`` is the op of the excerpt's own side (INSERT when the new version is the excerpt).
    Where the excerpt stops mid-word ("th" against "the"), the shared beginning stays equal.
    """
    last_equal = max((i for i, s in enumerate(spans) if s.op is Op.EQUAL), default=-1)
    head, tail = list(spans[: last_equal + 1]), spans[last_equal + 1:]
    beyond = Op.OLD_BEYOND_COPY if cut is Op.INSERT else Op.NEW_BEYOND_COPY
    own = "".join(s.text for s in tail if s.op is cut)
    other = "".join(s.text for s in tail if s.op not in (cut, Op.EQUAL))
    if not other or not other.startswith(own):
        return spans
    if own:
        head.append(Span(Op.EQUAL, own))
    head.append(Span(beyond, other[len(own):]))
    merged: list[Span] = []
    for span in head:
        if merged and merged[-1].op is span.op is Op.EQUAL:
            merged[-1] = Span(Op.EQUAL, merged[-1].text + span.text)
        elif span.text:
            merged.append(span)
    return tuple(merged)


#: The record of a clause that is the same object in both versions: what
#: :meth:`_Builder.pair_change` gives for it, without diffing a text with itself.
_unchanged = unchanged


#: The op of a clause's text when it stands on one side only.
_LONE_OP = {ChangeKind.DELETED: Op.DELETE, ChangeKind.INSERTED: Op.INSERT,
            ChangeKind.NOT_IN_NEW_COPY: Op.OLD_BEYOND_COPY,
            ChangeKind.NOT_IN_OLD_COPY: Op.NEW_BEYOND_COPY}


def _last_text_clause(clauses: list[Clause]) -> int:
    return max((i for i, c in enumerate(clauses) if c.text), default=-1)


class _Builder:
    def __init__(self, old: Document, new: Document, options: CompareOptions) -> None:
        self.old_doc, self.new_doc, self.options = old, new, options
        self.old_side, self.new_side = Side.of(old), Side.of(new)
        self.old, self.new = self.old_side.clauses, self.new_side.clauses
        self.old_parent, self.new_parent = self.old_side.parent, self.new_side.parent
        self.old_ids, self.new_ids = self.old_side.ids, self.new_side.ids
        self.old_cut = (_last_text_clause(self.old)
                        if old.source.completeness is Completeness.EXCERPT else -1)
        self.new_cut = (_last_text_clause(self.new)
                        if new.source.completeness is Completeness.EXCERPT else -1)

    def pair_change(self, o: int, n: int, kind: ChangeKind | None, o2n: dict[int, int]) -> ClauseChange:
        old, new = self.old[o], self.new[n]
        if kind is None and o != self.old_cut and n != self.new_cut and \
                self.old_ids[o] == self.new_ids[n] and old.text == new.text and \
                old.heading == new.heading:  # what the general case gives, without diffs
            if old is new:
                return _unchanged(old)  # a section reused by the second read (SectionMemo)
            return ClauseChange.of(ChangeKind.UNCHANGED, old, new,
                                   (Span(Op.EQUAL, old.heading),) if old.heading else (),
                                   (Span(Op.EQUAL, old.text),) if old.text else (), False, 1.0)
        diff = self.options.diff
        heading = _diff(old.heading, new.heading, diff)
        if not new.printed and new.heading is None and old.heading:
            heading = (Span(Op.OLD_BEYOND_COPY, old.heading),)  # the copy starts after it
        if not old.printed and old.heading is None and new.heading:
            heading = (Span(Op.NEW_BEYOND_COPY, new.heading),)
        text = _diff(old.text, new.text, diff)
        if n == self.new_cut:
            text = _cut_tail(text, Op.INSERT)
        if o == self.old_cut:
            text = _cut_tail(text, Op.DELETE)
        amended = _changed(heading) or _changed(text)
        if kind is None:
            if self.old_ids[o] == self.new_ids[n]:
                kind = ChangeKind.AMENDED if amended else ChangeKind.UNCHANGED
            else:
                op, np_ = self.old_parent[o], self.new_parent[n]
                same_parent = (op == -1 and np_ == -1) or (op != -1 and o2n.get(op) == np_)
                kind = ChangeKind.RENUMBERED if same_parent else ChangeKind.MOVED
        score = 1.0 if old.text == new.text else _kept(text, old.text, new.text, diff)
        return ClauseChange.of(kind, old, new, heading, text, amended, round(score, 4))

    def lone(self, clause: Clause, kind: ChangeKind, side: str) -> ClauseChange:
        heading = (Span(Op.DELETE if side == "old" else Op.INSERT, clause.heading),) \
            if clause.heading else ()
        op = _LONE_OP[kind]
        if kind in (ChangeKind.NOT_IN_NEW_COPY, ChangeKind.NOT_IN_OLD_COPY) and clause.heading:
            heading = (Span(op, clause.heading),)
        text = (Span(op, clause.text),) if clause.text else ()
        return ClauseChange.of(kind, clause if side == "old" else None,
                               clause if side == "new" else None, heading, text, False, 0.0)

    def build(self, alignment: Alignment) -> tuple[ClauseChange, ...]:
        o2n: dict[int, int] = {}
        by_new: dict[int, list[tuple[int, ChangeKind | None]]] = {}
        whole: dict[int, tuple[int, int]] = {}  # a section paired whole: new index -> old, size
        for o, n, size in alignment.twins:
            o2n.update(zip(range(o, o + size), range(n, n + size)))
            whole[n] = (o, size)
        for p in alignment.pairings:
            kind = {"split": ChangeKind.SPLIT, "merge": ChangeKind.MERGED}.get(p.how)
            for o in p.old:
                o2n.setdefault(o, p.new[0])
            for n in p.new:
                for o in p.old:
                    by_new.setdefault(n, []).append((o, kind))
        ends_new = [n for n in (min(by_new, default=-1), max(by_new, default=-1)) if n >= 0] + [
            end for n, (_, size) in whole.items() for end in (n, n + size - 1)]
        old_span = (min(o2n), max(o2n)) if o2n else (0, -1)
        new_span = (min(ends_new), max(ends_new)) if ends_new else (0, -1)
        old_excerpt = self.old_doc.source.completeness is Completeness.EXCERPT
        new_excerpt = self.new_doc.source.completeness is Completeness.EXCERPT

        def deleted_kind(o: int) -> ChangeKind:
            outside = not (old_span[0] <= o <= old_span[1])
            return ChangeKind.NOT_IN_NEW_COPY if new_excerpt and outside else ChangeKind.DELETED

        def inserted_kind(n: int) -> ChangeKind:
            outside = not (new_span[0] <= n <= new_span[1])
            return ChangeKind.NOT_IN_OLD_COPY if old_excerpt and outside else ChangeKind.INSERTED

        changes: list[ClauseChange] = []
        next_old = 0
        free_old_by_id = {self.old_ids[i]: i for i in range(len(self.old)) if i not in o2n}
        n = 0
        while n < len(self.new):
            if n in whole:  # each clause of a section paired whole, as the loop below would
                start, size = whole[n]
                for o in range(next_old, start):  # old clauses standing before the section
                    if o not in o2n:
                        changes.append(self.lone(self.old[o], deleted_kind(o), "old"))
                next_old = max(next_old, start + size)
                if self.old[start] is self.new[n] and not (start <= self.old_cut < start + size
                                                           or n <= self.new_cut < n + size):
                    changes.extend(map(_unchanged, self.new[n:n + size]))  # the same objects
                else:
                    changes.extend([self.pair_change(start + k, n + k, None, o2n)
                                    for k in range(size)])
                n += size
                continue
            twin = free_old_by_id.get(self.new_ids[n], -1) if n not in by_new else -1
            if twin >= next_old and not any(o in o2n for o in range(next_old, twin)):
                # A replaced clause: its deleted old text stands just before the new text.
                for o in range(next_old, twin + 1):
                    changes.append(self.lone(self.old[o], deleted_kind(o), "old"))
                next_old = twin + 1
            for o, kind in by_new.get(n, []):
                while next_old < o:  # old clauses standing before this one's old place
                    if next_old not in o2n:
                        changes.append(self.lone(self.old[next_old], deleted_kind(next_old), "old"))
                    next_old += 1
                if next_old == o:
                    next_old += 1
                changes.append(self.pair_change(o, n, kind, o2n))
            if n not in by_new:
                changes.append(self.lone(self.new[n], inserted_kind(n), "new"))
            n += 1
        for o in range(next_old, len(self.old)):
            if o not in o2n:
                changes.append(self.lone(self.old[o], deleted_kind(o), "old"))
        return tuple(changes)


def compare(old: Document, new: Document, options: CompareOptions = CompareOptions()) -> Comparison:
    """Compare two versions clause by clause."""
    with paused():  # no cycles are made: on a whole code, collections would walk both trees
        builder = _Builder(old, new, options)
        changes = builder.build(align_sides(builder.old_side, builder.new_side, options.threshold,
                                            (builder.old_cut, builder.new_cut)))
    return Comparison(old=old, new=new, changes=changes, ignored=options.diff.ignored(),
                      granularity=options.diff.granularity)

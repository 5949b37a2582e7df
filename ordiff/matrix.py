"""Group the clauses of several ordinances into provisions by meaning: the cross-city matrix.

Rows are provisions, columns the versions compared. The steps, each checkable by reading:

1. **Units.** Every clause with text of its own is a unit, except that a *lead-in* (a clause with
   sub-clauses whose text does not end a sentence — "…shall not:", "permit ICE agents" — or is a
   caption of four words or fewer, "Certification process.") is kept together with its
   sub-clauses when they do not pull apart: when some provision is a candidate (step 2) for every
   sub-clause that is a candidate for anything, and for the lead-in if it is a candidate. So a
   list of the contents of one report stays one unit; a list of different prohibitions does not.
   A unit's lead-in ancestors are its *context*: shown with it, since they frame its sentence.
2. **Cues.** A unit is a *candidate* for a provision when it shares at least ``min_cues`` of the
   provision's cues (:mod:`ordiff.matrix_words`; a cue of several words counts as two). It joins
   its best-scoring candidate, and any other whose score is at least ``also_ratio`` of the best
   (a clause that forbids two things is in both rows). A unit kept together also joins what
   each of its clauses would join alone.
3. **Similarity.** A unit that is no candidate joins the provision of the most similar grouped
   unit of another column when their similarity is at least ``join_similarity``.
4. **The rest** is grouped automatically: connected components of units of different columns
   whose similarity is at least ``group_similarity``; each such row is labelled by its own most
   distinctive words. A unit like no other is a row of its own.
"""

from __future__ import annotations

__all__ = ["MatrixOptions", "Unit", "MatrixRow", "Matrix", "build_matrix", "unit_text"]

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .errors import OrdiffError
from .matrix_words import Cue, Vectors, compile_cues, content_stems, cosine, cue_hits, stems
from .model import Clause, Document, iter_clauses
from .seeds import Provision

_ENDS_SENTENCE = (".", "!", "?", ")", '"', "'", "\u201d", "\u2019")
_CAPTION_WORDS = 4
_SENTENCE_INSIDE = re.compile(r"[a-z0-9)]\.\s+[A-Z]")


@dataclass(frozen=True, slots=True)
class MatrixOptions:
    """The thresholds of the grouping (module docstring, steps 2 to 4)."""

    min_cues: int = 2
    also_ratio: float = 0.6
    join_similarity: float = 0.45
    group_similarity: float = 0.25

    def __post_init__(self) -> None:
        if self.min_cues < 1 or not all(0.0 <= x <= 1.0 for x in (
                self.also_ratio, self.join_similarity, self.group_similarity)):
            raise OrdiffError("matrix options out of range",
                              hint="min_cues >= 1; ratios and similarities in 0..1")


@dataclass(frozen=True, slots=True)
class Unit:
    """One cell entry: a clause (``clauses[0]``) with the sub-clauses kept with it, in order, and
    the lead-in ancestors that frame it (``context``, outermost first)."""

    column: int
    clauses: tuple[Clause, ...]
    context: tuple[Clause, ...] = ()
    position: int = 0  # order of the unit in its column

    @property
    def head(self) -> Clause:
        return self.clauses[0]


@dataclass(frozen=True, slots=True)
class MatrixRow:
    """One provision: a named one of the taxonomy, or a group found by shared words.

    ``cells`` has one tuple of units per column (empty: the provision is absent there, or, in an
    excerpt, not in the stored copy). ``words`` are an automatic row's distinctive words.
    """

    key: str
    name: str
    description: str
    named: bool
    cells: tuple[tuple[Unit, ...], ...]
    words: tuple[str, ...] = ()

    @property
    def filled(self) -> int:
        """How many columns hold a clause of this provision."""
        return sum(1 for cell in self.cells if cell)


@dataclass(frozen=True, slots=True)
class Matrix:
    columns: tuple[Document, ...]
    rows: tuple[MatrixRow, ...]
    options: MatrixOptions = MatrixOptions()


def unit_text(unit: Unit) -> str:
    """The unit's words as one text (heading and text of each clause, a line each): what the
    grouping reads and what a redline between two cells compares."""
    lines = []
    for clause in unit.clauses:
        lines.append(" ".join(x for x in (clause.heading or "", " ".join(clause.text.split()))
                              if x))
    return "\n".join(line for line in lines if line)


def _is_lead_in(clause: Clause) -> bool:
    text = clause.text.strip()
    if not clause.children or not text:
        return False
    return not text.endswith(_ENDS_SENTENCE) or len(text.split()) <= _CAPTION_WORDS


class _Scorer:
    """Cue scores of texts against the provisions (step 2)."""

    def __init__(self, provisions: Sequence[Provision], options: MatrixOptions) -> None:
        self.order = {p.id: i for i, p in enumerate(provisions)}
        self.cues: tuple[Cue, ...] = compile_cues((p.id, p.cues) for p in provisions)
        self.options = options

    def candidates(self, clauses: Sequence[Clause]) -> dict[str, float]:
        """Provision id → score, for the provisions these clauses are candidates for."""
        words = stems(" ".join(f"{c.heading or ''} {c.text}" for c in clauses))
        scores: dict[str, float] = {}
        counts: Counter[str] = Counter()
        for cue in cue_hits(words, self.cues):
            for owner in cue.provisions:
                scores[owner] = scores.get(owner, 0.0) + cue.weight
                counts[owner] += min(len(cue.stems), 2)
        return {p: s for p, s in scores.items() if counts[p] >= self.options.min_cues}

    def chosen(self, scores: dict[str, float]) -> tuple[str, ...]:
        """The provisions a unit joins: the best, and those within ``also_ratio`` of it."""
        if not scores:
            return ()
        ranked = sorted(scores, key=lambda p: (-scores[p], self.order[p]))
        best = scores[ranked[0]]
        return tuple(p for p in ranked if scores[p] >= self.options.also_ratio * best)


def _units(document: Document, column: int, scorer: _Scorer) -> list[Unit]:
    """Step 1: the units of one version, in document order."""
    out: list[Unit] = []

    def walk(clause: Clause, context: tuple[Clause, ...]) -> list[Unit]:
        inner = context + ((clause,) if _is_lead_in(clause) else ())
        below = [u for child in clause.children for u in walk(child, inner)]
        if clause.kind.is_container or not clause.text.strip():
            return below
        if _is_lead_in(clause):
            if _hangs_together(clause, below, scorer):
                return [Unit(column, tuple(iter_clauses((clause,))), context)]
            if not _SENTENCE_INSIDE.search(clause.text):
                return below  # only the frame of its sub-clauses: shown as their context
        return [Unit(column, (clause,), context), *below]

    for top in document.clauses:
        out.extend(walk(top, ()))
    return [Unit(u.column, u.clauses, u.context, i) for i, u in enumerate(out)]


def _hangs_together(lead: Clause, below: list[Unit], scorer: _Scorer) -> bool:
    if any(child.children for child in lead.children):
        return False
    sets = [set(s) for s in (scorer.candidates(u.clauses) for u in below) if s]
    own = set(scorer.candidates((lead,)))
    if own:
        sets.append(own)
    return not sets or bool(set.intersection(*sets))


def _joined(unit: Unit, scorer: _Scorer) -> tuple[str, ...]:
    """The provisions a unit joins: those of its words as a whole, then those of each clause kept
    in it (a list can hold one item that does a second thing), without repeats."""
    found = list(scorer.chosen(scorer.candidates(unit.clauses)))
    for clause in unit.clauses if len(unit.clauses) > 1 else ():
        found += [p for p in scorer.chosen(scorer.candidates((clause,))) if p not in found]
    return tuple(found)


def build_matrix(documents: Sequence[Document], provisions: Sequence[Provision],
                 options: MatrixOptions = MatrixOptions()) -> Matrix:
    """Group the clauses of ``documents`` (one column each) into rows (module docstring)."""
    if not documents:
        raise OrdiffError("a matrix needs at least one version")
    scorer = _Scorer(provisions, options)
    units = [u for column, doc in enumerate(documents) for u in _units(doc, column, scorer)]
    vectors = Vectors([content_stems(unit_text(u)) for u in units])
    joined = {i: _joined(u, scorer) for i, u in enumerate(units)}
    grouped = [i for i in range(len(units)) if joined[i]]
    for i, unit in enumerate(units):  # step 3: only from units grouped by their cues
        if joined[i]:
            continue
        near = [(cosine(vectors.vectors[i], vectors.vectors[j]), -j) for j in grouped
                if units[j].column != unit.column]
        if near and max(near)[0] >= options.join_similarity:
            joined[i] = joined[-max(near)[1]][:1]
    rows = [_row(p.id, p.name, p.description, True,
                 [u for i, u in enumerate(units) if p.id in joined[i]], len(documents))
            for p in provisions]
    rest = [i for i in range(len(units)) if not joined[i]]
    rows += _auto_rows(units, rest, vectors, options, len(documents))
    return Matrix(tuple(documents), tuple(rows), options)


def _row(key: str, name: str, description: str, named: bool, members: list[Unit],
         columns: int, words: tuple[str, ...] = ()) -> MatrixRow:
    cells = tuple(tuple(sorted((u for u in members if u.column == c), key=lambda u: u.position))
                  for c in range(columns))
    return MatrixRow(key, name, description, named, cells, words)


def _auto_rows(units: list[Unit], rest: list[int], vectors: Vectors, options: MatrixOptions,
               columns: int) -> list[MatrixRow]:
    """Step 4: connected components of similar units of different columns, labelled."""
    parent = {i: i for i in rest}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a_index, a in enumerate(rest):
        for b in rest[a_index + 1:]:
            if units[a].column != units[b].column and \
                    cosine(vectors.vectors[a], vectors.vectors[b]) >= options.group_similarity:
                parent[max(find(a), find(b))] = min(find(a), find(b))
    components: dict[int, list[int]] = {}
    for i in rest:
        components.setdefault(find(i), []).append(i)
    found = sorted(components.values(),
                   key=lambda m: (-len({units[i].column for i in m}), units[m[0]].column,
                                  units[m[0]].position))
    rows = []
    for number, members in enumerate(found, start=1):
        words = _surface(vectors.distinctive(members), [units[i] for i in members])
        many = len({units[i].column for i in members}) > 1
        description = ("Clauses of several texts that share these words; no provision of the "
                       "taxonomy matched them." if many else
                       "A clause no provision of the taxonomy matched, like no clause of the "
                       "other texts.")
        headings = {" ".join((units[i].head.heading or "").split()).rstrip(".").capitalize()
                    for i in members}
        phrase = _phrase([units[i] for i in members], vectors) if many else ""
        name = (f"\u201c{headings.pop()}\u201d" if len(headings) == 1 and "" not in headings
                else phrase or ", ".join(words))
        rows.append(_row(f"auto-{number}", name, description, False,
                         [units[i] for i in members], columns, words))
    return rows


_PIECE = re.compile(r"[^.,;:()\[\]\"\u201c\u201d]+")
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")


def _phrase(members: list[Unit], vectors: Vectors) -> str:
    """The phrase the row's clauses share: two content words next to each other, or with one
    small word between ("right to counsel"), found in every clause of the row, the one weighing
    most; printed as the clauses print it (in lower case). "" when they share none."""
    found: dict[tuple[str, str], tuple[set[int], Counter[str]]] = {}
    for number, unit in enumerate(members):
        for piece in _PIECE.findall(unit_text(unit)):
            tokens = _TOKEN.findall(piece)
            for i, first in enumerate(tokens):
                for gap in (1, 2):
                    if i + gap >= len(tokens) or (gap == 2 and content_stems(tokens[i + 1])):
                        continue
                    a, b = content_stems(first), content_stems(tokens[i + gap])
                    if len(a) == 1 and len(b) == 1 and a[0] in vectors.idf and \
                            b[0] in vectors.idf and len(a[0]) > 2 and len(b[0]) > 2:
                        seen = found.setdefault((a[0], b[0]), (set(), Counter()))
                        seen[0].add(number)
                        seen[1][" ".join(tokens[i:i + gap + 1]).lower()] += 1
    found = {k: v for k, v in found.items() if len(v[0]) == len(members)}
    if not found:
        return ""
    best = max(found, key=lambda k: (len(found[k][0]), vectors.idf[k[0]] + vectors.idf[k[1]],
                                     [-ord(c) for c in "".join(k)]))
    forms = found[best][1]
    return min(forms, key=lambda f: (-forms[f], f))


def _surface(keys: tuple[str, ...], members: list[Unit]) -> tuple[str, ...]:
    """Each stem as the word the clauses print most often (ties: the shortest, then first)."""
    seen: dict[str, Counter[str]] = {}
    for unit in members:
        for word in re.findall(r"[A-Za-z0-9]+", unit_text(unit)):
            found = stems(word)
            if len(found) == 1 and found[0] in keys:
                seen.setdefault(found[0], Counter())[word.lower()] += 1
    out: list[str] = []
    for key in keys:
        forms = seen.get(key, Counter())
        out.append(min(forms, key=lambda w: (-forms[w], len(w), w)) if forms else key)
    return tuple(out)

"""Matrix → one self-contained HTML page: provisions as rows, the texts compared as columns.

The page opens with the answer to "which texts already hold X?" (a table at a glance, each mark a
link), the provenance of every text, and how to read the page; then the matrix itself, each cell
citing its clauses (citation, clause id, line) with their words, the lead-in they belong to shown
as context. An empty cell says *absent* for a full text and *not in the stored copy* for an
excerpt: an excerpt cannot show that a provision is missing. Under each row, every two filled
cells can be opened as a word redline (``<details>``: no script needed).
"""

from __future__ import annotations

__all__ = ["render_matrix", "matrix_body", "column_names"]

from collections.abc import Sequence
from itertools import combinations

from lxml import etree

from . import __version__
from .errors import RenderError
from .html_page import clause_line, page, redline, short_name, version_facts
from .html_parts import VersionInfo, add_text, el
from .html_plan import cite
from .matrix import Matrix, MatrixRow, Unit, unit_text
from .matrix_words import Vectors, content_stems, cosine
from .model import Completeness
from .textdiff import DiffOptions, diff_text

_LONG_LEAD_IN = 40  # words: a longer lead-in is folded
_PAIR_SIMILARITY = 0.2
_GROUPS = (("named", "Provisions of the taxonomy"),
           ("shared", "Found by shared words in several texts"),
           ("single", "Found in one text only"))


def column_names(infos: Sequence[VersionInfo]) -> list[str]:
    """Short, unique column names: "Minneapolis"; "Saint Paul (2004 …)" when two share one."""
    short = [short_name(info) for info in infos]
    return [name if short.count(name) == 1 else f"{name} ({info.source.label})"
            for name, info in zip(short, infos)]


def _group(row: MatrixRow) -> str:
    return "named" if row.named else ("shared" if row.filled > 1 else "single")


def _excerpt(info: VersionInfo) -> bool:
    return info.source.completeness is Completeness.EXCERPT


def _empty(parent: etree._Element, info: VersionInfo) -> None:
    """An empty cell's word; the legend says what each means (and so does the tooltip)."""
    if _excerpt(info):
        el(parent, "span", "not in the stored copy", cls="empty not-in-copy",
           title="The stored copy is an excerpt: the provision may be in the text it does not "
                 "hold.")
    else:
        el(parent, "span", "absent", cls="empty absent",
           title="The text is stored whole and no clause of it was grouped here.")


def _glance(parent: etree._Element, matrix: Matrix, infos: Sequence[VersionInfo],
            names: list[str]) -> None:
    box = el(parent, "section", cls="glance", aria_labelledby="glance-h")
    el(box, "h2", "At a glance", id="glance-h")
    el(box, "p", "Which text holds which provision: each citation links to its words below.",
       cls="lede")
    wrap = el(box, "div", cls="wide-wrap", tabindex="0", role="region",
              aria_label="Provisions at a glance")
    table = el(wrap, "table", cls="glance-table")
    head = el(el(table, "thead"), "tr")
    el(head, "th", "Provision", scope="col")
    for name in names:
        el(head, "th", name, scope="col")
    for group, title in _GROUPS:
        rows = [r for r in matrix.rows if _group(r) == group]
        if not rows:
            continue
        body = el(table, "tbody")
        el(el(el(body, "tr", cls="group"), "th", colspan=str(len(names) + 1), scope="colgroup"),
           "span", title)
        for row in rows:
            tr = el(body, "tr")
            el(el(tr, "th", scope="row"), "a", row.name, href=f"#p-{row.key}")
            for column, cell in enumerate(row.cells):
                td = el(tr, "td")
                for i, unit in enumerate(cell):
                    if i:
                        add_text(td, ", ")
                    el(td, "a", cite(unit.head), href=f"#p-{row.key}-{column}")
                if not cell:
                    _empty(td, infos[column])


def _legend(parent: etree._Element) -> None:
    box = el(parent, "section", cls="legend", aria_labelledby="legend-h")
    el(box, "h2", "How to read this page", id="legend-h")
    items = el(box, "ul")
    el(items, "li", "Rows are provisions. Named rows come from the project's taxonomy "
                    "(seeds/provisions.toml); the others are clauses grouped by the words they "
                    "share, named by their own most telling words.")
    el(items, "li", "Clauses are grouped automatically, by the taxonomy's cue words and by "
                    "how alike their words are: read a cell before you cite it. A clause that "
                    "does two things is in both rows.")
    el(items, "li", "Each cell cites its clauses (citation, clause id and line in the stored "
                    "text) and gives their words exactly as stored. Grey text above a clause is "
                    "the lead-in its sentence begins with.")
    empty = el(items, "li")
    el(empty, "span", "absent", cls="empty absent")
    add_text(empty, ": the text is stored whole and no clause of it was grouped here. ")
    el(empty, "span", "not in the stored copy", cls="empty not-in-copy")
    add_text(empty, ": the stored copy is an excerpt, so it cannot show the provision is "
                    "missing.")
    words = el(items, "li")
    add_text(words, "Under each row, open any two texts as a word redline: ")
    el(words, "del", "words only in the first")
    add_text(words, " are struck through, ")
    el(words, "ins", "words only in the second")
    add_text(words, " underlined. Between cities this shows different wording, not an "
                    "amendment.")
    el(items, "li", "On paper the redlines are left out: they are in the web page (ordiff matrix "
                    "… -o matrix.html).", cls="print-only")


def _unit(parent: etree._Element, unit: Unit, shown: set[str]) -> None:
    """One unit: its citation, the lead-ins not yet shown in this cell, then its clauses.
    A long lead-in is folded (``<details>``) so that the clause itself stays in view."""
    box = el(parent, "div", cls="unit")
    line = el(box, "p", cls="cite")
    el(line, "strong", cite(unit.head))
    el(line, "span", f" id {unit.head.id}, line {unit.head.line}", cls="clause-id")
    context = [c for c in unit.context if c.id not in shown]
    shown.update(c.id for c in (*unit.context, *unit.clauses))
    if context:
        words = sum(len(unit_text(Unit(0, (c,))).split()) for c in context)
        frame = el(box, "div", cls="context")
        if words > _LONG_LEAD_IN:
            frame = el(frame, "details")
            el(frame, "summary", "Lead-in: " + ", ".join(cite(c) for c in context)
               + f" ({words} words)")
        else:
            el(frame, "span", "Lead-in: ", cls="sr", data_redline="label")
        for clause in context:
            clause_line(frame, clause, "law ctx")
    depth0 = len(unit.head.path)
    for clause in unit.clauses:
        depth = min(len(clause.path) - depth0, 4)
        clause_line(box, clause, f"law d{depth}" if depth else "law")


def _pairs(a: tuple[Unit, ...], b: tuple[Unit, ...]) -> list[tuple[Unit | None, Unit | None]]:
    """The units of two cells paired by likeness (each unit of ``a`` with the most alike unit of
    ``b`` not yet taken, when alike enough), so that a redline sets like against like; the rest
    stand alone. In ``a``'s order, then ``b``'s leftovers."""
    vectors = Vectors([content_stems(unit_text(u)) for u in (*a, *b)])
    taken: set[int] = set()
    out: list[tuple[Unit | None, Unit | None]] = []
    for i, unit in enumerate(a):
        scores = [(cosine(vectors.vectors[i], vectors.vectors[len(a) + j]), -j)
                  for j in range(len(b)) if j not in taken]
        best = max(scores, default=(0.0, 0))
        if best[0] >= _PAIR_SIMILARITY:
            taken.add(-best[1])
            out.append((unit, b[-best[1]]))
        else:
            out.append((unit, None))
    out.extend((None, unit) for j, unit in enumerate(b) if j not in taken)
    return out


def _compare(parent: etree._Element, row: MatrixRow, names: list[str],
             options: DiffOptions) -> None:
    filled = [i for i, cell in enumerate(row.cells) if cell]
    pairs = list(combinations(filled, 2))
    box = el(parent, "details", cls="compare")
    el(box, "summary", f"Compare the wording of two texts ({len(pairs)} "
                       f"pair{'s' if len(pairs) != 1 else ''})")
    items = el(box, "ul", cls="pairs")
    for a, b in pairs:
        item = el(el(items, "li"), "details", cls="pair", id=f"p-{row.key}-{a}-{b}")
        el(item, "summary", f"{names[a]} \u2194 {names[b]}")
        legend = el(item, "p", cls="pair-legend")
        el(legend, "del", "Struck")
        add_text(legend, f" words are only in {names[a]}'s text; ")
        el(legend, "ins", "underlined")
        add_text(legend, f" words only in {names[b]}'s. Each clause is set against the most "
                         "alike clause of the other text.")
        for old, new in _pairs(row.cells[a], row.cells[b]):
            block = el(item, "div", cls="pair-block")
            el(block, "p", " \u2194 ".join(cite(u.head) if u else "(no counterpart)"
                                           for u in (old, new)), cls="pair-cites")
            redline(block, diff_text(unit_text(old) if old else "",
                                     unit_text(new) if new else "", options), names[a], names[b])


def _matrix(parent: etree._Element, matrix: Matrix, infos: Sequence[VersionInfo],
            names: list[str], options: DiffOptions) -> None:
    wrap = el(parent, "div", cls="wide-wrap", tabindex="0", role="region",
              aria_label="The matrix, clause by clause")
    table = el(wrap, "table", cls="matrix")
    head = el(el(table, "thead"), "tr")
    el(head, "th", "Provision", scope="col", cls="prov")
    for name, info in zip(names, infos):
        th = el(head, "th", scope="col")
        el(th, "span", name, cls="col-name")
        el(th, "span", info.source.label, cls="col-label")
    for group, title in _GROUPS:
        rows = [r for r in matrix.rows if _group(r) == group]
        if not rows:
            continue
        body = el(table, "tbody", cls=f"group-{group}")
        el(el(el(body, "tr", cls="group"), "th", colspan=str(len(names) + 1), scope="colgroup"),
           "span", title)
        for row in rows:
            tr = el(body, "tr", cls="prov-row" + (" named" if row.named else ""),
                    id=f"p-{row.key}")
            th = el(tr, "th", scope="row", cls="prov")
            el(th, "span", row.name, cls="prov-name")
            el(th, "span", row.description, cls="prov-desc")
            if not row.named:
                el(th, "span", "Shared words: " + ", ".join(row.words), cls="prov-words")
            for column, cell in enumerate(row.cells):
                td = el(tr, "td", id=f"p-{row.key}-{column}",
                        cls="filled" if cell else "empty-cell")
                shown: set[str] = set()
                for unit in cell:
                    _unit(td, unit, shown)
                if not cell:
                    _empty(td, infos[column])
            if row.filled > 1:
                _compare(el(el(body, "tr", cls="compare-row"), "td",
                            colspan=str(len(names) + 1)), row, names, options)


def matrix_body(matrix: Matrix, infos: Sequence[VersionInfo],
                options: DiffOptions = DiffOptions()) -> etree._Element:
    """The page's ``<body>``: what tests read (no CSS)."""
    if len(infos) != len(matrix.columns):
        raise RenderError("one version description is needed per column of the matrix")
    names = column_names(infos)
    body = el(None, "body", cls="wide")
    el(body, "a", "Skip to the matrix", cls="skip", href="#matrix")
    top = el(body, "header", cls="page-head")
    el(top, "p", "Provision matrix", cls="kicker")
    el(top, "h1", f"Provisions compared across {len(infos)} "
                  f"text{'s' if len(infos) != 1 else ''}")
    el(top, "p", " \u00b7 ".join(names), cls="compared")
    front = el(body, "div", cls="front")
    _glance(front, matrix, infos, names)
    texts = el(front, "section", cls="versions", aria_labelledby="texts-h")
    el(texts, "h2", "Texts compared", id="texts-h")
    grid = el(texts, "div", cls="version-grid")
    for column, (name, info) in enumerate(zip(names, infos)):
        version_facts(grid, info, name, f"t-{column}")
    _legend(front)
    main = el(body, "main", id="matrix", aria_labelledby="matrix-h")
    el(main, "h2", "The provisions, clause by clause", id="matrix-h")
    _matrix(main, matrix, infos, names, options)
    foot = el(body, "footer", cls="page-foot")
    el(foot, "p", f"Made with ordiff {__version__}. The grouping is automatic; the words are "
                  "the stored texts' own.")
    return body


def render_matrix(matrix: Matrix, infos: Sequence[VersionInfo],
                  options: DiffOptions = DiffOptions()) -> bytes:
    """The whole page as UTF-8 bytes (the same inputs always give the same bytes)."""
    body = matrix_body(matrix, infos, options)
    names = column_names(infos)
    created = max((i.created for i in infos if i.created), default="")
    return page("Provision matrix: " + ", ".join(names), body, created)

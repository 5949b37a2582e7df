"""The parts of a redline page around the law text: version header, excerpt warnings, the
normalisations applied, the legend, the summary table, the contents and the controls.

Everything here is built as lxml elements (text is escaped by construction). What a header says
about a version comes from :class:`VersionInfo`: the store's metadata when the version came from the
store, else what the file's :class:`~ordiff.model.SourceRef` knows.
"""

from __future__ import annotations

__all__ = ["VersionInfo", "KIND_NAMES", "el", "add_text", "header", "legend", "summary", "contents",
           "toolbar", "Group", "groups", "group_key", "summary_line",
           "shown_id"]

from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING

from lxml import etree

from .html_plan import Row, cite
from .model import Comparison, Completeness, SourceRef

if TYPE_CHECKING:
    from .store import StoredVersion

KIND_NAMES = {"inserted": "Inserted", "deleted": "Deleted", "amended": "Amended",
              "renumbered": "Renumbered", "moved": "Moved", "split": "Split", "merged": "Merged",
              "not-in-old-copy": "Not in the old copy", "not-in-new-copy": "Not in the new copy",
              "unchanged": "Unchanged"}
_NORMALISATIONS = {"whitespace": "line wrapping and runs of spaces",
                   "quotes": "straight and curly quotation marks",
                   "dashes": "hyphens, dashes and minus signs", "case": "upper and lower case",
                   "hyphenation": "words hyphenated at a line end"}


@dataclass(frozen=True, slots=True)
class VersionInfo:
    """What a report says about one version (all but ``source`` may be empty)."""

    source: SourceRef
    jurisdiction: str = ""
    title: str = ""
    citation: str = ""
    status: str = ""
    number: str = ""
    dates: tuple[tuple[str, str], ...] = ()
    date_note: str = ""
    origin: str = ""
    links: tuple[tuple[str, str], ...] = field(default=())  # (shown text, address)
    created: str = ""  # the version's date (ISO), for <meta name="dcterms.created">

    @classmethod
    def from_stored(cls, version: StoredVersion, source: SourceRef) -> VersionInfo:
        """From the store's record of a version."""
        dates = tuple((name, str(value)) for name, value in (
            ("Adopted", version.adopted), ("Effective", version.effective),
            ("Text as of", version.as_of), ("Expires", version.expires)) if value is not None)
        if not dates and version.year:
            dates = (("Year", str(version.year)),)
        links = [(url, url) for url in version.source_urls]
        repo = version.source_repository
        if repo:
            base = repo if repo.startswith("http") else "https://" + repo
            if version.source_commit and version.source_path:
                address = f"{base}/blob/{version.source_commit}/{version.source_path}"
                links.append((f"{repo} @ {version.source_commit[:12]}: {version.source_path}",
                              address))
            else:
                shown = repo + (f": {version.source_path}" if version.source_path else "")
                shown += f" (blob {version.source_blob[:12]})" if version.source_blob else ""
                links.append((shown, base))
        when = version.date
        created = when.isoformat() if when else (str(version.year) if version.year else "")
        return cls(source, version.jurisdiction_name, version.title, version.citation,
                   version.status, version.number, dates, version.date_note, version.source,
                   tuple(links), created)


def el(parent: etree._Element | None, tag: str, text: str = "", cls: str = "",
       **attrs: str) -> etree._Element:
    """A new element (appended to ``parent`` when given); ``cls`` is its class, ``data_x`` its
    ``data-x`` attribute."""
    node = etree.Element(tag) if parent is None else etree.SubElement(parent, tag)
    if cls:
        node.set("class", cls)
    for key, value in attrs.items():
        node.set(key.rstrip("_").replace("_", "-"), value)
    if text:
        node.text = text
    return node


def add_text(parent: etree._Element, text: str) -> None:
    """Append text after the element's last child (lxml keeps it in that child's tail)."""
    if not text:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def shown_id(ref: SourceRef) -> str:
    """A version's id as the page shows it: never a path of the machine that made the report."""
    return PurePath(ref.id).name if PurePath(ref.id).is_absolute() else ref.id


def _version(parent: etree._Element, role: str, info: VersionInfo) -> None:
    box = el(parent, "section", cls=f"version version-{role}", aria_labelledby=f"v-{role}")
    el(box, "h3", f"{role.title()} version: {info.source.label}", id=f"v-{role}")
    table = el(box, "dl")
    facts = [("Jurisdiction", info.jurisdiction), ("Title", info.title),
             ("Citation", info.citation), ("Number", info.number), ("Status", info.status),
             *info.dates, ("Date note", info.date_note), ("Source", info.origin),
             ("Id", shown_id(info.source))]
    for name, value in facts:
        if value:
            el(table, "dt", name)
            el(table, "dd", value)
    for shown, address in info.links:
        el(table, "dt", "Link")
        el(el(table, "dd"), "a", shown, href=address)
    el(table, "dt", "SHA-256")
    el(table, "dd", info.source.sha256, cls="hash")
    ref = info.source
    if ref.completeness is Completeness.EXCERPT:
        warn = el(box, "div", cls="excerpt", role="note")
        strong = el(warn, "strong", "Excerpt. ")
        strong.tail = ("The stored copy of this version is not the whole text"
                       + (f"; it stops {ref.stops}" if ref.stops else "") + ". ")
        if ref.missing:
            add_text(warn, f"Not in the stored copy: {ref.missing}. ")
        add_text(warn, "Text of the other version beyond that point is marked \u201cnot in the "
                       "stored copy\u201d: it is not shown as deleted or inserted.")


def header(parent: etree._Element, old: VersionInfo, new: VersionInfo,
           comparison: Comparison) -> None:
    """Both versions' metadata, excerpt warnings and the normalisations applied."""
    section = el(parent, "section", cls="versions", aria_labelledby="versions-h")
    el(section, "h2", "Versions compared", id="versions-h")
    pair = el(section, "div", cls="version-pair")
    _version(pair, "old", old)
    _version(pair, "new", new)
    ignored = el(section, "p", cls="ignored-list")
    el(ignored, "strong", "Differences ignored: ")
    if comparison.ignored:
        add_text(ignored, "; ".join(_NORMALISATIONS.get(name, name) for name in comparison.ignored)
                 + ". Where the versions differ only in these ways the text is shown plain, "
                   "with a dotted underline.")
    else:
        add_text(ignored, "none: every difference is shown.")
    add_text(ignored, f" Compared word by word" if comparison.granularity == "word"
             else " Compared character by character")
    add_text(ignored, ", clause by clause.")


def legend(parent: etree._Element, old_label: str, new_label: str) -> None:
    """The legend every report carries: strike, underline, double lines, the stored-copy mark."""
    box = el(parent, "section", cls="legend", aria_labelledby="legend-h")
    el(box, "h2", "How to read this report", id="legend-h")
    items = el(box, "ul")
    first = el(items, "li")
    el(first, "del", "Words struck through")
    add_text(first, f" are in the {old_label} text and deleted from the {new_label} text; ")
    el(first, "ins", "words underlined")
    add_text(first, " are inserted.")
    moved = el(items, "li")
    el(moved, "del", "Double struck", cls="moved")
    add_text(moved, " text was moved away from here; ")
    el(moved, "ins", "double underlined", cls="moved")
    add_text(moved, " text was moved here. Each has a link to the other place.")
    el(items, "li", "A renumbered clause shows its new number, then its old one: "
                    "\u201c(1A) (formerly (1))\u201d.")
    beyond = el(items, "li")
    el(beyond, "span", "Grey italic text", cls="beyond")
    add_text(beyond, ", with a dashed line beside whole clauses, is not in the stored copy of "
                     "the other version (an excerpt): it is neither deleted nor inserted.")
    el(items, "li", "Colour only repeats what the lines say; the report reads the same in black "
                    "and white. \u201c* * *\u201d marks unchanged text left out.")


@dataclass(frozen=True, slots=True)
class Group:
    """The rows of one section (or container), for the contents and the summary."""

    key: str
    title: str
    first: str  # id of its first row
    kinds: Counter[str]
    notes: int


def group_key(row: Row) -> str:
    """The section (or container) a row belongs to, in the contents and the summaries."""
    clause = row.clause
    return clause.id if clause.kind.is_container else clause.path[0]


def groups(rows: tuple[Row, ...]) -> list[Group]:
    """Rows grouped by section in page order, with the kinds of change in each."""
    order: dict[str, list[Row]] = {}
    for row in rows:
        order.setdefault(group_key(row), []).append(row)
    out: list[Group] = []
    for key, members in order.items():
        head = next((r.clause for r in members if len(r.clause.path) == 1 and not r.notes),
                    members[0].clause)
        title = cite(head) if len(head.path) == 1 else cite(head).split("(")[0]
        if head.heading and len(head.path) == 1:
            title += ". " + " ".join(head.heading.split())
        kinds = Counter(r.kind for r in members if r.changed and not r.notes and not r.stub)
        notes = sum(1 for r in members if r.changed and r.notes)
        out.append(Group(key, title, members[0].id, kinds, notes))
    return out


def _badges(parent: etree._Element, kinds: Counter[str]) -> None:
    for kind in KIND_NAMES:
        if kinds.get(kind):
            el(parent, "span", f"{KIND_NAMES[kind]} {kinds[kind]}", cls=f"badge k-{kind}")


def summary_line(found: list[Group]) -> str:
    """The summary's one sentence, in the report and in the PDF: clauses changed, by kind, in
    how many sections, and where the history notes changed."""
    total: Counter[str] = Counter()
    for group in found:
        total.update(group.kinds)
    notes = sum(g.notes for g in found)
    sections = sum(1 for g in found if g.kinds or g.notes)
    words = ", ".join(f"{total[k]} {KIND_NAMES[k].lower()}" for k in KIND_NAMES if total.get(k))
    count = sum(total.values())
    line = (f"{count} clause{'s' if count != 1 else ''} changed in {sections} "
            f"section{'s' if sections != 1 else ''}: {words}." if count else
            "No clause changed.")
    return line + (f" History notes changed in {notes} place(s)." if notes else "")


def summary(parent: etree._Element, found: list[Group]) -> None:
    """The section-by-section summary: what changed where, with counts and links."""
    box = el(parent, "section", cls="summary", aria_labelledby="summary-h")
    el(box, "h2", "Summary of changes", id="summary-h")
    el(box, "p", summary_line(found), cls="summary-line")
    changed = [g for g in found if g.kinds or g.notes]
    if not changed:
        return
    kinds = [k for k in KIND_NAMES if any(g.kinds.get(k) for g in changed)]
    notes = any(g.notes for g in changed)
    table = el(box, "table", cls="summary-table")
    head = el(el(table, "thead"), "tr")
    el(head, "th", "Section", scope="col")
    for kind in kinds:
        el(head, "th", KIND_NAMES[kind], scope="col")
    if notes:
        el(head, "th", "Notes", scope="col")
    body = el(table, "tbody")
    for group in changed:
        tr = el(body, "tr")
        el(el(tr, "th", scope="row"), "a", group.title, href="#" + group.first)
        for kind in kinds:
            el(tr, "td", str(group.kinds.get(kind, "")) if group.kinds.get(kind) else "",
               cls="num")
        if notes:
            el(tr, "td", str(group.notes) if group.notes else "", cls="num")


def contents(parent: etree._Element, found: list[Group]) -> None:
    """A table of contents with a badge for each kind of change in each section."""
    nav = el(parent, "nav", cls="toc", aria_labelledby="toc-h")
    el(nav, "h2", "Contents", id="toc-h")
    items = el(nav, "ol")
    for group in found:
        li = el(items, "li", cls="changed" if group.kinds or group.notes else "")
        el(li, "a", group.title, href="#" + group.first)
        _badges(li, group.kinds)


def toolbar(parent: etree._Element, kinds: Counter[str], views: tuple[tuple[str, str], ...]
            ) -> None:
    """View links (they work without scripts, by fragment), then the scripted controls."""
    bar = el(parent, "div", cls="toolbar", role="region", aria_label="Report controls")
    nav = el(bar, "nav", cls="views", aria_label="Views")
    for key, name in views:
        el(nav, "a", name, href=f"#view-{key}", data_view=key)
    tools = el(bar, "div", cls="js-only", hidden="hidden")
    el(tools, "button", "\u2191 Previous change", type="button", id="prev",
       title="Previous change (k or p)")
    el(tools, "button", "Next change \u2193", type="button", id="next",
       title="Next change (j or n)")
    el(tools, "span", cls="position", id="position", aria_live="polite")
    filters = el(tools, "fieldset", cls="filters")
    el(filters, "legend", "Show changes:")
    for kind in KIND_NAMES:
        if kinds.get(kind) and kind != "unchanged":
            label = el(filters, "label", cls=f"k-{kind}")
            el(label, "input", type="checkbox", checked="checked", data_kind=kind)
            add_text(label, f" {KIND_NAMES[kind]} ({kinds[kind]})")

"""Build test documents in each import format from the real stored texts (never hand-written law).

Each builder takes a stored text and wraps its lines, unchanged, in a format's markup; where the
format numbers clauses itself (Word's automatic numbering), the printed label is moved out of the
text into the numbering and must come back on import.
"""

from __future__ import annotations

import io
import re
from html import escape
from pathlib import Path

from ordiff.markers import match_marker

REPO = Path(__file__).resolve().parents[1]
STORE = REPO / "ordinances"

_WORD_FORMATS = {"lower": "lowerLetter", "upper": "upperLetter", "digit": "decimal",
                 "roman": "lowerRoman", "ROMAN": "upperRoman"}


def stored(version_path: str) -> str:
    """A stored text, e.g. ``district-of-columbia/24-211.07/2021.txt``."""
    return (STORE / version_path).read_text(encoding="utf-8")


def _word_label(value: int, fmt: str) -> str:
    from ordiff.importers.numbering import format_number
    return format_number(value, fmt)


def docx_numbered(text: str) -> tuple[bytes, int, int]:
    """A .docx with one paragraph per line; lines starting with a paren marker whose label Word's
    automatic numbering reproduces get numbering instead of the printed label.

    Returns the file's bytes, the number of numbered paragraphs and of labels left as text.
    """
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    numbering = document.part.numbering_part.element
    styles: list[tuple[str, str]] = []  # (punct, counter) by level
    lines = text.rstrip("\n").split("\n")
    plan: list[tuple[str, int | None, str]] = []  # (text, ilvl, expected label)
    counters: dict[int, int] = {}
    numbered = literal = 0
    for line in lines:
        stripped = line.strip()
        found = match_marker(stripped)
        if found is None or found.styles[0].punct != "()" or not found.rest:
            if not match_marker(stripped) and re.match(r"^§|^CHAPTER|^Sec", stripped):
                counters.clear()
                plan.append(("RESTART", None, ""))
            plan.append((line, None, ""))
            continue
        style = found.styles[0]
        if (style.punct, style.counter) not in styles:
            styles.append((style.punct, style.counter))
        ilvl = styles.index((style.punct, style.counter))
        value = counters.get(ilvl, 0) + 1
        if _word_label(value, _WORD_FORMATS[style.counter]) != found.label or \
                len(line) - len(line.lstrip(" ")) != 2 * ilvl:
            plan.append((line, None, ""))
            literal += 1
            continue
        counters[ilvl] = value
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        plan.append((found.rest, ilvl, found.marker))
        numbered += 1
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{_WORD_FORMATS[c]}"/>'
        f'<w:lvlText w:val="(%{i + 1})"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{720 * (i + 1)}" w:hanging="360"/></w:pPr></w:lvl>'
        for i, (_, c) in enumerate(styles))
    numbering.insert(0, parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
                                  f'<w:multiLevelType w:val="multilevel"/>{levels}'
                                  '</w:abstractNum>'))
    num_id = 90
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}">'
                               '<w:abstractNumId w:val="90"/></w:num>'))
    for line, ilvl, _ in plan:
        if line == "RESTART" and ilvl is None:
            num_id += 1
            numbering.append(parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="90"/>'
                '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
                '</w:num>'))
            continue
        paragraph = document.add_paragraph()
        run = paragraph.add_run(line)
        node = run._r.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t")
        if node is not None:  # keeps a line's leading spaces
            node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        if ilvl is not None:
            ppr = paragraph._p.get_or_add_pPr()
            ppr.insert(0, parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/>'
                                    f'<w:numId w:val="{num_id}"/></w:numPr>'))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue(), numbered, literal


def _paras(text: str) -> list[tuple[int, str]]:
    """(indent, stripped line) for every line, blank lines as (0, "")."""
    return [(len(line) - len(line.lstrip(" ")), line.strip()) for line in
            text.rstrip("\n").split("\n")]


_SCRIPT = "<script>document.write('SCRIPT-RAN');</script>"


def html_page(text: str, layout: str) -> bytes:
    """A page holding the stored text's lines, in a publisher's layout, with page chrome and a
    script around it (the chrome's words are invented and say so)."""
    rows: list[str] = []
    for indent, line in _paras(text):
        if not line:
            continue
        found = match_marker(line)
        if layout == "municode" and found is not None and found.rest:
            rows.append(f'<p class="incr{indent // 2}">{escape(found.marker)}</p>'
                        f'<p class="content{indent // 2}">{escape(found.rest)}</p>')
        elif layout == "amlegal":
            rows.append(f'<p class="p{indent // 2}">{escape(line)}</p>')
        else:
            rows.append(f"<div>{escape(line)}</div>" if layout == "legistar" else
                        f"<p>{escape(line)}</p>")
    body = "\n".join(rows)
    wrapper = {
        "legistar": f'<div id="ctl00_ContentPlaceHolder1_divText">{body}</div>',
        "municode": f'<div class="chunk-content">{body}</div>',
        "amlegal": f'<div class="codes-content">{body}</div>',
        "elaws": f"<main>{body}</main>",
    }[layout]
    page = (f"<!DOCTYPE html><html><head><title>Sample page (invented chrome)</title>{_SCRIPT}"
            "<style>p { color: red }</style></head><body>"
            "<nav>Sample City menu (invented)</nav><header>Sample header (invented)</header>"
            f"{wrapper}{_SCRIPT}<footer>Sample footer (invented)</footer></body></html>")
    return page.encode("utf-8")


def uslm_document(document: object) -> bytes:
    """USLM wrapping a parsed version's clauses (num, heading, chapeau/content, levels)."""
    from lxml import etree

    from ordiff.model import ClauseKind

    ns = "http://xml.house.gov/schemas/uslm/1.0"
    q = "{" + ns + "}"
    root = etree.Element(q + "uscDoc", nsmap={None: ns})
    meta = etree.SubElement(root, q + "meta")
    etree.SubElement(meta, q + "docTitle").text = "Sample metadata (invented)"
    main = etree.SubElement(root, q + "main")
    names = ("subsection", "paragraph", "subparagraph", "clause", "subclause", "item")

    def add(parent: object, clause: object, depth: int) -> None:
        kind = clause.kind  # type: ignore[attr-defined]
        name = (kind.value if kind.is_container or kind is ClauseKind.SECTION
                else names[min(depth, len(names) - 1)])
        el = etree.SubElement(parent, q + name)
        if clause.marker and clause.printed:  # type: ignore[attr-defined]
            etree.SubElement(el, q + "num").text = clause.marker  # type: ignore[attr-defined]
        if clause.heading:  # type: ignore[attr-defined]
            etree.SubElement(el, q + "heading").text = clause.heading  # type: ignore[attr-defined]
        lines = [ln for ln in clause.text.split("\n") if ln.strip()]  # type: ignore[attr-defined]
        if lines:
            box = etree.SubElement(el, q + ("chapeau" if clause.children else "content"))  # type: ignore[attr-defined]
            for line in lines:
                etree.SubElement(box, q + "p").text = line
        deeper = 0 if kind.is_container or kind is ClauseKind.SECTION else depth + 1
        for child in clause.children:  # type: ignore[attr-defined]
            add(el, child, deeper)
        for note in clause.notes:  # type: ignore[attr-defined]
            etree.SubElement(el, q + "sourceCredit").text = note
        if kind is ClauseKind.SECTION:
            notes = etree.SubElement(el, q + "notes")
            etree.SubElement(notes, q + "note").text = "Sample editorial note (invented)"

    for clause in document.clauses:  # type: ignore[attr-defined]
        add(main, clause, 0)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def docx_amendment(old: str, new: str) -> bytes:
    """A .docx showing the change from ``old`` to ``new`` (two real texts) in strike-and-underline
    form, line by line: removed lines struck, added lines underlined, a changed line holding its
    old words struck and its new words underlined."""
    import difflib

    import docx

    document = docx.Document()
    a, b = old.rstrip("\n").split("\n"), new.rstrip("\n").split("\n")

    def paragraph(parts: list[tuple[str, str]]) -> None:
        p = document.add_paragraph()
        for op, words in parts:
            run = p.add_run(words)
            run.font.strike = op == "-"
            run.font.underline = op == "+"

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            for line in a[i1:i2]:
                paragraph([("=", line)])
            continue
        olds, news = a[i1:i2], b[j1:j2]
        for k in range(max(len(olds), len(news))):
            parts = ([("-", olds[k])] if k < len(olds) else []) + \
                    ([("+", news[k])] if k < len(news) else [])
            paragraph(parts)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()

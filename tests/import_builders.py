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
        run._r.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t").set(
            "{http://www.w3.org/XML/1998/namespace}space", "preserve")
        if ilvl is not None:
            ppr = paragraph._p.get_or_add_pPr()
            ppr.insert(0, parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/>'
                                    f'<w:numId w:val="{num_id}"/></w:numPr>'))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue(), numbered, literal

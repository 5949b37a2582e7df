"""The curated data in ``seeds/``: the public record behind the versions (a timeline with a
citation for every event) and the provision taxonomy the cross-city matrix groups clauses by.

Seeds are facts and names, never law text; a wrong seed is a :class:`StoreError` naming the file
and line.
"""

from __future__ import annotations

__all__ = ["Citation", "Event", "Provision", "Seeds", "find_seeds", "load_seeds"]

import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from .errors import StoreError

_EVENT_KINDS = frozenset({"enacted", "amended", "expires", "executive-order", "vote", "incident",
                          "audit", "resolution"})


@dataclass(frozen=True, slots=True)
class Citation:
    key: str
    publisher: str
    title: str
    url: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class Event:
    jurisdiction: str
    kind: str
    summary: str
    citation: Citation
    date: date | None = None
    date_precision: str = "day"  # "day" or "year"
    date_note: str = ""
    versions: tuple[str, ...] = ()

    @property
    def when(self) -> str:
        """The date as a reader should see it: "2025-12-11", "2004", or the note."""
        if self.date is None:
            return self.date_note or "date unknown"
        return str(self.date.year) if self.date_precision == "year" else self.date.isoformat()


@dataclass(frozen=True, slots=True)
class Provision:
    id: str
    name: str
    description: str
    cues: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Seeds:
    events: tuple[Event, ...]
    provisions: tuple[Provision, ...]

    def timeline(self, jurisdiction: str) -> tuple[Event, ...]:
        """One jurisdiction's events, dated ones in date order, undated ones last."""
        own = [e for e in self.events if e.jurisdiction == jurisdiction]
        return tuple(sorted(own, key=lambda e: (e.date is None, e.date or date.min)))


def find_seeds() -> Path:
    """The ``seeds/`` folder of the checkout this package runs from."""
    return Path(__file__).resolve().parent.parent / "seeds"


def _read(path: Path) -> dict[str, Any]:
    shown = f"seeds/{path.name}"
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise StoreError("no such seeds file", path=shown) from None
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        raise StoreError(f"not valid TOML: {exc}", path=shown, line=line,
                         hint="fix the syntax; see the comment at the top of the file") from None


def _field(table: dict[str, Any], name: str, shown: str, where: str) -> str:
    value = table.get(name)
    if not isinstance(value, str) or not value.strip():
        raise StoreError(f"{where}: '{name}' is missing or not text", path=shown)
    return value


def load_seeds(folder: Path | None = None) -> Seeds:
    """Read ``timeline.toml`` and ``provisions.toml`` and check every reference in them."""
    root = folder or find_seeds()
    timeline = _read(root / "timeline.toml")
    shown = "seeds/timeline.toml"
    citations = {key: Citation(key, _field(c, "publisher", shown, f"citation {key}"),
                               _field(c, "title", shown, f"citation {key}"), c.get("url", ""),
                               c.get("note", ""))
                 for key, c in timeline.get("citations", {}).items()}
    events: list[Event] = []
    for number, raw in enumerate(timeline.get("events", []), start=1):
        where = f"event {number}"
        key = _field(raw, "citation", shown, where)
        if key not in citations:
            raise StoreError(f"{where}: unknown citation '{key}'", path=shown,
                             hint="add it under [citations]")
        kind = _field(raw, "kind", shown, where)
        if kind not in _EVENT_KINDS:
            raise StoreError(f"{where}: unknown kind '{kind}'", path=shown,
                             hint="one of " + ", ".join(sorted(_EVENT_KINDS)))
        when = raw.get("date")
        if when is None and not raw.get("date_note"):
            raise StoreError(f"{where}: needs a date or a date_note", path=shown)
        events.append(Event(_field(raw, "jurisdiction", shown, where), kind,
                            _field(raw, "summary", shown, where), citations[key], when,
                            raw.get("date_precision", "day"), raw.get("date_note", ""),
                            tuple(raw.get("versions", ()))))
    provisions_raw = _read(root / "provisions.toml").get("provisions", [])
    shown = "seeds/provisions.toml"
    provisions = tuple(
        Provision(_field(p, "id", shown, f"provision {i}"), _field(p, "name", shown, f"provision {i}"),
                  _field(p, "description", shown, f"provision {i}"), tuple(p.get("cues", ())))
        for i, p in enumerate(provisions_raw, start=1))
    return Seeds(tuple(events), provisions)

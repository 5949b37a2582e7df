"""The seeds are well formed and every reference in them resolves."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import STORE
from ordiff.errors import StoreError
from ordiff.seeds import load_seeds
from ordiff.store import load_store


def test_every_event_cites_a_source_and_names_real_jurisdictions_and_versions() -> None:
    seeds = load_seeds()
    store = load_store(STORE)
    jurisdictions = {v.jurisdiction for v in store.versions}
    ids = {v.id for v in store.versions}
    assert len(seeds.events) >= 10
    for event in seeds.events:
        assert event.jurisdiction in jurisdictions
        assert event.citation.title
        assert set(event.versions) <= ids


def test_minneapolis_timeline_is_in_date_order_with_the_2025_vote() -> None:
    timeline = load_seeds().timeline("minneapolis")
    dated = [e.date for e in timeline if e.date]
    assert dated == sorted(dated)
    assert any(e.when == "2025-12-11" and e.kind == "vote" for e in timeline)
    assert timeline[-1].date is None  # the undated audit comes last, with its note
    assert "2025-06-03" in timeline[-1].when


def test_the_taxonomy_names_the_provisions_advocates_ask_about() -> None:
    names = {p.id for p in load_seeds().provisions}
    assert {"no-status-inquiry", "no-civil-enforcement", "no-detainers", "no-city-resources",
            "no-staging", "reporting", "u-t-visa", "confidentiality"} <= names


def test_a_bad_seed_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "timeline.toml").write_text('[citations.x]\npublisher = "P"\ntitle = "T"\n'
                                            '[[events]]\njurisdiction = "sample-city"\n'
                                            'kind = "party"\nsummary = "S"\ncitation = "x"\n'
                                            'date = 2020-01-01\n', encoding="utf-8")
    (tmp_path / "provisions.toml").write_text("", encoding="utf-8")
    with pytest.raises(StoreError) as info:
        load_seeds(tmp_path)
    assert str(info.value).startswith("seeds/timeline.toml: event 1: unknown kind 'party'")

"""What counts as the data a mode waits for after a move, on PogoDroid's own payloads."""

from __future__ import annotations

import copy

import pytest

from magneton.workers.data import as_gmo, has_content
from tests.ingest.conftest import fixture


def gmo(name: str):
    return as_gmo(copy.deepcopy(fixture(name)[0]["payload"]))


def spot(name: str) -> tuple[float, float]:
    entry = fixture(name)[0]
    return entry["lat"], entry["lng"]


def empty_spot():
    """The game's answer where there is nothing: its S2 cells, each with empty lists."""
    payload = copy.deepcopy(fixture("106_raid_egg.json")[0]["payload"])
    for cell in payload["cells"]:
        cell["forts"] = []
    return as_gmo(payload)


@pytest.mark.parametrize(("mode", "found"), [("mon_mitm", False), ("raids_mitm", False), ("pokestops", False),
                                             ("init", True)])
def test_an_empty_spot_is_a_finding_only_for_init(mode: str, found: bool) -> None:
    assert has_content(mode, empty_spot(), *spot("106_raid_egg.json")) is found


def test_no_cells_is_no_answer_for_any_mode() -> None:
    weather_only = gmo("106_empty_cells.json")  # a GMO without cells (the map did not load)
    assert not any(has_content(mode, weather_only, *spot("106_empty_cells.json"))
                   for mode in ("mon_mitm", "raids_mitm", "pokestops", "init"))


def test_mons_must_be_within_70_m_of_the_target() -> None:
    wild = gmo("106_wild_known_spawn.json")
    [mon] = [m for cell in wild.cells for m in cell.wild_pokemon]
    assert has_content("mon_mitm", wild, mon.latitude + 0.0005, mon.longitude)  # ~56 m
    assert not has_content("mon_mitm", wild, mon.latitude + 0.001, mon.longitude)  # ~111 m

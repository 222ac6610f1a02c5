"""Pokemon: wild, nearby and lured sightings from the map (106), encounters with IVs (102, 145).

Semantics (MAD's, with its named bugs fixed):
- seen_type precedence: a wild sighting never overwrites an encounter or lure encounter, unless the
  weather boost changed, which re-rolls the mon (IVs are then cleared); an encounter overwrites everything.
- A wild sighting is exact: it replaces a nearby row's approximate position, fort_id and cell_id (MAD kept
  the stop or cell position forever).
- Nearby and lure sightings only fill rows that nothing better has written.
- An estimated despawn (no timer known) never moves an exact one backwards.
"""

from __future__ import annotations

import ast
from datetime import timedelta
from typing import Annotated

import msgspec
from sqlalchemy import and_, case, func, or_

from magneton.db.upsert import const

from magneton.ingest.values import unsigned64, utc
from magneton.ingest.writer.kinds import Row, Rule, WriteKind

DITTO = 132
IV_SEEN_TYPES = ("encounter", "lure_encounter")
NEARBY_SEEN_TYPES = ("nearby_stop", "nearby_cell")
IV_COLUMNS = ("individual_attack", "individual_defense", "individual_stamina", "move_1", "move_2", "cp",
              "cp_multiplier", "weight", "height", "size", "catch_prob_1", "catch_prob_2", "catch_prob_3",
              "rating_attack", "rating_defense")
DISPLAY_COLUMNS = ("pokemon_id", "gender", "form", "costume")


# --- payload -------------------------------------------------------------------------------------------

class Display(msgspec.Struct):
    costume_value: int = 0
    form_value: int = 0
    gender_value: int = 0
    weather_boosted_value: int | None = None
    is_shiny: bool = False
    display_id: int = 0
    current_temp_evolution: int = 0


class PokemonData(msgspec.Struct):
    id: int
    display: Display = msgspec.field(default_factory=Display)
    cp: int = 0
    cp_multiplier: float = 0.0
    individual_attack: int = 0
    individual_defense: int = 0
    individual_stamina: int = 0
    move_1: int = 0
    move_2: int = 0
    height: float = 0.0
    weight: float = 0.0
    size: int | None = None


# An S2 token: the hex cell id without trailing zeros (validated here so processing cannot fail on it).
SpawnToken = Annotated[str, msgspec.Meta(pattern="^[0-9a-fA-F]{1,16}$")]


class WildPokemon(msgspec.Struct):
    encounter_id: int
    spawnpoint_id: SpawnToken
    latitude: float
    longitude: float
    pokemon_data: PokemonData
    time_till_hidden: int = -1


class NearbyPokemon(msgspec.Struct):
    id: int
    encounter_id: int
    fort_id: str = ""
    display: Display = msgspec.field(default_factory=Display)


class CaptureProbability(msgspec.Struct):
    # PD sends the list as a string such as "[0.41, 0.57, 0.71]"; newer captures send a list.
    capture_probability_list: str | list[float] = ""


class EncounterOut(msgspec.Struct):
    """Type 102."""

    status: int
    wild_pokemon: WildPokemon | None = None
    capture_probability: CaptureProbability | None = None


class DiskEncounterOut(msgspec.Struct):
    """Type 145: a lure (disk) encounter; the encounter id is the display id."""

    pokemon: PokemonData
    result: int = 1
    capture_probability: CaptureProbability | None = None


class ActivePokemon(msgspec.Struct):
    """The mon sitting on a lured stop (inside a GMO fort)."""

    id: int = 0
    encounter_id: int = 0
    expiration_timestamp: int = 0
    display: Display = msgspec.field(default_factory=Display)


# --- values --------------------------------------------------------------------------------------------

def catch_probabilities(probability: CaptureProbability | None) -> tuple[float | None, ...]:
    if probability is None or not probability.capture_probability_list:
        return (None, None, None)
    values = probability.capture_probability_list
    if isinstance(values, str):
        try:
            values = ast.literal_eval(values)
        except (ValueError, SyntaxError):
            return (None, None, None)
    padded = [float(v) for v in list(values)[:3]] + [None, None, None]
    return tuple(padded[:3])


def is_ditto(data: PokemonData) -> bool:
    """A disguised Ditto betrays itself by stats impossible for the displayed mon (MAD's rules)."""
    weather = data.display.weather_boosted_value
    if weather is None:
        return False
    if weather > 0:
        return min(data.individual_attack, data.individual_defense, data.individual_stamina) < 4 \
            or data.cp_multiplier < 0.3
    return data.cp_multiplier > 0.733


def display_columns(pokemon_id: int, display: Display) -> Row:
    if pokemon_id == DITTO:
        return {"pokemon_id": DITTO, "gender": 3, "form": 0, "costume": 0}
    return {"pokemon_id": pokemon_id, "gender": display.gender_value, "form": display.form_value,
            "costume": display.costume_value}


def _nulls(columns: tuple[str, ...]) -> Row:
    return dict.fromkeys(columns)


# --- rows ----------------------------------------------------------------------------------------------

def wild_row(mon: WildPokemon, spawnpoint: int, ts: int, disappear: float) -> Row:
    data = mon.pokemon_data
    return {"encounter_id": unsigned64(mon.encounter_id), "spawnpoint_id": spawnpoint,
            "latitude": mon.latitude, "longitude": mon.longitude, "disappear_time": utc(disappear),
            **display_columns(data.id, data.display),
            "weather_boosted_condition": data.display.weather_boosted_value or 0,
            "last_modified": utc(ts), "seen_type": "wild", "fort_id": None, "cell_id": None}


def nearby_row(mon: NearbyPokemon, ts: int, nearby_minutes: int, lat: float, lng: float,
               fort_id: str | None, cell_id: int | None) -> Row:
    return {"encounter_id": unsigned64(mon.encounter_id), "spawnpoint_id": 0, "latitude": lat,
            "longitude": lng, "disappear_time": utc(ts) + timedelta(minutes=nearby_minutes),
            **display_columns(mon.id, mon.display),
            "weather_boosted_condition": mon.display.weather_boosted_value or 0,
            "last_modified": utc(ts), "seen_type": "nearby_cell" if cell_id is not None else "nearby_stop",
            "fort_id": fort_id, "cell_id": cell_id}


def lure_row(mon: ActivePokemon, stop_id: str, lat: float, lng: float, ts: int) -> Row:
    return {"encounter_id": unsigned64(mon.encounter_id), "spawnpoint_id": 0, "latitude": lat,
            "longitude": lng, "disappear_time": utc(mon.expiration_timestamp / 1000),
            **display_columns(mon.id, mon.display),
            "weather_boosted_condition": mon.display.weather_boosted_value or 0,
            "last_modified": utc(ts), "seen_type": "lure_wild", "fort_id": stop_id, "cell_id": None}


def _iv_columns(data: PokemonData, probability: CaptureProbability | None) -> Row:
    p1, p2, p3 = catch_probabilities(probability)
    ditto = is_ditto(data)
    return {"individual_attack": data.individual_attack, "individual_defense": data.individual_defense,
            "individual_stamina": data.individual_stamina,
            "move_1": 242 if ditto else data.move_1, "move_2": 133 if ditto else data.move_2,
            "cp": data.cp, "cp_multiplier": data.cp_multiplier, "weight": data.weight, "height": data.height,
            "size": data.size, "catch_prob_1": p1, "catch_prob_2": p2, "catch_prob_3": p3,
            "rating_attack": None, "rating_defense": None,
            **display_columns(DITTO if ditto else data.id, data.display),
            "weather_boosted_condition": data.display.weather_boosted_value or 0}


def encounter_row(out: EncounterOut, spawnpoint: int, ts: int, disappear: float) -> Row:
    mon = out.wild_pokemon
    assert mon is not None  # filtered at the receiver
    return {"encounter_id": unsigned64(mon.encounter_id), "spawnpoint_id": spawnpoint,
            "latitude": mon.latitude, "longitude": mon.longitude, "disappear_time": utc(disappear),
            **_iv_columns(mon.pokemon_data, out.capture_probability),
            "last_modified": utc(ts), "seen_type": "encounter", "fort_id": None, "cell_id": None}


def lure_encounter_row(out: DiskEncounterOut, ts: int, lat: float, lng: float) -> Row:
    """A new row is placed where the device stood (at the lured stop); MAD put it at (0, 0)."""
    return {"encounter_id": unsigned64(out.pokemon.display.display_id), "spawnpoint_id": 0,
            "latitude": lat, "longitude": lng, "disappear_time": utc(ts) + timedelta(minutes=2),
            **_iv_columns(out.pokemon, out.capture_probability),
            "last_modified": utc(ts), "seen_type": "lure_encounter", "fort_id": None, "cell_id": None}


def display_row(encounter_id: int, data: PokemonData) -> Row:
    """What a Ditto was disguised as (pokemon_display), kept once."""
    return {"encounter_id": unsigned64(encounter_id), "pokemon": data.id, "gender": data.display.gender_value,
            "form": data.display.form_value, "costume": data.display.costume_value}


# --- how each kind is written --------------------------------------------------------------------------

def _one_of(column, values: tuple[str, ...]):
    """`column IN (...)` as plain comparisons: an IN list would be an "expanding" parameter, which an
    executemany statement cannot carry."""
    return or_(*(column == const(value) for value in values))


def _rerolled(stored, incoming):
    return func.coalesce(stored.c.weather_boosted_condition, const(-1)) != incoming["weather_boosted_condition"]


def _keeps_ivs(stored, incoming):
    return and_(_one_of(stored.c.seen_type, IV_SEEN_TYPES), ~_rerolled(stored, incoming))


def _stored_if(condition) -> callable:
    def rule_for(column: str) -> Rule:
        return lambda stored, incoming: case((condition(stored, incoming), stored.c[column]),
                                             else_=incoming[column])
    return rule_for


def _later_despawn(stored, incoming):
    """Estimated despawns only ever extend: a mon still seen is still there."""
    return case((stored.c.disappear_time > incoming["disappear_time"], stored.c.disappear_time),
                else_=incoming["disappear_time"])


def _take(column: str) -> Rule:
    return lambda stored, incoming: incoming[column]


def _keep(column: str) -> Rule:
    return lambda stored, incoming: stored.c[column]


_keep_if_ivs = _stored_if(_keeps_ivs)
_WILD_RULES: dict[str, Rule] = {
    **{c: _take(c) for c in ("spawnpoint_id", "latitude", "longitude", "weather_boosted_condition",
                             "last_modified", "fort_id", "cell_id", "disappear_time")},
    **{c: _keep_if_ivs(c) for c in DISPLAY_COLUMNS},
    "seen_type": lambda stored, incoming: case((_keeps_ivs(stored, incoming), stored.c.seen_type),
                                               else_=const("wild")),
    **{c: (lambda col: lambda stored, incoming: case((_rerolled(stored, incoming), None),
                                                      else_=stored.c[col]))(c) for c in IV_COLUMNS},
}

_is_nearby = lambda stored, incoming: _one_of(stored.c.seen_type, NEARBY_SEEN_TYPES)  # noqa: E731
_NEARBY_RULES: dict[str, Rule] = {
    c: (lambda col: lambda stored, incoming: case((_is_nearby(stored, incoming), incoming[col]),
                                                  else_=stored.c[col]))(c)
    for c in (*DISPLAY_COLUMNS, "weather_boosted_condition", "last_modified")
}

_has_ivs = lambda stored, incoming: _one_of(stored.c.seen_type, IV_SEEN_TYPES)  # noqa: E731
_LURE_RULES: dict[str, Rule] = {
    **{c: _take(c) for c in ("latitude", "longitude", "disappear_time", "fort_id", "last_modified")},
    **{c: _stored_if(_has_ivs)(c) for c in (*DISPLAY_COLUMNS, "weather_boosted_condition")},
}

_LURE_ENCOUNTER_RULES: dict[str, Rule] = {
    **{c: _take(c) for c in (*IV_COLUMNS, *DISPLAY_COLUMNS, "weather_boosted_condition", "last_modified",
                             "seen_type")},
    # A lure_wild row already knows the stop and the lure's end; a bare row keeps what it has.
    **{c: _keep(c) for c in ("latitude", "longitude", "fort_id", "disappear_time", "spawnpoint_id")},
}


def _estimated(rules: dict[str, Rule]) -> dict[str, Rule]:
    return {**rules, "disappear_time": _later_despawn}


# The wild rules read the stored seen_type and weather: assign those last (see WriteKind.assign_last).
_WILD_LAST = ("seen_type", "weather_boosted_condition")
WILD = WriteKind("pokemon.wild", "pokemon", ("encounter_id",), _WILD_RULES, assign_last=_WILD_LAST)
WILD_ESTIMATED = WriteKind("pokemon.wild_estimated", "pokemon", ("encounter_id",), _estimated(_WILD_RULES),
                           assign_last=_WILD_LAST)
NEARBY = WriteKind("pokemon.nearby", "pokemon", ("encounter_id",), _NEARBY_RULES)
LURE = WriteKind("pokemon.lure", "pokemon", ("encounter_id",), _LURE_RULES)
ENCOUNTER = WriteKind("pokemon.encounter", "pokemon", ("encounter_id",), None)
ENCOUNTER_ESTIMATED = WriteKind("pokemon.encounter_estimated", "pokemon", ("encounter_id",),
                                {**{c: _take(c) for c in (*IV_COLUMNS, *DISPLAY_COLUMNS, "weather_boosted_condition",
                                                          "last_modified", "seen_type", "spawnpoint_id",
                                                          "latitude", "longitude", "fort_id", "cell_id")},
                                 "disappear_time": _later_despawn})
LURE_ENCOUNTER = WriteKind("pokemon.lure_encounter", "pokemon", ("encounter_id",), _LURE_ENCOUNTER_RULES)
DISPLAY = WriteKind("pokemon_display", "pokemon_display", ("encounter_id",), {}, stage=2)

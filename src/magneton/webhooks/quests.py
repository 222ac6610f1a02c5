"""Quest webhooks in MAD's two flavours (`quest_webhook_flavor`): `default` (flat, PokeAlarm) and `poracle`
(RDM-style `rewards` and `conditions` lists plus the flat keys PoracleJS also reads).

Where Magneton differs from MAD, on purpose:
- `with_ar` is true for the AR quest (layer 0), as RDM and Poracle mean it; MAD sent bool(layer), which
  is true for the non-AR quest.
- A stop without a name (no fort details yet) is sent with name "unknown" instead of being skipped
  (MAD's quest builder crashed on it and dropped the quest).
- Names are sent as they are; MAD escaped quotes and newlines by hand before JSON-encoding them, so
  receivers showed the backslashes.
- Poracle rewards also carry `info` for XP (1) and XL candy (9) rewards, which MAD left empty."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from magneton.ingest.quest_text import quest_task

Message = dict[str, Any]
LAYER_AR = 0

REWARD_TYPES = {1: "Experience", 2: "Item", 3: "Stardust", 4: "Candy", 7: "Pokemon", 9: "XL Candy",
                12: "Energy"}
ITEMS = {1: "Poké Ball", 2: "Great Ball", 3: "Ultra Ball", 4: "Master Ball", 101: "Potion", 102: "Super Potion",
         103: "Hyper Potion", 104: "Max Potion", 201: "Revive", 202: "Max Revive", 301: "Lucky Egg",
         401: "Incense", 501: "Lure Module", 502: "Glacial Lure Module", 503: "Mossy Lure Module",
         504: "Magnetic Lure Module", 505: "Rainy Lure Module", 701: "Razz Berry", 703: "Nanab Berry",
         705: "Pinap Berry", 706: "Golden Razz Berry", 708: "Silver Pinap Berry", 709: "Poffin",
         1101: "Sun Stone", 1102: "King's Rock", 1103: "Metal Coat", 1104: "Dragon Scale", 1105: "Up-Grade",
         1106: "Sinnoh Stone", 1107: "Unova Stone", 1201: "Fast TM", 1202: "Charged TM", 1301: "Rare Candy",
         1302: "Rare Candy XL", 1404: "Star Piece", 1405: "Star Piece", 1501: "Rocket Radar",
         1502: "Super Rocket Radar"}
# Poracle's names for the keys inside a condition's with_* object.
CONDITION_KEYS = {"pokemon_type": "pokemon_type_ids", "raid_level": "raid_levels", "throw_type": "throw_type_id",
                  "item": "item_id", "distance_km": "distance", "category": "character_category_ids"}


def _reward(row: Mapping[str, Any]) -> tuple[str, int]:
    """(item_type text, item_amount) as MAD's quest generator shows them."""
    kind = row["quest_reward_type"]
    if kind == 2:
        item = row["quest_item_id"]
        return ITEMS.get(item, f"Item {item}"), row["quest_item_amount"]
    if kind in (1, 3):  # MAD keeps the XP amount in quest_stardust
        return REWARD_TYPES[kind], row["quest_stardust"]
    if kind == 7:
        return "Pokemon", 1
    if kind in (4, 9, 12):
        return REWARD_TYPES[kind], row["quest_item_amount"]
    return REWARD_TYPES.get(kind, f"Reward {kind}"), row["quest_item_amount"]


def _lowered(text: str | None) -> str:
    return (text or "[]").replace("'", '"').lower()


def default(row: Mapping[str, Any]) -> Message:
    """`row`: a trs_quest row plus the stop's name, image, latitude, longitude, is_ar_scan_eligible."""
    item_type, amount = _reward(row)
    return {
        "pokestop_id": row["GUID"], "latitude": row["latitude"], "longitude": row["longitude"],
        "quest_type": quest_task(row["quest_type"], row["quest_target"], []),
        "quest_type_raw": row["quest_type"], "item_type": item_type, "name": row["name"] or "unknown",
        "url": row["image"] or "", "timestamp": row["quest_timestamp"],
        "quest_reward_type": REWARD_TYPES.get(row["quest_reward_type"], item_type),
        "quest_reward_type_raw": row["quest_reward_type"],
        "quest_reward_raw": _lowered(row["quest_reward"]), "quest_condition": _lowered(row["quest_condition"]),
        "quest_target": row["quest_target"], "pokemon_id": int(row["quest_pokemon_id"] or 0),
        "pokemon_form": int(row["quest_pokemon_form_id"] or 0),
        "pokemon_costume": int(row["quest_pokemon_costume_id"] or 0),
        "item_amount": amount, "item_id": row["quest_item_id"], "quest_task": row["quest_task"] or "",
        "quest_template": row["quest_template"] or "", "is_ar_scan_eligible": bool(row["is_ar_scan_eligible"]),
        "quest_title": row["quest_title"] or "", "with_ar": row["layer"] == LAYER_AR,
    }


def rewards(row: Mapping[str, Any]) -> list[Message]:
    kind, amount = row["quest_reward_type"], _reward(row)[1]
    pokemon_id = int(row["quest_pokemon_id"] or 0)
    info: Message = {}
    if kind == 2:
        info = {"item_id": row["quest_item_id"], "amount": amount}
    elif kind in (1, 3):
        info = {"amount": amount}
    elif kind in (4, 9, 12):
        info = {"amount": amount, "pokemon_id": pokemon_id}
    elif kind == 7:
        form = int(row["quest_pokemon_form_id"] or 0)
        info = {"pokemon_id": pokemon_id, "form_id": form, "costume_id": int(row["quest_pokemon_costume_id"] or 0),
                "shiny": 0, "form": form}
    return [{"type": kind, "info": info}]


def conditions(stored: str | None) -> list[Message]:
    """The stored condition list with each `with_*` object moved to `info` under Poracle's key names."""
    try:
        items = json.loads((stored or "[]").replace("'", '"'))
    except json.JSONDecodeError:
        return []
    out = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        condition: Message = {k: v for k, v in item.items() if not k.startswith("with_")}
        for key, value in item.items():
            if key.startswith("with_") and isinstance(value, dict):
                condition.setdefault("info", {}).update({CONDITION_KEYS.get(k, k): v for k, v in value.items()})
        out.append(condition)
    return out


def poracle(row: Mapping[str, Any]) -> Message:
    message = default(row)
    del message["quest_title"]
    message.update(template=message["quest_template"], pokestop_name=message["name"], pokestop_url=message["url"],
                   type=row["quest_type"], target=row["quest_target"], updated=row["quest_timestamp"],
                   rewards=rewards(row), conditions=conditions(row["quest_condition"]))
    return message


FLAVOURS = {"default": default, "poracle": poracle}

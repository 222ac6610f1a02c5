"""Field research from fort searches (101): one quest per stop and layer, plus the visit and the account's
last softban-relevant action.

The layer follows MAD: an account holding an AR quest (type 46) receives the non-AR quest (layer 1),
otherwise the AR one (layer 0). Without `quests_held` the layer is unknown and the quest is not stored
(logged); the visit is still recorded. condition and rewards are stored as json.dumps text, as MAD does,
because front ends and webhooks parse that text."""

from __future__ import annotations

import json
from typing import Any

import msgspec

from magneton.ingest.quest_text import quest_task
from magneton.ingest.writer.kinds import Row, WriteKind

AR_QUEST_TYPE = 46
LAYER_AR, LAYER_NON_AR = 0, 1
REWARD_EXPERIENCE, REWARD_CANDY, REWARD_XL_CANDY, REWARD_MEGA_ENERGY = 1, 4, 9, 12


class Goal(msgspec.Struct):
    target: int = 0
    condition: list[Any] = []


class Quest(msgspec.Struct):
    quest_type: int
    goal: Goal = msgspec.field(default_factory=Goal)
    template_id: str = ""
    quest_rewards: list[dict[str, Any]] = []


class QuestDisplay(msgspec.Struct):
    title: str = ""


class ChallengeQuest(msgspec.Struct):
    quest: Quest
    quest_display: QuestDisplay = msgspec.field(default_factory=QuestDisplay)


class FortSearchOut(msgspec.Struct):
    """Type 101. result 1 = success, 2 = out of range (dropped at the receiver)."""

    result: int
    fort_id: str = ""
    challenge_quest: ChallengeQuest | None = None


def layer_of(quests_held: list[int] | None) -> int | None:
    if quests_held is None:
        return None
    return LAYER_NON_AR if AR_QUEST_TYPE in quests_held else LAYER_AR


def _number(mapping: Any, *path: str) -> int:
    for key in path:
        mapping = mapping.get(key) if isinstance(mapping, dict) else None
    return mapping if isinstance(mapping, int) else 0


def quest_row(out: FortSearchOut, layer: int, ts: int, with_titles: bool = True) -> Row | None:
    challenge = out.challenge_quest
    if challenge is None or not out.fort_id:
        return None
    quest = challenge.quest
    reward = quest.quest_rewards[0] if quest.quest_rewards else {}
    reward_type = _number(reward, "type")
    item_id, amount = _number(reward, "item", "item"), _number(reward, "item", "amount")
    pokemon_id = _number(reward, "pokemon_encounter", "pokemon_id")
    stardust = _number(reward, "stardust")
    source = {REWARD_CANDY: "candy", REWARD_XL_CANDY: "xl_candy", REWARD_MEGA_ENERGY: "mega_resource"}
    if reward_type in source:
        amount = _number(reward, source[reward_type], "amount")
        pokemon_id = _number(reward, source[reward_type], "pokemon_id")
    elif reward_type == REWARD_EXPERIENCE:
        stardust = _number(reward, "exp")  # where MAD keeps the XP amount
    title = challenge.quest_display.title if with_titles else ""
    return {
        "GUID": out.fort_id, "layer": layer, "quest_type": quest.quest_type, "quest_timestamp": ts,
        "quest_stardust": stardust, "quest_pokemon_id": pokemon_id,
        "quest_pokemon_form_id": _number(reward, "pokemon_encounter", "pokemon_display", "form_value"),
        "quest_pokemon_costume_id": _number(reward, "pokemon_encounter", "pokemon_display", "costume_value"),
        "quest_reward_type": reward_type, "quest_item_id": item_id, "quest_item_amount": amount,
        "quest_target": quest.goal.target, "quest_condition": json.dumps(quest.goal.condition),
        "quest_reward": json.dumps(quest.quest_rewards), "quest_template": quest.template_id[:100],
        "quest_task": quest_task(quest.quest_type, quest.goal.target, quest.goal.condition)[:150],
        "quest_title": title[:100] or None,
    }


QUEST = WriteKind("trs_quest", "trs_quest", ("GUID", "layer"))
VISITED = WriteKind("trs_visited", "trs_visited", ("pokestop_id", "username"), {})

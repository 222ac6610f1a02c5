"""English task text for a quest (trs_quest.quest_task), built from its type, target and conditions.

Written for this project; it covers the common quest types and falls back to a generic text."""

from __future__ import annotations

from typing import Any

POKEMON_TYPES = {1: "Normal", 2: "Fighting", 3: "Flying", 4: "Poison", 5: "Ground", 6: "Rock", 7: "Bug",
                 8: "Ghost", 9: "Steel", 10: "Fire", 11: "Water", 12: "Grass", 13: "Electric", 14: "Psychic",
                 15: "Ice", 16: "Dragon", 17: "Dark", 18: "Fairy"}
THROWS = {10: "Nice", 11: "Great", 12: "Excellent"}

# quest_type → (singular, plural); {n} is the target, {what} a condition phrase.
TEMPLATES: dict[int, tuple[str, str]] = {
    4: ("Catch a {what}Pokémon", "Catch {n} {what}Pokémon"),
    5: ("Spin a Pokéstop or Gym", "Spin {n} Pokéstops or Gyms"),
    6: ("Hatch an Egg", "Hatch {n} Eggs"),
    7: ("Battle in a Gym", "Battle in a Gym {n} times"),
    8: ("Battle in a Raid", "Battle in {n} Raids"),
    10: ("Transfer a Pokémon", "Transfer {n} Pokémon"),
    11: ("Favorite a Pokémon", "Favorite {n} Pokémon"),
    13: ("Use a Berry to help catch Pokémon", "Use {n} Berries to help catch Pokémon"),
    14: ("Make a {what}Throw", "Make {n} {what}Throws"),
    15: ("Evolve a Pokémon", "Evolve {n} Pokémon"),
    16: ("Make a {what}Throw", "Make {n} {what}Throws"),
    17: ("Walk your buddy to earn a Candy", "Walk your buddy to earn {n} Candy"),
    22: ("Make a new friend", "Make {n} new friends"),
    23: ("Trade a Pokémon", "Trade {n} Pokémon"),
    24: ("Send a Gift to a friend", "Send {n} Gifts to friends"),
    27: ("Battle another Trainer", "Battle other Trainers {n} times"),
    28: ("Take a snapshot of a wild Pokémon", "Take {n} snapshots of wild Pokémon"),
    29: ("Defeat a Team GO Rocket Grunt", "Defeat {n} Team GO Rocket Grunts"),
    36: ("Play with your buddy", "Play with your buddy {n} times"),
    43: ("Evolve a Pokémon", "Evolve {n} Pokémon"),
    44: ("Earn a heart with your buddy", "Earn {n} hearts with your buddy"),
    53: ("Use a Charged Attack", "Use {n} Charged Attacks"),
    55: ("Battle a Team Leader", "Battle Team Leaders {n} times"),
}


def _what(conditions: list[Any]) -> str:
    """A short adjective phrase from the conditions the text can show ("Grass-type ", "Great ")."""
    words: list[str] = []
    for condition in conditions:
        if not isinstance(condition, dict):
            continue
        types = (condition.get("with_pokemon_type") or {}).get("pokemon_type") or []
        if types:
            words.append(" or ".join(POKEMON_TYPES.get(t, str(t)) for t in types) + "-type")
        throw = (condition.get("with_throw_type") or {}).get("throw_type")
        if throw in THROWS:
            words.append(THROWS[throw])
        if condition.get("type") == 15:  # a curveball
            words.append("Curveball")
    return " ".join(words) + " " if words else ""


def quest_task(quest_type: int, target: int, conditions: list[Any]) -> str:
    singular, plural = TEMPLATES.get(quest_type, ("Complete a task", "Complete {n} tasks"))
    template = singular if target == 1 else plural
    return " ".join(template.format(n=target, what=_what(conditions)).split())

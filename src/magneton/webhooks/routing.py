"""`webhook_url`: the targets and what each one receives, in MAD's `[type …]url` syntax.

    webhook_url: http://a/hook, [raid gym]http://b/hook, [pokemon wild]http://c/hook

Several URLs are comma separated. A URL without a `[…]` prefix receives everything. Inside the brackets,
tokens are separated by spaces (MAD's form; `|` is accepted too) and are message types (pokemon raid
weather quest gym pokestop) or mon seen-types (wild encounter nearby_stop nearby_cell lure_wild
lure_encounter). `pokemon` stands for encounter mons (MAD appends `encounter` to such a filter).

Where MAD differs: a filtered URL gets the mons of its own seen-types only, whatever the other URLs ask
for (in MAD, `[pokemon]` received every seen-type as soon as any other URL was unfiltered), tokens match
exactly (MAD matched substrings), and an unknown token stops start-up with one line naming it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from magneton.config import ConfigError

MESSAGE_TYPES = ("pokemon", "raid", "weather", "quest", "gym", "pokestop")
SEEN_TYPES = ("wild", "encounter", "nearby_stop", "nearby_cell", "lure_wild", "lure_encounter")


@dataclass(frozen=True)
class Target:
    """One webhook URL and the messages it receives."""

    url: str
    types: frozenset[str]  # message types other than pokemon
    seen_types: frozenset[str]  # the mons it receives, by seen_type

    def wants(self, message_type: str, seen_type: str | None = None) -> bool:
        if message_type == "pokemon":
            return seen_type in self.seen_types
        return message_type in self.types


def _split_urls(text: str) -> list[str]:
    """Split on commas outside brackets."""
    parts, depth, current = [], 0, []
    for char in text:
        if char == "[":
            depth += 1
        elif char == "]":
            depth = max(0, depth - 1)
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def parse_targets(webhook_url: str) -> list[Target]:
    """The targets of a `webhook_url` value; ConfigError names the first bad part."""
    targets = []
    for part in _split_urls(webhook_url):
        match = re.fullmatch(r"\[([^\]]*)\]\s*(\S+)", part)
        if part.startswith("[") and match is None:
            raise ConfigError(f"configuration error: webhook_url: cannot read {part!r}; expected [types]url")
        url = match.group(2) if match else part
        if not re.match(r"https?://", url):
            raise ConfigError(f"configuration error: webhook_url: {url!r} is not an http:// or https:// URL")
        if match is None:
            targets.append(Target(url, frozenset(MESSAGE_TYPES) - {"pokemon"}, frozenset(SEEN_TYPES)))
            continue
        tokens = [t for t in re.split(r"[\s|]+", match.group(1)) if t]
        unknown = [t for t in tokens if t not in MESSAGE_TYPES and t not in SEEN_TYPES]
        if unknown:
            raise ConfigError(f"configuration error: webhook_url: unknown type {unknown[0]!r} in {part!r}; "
                              f"valid: {' '.join(MESSAGE_TYPES + SEEN_TYPES)}")
        seen = {t for t in tokens if t in SEEN_TYPES} | ({"encounter"} if "pokemon" in tokens else set())
        targets.append(Target(url, frozenset(t for t in tokens if t in MESSAGE_TYPES and t != "pokemon"),
                              frozenset(seen)))
    return targets


def wanted_types(targets: list[Target]) -> tuple[frozenset[str], frozenset[str]]:
    """(message types, mon seen-types) that at least one target receives: what the feed must read."""
    types = frozenset().union(*(t.types for t in targets)) if targets else frozenset()
    seen = frozenset().union(*(t.seen_types for t in targets)) if targets else frozenset()
    return types, seen

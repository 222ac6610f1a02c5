"""The account's player stats from the inventory (4): the level gates IV data (≥ 30, as in MAD)."""

from __future__ import annotations

import msgspec

from magneton.ingest.writer.kinds import WriteKind, take

IV_MIN_LEVEL = 30


class PlayerStats(msgspec.Struct):
    level: int = 0
    poke_stop_visits: int = 0


class InventoryItemData(msgspec.Struct):
    player_stats: PlayerStats | None = None


class InventoryItem(msgspec.Struct):
    inventory_item_data: InventoryItemData = msgspec.field(default_factory=InventoryItemData)


class InventoryDelta(msgspec.Struct):
    inventory_items: list[InventoryItem] = []


class InventoryOut(msgspec.Struct):
    """Type 4."""

    inventory_delta: InventoryDelta = msgspec.field(default_factory=InventoryDelta)


def player_stats(out: InventoryOut) -> PlayerStats | None:
    """The first item with a level (an inventory delta may carry none)."""
    for item in out.inventory_delta.inventory_items:
        stats = item.inventory_item_data.player_stats
        if stats is not None and stats.level > 0:
            return stats
    return None


# settings_pogoauth rows of the account assigned to a device.
ACCOUNT_LEVEL = WriteKind("settings_pogoauth.level", "settings_pogoauth", ("device_id",),
                          {"level": take("level")}, stage=3, mode="update")
ACCOUNT_SOFTBAN = WriteKind("settings_pogoauth.softban", "settings_pogoauth", ("device_id",),
                            {"last_softban_action": take("last_softban_action"),
                             "last_softban_action_location": take("last_softban_action_location")},
                            stage=3, mode="update")

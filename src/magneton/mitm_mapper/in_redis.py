"""The MitmMapper in the shared Redis (MAD's `redis` type): every receiver and the core see one state.

Unlike MAD's: keys are namespaced per instance (`mitm:<status-name>:…`), so instances can share a Redis
database; every key has a TTL, so stale injection flags and levels do not survive forever; and an update is
one Lua script (compare and set in one step), so the stale-update rule holds when several receivers write
the same device at once. Latest data travels as JSON: `request_latest(...).data` is the JSON-decoded payload
(64-bit integers exact)."""

from __future__ import annotations

import logging
from typing import Any

import msgspec
from redis.asyncio import Redis

from magneton.mitm_mapper.interface import LatestEntry, Location
from magneton.mitm_mapper.memory import GMO_KEY

log = logging.getLogger(__name__)

LATEST_TTL = 3600       # s: latest data older than this is of no use to a worker
STATE_TTL = 7 * 86400   # s: level, stop visits, injection, location, quests of a device not heard of for a week

# KEYS: latest, injected, location, cells, moved
# ARGV: ts_received, ts_retrieval, lat, lng, data, is_gmo, latest_ttl, state_ttl, cell ids...
_UPDATE = """
local stored = redis.call('HMGET', KEYS[1], 'r', 't')
local r, t = tonumber(stored[1]), tonumber(stored[2])
local new_t = tonumber(ARGV[2])
if r and r ~= 0 and (new_t == 0 or t > new_t) then
  return 0
end
redis.call('HSET', KEYS[1], 'r', ARGV[1], 't', ARGV[2], 'lat', ARGV[3], 'lng', ARGV[4], 'd', ARGV[5])
redis.call('EXPIRE', KEYS[1], ARGV[7])
if ARGV[6] == '1' then
  redis.call('SET', KEYS[2], '1', 'EX', ARGV[8])
  redis.call('SET', KEYS[3], ARGV[3] .. ',' .. ARGV[4], 'EX', ARGV[8])
  if #ARGV > 8 then
    for i = 9, #ARGV do
      if redis.call('SISMEMBER', KEYS[4], ARGV[i]) == 1 then
        return 1
      end
    end
    redis.call('DEL', KEYS[4])
    redis.call('SADD', KEYS[4], unpack(ARGV, 9))
    redis.call('EXPIRE', KEYS[4], ARGV[8])
    redis.call('SET', KEYS[5], ARGV[1], 'EX', ARGV[8])
  end
end
return 1
"""

_json = msgspec.json.Encoder()


class RedisMitmMapper:
    name = "mitm mapper (Redis)"

    def __init__(self, client: Redis, instance: str, latest_ttl: int = LATEST_TTL,
                 state_ttl: int = STATE_TTL) -> None:
        self.redis, self.prefix = client, f"mitm:{instance}:"
        self.latest_ttl, self.state_ttl = latest_ttl, state_ttl
        self._update = client.register_script(_UPDATE)

    async def start(self) -> None:
        log.info("MitmMapper state in Redis under %s*", self.prefix)

    async def stop(self) -> None:
        pass

    def _key(self, kind: str, origin: str, key: str | None = None) -> str:
        return f"{self.prefix}{kind}:{origin}" + (f":{key}" if key is not None else "")

    async def update_latest(self, origin: str, key: str, value: Any, timestamp_received_raw: int,
                            timestamp_received_receiver: int, location: Location,
                            cell_ids: list[int] | None = None) -> None:
        keys = [self._key("latest_data", origin, key), self._key("is_injected", origin),
                self._key("last_known_location", origin), self._key("last_cell_ids", origin),
                self._key("last_possibly_moved", origin)]
        args = [timestamp_received_raw or 0, timestamp_received_receiver or 0, repr(location.lat),
                repr(location.lng), _json.encode(value), int(key == GMO_KEY), self.latest_ttl, self.state_ttl,
                *(cell_ids or ())]
        await self._update(keys=keys, args=args)

    async def request_latest(self, origin: str, key: str,
                             timestamp_earliest: int | None = None) -> LatestEntry | None:
        stored = await self.redis.hgetall(self._key("latest_data", origin, key))
        if not stored:
            return None
        retrieval = int(stored[b"t"])
        if timestamp_earliest is not None and timestamp_earliest >= retrieval:
            return None
        return LatestEntry(Location(float(stored[b"lat"]), float(stored[b"lng"])), int(stored[b"r"]), retrieval,
                           msgspec.json.decode(stored[b"d"]))

    async def get_last_possibly_moved(self, origin: str) -> int:
        return int(await self.redis.get(self._key("last_possibly_moved", origin)) or 0)

    async def get_last_known_location(self, origin: str) -> Location | None:
        stored = await self.redis.get(self._key("last_known_location", origin))
        if stored is None:
            return None
        lat, lng = stored.split(b",")
        return Location(float(lat), float(lng))

    async def _set(self, kind: str, origin: str, value: Any) -> None:
        await self.redis.set(self._key(kind, origin), value, ex=self.state_ttl)

    async def get_level(self, origin: str) -> int:
        return int(await self.redis.get(self._key("level", origin)) or 0)

    async def set_level(self, origin: str, level: int) -> None:
        await self._set("level", origin, level)

    async def get_poke_stop_visits(self, origin: str) -> int:
        return int(await self.redis.get(self._key("pokestops_visited", origin)) or 0)

    async def set_pokestop_visits(self, origin: str, visits: int) -> None:
        await self._set("pokestops_visited", origin, visits)

    async def get_injection_status(self, origin: str) -> bool:
        return await self.redis.get(self._key("is_injected", origin)) == b"1"

    async def set_injection_status(self, origin: str, status: bool) -> None:
        await self._set("is_injected", origin, int(status))

    async def get_quests_held(self, origin: str) -> list[int] | None:
        stored = await self.redis.get(self._key("quests_held", origin))
        return msgspec.json.decode(stored) if stored is not None else None

    async def set_quests_held(self, origin: str, quests_held: list[int] | None) -> None:
        await self._set("quests_held", origin, _json.encode(quests_held))

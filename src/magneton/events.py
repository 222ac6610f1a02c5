"""The current game event (trs_event), as ingest needs it: its id tags new spawnpoints and its lure duration
sets lure_expiration.

MAD's event checker reads trs_event once a minute: the newest started event whose window holds now. With
`no_event_checker` MAD never reads it, so the default event (id 1, 30-minute lures) holds throughout."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from magneton.db.models import TrsEvent

log = logging.getLogger(__name__)

DEFAULT_EVENT_ID = 1
DEFAULT_LURE_MINUTES = 30


@dataclass(frozen=True)
class Event:
    id: int
    lure_minutes: int


DEFAULT_EVENT = Event(DEFAULT_EVENT_ID, DEFAULT_LURE_MINUTES)


class EventClock:
    """The current event, read from the database at most once per `refresh` seconds (never if disabled)."""

    def __init__(self, engine: AsyncEngine, *, enabled: bool = True, refresh: float = 60.0) -> None:
        self.engine, self.enabled, self.refresh = engine, enabled, refresh
        self._event, self._until = DEFAULT_EVENT, 0.0

    async def current(self) -> Event:
        if self.enabled and time.monotonic() >= self._until:
            now = datetime.now(UTC)
            query = (select(TrsEvent.id, TrsEvent.event_name, TrsEvent.event_lure_duration)
                     .where(TrsEvent.event_start <= now, TrsEvent.event_end >= now)
                     .order_by(TrsEvent.event_start.desc()))
            async with self.engine.connect() as conn:
                rows = (await conn.execute(query)).all()
            event_id = rows[0].id if rows else DEFAULT_EVENT_ID
            special = [r for r in rows if r.event_name != "DEFAULT"]
            lure = special[0].event_lure_duration if special else DEFAULT_LURE_MINUTES
            event = Event(event_id, lure)
            if event != self._event:
                log.info("current event: id %d, lures last %d min", event.id, event.lure_minutes)
            self._event, self._until = event, time.monotonic() + self.refresh
        return self._event

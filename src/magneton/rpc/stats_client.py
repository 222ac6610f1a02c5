"""The StatsSink Protocol over gRPC: what receivers and the core count reaches the StatsHandler process.

Records are buffered and sent in batches (StatsCollectBatch) every half second, so counting never waits for
the network. While the StatsHandler is unreachable the records stay buffered (up to MAX_PENDING; beyond that
the oldest are dropped and counted in the log) and go out when it is back; stop() sends what is left."""

from __future__ import annotations

import asyncio
import logging

from grpc import aio

from magneton.config import Config
from magneton.rpc.generated import shared_pb2
from magneton.rpc.generated import stats_handler_pb2 as pb
from magneton.rpc.generated import stats_handler_pb2_grpc as pb_grpc
from magneton.rpc.transport import DEADLINE, UNREACHABLE, Endpoint, PeerHealth, make_channel
from magneton.stats import SEEN_TYPES, LocationRecord

log = logging.getLogger(__name__)

BATCH = 2000
INTERVAL = 0.5
MAX_PENDING = 200_000


class GrpcStatsSink:
    name = "StatsHandler gRPC client"

    def __init__(self, cfg: Config, interval: float = INTERVAL, deadline: float = DEADLINE) -> None:
        self.endpoint = Endpoint.of(cfg, "statshandler")
        self.interval, self.deadline = interval, deadline
        self.health = PeerHealth(self.endpoint, log)
        self.pending: list[pb.Stats] = []
        self.dropped = 0
        self._wake = asyncio.Event()
        self._stopping = False
        self._channel: aio.Channel | None = None
        self._stub: pb_grpc.StatsHandlerStub | None = None
        self._task: asyncio.Task | None = None

    async def start(self) -> None:
        self._channel = make_channel(self.endpoint)
        self._stub = pb_grpc.StatsHandlerStub(self._channel)
        self._task = asyncio.create_task(self._loop(), name="stats-client-send")
        log.info("StatsHandler at %s", self.endpoint.address)

    async def stop(self) -> None:
        self._stopping = True
        self._wake.set()
        if self._task is not None:
            await self._task
            self._task = None
        if self.pending:
            log.error("%d stats record(s) not delivered: StatsHandler at %s unreachable at shutdown",
                      len(self.pending), self.endpoint.address)
        if self._channel is not None:
            await self._channel.close()

    async def flush(self) -> bool:
        """Send everything pending now; False when the StatsHandler could not be reached."""
        while self.pending:
            batch = self.pending[:BATCH]
            try:
                await self._stub.StatsCollectBatch(pb.StatsBatch(stats=batch), timeout=self.deadline)
            except aio.AioRpcError as exc:
                if exc.code() in UNREACHABLE:
                    self.health.failed(exc)
                    return False
                log.error("StatsHandler refused %d record(s): %s: %s", len(batch), exc.code().name, exc.details())
            self.health.ok()
            del self.pending[:len(batch)]
        return True

    async def _loop(self) -> None:
        while True:
            try:
                await asyncio.wait_for(self._wake.wait(), self.interval)
            except TimeoutError:
                pass
            self._wake.clear()
            delivered = await self.flush()
            if self._stopping and (delivered or not await self._last_try()):
                return

    async def _last_try(self) -> bool:
        """At shutdown, wait a little for a StatsHandler that is restarting; True if that delivered all."""
        for _ in range(int(self.deadline / self.interval)):
            await asyncio.sleep(self.interval)
            if await self.flush():
                return True
        return False

    def _add(self, stats: pb.Stats) -> None:
        self.pending.append(stats)
        if len(self.pending) > MAX_PENDING:
            excess = len(self.pending) - MAX_PENDING
            del self.pending[:excess]
            self.dropped += excess
            if self.dropped % 10_000 < excess:
                log.error("StatsHandler unreachable: %d stats record(s) dropped so far (buffer of %d is full)",
                          self.dropped, MAX_PENDING)
        if len(self.pending) >= BATCH:
            self._wake.set()

    @staticmethod
    def _stats(worker: str | None, ts: int, **data) -> pb.Stats:
        return pb.Stats(worker=shared_pb2.Worker(name=worker) if worker is not None else None, timestamp=ts, **data)

    async def stats_collect_wild_mon(self, worker: str, encounter_ids: list[int], time: int) -> None:
        self._add(self._stats(worker, time, wild_mons=pb.StatsWildMon(encounter_ids=encounter_ids)))

    async def stats_collect_mon_iv(self, worker: str, encounter_id: int, time: int, is_shiny: bool) -> None:
        self._add(self._stats(worker, time, mon_iv=pb.StatsMonIv(encounter_id=encounter_id, is_shiny=is_shiny)))

    async def stats_collect_quest(self, worker: str, time: int) -> None:
        self._add(self._stats(worker, time, quest=pb.StatsQuest()))

    async def stats_collect_raid(self, worker: str, time: int, amount: int) -> None:
        self._add(self._stats(worker, time, raid=pb.StatsRaid(amount=amount)))

    async def stats_collect_location_data(self, record: LocationRecord) -> None:
        self._add(self._stats(record.worker, record.period, location_data=pb.StatsLocationData(
            location=shared_pb2.Location(latitude=record.lat, longitude=record.lng), success=record.success,
            fix_timestamp=record.fix_ts, data_timestamp=record.data_ts, position_type=record.position_type,
            walker=record.walker, transport_type=record.transport_type)))

    async def stats_collect_seen_type(self, encounter_ids: list[int], seen_type: str, time: int) -> None:
        if seen_type not in SEEN_TYPES:
            raise ValueError(f"unknown seen type {seen_type!r}")
        self._add(self._stats(None, time, seen_type=pb.StatsSeenType(
            encounter_ids=encounter_ids, type_of_detection=SEEN_TYPES.index(seen_type))))

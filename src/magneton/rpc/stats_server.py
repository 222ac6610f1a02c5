"""Serves an in-process StatsHandler over gRPC (mapadroid.stats_handler.StatsHandler)."""

from __future__ import annotations

import logging

from magneton.rpc.generated import shared_pb2
from magneton.rpc.generated import stats_handler_pb2 as pb
from magneton.rpc.generated import stats_handler_pb2_grpc as pb_grpc
from magneton.stats import SEEN_TYPES, LocationRecord, StatsSink

log = logging.getLogger(__name__)

ACK = shared_pb2.Ack()


async def dispatch(sink: StatsSink, stats: pb.Stats) -> None:
    """Hand one record to the sink's matching method (MAD's server did the same by oneof)."""
    worker, ts = stats.worker.name, stats.timestamp
    kind = stats.WhichOneof("data_to_collect")
    if kind == "wild_mons":
        await sink.stats_collect_wild_mon(worker, list(stats.wild_mons.encounter_ids), ts)
    elif kind == "mon_iv":
        await sink.stats_collect_mon_iv(worker, stats.mon_iv.encounter_id, ts, stats.mon_iv.is_shiny)
    elif kind == "quest":
        await sink.stats_collect_quest(worker, ts)
    elif kind == "raid":
        await sink.stats_collect_raid(worker, ts, stats.raid.amount)
    elif kind == "location_data":
        d = stats.location_data
        await sink.stats_collect_location_data(LocationRecord(
            worker, d.location.latitude, d.location.longitude, d.success, d.fix_timestamp, d.data_timestamp,
            d.position_type, d.walker, d.transport_type, ts))
    elif kind == "seen_type":
        await sink.stats_collect_seen_type(list(stats.seen_type.encounter_ids),
                                           SEEN_TYPES[stats.seen_type.type_of_detection], ts)
    else:
        raise ValueError("Stats without data_to_collect")


class StatsHandlerServicer(pb_grpc.StatsHandlerServicer):
    def __init__(self, sink: StatsSink) -> None:
        self.sink = sink

    async def StatsCollect(self, request: pb.Stats, context) -> shared_pb2.Ack:
        await self._collect(request, context)
        return ACK

    async def StatsCollectBatch(self, request: pb.StatsBatch, context) -> shared_pb2.Ack:
        for stats in request.stats:
            await self._collect(stats, context)
        return ACK

    async def _collect(self, stats: pb.Stats, context) -> None:
        try:
            await dispatch(self.sink, stats)
        except (ValueError, IndexError) as exc:  # one bad record must not refuse the batch it came in
            log.warning("stats record from %r ignored: %s", stats.worker.name, exc)


def register(sink: StatsSink):
    servicer = StatsHandlerServicer(sink)
    return lambda server: pb_grpc.add_StatsHandlerServicer_to_server(servicer, server)

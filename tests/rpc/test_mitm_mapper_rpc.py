"""Every MitmMapper RPC through a real server and client: values exact at 64-bit extremes."""

from __future__ import annotations

import asyncio
import dataclasses
import logging

import msgspec
import pytest

from magneton.mitm_mapper import LatestEntry, Location, MemoryMitmMapper
from magneton.rpc import mitm_mapper_server
from magneton.rpc.mitm_mapper_client import GrpcMitmMapper
from tests.rpc.conftest import I64_MAX, U64_MAX, rpc_cfg, self_signed, server


class Cell(msgspec.Struct):
    id: int
    forts: list[dict]


class Gmo(msgspec.Struct):
    cells: list[Cell]


async def pair(started, cfg=None, **overrides):
    cfg = cfg or rpc_cfg(**overrides)
    memory = MemoryMitmMapper()
    await started(server(cfg, "mitmmapper", mitm_mapper_server.register(memory)))
    return memory, await started(GrpcMitmMapper(cfg))


@pytest.mark.parametrize("compression", [None, True])
async def test_latest_data_round_trip_keeps_64_bit_numbers(started, compression):
    memory, client = await pair(started, mitmmapper_compression=compression)
    gmo = Gmo([Cell(U64_MAX, [{"id": "fort", "encounter": I64_MAX, "zero": 0, "neg": -(2**63), "f": 0.1}])])
    await client.update_latest("dev01", "106", gmo, U64_MAX - 1, U64_MAX - 1, Location(52.5, 13.4),
                               [0, I64_MAX, U64_MAX])
    entry = await client.request_latest("dev01", "106")
    assert entry == LatestEntry(Location(52.5, 13.4), U64_MAX - 1, U64_MAX - 1, msgspec.to_builtins(gmo))
    assert entry.data["cells"][0]["id"] == U64_MAX  # an int, not a double
    assert await client.request_latest("dev01", "106", U64_MAX - 1) is None  # strictly newer only
    assert (await client.request_latest("dev01", "106", 0)).timestamp_of_data_retrieval == U64_MAX - 1
    assert await client.request_latest("dev01", "102") is None
    assert await client.request_latest("nobody", "106") is None
    # the server holds what the in-process mapper would: injected, location, moved
    assert await client.get_injection_status("dev01") is True
    assert await client.get_last_known_location("dev01") == Location(52.5, 13.4)
    assert await client.get_last_possibly_moved("dev01") == U64_MAX - 1
    assert (await memory.request_latest("dev01", "106")).data["cells"][0]["id"] == U64_MAX


async def test_stale_rule_and_none_values(started):
    _, client = await pair(started)
    await client.update_latest("dev01", "ids_iv", [U64_MAX, 0], 100, 200, Location(0.0, 0.0))
    await client.update_latest("dev01", "ids_iv", [1], 101, 150, Location(0.0, 0.0))  # retrieved earlier: ignored
    assert (await client.request_latest("dev01", "ids_iv")).data == [U64_MAX, 0]
    await client.update_latest("dev01", "ids_iv", None, 102, 201, Location(0.0, 0.0))
    entry = await client.request_latest("dev01", "ids_iv")
    assert entry.data is None and entry.timestamp_of_data_retrieval == 201


async def test_player_state_rpcs(started):
    _, client = await pair(started)
    assert await client.get_level("dev01") == 0
    assert await client.get_poke_stop_visits("dev01") == 0
    assert await client.get_quests_held("dev01") is None
    assert await client.get_last_known_location("dev01") is None
    assert await client.get_last_possibly_moved("dev01") == 0
    await client.set_level("dev01", 2**31 - 1)
    await client.set_pokestop_visits("dev01", U64_MAX)
    await client.set_injection_status("dev01", True)
    await client.set_quests_held("dev01", [0, 2**31 - 1, -(2**31)])
    assert await client.get_level("dev01") == 2**31 - 1
    assert await client.get_poke_stop_visits("dev01") == U64_MAX
    assert await client.get_injection_status("dev01") is True
    assert await client.get_quests_held("dev01") == [0, 2**31 - 1, -(2**31)]
    await client.set_quests_held("dev01", [])
    assert await client.get_quests_held("dev01") == []  # empty, not unknown
    await client.set_quests_held("dev01", None)
    assert await client.get_quests_held("dev01") is None
    await client.set_injection_status("dev01", False)
    assert await client.get_injection_status("dev01") is False


async def test_tls(started, tmp_path):
    cert, key = self_signed(tmp_path)
    cfg = rpc_cfg(mitmmapper_tls_cert_file=cert, mitmmapper_tls_private_key_file=key, mitmmapper_compression=True)
    _, client = await pair(started, cfg)
    await client.set_level("dev01", 30)
    assert await client.get_level("dev01") == 30
    assert not client.health.down

    plain = await started(GrpcMitmMapper(dataclasses.replace(cfg, mitmmapper_tls_cert_file=None), deadline=2))
    assert await plain.get_injection_status("dev01") is False  # a plaintext client gets nowhere
    assert plain.health.down


async def test_reconnects_after_the_server_restarts_and_logs_the_outage_once(started, caplog):
    cfg = rpc_cfg()
    memory = MemoryMitmMapper()
    first = server(cfg, "mitmmapper", mitm_mapper_server.register(memory))
    await first.start()
    client = await started(GrpcMitmMapper(cfg, deadline=2))
    await client.set_level("dev01", 31)
    await first.stop()

    caplog.set_level(logging.WARNING, "magneton.rpc.mitm_mapper_client")
    for _ in range(5):
        assert await client.get_level("dev01") == 31  # the last level this process saw
        await client.update_latest("dev01", "106", {}, 1, 1, Location(0.0, 0.0))  # not delivered, not raised
    assert client.health.down
    assert len([r for r in caplog.records if "unreachable" in r.message]) == 1

    memory2 = MemoryMitmMapper()
    await started(server(cfg, "mitmmapper", mitm_mapper_server.register(memory2)))
    for _ in range(100):  # the channel reconnects on its own backoff (at most 3 s)
        await client.set_level("dev01", 32)
        if not client.health.down:
            break
        await asyncio.sleep(0.1)
    assert await memory2.get_level("dev01") == 32
    assert len([r for r in caplog.records if "reachable again" in r.message]) == 1

"""End to end: the all-in-one role with simulated devices (RGC + PogoDroid) per scan mode."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

import pytest

from magneton.db.models import Gym, Pokemon, Pokestop, Raid, TrsQuest, TrsSpawn, TrsStatus, Weather
from magneton.sim.device import SimConfig, SimDevice
from magneton.sim.setup import configure_fleet, seed_known_world
from magneton.sim.world import World
from magneton.workers import Timing
from tests.ingest.conftest import Stack

USER, PASSWORD = "simuser", "simpass"
FAST = Timing(injection_poll=0.3, reconnect_pause=0.3, idle_sleep=0.5, softban_cooldown=False)


async def until(check: Callable[[], Awaitable[bool]], seconds: float = 60.0, what: str = "condition") -> None:
    for _ in range(int(seconds / 0.2)):
        if await check():
            return
        await asyncio.sleep(0.2)
    raise AssertionError(f"{what} not reached within {seconds} s")


@contextlib.asynccontextmanager
async def fleet(stack: Stack, world: World, origins: list[str], user: str = USER, password: str = PASSWORD,
                **device_options):
    cfg = SimConfig(f"ws://127.0.0.1:{stack.cfg.ws_port}", stack.url, user, password, gmo_interval=0.3,
                    reboot_seconds=0.5, reconnect_seconds=0.3)
    devices = [SimDevice(origin, world, cfg, lat=world.lat, lng=world.lng, **device_options) for origin in origins]
    tasks = [asyncio.create_task(device.run()) for device in devices]
    try:
        yield devices
    finally:
        for device in devices:
            device.stop()
        await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), 30)


async def start(make_stack, mode: str, origins: list[str], world: World, known: bool = True, area=None,
                device=None, **cfg) -> Stack:
    async def setup(engine, instance_id):
        await configure_fleet(engine, instance_id, world, mode, origins, USER, PASSWORD, area=area, device=device)
        if known:
            await seed_known_world(engine, world)
    return await make_stack(setup=setup, timing=FAST, wait_for_data_sleep_duration=0.2, **cfg)


@pytest.mark.parametrize("devices", [2])
async def test_mon_mitm_fleet_scans_mons_ivs_and_weather(make_stack, devices):
    world = World(seed=7, lat=52.52, lng=13.40, radius_m=350)
    origins = [f"sim{i:02d}" for i in range(1, devices + 1)]
    stack = await start(make_stack, "mon_mitm", origins, world)
    async with fleet(stack, world, origins) as sims:
        async def mons_with_ivs() -> bool:
            await stack.drain()
            return await stack.count(Pokemon, Pokemon.individual_attack.is_not(None)) >= 3
        await until(mons_with_ivs, what="encountered mons")
        await stack.drain()
        assert await stack.count(Pokemon, Pokemon.seen_type == "wild") > 0
        assert await stack.count(Weather) >= 1

        async def every_device_placed() -> bool:
            statuses = await stack.rows(TrsStatus)
            return len(statuses) == devices and all(
                s["currentPos"] is not None and s["area_id"] is not None and s["lastProtoDateTime"] is not None
                and s["routeMax"] and 1 <= s["routePos"] <= s["routeMax"] for s in statuses)
        await until(every_device_placed, what="trs_status of every device")
        assert all(any(c.startswith("geo fix") for c in sim.received) for sim in sims)


async def test_raids_fleet_scans_gyms_and_raids(make_stack):
    world = World(seed=8, lat=52.52, lng=13.40, radius_m=350)
    stack = await start(make_stack, "raids_mitm", ["raid01"], world)
    async with fleet(stack, world, ["raid01"]):
        async def raids() -> bool:
            await stack.drain()
            return await stack.count(Raid) >= 1 and await stack.count(Gym, Gym.team_id > 0) >= 1
        await until(raids, what="raids and scanned gyms")


@pytest.mark.parametrize("layer", [0, 1])
async def test_quest_fleet_fills_its_layer(make_stack, layer):
    world = World(seed=9, lat=52.52, lng=13.40, radius_m=300)
    stack = await start(make_stack, "pokestops", ["quest01"], world, area={"layer": layer})
    async with fleet(stack, world, ["quest01"]):
        async def quests() -> bool:
            await stack.drain()
            return await stack.count(TrsQuest) >= 2
        await until(quests, what="quests")
    assert {q["layer"] for q in await stack.rows(TrsQuest)} == {layer}


async def test_init_fleet_learns_spawnpoints_and_stops_from_nothing(make_stack):
    world = World(seed=10, lat=52.52, lng=13.40, radius_m=250)
    stack = await start(make_stack, "init", ["init01"], world, known=False)
    async with fleet(stack, world, ["init01"]):
        async def learned() -> bool:
            await stack.drain()
            return await stack.count(TrsSpawn) >= 10 and await stack.count(Pokestop) >= 3
        await until(learned, what="spawnpoints and stops")


@pytest.mark.parametrize("fault", ["stall", "ko"])
async def test_a_failing_device_is_restarted_then_rebooted(make_stack, fault):
    world = World(seed=11, lat=52.52, lng=13.40, radius_m=300)
    stack = await start(make_stack, "mon_mitm", ["bad01"], world,
                        device={"mitm_wait_timeout": 0.6, "restart_thresh": 1, "reboot_thresh": 1})
    async with fleet(stack, world, ["bad01"], fault=fault) as [sim]:
        async def rebooted() -> bool:
            return "more reboot now" in sim.received
        await until(rebooted, what="a reboot")
    commands = sim.received
    first_reboot = commands.index("more reboot now")
    assert any(c.startswith("more stop") for c in commands[:first_reboot]), "restarted before the reboot"
    if fault == "stall":  # with KO answers the stop already fails, so the restart goes no further
        assert any(c.startswith("more cache") for c in commands[:first_reboot])
    [status] = await stack.rows(TrsStatus)
    assert status["globalrebootcount"] >= 1 and status["lastPogoReboot"] is not None
    assert status["globalrestartcount"] >= 1


async def test_a_reconnected_device_resumes_where_it_was(make_stack):
    world = World(seed=12, lat=52.52, lng=13.40, radius_m=400)
    stack = await start(make_stack, "mon_mitm", ["hop01"], world)

    def teleports(commands: list[str]) -> list[tuple[float, float]]:
        return [(float(c.split()[2]), float(c.split()[3])) for c in commands if c.startswith("geo fix")]

    async with fleet(stack, world, ["hop01"]) as [sim]:
        async def moves(n: int) -> bool:
            return len(teleports(sim.received)) >= n
        await until(lambda: moves(5), what="five locations")
        before = teleports(sim.received)[-1]
        count = len(sim.received)
        await sim._socket.close()  # the phone's connection drops
        await until(lambda: moves(len(teleports(sim.received[:count])) + 1), what="a move after reconnecting")
        after = teleports(sim.received[count:])[0]
    [manager] = stack.rt.routes.managers().values()
    stops = [(round(s.lat, 5), round(s.lng, 5)) for s in manager.route.stops]
    i = stops.index((round(before[0], 5), round(before[1], 5)))
    j = stops.index((round(after[0], 5), round(after[1], 5)))
    assert (j - i) % len(stops) in (0, 1, 2), f"resumed at stop {j} after stop {i} of {len(stops)}"


async def test_iv_fleet_encounters_what_lacks_ivs(make_stack):
    """iv_mitm scans no route: it visits the mons already seen without IVs and encounters them."""
    import time
    from datetime import UTC, datetime

    from magneton.db.upsert import upsert

    world = World(seed=13, lat=52.52, lng=13.40, radius_m=300)
    now = int(time.time())

    async def seed_sightings(engine, instance_id):
        await configure_fleet(engine, instance_id, world, "iv_mitm", ["iv01"], USER, PASSWORD,
                              area={"all_mons": True})
        rows = []
        for spawn in world.spawnpoints:
            active = spawn.active_at(now)
            if active and active[1] > 300:
                eid, pokemon_id = world.mon_of(spawn, active[0])
                rows.append({"encounter_id": eid, "spawnpoint_id": int(spawn.token, 16), "pokemon_id": pokemon_id,
                             "latitude": spawn.lat, "longitude": spawn.lng, "seen_type": "wild",
                             "disappear_time": datetime.fromtimestamp(now + active[1], UTC),
                             "last_modified": datetime.fromtimestamp(now, UTC)})
        async with engine.begin() as conn:
            await upsert(conn, Pokemon, rows)

    stack = await make_stack(setup=seed_sightings, timing=FAST, wait_for_data_sleep_duration=0.2)
    async with fleet(stack, world, ["iv01"]):
        async def encountered() -> bool:
            await stack.drain()
            return await stack.count(Pokemon, Pokemon.seen_type == "encounter") >= 2
        await until(encountered, what="IV encounters")


async def test_pause_and_apply_settings(make_stack):
    """A paused device stops moving; applying settings restarts only the workers whose config changed."""
    from sqlalchemy import update

    from magneton.db.models import SettingsDevice

    world = World(seed=14, lat=52.52, lng=13.40, radius_m=300)
    stack = await start(make_stack, "mon_mitm", ["p01", "p02"], world)
    workers, mapping = stack.rt.workers, stack.rt.mapping
    async with fleet(stack, world, ["p01", "p02"]) as sims:
        def fixes(sim) -> int:
            return sum(c.startswith("geo fix") for c in sim.received)
        await until(lambda: _true(fixes(sims[0]) >= 2 and fixes(sims[1]) >= 2), what="both devices moving")
        await mapping.set_paused("p01", True)
        await asyncio.sleep(1.5)
        paused_at = fixes(sims[0])
        await asyncio.sleep(2.0)
        assert fixes(sims[0]) <= paused_at + 1  # at most the move in flight when paused
        await mapping.set_paused("p01", False)
        await until(lambda: _true(fixes(sims[0]) > paused_at + 1), what="p01 moving again")

        p02_worker = workers.workers["p02"]
        p01_worker = workers.workers["p01"]
        async with stack.engine.begin() as conn:
            await conn.execute(update(SettingsDevice).where(SettingsDevice.name == "p02").values(mitm_wait_timeout=9))
        result = await workers.apply_settings()
        assert result.restart == ("p02",)
        assert workers.workers.get("p01") is p01_worker and workers.workers.get("p02") is not p02_worker


async def _true(value: bool) -> bool:
    return value


async def test_leveling_fleet_spins_stops(make_stack):
    """Leveling: a pokestops area with `level` set; each device gets its own route over unspun stops."""
    from magneton.db.models import TrsVisited

    world = World(seed=15, lat=52.52, lng=13.40, radius_m=300)

    async def setup(engine, instance_id):
        from magneton.db.models import SettingsDevice, SettingsPogoauth
        from sqlalchemy import select

        await configure_fleet(engine, instance_id, world, "pokestops", ["lvl01"], USER, PASSWORD,
                              area={"level": True, "layer": 1})
        async with engine.begin() as conn:
            device_id = (await conn.execute(select(SettingsDevice.device_id))).scalar_one()
            await conn.execute(SettingsPogoauth.__table__.insert().values(
                instance_id=instance_id, device_id=device_id, login_type="ptc", username="leveler", password="x",
                level=5))
        await seed_known_world(engine, world)

    stack = await make_stack(setup=setup, timing=FAST, wait_for_data_sleep_duration=0.2)
    async with fleet(stack, world, ["lvl01"]):
        async def spun() -> bool:
            await stack.drain()
            return await stack.count(TrsVisited) >= 3
        await until(spun, what="stops spun by the leveling device")


async def test_send_gps_moves_a_simulated_device(make_stack):
    """ReactMap's "scan here": MADmin's /send_gps teleports a paused simulated phone, which then reports
    data from there."""
    import aiohttp

    world = World(seed=15, lat=52.52, lng=13.40, radius_m=300)
    stack = await start(make_stack, "mon_mitm", ["gps01"], world)
    madmin = f"http://127.0.0.1:{stack.cfg.madmin_port}"
    target = (52.5215, 13.4021)
    async with fleet(stack, world, ["gps01"]) as [sim], aiohttp.ClientSession() as http:
        await until(lambda: _true(sim.posts > 0), what="the phone injected")
        await stack.rt.mapping.set_paused("gps01", True)  # as MADmin's Pause button does
        await asyncio.sleep(1.5)  # the move in flight when paused lands first
        async with http.get(f"{madmin}/send_gps", params={"origin": "gps01", "coords": f"[{target[0]},{target[1]}]",
                                                          "sleeptime": "0"}) as answer:
            assert answer.status == 200, await answer.text()
        assert (sim.lat, sim.lng) == target

        async def reported_from_there() -> bool:
            where = await stack.rt.mitm.get_last_known_location("gps01")
            return where is not None and (round(where.lat, 6), round(where.lng, 6)) == target
        await until(reported_from_there, 20, what="PogoDroid data from the new position")
        async with http.get(f"{madmin}/get_workers") as answer:
            assert {"name": "gps01", "lat": target[0], "lon": target[1]} in await answer.json()


async def test_the_demo_configuration_scans_with_sim_phones(make_stack, migrated_cfg):
    """`magneton demo` with its defaults on a database without configuration, then the all-in-one role and
    three phones named as `magneton sim` names them: each scans its mode's area (mons, raids, quests)."""
    from magneton import demo
    from magneton.sim.world import DEFAULT_LAT, DEFAULT_LNG, DEFAULT_RADIUS_M, DEFAULT_SEED

    args, rest = demo.split_args([])
    assert not rest
    assert await demo.run(args, migrated_cfg) == 0

    async def configured_already(engine, instance_id):
        pass
    stack = await make_stack(setup=configured_already, timing=FAST, wait_for_data_sleep_duration=0.2)
    world = World(DEFAULT_SEED, DEFAULT_LAT, DEFAULT_LNG, DEFAULT_RADIUS_M)  # the sim's default world
    async with fleet(stack, world, ["sim-001", "sim-002", "sim-003"], user="demo", password="demo"):
        async def scanned() -> bool:
            await stack.drain()
            return (await stack.count(Pokemon, Pokemon.individual_attack.is_not(None)) >= 1
                    and await stack.count(Raid) >= 1 and await stack.count(TrsQuest) >= 1)
        await until(scanned, 45, what="mons with IVs, raids and quests")
    from magneton.db.models import SettingsDevice

    names = {device["device_id"]: device["name"] for device in await stack.rows(SettingsDevice)}
    modes = {area.area_id: area.mode for area in await stack.rt.mapping.areas()}
    assert {names[s["device_id"]]: modes[s["area_id"]] for s in await stack.rows(TrsStatus)} == \
        {"sim-001": "mon_mitm", "sim-002": "raids_mitm", "sim-003": "pokestops"}


def _samples(text: str) -> dict[str, float]:
    """Prometheus text format: 'name{labels}' -> value."""
    return {line.rsplit(" ", 1)[0]: float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
            if line and not line.startswith("#")}


async def test_metrics_count_and_time_the_steps_of_a_simulated_device(make_stack):
    """MADmin's GET /metrics, behind the same auth as the API: a scanning phone's steps show up, timed from
    the move command to the fresh data, and the phone knows its own share of that time."""
    import base64

    import aiohttp
    from sqlalchemy import insert

    from magneton.db.models import SettingsAuth

    world = World(seed=16, lat=52.52, lng=13.40, radius_m=300)
    stack = await start(make_stack, "mon_mitm", ["met01"], world, madmin_enable_auth=True)
    async with stack.engine.begin() as conn:
        await conn.execute(insert(SettingsAuth).values(instance_id=stack.rt.db.db.instance_id, username="ops",
                                                       password="pw", auth_level=4))
    url = f"http://127.0.0.1:{stack.cfg.madmin_port}/metrics"
    fresh = 'magneton_worker_steps_total{move="teleport",result="fresh"}'
    ops = {"Authorization": "Basic " + base64.b64encode(b"ops:pw").decode()}
    async with aiohttp.ClientSession() as http:
        async with http.get(url) as answer:
            assert answer.status == 401
        async with http.get(url, headers=ops) as answer:
            assert answer.status == 200 and answer.content_type == "text/plain"
            assert fresh not in _samples(await answer.text())  # no step yet

        async def scrape() -> dict[str, float]:
            async with http.get(url, headers=ops) as answer:
                return _samples(await answer.text())

        async with fleet(stack, world, ["met01"]) as [sim]:
            await until(lambda: _true(sim.posts > 0), what="the phone injected")

            async def stepped() -> bool:
                return (await scrape()).get(fresh, 0) >= 2
            await until(stepped, what="two timed steps")
            samples = await scrape()
    assert samples['magneton_worker_step_seconds_count{move="teleport"}'] == samples[fresh]
    p50 = samples['magneton_worker_step_seconds{move="teleport",quantile="0.5"}']
    p99 = samples['magneton_worker_step_seconds{move="teleport",quantile="0.99"}']
    assert 0 < p50 <= p99 <= samples['magneton_worker_step_seconds_sum{move="teleport"}']
    assert sim.data_delays and all(d > 0 for d in sim.data_delays)

"""The fully split deployment: core, MitmMapper, StatsHandler and two receivers on unix sockets behind nginx."""

from __future__ import annotations

import asyncio
import signal
import time

import aiohttp
import pytest
from sqlalchemy import func, insert, select

from magneton.db import Database
from magneton.db.models import Pokemon, SettingsDevice, SettingsWalker, TrsStatsDetect
from magneton.rpc.mitm_mapper_client import GrpcMitmMapper
from tests.ingest.conftest import ORIGIN, Stack, seed
from tests.split.conftest import Deployment, gmo_posts

pytestmark = [pytest.mark.mariadb, pytest.mark.redis]


async def post(session: aiohttp.ClientSession, url: str, body, origin: str = ORIGIN) -> int:
    try:
        async with session.post(url + "/", json=body, headers=Stack.headers(origin)) as response:
            await response.read()
            return response.status
    except aiohttp.ClientError:
        return 0


async def stored(db: Database, ids: list[int]) -> set[int]:
    async with db.engine.connect() as conn:
        rows = await conn.execute(select(Pokemon.encounter_id).where(Pokemon.encounter_id.in_(ids)))
        return {r[0] for r in rows}


async def accepted_by(d: Deployment, n: int, origin: str) -> bool:
    connector = aiohttp.UnixConnector(path=str(d.socket(n)))
    async with aiohttp.ClientSession(connector=connector) as session:
        async with session.get("http://receiver/get_addresses", headers=Stack.headers(origin)) as response:
            return response.status == 200


async def test_split_deployment_behind_nginx(deployment: Deployment):
    d = deployment
    db = Database(d.cfg)
    await db.start(migrate=False)
    await seed(db.engine, db.instance_id, [ORIGIN, "dev02"])
    mitm = GrpcMitmMapper(d.cfg, deadline=5)  # what the core holds
    await mitm.start()
    try:
        mapper = d.script("mitmmapper", "start_mitmmapper.py")
        stats = d.script("statshandler", "start_statshandler.py")
        core = d.script("core", "start_core.py")
        for process in (mapper, stats, core):
            process.wait_for("lifecycle: ready:")
        receivers = [d.receiver(1), d.receiver(2)]
        for process in receivers:
            process.wait_for("lifecycle: ready:")
        d.nginx(receivers=2)
        async with aiohttp.ClientSession() as session:
            for _ in range(100):
                if await post(session, d.url, []) == 200:
                    break
                await asyncio.sleep(0.1)

            # data through nginx: rows in the database, fresh latest data for the core over gRPC
            started = int(time.time())
            posts = gmo_posts(10, salt=1)
            assert [await post(session, d.url, body) for body, _ in posts] == [200] * 10
            ids = [i for _, batch in posts for i in batch]
            assert await stored(db, ids) == set(ids)  # 200 means stored
            latest = await mitm.request_latest(ORIGIN, "106", started - 1)
            assert latest is not None and latest.data["cells"]

            # a device created while everything runs is accepted by both receivers within 10 s
            async with db.engine.begin() as conn:
                walker = (await conn.execute(select(SettingsWalker.walker_id))).scalars().first()
                await conn.execute(insert(SettingsDevice).values(instance_id=db.instance_id, name="dev03",
                                                                 walker_id=walker))
            deadline = time.monotonic() + 10
            while not (await accepted_by(d, 1, "dev03") and await accepted_by(d, 2, "dev03")):
                assert time.monotonic() < deadline, "dev03 not accepted by both receivers within 10 s"
                await asyncio.sleep(0.2)

            # the MitmMapper restarts: receivers and the core's client resume on their own
            assert mapper.stop() == 0
            mapper = d.script("mitmmapper", "start_mitmmapper.py")
            mapper.wait_for("lifecycle: ready:")
            body, _ = gmo_posts(1, salt=2)[0]
            deadline = time.monotonic() + 20
            while True:
                assert await post(session, d.url, body, origin="dev03") == 200
                if await mitm.request_latest("dev03", "106") is not None:
                    break
                assert time.monotonic() < deadline, "MitmMapper updates did not resume"
                await asyncio.sleep(0.3)
            assert core.proc.poll() is None

            # one receiver SIGKILLed mid-load: nginx moves to the other; every 200 is in the database
            load = gmo_posts(120, salt=3)
            answers: list[tuple[int, list[int]]] = []

            async def device(bodies) -> None:
                for body, batch in bodies:
                    answers.append((await post(session, d.url, body), batch))

            tasks = [asyncio.create_task(device(load[i::4])) for i in range(4)]
            while len(answers) < 20:
                await asyncio.sleep(0.01)
            receivers[0].send(signal.SIGKILL)
            await asyncio.gather(*tasks)
            confirmed = [i for status, batch in answers if status == 200 for i in batch]
            assert len(confirmed) > 0.5 * sum(len(b) for _, b in load)
            assert await stored(db, confirmed) == set(confirmed)
            assert receivers[1].proc.poll() is None

        # the StatsHandler stopped with SIGTERM writes what it held (its flush period is 300 s)
        await asyncio.sleep(1.5)  # receivers send their stats every 0.5 s
        assert stats.stop(signal.SIGTERM) == 0
        async with db.engine.connect() as conn:
            mons = (await conn.execute(select(func.sum(TrsStatsDetect.mon))
                                       .where(TrsStatsDetect.worker == ORIGIN))).scalar()
        assert mons and mons > 0
        for process in (receivers[1], core, mapper):
            assert process.stop() == 0, process.log.read_text()[-3000:]
    finally:
        await mitm.stop()
        await db.stop()

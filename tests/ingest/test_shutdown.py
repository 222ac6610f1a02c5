"""SIGTERM during a sustained POST load: every payload that got a success answer is in the database."""

from __future__ import annotations

import asyncio
import dataclasses
import signal
import subprocess
import sys
from pathlib import Path

import aiohttp
import s2cell
from sqlalchemy import select

from magneton.db.database import Database
from magneton.db.models import TrsS2Cell
from tests.ingest.conftest import ROOT, Stack, free_port, seed

POSTERS = 4


def gmo(cell_id: int, ts: int) -> list[dict]:
    return [{"type": 106, "timestamp": ts, "lat": 52.5, "lng": 13.4, "raw": False,
             "payload": {"cells": [{"id": cell_id, "current_timestamp": ts * 1000, "forts": [],
                                    "wild_pokemon": [], "nearby_pokemon": []}], "client_weather": []}}]


def cell_ids(count: int) -> list[int]:
    return [s2cell.lat_lon_to_cell_id(52.0 + (i // 200) * 0.01, 13.0 + (i % 200) * 0.01, 15) for i in range(count)]


async def test_sigterm_under_load_loses_nothing_confirmed(migrated_cfg, tmp_path: Path):
    cfg = dataclasses.replace(migrated_cfg, mitmreceiver_port=free_port())
    db = Database(cfg)
    await db.start(migrate=False)
    await seed(db.engine, db.instance_id, ["dev01"])
    args = [sys.executable, str(ROOT / "start.py"), "--no_file_logs", "-sn", cfg.status_name,
            "--mitmreceiver_ip", "127.0.0.1", "--mitmreceiver_port", str(cfg.mitmreceiver_port),
            "--ws_ip", "127.0.0.1", "--ws_port", str(free_port()), "--madmin_ip", "127.0.0.1",
            "--madmin_port", str(free_port())]
    args += ["--db_url", cfg.db_url] if cfg.db_url else ["--sqlite_file", cfg.sqlite_file]
    proc = subprocess.Popen(args, cwd=tmp_path, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{cfg.mitmreceiver_port}/"
    headers = Stack.headers()
    confirmed: list[int] = []
    cells = iter(cell_ids(20_000))

    async def poster(session: aiohttp.ClientSession) -> None:
        for cell in cells:
            try:
                async with session.post(url, json=gmo(cell, 1717243200), headers=headers) as response:
                    if response.status == 200:
                        confirmed.append(cell)
            except aiohttp.ClientError:
                if proc.poll() is not None:
                    return
                await asyncio.sleep(0.05)  # not up yet, or going down

    async def stop_after_load() -> None:
        while len(confirmed) < 300:
            assert proc.poll() is None, proc.stderr.read()
            await asyncio.sleep(0.05)
        proc.send_signal(signal.SIGTERM)

    try:
        async with aiohttp.ClientSession() as session:
            await asyncio.wait_for(asyncio.gather(stop_after_load(), *(poster(session) for _ in range(POSTERS))),
                                   timeout=120)
        code = await asyncio.to_thread(proc.wait, 60)
        log = proc.stderr.read()
        assert code == 0, log
        assert "role all-in-one stopped cleanly" in log
        async with db.engine.connect() as conn:
            stored = set((await conn.execute(select(TrsS2Cell.id))).scalars())
        missing = set(confirmed) - stored
        assert not missing, f"{len(missing)} of {len(confirmed)} confirmed payloads are not in the database"
        assert len(confirmed) >= 300
    finally:
        if proc.poll() is None:
            proc.kill()
        await db.stop()

#!/usr/bin/env python3
"""Device benchmark: N simulated devices scanning one mon_mitm area through a real all-in-one process.

    .venv/bin/python bench/devices.py [--db sqlite|mariadb] [--devices 50,200,1000] [--seconds 60]

Per N, on a fresh database: the core (start.py all-in-one) runs in its own process and the N simulated
phones (RGC websocket + PogoDroid HTTP, magneton.sim) in another; both are configured through the database
(magneton.sim.setup). After a warm-up (every device started, injected and stepping), the window of
--seconds is measured:

  steps/s and the share with fresh data    magneton_worker_steps_total, MADmin GET /metrics (delta)
  step latency p50/p99                      magneton_worker_step_seconds: move command sent -> fresh data
                                            seen by the worker (quantiles of the last 60 s = the window)
  sim own delay p50/p99                     the phones' own share: move received -> POST of the first
                                            GMO stamped in a later second (MAD's freshness rule)
  CPU % (of one core), RSS                  /proc/<pid>/stat utime+stime over the window, VmRSS at its end"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from bench.ingest import cpu_seconds, drop_mariadb_database, mariadb_database, memory_mib  # noqa: E402
from magneton.config import Config  # noqa: E402
from magneton.db import migrate  # noqa: E402
from magneton.db.database import Database  # noqa: E402
from magneton.sim.device import SimConfig, SimDevice  # noqa: E402
from magneton.sim.setup import configure_fleet, seed_known_world  # noqa: E402
from magneton.sim.world import World  # noqa: E402
from tests.ingest.conftest import free_port  # noqa: E402

USER, PASSWORD = "bench", "bench"
WINDOW = 60.0  # magneton_worker_step_seconds' quantiles cover the last 60 s: the measured window
# MAD's waits that would only stretch the warm-up: the first injection check comes after
# post_pogo_start_delay (then every 20 s), and MAD's post-teleport delay would sit inside every step.
DEVICE = {"post_pogo_start_delay": 1.0, "post_teleport_delay": 0.0, "mitm_wait_timeout": 10.0}
FRESH = 'magneton_worker_steps_total{move="teleport",result="fresh"}'
NO_DATA = 'magneton_worker_steps_total{move="teleport",result="no_data"}'


def world(radius: float) -> World:
    return World(seed=5, lat=52.52, lng=13.40, radius_m=radius)


def origins(n: int) -> list[str]:
    return [f"bench{i:04d}" for i in range(1, n + 1)]


# --- the simulated phones, in their own process ----------------------------------------------------------
async def sims(args: argparse.Namespace) -> None:
    """SIGUSR1 starts the window (the phones' delays so far are dropped); SIGTERM ends it: the phones stop
    and their delays in the window go to stdout as JSON."""
    ws, mitm = args.sim_child
    cfg = SimConfig(ws, mitm, USER, PASSWORD, gmo_interval=args.gmo_interval)
    w = world(args.radius)
    devices = [SimDevice(origin, w, cfg, lat=w.lat, lng=w.lng) for origin in origins(int(args.devices))]
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGUSR1, lambda: [d.data_delays.clear() for d in devices])
    loop.add_signal_handler(signal.SIGTERM, lambda: [d.stop() for d in devices])
    await asyncio.gather(*(d.run() for d in devices))
    print(json.dumps({"delays": [x for d in devices for x in d.data_delays], "posts": sum(d.posts for d in devices)}))


# --- measuring ---------------------------------------------------------------------------------------------
def quantile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[max(0, math.ceil(q * len(values)) - 1)] if values else math.nan


async def scrape(http: aiohttp.ClientSession, url: str) -> dict[str, float]:
    async with http.get(url) as answer:
        text = await answer.text()
    return {line.rsplit(" ", 1)[0]: float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
            if line and not line.startswith("#")}


@dataclass
class Result:
    n: int
    warmup: float
    steps: float
    fresh: float
    p50: float
    p99: float
    own50: float
    own99: float
    core_cpu: float
    core_rss: float
    sim_cpu: float
    posts: int


async def run_one(args: argparse.Namespace, n: int) -> Result:
    workdir = Path(tempfile.mkdtemp(prefix="magneton-devbench-"))
    dbname = mariadb_database() if args.db == "mariadb" else None
    cfg = Config(status_name="devbench", sqlite_file=str(workdir / "bench.db"),
                 db_url=f"mysql+aiomysql://root@127.0.0.1:3306/{dbname}" if dbname else None)
    await asyncio.to_thread(migrate.upgrade, cfg)
    db = Database(cfg)
    await db.start(migrate=False)
    w = world(args.radius)
    await configure_fleet(db.engine, db.instance_id, w, "mon_mitm", origins(n), USER, PASSWORD, device=DEVICE)
    await seed_known_world(db.engine, w)
    await db.stop()
    ws_port, mitm_port, madmin_port = free_port(), free_port(), free_port()
    cmd = [sys.executable, str(ROOT / "start.py"), "--no_file_logs", "-sn", "devbench", "--ws_ip", "127.0.0.1",
           "--ws_port", str(ws_port), "--mitmreceiver_ip", "127.0.0.1", "--mitmreceiver_port", str(mitm_port),
           "--wait_for_data_sleep_duration", str(args.poll), "--madmin_ip", "127.0.0.1",
           "--madmin_port", str(madmin_port)]
    cmd += ["--db_url", cfg.db_url] if cfg.db_url else ["--sqlite_file", cfg.sqlite_file]
    core = subprocess.Popen(cmd, cwd=workdir, stderr=subprocess.DEVNULL)
    sim: subprocess.Popen | None = None
    url = f"http://127.0.0.1:{madmin_port}/metrics"
    try:
        # a core too busy to answer a scrape within 60 s is not measured, it is broken
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as http:
            for _ in range(300):  # until MADmin answers
                try:
                    await scrape(http, url)
                    break
                except aiohttp.ClientError:
                    await asyncio.sleep(0.1)
            sim = subprocess.Popen([sys.executable, __file__, "--sim-child", f"ws://127.0.0.1:{ws_port}",
                                    f"http://127.0.0.1:{mitm_port}", "--devices", str(n), "--radius",
                                    str(args.radius), "--gmo-interval", str(args.gmo_interval)],
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
            started = time.monotonic()
            while time.monotonic() - started < args.warmup_max:  # warm-up: every device stepped about twice
                if (await scrape(http, url)).get(FRESH, 0) >= 2 * n:
                    break
                await asyncio.sleep(1)
            await asyncio.sleep(5)  # and the start-up burst settled
            warmup = time.monotonic() - started
            before, core_cpu0, sim_cpu0 = await scrape(http, url), cpu_seconds(core.pid), cpu_seconds(sim.pid)
            sim.send_signal(signal.SIGUSR1)
            t0 = time.monotonic()
            await asyncio.sleep(args.seconds)
            after, core_cpu1, sim_cpu1 = await scrape(http, url), cpu_seconds(core.pid), cpu_seconds(sim.pid)
            elapsed = time.monotonic() - t0
            rss = memory_mib(core.pid, "VmRSS")
        sim.send_signal(signal.SIGTERM)
        out, _ = await asyncio.to_thread(sim.communicate, timeout=120)
        reported = json.loads(out.strip().splitlines()[-1])
    finally:
        for proc in (sim, core):
            if proc is not None and proc.poll() is None:
                proc.terminate()
                try:
                    await asyncio.to_thread(proc.wait, 60)
                except subprocess.TimeoutExpired:
                    proc.kill()
        if dbname:
            drop_mariadb_database(dbname)
    fresh = after.get(FRESH, 0) - before.get(FRESH, 0)
    failed = after.get(NO_DATA, 0) - before.get(NO_DATA, 0)
    q = 'magneton_worker_step_seconds{move="teleport",quantile="%s"}'
    return Result(n, warmup, (fresh + failed) / elapsed, fresh / max(1, fresh + failed), after[q % "0.5"],
                  after[q % "0.99"], quantile(reported["delays"], 0.5), quantile(reported["delays"], 0.99),
                  (core_cpu1 - core_cpu0) / elapsed * 100, rss, (sim_cpu1 - sim_cpu0) / elapsed * 100,
                  reported["posts"])


async def run(args: argparse.Namespace) -> None:
    ns = [int(n) for n in args.devices.split(",")]
    print(f"device benchmark: {args.db}, one mon_mitm area of {len(world(args.radius).spawnpoints)} spawnpoints; "
          f"core = start.py all-in-one, sims in another process (gmo_interval {args.gmo_interval:g} s); "
          f"{os.cpu_count()} cores")
    print(f"  device settings: {', '.join(f'{k} {v:g}' for k, v in DEVICE.items())}; "
          f"wait_for_data_sleep_duration {args.poll:g} s; window {args.seconds:g} s after the warm-up")
    print("  step = move command sent -> fresh data seen by the worker; own = the sim's share of it (move "
          "received -> first fresh GMO posted)")
    print(f"  {'N':>5} {'warm-up':>8} {'steps/s':>8} {'fresh':>6} {'step p50':>9} {'step p99':>9} {'own p50':>8} "
          f"{'own p99':>8} {'core CPU':>9} {'core RSS':>9} {'sim CPU':>8}")
    for n in ns:
        r = await run_one(args, n)
        print(f"  {r.n:>5} {r.warmup:>7.0f}s {r.steps:>8.1f} {r.fresh:>6.1%} {r.p50 * 1000:>7.0f}ms "
              f"{r.p99 * 1000:>7.0f}ms {r.own50 * 1000:>6.0f}ms {r.own99 * 1000:>6.0f}ms {r.core_cpu:>8.0f}% "
              f"{r.core_rss:>6.0f}MiB {r.sim_cpu:>7.0f}%", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=("sqlite", "mariadb"), default="sqlite")
    parser.add_argument("--devices", default="50,200,1000", help="comma-separated device counts, one run each")
    parser.add_argument("--seconds", type=float, default=WINDOW, help=f"measured window (at most {WINDOW:g})")
    parser.add_argument("--radius", type=float, default=1000.0, help="world radius in metres")
    parser.add_argument("--gmo-interval", type=float, default=1.0, help="sims: seconds between GMOs at rest")
    parser.add_argument("--poll", type=float, default=0.2, help="core: wait_for_data_sleep_duration")
    parser.add_argument("--warmup-max", type=float, default=180.0, help="give up waiting for warm-up after this")
    parser.add_argument("--sim-child", nargs=2, metavar=("WS", "MITM"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.sim_child:
        asyncio.run(sims(args))
        return
    if args.seconds > WINDOW:
        parser.error(f"--seconds: the step quantiles cover the last {WINDOW:g} s")
    asyncio.run(run(args))


if __name__ == "__main__":
    main()

"""A split deployment as an operator runs it: the entry scripts as processes (one generated config file),
receivers on unix sockets behind a real nginx, on a throwaway MariaDB database."""

from __future__ import annotations

import copy
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from magneton.config import Config
from magneton.db import migrate
from tests.db.conftest import mariadb_database, mariadb_url  # noqa: F401 (fixture)
from tests.ingest.conftest import FIXTURES, free_port

ROOT = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
REDIS_DB = 13  # this suite's own Redis database (dedup keys of the receivers)


def nginx_conf(workdir: Path, tempdir: Path, sockets: list[Path], port: int) -> str:
    """The shape of deploy/nginx/magneton-receivers.conf, with this test's sockets and port."""
    servers = "\n".join(f"        server unix:{s} max_fails=1 fail_timeout=10s;" for s in sockets)
    return f"""daemon off;
pid {workdir}/nginx.pid;
error_log {workdir}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {tempdir}/body;
    proxy_temp_path {tempdir}/proxy;
    client_body_buffer_size 1m;
    upstream mitm_receivers {{
{servers}
        keepalive 32;
    }}
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 20m;
        location / {{
            proxy_pass http://mitm_receivers;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_next_upstream error timeout http_502;
            proxy_read_timeout 60s;
        }}
    }}
}}
"""


class Process:
    def __init__(self, name: str, args: list[str], workdir: Path) -> None:
        self.name, self.args, self.workdir = name, args, workdir
        self.log = workdir / f"{name}.log"
        self.proc: subprocess.Popen | None = None

    def start(self) -> Process:
        with self.log.open("a") as log:
            self.proc = subprocess.Popen(self.args, cwd=self.workdir, stdout=log, stderr=log)
        return self

    def wait_for(self, needle: str, timeout: float = 60, since: int = 0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if needle in self.log.read_text()[since:]:
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        raise AssertionError(f"{self.name}: {needle!r} not seen:\n{self.log.read_text()[-4000:]}")

    def send(self, sig: int) -> None:
        self.proc.send_signal(sig)

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 60) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()


class Deployment:
    """Config file, processes and nginx of one split deployment."""

    def __init__(self, workdir: Path, sockdir: Path, cfg: Config) -> None:
        self.workdir, self.sockdir, self.cfg = workdir, sockdir, cfg
        self.processes: dict[str, Process] = {}
        self.nginx_port = free_port()
        self.url = f"http://127.0.0.1:{self.nginx_port}"

    def script(self, name: str, script: str, *args: str) -> Process:
        process = Process(name, [sys.executable, str(ROOT / script), "-cf", str(self.workdir / "config.ini"), *args],
                          self.workdir)
        self.processes[name] = process
        return process.start()

    def receiver(self, n: int) -> Process:
        return self.script(f"receiver{n}", "start_mitmreceiver.py", "-os", "-ec",
                           f"--mitm_unix_socket={self.socket(n)}")

    def socket(self, n: int) -> Path:
        return self.sockdir / f"mad_mitm_receiver_{n}.sock"

    def nginx(self, receivers: int) -> Process:
        conf = self.workdir / "nginx.conf"
        conf.write_text(nginx_conf(self.workdir, self.sockdir, [self.socket(n) for n in range(1, receivers + 1)], self.nginx_port))
        process = Process("nginx", [NGINX, "-c", str(conf), "-p", str(self.workdir)], self.workdir)
        self.processes["nginx"] = process
        return process.start()

    def stop_all(self) -> None:
        for process in reversed(list(self.processes.values())):
            if process.proc is not None and process.proc.poll() is None:
                process.stop(signal.SIGTERM if process.name != "nginx" else signal.SIGQUIT)


def write_config(path: Path, db_url: str, **options: object) -> None:
    lines = [f"db_url: {db_url}", "status-name: split", "mitmmapper_type: grpc", "no_file_logs: true",
             "apk_storage_interface: fs", f"cache_database: {REDIS_DB}"]
    lines += [f"{k}: {v}" for k, v in options.items()]
    path.write_text("\n".join(lines) + "\n")


@pytest.fixture
def deployment(mariadb_database, tmp_path: Path) -> Iterator[Deployment]:
    if not os.path.exists(NGINX):
        pytest.skip("nginx is not installed (.ci/run installs it)")
    db_url = mariadb_url(mariadb_database())
    cfg = Config(db_url=db_url, status_name="split")
    migrate.upgrade(cfg)  # `magneton db upgrade`, once, before the split roles start
    redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB).flushdb()  # dedup keys of an earlier run
    sockdir = Path(tempfile.mkdtemp(prefix="magneton-split-"))
    sockdir.chmod(0o777)  # nginx's workers run as another user and keep their temp files here
    ports = {"mitmmapper_port": free_port(), "statshandler_port": free_port(), "mappingmanager_port": free_port(),
             "ws_ip": "127.0.0.1", "ws_port": free_port(), "madmin_port": free_port(), "mitmmapper_ip": "127.0.0.1",
             "statshandler_ip": "127.0.0.1", "mappingmanager_ip": "127.0.0.1"}
    write_config(tmp_path / "config.ini", db_url, **ports)
    deployment = Deployment(tmp_path, sockdir, Config(db_url=db_url, status_name="split", mitmmapper_type="grpc",
                                                      **ports))
    yield deployment
    deployment.stop_all()
    shutil.rmtree(sockdir, ignore_errors=True)


def gmo_posts(count: int, salt: int) -> list[tuple[list[dict], list[int]]]:
    """Unique GMO bodies from the city fixture, shifted to now, each with the encounter ids it carries."""
    batch = json.loads((FIXTURES / "106_city_batch.json").read_text())
    shift = int(time.time()) - batch[0]["timestamp"]
    posts = []
    for i in range(count):
        entry = copy.deepcopy(batch[i % len(batch)])
        entry["timestamp"] += shift
        ids = []
        for cell in entry["payload"]["cells"]:
            cell["current_timestamp"] += shift * 1000
            for mon in cell["wild_pokemon"]:
                mon["encounter_id"] = (mon["encounter_id"] ^ (salt * 1_000_003 + i * 7919 + 1)) & (2**63 - 1)
                ids.append(mon["encounter_id"])
        posts.append(([entry], ids))
    return posts

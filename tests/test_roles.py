"""Process roles as an operator runs them: the entry scripts, clean exits on signals, clear refusals."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.net import free_port

ROOT = Path(__file__).resolve().parents[1]




def local_ports() -> list[str]:
    return ["--ws_ip", "127.0.0.1", "--ws_port", str(free_port()), "--mitmreceiver_ip", "127.0.0.1",
            "--mitmreceiver_port", str(free_port()), "--madmin_port", str(free_port()), "--no_file_logs"]


def start(script: str, cwd: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(ROOT / script), *args], cwd=cwd, stderr=subprocess.PIPE,
                            text=True)


def wait_for_line(proc: subprocess.Popen, needle: str, timeout: float = 60) -> list[str]:
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line and proc.poll() is not None:
            break
        lines.append(line)
        if needle in line:
            return lines
    raise AssertionError(f"{needle!r} not seen:\n{''.join(lines)}")


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_all_in_one_on_embedded_sqlite_exits_cleanly_on_signal(tmp_path, sig):
    proc = start("start.py", tmp_path, *local_ports())
    try:
        wait_for_line(proc, "ready:")
        proc.send_signal(sig)
        rest = proc.communicate(timeout=60)[1]
        assert proc.returncode == 0, rest
        assert "role all-in-one stopped cleanly" in rest
        assert (tmp_path / "data" / "magneton.db").is_file()  # the embedded default
    finally:
        if proc.poll() is None:
            proc.kill()


def test_config_file_option_reaches_the_process(tmp_path):
    ini = tmp_path / "my.ini"
    ini.write_text("status-name: fromfile\n")
    proc = start("start.py", tmp_path, "-cf", str(ini), *local_ports())
    try:
        lines = wait_for_line(proc, "ready:")
        assert any("instance 'fromfile'" in line for line in lines)
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()


@pytest.mark.parametrize("script", ["start_mitmreceiver.py", "start_core.py"])
def test_shared_roles_without_a_shared_mitm_mapper_refuse_with_one_line(tmp_path, script):
    """The seed's supervisord sample sets no mitmmapper_type: a receiver (or core) cannot share a standalone
    MitmMapper, and says so in one line before starting anything (MAD: critical log + exit 1)."""
    proc = subprocess.run([sys.executable, str(ROOT / script), "-os", "-vv", "-ec", "--no_file_logs",
                           "--mitm_unix_socket=/tmp/mad_mitm_receiver_1.sock"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    [line] = proc.stderr.strip().splitlines()
    assert "needs mitmmapper_type grpc or redis (got none)" in line


def test_mitmmapper_role_needs_no_database_and_stops_on_sigterm(tmp_path):
    proc = start("start_mitmmapper.py", tmp_path, "--no_file_logs", "--mitmmapper_ip", "127.0.0.1",
                 "--mitmmapper_port", str(free_port()))
    try:
        wait_for_line(proc, "ready:")
        proc.send_signal(signal.SIGTERM)
        rest = proc.communicate(timeout=60)[1]
        assert proc.returncode == 0, rest
        assert not (tmp_path / "data").exists()
    finally:
        if proc.poll() is None:
            proc.kill()


async def test_split_roles_refuse_an_unmigrated_database(tmp_path):
    """Only `magneton db upgrade` (or the all-in-one role) migrates: the split roles' database part asks
    for it instead of racing other processes."""
    from magneton.config import Config
    from magneton.lifecycle import StartupError
    from magneton.roles import Runtime, parts_of

    cfg = Config(sqlite_file=str(tmp_path / "empty.db"), no_file_logs=True)
    [database] = [p for p in parts_of("statshandler") if p.name == "database"]
    component = database.build(Runtime(cfg))
    with pytest.raises(StartupError, match="magneton db upgrade"):
        await component.start()


def test_db_commands(tmp_path):
    def magneton(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "magneton.cli", *args, "--no_file_logs"], cwd=tmp_path,
                              capture_output=True, text=True, timeout=120,
                              env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"})

    assert magneton("db", "current").stdout.strip() == "empty database (no revision)"
    assert magneton("db", "upgrade").returncode == 0
    head = magneton("db", "current").stdout.strip()
    assert head and head != "empty database (no revision)"
    assert magneton("db", "downgrade").returncode == 2  # needs a revision, says so
    assert magneton("db", "downgrade", "base").returncode == 0
    assert magneton("db", "current").stdout.strip() == "empty database (no revision)"

"""Browser tests: the all-in-one process (`start.py`) on a fresh SQLite file, `magneton sim` devices, and
Debian's Chromium driven headless by Playwright. Screenshots go to $MAGNETON_SCREENSHOTS (default
artifacts/screenshots/ in the repository)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.net import free_port

ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(os.environ.get("MAGNETON_SCREENSHOTS", ROOT / "artifacts" / "screenshots"))
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]
ADMIN, PASSWORD = "operator", "s3cret-pw"
MAGNETON = [sys.executable, "-c", "import sys; from magneton.cli import main; sys.exit(main())"]


def chromium_path() -> str:
    """Debian's Chromium (installed by .ci/run); outside CI a machine without it skips these tests."""
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail("Chromium is missing: .ci/run installs Debian's chromium package")
    pytest.skip("no Chromium on this machine (apt install chromium)")


@dataclass
class Deployment:
    """A running all-in-one process and how to reach it."""

    workdir: Path
    config: Path
    madmin: str
    ws_port: int
    mitm_port: int
    process: subprocess.Popen
    sims: list[subprocess.Popen] = field(default_factory=list)

    def sim(self, devices: int, *extra: str) -> subprocess.Popen:
        """`magneton sim` devices sim-001… against this deployment, as an operator would start them."""
        log = open(self.workdir / f"sim{len(self.sims)}.log", "w")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            [*MAGNETON, "sim", "--ws", f"ws://127.0.0.1:{self.ws_port}", "--mitm",
             f"http://127.0.0.1:{self.mitm_port}", "--devices", str(devices), "--user", ADMIN, "--password",
             PASSWORD, "--radius", "250", "--gmo-interval", "1", *extra],
            cwd=self.workdir, stdout=log, stderr=subprocess.STDOUT, env=_env())
        self.sims.append(process)
        return process

    def log(self) -> str:
        return (self.workdir / "magneton.log").read_text(errors="replace")


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}


def _stop(process: subprocess.Popen, seconds: float = 30) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(seconds)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_http(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the process exited with {process.returncode} before {url} answered")
        try:
            urllib.request.urlopen(url, timeout=2).close()  # noqa: S310 - a local URL of the test
            return
        except urllib.error.HTTPError:
            return  # it answers (a redirect to the login page, say)
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {seconds} s")


@pytest.fixture
def deployment(tmp_path: Path) -> Iterator[Deployment]:
    """`start.py` with MADmin auth on, after `magneton db upgrade` and `magneton user add` (one user, admin
    and allowed to send device data), as an operator sets up a new machine."""
    madmin_port, ws_port, mitm_port = free_port(), free_port(), free_port()
    config = tmp_path / "config.ini"
    config.write_text(f"""sqlite_file: {tmp_path / 'magneton.db'}
madmin_ip: 127.0.0.1
madmin_port: {madmin_port}
madmin_enable_auth: true
ws_ip: 127.0.0.1
ws_port: {ws_port}
mitmreceiver_ip: 127.0.0.1
mitmreceiver_port: {mitm_port}
no_file_logs: true
game_stats: true
game_stats_save_time: 20
""")
    subprocess.run([*MAGNETON, "db", "upgrade", "-cf", str(config)], cwd=tmp_path, env=_env(), check=True,
                   capture_output=True)
    subprocess.run([*MAGNETON, "user", "add", ADMIN, "--password", PASSWORD, "--level", "admin,mitm", "-cf",
                    str(config)], cwd=tmp_path, env=_env(), check=True, capture_output=True)
    log = open(tmp_path / "magneton.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen([sys.executable, str(ROOT / "start.py"), "-cf", str(config)], cwd=tmp_path,
                               stdout=log, stderr=subprocess.STDOUT, env=_env())
    running = Deployment(tmp_path, config, f"http://127.0.0.1:{madmin_port}", ws_port, mitm_port, process)
    try:
        _wait_http(running.madmin + "/login", process)
        yield running
    finally:
        for sim in running.sims:
            _stop(sim)
        _stop(process)
        log.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    report = yield
    if report.when == "call":
        item.stash[FAILED] = report.failed
    return report


FAILED = pytest.StashKey[bool]()


@pytest.fixture
def browser_page(request: pytest.FixtureRequest) -> Iterator[object]:
    """A Chromium page that reaches only this machine (map tiles and other outside requests are refused)."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        context = browser.new_context(viewport={"width": 1280, "height": 860})
        context.route(lambda url: not url.startswith("http://127.0.0.1"), lambda route: route.abort())
        page = context.new_page()
        page.set_default_timeout(15_000)
        try:
            yield page
            if request.node.stash.get(FAILED, False):  # what the page showed when the test failed
                page.screenshot(path=str(SHOTS / f"FAILED-{request.node.name}.png"), full_page=True)
        finally:
            browser.close()

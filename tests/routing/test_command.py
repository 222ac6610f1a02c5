"""`route calc` end to end, through a subprocess as a user would run it."""

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from magneton.geo.distance import haversine_m

SRC = str(Path(__file__).resolve().parents[2] / "src")
FENCE = "[area]\n52.50,13.35\n52.52,13.35\n52.52,13.38\n52.50,13.38\n"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": SRC}
    return subprocess.run([sys.executable, "-m", "magneton.routing.command", "route", "calc", *args],
                          capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    rng = np.random.default_rng(0)
    lat, lng = rng.uniform(52.495, 52.525, 300), rng.uniform(13.345, 13.385, 300)
    (tmp_path / "fence.txt").write_text(FENCE)
    (tmp_path / "points.csv").write_text("lat,lng\n" + "".join(f"{a},{b}\n" for a, b in zip(lat, lng)))
    fc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [b, a]}} for a, b in zip(lat, lng)]}
    (tmp_path / "points.geojson").write_text(json.dumps(fc))
    hole = "[hole]\n52.505,13.355\n52.515,13.355\n52.515,13.375\n52.505,13.375\n"
    (tmp_path / "exclude.txt").write_text(hole)
    return {p.stem + p.suffix: p for p in tmp_path.iterdir()}


@pytest.mark.parametrize("points", ["points.csv", "points.geojson"])
def test_route_json_covers_points_in_fence(files, points) -> None:
    res = run("--fence", str(files["fence.txt"]), "--points", str(files[points]), "--radius", "67",
              "--max-count", "5", "--algorithm", "fast", "--seed", "1")
    assert res.returncode == 0, res.stderr
    doc = json.loads(res.stdout)
    assert doc["stops"] and "stops" in res.stderr and "tour" in res.stderr
    for stop in doc["stops"]:
        pts = np.array(stop["points"])
        assert 1 <= len(pts) <= 5
        assert haversine_m(pts[:, 0], pts[:, 1], stop["lat"], stop["lng"]).max() <= 67
    inside = sum(len(s["points"]) for s in doc["stops"])
    assert 0 < inside < 300  # points outside the fence are left out


def test_exclude_and_init(files) -> None:
    base = ["--fence", str(files["fence.txt"]), "--radius", "100", "--init", "--algorithm", "fast"]
    full, holed = run(*base), run(*base, "--exclude", str(files["exclude.txt"]))
    assert full.returncode == 0 and holed.returncode == 0, full.stderr + holed.stderr
    assert len(json.loads(holed.stdout)["stops"]) < len(json.loads(full.stdout)["stops"])


@pytest.mark.parametrize(("change", "needle"), [
    ({"--radius": "0"}, "--radius must be positive"),
    ({"--fence": "/nonexistent/fence.txt"}, "/nonexistent/fence.txt: cannot read"),
    ({"--points": "/nonexistent/p.csv"}, "/nonexistent/p.csv: cannot read"),
    ({"fence_text": "[a]\n52.5,13.3\n52.5;13.4\n52.6,13.4\n"}, "line 3"),
    ({"points_text": "52.5,13.36\n52.51 13.36\n"}, "line 2: expected 'lat,lng'"),
])
def test_clear_one_line_errors(files, tmp_path, change, needle) -> None:
    args = {"--fence": str(files["fence.txt"]), "--points": str(files["points.csv"]), "--radius": "67"}
    if "fence_text" in change:
        (tmp_path / "bad_fence.txt").write_text(change.pop("fence_text"))
        args["--fence"] = str(tmp_path / "bad_fence.txt")
    if "points_text" in change:
        (tmp_path / "bad.csv").write_text(change.pop("points_text"))
        args["--points"] = str(tmp_path / "bad.csv")
    args.update(change)
    res = run(*[x for kv in args.items() for x in kv])
    assert res.returncode == 2
    assert res.stdout == ""
    assert len(res.stderr.strip().splitlines()) == 1 and needle in res.stderr, res.stderr


def test_register_sets_func_on_every_parser() -> None:
    import argparse

    from magneton.routing.command import register
    parser = argparse.ArgumentParser(prog="magneton")
    register(parser.add_subparsers(dest="command"))
    assert callable(parser.parse_args(["route"]).func)
    args = parser.parse_args(["route", "calc", "--fence", "f", "--radius", "5", "--init"])
    assert callable(args.func) and args.algorithm == "auto"

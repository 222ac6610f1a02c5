"""`magneton route calc`: compute a route (or an init grid) for a fence from files, print it as JSON.

Errors are one line on stderr and exit status 2. `register` plugs the command into the top-level CLI.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from magneton.geo.fence import FenceError, Geofence, read_fence_file
from magneton.routing.init_grid import init_grid
from magneton.routing.route import Route, RouteSettings, calculate_route
from magneton.routing.tour import TourAlgorithm

log = logging.getLogger(__name__)


class InputError(ValueError):
    """A bad command-line input; the message is the whole error line."""


def _read_text(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None


def _geojson_points(obj: Any, path: str) -> list[tuple[float, float]]:
    kind = obj.get("type") if isinstance(obj, dict) else None
    if kind == "FeatureCollection":
        return [p for f in obj.get("features") or [] for p in _geojson_points(f, path)]
    if kind == "Feature":
        return _geojson_points(obj.get("geometry") or {}, path)
    coords = obj.get("coordinates") if isinstance(obj, dict) else None
    try:
        if kind == "Point":
            return [(float(coords[1]), float(coords[0]))]
        if kind == "MultiPoint":
            return [(float(c[1]), float(c[0])) for c in coords]
    except (TypeError, ValueError, IndexError):
        raise InputError(f"{path}: malformed {kind} coordinates") from None
    raise InputError(f"{path}: GeoJSON {kind!r} is not a point, MultiPoint, Feature or FeatureCollection")


def read_points(path: str) -> tuple[np.ndarray, np.ndarray]:
    """Points from a CSV of `lat,lng` lines (blank lines, `#` comments and a header allowed) or GeoJSON."""
    text = _read_text(path)
    if text.lstrip().startswith("{"):
        try:
            points = _geojson_points(json.loads(text), path)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}: line {exc.lineno}: invalid JSON: {exc.msg}") from None
    else:
        points = []
        for no, raw in enumerate(text.splitlines(), start=1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if not points and no == 1 and not any(ch.isdigit() for ch in line):
                continue  # a header such as "lat,lng"
            parts = line.split(",")
            try:
                lat, lng = float(parts[0]), float(parts[1])
            except (ValueError, IndexError):
                raise InputError(f"{path}: line {no}: expected 'lat,lng', got {line!r}") from None
            points.append((lat, lng))
    arr = np.array(points, dtype=np.float64).reshape(-1, 2)
    bad = np.flatnonzero((np.abs(arr[:, 0]) > 90) | (np.abs(arr[:, 1]) > 180) | ~np.isfinite(arr).all(axis=1))
    if bad.size:
        raise InputError(f"{path}: point {bad[0] + 1} out of range: {arr[bad[0]].tolist()}")
    return arr[:, 0], arr[:, 1]


def route_to_json(route: Route, lats: np.ndarray | None = None, lngs: np.ndarray | None = None) -> dict[str, Any]:
    stops = []
    for s in route.stops:
        stop: dict[str, Any] = {"lat": round(s.lat, 7), "lng": round(s.lng, 7)}
        if lats is not None and lngs is not None:
            stop["points"] = [[float(lats[i]), float(lngs[i])] for i in s.members]
            stop["point_indices"] = list(s.members)
        stops.append(stop)
    return {"stops": stops, "length_m": round(route.length_m, 1), "algorithm": str(route.settings.algorithm),
            "radius_m": route.settings.max_radius}


def _positive(value: str) -> float:
    try:
        v = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not v > 0:
        raise argparse.ArgumentTypeError(f"must be positive, got {value}")
    return v


def _count(value: str) -> int:
    try:
        v = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {value!r}") from None
    if v < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return v


def run_calc(args: argparse.Namespace) -> int:
    prog = "magneton route calc"
    try:
        if not args.radius > 0:
            raise InputError(f"--radius must be positive, got {args.radius:g}")
        include = read_fence_file(args.fence)
        exclude = read_fence_file(args.exclude) if args.exclude else None
        fence = Geofence.from_polygons(include, exclude)
        if args.init:
            route = init_grid(fence, args.radius, args.algorithm, args.time_limit, args.seed)
            doc = route_to_json(route)
        else:
            if not args.points:
                raise InputError("--points is required unless --init is given")
            lats, lngs = read_points(args.points)
            settings = RouteSettings(args.radius, args.max_count, args.algorithm, args.time_limit, args.seed)
            route = calculate_route(lats, lngs, settings, fence)
            doc = route_to_json(route, lats, lngs)
    except (InputError, FenceError) as exc:
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return 2
    json.dump(doc, sys.stdout)
    sys.stdout.write("\n")
    print(f"{prog}: {len(route.stops)} stops, tour {route.length_m:.0f} m, {route.seconds:.2f} s", file=sys.stderr)
    return 0


def register(subparsers: Any) -> None:
    """Add `route calc` to an argparse subparsers object; each parser sets `func(args) -> int`."""
    route = subparsers.add_parser("route", help="route calculation tools")
    route_sub = route.add_subparsers(dest="route_command", metavar="COMMAND")

    def usage(args: argparse.Namespace) -> int:
        route.print_usage(sys.stderr)
        return 2

    route.set_defaults(func=usage)
    calc = route_sub.add_parser("calc", help="cluster points inside a fence and order them into a tour",
                                description="Print the route as JSON on stdout and a summary on stderr.")
    calc.add_argument("--fence", required=True, help="include fence: MAD text, MAD's DB JSON form, or GeoJSON")
    calc.add_argument("--exclude", help="exclude fence, same formats")
    calc.add_argument("--points", help="points: CSV of lat,lng lines or GeoJSON points")
    calc.add_argument("--radius", required=True, type=float, help="stop radius in metres (positive)")
    calc.add_argument("--max-count", type=_count, help="at most this many points per stop (1: no clustering)")
    calc.add_argument("--algorithm", default=TourAlgorithm.AUTO.value, choices=[a.value for a in TourAlgorithm],
                      help="tour algorithm (default: auto)")
    calc.add_argument("--time-limit", type=_positive, help="seconds for tour improvement (default: scales with n)")
    calc.add_argument("--seed", type=int, default=0, help="seed for a reproducible tour (default 0)")
    calc.add_argument("--init", action="store_true", help="draw the init grid of the fence instead (no points)")
    calc.set_defaults(func=run_calc)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="magneton")
    register(parser.add_subparsers(dest="command", required=True, metavar="COMMAND"))
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())

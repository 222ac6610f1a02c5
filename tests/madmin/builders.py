"""Create objects through the API the way MAD's ResourceCreator does (dependencies first), with legacy payloads."""

from __future__ import annotations

import itertools
from typing import Any

from tests.madmin.conftest import Client

_counter = itertools.count(1)

FENCE = ["[town]", "52.50,13.40", "52.52,13.40", "52.52,13.43", "52.50,13.43"]


def unique(prefix: str) -> str:
    return f"{prefix} {next(_counter)}"


async def create(api: Client, resource: str, payload: dict[str, Any], **headers: str) -> str:
    answer = await api.post(f"/api/{resource}", payload, headers=headers or None)
    assert answer.status == 201, answer.body
    return answer.headers["X-Uri"]


async def geofence(api: Client, **extra: Any) -> str:
    return await create(api, "geofence", {"name": unique("fence"), "fence_type": "polygon", "fence_data": FENCE,
                                          **extra})


async def routecalc(api: Client) -> str:
    return await create(api, "routecalc", {"routefile": ["52.51,13.41"]})


async def area(api: Client, mode: str = "raids_mitm", **extra: Any) -> str:
    payload = {"name": unique("area"), "geofence_included": await geofence(api), "routecalc": await routecalc(api),
               **extra}
    if mode == "raids_mitm":
        payload = {"including_stops": True, "init": False, "settings": {"starve_route": False}, **payload}
    return await create(api, "area", payload, **{"X-Mode": mode})


async def walkerarea(api: Client, area_uri: str | None = None) -> str:
    return await create(api, "walkerarea", {"walkerarea": area_uri or await area(api), "walkertype": "coords",
                                            "walkervalue": "", "walkermax": "", "walkertext": ""})


async def walker(api: Client, setup: list[str] | None = None) -> str:
    return await create(api, "walker", {"walkername": unique("walker"),
                                        "setup": setup if setup is not None else [await walkerarea(api)]})


async def devicepool(api: Client) -> str:
    return await create(api, "devicepool", {"devicepool": unique("pool"), "settings": {"screenshot_type": "jpeg"}})


async def device(api: Client, **extra: Any) -> str:
    return await create(api, "device", {"origin": unique("dev"), "walker": await walker(api),
                                        "pool": await devicepool(api), "settings": {"screenshot_type": "png"},
                                        **extra})

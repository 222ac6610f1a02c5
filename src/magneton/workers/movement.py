"""How a worker gets to its next location: teleport or walk, and how long to wait afterwards."""

from __future__ import annotations

from dataclasses import dataclass

from magneton.mapping.device_settings import DeviceSettings

# Quest mode: after a fort action the account must not act again before it could have travelled this
# far (softban avoidance). (distance km, cooldown s), piecewise; our own table from common guidance.
SOFTBAN_COOLDOWN = ((1, 60), (5, 120), (10, 360), (25, 660), (30, 840), (65, 1320), (81, 1500), (100, 2100),
                    (250, 2700), (500, 3600), (750, 4800), (1000, 6000), (1500, 7200))
# MAD's cool-down after long plain-MITM teleports (cool_down_sleep): (over metres, seconds).
COOL_DOWN = ((10_000, 15.0), (5_000, 10.0), (2_500, 8.0))


@dataclass(frozen=True)
class Move:
    walk: bool
    delay: float  # seconds to wait after arriving


def plan_move(distance_m: float, speed_kmh: float | None, max_distance_m: float | None, first_move: bool,
              settings: DeviceSettings) -> Move:
    """MAD's rule: teleport when there is no speed, when the hop is longer than max_distance, or for the
    first move of a scan; otherwise walk at the area's speed."""
    teleport = not speed_kmh or first_move or (max_distance_m and 0 < max_distance_m < distance_m)
    if not teleport:
        return Move(True, settings.post_walk_delay)
    delay = settings.post_teleport_delay
    if settings.cool_down_sleep:
        delay = max([delay] + [seconds for over, seconds in COOL_DOWN if distance_m > over][:1])
    return Move(False, delay)


def softban_cooldown(distance_m: float) -> float:
    """Seconds an account should wait after a fort action before acting `distance_m` away."""
    km = distance_m / 1000
    if km <= 0.2:
        return 0.0
    for limit, seconds in SOFTBAN_COOLDOWN:
        if km <= limit:
            return float(seconds)
    return float(SOFTBAN_COOLDOWN[-1][1])

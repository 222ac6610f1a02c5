"""Weather per level-10 S2 cell (106 client_weather). Weather alerts are not sent by the game's map data,
so severity and warn_weather stay 0 as in MAD. Cell ids are stored unsigned (MAD kept negative ones as
sent, so gyms in such cells never found their weather)."""

from __future__ import annotations

import msgspec

from magneton.ingest.values import cell_centre, unsigned64, utc
from magneton.ingest.writer.kinds import Row, WriteKind


class DisplayWeather(msgspec.Struct):
    cloud_level: int = 0
    rain_level: int = 0
    wind_level: int = 0
    snow_level: int = 0
    fog_level: int = 0
    wind_direction: int = 0


class GameplayWeather(msgspec.Struct):
    gameplay_condition: int = 0


class ClientWeather(msgspec.Struct):
    cell_id: int
    display_weather: DisplayWeather | None = None
    gameplay_weather: GameplayWeather = msgspec.field(default_factory=GameplayWeather)


def weather_row(weather: ClientWeather, world_time: int, ts: int) -> Row | None:
    display = weather.display_weather
    if display is None:  # MAD skips entries without a display part
        return None
    cell = unsigned64(weather.cell_id)
    lat, lng = cell_centre(cell)
    return {"s2_cell_id": str(cell), "latitude": lat, "longitude": lng,
            "cloud_level": display.cloud_level, "rain_level": display.rain_level,
            "wind_level": display.wind_level, "snow_level": display.snow_level, "fog_level": display.fog_level,
            "wind_direction": display.wind_direction,
            "gameplay_weather": weather.gameplay_weather.gameplay_condition,
            "severity": 0, "warn_weather": 0, "world_time": world_time, "last_updated": utc(ts)}


WEATHER = WriteKind("weather", "weather", ("s2_cell_id",))

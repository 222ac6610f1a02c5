import pytest

from magneton.routing.route import Route, Stop
from magneton.routing.routefile import RoutefileError, from_routefile, to_routefile


def test_round_trip_and_mad_text() -> None:
    route = Route((Stop(52.519903, 13.400699), Stop(52.526848, 13.392288)), 0.0)
    assert from_routefile(to_routefile(route)) == [(52.519903, 13.400699), (52.526848, 13.392288)]
    assert from_routefile(str(["52.5,13.4", "52.6,13.5"]).replace("'", '"')) == [(52.5, 13.4), (52.6, 13.5)]
    assert from_routefile("") == []


def test_bad_entry_is_named() -> None:
    with pytest.raises(RoutefileError, match="entry 1"):
        from_routefile('["52.5,13.4", "x,13.5"]')

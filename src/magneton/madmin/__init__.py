"""MADmin: MAD's REST API, map feeds and device control, and a web admin for the whole fleet."""

from magneton.madmin.component import Madmin
from magneton.madmin.context import MadminContext
from magneton.madmin.route_source import AreaRoute, PrioEvent, RecalcRefused, RouteSource, SubRoute

__all__ = ["AreaRoute", "Madmin", "MadminContext", "PrioEvent", "RecalcRefused", "RouteSource", "SubRoute"]

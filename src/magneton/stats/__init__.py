"""The StatsHandler: per-device detection and location counts, flushed to MAD's trs_stats_* tables."""

from magneton.stats.handler import StatsHandler
from magneton.stats.interface import SEEN_TYPES, LocationRecord, StatsSink

__all__ = ["SEEN_TYPES", "LocationRecord", "StatsHandler", "StatsSink"]

"""Magneton: a scanner back end for Pokémon GO device fleets, compatible with MAD."""

__version__ = "0.1.0"

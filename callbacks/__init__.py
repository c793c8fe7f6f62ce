"""Thin callbacks: parse inputs, call pure functions, return outputs.

Importing this package registers every callback once per process.
"""

from callbacks import (
    deaths,
    drivers,
    filters,
    flows,
    incidents,
    overview,
    overview_map,
    route_profile,
    smugglers,
)

__all__ = [
    "deaths",
    "drivers",
    "filters",
    "flows",
    "incidents",
    "overview",
    "overview_map",
    "route_profile",
    "smugglers",
]

"""Thin callbacks: parse inputs, call pure functions, return outputs."""

from dash import Dash, _callback

from callbacks import (
    deaths,
    drivers,
    filters,
    flows,
    incidents,
    maps,
    navigation,
    overview,
    route_profile,
    smugglers,
)

__all__ = [
    "attach",
    "deaths",
    "drivers",
    "filters",
    "flows",
    "incidents",
    "maps",
    "navigation",
    "overview",
    "route_profile",
    "smugglers",
]

_REGISTERED_MAP = dict(_callback.GLOBAL_CALLBACK_MAP)
_REGISTERED_LIST = list(_callback.GLOBAL_CALLBACK_LIST)
_REGISTERED_SCRIPTS = list(_callback.GLOBAL_INLINE_SCRIPTS)
_callback.GLOBAL_CALLBACK_MAP.clear()
_callback.GLOBAL_CALLBACK_LIST.clear()
_callback.GLOBAL_INLINE_SCRIPTS.clear()


def attach(app: Dash) -> None:
    """Give ``app`` every callback of the package.

    ``dash.callback`` hands its registrations to the first app that starts and then forgets
    them, so a second app in the same process (tests, several workers' factories) would have
    none; the registrations are kept here and copied into each app instead.
    """
    app.callback_map.update(_REGISTERED_MAP)
    app._callback_list.extend(_REGISTERED_LIST)
    app._inline_scripts.extend(_REGISTERED_SCRIPTS)

"""A view's own URL parameters beside the filters: page controls, presentation layout, briefing.

``/drivers?gender=female&page_breakdown=route&present=1`` is the drivers page for women, broken
down by route, in the presentation layout. The filter parser leaves these parameters to the
view (:func:`view_parameters`); the filter bar keeps them when it rewrites the address.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import quote

#: A page control's parameter is its name after this (``page_route``: the route filter is ``route``).
CONTROL_PREFIX = "page_"
#: ``present=1``: the presentation layout (large type, high contrast, no controls).
PRESENT = "present"
#: ``slide=3``: the third view of the briefing being shown.
SLIDE = "slide"
#: ``view=/drivers?gender=female``: one view of a briefing (repeated, in order).
VIEW = "view"


def control_parameter(name: str) -> str:
    """The query parameter of the page control ``name``."""
    return f"{CONTROL_PREFIX}{name}"


def is_view_parameter(name: str) -> bool:
    """Whether ``name`` is a parameter of the view rather than a filter."""
    return name.startswith(CONTROL_PREFIX) or name in (PRESENT, SLIDE, VIEW)


def _parts(search: str | None) -> list[str]:
    return [part for part in (search or "").removeprefix("?").split("&") if part]


def _name(part: str) -> str:
    return part.partition("=")[0]


def filters_part(search: str | None) -> str:
    """``search`` without the view's own parameters: what the filter parser reads."""
    return "&".join(part for part in _parts(search) if not is_view_parameter(_name(part)))


def with_view_parameters(new_search: str, old_search: str | None) -> str:
    """``new_search`` (the filters' query string, ``?`` or not) followed by ``old_search``'s view parameters."""
    kept = [part for part in _parts(old_search) if is_view_parameter(_name(part))]
    parts = [*_parts(new_search), *kept]
    return f"?{'&'.join(parts)}" if parts else ""


def with_controls(search: str | None, controls: Mapping[str, object]) -> str:
    """``search`` with its page-control parameters replaced by ``controls``' values (the rest in place)."""
    kept = [part for part in _parts(search) if not _name(part).startswith(CONTROL_PREFIX)]
    given = [
        f"{control_parameter(name)}={quote(str(value), safe='')}"
        for name, value in controls.items()
        if value is not None
    ]
    parts = [*kept, *given]
    return f"?{'&'.join(parts)}" if parts else ""


def without(search: str | None, names: Iterable[str]) -> str:
    """``search`` without the parameters ``names`` (``?`` kept when anything remains)."""
    dropped = set(names)
    parts = [part for part in _parts(search) if _name(part) not in dropped]
    return f"?{'&'.join(parts)}" if parts else ""

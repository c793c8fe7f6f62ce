"""Region profiles: one folder per region under ``data/regions/`` with a ``profile.json``.

A profile names the region, its countries, map view and the data files that
describe it. Paths in the profile are relative to its folder, so adding a region
is a data change only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

PROFILE_FILE = "profile.json"
REQUIRED_FILES: tuple[str, ...] = (
    "hubs",
    "routes",
    "route_segments",
    "fmp_sites",
    "admin1",
    "admin0",
    "mmp_route_families",
)
_ISO3 = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class Extent:
    """Bounding box in degrees (WGS84)."""

    lon_min: float
    lon_max: float
    lat_min: float
    lat_max: float


@dataclass(frozen=True)
class RegionProfile:
    """A region's identity, map view and resolved data file paths."""

    id: str
    name: Mapping[str, str]
    countries: tuple[str, ...]
    extent: Extent
    center_lat: float
    center_lon: float
    zoom: float
    files: Mapping[str, Path]
    default: bool
    directory: Path
    context_countries: tuple[str, ...] = ()
    context_extent: Extent | None = None
    map_note: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def __hash__(self) -> int:
        return hash((self.id, self.directory))

    def label(self, lang: str = "en") -> str:
        """Region name in ``lang``, falling back to English."""
        return self.name.get(lang) or self.name["en"]

    def note(self, lang: str = "en") -> str:
        """The text shown on the region's map (e.g. how disputed borders are drawn) in ``lang``; "" if none."""
        return self.map_note.get(lang) or self.map_note.get("en", "")

    def path(self, key: str) -> Path:
        """Absolute path of the data file registered under ``key`` (e.g. ``"hubs"``)."""
        try:
            return self.files[key]
        except KeyError:
            raise KeyError(
                f"region {self.id!r} has no file {key!r} in its {PROFILE_FILE}; it lists {sorted(self.files)}"
            ) from None


def _require(data: Mapping[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if key not in data:
        raise ValueError(f"{where}: missing key {key!r}")
    value = data[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise ValueError(f"{where}: key {key!r} has {value!r}, expected {kind}")
    return value


def _countries(value: Any, where: str, key: str) -> tuple[str, ...]:
    bad = [c for c in value if not isinstance(c, str) or not _ISO3.match(c)]
    if bad or not value:
        raise ValueError(f"{where}: key {key!r} must be a non-empty list of ISO-3 codes; bad {bad}")
    return tuple(value)


def _extent(data: Mapping[str, Any], where: str) -> Extent:
    raw = _require(data, "extent", dict, where)
    extent = Extent(
        **{
            k: float(_require(raw, k, (int, float), f"{where} extent"))
            for k in ("lon_min", "lon_max", "lat_min", "lat_max")
        }
    )
    if not (extent.lon_min < extent.lon_max and extent.lat_min < extent.lat_max):
        raise ValueError(f"{where}: extent {extent} has min >= max")
    return extent


def _texts(data: Mapping[str, Any], key: str, where: str) -> Mapping[str, str]:
    """An optional ``{"en": ..., "fr": ...}`` key: English required, every value non-empty text."""
    if key not in data:
        return MappingProxyType({})
    texts = _require(data, key, dict, where)
    if not isinstance(texts.get("en"), str) or not all(
        isinstance(t, str) and t.strip() for t in texts.values()
    ):
        raise ValueError(f"{where}: key {key!r} needs non-empty texts by language, English under 'en'")
    return MappingProxyType(dict(texts))


def _context(
    data: Mapping[str, Any], countries: tuple[str, ...], where: str
) -> tuple[tuple[str, ...], Extent | None]:
    """The optional ``context`` key: countries drawn for orientation only and the box they are kept in."""
    if "context" not in data:
        return (), None
    context = _require(data, "context", dict, where)
    where = f"{where} context"
    context_countries = _countries(_require(context, "countries", list, where), where, "countries")
    shared = sorted(set(context_countries) & set(countries))
    if shared:
        raise ValueError(f"{where}: {shared} are countries of the region, not context")
    return context_countries, _extent(context, where)


def load_profile(region_dir: Path | str) -> RegionProfile:
    """Load and validate ``<region_dir>/profile.json``.

    The profile's ``id`` must equal the folder name. Data files need not exist
    yet; their paths are resolved relative to the folder.
    """
    directory = Path(region_dir).resolve()
    where = str(directory / PROFILE_FILE)
    try:
        data = json.loads((directory / PROFILE_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(f"{where}: file not found") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"{where}: not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise ValueError(f"{where}: expected a JSON object")

    region_id = _require(data, "id", str, where)
    if region_id != directory.name:
        raise ValueError(f"{where}: id {region_id!r} differs from its folder name {directory.name!r}")
    name = _require(data, "name", dict, where)
    if not isinstance(name.get("en"), str) or not name["en"]:
        raise ValueError(f"{where}: key 'name' needs an English name under 'en'")
    countries = _countries(_require(data, "countries", list, where), where, "countries")
    extent = _extent(data, where)
    center = _require(data, "center", dict, where)
    center_lat = float(_require(center, "lat", (int, float), f"{where} center"))
    center_lon = float(_require(center, "lon", (int, float), f"{where} center"))
    zoom = float(_require(data, "zoom", (int, float), where))
    raw_files = _require(data, "files", dict, where)
    missing = [k for k in REQUIRED_FILES if k not in raw_files]
    if missing:
        raise ValueError(f"{where}: key 'files' lacks {missing}")
    files: dict[str, Path] = {}
    for key, rel in raw_files.items():
        if not isinstance(rel, str) or Path(rel).is_absolute() or ".." in Path(rel).parts:
            raise ValueError(f"{where}: files[{key!r}] = {rel!r} must be a path inside the region folder")
        files[key] = directory / rel
    default = data.get("default", False)
    if not isinstance(default, bool):
        raise ValueError(f"{where}: key 'default' must be true or false, not {default!r}")
    context_countries, context_extent = _context(data, countries, where)

    return RegionProfile(
        id=region_id,
        name=MappingProxyType(dict(name)),
        countries=countries,
        extent=extent,
        center_lat=center_lat,
        center_lon=center_lon,
        zoom=zoom,
        files=MappingProxyType(files),
        default=default,
        directory=directory,
        context_countries=context_countries,
        context_extent=context_extent,
        map_note=_texts(data, "map_note", where),
    )


def available_profiles(regions_root: Path | str) -> dict[str, RegionProfile]:
    """All profiles under ``regions_root`` (one per sub-folder with a profile.json), by id."""
    root = Path(regions_root)
    if not root.is_dir():
        raise ValueError(f"regions folder {root} does not exist")
    return {
        profile.id: profile
        for profile in (load_profile(sub) for sub in sorted(root.iterdir()) if (sub / PROFILE_FILE).is_file())
    }


def default_profile(regions_root: Path | str) -> RegionProfile:
    """The single profile marked ``"default": true`` under ``regions_root``."""
    return region_profile(regions_root, None)


def region_profile(regions_root: Path | str, region: str | None) -> RegionProfile:
    """The profile ``region`` under ``regions_root``, or the one marked default if None."""
    return chosen_profile(available_profiles(regions_root), region, regions_root)


def chosen_profile(
    profiles: Mapping[str, RegionProfile], region: str | None, regions_root: Path | str
) -> RegionProfile:
    """The profile ``region`` of ``profiles`` (read from ``regions_root``), or the one marked default if None."""
    if region is not None:
        if region not in profiles:
            raise ValueError(f"{regions_root}: no region profile {region!r}; there are {sorted(profiles)}")
        return profiles[region]
    defaults = [p for p in profiles.values() if p.default]
    if len(defaults) != 1:
        raise ValueError(
            f'{regions_root}: expected exactly one profile with "default": true, '
            f"found {[p.id for p in defaults]}"
        )
    return defaults[0]

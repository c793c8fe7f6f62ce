"""Synthetic 4Mi aggregate cells in the ``4mi`` import layout.

Interviews are drawn per interview town and month, then spread over route x
gender x age group x nationality with a multinomial, so that most cells are
small (as in real 4Mi tables, where small cells must be suppressed). Answers
are drawn per cell: multi-select categories independently (shares sum to more
than 100 %), single-select ones with a multinomial (they sum to the base).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from data_access.demo.places import Places
from data_access.demo.settings import Settings

GENDERS = ("female", "male", "other")
GENDER_SHARES = (0.30, 0.697, 0.003)
GENDERS_ARRAY = np.array(GENDERS, dtype=object)
AGE_GROUPS = ("18-24", "25-34", "35-44", "45+")
AGE_SHARES = (0.42, 0.40, 0.13, 0.05)  # mean age about 28
SURVEYED_SHARE = 0.6  # share of town-months with interviews
INTERVIEWS = (80, 150)  # interviews in a surveyed town-month at scale 1
EXTRA_NATIONALITY_SHARE = 0.25  # share of interviews going to the extra origins when scale > 1
DRIVERS = {
    "economic": 0.91,
    "personal_family": 0.28,
    "violence_insecurity_conflict": 0.16,
    "lack_of_rights": 0.10,
    "lack_of_services": 0.05,
    "environmental": 0.02,
    "other": 0.03,
}
SMUGGLER_USED = (0.70, 0.80)  # range of the share of "yes" by town
MONEY_RAN_OUT = (0.30, 0.40)
SERVICES = {
    "transport": 0.85,
    "border_crossing": 0.45,
    "accommodation": 0.25,
    "documents": 0.10,
    "food_water": 0.20,
    "connection": 0.30,
    "other": 0.03,
}
NO_INCIDENT = 0.45
INCIDENTS = {  # among respondents reporting at least one incident
    "death_witnessed": 0.20,
    "sexual_violence": 0.06,
    "physical_violence": 0.35,
    "kidnapping": 0.10,
    "detention": 0.25,
    "robbery": 0.35,
    "bribery_extortion": 0.45,
    "other": 0.05,
}
WOMEN_INCIDENTS = {"sexual_violence": 0.20}  # women's own shares, where they differ
ON_ROUTE_PLACE_BOOST = 3.0
TOWN_STREAM = 0  # the random stream of the towns' shares; months use (year, month)
COLUMNS = [
    "period", "country_of_interview", "region_of_interview", "location", "route", "gender",
    "age_group", "nationality", "indicator", "category", "place", "perpetrator", "respondents", "base",
]  # fmt: skip


@dataclass(frozen=True)
class _Cells:
    """Disjoint cells of one month: one entry per cell, dimension values as codes into the lookup lists."""

    town: np.ndarray
    route: np.ndarray
    gender: np.ndarray
    age: np.ndarray
    nationality: np.ndarray
    size: np.ndarray


@dataclass(frozen=True)
class _Town:
    hub_id: str
    name: str
    country: str
    region: str
    first_period: str
    last_period: str  # "": still surveyed
    routes: list[str]
    route_weights: np.ndarray


@dataclass(frozen=True)
class _Survey:
    """What every month's draws share: towns, lookup lists and the weights drawn once per town."""

    towns: list[_Town]
    routes: list[str]
    nationalities: list[str]
    cell_weights: list[np.ndarray]  # per town: chances of route x gender x age x nationality, flattened
    demography_shape: tuple[int, ...]
    used_share: np.ndarray  # per town
    ran_out_share: np.ndarray  # per town
    place_names: list[str]
    place_p: np.ndarray
    perpetrators: list[str]
    perpetrator_p: np.ndarray
    destinations: list[str]
    destination_p: np.ndarray
    incidents: dict[str, float]  # share of each incident type among respondents reporting one
    women_incidents: dict[str, float]  # women's shares where they differ


def fourmi_months(
    places: Places, settings: Settings, periods: list[str], *, scale: int, key: list[int]
) -> Iterator[pd.DataFrame]:
    """4Mi cells month by month for ``periods`` (YYYY-MM); ``scale`` multiplies interviews and widens origins.

    ``key`` seeds the random streams: the towns' shares come from one stream, each month from a
    stream of its own (keyed by the month), so a month's cells do not depend on the window.
    Months without interviews yield nothing.
    """
    survey = _survey(places, settings, scale, np.random.default_rng([*key, TOWN_STREAM]))
    for period in periods:
        rng = np.random.default_rng([*key, int(period[:4]), int(period[5:])])
        cells = _draw_cells(survey, period, scale, rng)
        if len(cells.size):
            yield _frame(cells, _answers(cells, survey, rng), survey, period)


def _survey(places: Places, settings: Settings, scale: int, rng: np.random.Generator) -> _Survey:
    towns = _towns(places, settings)
    routes = sorted({r for town in towns for r in town.routes})
    nationalities, nationality_weights = _nationalities(settings, scale)
    demography = np.multiply.outer(np.multiply.outer(GENDER_SHARES, AGE_SHARES), nationality_weights)
    cell_weights = [_normalised(np.multiply.outer(town.route_weights, demography).ravel()) for town in towns]
    place_names, place_p = _place_weights(places, settings, routes)
    perpetrators, perpetrator_p = _perpetrator_weights(settings)
    destinations, destination_p = _destination_weights(settings, routes)
    return _Survey(
        towns=towns,
        routes=routes,
        nationalities=nationalities,
        cell_weights=cell_weights,
        demography_shape=demography.shape,
        used_share=rng.uniform(*SMUGGLER_USED, size=len(towns)),
        ran_out_share=rng.uniform(*MONEY_RAN_OUT, size=len(towns)),
        place_names=place_names,
        place_p=place_p,
        perpetrators=perpetrators,
        perpetrator_p=perpetrator_p,
        destinations=destinations,
        destination_p=destination_p,
        incidents=_incident_shares(settings.incidents, INCIDENTS, "incidents"),
        women_incidents=_incident_shares(settings.women_incidents, WOMEN_INCIDENTS, "women_incidents"),
    )


def _incident_shares(shares: dict[str, float], defaults: dict[str, float], key: str) -> dict[str, float]:
    """``defaults`` with the profile's own ``shares``; a type the codebook lacks is refused by name."""
    unknown = sorted(set(shares) - set(INCIDENTS))
    if unknown:
        raise ValueError(f"[fourmi] {key}: unknown incident type(s) {unknown}; known: {list(INCIDENTS)}")
    return defaults | shares


def _towns(places: Places, settings: Settings) -> list[_Town]:
    towns = []
    for name, first_period, last_period in settings.interview_towns:
        hub_id = places.hub_id(name)
        hub = places.hub(hub_id)
        weights = settings.route_weights.get(hub["country"], {})
        routes = places.routes_through(hub_id) or [""]
        towns.append(
            _Town(
                hub_id=hub_id,
                name=hub["name"],
                country=hub["country"],
                region=places.admin1_name(hub_id),
                first_period=first_period,
                last_period=last_period,
                routes=routes,
                route_weights=_normalised([weights.get(r, settings.default_route_weight) for r in routes]),
            )
        )
    return towns


def _nationalities(settings: Settings, scale: int) -> tuple[list[str], np.ndarray]:
    codes = list(settings.nationalities)
    weights = _normalised(list(settings.nationalities.values()))
    extra = [c for c in settings.extra_nationalities if c not in codes][: max(scale - 1, 0) * 4]
    if not extra:
        return codes, weights
    extra_weights = np.full(len(extra), EXTRA_NATIONALITY_SHARE / len(extra))
    return codes + extra, np.concatenate([weights * (1 - EXTRA_NATIONALITY_SHARE), extra_weights])


def _draw_cells(survey: _Survey, period: str, scale: int, rng: np.random.Generator) -> _Cells:
    """The month's cells: each town open by then is surveyed with a chance, its interviews spread over cells."""
    parts: list[tuple[np.ndarray, ...]] = []
    for town_index, town in enumerate(survey.towns):
        closed = period < town.first_period or (town.last_period and period > town.last_period)
        if closed or rng.random() >= SURVEYED_SHARE:
            continue
        interviews = rng.integers(INTERVIEWS[0], INTERVIEWS[1] + 1) * scale
        counts = rng.multinomial(interviews, survey.cell_weights[town_index])
        (combo,) = np.nonzero(counts)
        r, g, a, k = np.unravel_index(combo, (len(town.routes), *survey.demography_shape))
        route_codes = np.array([survey.routes.index(route) for route in town.routes])
        parts.append((np.full(len(combo), town_index), route_codes[r], g, a, k, counts[combo]))
    if not parts:
        return _Cells(*(np.zeros(0, dtype=np.int64) for _ in range(6)))
    columns = [np.concatenate(values) for values in zip(*parts, strict=True)]
    order = np.lexsort(columns[4::-1])
    return _Cells(*(column[order] for column in columns))


@dataclass(frozen=True)
class _Block:
    """Rows of one indicator: cell index, category/place/perpetrator codes, respondents, base."""

    indicator: str
    categories: list[str]
    cell: np.ndarray
    category: np.ndarray
    respondents: np.ndarray
    base: np.ndarray
    place: np.ndarray | None = None
    perpetrator: np.ndarray | None = None


def _answers(cells: _Cells, survey: _Survey, rng: np.random.Generator) -> list[_Block]:
    """Answer blocks per indicator."""
    size = cells.size
    blocks = [_multi("driver", DRIVERS, size, np.ones_like(size, dtype=bool), rng)]

    used = rng.binomial(size, survey.used_share[cells.town])
    blocks.append(_single("smuggler_used", ["yes", "no"], np.column_stack([used, size - used]), size))
    service_block = _multi("smuggler_service", SERVICES, used, used > 0, rng)
    blocks.append(service_block)

    ran_out = rng.binomial(size, survey.ran_out_share[cells.town])
    blocks.append(_single("money_ran_out", ["yes", "no"], np.column_stack([ran_out, size - ran_out]), size))

    none = rng.binomial(size, NO_INCIDENT)
    exposed = size - none
    types = list(survey.incidents)
    p = np.tile(np.array(list(survey.incidents.values())), (len(size), 1))
    women = GENDERS_ARRAY[cells.gender] == "female"
    for kind, share in survey.women_incidents.items():
        p[women, types.index(kind)] = share
    incidents = rng.binomial(exposed[:, None], p)
    counts = np.column_stack([incidents, none])
    blocks.append(_single("incident_type", [*types, "none"], counts, size))

    blocks += _places_and_perpetrators(cells, incidents, types, survey.place_p, survey.perpetrator_p, rng)

    chosen = rng.multinomial(size, survey.destination_p[cells.route])
    blocks.append(_single("intended_destination", survey.destinations, chosen, size))
    return blocks


def _multi(
    indicator: str, shares: dict[str, float], base: np.ndarray, asked: np.ndarray, rng: np.random.Generator
) -> _Block:
    """Independent yes/no draws per category for the cells where ``asked``."""
    counts = rng.binomial(base[:, None], np.array(list(shares.values()))[None, :])
    counts[~asked] = 0
    return _single(indicator, list(shares), counts, base)


def _single(indicator: str, categories: list[str], counts: np.ndarray, base: np.ndarray) -> _Block:
    """Rows of a (cells x categories) count matrix, keeping non-zero counts."""
    cell, category = np.nonzero(counts)
    return _Block(indicator, categories, cell, category, counts[cell, category], base[cell])


def _places_and_perpetrators(
    cells: _Cells,
    incidents: np.ndarray,
    types: list[str],
    place_p: np.ndarray,
    perpetrator_p: np.ndarray,
    rng: np.random.Generator,
) -> list[_Block]:
    """Each respondent reporting an incident type names one place, and a perpetrator
    drawn from that place's mix; perpetrator rows are summed over places."""
    cell, kind = np.nonzero(incidents)
    reported = incidents[cell, kind]
    at_place = rng.multinomial(reported, place_p[cells.route[cell]])
    pair, place = np.nonzero(at_place)
    named = at_place[pair, place]
    by_perpetrator = rng.multinomial(named, perpetrator_p[place])
    per_pair = np.zeros((len(cell), perpetrator_p.shape[1]), dtype=np.int64)
    np.add.at(per_pair, pair, by_perpetrator)
    perp_pair, perpetrator = np.nonzero(per_pair)
    size = cells.size
    return [
        _Block("incident_place", types, cell[pair], kind[pair], named, size[cell[pair]], place=place),
        _Block(
            "incident_perpetrator", types, cell[perp_pair], kind[perp_pair],
            per_pair[perp_pair, perpetrator], size[cell[perp_pair]], perpetrator=perpetrator,
        ),
    ]  # fmt: skip


def _place_weights(places: Places, settings: Settings, routes: list[str]) -> tuple[list[str], np.ndarray]:
    """Place names and, per route code, the chance that an incident is placed there."""
    hub_ids = [places.hub_id(name) for name in settings.dangerous_places]
    names = [str(places.hub(h)["name"]) for h in hub_ids]
    base = np.array(list(settings.dangerous_places.values()), dtype=float)
    rows = []
    for route in routes:
        on_route = set(places.route_hubs[places.routes["route_id"] == route].iloc[0]) if route else set()
        rows.append(
            _normalised(base * np.array([ON_ROUTE_PLACE_BOOST if h in on_route else 1.0 for h in hub_ids]))
        )
    return names, np.array(rows)


def _perpetrator_weights(settings: Settings) -> tuple[list[str], np.ndarray]:
    """Perpetrator codes and, per dangerous place, the chance of each."""
    codes = list(settings.base_perpetrators)
    base = np.array(list(settings.base_perpetrators.values()), dtype=float)
    rows = [
        _normalised(
            base * np.array([settings.place_perpetrators.get(name, {}).get(code, 1.0) for code in codes])
        )
        for name in settings.dangerous_places
    ]
    return codes, np.array(rows)


def _destination_weights(settings: Settings, routes: list[str]) -> tuple[list[str], np.ndarray]:
    codes = sorted({code for weights in settings.destinations.values() for code in weights})
    rows = []
    for route in routes:
        prefix = max((key for key in settings.destinations if route.startswith(key)), key=len)
        weights = settings.destinations[prefix]
        rows.append(_normalised([weights.get(code, 0.0) for code in codes]))
    return codes, np.array(rows)


def _normalised(weights: list[float] | np.ndarray) -> np.ndarray:
    values = np.asarray(weights, dtype=float)
    return values / values.sum()


def _frame(cells: _Cells, blocks: list[_Block], survey: _Survey, period: str) -> pd.DataFrame:
    towns = survey.towns
    empty = np.full(0, "", dtype=object)
    parts = []
    for order, block in enumerate(blocks):
        n = len(block.cell)
        parts.append(
            {
                "cell": block.cell,
                "order": np.full(n, order),
                "category_code": block.category,
                "place_code": block.place if block.place is not None else np.full(n, -1),
                "perpetrator_code": block.perpetrator if block.perpetrator is not None else np.full(n, -1),
                "indicator": np.full(n, block.indicator, dtype=object),
                "category": np.array(block.categories, dtype=object)[block.category] if n else empty,
                "respondents": block.respondents,
                "base": block.base,
            }
        )
    rows = {key: np.concatenate([part[key] for part in parts]) for key in parts[0]}
    order = np.lexsort(
        [rows["perpetrator_code"], rows["place_code"], rows["category_code"], rows["order"], rows["cell"]]
    )
    rows = {key: values[order] for key, values in rows.items()}
    cell = rows["cell"]
    town = cells.town[cell]
    place_lookup = np.array([*survey.place_names, ""], dtype=object)
    perpetrator_lookup = np.array([*survey.perpetrators, ""], dtype=object)
    return pd.DataFrame(
        {
            "period": period,
            "country_of_interview": np.array([t.country for t in towns], dtype=object)[town],
            "region_of_interview": np.array([t.region for t in towns], dtype=object)[town],
            "location": np.array([t.name for t in towns], dtype=object)[town],
            "route": np.array(survey.routes, dtype=object)[cells.route[cell]],
            "gender": GENDERS_ARRAY[cells.gender[cell]],
            "age_group": np.array(AGE_GROUPS, dtype=object)[cells.age[cell]],
            "nationality": np.array(survey.nationalities, dtype=object)[cells.nationality[cell]],
            "indicator": rows["indicator"],
            "category": rows["category"],
            "place": place_lookup[rows["place_code"]],
            "perpetrator": perpetrator_lookup[rows["perpetrator_code"]],
            "respondents": rows["respondents"],
            "base": rows["base"],
        },
        columns=COLUMNS,
    )

"""Read-only JSON/CSV API over the indicator engine: aggregates only, never table rows.

Every answer carries its filters, sources, disclosure rule (which measures are rounded or exact) and coverage (the
months each source has loaded, and those within the filters' period); a CSV starts with the source credits (and a
warning for synthetic data) and the coverage as ``#`` comment lines.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from flask import Blueprint, Response, current_app, request
from werkzeug.exceptions import HTTPException

from core.i18n import SUPPORTED_LOCALES
from core.text import listed, quoted
from exports.csv_text import csv_text
from exports.table import Table
from exports.tabular import xlsx_export
from indicators.coverage import Coverage
from indicators.engine import Answer
from indicators.filters import LANG, MULTI_PARAMS, PARAMS, FilterError, Filters, parse_language, parse_query
from indicators.trends import COMPARISONS, GRANULARITIES, TrendPeriod, latest_period, parse_period
from panels.filters import outside_region
from panels.trends import DEFAULT_LIMIT, MAX_LIMIT, most_changed_records
from view_data import ViewData
from view_data.sources import (
    DEATH_DIMENSIONS,
    DEATH_MEASURES,
    FLOW_DIMENSIONS,
    FLOW_MEASURES,
    FOURMI_DIMENSIONS,
    FOURMI_MEASURES,
    MAX_BREAKDOWN,
    BreakdownError,
    check_breakdown,
)

PREFIX = "/api/v1"
FORMATS = ("json", "csv", "xlsx")
TABLE_FORMATS = ("csv", "xlsx")
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXTRA_PARAMS = ("by", "format")
CACHE_CONTROL = "public, max-age=300"
DATASET_FIELDS = (
    "kind", "name", "file_name", "sha256", "rows", "loaded_at",
    "schema_version", "synthetic", "credit", "licence",
)  # fmt: skip
CHANGES_PARAMS = ("period", "granularity", "compare", "limit", "format")
CHANGE_FIELDS = (
    "direction", "indicator", "indicator_label", "category", "category_label", "dimension", "dimension_label",
    "place", "place_label", "period", "comparison_period", "current", "comparison", "current_base",
    "comparison_base", "change", "unit", "level", "level_label", "link",
)  # fmt: skip
SYNTHETIC_WARNING = (
    "WARNING: synthetic demonstration data, not real observations; do not cite or use for decisions"
)
PARAM_DESCRIPTIONS = {
    "period_from": "First month included, YYYY-MM.",
    "period_to": "Last month included, YYYY-MM (on or after period_from).",
    "route": "Route ids of the region profiles.",
    "country": "ISO-3 codes: country of interview (4Mi), of the FMP (flows), of the incident (deaths).",
    "area": (
        "Ids of named groups of admin-1 units a region profile defines (e.g. coordination areas): the units of "
        "the chosen areas, within the admin1 codes when both are given; answered as that admin1 selection."
    ),
    "admin1": (
        "Admin-1 boundary codes (4Mi: region of interview; flows: unit the FMP site list names for the site; "
        "deaths: unit containing the coordinates)."
    ),
    "gender": "female, male, other (4Mi only).",
    "age_group": "18-24, 25-34, 35-44, 45+ (4Mi only).",
    "nationality": "ISO-3 codes (4Mi only).",
    "region": "Region profile id: restricts to its countries (and, for deaths, its routes).",
}
ENDPOINTS = {
    "/4mi/{indicator}": ("4Mi indicator shares", FOURMI_DIMENSIONS, FOURMI_MEASURES),
    "/flows": ("Flows through flow monitoring points (IOM DTM)", FLOW_DIMENSIONS, FLOW_MEASURES),
    "/deaths": (
        "Dead and missing migrants (IOM Missing Migrants Project). route and segment follow the route rule "
        "of the methodology page (an incident near overlapping routes counts in each; segment needs route in "
        "by or one route filtered); route_family is MMP's own route label; cause is MMP's cause category; "
        "hub is the nearest hub within 50 km.",
        DEATH_DIMENSIONS,
        DEATH_MEASURES,
    ),
}


def create_api(service: ViewData) -> Blueprint:
    """The API blueprint answering from ``service``."""
    api = Blueprint("api", __name__, url_prefix=PREFIX)

    @api.get("/4mi/<indicator>")
    def fourmi(indicator: str) -> Response:
        """Share of respondents choosing each category of a 4Mi indicator."""
        filters, by, output = _parse(service, FOURMI_DIMENSIONS)
        indicators = service.indicators()
        if indicator not in indicators:
            raise FilterError(
                "indicator",
                f"unknown indicator {quoted(indicator)} (expected one of {', '.join(indicators)})",
            )
        return _respond(service.fourmi(indicator, filters, by), output, f"4mi-{indicator}")

    @api.get("/flows")
    def flows() -> Response:
        """Individuals counted at flow monitoring points."""
        filters, by, output = _parse(service, FLOW_DIMENSIONS)
        return _respond(service.flows(filters, by), output, "flows")

    @api.get("/deaths")
    def deaths() -> Response:
        """Incidents, dead and missing migrants."""
        filters, by, output = _parse(service, DEATH_DIMENSIONS)
        return _respond(service.deaths(filters, by), output, "deaths")

    @api.get("/changes")
    def changes() -> Response:
        """What changed most: the largest increases and decreases of a month or quarter."""
        filters, extras = parse_query(
            request.query_string.decode("utf-8", "replace"), service.vocabulary(), CHANGES_PARAMS
        )
        filters = _within_region(service, filters)
        for name in ("period_from", "period_to"):
            if getattr(filters, name):
                raise FilterError(name, "not used by /changes (give period: YYYY-MM or YYYY-Qn)")
        output = _format(extras.get("format", "json"))
        period = _trend_period(service, extras)
        compare = extras.get("compare", COMPARISONS[0])
        if compare not in COMPARISONS:
            raise FilterError(
                "compare", f"{quoted(compare)} is not a comparison (expected {', '.join(COMPARISONS)})"
            )
        limit = _limit(extras.get("limit"))
        rows, answer = most_changed_records(service, filters, period, compare, limit)
        records = [{field: row[field] for field in CHANGE_FIELDS} for row in rows]
        before = rows[0]["comparison_period"] if rows else None
        if output in TABLE_FORMATS:
            lines = [
                *_provenance_lines(answer.sources),
                f"filters: {filters.to_query_string() or 'none'}",
                f"period: {period.text}, compared with {compare}",
                f"disclosure: {answer.disclosure['rule']}",
            ]
            return _table(output, records, list(CHANGE_FIELDS), lines, f"changes-{period.text}")
        return _json(
            {
                "period": period.text,
                "granularity": period.granularity,
                "compare": compare,
                "comparison_period": before,
                "rows": records,
                "filters": _filters_dict(filters),
                "sources": answer.sources,
                "disclosure": answer.disclosure,
                "filters_not_applied": list(answer.filters_not_applied),
            }
        )

    @api.get("/datasets")
    def datasets() -> Response:
        """Provenance of every active dataset."""
        unknown = sorted(set(request.args) - {"format", LANG})
        if unknown:
            raise FilterError(
                unknown[0], f"unknown parameter {quoted(unknown[0])} (expected format or {LANG})"
            )
        parse_language(request.args.getlist(LANG))
        formats = request.args.getlist("format")
        if len(formats) > 1:
            raise FilterError("format", f"takes one value, got {len(formats)}")
        output = _format(formats[0] if formats else "json")
        records = [_dataset_record(row) for row in service.datasets().to_dict("records")]
        if output in TABLE_FORMATS:
            return _table(output, records, list(DATASET_FIELDS), _provenance_lines(records), "datasets")
        return _json({"datasets": records})

    @api.get("/openapi.json")
    def openapi() -> Response:
        """The OpenAPI 3.1 description of this API."""
        return _json(openapi_document(service.indicators()))

    api.after_request(_cache_headers)
    api.register_error_handler(FilterError, bad_parameter)
    api.register_error_handler(BreakdownError, _bad_breakdown)
    api.register_error_handler(Exception, _unexpected)
    return api


def _cache_headers(response: Response) -> Response:
    if response.status_code == 200:
        response.headers["Cache-Control"] = CACHE_CONTROL
    return response


def bad_parameter(error: FilterError) -> Response:
    """A 400 answer naming the parameter and what is wrong with it."""
    return error_response(400, error.parameter, error.message)


def _bad_breakdown(error: BreakdownError) -> Response:
    return error_response(400, "by", str(error))


def _unexpected(error: Exception) -> Response:
    if isinstance(error, HTTPException):
        return error_response(error.code or 500, None, error.description or error.name)
    current_app.logger.exception("API request %s failed", request.full_path)
    return error_response(500, None, "internal error; the request has been logged")


def _within_region(service: ViewData, filters: Filters) -> Filters:
    """``filters``, or a :class:`FilterError` naming the values its region does not offer (another
    region's route, country, area or admin-1 unit would answer for a view no page shows)."""
    outside = outside_region(service, filters)
    if outside:
        name, values = next(iter(outside.items()))
        raise FilterError(name, f"{listed(values)}: not in region {filters.region}")
    return filters


def _parse(service: ViewData, dimensions: Sequence[str]) -> tuple[Filters, tuple[str, ...], str]:
    filters, extras = parse_query(
        request.query_string.decode("utf-8", "replace"), service.vocabulary(), EXTRA_PARAMS
    )
    filters = _within_region(service, filters)
    by = tuple(dict.fromkeys(item.strip() for item in extras.get("by", "").split(",") if item.strip()))
    unknown = [dim for dim in by if dim not in dimensions]
    if unknown:
        raise FilterError(
            "by", f"cannot break down by {quoted(unknown[0])} (expected some of {', '.join(dimensions)})"
        )
    try:
        check_breakdown(by)
    except BreakdownError as error:
        raise FilterError("by", str(error)) from None
    return filters, by, _format(extras.get("format", "json"))


def _trend_period(service: ViewData, extras: dict[str, str]) -> TrendPeriod:
    """The period ``period`` names (its form must match ``granularity`` if given), else the latest complete one."""
    granularity = extras.get("granularity")
    if granularity is not None and granularity not in GRANULARITIES:
        raise FilterError(
            "granularity", f"{quoted(granularity)} is not a granularity (expected {', '.join(GRANULARITIES)})"
        )
    if "period" in extras:
        period = parse_period("period", extras["period"])
        if granularity is not None and period.granularity != granularity:
            raise FilterError(
                "period", f"{quoted(period.text)} is not a {granularity} (granularity={granularity})"
            )
        return period
    latest = latest_period(service.loaded_periods(), granularity or GRANULARITIES[0])
    if latest is None:
        raise FilterError("period", f"no complete {granularity or GRANULARITIES[0]} with data is loaded")
    return latest


def _limit(value: str | None) -> int:
    """``limit``: how many increases and how many decreases, 1 to MAX_LIMIT."""
    if value is None:
        return DEFAULT_LIMIT
    if not value.strip().isdigit() or not 1 <= int(value) <= MAX_LIMIT:
        raise FilterError("limit", f"{quoted(value)} is not a whole number from 1 to {MAX_LIMIT}")
    return int(value)


def _format(value: str) -> str:
    if value not in FORMATS:
        raise FilterError("format", f"{quoted(value)} is not a format (expected {', '.join(FORMATS)})")
    return value


def _respond(answer: Answer, output: str, name: str) -> Response:
    records = answer.records()
    if output in TABLE_FORMATS:
        lines = [
            *_provenance_lines(answer.sources),
            f"filters: {answer.filters.to_query_string() or 'none'}",
            *(_coverage_line(coverage) for coverage in answer.coverage),
            *(
                [f"filters not applied: {', '.join(answer.filters_not_applied)}"]
                if answer.filters_not_applied
                else []
            ),
            f"disclosure: {answer.disclosure['rule']}",
        ]
        return _table(output, records, list(answer.rows.columns), lines, name)
    return _json(
        {
            "rows": records,
            "filters": _filters_dict(answer.filters),
            "sources": answer.sources,
            "disclosure": answer.disclosure,
            "filters_not_applied": list(answer.filters_not_applied),
            "coverage": [coverage.record() for coverage in answer.coverage],
        }
    )


def _coverage_line(coverage: Coverage) -> str:
    return (
        f"coverage: {coverage.source} loaded {_span(coverage.first_period, coverage.last_period)}, "
        f"within the filters {_span(coverage.first_in_filters, coverage.last_in_filters)}"
    )


def _span(first: str | None, last: str | None) -> str:
    return f"{first} to {last}" if first and last else "none"


def _filters_dict(filters: Filters) -> dict[str, object]:
    return {
        name: list(getattr(filters, name)) if name in MULTI_PARAMS else getattr(filters, name)
        for name in PARAMS
    }


def _provenance_lines(sources: Sequence[dict[str, object]]) -> list[str]:
    lines = [
        f"source: {s['credit']} ({s['licence']}); dataset {s['name']}, file {s['file_name']}, "
        f"sha256 {s['sha256']}, loaded {s['loaded_at']}{', SYNTHETIC' if s['synthetic'] else ''}"
        for s in sources
    ]
    return [*lines, SYNTHETIC_WARNING] if any(s["synthetic"] for s in sources) else lines


def _dataset_record(row: dict[str, object]) -> dict[str, object]:
    record = {key: row[key] for key in DATASET_FIELDS}
    record["rows"] = int(record["rows"])
    record["synthetic"] = bool(record["synthetic"])
    record["loaded_at"] = record["loaded_at"].isoformat()
    return record


def _json(body: object, status: int = 200) -> Response:
    return Response(
        json.dumps(body, ensure_ascii=False, allow_nan=False), status, mimetype="application/json"
    )


def _table(
    output: str, records: list[dict[str, object]], columns: list[str], comments: list[str], name: str
) -> Response:
    """Records as CSV (after ``#`` comment lines) or XLSX (the comments on an "About" sheet)."""
    rows = [[record[column] for column in columns] for record in records]
    if output == "csv":
        body: str | bytes = csv_text(columns, rows, comments)
        mimetype = "text/csv"
    else:
        lines = [tuple(line.split(": ", 1)) if ": " in line else ("", line) for line in comments]
        body, mimetype = xlsx_export(Table(columns, rows), lines), XLSX_MIMETYPE
    return Response(
        body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}.{output}"'}
    )


def error_response(status: int, parameter: str | None, message: str) -> Response:
    """A JSON error answer: ``{"error": {"parameter": ..., "message": ...}}`` with ``status``."""
    return _json({"error": {"parameter": parameter, "message": message}}, status)


def openapi_document(indicators: list[str]) -> dict[str, object]:
    """The OpenAPI 3.1 document, built from the same parameter and dimension lists as the handlers."""
    paths: dict[str, object] = {
        path: {"get": _operation(summary, dimensions, measures, path, indicators)}
        for path, (summary, dimensions, measures) in ENDPOINTS.items()
    }
    paths["/datasets"] = {
        "get": {
            "summary": "Provenance of every active dataset",
            "operationId": "datasets",
            "parameters": [_format_parameter(), _lang_parameter()],
            "responses": {
                "200": {
                    "description": "Active datasets",
                    "headers": _cache_header(),
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Datasets"}},
                        "text/csv": {"schema": {"type": "string"}},
                        XLSX_MIMETYPE: {"schema": {"type": "string", "format": "binary"}},
                    },
                },
                "400": _error_response(),
            },
        }
    }
    paths["/changes"] = {"get": _changes_operation()}
    paths["/openapi.json"] = {
        "get": {
            "summary": "This document",
            "operationId": "openapi",
            "responses": {
                "200": {"description": "OpenAPI 3.1 document", "content": {"application/json": {}}}
            },
        }
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Mixed-migration protection monitor API",
            "version": "1.0.0",
            "description": (
                "Aggregates of 4Mi survey cells, IOM DTM flow monitoring and IOM Missing Migrants Project "
                "data. Counts about people are rounded to the nearest ROUND_TO (5 by default) and counts "
                "from 1 to MIN_COUNT - 1 are hidden (null in JSON, empty in CSV); shares come from the "
                "rounded counts. No endpoint returns row-level data. Every answer names its sources and "
                "states which rule applied to which measure (`disclosure`); synthetic data is flagged."
            ),
        },
        "servers": [{"url": PREFIX}],
        "paths": paths,
        "components": {"schemas": _schemas()},
    }


def _operation(
    summary: str, dimensions: Sequence[str], measures: Sequence[str], path: str, indicators: list[str]
) -> dict[str, object]:
    parameters: list[dict[str, object]] = []
    if "{indicator}" in path:
        parameters.append(
            {
                "name": "indicator",
                "in": "path",
                "required": True,
                "schema": {"type": "string", "enum": indicators},
            }
        )
    parameters += [_filter_parameter(name) for name in PARAMS]
    parameters += [
        {
            "name": "by",
            "in": "query",
            "description": f"Dimensions to break down by, comma-separated; at most {MAX_BREAKDOWN}.",
            "style": "form",
            "explode": False,
            "schema": {"type": "array", "items": {"type": "string", "enum": list(dimensions)}},
        },
        _format_parameter(),
        _lang_parameter(),
    ]
    row_properties = {dim: {"type": ["string", "integer", "null"]} for dim in dimensions}
    row_properties |= {measure: {"type": ["number", "null"]} for measure in measures}
    row_properties["suppressed"] = {"type": "boolean"}
    return {
        "summary": summary,
        "operationId": path.strip("/").split("/")[0].replace("4mi", "fourmi"),
        "parameters": parameters,
        "responses": {
            "200": {
                "description": f"One row per `by` group; measures: {', '.join(measures)}",
                "headers": _cache_header(),
                "content": {
                    "application/json": {
                        "schema": {
                            "allOf": [
                                {"$ref": "#/components/schemas/Answer"},
                                {
                                    "properties": {
                                        "rows": {
                                            "type": "array",
                                            "items": {"type": "object", "properties": row_properties},
                                        }
                                    }
                                },
                            ]
                        }
                    },
                    "text/csv": {
                        "schema": {"type": "string"},
                        "example": "# source: …\n# filters: none\n",
                    },
                    XLSX_MIMETYPE: {"schema": {"type": "string", "format": "binary"}},
                },
            },
            "400": _error_response(),
        },
    }


def _changes_operation() -> dict[str, object]:
    """What changed most: its parameters and rows."""
    text = {"type": "string"}
    number = {"type": ["number", "null"]}
    rows = {
        field: number
        if field in ("current", "comparison", "current_base", "comparison_base", "change")
        else text
        for field in CHANGE_FIELDS
    }
    rows |= {
        "direction": {"type": "string", "enum": ["increase", "decrease"]},
        "unit": {
            "type": "string",
            "enum": ["pct", "pp"],
            "description": "pct: relative change in %; pp: points.",
        },
        "link": {"type": "string", "description": "The dashboard view showing it (relative to the site)."},
    }
    query = [
        ("period", "A month (YYYY-MM) or a quarter (YYYY-Qn); default: the latest complete one with data.",
         {"type": "string", "pattern": "^[0-9]{4}-((0[1-9]|1[0-2])|Q[1-4])$"}),
        ("granularity", "month or quarter: the form of the default period (must match period if both are given).",
         {"type": "string", "enum": list(GRANULARITIES), "default": GRANULARITIES[0]}),
        ("compare", "previous: the period before; year: the same period a year earlier.",
         {"type": "string", "enum": list(COMPARISONS), "default": COMPARISONS[0]}),
        ("limit", f"How many increases and how many decreases, at most {MAX_LIMIT}.",
         {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT}),
    ]  # fmt: skip
    parameters = [_filter_parameter(name) for name in PARAMS if name not in ("period_from", "period_to")]
    parameters += [{"name": n, "in": "query", "description": d, "schema": schema} for n, d, schema in query]
    parameters += [_format_parameter(), _lang_parameter()]
    return {
        "summary": (
            "What changed most: the largest increases and decreases of flows (movements per day), 4Mi incident "
            "and driver shares and deaths (dead and missing), by region, route and country, computed from the "
            "published values (a hidden value gives no change); labels in the language of lang"
        ),
        "operationId": "changes",
        "parameters": parameters,
        "responses": {
            "200": {
                "description": "Largest increases, then largest decreases, ranked by the change as a multiple of "
                "a large change (25 % for counts, 10 points for shares)",
                "headers": _cache_header(),
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["period", "compare", "rows", "sources", "disclosure"],
                            "properties": {
                                "period": text,
                                "granularity": {"type": "string", "enum": list(GRANULARITIES)},
                                "compare": {"type": "string", "enum": list(COMPARISONS)},
                                "comparison_period": {"type": ["string", "null"]},
                                "rows": {"type": "array", "items": {"type": "object", "properties": rows}},
                                "filters": {"type": "object"},
                                "sources": {
                                    "type": "array",
                                    "items": {"$ref": "#/components/schemas/Source"},
                                },
                                "disclosure": {"type": "object"},
                                "filters_not_applied": {"type": "array", "items": text},
                            },
                        }
                    },
                    "text/csv": {"schema": text},
                    XLSX_MIMETYPE: {"schema": {"type": "string", "format": "binary"}},
                },
            },
            "400": _error_response(),
        },
    }


def _filter_parameter(name: str) -> dict[str, object]:
    schema: dict[str, object] = {"type": "string"}
    if name in ("period_from", "period_to"):
        schema["pattern"] = "^[0-9]{4}-(0[1-9]|1[0-2])$"
    if name in MULTI_PARAMS:
        schema = {"type": "array", "items": schema}
    parameter = {"name": name, "in": "query", "description": PARAM_DESCRIPTIONS[name], "schema": schema}
    if name in MULTI_PARAMS:
        parameter |= {"style": "form", "explode": False}
    return parameter


def _format_parameter() -> dict[str, object]:
    return {
        "name": "format",
        "in": "query",
        "description": "Response format.",
        "schema": {"type": "string", "enum": list(FORMATS), "default": "json"},
    }


def _lang_parameter() -> dict[str, object]:
    return {
        "name": LANG,
        "in": "query",
        "description": "Interface language, as in the dashboard's links; it does not change the numbers.",
        "schema": {"type": "string", "enum": list(SUPPORTED_LOCALES)},
    }


def _cache_header() -> dict[str, object]:
    return {"Cache-Control": {"schema": {"type": "string", "const": CACHE_CONTROL}}}


def _error_response() -> dict[str, object]:
    return {
        "description": "A parameter or value the API does not accept; `parameter` names it.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _schemas() -> dict[str, object]:
    nullable_string = {"type": ["string", "null"]}
    source = {
        "type": "object",
        "required": ["kind", "name", "file_name", "sha256", "loaded_at", "synthetic", "credit", "licence"],
        "properties": {
            "kind": {"type": "string"},
            "name": {"type": "string"},
            "file_name": {"type": "string"},
            "sha256": {"type": "string"},
            "loaded_at": {"type": "string", "format": "date-time"},
            "synthetic": {"type": "boolean"},
            "credit": {"type": "string"},
            "licence": {"type": "string"},
        },
    }
    filters = {
        name: {"type": "array", "items": {"type": "string"}} if name in MULTI_PARAMS else nullable_string
        for name in PARAMS
    }
    period = {"type": ["string", "null"], "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$"}
    coverage = {
        "type": "object",
        "description": (
            "First and last month (YYYY-MM) with data of one source of the answer: loaded, and within the "
            "requested period_from and period_to; null where there is none."
        ),
        "required": ["source", "first_period", "last_period", "first_in_filters", "last_in_filters"],
        "properties": {
            "source": {"type": "string", "enum": ["4mi", "flows", "deaths"]},
            "first_period": period,
            "last_period": period,
            "first_in_filters": period,
            "last_in_filters": period,
        },
    }
    return {
        "Source": source,
        "Coverage": coverage,
        "Answer": {
            "type": "object",
            "required": ["rows", "filters", "sources", "disclosure", "filters_not_applied", "coverage"],
            "properties": {
                "rows": {"type": "array", "items": {"type": "object"}},
                "filters": {"type": "object", "properties": filters},
                "sources": {"type": "array", "items": {"$ref": "#/components/schemas/Source"}},
                "disclosure": {"type": "object"},
                "filters_not_applied": {"type": "array", "items": {"type": "string", "enum": list(PARAMS)}},
                "coverage": {"type": "array", "items": {"$ref": "#/components/schemas/Coverage"}},
            },
        },
        "Datasets": {
            "type": "object",
            "required": ["datasets"],
            "properties": {
                "datasets": {
                    "type": "array",
                    "items": {
                        "allOf": [
                            {"$ref": "#/components/schemas/Source"},
                            {
                                "properties": {
                                    "rows": {"type": "integer"},
                                    "schema_version": {"type": "string"},
                                }
                            },
                        ]
                    },
                }
            },
        },
        "Error": {
            "type": "object",
            "required": ["error"],
            "properties": {
                "error": {
                    "type": "object",
                    "required": ["parameter", "message"],
                    "properties": {"parameter": nullable_string, "message": {"type": "string"}},
                }
            },
        },
    }

"""Locust users of the load benchmark (``python -m dashboard loadtest``): a browser's requests replayed, and API calls.

Each user opens pages and changes their filters by replaying what headless Chromium sent for the same
steps (bench/traffic.json, made by ``python -m dashboard.record_traffic``: page, layout, dependencies,
callback POSTs with their recorded bodies, map geometry), and calls the read-only API with filters
drawn at random, pausing 1 to 5 s between steps like a reader.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from locust import FastHttpUser, between, task

TRAFFIC = json.loads((Path(__file__).resolve().parents[1] / "bench" / "traffic.json").read_text())
INDICATORS = ["driver", "incident_type", "incident_perpetrator", "smuggler_used", "smuggler_service"]
API_PATHS = [*(f"/api/v1/4mi/{indicator}" for indicator in INDICATORS), "/api/v1/flows", "/api/v1/deaths"]
FILTERS: dict[str, list[str]] = {
    "period_from": ["2017-01", "2019-06", "2021-01", "2023-01"],
    "period_to": ["2024-12", "2023-12"],
    "gender": ["female", "male"],
    "age_group": ["18-24", "25-34", "35-44", "45+"],
    "country": ["MLI", "NER", "BFA"],
    "route": ["central_med_niger", "central_med_chad", "atlantic"],
    "by": ["country", "period", "route", "gender", "year,country"],
}
API_BY = {"/api/v1/flows": ["route", "country", "period"], "/api/v1/deaths": ["year", "route", "country"]}


def request_name(request: dict[str, Any]) -> str:
    """The statistics' name of a recorded request: its kind, and for a callback the outputs it sets."""
    path = request["url"].split("?")[0]
    if path == "/_dash-update-component":
        return f"callback {request['body']['output'][:60]}"
    if path.startswith("/_geometry/"):
        return "map geometry"
    if path.startswith("/_dash-"):
        return path
    return "page"


def api_query(path: str) -> str:
    """Two or three filters drawn at random, with a breakdown the endpoint offers."""
    chosen = random.sample([name for name in FILTERS if name != "by"], k=random.randint(1, 3))
    params = {name: random.choice(FILTERS[name]) for name in chosen}
    params["by"] = random.choice(API_BY.get(path, FILTERS["by"]))
    if path in API_BY:  # gender, age group and nationality are 4Mi's only
        params = {name: value for name, value in params.items() if name not in {"gender", "age_group"}}
    return urlencode(params)


class Reader(FastHttpUser):
    """Someone reading the dashboard: opens pages, changes filters, now and then calls the API."""

    wait_time = between(1, 5)

    def _replay(self, step: dict[str, Any]) -> None:
        for request in step["requests"]:
            if request["method"] == "POST":
                self.client.post(request["url"], json=request["body"], name=request_name(request))
            else:
                self.client.get(request["url"], name=request_name(request))

    @task(2)
    def open_page(self) -> None:
        self._replay(random.choice(TRAFFIC["visits"]))

    @task(4)
    def change_filters(self) -> None:
        self._replay(random.choice(TRAFFIC["changes"]))

    @task(3)
    def call_api(self) -> None:
        path = random.choice(API_PATHS)
        self.client.get(f"{path}?{api_query(path)}", name=f"api {path}")

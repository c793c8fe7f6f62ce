"""Security headers on every kind of answer, JSON not-found answers for the API, and no 500 for crafted paths."""

from __future__ import annotations

import base64
import hashlib
import itertools
import re
from html.parser import HTMLParser

import pytest

from tests.dashboard.test_app import router_request

REFERRER_POLICY = "strict-origin-when-cross-origin"
API_NOT_FOUND = ["/api", "/api/", "/api/v2/x", "/api/v1", "/api/v1/", "/api/v1/nope", "/api/v1/flows/extra"]
#: Crafted addresses: every prefix the app serves something under, then a suffix that names nothing.
PREFIXES = [
    "", "/api", "/api/v1", "/api/v1/flows", "/lite", "/lite/drivers", "/export", "/export/drivers",
    "/export/briefings", "/_dash-component-suites", "/_dash-component-suites/dash",
    "/_dash-component-suites/dash/dcc", "/_dash-component-suites/nope", "/assets", "/assets/vendor",
    "/_geometry", "/_geometry/west-north-africa", "/drivers", "/_dash-layout",
]  # fmt: skip
SUFFIXES = [
    "/x", "/../x", "/../../app.py", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fdashboard%2fapp.py", "/..;/x",
    "/x.v1m2.js", "/x.v..m..min.js", "/nope.v4_4_1m1.min.js", "/%00", "/%ff%fe", "/é", "/" + "a" * 300,
    "/x;y", "/x.json", "/index.html", "/nope.csv", "/a/b/c", "/%0d%0aSet-Cookie:%20x=1",
]  # fmt: skip
OTHER_METHODS = ["HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]


class _Scripts(HTMLParser):
    """The inline scripts a browser would run (not JSON blocks, not scripts inside HTML comments)."""

    def __init__(self) -> None:
        super().__init__()
        self.inline: list[str] = []
        self.sources: list[str] = []
        self._open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script" and found.get("src"):
            self.sources.append(str(found["src"]))
        self._open = tag == "script" and not found.get("src") and found.get("type") != "application/json"
        if self._open:
            self.inline.append("")

    def handle_data(self, data: str) -> None:
        if self._open:
            self.inline[-1] += data

    def handle_endtag(self, tag: str) -> None:
        self._open = False


def _scripts(html: str) -> _Scripts:
    parser = _Scripts()
    parser.feed(html)
    return parser


def _policy(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as directive: sources."""
    header = response.headers.get("Content-Security-Policy", "")
    return {name: sources for name, *sources in (part.split() for part in header.split(";") if part.strip())}


def _sha256(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def _assert_secured(response, where: str) -> None:
    policy = _policy(response)
    assert policy.get("default-src") == ["'self'"], where
    assert policy["script-src"][0] == "'self'", where
    assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "data:", "blob:"} & set(policy["script-src"]), where
    assert all(source.startswith("'sha256-") for source in policy["script-src"][1:]), where
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"], where
    assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"], where
    assert "blob:" in policy["worker-src"], where
    assert response.headers.get("X-Content-Type-Options") == "nosniff", where
    assert response.headers.get("Referrer-Policy") == REFERRER_POLICY, where


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


@pytest.fixture(scope="module")
def index_scripts(client) -> _Scripts:
    return _scripts(client.get("/").get_data(as_text=True))


def _static_files(scripts: _Scripts) -> dict[str, str]:
    """One component-suite script and one /assets script of the page, by the address the page gives."""
    return {
        "component-suite file": next(
            src for src in scripts.sources if src.startswith("/_dash-component-suites/")
        ),
        "asset": next(src for src in scripts.sources if src.startswith("/assets/")),
    }


ANSWERS = {  # kind of answer: (method, address, status a user gets)
    "page": ("GET", "/", 200),
    "page in presentation": ("GET", "/drivers?present=1", 200),
    "briefing page": ("GET", "/briefing?view=/flows", 200),
    "unknown page": ("GET", "/no-such-page", 404),
    "layout": ("GET", "/_dash-layout", 200),
    "callback graph": ("GET", "/_dash-dependencies", 200),
    "favicon": ("GET", "/_favicon.ico?v=1", 200),
    "API JSON": ("GET", "/api/v1/flows", 200),
    "API CSV": ("GET", "/api/v1/datasets?format=csv", 200),
    "API bad parameter": ("GET", "/api/v1/flows?gender=nobody", 400),
    "API unknown address": ("GET", "/api/v2/x", 404),
    "API wrong method": ("POST", "/api/v1/flows", 405),
    "lite page": ("GET", "/lite/", 200),
    "lite map picture": ("GET", "/lite/overview/map.svg", 200),
    "lite unknown page": ("GET", "/lite/nope", 404),
    "export CSV": ("GET", "/export/flows/daily.csv", 200),
    "export XLSX": ("GET", "/export/deaths/by_year.xlsx", 200),
    "export unknown panel": ("GET", "/export/flows/nope.csv", 404),
    "briefing nobody asked for": ("GET", "/export/briefings/" + "0" * 32 + ".pdf", 404),
    "missing asset": ("GET", "/assets/nope.js", 404),
    "wrong method on a page": ("PUT", "/", 405),
}


@pytest.mark.parametrize("kind", ANSWERS)
def test_every_kind_of_answer_carries_the_security_headers(client, kind):
    method, address, status = ANSWERS[kind]
    response = client.open(address, method=method)
    assert response.status_code == status, f"{kind}: {address} answered {response.status_code}"
    _assert_secured(response, kind)


def test_static_files_and_callback_answers_carry_the_security_headers(client, index_scripts):
    for kind, address in _static_files(index_scripts).items():
        response = client.get(address)
        assert response.status_code == 200, address
        _assert_secured(response, kind)
    callback = client.post("/_dash-update-component", json=router_request("/drivers"))
    assert callback.status_code == 200
    _assert_secured(callback, "callback")


@pytest.mark.parametrize("address", ["/", "/drivers?present=1", "/briefing?view=/flows", "/no-such-page"])
def test_every_inline_script_of_a_page_is_allowed_by_its_hash(client, address):
    response = client.get(address)
    inline = _scripts(response.get_data(as_text=True)).inline
    assert any("new DashRenderer" in script for script in inline), "the page no longer starts Dash inline"
    allowed = set(_policy(response)["script-src"])
    refused = [script[:80] for script in inline if _sha256(script) not in allowed]
    assert not refused, f"{address}: inline scripts the browser would refuse: {refused}"


def test_the_ie_warning_inside_a_comment_is_not_counted_as_a_script(client):
    html = client.get("/").get_data(as_text=True)
    assert "Internet Explorer" in html
    assert not any("Internet Explorer" in script for script in _scripts(html).inline)


@pytest.mark.parametrize("address", API_NOT_FOUND)
def test_an_unknown_api_address_is_a_json_404(client, address):
    for method in ("GET", "POST"):
        response = client.open(address, method=method)
        assert response.status_code == 404, f"{method} {address}"
        assert response.mimetype == "application/json"
        assert "openapi.json" in response.get_json()["error"]["message"]
        assert len(response.get_data()) < 1000  # not the app's page


def test_a_method_an_api_endpoint_does_not_take_is_a_json_405_naming_get(client):
    response = client.delete("/api/v1/datasets")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]
    assert "GET" in response.get_json()["error"]["message"]


def test_the_api_endpoints_still_answer(client):
    assert client.get("/api/v1/datasets").status_code == 200
    assert client.get("/api/v1/openapi.json").get_json()["openapi"].startswith("3.1")


@pytest.mark.parametrize(
    "address",
    [
        "/no-such-page/deeper/still/deeper",
        "/drivers/extra/more",
        "/_dash-layouts",
        "/_dash-layout/x",
        "/_dash-dependency",
        "/assets/../dashboard/app.py",
        "/assets/%2e%2e/dashboard/app.py",
        "/lite/../dashboard/app.py",
    ],
)
def test_an_unknown_page_or_file_is_a_404(client, address):
    assert client.get(address).status_code == 404


@pytest.mark.parametrize(
    "address",
    [
        "/_dash-component-suites/nope/x.js",  # a package Dash does not serve
        "/_dash-component-suites/os/path.py",
        "/_dash-component-suites/dash/../../etc/passwd",  # traversal
        "/_dash-component-suites/dash/%2e%2e/dash.py",
        "/_dash-component-suites/dash/nope.js",  # a file the package does not have
        "/_dash-component-suites/dash/dash.py",
        "/_dash-component-suites/dash/dcc/nope.v4_4_1m1.min.js",
        "/_dash-component-suites/dash/dash-renderer/build/dash_renderer.v..m..min.js",  # a weird fingerprint
        "/_dash-component-suites/dash/dash-renderer/build/dash_renderer.v%00m1.min.js",
    ],
)
def test_a_malformed_component_suite_address_is_a_404_not_a_500(client, address):
    assert client.get(address).status_code == 404


def test_a_component_suite_file_under_its_fingerprint_is_served(client, index_scripts):
    address = _static_files(index_scripts)["component-suite file"]
    response = client.get(address)
    assert response.status_code == 200 and response.mimetype == "text/javascript"


def _expected_get_status(address: str) -> int:
    """What a reader expects for a crafted address: 404, except that the API names an unknown indicator (400)."""
    return 400 if re.fullmatch(r"/api/v1/4mi/[^/]+", address) else 404


def test_crafted_addresses_and_methods_never_give_a_500(client):
    addresses = [prefix + suffix for prefix, suffix in itertools.product(PREFIXES, SUFFIXES)]
    methods = itertools.cycle(OTHER_METHODS)
    wrong = []
    for address in addresses:
        for method in ("GET", next(methods)):
            response = client.open(address, method=method)
            status = response.status_code
            path = address.split("?")[0]
            under_api = path == "/api" or path.startswith("/api/")
            if method in ("GET", "HEAD"):
                expected = {_expected_get_status(path)}
            elif method == "OPTIONS":
                expected = {200, 404}
            else:
                expected = {404} if under_api else {404, 405}
            if status not in expected:
                wrong.append(f"{method} {address[:80]}: {status}")
            if under_api and method != "OPTIONS" and response.mimetype != "application/json":
                wrong.append(f"{method} {address[:80]}: {response.mimetype} from the API")
            _assert_secured(response, f"{method} {address[:80]}")
    assert len(addresses) * 2 > 600
    assert not wrong, wrong

"""The low-bandwidth view as a browser without JavaScript gets it: plain HTML, the app's numbers, a cached map."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from view_data import ViewData

REGION = "west-north-africa"
PAGES = [
    "/lite/",
    "/lite/incidents",
    "/lite/drivers",
    "/lite/smugglers",
    "/lite/flows",
    "/lite/deaths",
    "/lite/trends",
    "/lite/route",
]
DRIVERS = "Reasons for leaving"  # the drivers page's first chart
NBSP = "\u00a0"


class Sections(HTMLParser):
    """Each ``<section>``'s heading and table rows (cell texts), and every link and image of the page."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.links: list[str] = []
        self.images: list[str] = []
        self.checked: list[tuple[str, str]] = []
        self._heading: str | None = None
        self._in: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "h2":
            self._in, self._text = "h2", ""
        elif tag == "tr" and self._heading is not None:
            self.tables[self._heading].append([])
        elif tag in ("td", "th"):
            self._in, self._text = "cell", ""
        elif tag == "a":
            self.links.append(str(found.get("href")))
        elif tag == "img":
            self.images.append(str(found.get("src")))
        elif tag == "input" and "checked" in found:
            self.checked.append((str(found["name"]), str(found["value"])))

    def handle_endtag(self, tag: str) -> None:
        if tag == "h2" and self._in == "h2":
            self._heading = self._text.strip()
            self.tables.setdefault(self._heading, [])
        elif tag in ("td", "th") and self._in == "cell" and self._heading is not None:
            self.tables[self._heading][-1].append(self._text.strip())
        if tag in ("h2", "td", "th"):
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self._text += data


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


def read(client, path: str, status: int = 200) -> tuple[str, Sections]:
    response = client.get(path)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == "text/html"
    text = response.get_data(as_text=True)
    parsed = Sections()
    parsed.feed(text)
    return text, parsed


@pytest.mark.parametrize("path", PAGES)
def test_every_lite_page_is_html_without_script_and_kept_a_few_minutes(client, path):
    response = client.get(path)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "<script" not in text.lower()
    assert "plotly" not in text.lower()
    assert "<h1>" in text and '<form method="get"' in text
    assert response.cache_control.public and response.cache_control.max_age == 300


def test_a_gender_filter_changes_the_numbers_as_the_api_does(client, service: ViewData):
    query = f"region={REGION}&gender=female"
    _text, everyone = read(client, f"/lite/drivers?region={REGION}")
    _text, women = read(client, f"/lite/drivers?{query}")
    rows = client.get(f"/api/v1/4mi/driver?{query}&by=category").get_json()["rows"]
    label = service.labels.labeller("category", "driver")
    hidden = "fewer than 5"
    expected = {
        label(row["category"]): None if row["suppressed"] else round(100 * row["share"], 1) for row in rows
    }
    header, *body = women.tables[DRIVERS]
    share = header.index("Share (%)")
    shown = {cells[0]: None if cells[share] == hidden else float(cells[share]) for cells in body}
    assert shown == expected
    assert women.tables[DRIVERS] != everyone.tables[DRIVERS]


def test_the_form_shows_the_filters_of_the_link(client):
    text, parsed = read(
        client, f"/lite/drivers?region={REGION}&gender=female&age_group=18-24&period_from=2023-01"
    )
    assert ("gender", "female") in parsed.checked and ("age_group", "18-24") in parsed.checked
    assert '<option value="2023-01" selected>' in text
    assert "Gender: Women" in text  # the filters in words


def test_links_keep_the_view_other_pages_the_full_view_and_the_other_language(client):
    query = f"region={REGION}&gender=female&lang=en"
    _text, parsed = read(client, f"/lite/flows?{query}")
    assert f"/lite/deaths?{query}" in parsed.links
    assert f"/lite/?{query}" in parsed.links
    assert f"/flows?{query}" in parsed.links  # the full, interactive view
    assert f"/lite/flows?region={REGION}&gender=female&lang=fr" in parsed.links
    assert parsed.images == [f"/lite/flows/map.svg?{query}"]


def test_a_page_control_is_read_from_the_link_or_takes_the_app_default(client):
    text, by_default = read(client, f"/lite/drivers?region={REGION}")
    routed, by_route = read(client, f"/lite/drivers?region={REGION}&page_breakdown=route")
    assert "Page controls: Break down by: Gender" in text  # the app's drivers page starts with gender
    assert "Page controls: Break down by: Route" in routed
    assert by_default.tables != by_route.tables


@pytest.mark.parametrize(
    ("path", "words"),
    [
        (
            "/lite/?gender=nobody",
            ["gender: &#39;nobody&#39; is not a known value", "This link cannot be shown"],
        ),
        (
            "/lite/drivers?page_breakdown=shoe",
            ["page_breakdown: &#39;shoe&#39; is not a value of page_breakdown"],
        ),
        (
            "/lite/?period_from=2023-13&lang=fr",
            [f"period_from{NBSP}: &#39;2023-13&#39; n&#39;est pas un mois"],
        ),
        ("/lite/?colour=red", ["colour", "unknown parameter"]),
        ("/lite/?period_from=0000-01&period_to=9999-12", ["period_from", "year 1900-2099"]),
    ],
)
def test_a_bad_parameter_is_a_400_page_naming_it(client, path, words):
    text, _parsed = read(client, path, status=400)
    for word in words:
        assert word in text
    assert "<script" not in text


def test_an_unknown_lite_page_is_a_404_page(client):
    text, _parsed = read(client, "/lite/nowhere?lang=fr", status=404)
    assert "Page introuvable" in text


def test_the_map_is_an_svg_kept_a_few_minutes_and_revalidated(client):
    path = f"/lite/deaths/map.svg?region={REGION}&lang=en"
    response = client.get(path)
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.get_data(as_text=True).startswith("<svg")
    assert response.cache_control.public and response.cache_control.max_age == 300
    again = client.get(path, headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and not again.get_data()


def test_a_page_without_a_map_has_no_map_picture(client):
    assert client.get("/lite/route/map.svg").status_code == 404
    _text, parsed = read(client, "/lite/route")
    assert parsed.images == []


def test_an_app_page_links_to_its_lite_view_where_the_app_is_drawn(client):
    text = client.get(f"/drivers?region={REGION}&gender=female&lang=fr&present=1").get_data(as_text=True)
    entry = text.index('<div id="react-entry-point">')
    link = text.index('href="/lite/drivers?', entry)
    assert text[link:].startswith(f'href="/lite/drivers?region={REGION}&amp;gender=female&amp;lang=fr">')
    assert link < text.index("_dash-loading", entry)  # inside the element the app replaces once drawn
    assert "Version bas débit" in text[link : link + 200]
    assert "Chargement…" in text[link:] and "Loading..." not in text  # what the app shows until drawn


def test_what_changed_most_links_each_change_to_its_lite_view(client):
    _text, parsed = read(client, f"/lite/trends?region={REGION}&page_period=2023-04&lang=en")
    header, *rows = parsed.tables["What changed most"]
    links = [link for link in parsed.links if "period_from=" in link]
    assert rows and len(links) == len(rows)
    assert all(
        link.startswith(("/lite/deaths?", "/lite/flows?", "/lite/incidents?", "/lite/drivers?"))
        for link in links
    )
    assert all(row[header.index("Link")] == "Open this view" for row in rows)


def test_the_route_page_offers_the_routes_of_the_region_shown(client):
    west = client.get("/lite/route?region=west-north-africa").get_data(as_text=True)
    east = client.get("/lite/route?region=east-africa-yemen").get_data(as_text=True)
    assert 'value="central_med_niger"' in west and 'value="eastern_obock"' not in west
    assert 'value="eastern_obock"' in east and 'value="central_med_niger"' not in east

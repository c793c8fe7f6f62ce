"""The dashboard's partial plotly.js bundle (assets/vendor, built in vendor/plotly) draws every figure.

Pages load it instead of the full plotly.js bundle (4.8 MB) and never load MathJax; it registers
every trace type the figures package builds, so a figure with a new trace type fails here until the
bundle is rebuilt with it (vendor/plotly/README.md).
"""

from __future__ import annotations

import ast
from pathlib import Path

import plotly.graph_objects as go
import pytest
from playwright.sync_api import Page
from plotly.basedatatypes import BaseTraceType
from plotly.offline import get_plotlyjs_version

from tests.browser.conftest import SETTLED

pytestmark = pytest.mark.browser

FIGURES = Path(__file__).resolve().parents[2] / "figures"
CHART_PAGES = ["/", "/incidents", "/drivers", "/smugglers", "/flows", "/deaths", "/route"]
PARTIAL_BUNDLE = f"/assets/vendor/plotly-{get_plotlyjs_version()}-partial.min.js"
FULL_BUNDLE = "/plotly/package_data/plotly.min.js"
MATHJAX = "mathjax"
REGISTERED_TRACES = "() => Object.keys(window.Plotly.PlotSchema.get().traces)"
FIGURE_TRACES = """() => [...document.querySelectorAll('.js-plotly-plot')]
    .flatMap(gd => gd.data.map(trace => trace.type || 'scatter'))"""
MAPS_LOADED = """() => [...document.querySelectorAll('.js-plotly-plot')]
    .filter(gd => gd._fullLayout.map)
    .every(gd => gd._fullLayout.map._subplot.map.loaded())"""


def _graph_objects_aliases(tree: ast.Module) -> tuple[set[str], set[str]]:
    """Names bound to ``plotly.graph_objects`` and to classes imported from it, in one module."""
    modules, classes = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules |= {
                alias.asname or alias.name for alias in node.names if alias.name == "plotly.graph_objects"
            }
        elif isinstance(node, ast.ImportFrom) and node.module == "plotly.graph_objects":
            classes |= {alias.asname or alias.name for alias in node.names}
    return modules, classes


def _classes_named(path: Path) -> set[str]:
    """Names of the ``plotly.graph_objects`` classes a module of the figures package refers to."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules, classes = _graph_objects_aliases(tree)
    named = set(classes)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules:
            named.add(node.attr)
    return named


def figure_trace_types() -> set[str]:
    """Every trace type the figures package builds with a ``plotly.graph_objects`` trace class."""
    names = {name for path in FIGURES.rglob("*.py") for name in _classes_named(path)}
    traces = [getattr(go, name) for name in names if hasattr(go, name)]
    return {trace().type for trace in traces if isinstance(trace, type) and issubclass(trace, BaseTraceType)}


def _open(page: Page, url: str) -> list[str]:
    """Load ``url`` until every chart is drawn; the paths of the requests the page made."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url.split("//", 1)[-1].split("/", 1)[-1]))
    page.goto(url)
    page.wait_for_selector(".js-plotly-plot", timeout=30_000)
    page.wait_for_load_state("networkidle")
    page.wait_for_function(SETTLED, timeout=30_000)
    return ["/" + path for path in requested]


def test_the_figures_package_builds_the_trace_types_the_dashboard_draws():
    # the static scan below must see the figures' trace classes, or the registry test proves nothing
    assert {"bar", "heatmap", "scatter", "scattermap", "choroplethmap"} <= figure_trace_types()


def test_the_bundle_registers_every_trace_type_the_figures_build(dashboard_url: str, page: Page):
    _open(page, dashboard_url + "/")
    registered = set(page.evaluate(REGISTERED_TRACES))
    missing = figure_trace_types() - registered
    assert not missing, (
        f"trace types missing from the plotly.js bundle (rebuild it, vendor/plotly): {missing}"
    )


@pytest.mark.parametrize("path", CHART_PAGES)
def test_a_first_view_draws_with_the_partial_bundle_and_never_fetches_the_full_one(
    dashboard_url: str, page: Page, path: str
):
    requested = _open(page, dashboard_url + path)
    assert any(url.startswith(PARTIAL_BUNDLE) for url in requested), requested
    assert not [url for url in requested if FULL_BUNDLE in url or MATHJAX in url.lower()]
    assert page.evaluate("() => window.Plotly.version") == get_plotlyjs_version()
    drawn = page.evaluate(FIGURE_TRACES)
    assert drawn, "the page draws figures"
    assert set(drawn) <= set(page.evaluate(REGISTERED_TRACES)), drawn
    page.wait_for_function(MAPS_LOADED, timeout=30_000)


def test_the_bundle_draws_dates_in_french(dashboard_url: str, page: Page):
    _open(page, dashboard_url + "/")
    ticks = page.evaluate("""async () => {
        const gd = document.createElement('div');
        document.body.appendChild(gd);
        await window.Plotly.newPlot(gd, [{x: ['2024-02-01', '2024-06-01'], y: [1, 2]}],
            {width: 600, height: 300}, {locale: 'fr'});
        const ticks = [...gd.querySelectorAll('.xtick text')].map(text => text.textContent);
        window.Plotly.purge(gd);
        gd.remove();
        return ticks;
    }""")
    assert any(month in " ".join(ticks) for month in ("Fév", "Avr", "Mai", "Juin")), ticks

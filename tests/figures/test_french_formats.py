"""Numbers in charts follow the interface language: 1 234,5 and 54,0 % in French, from Babel's data."""

from __future__ import annotations

from collections.abc import Iterator

import plotly.graph_objects as go
import pytest
from flask import Flask
from flask_babel import Babel, force_locale

from figures.charts import cell_text
from figures.maps import break_labels
from figures.theme import number_text, percent, percent_interval, styled

NARROW_NO_BREAK_SPACE = "\u202f"


@pytest.fixture(params=["en", "fr"])
def lang(request: pytest.FixtureRequest) -> Iterator[str]:
    """A request in English, then in French."""
    app = Flask(__name__)
    Babel(app)
    with app.test_request_context(), force_locale(request.param):
        yield request.param


EXPECTED = {
    "en": {
        "number": "1,234.5",
        "percent": "54.0 %",
        "interval": "53.6–54.4 %",
        "cell": "0.4",
        "map key": ["52.0–53.1", "53.1–53.8", "53.8–54.0"],
        "separators": ".,",
    },
    "fr": {
        "number": f"1{NARROW_NO_BREAK_SPACE}234,5",
        "percent": "54,0 %",
        "interval": "53,6–54,4 %",
        "cell": "0,4",
        "map key": ["52,0–53,1", "53,1–53,8", "53,8–54,0"],
        "separators": f",{NARROW_NO_BREAK_SPACE}",
    },
}


def test_numbers_shares_and_intervals_are_written_in_the_interface_language(lang):
    expected = EXPECTED[lang]
    assert number_text(1234.5, 1) == expected["number"]
    assert percent(0.54, 0.536, 0.544) == expected["percent"]
    assert percent_interval(0.536, 0.544) == expected["interval"]
    assert cell_text(0.004) == expected["cell"]
    assert break_labels([0.52, 0.531, 0.538, 0.54]) == expected["map key"]


def test_charts_tell_plotly_the_interface_language_s_separators(lang):
    figure = styled(go.Figure(go.Bar(x=[1234.5], y=["a"])), "Title", "Subtitle", height=200)
    assert figure.layout.separators == EXPECTED[lang]["separators"]

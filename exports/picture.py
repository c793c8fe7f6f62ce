"""A chart as a picture for a slide: the chart as drawn, its own title and subtitle, a footer below.

The chart is drawn once as SVG; :func:`composed_svg` puts it above the footer's lines (wrapped to
the picture's width) in one SVG, which is the SVG export and, drawn again by the browser
(:func:`picture_figure`), the PNG export.
"""

from __future__ import annotations

import base64
import textwrap
from dataclasses import dataclass
from xml.sax.saxutils import escape

import plotly.graph_objects as go

from exports.about import labelled
from figures.palettes import TEXT
from figures.theme import FONT_FAMILY

#: A slide's size (px) and the PNG's pixel density.
WIDTH_PX = 1280
MIN_HEIGHT_PX = 720
PNG_SCALE = 2
FOOTER_FONT_PX = 12
FOOTER_LINE_PX = 16
FOOTER_PAD_PX = 16
#: Average width (px) of one footer character, with room to spare.
FOOTER_CHAR_PX = 6.8
#: Height (px) a figure without one is drawn at.
DEFAULT_CHART_PX = 450


def footer_lines(lines: list[tuple[str, str]], width: int = WIDTH_PX) -> list[str]:
    """The metadata lines ("label: text") wrapped to the picture's width."""
    chars = int((width - 2 * FOOTER_PAD_PX) / FOOTER_CHAR_PX)
    return [
        wrapped
        for label, text in lines
        for wrapped in textwrap.wrap(labelled(label, text), chars, break_long_words=True) or [""]
    ]


def footer_height(lines: list[str]) -> int:
    """Height (px) of a footer of ``lines``."""
    return 2 * FOOTER_PAD_PX + FOOTER_LINE_PX * len(lines)


def chart_size(figure: go.Figure, footer_px: int) -> tuple[int, int]:
    """Width and height (px) the chart is drawn at: a slide's width, at least its height with the footer."""
    height = figure.layout.height or DEFAULT_CHART_PX
    return WIDTH_PX, max(int(height), MIN_HEIGHT_PX - footer_px)


@dataclass(frozen=True)
class Picture:
    """An SVG document and its size (px)."""

    svg: str
    width: int
    height: int


def composed_svg(chart_svg: str, lines: list[str], width: int, chart_height: int) -> Picture:
    """One SVG document: the chart's SVG on top, the footer's ``lines`` below it on white."""
    height = chart_height + footer_height(lines)
    chart = chart_svg.split("?>", 1)[-1] if chart_svg.startswith("<?xml") else chart_svg
    text = "".join(
        f'<text x="{FOOTER_PAD_PX}" y="{chart_height + FOOTER_PAD_PX + FOOTER_LINE_PX * (index + 1) - 4}">'
        f"{escape(line)}</text>"
        for index, line in enumerate(lines)
    )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
        f'<rect width="{width}" height="{height}" fill="white"/>{chart}'
        f'<g class="export-footer" font-family="{escape(FONT_FAMILY, {chr(34): "&quot;"})}" '
        f'font-size="{FOOTER_FONT_PX}" fill="{TEXT}">{text}</g></svg>'
    )
    return Picture(svg, width, height)


def picture_figure(picture: Picture) -> go.Figure:
    """A figure that is nothing but ``picture``, edge to edge (for drawing it as PNG)."""
    source = "data:image/svg+xml;base64," + base64.b64encode(picture.svg.encode("utf-8")).decode("ascii")
    figure = go.Figure()
    figure.update_layout(
        width=picture.width,
        height=picture.height,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        paper_bgcolor="white",
        plot_bgcolor="white",
        xaxis={"visible": False},
        yaxis={"visible": False},
        images=[
            {
                "source": source,
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": 1,
                "sizex": 1,
                "sizey": 1,
                "xanchor": "left",
                "yanchor": "top",
                "sizing": "stretch",
                "layer": "above",
            }
        ],
    )
    return figure

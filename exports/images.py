"""SVG and PNG exports of a chart: drawn at a slide's size with the metadata footer."""

from __future__ import annotations

import plotly.graph_objects as go

from exports.picture import PNG_SCALE, chart_size, composed_svg, footer_height, footer_lines, picture_figure
from exports.render import Renderer

IMAGE_FORMATS = ("png", "svg")


def image_export(
    renderer: Renderer, figure: go.Figure, lines: list[tuple[str, str]], image_format: str
) -> bytes:
    """``figure`` with a footer of the metadata ``lines``, as ``png`` (at twice the pixels) or ``svg``."""
    footer = footer_lines(lines)
    width, height = chart_size(figure, footer_height(footer))
    sized = go.Figure(figure).update_layout(width=width, height=height)
    with renderer.turn() as deadline:
        chart = renderer.draw(sized, "svg", width, height, deadline=deadline).decode("utf-8")
        picture = composed_svg(chart, footer, width, height)
        if image_format == "svg":
            return picture.svg.encode("utf-8")
        return renderer.draw(
            picture_figure(picture), "png", picture.width, picture.height, PNG_SCALE, deadline=deadline
        )

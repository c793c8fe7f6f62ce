"""The route profile: three sources on one distance axis from the route's origin."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core.i18n import labelled
from figures.palettes import OKABE_ITO, SUPPRESSED_OUTLINE
from figures.plain import plain, plain_names
from figures.theme import SHARE_CUSTOMDATA, number_text, percent, percent_interval, share_hover, styled, wrap

#: Height of the three plots with their titles and the hub names under them: with the title block
#: above, the chart and its note fit one printed A4 page.
PLOTS_PX = 660
#: Height and characters of one line of a panel title above each of the three plots.
SUBPLOT_TITLE_PX = 18
SUBPLOT_TITLE_CHARS = 40
#: Hub names under the distance axis: laid out for the narrowest plot (a phone-wide card, y labels
#: aside), where a character of the 12 px label font is at most this wide; rows of two lines each.
NARROW_PLOT_PX = 250
LABEL_CHAR_PX = 7.5
LABEL_GAP_PX = 6
LABEL_ROW_PX = 32
LABEL_TOP_PX = 8
LABEL_FONT_PX = 12


def wrapped(title: str) -> str:
    """A panel or axis title broken into lines that fit a phone-wide card."""
    return "<br>".join(wrap(title, SUBPLOT_TITLE_CHARS))


@dataclass(frozen=True)
class HubLabel:
    """A hub's name under the distance axis: its ``row`` (0 nearest the axis) and ``shift`` (px) sideways."""

    km: float
    text: str
    row: int
    shift: float


def _px(km: float, km_range: tuple[float, float], plot_px: float) -> float:
    low, high = km_range
    return (km - low) / (high - low) * plot_px


def hub_labels(
    km: Sequence[float], names: Sequence[str], km_range: tuple[float, float], plot_px: float = NARROW_PLOT_PX
) -> list[HubLabel]:
    """Hub labels ("name" over "km") that never overlap on a plot ``plot_px`` wide, nor stick out of it.

    Each label is centred under its hub, moved sideways only as far as needed to stay
    inside the plot, and put in the first row (from the axis down) where it keeps
    :data:`LABEL_GAP_PX` from the label before it: hubs far apart share row 0, close ones
    (Dirkou, Séguédine, Madama) step down. A wider plot spreads labels further apart, so
    what does not overlap at ``plot_px`` does not overlap at any larger width.
    """
    labels = []
    row_ends: list[float] = []
    for distance, name in sorted(zip(km, names, strict=True)):
        lines = [name, f"{number_text(distance)} km"]
        width = LABEL_CHAR_PX * max(len(line) for line in lines)
        text = "<br>".join(plain(line) for line in lines)
        centre = _px(distance, km_range, plot_px)
        left = min(max(centre - width / 2, 0.0), plot_px - width)
        row = next((r for r, end in enumerate(row_ends) if end + LABEL_GAP_PX <= left), len(row_ends))
        if row == len(row_ends):
            row_ends.append(left + width)
        else:
            row_ends[row] = left + width
        labels.append(HubLabel(distance, text, row, left + width / 2 - centre))
    return labels


def _label_annotation(label: HubLabel) -> dict[str, object]:
    """``label`` under the bottom plot's axis, joined to its hub by a thin line."""
    return {
        "text": label.text,
        "x": label.km,
        "xref": "x3",
        "y": 0,
        "yref": "y3 domain",
        "showarrow": True,
        "arrowhead": 0,
        "arrowwidth": 1,
        "arrowcolor": "#9e9e9e",
        "ax": label.shift,
        "ay": LABEL_TOP_PX + LABEL_ROW_PX * label.row,
        "xanchor": "center",
        "yanchor": "top",
        "align": "center",
        "font": {"size": LABEL_FONT_PX},
        "bgcolor": "rgba(255,255,255,0.9)",
    }


@dataclass(frozen=True)
class RouteProfileText:
    """Translated strings of the route profile figure."""

    title: str
    subtitle: str
    incidents: str
    flows: str
    deaths: str
    distance: str
    hidden_mark: str
    schematic: str


def route_profile_figure(
    hubs: pd.DataFrame,
    incidents: pd.DataFrame,
    flows: pd.DataFrame,
    deaths: pd.DataFrame,
    text: RouteProfileText,
) -> go.Figure:
    """Incidents by place, FMP movements and dead and missing against km along the route.

    ``hubs``: ``km, name``. ``incidents``: ``km, name, share, ci_low, ci_high, base, suppressed``.
    ``flows``: ``km, name, individuals``. ``deaths``: ``km_mid, km_from, km_to, dead_and_missing``.
    """
    fig = make_subplots(
        rows=3,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.14,
        subplot_titles=tuple(wrapped(title) for title in (text.incidents, text.flows, text.deaths)),
    )
    incidents, flows = plain_names(incidents), plain_names(flows)
    visible = incidents[~incidents["suppressed"].astype(bool)] if not incidents.empty else incidents
    hidden = incidents[incidents["suppressed"].astype(bool)] if not incidents.empty else incidents
    fig.add_trace(
        go.Bar(
            x=visible["km"],
            y=(visible["share"].astype(float) * 100).round(1),
            width=40,
            marker_color=OKABE_ITO["blue"],
            name=text.incidents,
            text=visible["name"],
            textposition="none",
            customdata=[
                [percent(share, lo, hi), percent_interval(lo, hi), int(n)]
                for share, lo, hi, n in zip(
                    visible["share"], visible["ci_low"], visible["ci_high"], visible["base"], strict=True
                )
            ],
            hovertemplate=labelled("%{text}", share_hover(*SHARE_CUSTOMDATA)) + "<extra></extra>",
        ),
        row=1,
        col=1,
    )
    if not hidden.empty:
        fig.add_trace(
            go.Scatter(
                x=hidden["km"],
                y=[0] * len(hidden),
                mode="markers",
                text=hidden["name"],
                marker={"symbol": "circle-open", "color": SUPPRESSED_OUTLINE, "size": 11},
                name=text.hidden_mark,
                hovertemplate=labelled("%{text}", text.hidden_mark) + "<extra></extra>",
            ),
            row=1,
            col=1,
        )
    fig.add_trace(
        go.Bar(
            x=flows["km"],
            y=flows["individuals"].astype(float),
            width=40,
            marker_color=OKABE_ITO["sky_blue"],
            text=flows["name"],
            textposition="none",
            name=text.flows,
            hovertemplate="%{text}: %{y:,.0f}<extra></extra>",
        ),
        row=2,
        col=1,
    )
    fig.add_trace(
        go.Bar(
            x=deaths["km_mid"],
            y=deaths["dead_and_missing"].astype(float),
            width=(deaths["km_to"] - deaths["km_from"]).clip(lower=40) * 0.9,
            marker_color=OKABE_ITO["vermillion"],
            name=text.deaths,
            customdata=deaths[["km_from", "km_to"]].round(0).to_numpy(),
            hovertemplate="km %{customdata[0]}–%{customdata[1]}: %{y:,.0f}<extra></extra>",
        ),
        row=3,
        col=1,
    )
    for km in hubs["km"]:
        fig.add_vline(x=km, line={"color": "#cccccc", "width": 1, "dash": "dot"})
    length = float(hubs["km"].max()) if not hubs.empty else 0.0
    km_range = (-0.1 * length - 30, 1.02 * length + 30)
    labels = hub_labels(hubs["km"].tolist(), hubs["name"].tolist(), km_range)
    rows = max((label.row for label in labels), default=-1) + 1
    fig.update_xaxes(
        tickvals=hubs["km"].round(0).tolist(), showticklabels=False, ticks="", range=list(km_range)
    )
    fig.update_xaxes(
        title={"text": wrapped(text.distance), "standoff": LABEL_TOP_PX + LABEL_ROW_PX * rows},
        automargin=True,
        row=3,
        col=1,
    )
    fig.update_yaxes(ticksuffix=" %", rangemode="tozero", row=1, col=1)
    fig.update_yaxes(rangemode="tozero")
    fig.update_annotations(font={"size": 13})
    # Lowest rows first, so that a name's white box covers the leader lines of the rows below it.
    for label in sorted(labels, key=lambda label: -label.row):
        fig.add_annotation(_label_annotation(label))
    header = SUBPLOT_TITLE_PX * len(wrap(text.incidents, SUBPLOT_TITLE_CHARS))  # the top plot's own title
    return styled(fig, text.title, f"{text.subtitle}\n{text.schematic}", height=PLOTS_PX, header=header)

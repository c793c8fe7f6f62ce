"""The route profile: three sources on one distance axis from the route's origin."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from figures.palettes import OKABE_ITO, SUPPRESSED_OUTLINE
from figures.theme import percent, percent_interval, styled, wrap

#: Height and characters of one line of a panel title above each of the three plots.
SUBPLOT_TITLE_PX = 18
SUBPLOT_TITLE_CHARS = 40


def wrapped(title: str) -> str:
    """A panel title broken into lines that fit a phone-wide card."""
    return "<br>".join(wrap(title, SUBPLOT_TITLE_CHARS))


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
            hovertemplate="%{text}: %{customdata[0]} (95 % CI %{customdata[1]}), n=%{customdata[2]:,}"
            "<extra></extra>",
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
                hovertemplate="%{text}: " + text.hidden_mark + "<extra></extra>",
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
    ticks = {
        "tickvals": hubs["km"].round(0).tolist(),
        "tickangle": -40,
        "automargin": True,
        "range": [-0.1 * length - 30, 1.02 * length + 30],
        "ticklabeloverflow": "allow",
    }
    for row in (1, 2):
        fig.update_xaxes(showticklabels=False, **ticks, row=row, col=1)
    fig.update_xaxes(
        title_text=text.distance,
        ticktext=[f"{name} ({km:,.0f} km)" for name, km in zip(hubs["name"], hubs["km"], strict=True)],
        **ticks,
        row=3,
        col=1,
    )
    fig.update_yaxes(ticksuffix=" %", rangemode="tozero", row=1, col=1)
    fig.update_yaxes(rangemode="tozero")
    fig.update_annotations(font={"size": 13})
    return styled(
        fig, text.title, f"{text.subtitle}\n{text.schematic}", height=700, header=2 * SUBPLOT_TITLE_PX
    )

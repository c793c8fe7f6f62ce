"""Pure chart builders: engine rows in, Plotly figure out.

Suppressed cells are drawn as grey "fewer than N" marks at zero with no value, base or
interval anywhere in the figure data. Every figure states its base and period.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from figures.palettes import CATEGORICAL, SUPPRESSED_OUTLINE, TEXT

Labeller = Callable[[object], str]
GRID = "#e5e5e5"


@dataclass(frozen=True)
class ChartText:
    """Translated strings a chart shows (built by the caller through gettext)."""

    title: str
    subtitle: str  # one line per "\n": base and period, then sources
    value_axis: str
    hidden_mark: str
    empty: str


def _layout(fig: go.Figure, text: ChartText, height: int) -> go.Figure:
    fig.update_layout(
        title={"text": _title(text), "x": 0, "xanchor": "left"},
        height=height,
        margin={"l": 10, "r": 10, "t": 84 + 22 * text.subtitle.count("\n"), "b": 40},
        font={"color": TEXT, "size": 14},
        plot_bgcolor="white",
        paper_bgcolor="white",
        legend={"orientation": "h", "y": -0.15},
        hoverlabel={"bgcolor": "white"},
    )
    return fig


def _title(text: ChartText) -> str:
    lines = "".join(f"<br><sup>{line}</sup>" for line in text.subtitle.split("\n"))
    return f"{text.title}{lines}"


def empty_figure(text: ChartText, height: int = 320) -> go.Figure:
    """A figure that says there is nothing to show for these filters."""
    fig = go.Figure()
    fig.add_annotation(text=text.empty, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, text, height)


def _hidden_mask(rows: pd.DataFrame) -> pd.Series:
    return rows["suppressed"].fillna(True).astype(bool)


def share_bars(
    rows: pd.DataFrame,
    *,
    category: str,
    group: str | None,
    label_category: Labeller,
    label_group: Labeller,
    text: ChartText,
) -> go.Figure:
    """Horizontal bars of shares per category (one colour per group), with 95 % intervals.

    ``rows`` are engine rows: ``share``, ``ci_low``, ``ci_high``, ``base``, ``suppressed``.
    Hover shows the share, its interval and n (the base).
    """
    if rows.empty:
        return empty_figure(text)
    fig = go.Figure()
    groups = [None] if group is None else list(dict.fromkeys(rows[group]))
    order = rows.groupby(category)["share"].max().sort_values(na_position="first").index.tolist()
    for position, value in enumerate(groups):
        part = rows if group is None else rows[rows[group] == value]
        part = part.set_index(category).reindex(order).reset_index().dropna(subset=["suppressed"])
        visible = part[~_hidden_mask(part)]
        hidden = part[_hidden_mask(part)]
        name = text.value_axis if group is None else label_group(value)
        fig.add_trace(
            go.Bar(
                orientation="h",
                y=[label_category(c) for c in visible[category]],
                x=(visible["share"].astype(float) * 100).round(1),
                error_x={
                    "type": "data",
                    "symmetric": False,
                    "array": ((visible["ci_high"] - visible["share"]).astype(float) * 100).round(1),
                    "arrayminus": ((visible["share"] - visible["ci_low"]).astype(float) * 100).round(1),
                    "color": TEXT,
                    "thickness": 1,
                },
                customdata=[
                    [round(low * 100, 1), round(high * 100, 1), int(base)]
                    for low, high, base in zip(
                        visible["ci_low"], visible["ci_high"], visible["base"], strict=True
                    )
                ],
                hovertemplate="%{y}: %{x:.1f} % (95 % CI %{customdata[0]}–%{customdata[1]}), n=%{customdata[2]}"
                f"<extra>{name}</extra>",
                marker_color=CATEGORICAL[position % len(CATEGORICAL)],
                name=name,
                showlegend=group is not None,
            )
        )
        if not hidden.empty:
            fig.add_trace(
                go.Scatter(
                    y=[label_category(c) for c in hidden[category]],
                    x=[0] * len(hidden),
                    mode="markers+text",
                    marker={"symbol": "circle-open", "color": SUPPRESSED_OUTLINE, "size": 10},
                    text=[text.hidden_mark] * len(hidden),
                    textposition="middle right",
                    textfont={"color": TEXT, "size": 12},
                    hovertemplate=f"{text.hidden_mark}<extra>{name}</extra>",
                    name=text.hidden_mark,
                    showlegend=False,
                )
            )
    fig.update_layout(barmode="group")
    fig.update_xaxes(title=text.value_axis, ticksuffix=" %", rangemode="tozero", gridcolor=GRID)
    fig.update_yaxes(automargin=True)
    return _layout(fig, text, height=max(320, 90 + 26 * len(order) * len(groups)))


def share_matrix(
    rows: pd.DataFrame,
    *,
    x: str,
    y: str,
    label_x: Labeller,
    label_y: Labeller,
    text: ChartText,
) -> go.Figure:
    """Heat map of shares over two dimensions; hidden cells are blank and say "fewer than N"."""
    if rows.empty:
        return empty_figure(text)
    xs = list(dict.fromkeys(rows[x]))
    ys = list(dict.fromkeys(rows[y]))
    cells = {(r[y], r[x]): r for r in rows.to_dict("records")}
    z, notes, marks = [], [], []
    for y_value in ys:
        z_row, note_row, mark_row = [], [], []
        for x_value in xs:
            cell = cells.get((y_value, x_value))
            if cell is None or cell["suppressed"]:
                z_row.append(None)
                note_row.append(text.hidden_mark)
                mark_row.append("")
            else:
                share = float(cell["share"]) * 100
                z_row.append(round(share, 1))
                note_row.append(
                    f"{share:.1f} % (95 % CI {float(cell['ci_low']) * 100:.1f}–"
                    f"{float(cell['ci_high']) * 100:.1f}), n={int(cell['base'])}"
                )
                mark_row.append(f"{share:.0f}")
        z.append(z_row)
        notes.append(note_row)
        marks.append(mark_row)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[label_x(v) for v in xs],
            y=[label_y(v) for v in ys],
            text=marks,
            texttemplate="%{text}",
            customdata=notes,
            hovertemplate="%{y} × %{x}: %{customdata}<extra></extra>",
            colorscale="Blues",
            colorbar={"title": {"text": text.value_axis}, "ticksuffix": " %"},
            zmin=0,
            xgap=1,
            ygap=1,
        )
    )
    fig.update_xaxes(tickangle=-35, automargin=True, side="bottom")
    fig.update_yaxes(automargin=True)
    return _layout(fig, text, height=max(420, 160 + 34 * len(ys)))


def time_series(
    rows: pd.DataFrame,
    *,
    x: str,
    y: str,
    group: str | None,
    label_group: Labeller,
    text: ChartText,
) -> go.Figure:
    """Lines over time (one per group); suppressed points are gaps, never values."""
    if rows.empty:
        return empty_figure(text)
    fig = go.Figure()
    groups = [None] if group is None else sorted(rows[group].dropna().unique())
    for position, value in enumerate(groups):
        part = rows if group is None else rows[rows[group] == value]
        part = part.sort_values(x)
        fig.add_trace(
            go.Scatter(
                x=part[x],
                y=part[y].astype("float64").round(1),
                mode="lines+markers",
                name=text.value_axis if group is None else label_group(value),
                line={"color": CATEGORICAL[position % len(CATEGORICAL)], "width": 2},
                marker={"size": 4},
                connectgaps=False,
                hovertemplate="%{x}: %{y:,.1f}<extra>%{fullData.name}</extra>",
            )
        )
    fig.update_yaxes(title=text.value_axis, rangemode="tozero", gridcolor=GRID)
    if rows[x].nunique() < 2:
        fig.update_xaxes(type="category")
    else:
        fig.update_xaxes(tickformat="%b %Y")
    fig.update_xaxes(gridcolor="#f0f0f0")
    return _layout(fig, text, height=360)


def count_bars(
    rows: pd.DataFrame,
    *,
    x: str,
    y: str,
    group: str | None,
    label_x: Labeller,
    label_group: Labeller,
    text: ChartText,
) -> go.Figure:
    """Stacked bars of counts (e.g. dead and missing by year and route); unknown totals stay gaps."""
    if rows.empty:
        return empty_figure(text)
    fig = go.Figure()
    if group is None:
        groups = [None]
    else:
        totals = rows.groupby(group, dropna=False)[y].sum(min_count=1)
        groups = list(totals.sort_values(ascending=False, na_position="last").index)
    for position, value in enumerate(groups):
        part = rows if group is None else rows[rows[group].isna() if pd.isna(value) else rows[group] == value]
        fig.add_trace(
            go.Bar(
                x=[label_x(v) for v in part[x]],
                y=part[y].astype("float64"),
                name=text.value_axis if group is None else label_group(value),
                marker_color=CATEGORICAL[position % len(CATEGORICAL)],
                hovertemplate="%{x}: %{y:,.0f}<extra>%{fullData.name}</extra>",
            )
        )
    fig.update_layout(barmode="stack")
    if group is not None:
        order = [label_x(value) for value in sorted(rows[x].dropna().unique())]
        fig.update_xaxes(categoryorder="array", categoryarray=order)
    fig.update_yaxes(title=text.value_axis, gridcolor=GRID)
    return _layout(fig, text, height=380)

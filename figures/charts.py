"""Pure chart builders: engine rows in, Plotly figure out, all in the app's one style (``figures.theme``).

Suppressed cells are drawn as grey "fewer than N" marks at zero with no value, base or
interval anywhere in the figure data. When nothing can be shown (no rows, or every cell
hidden) a figure says why in one sentence. Every figure states its base and period.
Colours follow meaning: a series whose code has a colour of its own (``figures.palettes``)
keeps it in every chart.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from core.i18n import labelled
from figures.palettes import SUPPRESSED_OUTLINE, TEXT, TEXT_MUTED, colour_of
from figures.plain import plain, plain_labels
from figures.theme import (
    CELL_TEXT_SIZE,
    SHARE_CUSTOMDATA,
    drawn_width,
    label_chars,
    number_text,
    percent,
    percent_interval,
    rows_height,
    share_hover,
    styled,
    type_scale,
    wrap,
)

Labeller = Callable[[object], str]
#: Characters per line of the sentence that says why nothing is shown.
EMPTY_CHARS = 40
#: Characters per line of the title of a horizontal value axis (under a plot narrowed by its labels).
AXIS_CHARS = 24
#: Characters per line of a legend entry.
LEGEND_CHARS = 34
#: Fewest characters per line of a heat-map column label, its text size and the width of one character.
COLUMN_CHARS = 7
COLUMN_SIZE = 12
COLUMN_CHAR_PX = 7.5
TICK_CHAR_PX = 8.5  # one character of a 14 px tick label
TICK_GAP_PX = 10
Y_AXIS_PX = 90  # the value axis, its title and the margins beside the bars
#: Width the heat map's row labels take (LABEL_CHARS characters at the tick size, and the tick).
ROW_LABELS_PX = 215
#: Columns narrower than this (px) get smaller labels, so that a long word fits its column.
NARROW_COLUMN_PX = 70


@dataclass(frozen=True)
class ChartText:
    """Translated strings a chart shows (built by the caller through gettext)."""

    title: str
    subtitle: str  # one line per "\n": base and period, then sources
    value_axis: str
    hidden_mark: str
    empty: str  # the one sentence shown when nothing can be: no rows, or every cell hidden


def wrapped(label: str, width: int | None = None) -> str:
    """A category label broken into lines for a tick (``<br>`` between lines), at ``width`` characters
    or the current category label width (:func:`figures.theme.label_chars`)."""
    return "<br>".join(wrap(label, width or label_chars()))


def nothing_to_show(rows: pd.DataFrame, value: str | None = None) -> bool:
    """True when no row is left, every row is hidden, or no row has a ``value``."""
    if rows.empty:
        return True
    if "suppressed" in rows and rows["suppressed"].fillna(True).astype(bool).all():
        return True
    return value is not None and rows[value].isna().all()


def empty_figure(text: ChartText) -> go.Figure:
    """A figure that says in one sentence why nothing is shown for these filters (which it may name)."""
    fig = go.Figure()
    fig.add_annotation(
        text="<br>".join(plain(line) for line in wrap(text.empty, EMPTY_CHARS)),
        showarrow=False,
        x=0,
        y=0.5,
        xref="paper",
        yref="paper",
        xanchor="left",
        align="left",
        font={"size": 14 * type_scale(), "color": TEXT},
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return styled(fig, text.title, text.subtitle, height=120)


def _lines(labels: Sequence[str]) -> int:
    """Lines the labels take once wrapped, each row as tall as the longest label (rows are evenly spaced)."""
    return len(labels) * max((len(wrap(label, label_chars())) for label in labels), default=0)


def _hidden_mask(rows: pd.DataFrame) -> pd.Series:
    return rows["suppressed"].fillna(True).astype(bool)


def _category_ticks(labels: Sequence[str]) -> dict[str, object]:
    """Every category labelled, long labels wrapped."""
    return {"tickmode": "array", "tickvals": list(labels), "ticktext": [wrapped(label) for label in labels]}


def _share_hover(rows: pd.DataFrame) -> list[list[object]]:
    out = []
    for share, low, high, base in zip(
        rows["share"], rows["ci_low"], rows["ci_high"], rows["base"], strict=True
    ):
        out.append(
            [
                percent(float(share), float(low), float(high)),
                percent_interval(float(low), float(high)),
                int(base),
            ]
        )
    return out


def share_order(rows: pd.DataFrame, category: str) -> list[object]:
    """Codes of ``category`` from the largest share to the smallest, hidden ones last (the bars top to bottom)."""
    shares = rows.groupby(category)["share"].max()
    return shares.sort_values(ascending=False, kind="stable", na_position="last").index.tolist()


def share_bars(
    rows: pd.DataFrame,
    *,
    category: str,
    group: str | None,
    label_category: Labeller,
    label_group: Labeller,
    text: ChartText,
    colours: Mapping[str, str] | None = None,
) -> go.Figure:
    """Horizontal bars of shares per category (one colour per group), with 95 % intervals, largest on top.

    ``rows`` are engine rows: ``share``, ``ci_low``, ``ci_high``, ``base``, ``suppressed``.
    Hover shows the share, its interval and n (the base).
    """
    if nothing_to_show(rows):
        return empty_figure(text)
    label_category, label_group = plain_labels(label_category), plain_labels(label_group)
    fig = go.Figure()
    groups = [None] if group is None else list(dict.fromkeys(rows[group]))
    order = share_order(rows, category)[::-1]
    labels = [label_category(c) for c in order]
    names = []
    for position, value in enumerate(groups):
        part = rows if group is None else rows[rows[group] == value]
        part = part.set_index(category).reindex(order).reset_index().dropna(subset=["suppressed"])
        visible = part[~_hidden_mask(part)]
        hidden = part[_hidden_mask(part)]
        name = text.value_axis if group is None else wrapped(label_group(value), LEGEND_CHARS)
        colour = colour_of(dict(colours or {}), value, position)
        names.append(name)
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
                customdata=_share_hover(visible),
                hovertemplate=f"{labelled('%{y}', share_hover(*SHARE_CUSTOMDATA))}<extra>{name}</extra>",
                marker_color=colour,
                name=name,
            )
        )
        if not hidden.empty:
            fig.add_trace(
                go.Scatter(
                    y=[label_category(c) for c in hidden[category]],
                    x=[0] * len(hidden),
                    mode="markers+text" if group is None else "markers",
                    marker={"symbol": "circle-open", "color": SUPPRESSED_OUTLINE, "size": 10},
                    text=[text.hidden_mark] * len(hidden),
                    textposition="middle right",
                    textfont={"color": TEXT, "size": 12 * type_scale()},
                    hovertemplate=f"{text.hidden_mark}<extra>{name}</extra>",
                    name=text.hidden_mark,
                    showlegend=False,
                )
            )
    fig.update_layout(barmode="group", legend_traceorder="reversed")  # legend top to bottom like the bars
    fig.update_xaxes(title=wrapped(text.value_axis, AXIS_CHARS), ticksuffix=" %", rangemode="tozero")
    fig.update_yaxes(categoryorder="array", categoryarray=labels, **_category_ticks(labels))
    height = rows_height(
        len(order) * len(groups), per_row=24 if group else 30, lines=0 if group else _lines(labels)
    )
    return styled(fig, text.title, text.subtitle, height, names if group is not None else None)


def cell_text(share: float) -> str:
    """A share (0–1) printed in a heat-map cell: whole percent from 10 %, one decimal below (never a false 0)."""
    return number_text(share * 100, 0 if share >= 0.095 else 1)


def share_matrix(
    rows: pd.DataFrame,
    *,
    x: str,
    y: str,
    label_x: Labeller,
    label_y: Labeller,
    text: ChartText,
    order: Sequence[object] | None = None,
) -> go.Figure:
    """Heat map of shares over two dimensions; hidden cells are blank and say "fewer than N" on hover.

    The dimension with more values runs down the rows (labelled one by one, long labels wrapped),
    the other across the top; ``order`` (codes of ``y``, first on top) keeps the rows of the bar chart
    above. Every visible cell prints its share, so no colour bar is needed; what the shares are of
    heads the columns.
    """
    if nothing_to_show(rows):
        return empty_figure(text)
    label_x, label_y = plain_labels(label_x), plain_labels(label_y)
    # A missing code is one value (None), not NaNs that never equal one another as dictionary keys.
    rows = rows.assign(**{d: rows[d].astype(object).where(rows[d].notna(), None) for d in (x, y)})
    ys = list(dict.fromkeys(rows[y]))
    if order is not None:
        ys = [v for v in order if v in set(ys)] + [v for v in ys if v not in set(order)]
    xs = list(dict.fromkeys(rows[x]))
    row_dim, col_dim, row_values, col_values, label_row, label_col = y, x, ys, xs, label_y, label_x
    if len(xs) > len(ys):
        row_dim, col_dim, row_values, col_values, label_row, label_col = x, y, xs, ys, label_x, label_y
    cells = {(r[row_dim], r[col_dim]): r for r in rows.to_dict("records")}
    z, notes, marks = [], [], []
    for row_value in row_values:
        z_row, note_row, mark_row = [], [], []
        for col_value in col_values:
            cell = cells.get((row_value, col_value))
            label = f"{label_row(row_value)} × {label_col(col_value)}"
            if cell is None or cell["suppressed"]:
                z_row.append(None)
                note_row.append(labelled(label, text.hidden_mark))
                mark_row.append("")
            else:
                share, low, high = float(cell["share"]), float(cell["ci_low"]), float(cell["ci_high"])
                z_row.append(round(share * 100, 1))
                hover = share_hover(
                    percent(share, low, high), percent_interval(low, high), number_text(int(cell["base"]))
                )
                note_row.append(labelled(label, hover))
                mark_row.append(cell_text(share))
        z.append(z_row)
        notes.append(note_row)
        marks.append(mark_row)
    row_labels = [label_row(v) for v in row_values]
    col_labels = [label_col(v) for v in col_values]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=col_labels,
            y=row_labels,
            text=marks,
            texttemplate="%{text}",
            textfont={"size": CELL_TEXT_SIZE * type_scale()},
            customdata=notes,
            hovertemplate="%{customdata}<extra></extra>",
            colorscale="Blues",
            showscale=False,
            zmin=0,
            xgap=2,
            ygap=2,
        )
    )
    scale = type_scale()
    plot_px = drawn_width() - ROW_LABELS_PX
    column_px = plot_px / len(col_labels)
    column_chars = max(COLUMN_CHARS, int(column_px / (COLUMN_CHAR_PX * scale)))
    column_size = (COLUMN_SIZE if column_px >= NARROW_COLUMN_PX else COLUMN_SIZE - 2) * scale
    axis_title = wrap(text.value_axis, max(COLUMN_CHARS, int(plot_px / (COLUMN_CHAR_PX * scale))))
    fig.update_xaxes(
        side="top",
        tickangle=0,
        showgrid=False,
        tickmode="array",
        tickvals=col_labels,
        ticktext=[wrapped(label, column_chars) for label in col_labels],
        tickfont={"size": column_size},
        title={"text": "<br>".join(axis_title), "font": {"size": COLUMN_SIZE * scale, "color": TEXT_MUTED}},
    )
    fig.update_yaxes(autorange="reversed", showgrid=False, **_category_ticks(row_labels))
    column_lines = max(len(wrap(label, column_chars)) for label in col_labels)
    height = rows_height(len(row_values), per_row=34, lines=_lines(row_labels))
    header = round((16 * (column_lines + len(axis_title)) + 16) * scale)
    return styled(fig, text.title, text.subtitle, height, header=header)


def _month_axis(values: pd.Series) -> pd.Series:
    """Months ``YYYY-MM`` (or dates) as timestamps, so the axis reads "Jan 2023"."""
    return pd.to_datetime(values.astype(str), format="mixed")


def time_series(
    rows: pd.DataFrame,
    *,
    x: str,
    y: str,
    group: str | None,
    label_group: Labeller,
    text: ChartText,
    colours: Mapping[str, str] | None = None,
) -> go.Figure:
    """Lines over months (one per group); suppressed points are gaps, never values."""
    if nothing_to_show(rows, y):
        return empty_figure(text)
    label_group = plain_labels(label_group)
    fig = go.Figure()
    groups = [None] if group is None else sorted(rows[group].dropna().unique())
    names = []
    for position, value in enumerate(groups):
        part = rows if group is None else rows[rows[group] == value]
        part = part.sort_values(x)
        name = text.value_axis if group is None else wrapped(label_group(value), LEGEND_CHARS)
        names.append(name)
        fig.add_trace(
            go.Scatter(
                x=_month_axis(part[x]),
                y=part[y].astype("float64").round(1),
                mode="lines+markers",
                name=name,
                line={"color": colour_of(dict(colours or {}), value, position), "width": 2},
                marker={"size": 4},
                connectgaps=False,
                hovertemplate=labelled("%{x|%b %Y}", "%{y:,.1f}") + "<extra>%{fullData.name}</extra>",
            )
        )
    fig.update_yaxes(title=text.value_axis, rangemode="tozero")
    fig.update_xaxes(type="date", tickformat="%b %Y", hoverformat="%b %Y", showgrid=False)
    if rows[x].nunique() < 2:
        fig.update_xaxes(dtick="M1")
    return styled(fig, text.title, text.subtitle, 300, names if group is not None else None)


def _tick_step(labels: Sequence[str]) -> int:
    """Label every n-th category along the bottom so the labels do not run into each other."""
    label_px = max(len(label) for label in labels) * TICK_CHAR_PX + TICK_GAP_PX
    plot_px = max(drawn_width() - Y_AXIS_PX, label_px)
    return math.ceil(len(labels) * label_px / plot_px)


def count_bars(
    rows: pd.DataFrame,
    *,
    x: str,
    y: str,
    group: str | None,
    label_x: Labeller,
    label_group: Labeller,
    text: ChartText,
    colours: Mapping[str, str] | None = None,
    ranking: bool = False,
) -> go.Figure:
    """Stacked bars of counts (e.g. dead and missing by year and route); unknown totals stay gaps.

    A ``ranking`` (causes, countries, FMPs) is drawn as horizontal bars, largest total on top,
    its labels readable on the y axis; otherwise ``x`` runs along the bottom in its sorted order.
    """
    if nothing_to_show(rows, y):
        return empty_figure(text)
    label_x, label_group = plain_labels(label_x), plain_labels(label_group)
    fig = go.Figure()
    if group is None:
        groups = [None]
    else:
        totals = rows.groupby(group, dropna=False)[y].sum(min_count=1)
        groups = list(totals.sort_values(ascending=False, na_position="last").index)
    value_format = ",.1f" if (rows[y].dropna() % 1 != 0).any() else ",.0f"
    names = []
    for position, value in enumerate(groups):
        part = rows if group is None else rows[rows[group].isna() if pd.isna(value) else rows[group] == value]
        name = text.value_axis if group is None else wrapped(label_group(value), LEGEND_CHARS)
        names.append(name)
        labels = [label_x(v) for v in part[x]]
        values = part[y].astype("float64")
        colour = colour_of(dict(colours or {}), value, position)
        if ranking:
            bar = go.Bar(
                orientation="h",
                y=labels,
                x=values,
                hovertemplate=labelled("%{y}", f"%{{x:{value_format}}}") + "<extra>%{fullData.name}</extra>",
            )
        else:
            bar = go.Bar(
                x=labels,
                y=values,
                hovertemplate=labelled("%{x}", f"%{{y:{value_format}}}") + "<extra>%{fullData.name}</extra>",
            )
        fig.add_trace(bar.update(name=name, marker_color=colour))
    fig.update_layout(barmode="stack")
    show_legend = names if group is not None else None
    if ranking:
        order = rows.groupby(x, dropna=False)[y].sum().sort_values(ascending=True).index
        labels = list(dict.fromkeys(label_x(v) for v in order))
        fig.update_yaxes(categoryorder="array", categoryarray=labels, **_category_ticks(labels))
        fig.update_xaxes(title=wrapped(text.value_axis, AXIS_CHARS))
        return styled(
            fig, text.title, text.subtitle, rows_height(len(labels), lines=_lines(labels)), show_legend
        )
    order = [label_x(value) for value in sorted(rows[x].dropna().unique())]
    shown = order[:: _tick_step(order)]
    fig.update_xaxes(
        type="category",
        categoryorder="array",
        categoryarray=order,
        tickangle=0,
        tickmode="array",
        tickvals=shown,
        ticktext=shown,
    )
    fig.update_yaxes(title=text.value_axis)
    return styled(fig, text.title, text.subtitle, 300, show_legend)

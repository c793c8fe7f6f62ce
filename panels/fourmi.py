"""Panels built from 4Mi indicator answers, shared by the pages that show them."""

from __future__ import annotations

import pandas as pd

from core.i18n import _, labelled
from figures.charts import share_bars, share_matrix, share_order
from indicators.filters import Filters
from panels.tables import table_data
from panels.text import PanelContent, answer_panel, chart_text, hidden_mark, respondents_base
from view_data import ViewData


def share_axis() -> str:
    """Axis title of every 4Mi share."""
    return _("Share of respondents asked (%)")


def _share_table(
    service: ViewData, rows: pd.DataFrame, keys: dict[str, str], indicator: str
) -> tuple[list[dict[str, object]], list[dict[str, str]]]:
    columns = {key: (header, service.labels.labeller(key, indicator)) for key, header in keys.items()}
    values = {
        "share": _("Share (%)"),
        "ci_low": _("95 % CI low"),
        "ci_high": _("95 % CI high"),
        "base": _("n asked"),
    }
    return table_data(rows, columns, values, hidden_mark(service))


def bar_order(service: ViewData, indicator: str, filters: Filters, dimension: str) -> list[object]:
    """Values of ``dimension`` as the share bars of ``indicator`` stack them, largest share first."""
    return share_order(service.fourmi(indicator, filters, (dimension,)).rows, dimension)


def share_panel(
    service: ViewData, indicator: str, filters: Filters, title: str, group: str | None = None
) -> PanelContent:
    """Shares of each category of ``indicator``, optionally side by side per ``group``."""
    by = ("category", group) if group else ("category",)
    answer = service.fourmi(indicator, filters, by)
    rows = answer.rows
    labels = service.labels
    figure = share_bars(
        rows,
        category="category",
        group=group,
        label_category=labels.labeller("category", indicator),
        label_group=labels.labeller(group or "category"),
        text=chart_text(service, title, answer, respondents_base(answer), share_axis()),
    )
    keys = {"category": _("Category")} | ({group: _(group.replace("_", " ").capitalize())} if group else {})
    table, columns = _share_table(service, rows, keys, indicator)
    return answer_panel(service, answer, figure, table, columns)


def matrix_panel(
    service: ViewData, indicator: str, filters: Filters, title: str, x: str, y: str = "category"
) -> PanelContent:
    """Shares over two dimensions as a heat map (e.g. incident type × perpetrator)."""
    answer = service.fourmi(indicator, filters, (y, x))
    labels = service.labels
    figure = share_matrix(
        answer.rows,
        x=x,
        y=y,
        label_x=labels.labeller(x, indicator),
        label_y=labels.labeller(y, indicator),
        text=chart_text(service, title, answer, respondents_base(answer), share_axis()),
        order=bar_order(service, indicator, filters, y),
    )
    table, columns = _share_table(service, answer.rows, {y: _("Category"), x: _(x.capitalize())}, indicator)
    return answer_panel(service, answer, figure, table, columns)


def slice_panel(
    service: ViewData, indicator: str, filters: Filters, title: str, *, fixed: tuple[str, str], across: str
) -> PanelContent:
    """Shares across the values of ``across`` with one dimension held at a value.

    E.g. where one incident type happened (``fixed=("category", "robbery"), across="place"``) or
    which incidents smugglers were responsible for (``fixed=("perpetrator", "smugglers")``).
    Groups nobody named are left out.
    """
    dimension, value = fixed
    answer = service.fourmi(indicator, filters, tuple(dict.fromkeys(("category", dimension, across))))
    rows = answer.rows[answer.rows[dimension] == value]
    rows = rows[rows["suppressed"] | (rows["respondents"].fillna(0) > 0)]
    labels = service.labels
    figure = share_bars(
        rows,
        category=across,
        group=None,
        label_category=labels.labeller(across, indicator),
        label_group=labels.labeller(across),
        text=chart_text(
            service,
            labelled(title, labels.label(dimension, value, indicator)),
            answer,
            respondents_base(answer),
            share_axis(),
        ),
    )
    table, columns = _share_table(
        service, rows, {across: _(across.replace("_", " ").capitalize())}, indicator
    )
    return answer_panel(service, answer, figure, table, columns)

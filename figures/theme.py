"""The one chart style of the app: a Plotly template, wrapped titles and number formats.

The template ``mmp`` is registered once on import and made the default; every builder also
names it, so a figure looks the same wherever it is drawn. Titles, subtitles and legends are
wrapped to the width the chart will be drawn at (:func:`chart_width`; a phone's by default)
and the margins follow their number of lines.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import plotly.graph_objects as go
import plotly.io as pio
from babel import Locale
from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol

from core.i18n import _, language
from figures.palettes import CATEGORICAL, TEXT, TEXT_MUTED
from figures.plain import plain

TEMPLATE = "mmp"
FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
FONT_SIZE = 14
TITLE_SIZE = 16
SUBTITLE_SIZE = 12
CELL_TEXT_SIZE = 13
GRID = "#e5e5e5"

#: Width (px) of a chart on a phone-wide card: the default, and the narrowest wrapped for.
PHONE_CHART_PX = 340
#: Widest chart wrapped for: longer lines would be hard to read even where they fit.
WIDEST_CHART_PX = 900
#: Average width (px) of one character, with room to spare, at the title and subtitle sizes.
TITLE_CHAR_PX = 10.0
SUBTITLE_CHAR_PX = 7.4
TITLE_LINE_PX = 22
#: plotly.js spaces every line of a title by the title's own font (16 px x 1.3), small ones too.
SUBTITLE_LINE_PX = 21
TITLE_GAP_PX = 14
#: Space above the first title line.
TITLE_TOP_PX = 20
#: plotly.js's names of month formats and Babel's widths of month names.
MONTH_WIDTHS = {"months": "wide", "shortMonths": "abbreviated"}
#: Height of one horizontal legend row below the plot.
LEGEND_ROW_PX = 24
#: The presentation layout's charts (for a projector): type this many times larger, black on white.
PRESENT_TEMPLATE = "mmp-present"
PRESENT_SCALE = 1.4
PRESENT_TEXT = "#000000"
PRESENT_GRID = "#a0a0a0"


def _template(scale: float = 1.0, text: str = TEXT, grid: str = GRID) -> go.layout.Template:
    axis = {
        "automargin": True,
        "gridcolor": grid,
        "linecolor": "#bdbdbd" if scale == 1 else text,
        "zerolinecolor": "#bdbdbd" if scale == 1 else text,
        "separatethousands": True,
        "exponentformat": "none",
        "title": {"font": {"size": FONT_SIZE * scale}, "standoff": 8},
        "tickfont": {"size": (FONT_SIZE - 1) * scale, "color": text},
    }
    return go.layout.Template(
        layout={
            "font": {"family": FONT_FAMILY, "size": FONT_SIZE * scale, "color": text},
            "colorway": list(CATEGORICAL),
            "separators": ".,",
            "paper_bgcolor": "white",
            "plot_bgcolor": "white",
            "title": {
                "x": 0,
                "xanchor": "left",
                "xref": "container",
                "y": 1,
                "yanchor": "top",
                "yref": "container",
                "pad": {"l": 10},
                "font": {"size": TITLE_SIZE * scale},
            },
            "margin": {"l": 10, "r": 10, "t": 60, "b": 10},
            "xaxis": axis,
            "yaxis": axis,
            "legend": {
                "orientation": "h",
                "xref": "container",
                "x": 0,
                "xanchor": "left",
                "yref": "container",
                "y": 0,
                "yanchor": "bottom",
                "font": {"size": (FONT_SIZE - 1) * scale},
                "title": {"text": ""},
            },
            "hoverlabel": {"bgcolor": "white", "font": {"size": FONT_SIZE * scale, "color": text}},
            "hovermode": "closest",
        }
    )


pio.templates[TEMPLATE] = _template()
pio.templates[PRESENT_TEMPLATE] = _template(PRESENT_SCALE, PRESENT_TEXT, PRESENT_GRID)
pio.templates.default = TEMPLATE

#: Characters per line of a category label beside horizontal bars or heat-map rows.
LABEL_CHARS = 22

_chart_px: ContextVar[int] = ContextVar("chart_px", default=PHONE_CHART_PX)
_scale: ContextVar[float] = ContextVar("scale", default=1.0)
_label_chars: ContextVar[int] = ContextVar("label_chars", default=LABEL_CHARS)


@contextmanager
def presentation(on: bool) -> Iterator[None]:
    """Within the block, when ``on``, charts are built for the presentation layout (:data:`PRESENT_TEMPLATE`)."""
    token = _scale.set(PRESENT_SCALE if on else 1.0)
    try:
        yield
    finally:
        _scale.reset(token)


def type_scale() -> float:
    """How many times larger than usual the type of the charts being built is (1 but in the presentation layout)."""
    return _scale.get()


def template() -> str:
    """The template of the charts being built: the presentation layout's or the usual one."""
    return PRESENT_TEMPLATE if _scale.get() != 1.0 else TEMPLATE


@contextmanager
def chart_width(px: int) -> Iterator[None]:
    """Within the block, wrap titles, subtitles and legends for charts ``px`` wide (kept in 340–900)."""
    token = _chart_px.set(min(max(int(px), PHONE_CHART_PX), WIDEST_CHART_PX))
    try:
        yield
    finally:
        _chart_px.reset(token)


@contextmanager
def label_width(chars: int) -> Iterator[None]:
    """Within the block, category labels beside bars or heat-map rows wrap at ``chars`` characters (a
    picture wider than any screen's chart, such as a briefing's, gives them fewer, longer lines)."""
    token = _label_chars.set(chars)
    try:
        yield
    finally:
        _label_chars.reset(token)


def label_chars() -> int:
    """Characters per line of a category label in the charts being built."""
    return _label_chars.get()


def drawn_width() -> int:
    """Width (px) the charts being built will be drawn at."""
    return _chart_px.get()


def title_chars() -> int:
    """Characters of a title line at the current chart width."""
    return int(_chart_px.get() / (TITLE_CHAR_PX * _scale.get()))


def subtitle_chars() -> int:
    """Characters of a subtitle line at the current chart width."""
    return int(_chart_px.get() / (SUBTITLE_CHAR_PX * _scale.get()))


def wrap(text: str, width: int) -> list[str]:
    """``text`` as lines of at most ``width`` characters (a longer word stays whole); "\\n" starts a line."""
    return [
        line
        for part in text.split("\n")
        for line in textwrap.wrap(part, width, break_long_words=False) or [""]
    ]


def title_block(title: str, subtitle: str) -> tuple[str, int]:
    """The title and its subtitle lines wrapped to the chart's width, and the top margin they need.

    Both may name data (filter values, sources' credits): their lines are :func:`~figures.plain.plain`.
    """
    scale = _scale.get()
    title_lines = [plain(line) for line in wrap(title, title_chars())]
    subtitle_lines = [plain(line) for line in wrap(subtitle, subtitle_chars())] if subtitle else []
    muted = TEXT_MUTED if scale == 1.0 else PRESENT_TEXT
    small = "".join(
        f"<br><span style='font-size:{SUBTITLE_SIZE * scale:g}px;color:{muted}'>{line}</span>"
        for line in subtitle_lines
    )
    height = round(
        TITLE_TOP_PX
        + (TITLE_LINE_PX * len(title_lines) + SUBTITLE_LINE_PX * len(subtitle_lines)) * scale
        + TITLE_GAP_PX
    )
    return "<br>".join(title_lines) + small, height


def legend_margin(names: list[str]) -> int:
    """Bottom margin for a horizontal legend of ``names`` (lines split by ``<br>``) at the chart's width."""
    if not names:
        return 10
    row_px = _chart_px.get() - 40
    scale = _scale.get()
    rows, width = 0, 0
    for name in names:
        lines = name.split("<br>")
        item = 40 + 8 * scale * max(len(line) for line in lines)
        if not width or width + item > row_px:
            rows, width = rows + len(lines), 0
        width += item
    return round(16 + LEGEND_ROW_PX * scale * rows)


def styled(
    fig: go.Figure, title: str, subtitle: str, height: int, legend: list[str] | None = None, header: int = 0
) -> go.Figure:
    """Apply the template, the wrapped title block and margins that fit it, the legend and a ``header``.

    ``height`` is the plot's; ``header`` is the space (px) for labels above the plot, e.g. heat-map columns.
    """
    text, top = title_block(title, subtitle)
    top += header
    fig.update_layout(
        template=template(),
        separators=separators(),
        title={"text": text, "y": 1 - TITLE_TOP_PX / (height + top)},
        height=height + top,
        margin={"t": top, "b": legend_margin(legend or [])},
        showlegend=bool(legend),
    )
    return fig


def interval_decimals(low: float, high: float) -> int:
    """The fewest decimals (up to 2) at which a share interval's ends (0–1, shown in %) differ."""
    return next((d for d in (0, 1) if f"{low * 100:.{d}f}" != f"{high * 100:.{d}f}"), 2)


def separators() -> str:
    """Plotly's ``separators`` (decimal mark, then thousands separator) of the interface language, from
    Babel's number symbols: ".," in English, ",\u202f" in French (1 234,5)."""
    return get_decimal_symbol(language()) + get_group_symbol(language())


def plotly_locales() -> dict[str, object]:
    """Plotly config ``locales`` for the interface language: Babel's month names, so date axes and hovers
    name months as the rest of the page does ("mars 2024", not plotly.js's own "Mar 2024")."""
    months = Locale.parse(language()).months["format"]
    names = {key: [months[width][month] for month in range(1, 13)] for key, width in MONTH_WIDTHS.items()}
    return {language(): {"format": names}}


def number_text(value: float, decimals: int = 0) -> str:
    """A number in the interface language with ``decimals`` decimals: "1,234.5" in English, "1 234,5" in French."""
    pattern = "#,##0." + "0" * decimals if decimals else "#,##0"
    return format_decimal(value, format=pattern, locale=language())


def share_hover(share: str, interval: str, n: str) -> str:
    """A share's hover text in the interface language: the share, its 95 % interval and its base (n)."""
    return _("%(share)s (95%% CI %(interval)s), n = %(n)s", share=share, interval=interval, n=n)


#: Plotly placeholders of a share, its interval and its base held in a trace's customdata 0, 1 and 2.
SHARE_CUSTOMDATA = ("%{customdata[0]}", "%{customdata[1]}", "%{customdata[2]:,}")


def percent_interval(low: float, high: float) -> str:
    """A share interval (0–1) in %, to the precision that tells its ends apart, e.g. "53.6–54.4 %"."""
    decimals = interval_decimals(low, high)
    return f"{number_text(low * 100, decimals)}–{number_text(high * 100, decimals)} %"


def percent(share: float, low: float, high: float) -> str:
    """A share (0–1) in % to the precision of its interval, e.g. "54.0 %" beside "53.6–54.4 %"."""
    return f"{number_text(share * 100, interval_decimals(low, high))} %"


def rows_height(count: int, per_row: int = 28, minimum: int = 220, lines: int = 0) -> int:
    """Plot height for ``count`` rows of a horizontal chart or heat map whose labels take ``lines`` lines in all."""
    scale = _scale.get()
    return round(max(minimum, max(per_row * count, 17 * lines + 8 * count) * scale + 60))

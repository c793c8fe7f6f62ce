"""Time against demo scale from the JSON results (``python -m dashboard bench-plot``).

Reads ``bench/results/*.json`` and draws, log-log, one line per query and database (the engine's
cold median from ``bench``) and one per kind of filter change, server and database (the median of
the whole change from ``bench-ui``). Writes an SVG; needs no network.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from dashboard.bench_results import RESULTS_DIR

PLOT_PATH = Path(__file__).resolve().parents[1] / "docs" / "performance-scale.svg"
#: (command, measure) drawn in each panel, with the panel's title.
PANELS = (
    ("bench", "engine", "Engine, cold (median per query)"),
    ("bench-ui", "total", "Filter change in the browser (median)"),
)
LINESTYLE = {"sqlite": "-", "postgresql": "--"}
MARKER = {"": "o", "dev": "s", "gunicorn": "^"}

#: ``{(query or change, server or "", database kind): [(scale, median ms), ...]}``
Series = dict[tuple[str, str, str], list[tuple[int, float]]]


def read_results(directory: Path = RESULTS_DIR) -> list[dict]:
    """Every results document in ``directory``, by file name."""
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(directory.glob("*.json"))]


def series(documents: list[dict], command: str, measure: str) -> Series:
    """The points of one command's measure, per query or change, server and database kind."""
    lines: Series = defaultdict(list)
    for document in documents:
        if document["command"] != command:
            continue
        for record in document["measurements"]:
            if record["measure"] != measure:
                continue
            key = (record["name"], record.get("server", ""), document["database"]["kind"])
            lines[key].append((document["scale"], record["median_ms"]))
    return {key: sorted(points) for key, points in sorted(lines.items())}


def plot(documents: list[dict], path: Path = PLOT_PATH) -> Path:
    """Draw every panel that has data to ``path`` (SVG, no timestamp in it, so reruns differ by data only)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter, NullLocator

    matplotlib.rcParams["svg.hashsalt"] = "bench-plot"
    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: smaller, searchable
    panels = [(title, series(documents, command, measure)) for command, measure, title in PANELS]
    panels = [(title, lines) for title, lines in panels if lines]
    if not panels:
        raise ValueError("no benchmark results to plot")
    figure, axes = plt.subplots(1, len(panels), figsize=(7.5 * len(panels), 8.5), squeeze=False)
    for axis, (title, lines) in zip(axes[0], panels, strict=True):
        colours = {name: f"C{number}" for number, name in enumerate(dict.fromkeys(key[0] for key in lines))}
        for (name, server, kind), points in lines.items():
            scales, medians = zip(*points, strict=True)
            axis.plot(
                scales,
                medians,
                color=colours[name],
                linestyle=LINESTYLE.get(kind, ":"),
                marker=MARKER.get(server, "o"),
                label=", ".join(part for part in (name, server, kind) if part),
            )
        axis.set_xscale("log")
        axis.set_yscale("log")
        ticks = sorted({scale for points in lines.values() for scale, _ in points})
        axis.set_xticks(ticks, [f"{scale}×" for scale in ticks])
        axis.xaxis.set_minor_locator(NullLocator())
        axis.yaxis.set_major_locator(LogLocator(subs=(1, 2, 5)))
        axis.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
        axis.yaxis.set_minor_formatter(NullFormatter())
        axis.set_xlabel("demo scale (× the 1× demo, ≈ 1.6 M rows)")
        axis.set_ylabel("median time (ms)")
        axis.set_title(title)
        axis.grid(True, alpha=0.3)
        axis.legend(fontsize=7, loc="upper left", bbox_to_anchor=(0, -0.1), ncol=2)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, format=path.suffix.lstrip(".") or "svg", metadata={"Date": None})
    plt.close(figure)
    return path

"""A report's bar chart as a picture: `report timeline|city|weapon --chart FILE.svg|FILE.png`.

One bar per row of the report, with the report's own figures and order: the
same rows --top keeps, the measure --measure names. Under the plot, a caption
says what was counted, in the report's own words: which statuses (discounted
left out by default), the filters, that each incident counts once, and how
many incidents have the figure unknown, which are in no bar (unknown is not
zero). A group whose figure is unknown gets no bar and the word `unknown`.

Periods read across the page in time order; cities and weapons down it,
largest first. Every bar is labelled with its figure (beyond LABELLED bars,
only the unknown ones, and every few bars with its name).
In the SVG, text stays text (searchable, and it scales), and a script finds
each bar by id: `bar-N` (from 0, in the report's order), its name
`bar-N-label`, its figure `bar-N-value`, and the caption `caption`.

matplotlib is an optional extra (`harmtrack[charts]`), imported only here and
only when a chart is drawn; the figure is rendered on the Agg canvas, never a
window. The file is written privately beside its target and renamed into place
when complete (safe_files.PrivateFile), so a failure never leaves half a chart.
"""

from __future__ import annotations

import os
import textwrap
from dataclasses import dataclass
from pathlib import Path

from harmtrack.errors import HarmtrackError, UsageError
from harmtrack.safe_files import PrivateFile, check_target

FORMATS = {".svg": "svg", ".png": "png"}
INSTALL_HINT = "pip install 'harmtrack[charts]'"
UNKNOWN = "unknown"
LABELLED = 60  # up to this many periods, every one is named under its bar; beyond, evenly spaced ones
WIDEST_LABEL = 40  # characters of a group's name shown before it is shortened with …


@dataclass(frozen=True)
class BarChart:
    title: str
    labels: list[str]
    values: list[int | None]  # None: unknown, drawn as no bar and the word unknown
    axis: str  # what a bar's length counts
    caption: list[str]  # sentences, each its own paragraph
    across: bool  # bars side by side (a timeline), else one under the other


def chart_format(path: Path) -> str:
    """svg or png, from the file's extension; anything else is bad usage."""
    found = FORMATS.get(path.suffix.lower())
    if found is None:
        raise UsageError(f"--chart: '{path}' is not a .svg or .png file; the chart is written as SVG or PNG")
    return found


def check(target: Path, *, database: Path | None) -> None:
    """Before any work: the file can be written as a chart (.svg or .png, not
    the database or a link; an existing chart is replaced), and matplotlib is here."""
    chart_format(target)
    try:
        check_target(target, database=database, replace=True)
    except UsageError as error:
        raise UsageError(f"--chart: {error}") from None
    _matplotlib()


def save(chart: BarChart, target: Path) -> None:
    """Draw the chart and write it to `target` (.svg or .png) in one rename."""
    fmt = chart_format(target)
    figure = _draw(chart)
    import matplotlib

    partial = PrivateFile(target)
    try:
        with (
            os.fdopen(partial.fd, "wb") as stream,
            matplotlib.rc_context(
                # Text as <text> elements, and the same ids in every run.
                {"svg.fonttype": "none", "svg.hashsalt": "harmtrack"}
            ),
        ):
            figure.savefig(stream, format=fmt, dpi=150, metadata=_METADATA[fmt])
        partial.commit()
    except OSError as error:
        partial.discard()
        raise HarmtrackError(f"cannot write {target}: {error.strerror or error}") from None
    except BaseException:
        partial.discard()
        raise


# No creation date or software version: the same chart gives the same bytes.
_METADATA: dict[str, dict] = {"svg": {"Date": None}, "png": {"Software": None}}


def _matplotlib():
    """matplotlib's Figure and Agg canvas, or a one-line hint to install the extra."""
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:
        raise HarmtrackError(f"--chart needs the charts extra (matplotlib): {INSTALL_HINT}") from None
    return Figure, FigureCanvasAgg


def _draw(chart: BarChart):
    Figure, FigureCanvasAgg = _matplotlib()

    count = len(chart.values)
    labels = [_shortened(label) for label in chart.labels]
    if chart.across:
        width = min(16.0, max(7.0, 0.32 * count + 2.5))
        plot_height = 4.2
    else:
        width = 8.5
        plot_height = max(2.2, 0.34 * count + 1.2)
    caption = _wrapped(chart.caption, width)
    caption_height = 0.16 * len(caption) + 0.2
    figure = Figure(figsize=(width, plot_height + caption_height), layout="constrained")
    FigureCanvasAgg(figure)
    plot, notes = figure.subplots(2, 1, height_ratios=[plot_height, caption_height])
    lengths = [value or 0 for value in chart.values]
    positions = list(range(count))
    if chart.across:
        bars = plot.bar(positions, lengths, color="#b2182b", width=0.8)
        plot.set_xticks(positions, labels, rotation=90 if count > 12 else 0, fontsize=8)
        plot.set_ylabel(chart.axis)
        plot.set_xlim(-0.6, count - 0.4)
    else:
        bars = plot.barh(positions, lengths, color="#b2182b", height=0.7)
        plot.set_yticks(positions, labels, fontsize=9)
        plot.invert_yaxis()  # the report's first row on top
        plot.set_xlabel(chart.axis)
    names = plot.get_xticklabels() if chart.across else plot.get_yticklabels()
    step = max(1, -(-count // LABELLED))  # beyond LABELLED bars, every step-th is named
    for index, (bar, name) in enumerate(zip(bars, names, strict=True)):
        bar.set_gid(f"bar-{index}")
        name.set_gid(f"bar-{index}-label")
        name.set_visible(index % step == 0)
    # Each bar's figure; beyond LABELLED bars only the unknown ones, which would otherwise look like 0.
    figures = plot.bar_label(
        bars,
        labels=[UNKNOWN if value is None else f"{value:,}" if count <= LABELLED else "" for value in chart.values],
        padding=2,
        fontsize=7 if chart.across else 8,
        rotation=90 if chart.across and count > 12 else 0,
    )
    for index, figure_text in enumerate(figures):
        figure_text.set_gid(f"bar-{index}-value")
    plot.margins(**({"y": 0.12} if chart.across else {"x": 0.12}))
    plot.spines[["top", "right"]].set_visible(False)
    plot.set_title(chart.title, loc="left", fontsize=12, fontweight="bold")
    notes.axis("off")
    notes.text(0, 1, "\n".join(caption), va="top", ha="left", fontsize=8, transform=notes.transAxes, gid="caption")
    return figure


def _shortened(label: str) -> str:
    return label if len(label) <= WIDEST_LABEL else label[: WIDEST_LABEL - 1] + "…"


def _wrapped(paragraphs: list[str], width_inches: float) -> list[str]:
    """The caption's lines at 8 points: about 15 characters to the inch."""
    columns = max(40, int(width_inches * 15))
    return [line for paragraph in paragraphs for line in textwrap.wrap(paragraph, columns)]

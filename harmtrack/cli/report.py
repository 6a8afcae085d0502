"""report city | weapon | matrix | timeline | sites: totals, by SQL aggregation.

Unknown is not zero: `killed`, `injured` and the children's figures sum the
known figures, and `killed_unknown`, `injured_unknown`,
`children_killed_unknown` / `children_injured_unknown` count the incidents
whose figure is unknown. A sum over no known figure is unknown: null in JSON,
an empty cell in CSV, `unknown` in table and markdown views (whose caption
says so). `discounted` incidents are left out unless --include-discounted
(or --status names the statuses to count). Table and markdown views add a
total row and the summed range where ranges are recorded; CSV and JSON carry
plain numbers only, without a total row.

Choices where SPEC is silent:
- An incident without a city is grouped as '(no city)' in table views, an
  empty cell in CSV and null in JSON (a script must not mistake a label for a
  place name).
- `timeline` reads in time order unless --sort (a trend is the point); empty
  periods between the first and the last are zero rows (no incident, so
  nothing unknown); an incident known only to a coarser period than --period
  keeps its own label (2024-10).
- Sorting by a measure puts unknown figures after the known ones.
- `matrix` rows sort by the measure shown (killed unless --measure); a blank
  cell in the table means no incident, 0 means incidents with none counted,
  `unknown` means incidents none of which has a known figure; CSV and JSON
  write no incident as 0 and unknown as an empty cell / null. With --top the
  rest is folded into a row named `other`.
- `sites` sorts by incidents; its total counts an incident once even when it
  damaged sites of several kinds.
- The total row of table views counts every group, also those --top hides.
- `--chart FILE.svg|FILE.png` (city, weapon, timeline) draws the rows the
  report shows, in its order, as bars of --measure (killed by default; a
  timeline's --measure is also its terminal chart's), whatever the format;
  the caption says what was counted. On a terminal only the timeline draws a
  bar chart, as before.
- A table fits the terminal: the group name wraps, and the columns least
  needed are left out first (the children's unknown counts, the ranges, the
  other unknown and children's counts), named in the caption; `matrix` keeps
  the weapon columns that fit, largest total first, and adds up the rest in
  a column `other`, which the caption explains. Markdown, CSV and JSON keep
  every column.
"""

from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from harmtrack.cli.common import FormatOption, database, filter_options
from harmtrack.errors import UsageError
from harmtrack.render import Format

if TYPE_CHECKING:
    from harmtrack.store import Filters

app = typer.Typer(
    help="Totals by city, weapon, city x weapon, period or damaged-site kind.",
    no_args_is_help=True,
)

NO_CITY = "(no city)"
# A sum over no known figure, in table and markdown views (empty in CSV, null in JSON).
UNKNOWN = "unknown"
UNKNOWN_NOTE = f"{UNKNOWN} in a figure's cell: none of the incidents it sums has a known figure (unknown is not 0)."
DATA_FORMATS = (Format.csv, Format.json, Format.jsonl)


class By(StrEnum):
    weapon = "weapon"
    delivery_class = "class"


class Measure(StrEnum):
    killed = "killed"
    injured = "injured"
    incidents = "incidents"
    casualties = "casualties"


class Period(StrEnum):
    day = "day"
    week = "week"
    month = "month"
    year = "year"


Sort = Annotated[
    str | None,
    typer.Option(
        "--sort",
        help="Order by a measure (largest first, unknown figures last: incidents, killed, injured, children_killed, "
        "children_injured, killed_unknown, injured_unknown, children_killed_unknown, children_injured_unknown, "
        "casualties) or by the group name. Default: killed, then name.",
        show_default=False,
    ),
]
Top = Annotated[int | None, typer.Option("--top", min=1, help="Keep the first N rows in the sort order.")]
IncludeDiscounted = Annotated[
    bool,
    typer.Option("--include-discounted", help="Count incidents with status discounted too (left out by default)."),
]
ChartFile = Annotated[
    Path | None,
    typer.Option(
        "--chart",
        metavar="FILE.svg|FILE.png",
        help="Also draw the report as a bar chart in this SVG or PNG file, with a caption saying what was "
        "counted (pip install 'harmtrack\\[charts]').",
        show_default=False,
    ),
]
ChartMeasure = Annotated[
    Measure | None,
    typer.Option("--measure", help="What --chart draws: killed (default), injured, incidents or casualties."),
]


@app.command("city")
@filter_options
def city(
    ctx: typer.Context,
    filters,
    sort: Sort = None,
    top: Top = None,
    include_discounted: IncludeDiscounted = False,
    fmt: FormatOption = None,
    chart_file: ChartFile = None,
    measure: ChartMeasure = None,
):
    """Incidents, killed and injured per city (unrecorded city: '(no city)'; empty in CSV, null in JSON)."""
    render_group_report(
        ctx,
        filters,
        "city",
        sort=sort,
        top=top,
        include_discounted=include_discounted,
        fmt=fmt,
        chart_file=chart_file,
        **_chart_measure(chart_file, measure),
    )


@app.command("weapon")
@filter_options
def weapon(
    ctx: typer.Context,
    filters,
    by: Annotated[
        By, typer.Option("--by", help="weapon family, or class: rolled up to the delivery class.")
    ] = By.weapon,
    sort: Sort = None,
    top: Top = None,
    include_discounted: IncludeDiscounted = False,
    fmt: FormatOption = None,
    chart_file: ChartFile = None,
    measure: ChartMeasure = None,
):
    """Incidents, killed and injured per weapon family or delivery class."""
    group = "class" if by is By.delivery_class else "weapon"
    render_group_report(
        ctx,
        filters,
        group,
        sort=sort,
        top=top,
        include_discounted=include_discounted,
        fmt=fmt,
        chart_file=chart_file,
        **_chart_measure(chart_file, measure),
    )


@app.command("timeline")
@filter_options
def timeline(
    ctx: typer.Context,
    filters,
    period: Annotated[
        Period, typer.Option("--period", help="Bucket size; weeks start on Monday (ISO).")
    ] = Period.month,
    measure: Annotated[
        Measure, typer.Option("--measure", help="What the bar chart shows (on a terminal and with --chart).")
    ] = Measure.killed,
    sort: Sort = None,
    top: Top = None,
    include_discounted: IncludeDiscounted = False,
    fmt: FormatOption = None,
    chart_file: ChartFile = None,
):
    """Totals per period (2024-10-28, 2024-W44, 2024-10, 2024), in time order unless --sort.

    Periods without incidents between the first and the last show as zero rows.
    An incident dated only to a coarser period than --period keeps its own
    label (a month-precision date in a day timeline shows under 2024-10).
    The table view on a terminal draws a bar chart of --measure."""
    render_group_report(
        ctx,
        filters,
        "period",
        sort=sort,
        top=top,
        include_discounted=include_discounted,
        fmt=fmt,
        period=period.value,
        chart=measure.value,
        chart_file=chart_file,
    )


@app.command("matrix")
@filter_options
def matrix(
    ctx: typer.Context,
    filters,
    measure: Annotated[Measure, typer.Option("--measure", help="What each cell counts.")] = Measure.killed,
    sort: Sort = None,
    top: Annotated[
        int | None, typer.Option("--top", min=1, help="Keep the first N cities; fold the rest into 'other'.")
    ] = None,
    include_discounted: IncludeDiscounted = False,
    fmt: FormatOption = None,
):
    """Cities as rows, weapon families as columns (largest total first).

    Rows sort by the measure (largest first), then by city, unless --sort.
    casualties = killed + injured, each summed over known figures."""
    from harmtrack import reports
    from harmtrack.render import resolve_format

    key = reports.check_sort(sort, "city")
    counted = reports.counted(filters, include_discounted=include_discounted)
    fmt = resolve_format(fmt)
    with database(ctx, create=False) as store:
        result = reports.matrix(store, counted, measure=measure.value, sort=key, top=top)
        duplicates = None if fmt in DATA_FORMATS else _duplicates_note(store)
    _write_matrix(result, filters, include_discounted, fmt, duplicates)


@app.command("sites")
@filter_options
def sites(
    ctx: typer.Context,
    filters,
    sort: Annotated[
        str | None, typer.Option("--sort", help="incidents (default), sites or kind.", show_default=False)
    ] = None,
    top: Top = None,
    include_discounted: IncludeDiscounted = False,
    fmt: FormatOption = None,
):
    """Per damaged-site kind: incidents that damaged one, and sites damaged."""
    from harmtrack import reports
    from harmtrack.render import resolve_format, write_rows

    key = reports.check_sort(sort, "kind", ("incidents", "sites"))
    counted = reports.counted(filters, include_discounted=include_discounted)
    fmt = resolve_format(fmt)
    with database(ctx, create=False) as store:
        rows, total = reports.site_rows(store, counted)
        duplicates = None if fmt in DATA_FORMATS else _duplicates_note(store)
    shown = reports.sort_sites(rows, key)[:top]
    columns = ("kind", "incidents", "sites")
    if fmt in DATA_FORMATS:
        write_rows(columns, [[row[name] for name in columns] for row in shown], fmt)
        return
    notes = [
        _counted_note(filters, include_discounted),
        "An incident that damaged sites of several kinds counts once in the total.",
        *([duplicates] if duplicates else []),
    ]
    if len(shown) < len(rows):
        notes.append(f"Showing {len(shown)} of {len(rows)} kinds; the total row counts all.")
    _table(
        columns,
        [[row["kind"], _n(row["incidents"]), _n(row["sites"])] for row in shown],
        fmt,
        title="Damaged sites by kind",
        footer=["total", _n(total["incidents"]), _n(total["sites"])],
        notes=notes,
    )


def _chart_measure(chart_file: Path | None, measure: Measure | None) -> dict:
    """city and weapon draw a bar chart only into a file: --measure says what it shows."""
    if measure is not None and chart_file is None:
        raise UsageError("--measure chooses what --chart draws; give --chart FILE.svg or FILE.png")
    return {"chart": (measure or Measure.killed).value} if chart_file is not None else {}


def render_group_report(
    ctx: typer.Context,
    filters: "Filters",
    group: str,
    *,
    fmt: Format | None,
    sort: str | None = None,
    top: int | None = None,
    include_discounted: bool = False,
    period: str = "month",
    chart: str | None = None,
    chart_file: Path | None = None,
) -> None:
    """The report of one grouping. `chart` is the measure a bar chart shows:
    drawn on a terminal for the table view of a timeline, and into
    `chart_file` (SVG or PNG) whatever the format."""
    from harmtrack import reports
    from harmtrack.render import resolve_format

    if chart_file is not None:
        from harmtrack import charts
        from harmtrack.cli.common import state

        charts.check(chart_file, database=state(ctx).db_path)
    key = reports.check_sort(sort, group)
    counted = reports.counted(filters, include_discounted=include_discounted)
    fmt = resolve_format(fmt)
    with database(ctx, create=False) as store:
        rows = reports.group_rows(store, counted, group, period=period)
        wants_notes = fmt not in DATA_FORMATS or chart_file is not None
        duplicates = _duplicates_note(store) if wants_notes else None
    if group == "period":
        rows = reports.fill_gaps(rows, period)
    # A timeline reads in time order; every other report by killed, then name.
    key = key or (group if group == "period" else "killed")
    ordered = reports.sort_rows(rows, group, key)
    shown = ordered[:top]
    total = reports.totals(rows)
    titles = {
        "city": "By city",
        "weapon": "By weapon family",
        "class": "By delivery class",
        "period": f"By {period}",
    }
    if chart_file is not None:
        measure = chart or Measure.killed.value
        notes = _chart_notes(filters, include_discounted, group, shown, rows, total, measure, duplicates)
        _save_chart(chart_file, group, shown, measure, f"{measure.capitalize()} {titles[group].lower()}", notes)
    if fmt in DATA_FORMATS:
        from harmtrack.render import write_rows

        columns = (group, *reports.COUNTS)
        write_rows(columns, [[row[name] for name in columns] for row in shown], fmt)
    else:
        notes = [_counted_note(filters, include_discounted, total["incidents"]), *([duplicates] if duplicates else [])]
        if len(shown) < len(rows):
            notes.append(f"Showing {len(shown)} of {len(rows)} {_GROUP_NOUNS[group]}; the total row counts all.")
        _write_group_table(group, shown, total, fmt, title=titles[group], notes=notes)
        if chart and group == "period" and fmt is Format.table and shown:
            _bar_chart(shown, group, chart)
    if chart_file is not None:
        from harmtrack.cli.common import message

        message(f"chart: {chart_file} ({len(shown)} bar{'' if len(shown) == 1 else 's'})")


_GROUP_NOUNS = {"city": "cities", "weapon": "weapons", "class": "classes", "period": "periods"}
_GROUP_NAMES = {"city": "city", "weapon": "weapon family", "class": "delivery class", "period": "period"}


def _chart_notes(
    given: "Filters",
    include_discounted: bool,
    group: str,
    shown: list[dict],
    rows: list[dict],
    total: dict,
    measure: str,
    duplicates: str | None,
) -> list[str]:
    """The chart's caption: what was counted, as the report's footnotes say it."""
    from harmtrack.reports import measure_value

    notes = [_counted_note(given, include_discounted, total["incidents"], hint=False)]
    notes.append(f"Each incident counts once, in the bar of its {_GROUP_NAMES[group]}.")
    if measure == "incidents":
        notes.append("A bar counts incidents.")
    else:
        unknown = total[f"{measure}_unknown"]
        counted = "killed + injured" if measure == "casualties" else measure
        text = f"A bar sums the known {counted} figures"
        if unknown:
            whose = "either figure" if measure == "casualties" else measure
            noun = "incident has" if unknown == 1 else "incidents have"
            text += f"; {unknown:,} {noun} {whose} unknown, which is not 0 and adds nothing to a bar."
        else:
            text += "; no incident has it unknown."
        notes.append(text)
        if any(measure_value(row, measure) is None for row in shown):
            notes.append(f"A bar marked {UNKNOWN}: none of its incidents has a known figure.")
    if group == "period":
        notes.append("Periods without incidents between the first and the last show as empty bars (0).")
    if len(shown) < len(rows):
        notes.append(
            f"Showing the first {len(shown)} of {len(rows)} {_GROUP_NOUNS[group]}; the counts above cover all."
        )
    if duplicates:
        notes.append(duplicates + ".")
    return notes


def _save_chart(target: Path, group: str, rows: list[dict], measure: str, title: str, notes: list[str]) -> None:
    from harmtrack import charts
    from harmtrack.reports import measure_value

    axes = {
        "killed": "civilians killed (known figures)",
        "injured": "civilians injured (known figures)",
        "incidents": "incidents",
        "casualties": "killed + injured (known figures)",
    }
    chart = charts.BarChart(
        title=title,
        labels=[_label(group, row[group]) for row in rows],
        values=[measure_value(row, measure) for row in rows],
        axis=axes[measure],
        caption=notes,
        across=group == "period",
    )
    charts.save(chart, target)


def _write_group_table(group: str, rows: list[dict], total: dict, fmt: Format, *, title: str, notes: list[str]):
    ranged = [name for name in ("killed", "injured") if total[f"{name}_ranged"]]
    columns: list[str] = [group, "incidents"]
    for name in ("killed", "injured"):
        columns.append(name)
        if name in ranged:
            columns.append(f"{name} range")
    columns += [
        "children_killed",
        "children_injured",
        "killed_unknown",
        "injured_unknown",
        "children_killed_unknown",
        "children_injured_unknown",
    ]

    def cells(row: dict, label: str) -> list[str]:
        out = []
        for name in columns:
            if name == group:
                out.append(label)
            elif name.endswith(" range"):
                figure = name.removesuffix(" range")
                out.append(_range(row, figure))
            else:
                out.append(_n(row[name]))
        return out

    body = [cells(row, _label(group, row[group])) for row in rows]
    # Left out first when the terminal is narrow (the caption names them): the
    # children's unknown counts, the ranges, then the other unknown and children's counts.
    droppable = [
        "children_injured_unknown",
        "children_killed_unknown",
        "injured range",
        "killed range",
        "injured_unknown",
        "children_injured",
        "children_killed",
        "killed_unknown",
    ]
    if ranged:
        notes.append(
            "A range sums the low and high ends where sources disagree, and the best figure where no range is given."
        )
    notes.append(
        "killed, injured and the children's figures sum the known figures; "
        "the unknown columns count the incidents whose figure is unknown."
    )
    notes.append(UNKNOWN_NOTE)
    _table(
        columns,
        body,
        fmt,
        title=title,
        footer=cells(total, "total"),
        notes=notes,
        drop=[name for name in droppable if name in columns],
    )


def _write_matrix(result, given: "Filters", include_discounted: bool, fmt: Format, duplicates: str | None) -> None:
    from harmtrack.render import write_rows

    if fmt in DATA_FORMATS:
        rows = [[row["city"], *(row["cells"].get(weapon, 0) for weapon in result.weapons)] for row in result.rows]
        write_rows(("city", *result.weapons), rows, fmt)
        return
    from harmtrack import reports
    from harmtrack.reports import OTHER

    measure = result.measure
    unknown = f"{measure}_unknown" if measure != "incidents" else None

    def table(weapons: list[str], folded: list[str]) -> tuple[list[str], list[list[str]], list[str]]:
        """Columns, body and total row, with the `folded` weapons added up in one column, other."""
        columns = ["city", *weapons, *([OTHER] if folded else []), "total", *([unknown] if unknown else [])]

        def cells(row: dict, label: str) -> list[str]:
            # A blank cell: no incident of that weapon there; 0: incidents, none killed;
            # unknown: incidents, none with a known figure.
            out = [label, *(_n(row["cells"][weapon]) if weapon in row["cells"] else "" for weapon in weapons)]
            if folded:
                present = [row["cells"][weapon] for weapon in folded if weapon in row["cells"]]
                out.append(_n(reports.known_sum(present)) if present else "")
            out.append(_n(reports.measure_value(row, measure)))
            if unknown:
                out.append(_n(row[unknown]))
            return out

        body = [cells(row, _matrix_label(row, result.folded)) for row in result.rows]
        return columns, body, cells(result.total, "total")

    # On a terminal: the weapon columns that fit (largest total first), the rest added up in other.
    weapons = list(result.weapons)
    columns, body, footer = table(weapons, [])
    if fmt is Format.table:
        from harmtrack.render import fits

        while weapons and not fits([_header(name) for name in columns], body, footer=footer, wrap=["city"]):
            weapons.pop()
            columns, body, footer = table(weapons, result.weapons[len(weapons) :])
    folded = result.weapons[len(weapons) :]
    notes = [_counted_note(given, include_discounted, result.total["incidents"]), *([duplicates] if duplicates else [])]
    if folded:
        notes.append(
            f"{OTHER}: the {len(folded)} weapon famil{'y' if len(folded) == 1 else 'ies'} that do not fit "
            f"the terminal, added up ({', '.join(folded)}); --format csv shows each, as does a wider terminal."
        )
    if measure == "incidents":
        notes.append("Cells count incidents; a blank cell: no incident of that weapon there.")
    else:
        if measure == "casualties":
            notes.append(
                "Cells sum killed + injured over known figures; casualties unknown counts incidents "
                "with either figure unknown."
            )
        else:
            notes.append(
                f"Cells sum the known {measure} figures; {measure} unknown counts incidents whose figure is unknown."
            )
        notes.append(f"A blank cell: no incident of that weapon there; {UNKNOWN_NOTE}")
    _table(
        columns,
        body,
        fmt,
        title=f"{measure.capitalize()} by city and weapon",
        footer=footer,
        notes=notes,
    )


def _matrix_label(row: dict, folded: int) -> str:
    from harmtrack.reports import OTHER

    if row["city"] == OTHER and folded:
        return f"{OTHER} ({folded} {'city' if folded == 1 else 'cities'})"
    return _label("city", row["city"])


def _bar_chart(rows: list[dict], group: str, measure: str) -> None:
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    from harmtrack.render import console, visible
    from harmtrack.reports import measure_value

    out = console()
    values = [measure_value(row, measure) for row in rows]
    labels = [visible(_label(group, row[group])) for row in rows]
    # An unknown figure draws no bar; its number says unknown.
    peak = max((value for value in values if value is not None), default=0) or 1
    label_width = max(cell_len(label) for label in labels)
    number_width = max(len(_n(value)) for value in values)
    width = max(10, min(60, out.width - label_width - number_width - 4))
    chart = Table.grid(padding=(0, 1))
    chart.title = Text(f"{measure} per {group}", style="table.title")
    chart.add_column(justify="left", no_wrap=True)
    chart.add_column(justify="left", no_wrap=True)
    chart.add_column(justify="right", no_wrap=True)
    for label, value in zip(labels, values, strict=True):
        eighths = round((value or 0) / peak * width * 8)
        bar = "█" * (eighths // 8) + ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")[eighths % 8]
        if value and not bar:
            bar = "▏"
        chart.add_row(Text(label), Text(bar, style="red"), Text(_n(value)))
    out.print()
    out.print(chart)


def _table(
    columns, body, fmt: Format, *, title: str, footer: list[str], notes: list[str], drop: Sequence[str] = ()
) -> None:
    """Table or markdown: two-line headers, numbers right-aligned, a total row,
    the notes as the caption. On a terminal the first column (a name) wraps
    and the `drop` columns are left out, the first first, while the table is
    wider than the terminal; figures are never cut."""
    from harmtrack.render import write_rows

    headers = [_header(name) for name in columns]
    write_rows(
        headers,
        body,
        fmt,
        title=title,
        numeric=headers[1:],
        footer=footer,
        caption="\n".join(notes),
        wrap=headers[:1],
        drop=[_header(name) for name in drop],
    )


def _header(name: str) -> str:
    """A table header on two lines: children_killed -> children / killed."""
    return name.replace("_", "\n").replace(" ", "\n").replace("-", "-\n", 1)


def _label(group: str, value: object) -> str:
    if value is None:
        return NO_CITY if group == "city" else "(none)"
    return str(value)


def _n(value: int | None) -> str:
    """A figure for table and markdown views; a sum over no known figure is unknown, not 0."""
    return UNKNOWN if value is None else f"{value:,}"


def _range(row: dict, figure: str) -> str:
    if not row[f"{figure}_ranged"]:
        return ""
    # A range is recorded only with a best figure, so its ends are known; _n stays safe regardless.
    return f"{_n(row[f'{figure}_low'])}–{_n(row[f'{figure}_high'])}"


def _duplicates_note(store) -> str | None:
    from harmtrack import dedupe, vocab

    return dedupe.open_groups_note(store, vocab.load(store).weapon_classes)


def _counted_note(
    given: "Filters", include_discounted: bool, incidents: int | None = None, *, hint: bool = True
) -> str:
    """Which statuses and filters were counted: for the caption. `given` are
    the filters as the user gave them (before the discounted default); `hint`
    names the option that counts discounted incidents (not in a chart's caption)."""
    from harmtrack.model import STATUSES

    if given.statuses:
        status_text = "status " + ", ".join(given.statuses)
    elif include_discounted:
        status_text = "every status, discounted included"
    else:
        status_text = ", ".join(status for status in STATUSES if status != "discounted") + (
            " (discounted left out; --include-discounted counts them)" if hint else " (discounted left out)"
        )
    parts = []
    if incidents is not None:
        parts.append(f"{incidents:,} incident{'' if incidents == 1 else 's'}")
    parts.append(f"counted: {status_text}")
    chosen = [
        f"{name} {value}"
        for name, value in (
            ("since", given.since),
            ("until", given.until),
            ("country", given.country),
            ("region", given.region),
            ("city", given.city),
            ("weapon", given.weapon),
        )
        if value
    ]
    parts.append("filters: " + (", ".join(chosen) if chosen else "none"))
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."

"""import and export: files in, files out."""

import itertools
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from harmtrack.cli.common import DayFirst, MonthFirst, database, dayfirst_flag, filter_options, message
from harmtrack.cli.progress import counted, progress, watched
from harmtrack.cli.publish import Description, Licence, LicenceUrl, SourceUrl, Title
from harmtrack.cli.publish import Source as SourceOption
from harmtrack.errors import HarmtrackError, UsageError
from harmtrack.io.formats import Conflict, ImportFormat

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from harmtrack.dates import DateOrder
    from harmtrack.io.base import Reader, Source
    from harmtrack.publication import About

EXPLAIN_ROWS = 5  # the rows --explain shows

ADAPTER_FORMATS = ("acled", "ucdp")


class ExportFormat(StrEnum):
    csv = "csv"
    json = "json"
    jsonl = "jsonl"
    geojson = "geojson"
    datapackage = "datapackage"


def register(app: typer.Typer) -> None:
    app.command("import")(import_incidents)
    app.command("export")(export)


def import_incidents(
    ctx: typer.Context,
    file: Annotated[
        str | None, typer.Argument(metavar="FILE|-", help="The file to import; - reads stdin.", show_default=False)
    ] = None,
    fmt: Annotated[
        ImportFormat | None,
        typer.Option("--format", "-f", help="Detected from the extension or the first bytes when not given."),
    ] = None,
    encoding: Annotated[
        str | None, typer.Option(help="The file's encoding when it is not UTF-8, e.g. cp1251, cp1252.")
    ] = None,
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="Import the valid rows and leave out the invalid ones.")
    ] = False,
    rejects: Annotated[
        Path | None,
        typer.Option(
            help="Write each rejected row, with the reason, to this new CSV file (never the database, its "
            "companions, a SQLite file or the input)."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Let --rejects replace an existing file.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Validate and count; write nothing.")] = False,
    on_conflict: Annotated[
        Conflict | None,
        typer.Option(
            help="A row whose uid is already stored: skip it, update the stored incident (the change log keeps "
            "the old values), or refuse it. Default: skip; update for acled, ucdp and the shipped mappings, "
            "whose newer exports revise events (a mapping says so with on_conflict)."
        ),
    ] = None,
    all_events: Annotated[
        bool,
        typer.Option(
            "--all-events",
            help="acled: every event type, not only explosions and violence against civilians; "
            "ucdp: events without civilian deaths too.",
        ),
    ] = False,
    dayfirst: DayFirst = False,
    monthfirst: MonthFirst = False,
    map_spec: Annotated[
        str | None,
        typer.Option(
            "--map",
            metavar="MAPPING",
            help="Read another monitor's export through a mapping: a TOML file, or the name of one that ships "
            "with harmtrack (--list-maps).",
        ),
    ] = None,
    list_maps: Annotated[
        bool, typer.Option("--list-maps", help="List the mappings that ship with harmtrack, and exit.")
    ] = False,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help=f"With --map: show, for the first {EXPLAIN_ROWS} rows, each source value and the field it "
            "became; write nothing.",
        ),
    ] = False,
):
    """Import incidents from a file: canonical CSV, JSON, JSONL, ACLED and UCDP GED exports, or any
    dataset through a mapping (--map).

    Every row is validated first: one invalid row and nothing is written,
    unless --skip-invalid. A row whose uid is already stored is not added twice.
    """
    from harmtrack import ingest
    from harmtrack.dates import DateOrder
    from harmtrack.io.open import open_reader

    if list_maps:
        _list_maps()
        return
    if file is None:
        raise UsageError("missing FILE: give the file to import, or - for stdin (harmtrack import --help)")
    order_flag = dayfirst_flag(dayfirst, monthfirst)
    mapping = None
    if map_spec is not None:
        from harmtrack.io.mapping import load

        mapping = load(map_spec)
        if fmt is not None:
            raise UsageError(f"--format and --map: the mapping says the format ({mapping.format.value}); pass one")
        if all_events:
            raise UsageError("--all-events applies to --format acled and ucdp, not to --map")
        if order_flag is None:
            order_flag = mapping.date_order
    elif explain:
        raise UsageError("--explain shows what a mapping does: pass --map MAPPING with it")
    if file == "-" and sys.stdin.isatty():
        raise UsageError(
            "FILE is - (stdin) but nothing is piped in; give a file, or pipe one: ... | harmtrack import -"
        )
    if rejects is not None:
        from harmtrack.cli.common import state
        from harmtrack.safe_files import check_target

        inputs = () if file == "-" else (Path(file),)
        try:
            check_target(rejects, database=state(ctx).db_path, inputs=inputs, replace=force)
        except UsageError as error:
            raise UsageError(f"--rejects: {error}") from None
    probe = open_reader(file, fmt, encoding, all_events=all_events, order=DateOrder(order_flag), mapping=mapping)
    if explain:
        _explain(ctx, probe, DateOrder(order_flag))
        return
    probe.source.close()
    if mapping is not None:
        default = mapping.on_conflict or Conflict.skip
    else:
        if all_events and probe.format.value not in ADAPTER_FORMATS:
            raise UsageError("--all-events applies to --format acled and ucdp")
        default = Conflict.update if probe.format in ADAPTER_FORMATS else Conflict.skip
    options = ingest.Options(
        on_conflict=on_conflict or default,
        skip_invalid=skip_invalid,
        dry_run=dry_run,
        dayfirst=order_flag,
        rejects=rejects,
    )

    readers: list[Reader] = []

    def reader_for(order: "DateOrder") -> "Reader":
        fixed = None if mapping is not None else probe.format
        readers.append(open_reader(file, fixed, encoding, all_events=all_events, order=order, mapping=mapping))
        return readers[-1]

    result = _run_import(ctx, probe.source, reader_for, options)
    _report_derived(readers[-1] if readers else None)
    for line in result.warnings:
        message(f"warning: {line}")
    if result.warning_count > len(result.warnings):
        message(f"... and {result.warning_count - len(result.warnings):,} more warnings")
    _report_errors(result)
    if result.left_out:
        message(f"{result.left_out:,} {result.left_out_note}")
    for note in result.notes:
        message(note)
    _report_lookalikes(result.lookalikes)
    message(result.summary(dry_run=dry_run))
    for failure in result.failures:
        message(f"warning: {failure}; the import itself is stored")
    if result.rejected and rejects is not None and not result.failures:
        message(f"the rejected rows, with the reason, are in {rejects}")


def _report_derived(reader: "Reader | None") -> None:
    """How many rows a mapping gave a city from their coordinates alone, and how many it could not."""
    derived, undetermined = getattr(reader, "derived", 0), getattr(reader, "undetermined", 0)
    if not derived and not undetermined:
        return
    from harmtrack.places import NEAREST_KM

    rows = derived + undetermined
    text = (
        f"warning: {rows:,} row{'' if rows == 1 else 's'} had coordinates but no city: "
        f"{derived:,} took the nearest settlement (within {NEAREST_KM:g} km of its edge; noted in the description)"
    )
    if undetermined:
        text += f", {undetermined:,} had none that near and {'keeps' if undetermined == 1 else 'keep'} no city"
    message(text)


def _list_maps() -> None:
    from harmtrack.io.mapping import listing
    from harmtrack.render import resolve_format, write_rows

    write_rows(("mapping", "format", "about"), listing(), resolve_format(None), title="Shipped mappings")


def _explain(ctx: typer.Context, reader: "Reader", order: "DateOrder") -> None:
    """What the mapping makes of the first rows, with this database's vocabulary and place aliases when it
    exists (opened to read only); nothing is written, no database is created."""
    from harmtrack import places, vocab
    from harmtrack.cli.common import state
    from harmtrack.io.mapping import MappedReader, explain
    from harmtrack.render import resolve_format, write_rows

    assert isinstance(reader, MappedReader)
    where = state(ctx)
    try:
        if where.exists():
            from harmtrack.store import open_store

            store = open_store(where.location, create=False)
            try:
                vocabularies, resolver = vocab.load(store), places.resolver_for(store)
            finally:
                store.close()
        else:
            vocabularies, resolver = vocab.shipped(), places.PlaceResolver()
        rows = explain(reader, vocabularies, resolver, order, EXPLAIN_ROWS)
    finally:
        reader.source.close()
    write_rows(("row", "source", "value", "field", "became"), rows, resolve_format(None), wrap=("value", "became"))
    sys.stdout.flush()
    shown = len({row[0] for row in rows})
    message(
        f"the first {shown} row{'' if shown == 1 else 's'} of {reader.source.name} through the mapping "
        f"{reader.mapping.name}; nothing was written"
    )


def _run_import(ctx: typer.Context, source: "Source", reader_for: "Callable[[DateOrder], Reader]", options):
    from harmtrack import ingest
    from harmtrack.cli.common import state
    from harmtrack.dates import DateOrderConflict

    flags = "pass --dayfirst or --monthfirst to say which"
    try:
        # The bar is gone before any message below is written.
        with progress(f"importing {Path(source.name).name}", total=source.size, bytes_total=True) as update:

            def moved(done: int, rows: int) -> None:
                update(done, rows=rows)

            if options.dry_run and not state(ctx).exists():
                from harmtrack.store import memory_store

                store = memory_store()
                try:
                    return ingest.run(store, reader_for, options, progress=moved)
                finally:
                    store.close()
            with database(ctx, create=True) as store:
                return ingest.run(store, reader_for, options, progress=moved)
    except ingest.ImportRefused as refused:
        _report_errors(refused.result)
        raise HarmtrackError(f"{refused} (fix them, or --skip-invalid imports the valid rows)") from None
    except ingest.DateOrderUndecided as undecided:
        raise HarmtrackError(f"{undecided}; {flags}") from None
    except DateOrderConflict as conflict:
        raise HarmtrackError(f"{source.name}: {conflict}; nothing was imported; fix the file, or {flags}") from None


def _report_lookalikes(lines: list[str]) -> None:
    for line in lines[:20]:
        message(line)
    if len(lines) > 20:
        message(f"... and {len(lines) - 20:,} more rows that look like stored incidents: harmtrack dedupe")


def _report_errors(result) -> None:
    for line in result.errors:
        message(line)
    if result.more_errors() > 0:
        message(f"... and {result.more_errors():,} more invalid rows")


@filter_options
def export(
    ctx: typer.Context,
    filters,
    folder: Annotated[
        Path | None,
        typer.Argument(
            metavar="DIR",
            help="--format datapackage: the folder to write, new or empty (--force replaces one).",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            help="csv (the canonical layout), json, jsonl or geojson to stdout; datapackage: a Frictionless "
            "Data Package in DIR.",
        ),
    ] = ExportFormat.csv,
    round_coordinates: Annotated[
        int | None,
        typer.Option(
            "--round-coordinates", min=0, max=8, metavar="N", help="Round latitude and longitude to N decimals."
        ),
    ] = None,
    excel_safe: Annotated[
        bool,
        typer.Option(
            "--excel-safe",
            help="Prefix ' to text cells a spreadsheet would run as a formula (= + - @ tab CR). CSV only.",
        ),
    ] = False,
    hxl: Annotated[
        bool,
        typer.Option("--hxl", help="csv and datapackage: add a row of HXL hashtags under each header."),
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="datapackage: replace DIR when it is not empty (its files are removed).")
    ] = False,
    validate: Annotated[
        bool,
        typer.Option(
            "--validate",
            help="datapackage: check the package with frictionless before it takes DIR's name "
            "(pip install 'harmtrack\\[datapackage]').",
        ),
    ] = False,
    title: Title = None,
    description: Description = None,
    licence: Licence = None,
    licence_url: LicenceUrl = None,
    source: SourceOption = None,
    source_url: SourceUrl = None,
):
    """Export incidents to stdout, in date order; every status unless --status.

    --format datapackage writes a folder instead: incidents.csv (the canonical
    CSV), damaged.csv and sources.csv (one row per site or source) and
    datapackage.json, which declares every column's type, constraints and keys."""
    from harmtrack.io.writers import write_records

    if excel_safe and fmt is not ExportFormat.csv:
        raise UsageError("--excel-safe applies to --format csv")
    if hxl and fmt not in (ExportFormat.csv, ExportFormat.datapackage):
        raise UsageError("--hxl applies to --format csv and datapackage")
    described = {
        "title": title,
        "description": description,
        "licence": licence,
        "licence_url": licence_url,
        "source": source,
        "source_url": source_url,
    }
    if fmt is ExportFormat.datapackage:
        from harmtrack.publication import about_from

        about, _ = about_from(described)
        _export_datapackage(ctx, filters, folder, round_coordinates, about, hxl=hxl, force=force, validate=validate)
        return
    if folder is not None:
        raise UsageError(f"DIR ({folder}) is for --format datapackage; --format {fmt.value} writes to stdout")
    only_package = [name for name, given in (("force", force), ("validate", validate)) if given]
    only_package += [name for name, value in described.items() if value is not None]
    if only_package:
        raise UsageError(f"--{only_package[0].replace('_', '-')} applies to --format datapackage")
    with database(ctx, create=False) as store, progress("exporting", total=_total(store, filters)) as update:
        if fmt is ExportFormat.csv:
            from harmtrack.io.canonical import record_cells, write_cell_rows

            if round_coordinates is None:
                # The cells straight from SQL: no record is built per row (1.13x a bare sqlite3 + csv script).
                rows: Iterable[Sequence] = counted(store.export_rows(filters), update)
            else:
                rows = map(record_cells, _rounded(counted(store.select(filters), update), round_coordinates))
            if hxl:
                from harmtrack.io.hxl import hashtag_row
                from harmtrack.model import FIELDS

                rows = itertools.chain([hashtag_row(FIELDS)], rows)
            write_cell_rows(rows, sys.stdout, neutralise_formulas=excel_safe)
            sys.stdout.flush()
            return
        records = counted(store.select(filters), update)
        if round_coordinates is not None:
            records = _rounded(records, round_coordinates)
        if fmt is ExportFormat.geojson:
            from harmtrack.io.geojson import write_geojson

            _, left_out = write_geojson(records, sys.stdout)
            if left_out:
                message(f"left out {left_out:,} incident{'' if left_out == 1 else 's'} without coordinates")
        else:
            write_records(records, fmt.value, sys.stdout, excel_safe=excel_safe)
    sys.stdout.flush()


def _total(store, filters) -> int | None:
    """How many incidents an export will write, counted only for a progress bar someone sees."""
    return store.count(filters) if watched() else None


def _export_datapackage(
    ctx: typer.Context,
    filters,
    folder: Path | None,
    round_coordinates: int | None,
    about: "About",
    *,
    hxl: bool,
    force: bool,
    validate: bool,
) -> None:
    """The package is written into a private folder beside DIR and takes DIR's name only when complete
    (and valid, with --validate): a failure leaves DIR as it was."""
    from harmtrack.cli.common import state
    from harmtrack.io import datapackage
    from harmtrack.safe_folders import check_folder, staged

    if folder is None:
        raise UsageError(
            "--format datapackage writes a folder: give DIR, e.g. harmtrack export --format datapackage out"
        )
    check_folder(folder, database=state(ctx).db_path, replace=force)
    with database(ctx, create=False) as store, staged(folder) as staging:
        records = store.select(filters)
        if round_coordinates is not None:
            records = _rounded(records, round_coordinates)
        written = datapackage.write(records, staging, store.vocabulary(), filters=filters, about=about, hxl=hxl)
        if validate:
            datapackage.check(staging)
    checked = ", checked with frictionless" if validate else ""
    message(
        f"wrote {folder}{checked}: {written.incidents:,} incident{'' if written.incidents == 1 else 's'}, "
        f"{written.sites:,} damaged site{'' if written.sites == 1 else 's'}, "
        f"{written.sources:,} source{'' if written.sources == 1 else 's'}"
    )


def _rounded(records, digits: int):
    for record in records:
        if record["latitude"] is not None:
            record["latitude"] = round(record["latitude"], digits) + 0.0
            record["longitude"] = round(record["longitude"], digits) + 0.0
        yield record

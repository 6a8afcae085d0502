"""extract: draft incidents from news text, shown with their evidence; --add stores them."""

import io
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from harmtrack.cli.common import FormatOption, Yes, database, message, state
from harmtrack.cli.progress import progress
from harmtrack.errors import FieldError, HarmtrackError, UsageError

if TYPE_CHECKING:
    from harmtrack.extract import RelativeDateWithoutAnchor

LONG_TEXT = 100_000  # characters: a text this long takes a second or more to read, so a person sees it goes on
TABLE_COLUMNS = ("date", "city", "district", "weapon", "killed", "injured", "children\nk/i", "damaged", "evidence")


def register(app: typer.Typer) -> None:
    app.command("extract")(extract)


def extract(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(help="A news text file, or - for standard input.", metavar="FILE|-")],
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            help="The report's publication date (YYYY-MM-DD): weekdays, 'yesterday' and days without a year "
            "are read against it. Default: a dated heading or dateline of the text; with neither, a text "
            "with such dates is refused.",
        ),
    ] = None,
    source: Annotated[
        list[str] | None, typer.Option("--source", help="The report's URL or citation (repeatable).")
    ] = None,
    fmt: FormatOption = None,
    add: Annotated[
        bool, typer.Option("--add", help="Store the drafts after showing them (asks unless --yes).")
    ] = False,
    yes: Yes = False,
    encoding: Annotated[str, typer.Option(help="The text's encoding.")] = "utf-8-sig",
):
    """Draft incidents from news text: rules and vocabularies, offline; review before adding."""
    from harmtrack import model, vocab
    from harmtrack.extract import extract as run_extract
    from harmtrack.render import Format, resolve_format

    if fmt is Format.markdown:
        raise UsageError("option --format: extract writes table, csv, json or jsonl")
    day = _published(published)
    text = _read(file, encoding)
    if state(ctx).exists():
        with database(ctx, create=False) as store:
            vocabularies = vocab.load(store)
    else:
        vocabularies = vocab.shipped()
    with progress(f"reading {len(text) // 1000:,} KB of text") if len(text) > LONG_TEXT else nullcontext():
        result = run_extract(text, vocabularies, published=day, sources=source or [])
    if result.undatable:
        # the whole run is refused, so that nothing half-dated goes on to `import`
        raise UsageError(_undatable_message(result.undatable[0], result.yearless_dateline))
    for warning in result.warnings:
        message(f"harmtrack: warning: {warning}")
    drafts, records = [], []
    for draft in result.drafts:
        try:
            records.append(model.validate(draft.raw(), vocabularies))
            drafts.append(draft)
        except FieldError as error:
            message(f"harmtrack: warning: left out a draft ({draft.city or draft.region}): {error}")
    fmt = resolve_format(fmt)
    _write(records, drafts, fmt)
    noun = "incident" if len(records) == 1 else "incidents"
    origin = {"option": "", "text": " (publication date read from the text)", "none": ""}[result.published_from]
    message(f"{len(records)} draft {noun}, unverified{origin}: check each against its evidence")
    if add:
        _add(ctx, file, records, yes)
    elif records and state(ctx).exists():
        _lookalikes(ctx, records, vocabularies)


def _published(value: str | None):
    if value is None:
        return None
    from harmtrack import dates

    try:
        day, precision = dates.parse_date(value)
    except dates.DateError as error:
        raise UsageError(f"option --published: {error}") from None
    if precision != "day":
        raise UsageError(f"option --published: '{value}' is not a day; write YYYY-MM-DD")
    return day


def _undatable_message(problem: "RelativeDateWithoutAnchor", yearless: str | None) -> str:
    """ "... on Monday ..." has a relative date and the text has no dateline; pass --published YYYY-MM-DD"""
    quoted = _shorten(problem.sentence, problem.start, problem.phrase)
    told = "has a relative date" if problem.phrase is not None else "gives no date"
    missing = f'the text\'s dateline gives "{yearless}" without a year' if yearless else "the text has no dateline"
    return f'"{quoted}" {told} and {missing}; pass --published YYYY-MM-DD'


def _shorten(sentence: str, start: int | None, phrase: str | None, width: int = 40) -> str:
    """The sentence on one line, cut to the whole words within `width` characters of `phrase` (the first
    2 * `width` characters when there is none), with "..." where it was cut."""
    if start is None or phrase is None:
        start, end, width = 0, 0, 2 * width
    else:
        end = start + len(phrase)
    low, high = max(0, start - width), min(len(sentence), end + width)
    if low > 0:
        space = sentence.find(" ", low, start)
        low = space + 1 if space != -1 else start
    if high < len(sentence):
        space = sentence.rfind(" ", end, high + 1)
        high = space if space != -1 else end
    head = "... " if low > 0 else ""
    tail = " ..." if high < len(sentence) else ""
    return head + " ".join(sentence[low:high].split()) + tail


def _read(file: str, encoding: str) -> str:
    from harmtrack.io.base import decode_all
    from harmtrack.io.open import check_encoding

    codec = check_encoding(encoding)  # exit 2 for rot13, base64, hex, a name Python does not know
    try:
        data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    except FileNotFoundError:
        raise HarmtrackError(f"no such file: {file}") from None
    except IsADirectoryError:
        raise HarmtrackError(f"{file} is a folder, not a text file") from None
    return decode_all("standard input" if file == "-" else file, data, codec)


def _write(records: list[dict], drafts: list, fmt) -> None:
    import json

    from harmtrack.io.canonical import write_csv
    from harmtrack.model import to_json
    from harmtrack.render import Format, write_rows

    if fmt is Format.csv:
        write_csv(records, sys.stdout)
    elif fmt in (Format.json, Format.jsonl):
        items = [
            dict(to_json(record), evidence=draft.evidence, confidence=draft.confidence, doubts=draft.doubts)
            for record, draft in zip(records, drafts, strict=False)
        ]
        if fmt is Format.json:
            json.dump(items, sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
        else:
            for item in items:
                sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")
    else:
        # the doubtful drafts first, for the reviewer; the text's order among equals
        reviewed = sorted(zip(records, drafts, strict=False), key=lambda pair: pair[1].confidence)
        rows = [
            (
                record["date"]
                if record["date_precision"] == "day"
                else f"{record['date']} ({record['date_precision']})",
                record["city"] or record["region"],
                record["district"],
                record["weapon"] + (f" ({record['weapon_detail']})" if record["weapon_detail"] else ""),
                _count(record, "killed"),
                _count(record, "injured"),
                _children(record),
                "\n".join(f"{kind}: {name}" for kind, name in record["damaged"]),
                _rated(draft),
            )
            for record, draft in reviewed
        ]
        write_rows(
            TABLE_COLUMNS,
            rows,
            fmt,
            numeric=("killed", "injured"),
            title="Draft incidents (unverified), the least certain first",
            caption="Each evidence opens with the draft's confidence (0-1) and its doubts.",
            wrap=("city", "district", "weapon", "damaged", "evidence"),
            least={"evidence": 30},
            grow=("evidence",),
            drop=("district", "damaged", "children\nk/i", "weapon"),
        )


def _rated(draft) -> str:
    """The evidence cell of the review table: "[0.55: region only; no weapon stated] Russian attacks ...", so the
    confidence and its doubts show at any terminal width."""
    doubts = f": {'; '.join(draft.doubts)}" if draft.doubts else ""
    return f"[{draft.confidence:.2f}{doubts}] {draft.evidence}"


def _count(record: dict, name: str) -> str:
    best, low, high = record[name], record[f"{name}_min"], record[f"{name}_max"]
    if best is None:
        return ""
    if low is not None and high is not None and low != high:
        return f"{best} ({low}-{high})"
    if low is not None and high is None:
        return f"{best}+"
    return str(best)


def _children(record: dict) -> str:
    killed, injured = record["children_killed"], record["children_injured"]
    if killed is None and injured is None:
        return ""
    return f"{'' if killed is None else killed}/{'' if injured is None else injured}"


def _lookalikes(ctx: typer.Context, records: list[dict], vocabularies) -> None:
    """Say which drafts look like incidents already stored; nothing is merged."""
    from harmtrack import dedupe

    with database(ctx, create=False) as store:
        for number, record in enumerate(records, 1):
            for incident, reasons in dedupe.like_stored(store, record, vocabularies.weapon_classes):
                message(f"draft {number} looks like incident {incident}: {'; '.join(reasons)}; harmtrack dedupe")


def _add(ctx: typer.Context, file: str, records: list[dict], yes: bool) -> None:
    """Store the drafts through the import pipeline, exactly as
    `extract --format csv | harmtrack import -` would: validated again, places
    put in canonical form with the team's aliases, one import batch, and a
    draft already stored (added from this same text before) skipped."""
    if not records:
        message("nothing to add")
        return
    if not yes:
        if not (sys.stdin.isatty() and sys.stderr.isatty()):
            raise HarmtrackError("not added: no terminal to confirm on; pass --yes to add the drafts")
        if not typer.confirm(f"Add these {len(records)} draft incidents?", default=False, err=True):
            message("not added")
            return
    from harmtrack import ingest
    from harmtrack.io.canonical import write_csv
    from harmtrack.io.readers import csv_in_memory

    text = io.StringIO()
    write_csv(records, text)
    name = "extract of " + ("standard input" if file == "-" else Path(file).name)
    data = text.getvalue().encode("utf-8")
    with database(ctx, create=True) as store:
        result = ingest.run(store, lambda order: csv_in_memory(name, data), ingest.Options())
    for line in result.warnings:
        message(f"warning: {line}")
    for line in result.lookalikes:
        message(line.replace("line ", "draft ", 1))
    if result.skipped:
        message(f"{result.skipped} of the drafts were already stored (added from this text before); not added again")
    if result.imported:
        message(f"added {result.imported} incidents (import batch {result.batch_id}), status unverified")

"""demo: a sample database and its reports, for a first look.

The sample ships with the package (harmtrack/data/sample.csv, canonical CSV):
the three Kharkiv incidents of a real weekly roundup (days 978-982, coded by
hand) and forty invented ones, each labelled in its description
"SAMPLE DATA (not a real incident)" and sourced to example.org.

Rules, so that a demo never spoils real work:
- no database yet: it is created with the sample in it;
- the sample is already there: nothing is added twice (the uids are fixed);
  sample incidents that were deleted come back, edited ones are left alone;
- the database holds incidents that are not the sample: refused (exit 1),
  unless --force, so invented incidents never mix silently with real records.
"""

from typing import Annotated

import typer

from harmtrack.cli.common import FormatOption, database, message, state

SAMPLE_MARK = "SAMPLE DATA (not a real incident)"


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)


def demo(
    ctx: typer.Context,
    force: Annotated[
        bool,
        typer.Option("--force", help="Add the sample even to a database that holds other (real) incidents."),
    ] = False,
    fmt: FormatOption = None,
):
    """Build a sample database (./harmtrack.db, or --db) and print its city and weapon reports."""
    from harmtrack.errors import HarmtrackError
    from harmtrack.incidents import Filters
    from harmtrack.render import Format, resolve_format

    path = state(ctx).db_path
    rows = sample_rows()
    with database(ctx, create=True) as db:
        stored = {uid for (uid,) in db.conn.execute("SELECT uid FROM incidents")}
        sample_uids = {row["uid"] for row in rows}
        others = len(stored - sample_uids)
        if others and not force:
            raise HarmtrackError(
                f"{path} holds {others:,} incident{'s that are' if others != 1 else ' that is'} not the sample; "
                "the demo does not mix invented incidents into real records. "
                "Run it on its own database (harmtrack --db demo.db demo), or pass --force"
            )
        added = load_sample(db, [row for row in rows if row["uid"] not in stored])
    if added:
        message(f"Wrote {added} sample incidents to {path} ({len(rows) - 3} of them invented, marked '{SAMPLE_MARK}').")
    else:
        message(f"The sample is already in {path}; nothing added.")
    fmt = resolve_format(fmt)
    from harmtrack.cli.report import render_group_report

    for index, group in enumerate(("city", "weapon")):
        if index and fmt in (Format.csv, Format.markdown):
            print()
        render_group_report(ctx, Filters(), group, fmt=fmt)
    message(
        "Next: harmtrack report matrix, harmtrack report timeline --period week, "
        f"harmtrack list --city Kharkiv (all with --db {path} if it is not ./harmtrack.db)."
    )


def sample_rows() -> list[dict]:
    """The bundled sample as raw rows (canonical CSV columns)."""
    import csv
    import io
    from importlib import resources

    text = (resources.files("harmtrack") / "data" / "sample.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def load_sample(db, rows: list[dict]) -> int:
    """Validate every row, then write them and their change-log entries in one
    transaction, as one import batch (so `history` says where they came from)."""
    import hashlib
    from datetime import date

    from harmtrack import incidents, model, vocab
    from harmtrack.store import write_transaction

    if not rows:
        return 0
    vocabularies = vocab.load(db)
    records = [model.validate(row, vocabularies, today=date.today()) for row in rows]
    digest = hashlib.sha256(repr(sorted(row["uid"] for row in rows)).encode()).hexdigest()
    stamp = incidents.now()
    with write_transaction(db):
        batch_id = db.conn.execute(
            "INSERT INTO import_batches (file_name, sha256, format, started_at, finished_at, imported) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            ["harmtrack demo sample.csv", digest, "csv", stamp, stamp, len(records)],
        ).lastrowid
        for record in records:
            incidents.insert(db, record, batch_id=batch_id, stamp=stamp)
            incidents.log_change(db, record["uid"], "import", after=incidents.to_json(record), batch_id=batch_id)
    return len(records)

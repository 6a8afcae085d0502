"""The hand-written baseline for `harmtrack import`: stdlib only, no harmtrack.

    python bench/baseline_import.py DATABASE FILE.csv

Reads a canonical CSV with the csv module, applies the rules `model.validate`
applies, and inserts every row with sqlite3 `executemany` in one transaction
(all or nothing: one invalid row and nothing is written). The database gets the
same schema as harmtrack's (the SQL files in db/migrations, so the same
indexes, CHECK constraints and foreign keys) and the same pragmas (WAL,
synchronous FULL: the commit is on disk before the import reports it, as
harmtrack's is; foreign keys on); incidents, damaged sites and sources are all
written.

The same index strategy as harmtrack's `bulk_load` (harmtrack/store/sqlite_store.py),
so that the two do the same work: a 32 MiB page cache while loading, and for a big
file (1 MiB or more) into a table small beside it (under one stored row per 300
bytes of input), the secondary indexes and the search triggers are dropped inside
the transaction and made again at its end (the search index rebuilt, 8 MiB of
cache for the sorts), so a rollback brings them back. The unique uid index stays.
For the lightest independent importer, one flat table, see flat_import.py.
A uid must be unique (the schema's UNIQUE index refuses a repeat); a row
without one gets a uuid5 of its cells.

The rules, as in harmtrack/model.py: a strict ISO date (day, week, month,
year) not in the future nor before 1900, and a precision no finer than the
date and at the first day of its period; one of country, region or city;
text without NUL and at most 100,000 characters; coordinates in range and in
pairs; weapon and site kinds from the vocabularies (codes or aliases, case
and spacing ignored); counts whole, 0 to 10,000,000, min <= best <= max, a
range only with a best estimate, children never more than the total; status
from the list.

What it does not do, and harmtrack does: place-name normalisation against the
gazetteer, dates in other forms (month names, --dayfirst), JSON input, an
import batch record, conflict handling with a stored database, progress,
rejects files, a sha256 of the input.
"""

import csv
import math
import re
import sqlite3
import sys
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

MIGRATIONS = Path(__file__).resolve().parent.parent / "db" / "migrations"
FIELDS = [
    "uid",
    "date",
    "date_precision",
    "country",
    "region",
    "city",
    "district",
    "place",
    "latitude",
    "longitude",
    "weapon",
    "weapon_detail",
    "perpetrator",
    "killed",
    "killed_min",
    "killed_max",
    "injured",
    "injured_min",
    "injured_max",
    "children_killed",
    "children_injured",
    "damaged",
    "status",
    "description",
    "sources",
]
COUNTS = ("killed", "killed_min", "killed_max", "injured", "injured_min", "injured_max")
COUNTS += ("children_killed", "children_injured")
NAMES = ("country", "region", "city", "district", "place", "weapon_detail", "perpetrator")
SCALARS = [name for name in FIELDS if name not in ("damaged", "sources")]
STATUSES = ("unverified", "corroborated", "confirmed", "contested", "discounted")
PRECISIONS = ("day", "week", "month", "year")
MAX_COUNT = 10_000_000
MAX_TEXT = 100_000
CHUNK = 5_000
IMPORT_CACHE_KIB = 32 * 1024  # as harmtrack/store/sqlite_store.py
SORT_CACHE_KIB = 8 * 1024
BULK_BYTES = 1 << 20
BYTES_PER_ROW = 300
NAMESPACE = uuid.UUID("37263055-7a2b-5685-8c51-980550767218")

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
ISO_DAY_TIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?")
ISO_WEEK = re.compile(r"(\d{4})-?W(\d{2})")
ISO_MONTH = re.compile(r"(\d{4})-(\d{2})")
ISO_YEAR = re.compile(r"(\d{4})")
WHOLE = re.compile(r"\s*\d+\s*")


class Invalid(ValueError):
    pass


def parse_date(text: str, today: date) -> tuple[date, str]:
    value = text.strip()
    match = ISO_DAY.fullmatch(value) or ISO_DAY_TIME.fullmatch(value)
    try:
        if match:
            day, precision = date(int(match[1]), int(match[2]), int(match[3])), "day"
        elif match := ISO_WEEK.fullmatch(value):
            day, precision = date.fromisocalendar(int(match[1]), int(match[2]), 1), "week"
        elif match := ISO_MONTH.fullmatch(value):
            day, precision = date(int(match[1]), int(match[2]), 1), "month"
        elif match := ISO_YEAR.fullmatch(value):
            day, precision = date(int(match[1]), 1, 1), "year"
        else:
            raise Invalid(f"date {value!r} is not YYYY-MM-DD, YYYY-Www, YYYY-MM or YYYY")
    except ValueError as error:
        raise Invalid(f"date {value!r} is not a calendar date") from error
    if day > today:
        raise Invalid(f"date {value!r} is in the future")
    if day.year < 1900:
        raise Invalid(f"date {value!r} is before 1900")
    return day, precision


def period_start(day: date, precision: str) -> date:
    if precision == "week":
        return day - timedelta(days=day.weekday())
    if precision == "month":
        return day.replace(day=1)
    if precision == "year":
        return day.replace(month=1, day=1)
    return day


def text(name: str, value: str, strip: bool = True) -> str | None:
    if not value or value.isspace():
        return None
    if "\x00" in value:
        raise Invalid(f"{name} contains a NUL character")
    if len(value) > MAX_TEXT:
        raise Invalid(f"{name} is longer than {MAX_TEXT:,} characters")
    return value.strip() if strip else value


def coordinate(name: str, value: str, limit: int) -> float | None:
    if not value or value.isspace():
        return None
    try:
        number = float(value.strip())
    except ValueError:
        raise Invalid(f"{name} {value!r} is not a number") from None
    if not math.isfinite(number) or not -limit <= number <= limit:
        raise Invalid(f"{name} {value!r} is outside -{limit} to {limit}")
    return number


def count(name: str, value: str) -> int | None:
    if not value or value.isspace():
        return None
    if not (value.isdecimal() or WHOLE.fullmatch(value)):
        raise Invalid(f"{name} {value!r} is not a whole number")
    try:
        number = int(value)
    except ValueError:  # more digits than int() reads
        raise Invalid(f"{name} {value[:20]!r}... is larger than {MAX_COUNT:,}") from None
    if number > MAX_COUNT:
        raise Invalid(f"{name} {value!r} is larger than {MAX_COUNT:,}")
    return number


def split_list(cell: str) -> list[str]:
    if "\\" not in cell:
        return [item.strip() for item in cell.split(";") if item.strip()]
    items, current, chars = [], [], iter(cell)
    for char in chars:
        if char == "\\":
            following = next(chars, "")
            current.append(following if following in (";", "\\") else char + following)
        elif char == ";":
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    items.append("".join(current))
    return [item.strip() for item in items if item.strip()]


def lookup(conn: sqlite3.Connection, codes: str, aliases: str) -> dict[str, str]:
    table = {code.casefold(): code for (code,) in conn.execute(f"SELECT code FROM {codes} ORDER BY rowid")}
    for alias, code in conn.execute(f"SELECT * FROM {aliases} ORDER BY rowid"):
        table.setdefault(alias.casefold(), code)
    return table


def validate(row: dict, weapons: dict, kinds: dict, today: date) -> tuple[list, list, list]:
    """(scalar values in SCALARS order, damaged (kind, name) pairs, source urls)."""
    record = {}
    uid = row.get("uid", "")
    if UUID.fullmatch(uid):
        record["uid"] = uid
    elif not uid.strip():
        record["uid"] = str(uuid.uuid5(NAMESPACE, "\x1f".join(row.values())))
    else:
        try:
            record["uid"] = str(uuid.UUID(uid.strip()))
        except ValueError:
            raise Invalid(f"uid {uid!r} is not a UUID") from None
    day, precision = parse_date(row.get("date", ""), today)
    given = row.get("date_precision", "").strip().lower()
    if given:
        if given not in PRECISIONS:
            raise Invalid(f"date_precision {given!r} is not one of {', '.join(PRECISIONS)}")
        if PRECISIONS.index(given) < PRECISIONS.index(precision):
            raise Invalid(f"date {row['date']!r} is not precise to the {given}")
        if period_start(day, given) != day:
            raise Invalid(f"a {given}-precision date is the first day of its {given}")
        precision = given
    record["date"], record["date_precision"] = day.isoformat(), precision
    for name in NAMES:
        record[name] = text(name, row.get(name, ""))
    if not (record["country"] or record["region"] or record["city"]):
        raise Invalid("one of city, region or country is required")
    record["latitude"] = coordinate("latitude", row.get("latitude", ""), 90)
    record["longitude"] = coordinate("longitude", row.get("longitude", ""), 180)
    if (record["latitude"] is None) != (record["longitude"] is None):
        raise Invalid("latitude and longitude go together")
    weapon = row.get("weapon", "")
    if weapon.strip():
        record["weapon"] = weapons.get(" ".join(weapon.split()).casefold())
        if record["weapon"] is None:
            raise Invalid(f"weapon {weapon!r} is not in the vocabulary")
    else:
        record["weapon"] = "unknown"
    for name in COUNTS:
        record[name] = count(name, row.get(name, ""))
    for total in ("killed", "injured"):
        best, low, high = record[total], record[f"{total}_min"], record[f"{total}_max"]
        if (low is not None or high is not None) and best is None:
            raise Invalid(f"a {total} range needs the best estimate")
        if low is not None and low > best:
            raise Invalid(f"{total}_min {low} is more than {total} {best}")
        if high is not None and high < best:
            raise Invalid(f"{total}_max {high} is less than {total} {best}")
        children, ceiling = record[f"children_{total}"], high if high is not None else best
        if children is not None and ceiling is not None and children > ceiling:
            raise Invalid(f"children_{total} {children} is more than {total} {ceiling}")
    status = row.get("status", "").strip().lower()
    if status and status not in STATUSES:
        raise Invalid(f"status {status!r} is not one of {', '.join(STATUSES)}")
    record["status"] = status or "unverified"
    record["description"] = text("description", row.get("description", ""), strip=False)
    damaged = []
    for item in split_list(row.get("damaged", "")):
        kind_text, _, name = item.partition(":")
        kind = kinds.get(" ".join(kind_text.split()).casefold())
        if kind is None:
            raise Invalid(f"site kind {kind_text!r} is not in the vocabulary")
        damaged.append((kind, text("damaged", name) or ""))
    sources = split_list(row.get("sources", ""))
    return [record[name] for name in SCALARS], damaged, sources


class ValidRows:
    """The validated rows of a canonical CSV, (scalars, damaged, urls) each;
    an invalid row is counted in `errors` (the first 20 printed) and skipped."""

    def __init__(self, data: str, weapons: dict, kinds: dict, today: date):
        self.data, self.weapons, self.kinds, self.today = data, weapons, kinds, today
        self.errors = 0

    def __iter__(self):
        with open(self.data, encoding="utf-8-sig", newline="") as stream:
            reader = csv.reader(stream, strict=True)
            header = [name.strip().lower() for name in next(reader)]
            unknown = set(header) - set(FIELDS)
            if unknown:
                sys.exit(f"{self.data}:1: unknown columns {sorted(unknown)}")
            for cells in reader:
                if not cells:
                    continue
                try:
                    if len(cells) != len(header):
                        raise Invalid(f"{len(cells)} cells, but the header has {len(header)} columns")
                    valid = validate(dict(zip(header, cells, strict=True)), self.weapons, self.kinds, self.today)
                except Invalid as error:
                    self.errors += 1
                    if self.errors <= 20:
                        print(f"{self.data}:{reader.line_num}: {error}", file=sys.stderr)
                    continue
                yield valid


def drop_derived(conn: sqlite3.Connection) -> list[str]:
    """Drop the secondary indexes and the search triggers (as harmtrack's bulk load); the SQL to make them again."""
    derived = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND ("
        "(type = 'index' AND tbl_name IN ('incidents', 'damaged_sites', 'sources') "
        "AND sql NOT LIKE 'CREATE UNIQUE%') OR (type = 'trigger' AND name LIKE 'incidents_search_%'))"
    ).fetchall()
    for kind, name, _ in derived:
        conn.execute(f'DROP {kind.upper()} "{name}"')
    return [sql for _, _, sql in derived]


def main() -> None:
    database, data = sys.argv[1], sys.argv[2]
    conn = sqlite3.connect(database, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    for migration in sorted(MIGRATIONS.glob("*.sql")):
        conn.executescript(f"BEGIN; {migration.read_text(encoding='utf-8')}; COMMIT;")
    weapons = lookup(conn, "weapons", "weapon_aliases")
    kinds = lookup(conn, "site_kinds", "site_kind_aliases")
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    today = date.today()
    columns = ", ".join(SCALARS)
    insert = f"INSERT INTO incidents (id, {columns}, created_at, updated_at) VALUES (?, {'?, ' * len(SCALARS)}?, ?)"
    insert_site = "INSERT INTO damaged_sites (incident_id, position, kind, name) VALUES (?, ?, ?, ?)"
    insert_source = "INSERT INTO sources (incident_id, position, url) VALUES (?, ?, ?)"
    conn.execute("BEGIN IMMEDIATE")
    next_id = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM incidents").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = {-IMPORT_CACHE_KIB}")
    size = Path(data).stat().st_size
    deferred = drop_derived(conn) if size >= BULK_BYTES and size // BYTES_PER_ROW >= next_id - 1 else []
    rows, sites, sources = [], [], []
    valid = ValidRows(data, weapons, kinds, today)
    for scalars, damaged, urls in valid:
        rows.append((next_id, *scalars, stamp, stamp))
        sites.extend((next_id, position, kind, name) for position, (kind, name) in enumerate(damaged))
        sources.extend((next_id, position, url) for position, url in enumerate(urls))
        next_id += 1
        if len(rows) >= CHUNK:
            conn.executemany(insert, rows)
            conn.executemany(insert_site, sites)
            conn.executemany(insert_source, sources)
            rows.clear(), sites.clear(), sources.clear()
    errors = valid.errors
    if errors:
        conn.execute("ROLLBACK")
        sys.exit(f"{errors:,} invalid rows in {data}; nothing was imported")
    conn.executemany(insert, rows)
    conn.executemany(insert_site, sites)
    conn.executemany(insert_source, sources)
    if deferred:
        conn.execute(f"PRAGMA cache_size = {-SORT_CACHE_KIB}")
        conn.execute("INSERT INTO incidents_search (incidents_search) VALUES ('rebuild')")
        for sql in deferred:
            conn.execute(sql)
    conn.execute("COMMIT")
    print(f"imported {next_id - 1:,} incidents", file=sys.stderr)


if __name__ == "__main__":
    main()

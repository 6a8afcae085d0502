"""Hostile and broken input (issue 8).

Whatever bytes an import file holds, `harmtrack import` ends with a clean
exit 1 and a message, or a clean import: never a traceback, never an internal
error, never a half-write. The date parser and extract take any text without
raising anything but DateError.

Each import runs through the real CLI (CliRunner) against a copy of a small
database, and the outcome is checked against the database itself:
- exit 1: every table exactly as before;
- exit 0: every stored row still there and unchanged, and the new incidents
  are exactly the ones the new import batch says it wrote.
"""

import csv
import io
import json
import re
import shutil
import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from harmtrack import dates, vocab
from harmtrack.cli.app import app
from harmtrack.extract import extract
from harmtrack.model import FIELDS

pytestmark = pytest.mark.slow

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))

GOOD = [
    {
        "uid": "6a4e2f0c-1b3d-4e5f-8a7b-9c0d1e2f3a4b",
        "date": "2024-10-30",
        "country": "Ukraine",
        "region": "Kharkiv Oblast",
        "city": "Kharkiv",
        "latitude": "49.99",
        "longitude": "36.23",
        "weapon": "glide-bomb",
        "weapon_detail": "KAB-500",
        "killed": "3",
        "killed_min": "2",
        "killed_max": "4",
        "injured": "36",
        "children_killed": "1",
        "damaged": "residential:apartment building;education:school No. 5",
        "status": "corroborated",
        "description": 'Strike on "Saltivka"; two blocks, Удар по місту,\nsecond line',
        "sources": "https://example.org/a;Suspilne\\; evening report",
    },
    {"date": "2024-W44", "city": "Sumy", "weapon": "drone", "injured": "2", "description": "=1+1"},
    {"date": "2024-09", "region": "Donetsk Oblast", "killed": "", "status": "unverified"},
]
# Already stored before every fuzzed import, with different uids.
STORED = [
    {"uid": "11111111-2222-4333-8444-555555555555", "date": "2024-10-01", "city": "Odesa", "killed": "1"},
    {"uid": "22222222-3333-4444-8555-666666666666", "date": "2024-10-02", "city": "Dnipro", "injured": "4"},
]
SPECIAL = [
    b"\x00",
    b"\xff",
    b"\xc3(",
    b"\xed\xa0\x80",  # an encoded surrogate
    b"\xef\xbb\xbf",
    b'"',
    b'""',
    b"\n",
    b"\r",
    b"\r\n",
    b",",
    b";",
    b"\t",
    b"\\",
    b"\\;",
    b":",
    b"[",
    b"]",
    b"{",
    b"}",
    b"1" * 40,
    b"-1",
    b"1e308",
    b"NaN",
    b"2024-02-30",
    b"9999-12-31",
    "\u202e\u0301Ї".encode(),
]
SUMMARY = re.compile(r"imported ([\d,]+) incidents?: ([\d,]+) updated, ([\d,]+) skipped, ([\d,]+) rejected")


def csv_bytes(rows, header=FIELDS, delimiter=",") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header] if isinstance(row, dict) else row)
    return buffer.getvalue().encode("utf-8")


def json_bytes(rows) -> bytes:
    return json.dumps([{k: v for k, v in row.items() if v != ""} for row in rows], ensure_ascii=False).encode()


def jsonl_bytes(rows) -> bytes:
    return b"".join(
        json.dumps({k: v for k, v in row.items() if v != ""}, ensure_ascii=False).encode() + b"\n" for row in rows
    )


BASES = {".csv": csv_bytes(GOOD), ".json": json_bytes(GOOD), ".jsonl": jsonl_bytes(GOOD)}


def dump(path) -> dict[str, list]:
    with closing(sqlite3.connect(path)) as conn:
        # The search index's own tables are derived from incidents (their bytes
        # change as it merges segments): the incidents themselves are compared.
        tables = [
            row[0]
            for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not row[0].startswith("incidents_search")
        ]
        return {table: conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall() for table in tables}


@pytest.fixture(scope="module")
def base_db(tmp_path_factory):
    """A small database, closed and checkpointed, copied before each import."""
    folder = tmp_path_factory.mktemp("fuzz-base")
    path = folder / "base.db"
    source = folder / "stored.csv"
    source.write_bytes(csv_bytes(STORED))
    result = CliRunner().invoke(app, ["--db", str(path), "import", str(source)])
    assert result.exit_code == 0, result.stderr
    assert not (folder / "base.db-wal").exists()
    return path


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz-work")


class Importer:
    def __init__(self, base, folder):
        self.base, self.folder, self.runner = base, folder, CliRunner()
        self.db = folder / "fuzz.db"

    def __call__(self, data: bytes, suffix: str = ".csv", *options: str):
        """Import `data` into a fresh copy of the base; check the outcome; return it."""
        for leftover in self.folder.iterdir():
            leftover.unlink()
        shutil.copyfile(self.base, self.db)
        before = dump(self.db)
        path = self.folder / f"input{suffix}"
        path.write_bytes(data)
        result = self.runner.invoke(app, ["--db", str(self.db), "import", str(path), *options])
        assert not self.db.with_name("fuzz.db-shm").exists(), f"a connection was left open: {result.stderr[:300]}"
        check_outcome(result, self.db, before)
        return result


@pytest.fixture
def importer(base_db, workdir) -> Importer:
    return Importer(base_db, workdir)


def check_outcome(result, db, before) -> None:
    stderr = result.stderr
    assert result.exit_code in (0, 1), f"exit {result.exit_code}: {stderr[:500]}"
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr[:2000]
    lines = stderr.splitlines()
    assert lines, "every outcome says something"
    for line in lines:
        assert line.strip() and not line[0].isspace(), f"one line per message: {stderr[:2000]!r}"
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    after = dump(db)
    if result.exit_code == 1:
        assert lines[-1].startswith("harmtrack: error: "), stderr[-500:]
        assert after == before, "a refused import changed the database"
        return
    summary = SUMMARY.search(stderr)
    assert summary, stderr
    imported = int(summary[1].replace(",", ""))
    for table, rows in before.items():
        if table != "import_batches":
            assert set(rows) <= set(after[table]), f"{table}: a stored row changed"
    [batch] = after["import_batches"][len(before["import_batches"]) :]
    with closing(sqlite3.connect(db)) as conn:
        new = conn.execute("SELECT count(*) FROM incidents WHERE batch_id = ?", [batch[0]]).fetchone()[0]
        finished, counted = conn.execute(
            "SELECT finished_at, imported FROM import_batches WHERE id = ?", [batch[0]]
        ).fetchone()
    assert finished is not None
    assert new == counted == imported == len(after["incidents"]) - len(before["incidents"])


# --- named hostile inputs: each has an expected outcome -------------------------------


def test_the_valid_files_import(importer):
    for suffix, data in BASES.items():
        result = importer(data, suffix)
        assert result.exit_code == 0, result.stderr
        assert "imported 3 incidents" in result.stderr


HUGE_FIELD = "x" * (1 << 20)
LONGEST_TEXT = "y" * 100_000  # a text field's limit
LONG_LINE = f"2024-10-30,Kharkiv,{'p' * 60_000},{'d' * 60_000}"


@pytest.mark.parametrize(
    ("name", "data", "suffix", "code", "message"),
    [
        ("empty file", b"", ".csv", 1, "the file is empty"),
        ("only a BOM", b"\xef\xbb\xbf", ".csv", 1, "the file is empty"),
        ("NUL in a cell", b"date,city\n2024-10-30,Kh\x00arkiv\n", ".csv", 1, "NUL"),
        ("NUL in the header", b"da\x00te,city\n2024-10-30,Kharkiv\n", ".csv", 1, "unknown column"),
        ("invalid UTF-8", b"date,city\n2024-10-30,Kh\xffarkiv\n", ".csv", 1, "cannot be read as utf-8"),
        ("truncated UTF-8 at the end", b"date,city\n2024-10-30,\xd0", ".csv", 1, "cannot be read as utf-8"),
        ("an encoded surrogate", b"date,city\n2024-10-30,\xed\xa0\x80\n", ".csv", 1, "cannot be read as utf-8"),
        (
            "unbalanced quote at the end",
            b'date,city,description\n2024-10-30,Kharkiv,"open\n2024-10-31,Sumy,x\n',
            ".csv",
            1,
            "not valid CSV",
        ),
        ("text after a closing quote", b'date,city\n2024-10-30,"Kharkiv"x\n', ".csv", 1, "not valid CSV"),
        ("killed 10**30", b"date,city,killed\n2024-10-30,Kharkiv,1" + b"0" * 30 + b"\n", ".csv", 1, "killed"),
        ("killed 2**63", b"date,city,killed\n2024-10-30,Kharkiv,9223372036854775808\n", ".csv", 1, "killed"),
        ("latitude 1e999", b"date,city,latitude,longitude\n2024-10-30,Kharkiv,1e999,30\n", ".csv", 1, "latitude"),
        ("latitude nan", b"date,city,latitude,longitude\n2024-10-30,Kharkiv,nan,30\n", ".csv", 1, "latitude"),
        ("year 10**30", b"date,city\n1" + b"0" * 30 + b"-01-01,Kharkiv\n", ".csv", 1, "date"),
        ("an extra cell", b"date,city\n2024-10-30,Kharkiv,surplus\n", ".csv", 1, "3 cells, but the header has 2"),
        ("a missing cell", b"date,city,killed\n2024-10-30,Kharkiv\n", ".csv", 1, "2 cells, but the header has 3"),
        ("an unknown column", b"date,city,victims\n2024-10-30,Kharkiv,3\n", ".csv", 1, "unknown column 'victims'"),
        ("a column twice", b"date,city,city\n2024-10-30,Kharkiv,Sumy\n", ".csv", 1, "appears twice"),
        ("no date column", b"city,killed\nKharkiv,3\n", ".csv", 1, "no 'date' column"),
        ("a header alone", b"date,city\n", ".csv", 0, "imported 0 incidents"),
        (
            "a 1 MB description",
            f"date,city,description\n2024-10-30,Kharkiv,{HUGE_FIELD}\n".encode(),
            ".csv",
            1,
            "is 1,048,576 characters long; the limit is 100,000",
        ),
        ("a 1 MB number", f"date,city,killed\n2024-10-30,Kharkiv,{'9' * (1 << 20)}\n".encode(), ".csv", 1, "killed"),
        (
            "a 120k-character line",
            f"date,city,place,description\n{LONG_LINE}\n".encode(),
            ".csv",
            0,
            "imported 1 incident",
        ),
        (
            "a 20 MB field",
            b"date,city,place\n2024-10-30,Kharkiv," + b"z" * (20 << 20) + b"\n",
            ".csv",
            1,
            "larger than field limit",
        ),
        (
            "a 5,000-digit JSON number",
            b'[{"date": "2024-10-30", "city": "Kharkiv", "killed": 1' + b"0" * 5000 + b"}]",
            ".json",
            1,
            "a number too long",
        ),
        (
            "a 5,000-digit JSONL number",
            b'{"date": "2024-10-30", "city": "Kharkiv", "killed": 1' + b"0" * 5000 + b"}\n",
            ".jsonl",
            1,
            "a number too long",
        ),
        ("JSON nested 100,000 deep", b"[" + b"[" * 100_000, ".json", 1, "nested too deeply"),
        ("JSONL nested 100,000 deep", b'{"city": ' + b"[" * 100_000 + b"\n", ".jsonl", 1, "nested too deeply"),
        ("JSON NaN", b'[{"date": "2024-10-30", "city": "Kharkiv", "killed": NaN}]', ".json", 1, "killed"),
        ("JSON 1e400", b'[{"date": "2024-10-30", "city": "Kharkiv", "injured": 1e400}]', ".json", 1, "injured"),
        ("JSON object as a city", b'{"date": "2024-10-30", "city": {"a": [1]}}\n', ".jsonl", 1, "city"),
        (
            "JSON unclosed list",
            b'[{"date": "2024-10-30", "city": "Kharkiv"}',
            ".json",
            1,
            "found 'the end of the file'",
        ),
        ("JSON unclosed string", b'[{"date": "2024-10-30", "city": "Kharkiv}]', ".json", 1, "not valid JSON"),
        ("JSON not a list", b'{"date": "2024-10-30"}', ".json", 1, "a list of incident objects"),
        ("JSONL unknown field", b'{"date": "2024-10-30", "city": "K", "x": 1}\n', ".jsonl", 1, "unknown field"),
        ("random bytes", bytes(range(256)) * 4, ".csv", 1, "unknown columns"),
        ("random bytes, no header", bytes(range(255, -1, -1)) * 4, ".csv", 1, "cannot be read as utf-8"),
        ("UTF-16 without --encoding", "date,city\n2024-10-30,Kharkiv\n".encode("utf-16"), ".csv", 1, "utf-8"),
    ],
    ids=lambda value: value if isinstance(value, str) and 0 < len(value) < 40 else "",
)
def test_named_hostile_input(importer, name, data, suffix, code, message):
    result = importer(data, suffix)
    assert result.exit_code == code, result.stderr[:1000]
    assert message in result.stderr, result.stderr[:1000]
    for line in result.stderr.splitlines():
        assert len(line) < 2000, f"a message repeats a huge value: {line[:200]}..."


def test_huge_values_are_stored_as_given(importer):
    result = importer(f"date,city,description,place\n2024-10-30,Kharkiv,{LONGEST_TEXT},{'p' * 99_999}\n".encode())
    assert result.exit_code == 0, result.stderr
    with closing(sqlite3.connect(importer.db)) as conn:
        stored = conn.execute("SELECT description, place FROM incidents WHERE city = 'Kharkiv'").fetchone()
    assert stored == (LONGEST_TEXT, "p" * 99_999)


def test_skip_invalid_imports_the_rest_and_rejects_the_bad_row(importer):
    rows = [*GOOD, {"date": "2024-10-30", "city": "Kharkiv", "killed": "1" + "0" * 30}]
    result = importer(csv_bytes(rows), ".csv", "--skip-invalid", "--rejects", str(importer.folder / "rejects.csv"))
    assert result.exit_code == 0
    assert "imported 3 incidents: 0 updated, 0 skipped, 1 rejected" in result.stderr
    with open(importer.folder / "rejects.csv", newline="", encoding="utf-8") as stream:
        [rejected] = list(csv.DictReader(stream))
    assert rejected["killed"] == "1" + "0" * 30 and "larger than" in rejected["error"]


# --- random mutations ------------------------------------------------------------------

junk = st.one_of(st.sampled_from(SPECIAL), st.binary(min_size=1, max_size=12))


@st.composite
def mutated(draw, base: bytes) -> bytes:
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["insert", "replace", "delete", "duplicate"]))
        if kind == "insert":
            data[at:at] = draw(junk)
        elif kind == "replace":
            piece = draw(junk)
            data[at : at + len(piece)] = piece
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 30))]
        else:
            data[at:at] = data[at : at + draw(st.integers(1, 60))]
    return bytes(data)


@FUZZ
@given(st.sampled_from(sorted(BASES)).flatmap(lambda s: st.tuples(st.just(s), mutated(BASES[s]))), st.booleans())
@example((".csv", b'date,city,description\n2024-10-30,Kharkiv,"open\n'), False)
@example((".jsonl", b'{"date": "2024-10-30", "city": [[[[[[' + b"[" * 5000 + b"\n"), True)
def test_mutated_files_import_cleanly_or_are_refused(importer, case, skip_invalid):
    suffix, data = case
    importer(data, suffix, *(["--skip-invalid"] if skip_invalid else []))


FIXTURES = Path(__file__).parent / "fixtures"
ADAPTER_BASES = {
    "acled": (FIXTURES / "acled-ukraine-2024-02.csv").read_bytes(),
    "ucdp": (FIXTURES / "ucdp-ged-handmade.csv").read_bytes(),
}


def with_cell(data: bytes, column: str, value: str) -> bytes:
    """The export with `column` of its first event set to `value`."""
    header, *rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    rows[0][header.index(column)] = value
    return csv_bytes(rows[:1], header=header)


@pytest.mark.parametrize(
    ("fmt", "column", "value", "code", "message"),
    [
        ("ucdp", "deaths_civilians", "²", 1, "is not a whole number"),
        ("ucdp", "deaths_civilians", "9" * 5000, 1, "too large"),
        ("ucdp", "best", "1" * 40, 0, "but best is 1111"),  # a cross-check only: a warning
        ("ucdp", "date_prec", "x" * 100_000, 1, "is not a GED date_prec"),
        ("acled", "fatalities", "9" * 5000, 1, "larger than"),
        ("acled", "fatalities", "³", 1, "not a whole number"),
        ("acled", "time_precision", "y" * 100_000, 1, "is not 1, 2 or 3"),
        ("acled", "latitude", "1e999", 1, "latitude"),
    ],
    ids=lambda value: value[:20] if isinstance(value, str) else str(value),
)
def test_hostile_cells_in_acled_and_ucdp_exports(importer, fmt, column, value, code, message):
    result = importer(with_cell(ADAPTER_BASES[fmt], column, value), ".csv", "--format", fmt)
    assert result.exit_code == code, result.stderr[:500]
    assert message in result.stderr, result.stderr[:500]
    assert all(len(line) < 2000 for line in result.stderr.splitlines()), "a message repeats a huge value"


@FUZZ
@given(st.sampled_from(sorted(ADAPTER_BASES)).flatmap(lambda f: st.tuples(st.just(f), mutated(ADAPTER_BASES[f]))))
def test_mutated_acled_and_ucdp_exports(importer, case):
    fmt, data = case
    importer(data, ".csv", "--format", fmt, "--skip-invalid")


@FUZZ
@given(st.binary(max_size=400), st.sampled_from([".csv", ".json", ".jsonl", ".txt", ".tsv"]))
def test_random_bytes_are_refused_cleanly(importer, data, suffix):
    importer(data, suffix)


# Cell values that a well-formed file can still carry.
hostile_text = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["", " ", "0", "-0", "1.0", "0x10", "1_000", "٣", "²", "  7 ", "2024-02-30", "2024-W53",
                     "2024-W54", "0000-01-01", "16/02/2024", "yesterday", "unknown", "residential:", ":x", "x:y",
                     ";", "\\", "\\;", "=cmd|' /C calc'!A0", "99999999999999999999999"]),
)  # fmt: skip


@FUZZ
@given(st.lists(st.dictionaries(st.sampled_from(FIELDS), hostile_text, max_size=8), min_size=1, max_size=4))
def test_hostile_cells_in_a_well_formed_csv(importer, rows):
    rows = [{"date": "2024-10-30", "city": "Kharkiv", **row} for row in rows]
    importer(csv_bytes(rows), ".csv")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(10**30), max_value=10**30) | st.floats() | hostile_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["kind", "name", "url", "x"]), inner),
    max_leaves=8,
)


@FUZZ
@given(
    st.lists(st.dictionaries(st.sampled_from([*FIELDS, "extra"]), json_values, max_size=8), min_size=1, max_size=4),
    st.sampled_from([".json", ".jsonl"]),
)
def test_hostile_values_in_well_formed_json(importer, rows, suffix):
    rows = [{"date": "2024-10-30", "city": "Kharkiv", **row} for row in rows]
    data = json.dumps(rows, ensure_ascii=False) if suffix == ".json" else "\n".join(json.dumps(r) for r in rows)
    importer(data.encode("utf-8", "surrogatepass"), suffix)


# --- the date parser and extract on any text ---------------------------------------------

date_words = st.sampled_from(
    ["2024", "10", "31", "02", "00", "99999999999999999999", "W44", "W00", "February", "Feb", "лютого", "Monday",
     "yesterday", "T", "Z", "+03:00", "-", "/", ".", ":", ",", " ", "\x00", "\n", "am", "pm", "of", "the", "1st"]
)  # fmt: skip
date_text = st.one_of(st.text(max_size=60), st.lists(date_words, max_size=12).map("".join),
                      st.lists(date_words, max_size=12).map(" ".join))  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(date_text, st.sampled_from([None, True, False]))
def test_parse_date_reads_or_refuses_any_text(text, dayfirst):
    try:
        day, precision = dates.parse_date(text, order=dates.DateOrder(dayfirst))
    except dates.DateError as error:
        assert str(error)
    else:
        assert precision in dates.PRECISIONS
        assert dates.EARLIEST <= day <= date.today()
        assert dates.period_start(day, precision) == day


@pytest.fixture(scope="module")
def vocabularies():
    return vocab.shipped()


news_words = st.sampled_from(
    ["killed", "injured", "wounded", "died", "were", "was", "people", "civilians", "children", "a child", "two",
     "three", "12", "1" * 25, "including", "of them", "in", "Kharkiv", "Sumy", "district", "region", "oblast",
     "village", "KAB", "Shahed", "drones", "missile", "struck", "hit", "a school", "houses", "damaged", "on",
     "October 30", "yesterday", "Monday", "2024-10-30", ".", ",", ";", ":", "—", "(", ")", "\"", "\n", "\n\n",
     "•", "-", "Russian forces", "said", "no", "not", "Харків", "загинули"]
)  # fmt: skip
news_text = st.one_of(st.text(max_size=200), st.lists(news_words, max_size=40).map(" ".join))


@settings(max_examples=150, deadline=None)
@given(news_text, st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 1, 1))))
def test_extract_never_raises_on_any_text(vocabularies, text, published):
    result = extract(text, vocabularies, published=published)
    for draft in result.drafts:
        draft.raw()


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(st.binary(max_size=300), news_text.map(str.encode)))
def test_extract_command_on_any_bytes(tmp_path, data):
    path = tmp_path / "news.txt"
    path.write_bytes(data)
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "none.db"), "extract", str(path), "-f", "json"])
    # 2: a relative date with no --published and no dateline is refused, never dated by the clock.
    assert result.exit_code in (0, 1, 2), result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    if result.exit_code == 0:
        assert isinstance(json.loads(result.stdout), list)
    if result.exit_code == 2:
        assert "pass --published" in result.stderr and result.stdout == ""
    assert not (tmp_path / "none.db").exists()

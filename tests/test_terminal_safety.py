"""Hostile text reaches a terminal visible, never obeyed.

A stored city like `Evil\\x1b[1A\\x1b[2KTown` must print as those characters:
raw, it erases the table line above it and hides an incident from a
reviewer. Every command that shows stored text runs here on a real
pseudo-terminal (80 and 140 columns, colours on), and the bytes it writes
may hold no escape sequence but rich's own SGR styling, no C1 control and
no bidi or other invisible format character. CSV and JSON keep the data as
stored.
"""

import csv
import io
import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import terminal
from typer.testing import CliRunner

from harmtrack.cli.app import app
from harmtrack.model import FIELDS
from harmtrack.render import Format, visible, write_rows

CITY = "Evil\x1b[1A\x1b[2KTown"  # cursor up, erase line
DISTRICT = "D\x1b]0;pwned\x07"  # OSC 0: window title
PLACE = "\x1b]8;;https://evil.example/\x1b\\click here\x1b]8;;\x1b\\"  # OSC 8: a link with fake text
WEAPON_DETAIL = "KAB\x1b]52;c;cm0gLXJmIH4=\x07"  # OSC 52: write the clipboard
PERPETRATOR = "\u202eyssur\u202c \x9b2J"  # bidi override; C1 CSI: clear screen
DESCRIPTION = "Clear\x1b[2Jscreen \x9b31m \u2066iso\u2069 zw\u200bsp bom\ufeff tab\there cr\rhere del\x7f"
DAMAGED = "residential:flat\x1b[2J"
SOURCE = "https://example.org/a\x1b[2J"
REJECTED_KILLED = "many\x1b]0;owned\x07"  # a bad count: the error quotes it
NEWS = (
    "KHARKIV, 28 October 2024 \u2014 A Russian glide bomb hit a residential\x1b[2J building in Kharkiv, "
    "killing 3 civilians and injuring 12, officials said.\n"
)

# What the terminal shows instead (the characters, not the control).
SHOWN = {
    "city": r"Evil\x1b[1A\x1b[2KTown",
    "district": r"D\x1b]0;pwned\x07",
    "place": r"\x1b]8;;https://evil.example/\x1b\click",
    "weapon_detail": r"KAB\x1b]52;c;cm0gLXJmIH4=\x07",
    "perpetrator": r"\u202eyssur\u202c \x9b2J",
    "description": r"Clear\x1b[2Jscreen",
    "damaged": r"flat\x1b[2J",
    "source": r"https://example.org/a\x1b[2J",
}

SGR = re.compile(rb"\x1b\[[0-9;]*m")
HIDDEN_CATEGORIES = ("Cc", "Cf", "Cs", "Zl", "Zp")


def hostile_csv(path: Path) -> Path:
    rows = [dict.fromkeys(FIELDS, "") for _ in range(3)]
    rows[0].update(
        date="2024-10-28",
        city=CITY,
        district=DISTRICT,
        place=PLACE,
        weapon="glide-bomb",
        weapon_detail=WEAPON_DETAIL,
        perpetrator=PERPETRATOR,
        killed="3",
        damaged=DAMAGED,
        sources=SOURCE,
        description=DESCRIPTION,
    )
    rows[1].update(date="2024-10-29", city="Kharkiv", weapon="drone", killed="1", description="plain")
    rows[2].update(date="2024-10-30", city="Sumy\x1b[2J", weapon="drone", killed=REJECTED_KILLED)
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream, lineterminator="\n", quoting=csv.QUOTE_ALL)
        writer.writerow(FIELDS)
        for row in rows:
            writer.writerow([row[name] for name in FIELDS])
    return path


def run_on_pty(args, cwd: Path, columns: int, *, env: dict | None = None) -> tuple[int, bytes]:
    """`python -m harmtrack ARGS` with stdin, stdout and stderr on a pseudo-terminal of `columns`."""
    code, output, _ = terminal.run_on_pty(args, columns, cwd=cwd, env=env, stderr_on_terminal=True)
    return code, output


def assert_terminal_safe(output: bytes) -> str:
    """Every ESC begins an SGR sequence (rich's styling); no other control,
    C1 or invisible format character is written. Returns the text without SGR."""
    plain = SGR.sub(b"", output)
    assert b"\x1b" not in plain, _around(plain, plain.index(b"\x1b"))
    text = plain.decode("utf-8")
    hidden = sorted(
        {repr(char) for char in text if char not in "\r\n" and unicodedata.category(char) in HIDDEN_CATEGORIES}
    )
    assert not hidden, hidden
    return text


def _around(data: bytes, index: int) -> str:
    return repr(data[max(0, index - 60) : index + 60])


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A database holding the hostile record, its edit history, a place merge
    and a hostile weapon alias; the import rejected the third row."""
    folder = tmp_path_factory.mktemp("hostile")
    db = folder / "hostile.db"
    runner = CliRunner()

    def ok(*args):
        result = runner.invoke(app, ["--db", str(db), *args])
        assert result.exit_code == 0, result.stderr
        return result

    imported = ok("import", str(hostile_csv(folder / "hostile.csv")), "--skip-invalid")
    assert "1 rejected" in imported.stderr
    ok("edit", "1", "--injured", "2", "--description", DESCRIPTION + " (edited\x1b[2J)")
    ok("places", "merge", "Kharkiv", "Kh\x1b]0;m\x07")
    ok("vocab", "alias", "weapon", "Geran\x1b[2J", "loitering-munition")
    (folder / "news.txt").write_text(NEWS, encoding="utf-8")
    return folder, db


# Each command, and which hostile texts it must show in visible form (at 140 columns).
COMMANDS = [
    (["list"], ["city", "description"]),
    (["show", "1"], list(SHOWN)),
    (["history"], ["description"]),
    (["history", "1"], ["description"]),
    (["report", "city"], ["city"]),
    (["report", "matrix"], ["city"]),
    (["places"], ["city"]),
    (["vocab"], []),
    (["list", "--format", "markdown"], ["city", "description"]),
    (["report", "city", "--format", "markdown"], ["city"]),
]


@pytest.mark.parametrize("columns", [80, 140])
@pytest.mark.parametrize(("command", "expected"), COMMANDS, ids=[" ".join(command) for command, _ in COMMANDS])
def test_commands_on_a_terminal_show_hostile_text_visibly(hostile, command, expected, columns):
    folder, db = hostile
    code, output = run_on_pty(["--db", str(db), *command], folder, columns)
    assert code == 0, output
    text = assert_terminal_safe(output)
    if columns < 140:  # narrow: wrapped cells may split a value; the bytes are checked above
        return
    for name in expected:
        assert SHOWN[name] in text, (name, text)
    if command == ["vocab"]:
        assert r"Geran\x1b[2J" in text
    if command[0] == "history":
        assert r"(edited\x1b[2J)" in text
    if command == ["history"]:
        assert r"Kh\x1b]0;m\x07" in text


def test_colours_are_on_in_these_runs(hostile):
    """The terminal runs keep rich's styling: the test checks SGR is all there is, not that there is none."""
    folder, db = hostile
    _, output = run_on_pty(["--db", str(db), "report", "city"], folder, 140)
    assert SGR.search(output)


@pytest.mark.parametrize("columns", [80, 140])
def test_extract_review_table_shows_the_evidence_visibly(hostile, columns):
    folder, db = hostile
    code, output = run_on_pty(["--db", str(db), "extract", "news.txt"], folder, columns)
    assert code == 0, output
    text = assert_terminal_safe(output)
    assert "1 draft incident" in text
    if columns == 140:
        assert r"residential\x1b[2J" in text


# The import's progress bar (rich, on stderr) redraws itself with these; they
# are not text from the file, which the test checks separately.
PROGRESS = re.compile(rb"\x1b\[\?25[lh]|\r?(?:\x1b\[1A)*\x1b\[2K")


def test_import_messages_on_a_terminal_quote_values_visibly(hostile, tmp_path):
    folder, _ = hostile
    raw = [value.encode() for value in (CITY, REJECTED_KILLED, "\x1b]", "\x1b[2J", "\x9b")]
    # all-or-nothing: the bad row is reported, then the refusal (harmtrack.cli.app._fail)
    code, output = run_on_pty(["--db", str(tmp_path / "new.db"), "import", "hostile.csv"], folder, 80)
    assert code == 1
    assert not [value for value in raw if value in output]
    text = assert_terminal_safe(PROGRESS.sub(b"", output))
    assert r"many\x1b]0;owned\x07" in text
    assert "harmtrack: error: 1 invalid row" in text
    # --skip-invalid: the warning about a city the gazetteer does not know quotes it too
    code, output = run_on_pty(
        ["--db", str(tmp_path / "new.db"), "import", "hostile.csv", "--skip-invalid"], folder, 140
    )
    assert code == 0
    assert not [value for value in raw if value in output]
    text = assert_terminal_safe(PROGRESS.sub(b"", output))
    assert r"Evil\x1b[1A\x1b[2KTown" in text


def test_delete_confirmation_shows_the_city_visibly(hostile, tmp_path):
    folder, db = hostile
    copy = tmp_path / "copy.db"
    copy.write_bytes(db.read_bytes())
    master, slave = os.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "harmtrack", "--db", str(copy), "delete", "1"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=folder,
        env={**os.environ, "TERM": "xterm-256color"},
        close_fds=True,
    )
    os.close(slave)
    os.write(master, b"n\n")
    output = terminal.read_all(master, process)
    assert process.wait(timeout=60) == 1
    text = assert_terminal_safe(output)
    assert r"Evil\x1b[1A\x1b[2KTown" in text


# --- messages on stderr (CliRunner) -------------------------------------------------


def test_message_shows_a_quoted_value_visibly(hostile, tmp_path):
    _, db = hostile
    copy = tmp_path / "copy.db"
    copy.write_bytes(db.read_bytes())
    result = CliRunner().invoke(app, ["--db", str(copy), "places", "merge", CITY, "Good\u202eTown\nNext"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (r"merged city 'Evil\x1b[1A\x1b[2KTown' into 'Good\u202eTown\nNext' in 1 incident" + "\n")


def test_error_line_shows_a_quoted_value_visibly(hostile):
    _, db = hostile
    runner = CliRunner()
    result = runner.invoke(app, ["--db", str(db), "places", "merge", "Nope\x1b]0;x\x07\x9b2J", "Good"])
    assert result.exit_code == 1
    assert result.stderr.startswith(r"harmtrack: error: no incident has city 'Nope\x1b]0;x\x07\x9b2J'")
    assert result.stderr.count("\n") == 1
    result = runner.invoke(app, ["--db", str(db), "list", "--weapon", "G\x1b[2J\u2066"])
    assert result.exit_code == 2
    assert r"'G\x1b[2J\u2066' is not a weapon family" in result.stderr
    assert "\x1b" not in result.stderr


def test_error_line_keeps_one_line_and_shows_other_breaks(hostile):
    _, db = hostile
    result = CliRunner().invoke(app, ["--db", str(db), "places", "merge", "a\nb\r\x0bc\u2028d", "Good"])
    assert result.exit_code == 1
    assert result.stderr == r"harmtrack: error: no incident has city 'a b\r\x0bc\u2028d'" + (
        "; `harmtrack places --kind city` lists them\n"
    )


# --- tables and markdown without a terminal ------------------------------------------


def test_table_and_markdown_written_to_a_file_are_visible_too(hostile):
    _, db = hostile
    runner = CliRunner()
    for fmt in ("table", "markdown"):
        for command in (["list"], ["show", "1"], ["history", "1"], ["report", "city"], ["places"]):
            out = runner.invoke(app, ["--db", str(db), *command, "--format", fmt]).stdout
            assert "\x1b" not in out and "\x9b" not in out and "\u202e" not in out, (fmt, command)
            assert r"\x1b[" in out, (fmt, command)


def test_report_title_and_caption_hold_filter_values_visibly(hostile):
    _, db = hostile
    out = CliRunner().invoke(app, ["--db", str(db), "report", "city", "--city", CITY, "--format", "table"]).stdout
    assert r"city Evil\x1b[1A\x1b[2KTown" in " ".join(out.split())
    assert "\x1b" not in out


# --- data formats keep the data exactly ----------------------------------------------


def test_csv_and_json_keep_the_raw_bytes_and_round_trip(hostile, tmp_path):
    _, db = hostile
    runner = CliRunner()
    listed = runner.invoke(app, ["--db", str(db), "list", "--format", "csv"]).stdout
    assert CITY in listed and PLACE in listed and "\x9b2J" in listed and "\u202e" in listed
    exported = runner.invoke(app, ["--db", str(db), "export"]).stdout
    assert [line.split(",", 1)[1] for line in listed.split("\n") if line] == [
        line for line in exported.split("\n") if line
    ]  # list is export with the id first
    (tmp_path / "out.csv").write_text(exported, encoding="utf-8", newline="")
    other = tmp_path / "other.db"
    assert runner.invoke(app, ["--db", str(other), "import", str(tmp_path / "out.csv")]).exit_code == 0
    assert runner.invoke(app, ["--db", str(other), "list", "--format", "csv"]).stdout == listed
    [record, _] = json.loads(runner.invoke(app, ["--db", str(db), "list", "--format", "json"]).stdout)
    assert record["city"] == CITY and record["perpetrator"] == PERPETRATOR
    lines = runner.invoke(app, ["--db", str(db), "list", "--format", "jsonl"]).stdout.splitlines()
    assert json.loads(lines[0])["description"].startswith(DESCRIPTION)


# --- the sanitiser -------------------------------------------------------------------


def test_visible_rules():
    assert visible(CITY) == r"Evil\x1b[1A\x1b[2KTown"
    assert visible("a\tb\rc\x00d\x7fe\x85f\x9bg") == r"a\tb\rc\x00d\x7fe\x85f\x9bg"
    assert visible("a\nb") == r"a\nb"
    assert visible("a\nb\rc", newlines=True) == "a\nb\\rc"
    bidi = "".join(chr(code) for code in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
    assert visible(bidi) == "".join(f"\\u{code:04x}" for code in map(ord, bidi))
    assert visible("\u200b\u200c\u200d\u200e\u200f\u2028\u2029\ufeff\u061c") == (
        r"\u200b\u200c\u200d\u200e\u200f\u2028\u2029\ufeff\u061c"
    )
    assert visible("tag\U000e0041") == r"tag\U000e0041"
    assert visible("lone \udc80") == r"lone \udc80"
    # printable text of every script, and a backslash, are left alone
    for text in ("Харків", "Mariupol [sic]", "حلب", "ירושלים", "東京", "C:\\path\\x1b", "🚀", "Kraków\u00a0Nowa"):
        assert visible(text) is text or visible(text) == text


def test_visible_covers_every_control_and_format_character_this_python_knows():
    hidden = "".join(chr(code) for code in range(0x110000) if unicodedata.category(chr(code)) in HIDDEN_CATEGORIES)
    shown = visible(hidden)
    assert all(char.isascii() and char.isprintable() for char in shown)


def test_write_rows_streams_data_formats():
    """CSV, JSON, JSONL and markdown write each row before reading the next: nothing builds the whole list."""
    for fmt in (Format.csv, Format.json, Format.jsonl, Format.markdown):
        stream = io.StringIO()
        written = []

        def rows(stream=stream, written=written):
            for index in range(5):
                written.append(len(stream.getvalue()))
                yield [index, f"row {index}"]

        write_rows(("id", "name"), rows(), fmt, stream=stream)
        assert written == sorted(written) and len(set(written[1:])) == 4, (fmt, written)


def test_write_rows_json_is_the_bytes_of_a_json_list():
    for rows in ([], [[1, "a\x1b"], [2, None]]):
        stream = io.StringIO()
        write_rows(("id", "name"), iter(rows), Format.json, stream=stream)
        expected = json.dumps(
            [dict(zip(("id", "name"), row, strict=True)) for row in rows], ensure_ascii=False, indent=2
        )
        assert stream.getvalue() == expected + "\n"

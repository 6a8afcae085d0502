"""Every table view fits the terminal, and no figure is cut to make it fit.

Each table view runs on a real pseudo-terminal of 80 and of 140 columns
(stdout on the terminal, stderr read apart) against a demo database with
long descriptions, a long city name, big figures with ranges, a long source
and a pair of duplicates. No line may be wider than the terminal (display
width, rich's SGR styling stripped). The same view rendered at 250 columns
(every column shown) is the reference: each cell the narrow table shows is
the reference's cell whole (wrapped over lines, perhaps) or, in the columns
that elide, a beginning of it ending in "…"; a column it leaves out is named
in the caption ("Left out to fit 80 columns: ..."), and `report matrix`
adds the weapon columns that do not fit into `other`, which the caption names.
"""

import re
from pathlib import Path

import pytest
import terminal
from rich.cells import cell_len
from typer.testing import CliRunner

from harmtrack.cli.app import app
from harmtrack.render import Format, wrap_text, write_rows

ROUNDUP = Path(__file__).parent / "fixtures" / "shared" / "roundup-days-978-982.txt"
SGR = re.compile(r"\x1b\[[0-9;]*m")
LONG_TEXT = (
    "Residents of the district said the strike came without warning shortly after the air raid alert ended; "
    "rescuers worked through the night to reach people under the rubble of the stairwell, and the regional "
    "administration later confirmed the toll after checking hospital lists against the reports of relatives."
)
LONG_CITY = "Velykyi Burluk Settlement Hromada Long Name"
LONG_SOURCE = "https://example.org/a-rather-long-source-address/with/a/path/2024/10/30/kharkiv-strike-report.html"

# Each table view: a name, its arguments, and a column every row of it fills (a wrapped
# cell's further lines leave it empty). "{long}" stands for the long city's incident id.
VIEWS = [
    ("list", ["list"], "id"),
    ("show", ["show", "1"], "field"),
    ("show long", ["show", "{long}"], "field"),
    ("history", ["history"], "field"),
    ("history one", ["history", "1"], "field"),
    ("report city", ["report", "city"], "incidents"),
    ("report weapon", ["report", "weapon"], "incidents"),
    ("report class", ["report", "weapon", "--by", "class"], "incidents"),
    ("report timeline", ["report", "timeline"], "incidents"),
    ("report timeline week", ["report", "timeline", "--period", "week"], "incidents"),
    ("report sites", ["report", "sites"], "incidents"),
    ("report matrix", ["report", "matrix"], "total"),
    ("report matrix incidents", ["report", "matrix", "--measure", "incidents"], "total"),
    ("report matrix casualties", ["report", "matrix", "--measure", "casualties"], "total"),
    ("places", ["places"], "incidents"),
    ("places aliases", ["places", "aliases"], "kind"),
    ("vocab", ["vocab"], "vocabulary"),
    ("dedupe", ["dedupe"], "id"),
    ("extract", ["extract", str(ROUNDUP), "--published", "2024-11-01"], "date"),
]
# The columns whose text may be cut short with "…", the whole value one command away.
ELIDED = {"description", "before", "after", "sources"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """`harmtrack demo`, with long text where tables have to wrap or cut it."""
    folder = tmp_path_factory.mktemp("width")
    db = folder / "demo.db"
    runner = CliRunner()

    def ok(*args):
        result = runner.invoke(app, ["--db", str(db), *args])
        assert result.exit_code == 0, result.stderr
        return result.stdout

    ok("demo")
    ok("edit", "1", "--description", LONG_TEXT + " " + LONG_TEXT, "--reason", LONG_TEXT)
    ok("edit", "2", "--description", "Short, then long: " + LONG_TEXT)
    long_id = ok(
        "add",
        *("--date", "2024-10-28", "--city", LONG_CITY, "--region", "Kharkiv Oblast", "--country", "Ukraine"),
        *("--weapon", "glide-bomb", "--weapon-detail", "KAB-1500 with UMPK guidance kit"),
        *("--killed", "1234", "--killed-min", "1200", "--killed-max", "1300"),
        *("--injured", "2100", "--injured-min", "2000", "--injured-max", "2375", "--children-killed", "12"),
        *("--damaged", "residential:nine-storey apartment building", "--description", LONG_TEXT),
    ).strip()
    # a probable duplicate of the roundup's Wednesday strike (demo incident 43), for `dedupe`
    ok(
        "add",
        *("--date", "2024-10-30", "--city", "Kharkiv", "--region", "Kharkiv Oblast", "--country", "Ukraine"),
        *("--weapon", "glide-bomb", "--killed", "3", "--injured", "35", "--source", LONG_SOURCE),
        *("--damaged", "residential:residential building", "--description", LONG_TEXT),
    )
    ok("places", "alias", "Saltivka district of the city", "Kharkiv")
    return folder, db, long_id


def run_on_pty(args: list[str], cwd: Path, columns: int) -> tuple[int, str, str]:
    """`python -m harmtrack ARGS` with stdout on a pseudo-terminal `columns` wide; stderr is read apart."""
    code, output, errors = terminal.run_on_pty(args, columns, cwd=cwd)
    return code, SGR.sub("", output.decode()).replace("\r\n", "\n"), errors.decode()


def reference(db: Path, args: list[str]) -> str:
    """The view at 250 columns, where every column shows."""
    result = CliRunner().invoke(app, ["--db", str(db), *args, "--format", "table"], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.stderr
    return result.stdout


def parse(text: str, key: str) -> tuple[list[str], list[dict[str, str]]]:
    """A rich table's column names and rows (the total row included). A row is
    the lines from one that fills `key` to the next; a cell's lines are joined."""
    header_lines, rows = [], []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("┃"):
            header_lines.append([cell.strip() for cell in line.strip("┃").split("┃")])
        elif line.startswith("│"):
            cells = [cell.strip() for cell in line.strip("│").split("│")]
            names = column_names(header_lines)
            assert len(cells) == len(names), line
            if cells[names.index(key)]:
                rows.append({name: [] for name in names})
            for name, cell in zip(names, cells, strict=True):
                if cell:
                    rows[-1][name].append(cell)
    names = column_names(header_lines)
    return names, [{name: " ".join(parts) for name, parts in row.items()} for row in rows]


def column_names(header_lines: list[list[str]]) -> list[str]:
    columns = zip(*header_lines, strict=True)
    return [" ".join(part for part in parts if part).replace("- ", "-") for parts in columns]


def squeezed(text: str) -> str:
    """Text without its spaces: where a wrapped cell broke its lines does not matter."""
    return "".join(text.split())


def caption(text: str) -> str:
    """The lines outside the table (title, caption), as one line."""
    return " ".join(line.strip() for line in text.splitlines() if line.strip() and line.strip()[0] not in "┏┃┡│├└")


def figure(cell: str) -> int | None:
    return None if cell == "unknown" else int(cell.replace(",", ""))


def folded(cells: list[str]) -> str:
    """What `other` shows for these weapon cells: their known figures added up."""
    present = [cell for cell in cells if cell]
    if not present:
        return ""
    known = [value for value in map(figure, present) if value is not None]
    return f"{sum(known):,}" if known else "unknown"


@pytest.fixture(scope="module")
def shown(demo):
    """Every view at 80 and 140 columns, and its 250-column reference, run once."""
    folder, db, long_id = demo
    runs = {}
    for name, args, _ in VIEWS:
        args = [arg.replace("{long}", long_id) for arg in args]
        wide = reference(db, args)
        for columns in (80, 140):
            code, out, err = run_on_pty(["--db", str(db), *args], folder, columns)
            assert code == 0, (name, columns, out, err)
            runs[name, columns] = (out, err, wide)
    return runs


@pytest.mark.parametrize("columns", [80, 140])
@pytest.mark.parametrize(("name", "key"), [(name, key) for name, _, key in VIEWS], ids=[view[0] for view in VIEWS])
def test_table_view_fits_the_terminal_and_keeps_its_figures(shown, name, key, columns):
    out, _, wide = shown[name, columns]
    too_wide = [line for line in out.splitlines() if cell_len(line) > columns]
    assert not too_wide, "\n".join(too_wide)

    names, rows = parse(out, key)
    all_names, all_rows = parse(wide, key)
    assert "Left out to fit" not in wide and "other" not in all_names, wide  # the reference shows every column
    assert rows and len(rows) == len(all_rows), out
    notes = caption(out)
    matrix = name.startswith("report matrix")
    left_out = [column for column in all_names if column not in names]
    if left_out and not matrix:
        listed = re.search(rf"Left out to fit {columns} columns: (.+?) \(--format csv shows every column", notes)
        assert listed, notes
        assert sorted(listed.group(1).split(", ")) == sorted(left_out)
    for row, whole in zip(rows, all_rows, strict=True):
        for column in names:
            if matrix and column == "other":
                assert row[column] == folded([whole[weapon] for weapon in left_out]), (row, whole)
                continue
            cell, expected = squeezed(row[column]), squeezed(whole[column])
            if column in ELIDED and cell.endswith("…"):
                assert expected.removesuffix("…").startswith(cell.removesuffix("…")), (column, cell, expected)
            else:
                assert cell == expected, (name, column, row[column], whole[column])
    if matrix and left_out:
        assert "other" in names
        assert f"other: the {len(left_out)} weapon famil" in notes
        assert squeezed(", ".join(left_out)) in squeezed(notes)


def test_the_total_row_keeps_killed_and_its_range(shown):
    for columns in (80, 140):
        out, _, wide = shown["report city", columns]
        names, rows = parse(out, "incidents")
        _, all_rows = parse(wide, "incidents")
        total, whole = rows[-1], all_rows[-1]
        assert total["city"] == "total" and total["killed"] == whole["killed"] == "1,455"
        assert whole["killed range"] == "1,413–1,540"
        if "killed range" in names:
            assert total["killed range"] == "1,413–1,540"
        else:
            assert "killed range" in caption(out)
    assert "killed range" in parse(shown["report city", 140][0], "incidents")[0]


def test_every_city_is_named(shown):
    for view, key in (
        ("list", "id"),
        ("report city", "incidents"),
        ("report matrix", "total"),
        ("places", "incidents"),
    ):
        for columns in (80, 140):
            cities = {squeezed(row["city"]) for row in parse(shown[view, columns][0], key)[1]}
            assert squeezed(LONG_CITY) in cities, (view, columns)
            assert {"Kharkiv", "Zaporizhzhia", "KryvyiRih"} <= cities, (view, columns)


def test_wide_terminals_get_more_columns(shown):
    keys = {name: key for name, _, key in VIEWS}
    for name in ("list", "history", "report city", "report matrix", "dedupe", "extract"):
        narrow = parse(shown[name, 80][0], keys[name])[0]
        wide = parse(shown[name, 140][0], keys[name])[0]
        assert len(wide) > len(narrow), (name, narrow, wide)


def test_the_extract_review_gives_the_evidence_room(shown):
    for columns, least in ((80, 30), (140, 40)):
        out = shown["extract", columns][0]
        header = next(line for line in out.splitlines() if "evidence" in line)
        evidence = header.split("┃")[-2]
        assert cell_len(evidence) - 2 >= least, (columns, header)
        assert "Kharkiv" in out


def test_elided_text_says_where_the_whole_is(shown):
    assert "`harmtrack show ID` shows it whole" in caption(shown["list", 80][0])
    assert "`harmtrack history --format json` shows it whole" in caption(shown["history", 80][0])


# --- the layout rules, without a terminal -------------------------------------------


def test_figures_are_never_cut_even_when_nothing_else_can_give(monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", "20")
    write_rows(("city", "killed", "range"), [["Kharkiv", 1234567, "1,234,560–1,234,999"]], Format.table)
    out = capsys.readouterr().out
    assert "1234567" in out and "1,234,560–1,234,999" in out


def test_dropped_columns_are_named_and_the_rest_fit(monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", "40")
    write_rows(
        ("id", "killed", "uid", "note"),
        [[1, 210, "284673ce-d865-512f-8fc0-defa68ebf731", "a note long enough to wrap over a few lines"]],
        Format.table,
        numeric=("id", "killed"),
        wrap=("note",),
        drop=("uid",),
    )
    out = capsys.readouterr().out
    assert max(cell_len(line) for line in out.splitlines()) <= 40
    assert "284673ce" not in out and "Left out to fit 40 columns: uid" in " ".join(out.split())
    assert "│  1 │    210 │" in out


def test_markdown_and_csv_keep_every_column(monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", "40")
    for fmt in (Format.markdown, Format.csv):
        write_rows(("id", "uid", "note"), [[1, "uid-" + "x" * 40, "y " * 40]], fmt, drop=("uid",), elide={"note": 1})
        out = capsys.readouterr().out
        assert "uid-" + "x" * 40 in out and ("y " * 40).strip() in out and "…" not in out


def test_wrap_text_breaks_after_spaces_and_hyphens_and_folds_long_words():
    assert wrap_text("loitering-munition strike", 12) == ["loitering-", "munition", "strike"]
    assert wrap_text("a\nb c", 10) == ["a", "b c"]
    assert wrap_text("abcdefghijkl", 5) == ["abcde", "fghij", "kl"]
    assert wrap_text("東京都 東京都", 6) == ["東京都", "東京都"]
    assert all(cell_len(line) <= 9 for line in wrap_text(LONG_TEXT, 9))

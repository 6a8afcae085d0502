"""report ... --chart FILE.svg|FILE.png: the report's own rows and figures as
bars, a caption saying what was counted, the file written whole."""

import csv
import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from matplotlib.image import imread

SVG = "{http://www.w3.org/2000/svg}"


def report_rows(harmtrack, *args: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(harmtrack.ok("report", *args, "--format", "csv").stdout)))


class Chart:
    """What a person sees in the SVG: bars, their names and figures, the caption."""

    def __init__(self, path: Path):
        self.root = ET.parse(path).getroot()
        self.groups = {group.get("id"): group for group in self.root.iter(f"{SVG}g") if group.get("id")}

    def text(self, gid: str) -> str:
        return "\n".join(text.text or "" for text in self.groups[gid].iter(f"{SVG}text"))

    @property
    def bars(self) -> list[ET.Element]:
        count = sum(1 for gid in self.groups if gid.startswith("bar-") and gid.count("-") == 1)
        return [self.groups[f"bar-{index}"] for index in range(count)]

    @property
    def labels(self) -> list[str]:
        return [self.text(f"bar-{index}-label") for index in range(len(self.bars))]

    @property
    def values(self) -> list[str]:
        return [self.text(f"bar-{index}-value") for index in range(len(self.bars))]

    def lengths(self, across: bool) -> list[float]:
        """Each bar's length in the drawing: its path's extent along the value axis."""
        out = []
        for bar in self.bars:
            numbers = [
                float(n) for n in bar.find(f"{SVG}path").get("d").replace("M", " ").replace("L", " ").split()[:8]
            ]
            xs, ys = numbers[0::2], numbers[1::2]
            out.append(max(ys) - min(ys) if across else max(xs) - min(xs))
        return out


def figure(value: str) -> str:
    return "unknown" if value == "" else f"{int(value):,}"


def test_the_timeline_chart_has_a_bar_per_period_with_the_reports_figures(harmtrack, tmp_path):
    harmtrack.ok("demo")
    rows = report_rows(harmtrack, "timeline", "--period", "week")
    result = harmtrack.ok("report", "timeline", "--period", "week", "--chart", "weeks.svg", "--format", "csv")
    assert result.stdout == harmtrack.ok("report", "timeline", "--period", "week", "--format", "csv").stdout
    assert f"chart: weeks.svg ({len(rows)} bars)" in result.stderr
    chart = Chart(tmp_path / "weeks.svg")
    assert len(chart.bars) == len(rows) == 23
    assert chart.labels == [row["period"] for row in rows]
    assert chart.values == [figure(row["killed"]) for row in rows]
    known = [
        (length, int(row["killed"])) for length, row in zip(chart.lengths(True), rows, strict=True) if row["killed"]
    ]
    largest = max(known, key=lambda pair: pair[1])
    assert all(length == pytest.approx(largest[0] * value / largest[1], abs=0.01) for length, value in known)
    caption = chart.text("caption")
    assert "41 incidents; counted: unverified, corroborated, confirmed, contested (discounted left out)" in caption
    assert "filters: none" in caption and "Each incident counts once" in caption
    assert "9 incidents have killed unknown, which is not 0" in caption
    assert "--include-discounted" not in caption
    assert "Killed by week" in [text.text for text in chart.root.iter(f"{SVG}text")]


def test_the_city_chart_follows_top_sort_measure_and_filters(harmtrack, tmp_path):
    harmtrack.ok("demo")
    args = ("--top", "4", "--sort", "injured", "--since", "2024-07-01")
    rows = report_rows(harmtrack, "city", *args)
    harmtrack.ok("report", "city", *args, "--measure", "injured", "--chart", "cities.svg")
    chart = Chart(tmp_path / "cities.svg")
    assert chart.labels == [row["city"] for row in rows] and len(rows) == 4
    assert chart.values == [figure(row["injured"]) for row in rows]
    lengths = chart.lengths(False)
    assert lengths == sorted(lengths, reverse=True)  # the report's order, largest on top
    caption = chart.text("caption")
    assert "filters: since 2024-07-01" in caption and "Showing the first 4 of" in caption
    assert "injured unknown" in caption


def test_the_weapon_chart_counts_incidents_by_class(harmtrack, tmp_path):
    harmtrack.ok("demo")
    rows = report_rows(harmtrack, "weapon", "--by", "class")
    harmtrack.ok("report", "weapon", "--by", "class", "--measure", "incidents", "--chart", "classes.svg")
    chart = Chart(tmp_path / "classes.svg")
    assert chart.labels == [row["class"] for row in rows]
    assert chart.values == [row["incidents"] for row in rows]
    assert "A bar counts incidents." in chart.text("caption")


def test_a_png_chart_opens_with_its_size(harmtrack, tmp_path):
    harmtrack.ok("demo")
    harmtrack.ok("report", "city", "--chart", "cities.PNG")
    raw = (tmp_path / "cities.PNG").read_bytes()
    assert raw[:8] == b"\x89PNG\r\n\x1a\n"
    pixels = imread(tmp_path / "cities.PNG")
    height, width = pixels.shape[:2]
    assert width == 8.5 * 150 and height > 400


def test_an_unknown_figure_draws_no_bar_but_says_unknown(harmtrack, tmp_path):
    harmtrack.ok("add", "--date", "2024-10-01", "--city", "Kharkiv", "--killed", "4")
    harmtrack.ok("add", "--date", "2024-10-02", "--city", "Sumy")
    harmtrack.ok("add", "--date", "2024-10-03", "--city", "Odesa", "--killed", "0")
    harmtrack.ok("add", "--date", "2024-10-04", "--city", "Kyiv", "--killed", "1", "--status", "discounted")
    harmtrack.ok("report", "city", "--chart", "cities.svg")
    chart = Chart(tmp_path / "cities.svg")
    assert chart.labels == ["Kharkiv", "Odesa", "Sumy"]  # discounted Kyiv left out
    assert chart.values == ["4", "0", "unknown"]
    assert chart.lengths(False)[1:] == [0, 0]
    caption = chart.text("caption")
    assert "1 incident has killed unknown" in caption and "A bar marked unknown" in caption
    assert "3 incidents" in caption and "(discounted left out)" in caption


def test_the_terminal_bar_chart_stays(harmtrack, tmp_path):
    harmtrack.ok("demo")
    out = harmtrack.ok("report", "timeline", "--format", "table", "--chart", "t.svg").stdout
    assert "killed per period" in out and "█" in out
    assert (tmp_path / "t.svg").exists()


def test_an_existing_chart_is_replaced_and_written_privately(harmtrack, tmp_path):
    harmtrack.ok("demo")
    (tmp_path / "c.svg").write_text("old", encoding="utf-8")
    harmtrack.ok("report", "city", "--chart", "c.svg")
    assert Chart(tmp_path / "c.svg").bars
    assert (tmp_path / "c.svg").stat().st_mode & 0o777 == 0o600
    assert [path.name for path in tmp_path.iterdir() if path.name.endswith(".partial")] == []


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("city", "--chart", "c.pdf"), "--chart: 'c.pdf' is not a .svg or .png file"),
        (("city", "--measure", "injured"), "--measure chooses what --chart draws"),
        (("weapon", "--chart", "harmtrack.db"), "not a .svg or .png"),
        (("timeline", "--chart", "missing/t.svg"), "--chart: cannot write missing/t.svg"),
    ],
)
def test_bad_usage_is_refused_in_one_line(harmtrack, tmp_path, args, expected):
    harmtrack.ok("demo")
    result = harmtrack("report", *args)
    assert result.exit_code == 2
    assert expected in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_a_chart_over_a_database_is_refused(harmtrack, tmp_path):
    harmtrack.ok("demo")
    database = tmp_path / "copy.svg"
    database.write_bytes(harmtrack.db_path.read_bytes())
    result = harmtrack("report", "city", "--chart", "copy.svg")
    assert result.exit_code == 2 and "is a SQLite database" in result.stderr
    assert database.read_bytes() == harmtrack.db_path.read_bytes()


def test_without_the_extra_the_hint_says_how_to_install_it(harmtrack, tmp_path, monkeypatch):
    harmtrack.ok("demo")
    for name in [name for name in sys.modules if name.startswith("matplotlib")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if not installed
    result = harmtrack("report", "timeline", "--chart", "t.png")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "harmtrack: error: --chart needs the charts extra (matplotlib): pip install 'harmtrack[charts]'"
    )
    assert result.stdout == "" and not (tmp_path / "t.png").exists()


def test_help_imports_neither_matplotlib_nor_frictionless():
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from harmtrack.cli.app import app\n"
        "for args in (['--help'], ['export', '--help'], ['report', 'city', '--help']):\n"
        "    assert CliRunner().invoke(app, args).exit_code == 0\n"
        "print(json.dumps(sorted(m for m in ('matplotlib', 'frictionless') if m in sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", "import json\n" + code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


def test_a_long_timeline_keeps_every_bar_and_marks_the_unknown_ones(harmtrack, tmp_path):
    harmtrack.ok("demo")
    rows = report_rows(harmtrack, "timeline", "--period", "day")
    harmtrack.ok("report", "timeline", "--period", "day", "--chart", "days.svg")
    chart = Chart(tmp_path / "days.svg")
    assert len(chart.bars) == len(rows) == 149
    unknown = [index for index, row in enumerate(rows) if row["incidents"] != "0" and row["killed"] == ""]
    assert unknown and all(chart.text(f"bar-{index}-value") == "unknown" for index in unknown)
    named = [index for index in range(len(rows)) if f"bar-{index}-label" in chart.groups]
    assert named == list(range(0, len(rows), 3))  # every third day named, so the names stay legible
    assert all(chart.text(f"bar-{index}-label") == rows[index]["period"] for index in named)

"""Progress for the long commands: drawn on stderr when it is a terminal, never mixed into piped output."""

import json

from terminal import run_on_pty


def test_dedupe_shows_its_progress_on_a_terminal_and_nothing_when_piped(harmtrack, tmp_path):
    for source in ("a", "b"):
        harmtrack.ok(
            "add",
            "--date",
            "2024-10-30",
            "--city",
            "Sumy",
            "--weapon",
            "drone",
            "--killed",
            "2",
            "--source",
            f"https://example.org/{source}",
        )
    code, shown, _ = run_on_pty(["--db", str(harmtrack.db_path), "dedupe"], 80, stderr_on_terminal=True)
    text = shown.decode("utf-8")
    assert code == 0
    assert "comparing incidents" in text and "1 group of probable duplicates" in text
    piped = harmtrack.ok("dedupe", "--format", "json")
    assert len(json.loads(piped.stdout)) == 1
    assert "comparing" not in piped.stderr


def test_import_and_export_show_their_progress_on_a_terminal(harmtrack, tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("date,city,killed\n" + "".join(f"2024-10-{day:02d},Sumy,{day}\n" for day in range(1, 29)))
    db = str(harmtrack.db_path)
    code, shown, _ = run_on_pty(["--db", db, "import", str(source)], 80, stderr_on_terminal=True)
    assert code == 0 and "importing in.csv" in shown.decode("utf-8")
    code, shown, _ = run_on_pty(["--db", db, "export", "--format", "json"], 80, stderr_on_terminal=True)
    assert code == 0 and "exporting" in shown.decode("utf-8")
    piped = harmtrack.ok("export")
    assert "exporting" not in piped.stderr and len(piped.stdout.splitlines()) == 29

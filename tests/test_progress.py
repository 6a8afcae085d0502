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

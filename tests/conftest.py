"""Shared test helpers: every command runs through typer's CliRunner against a
real SQLite file in a tmp_path, never a mock."""

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from harmtrack.cli.app import app


class Harmtrack:
    """Runs harmtrack commands against one database file."""

    def __init__(self, db_path: Path):
        self.db_path = db_path
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, env: dict | None = None):
        return self.runner.invoke(app, ["--db", str(self.db_path), *args], input=input, env=env)

    def ok(self, *args: str, input: str | None = None):
        result = self(*args, input=input)
        assert result.exit_code == 0, f"exit {result.exit_code}: {result.stderr}{result.exception!r}"
        return result

    def dump(self) -> list[str]:
        """Every row of every table, to prove a refused command changed nothing."""
        if not self.db_path.exists():
            return []
        with sqlite3.connect(self.db_path) as conn:
            return list(conn.iterdump())


@pytest.fixture
def harmtrack(tmp_path) -> Harmtrack:
    return Harmtrack(tmp_path / "harmtrack.db")


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    """No test reads the developer's HARMTRACK_DB or writes in the checkout."""
    monkeypatch.delenv("HARMTRACK_DB", raising=False)
    monkeypatch.setenv("HARMTRACK_USER", "tester")
    monkeypatch.setenv("HARMTRACK_CONFIG", str(tmp_path / "no-config.toml"))  # never the developer's own
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.chdir(tmp_path)

"""Without the postgres extra, a postgresql:// database is one line saying how to install it."""

import sys

from typer.testing import CliRunner

from harmtrack.cli.app import app


def test_a_url_without_psycopg_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if not installed: importing it fails
    result = CliRunner().invoke(app, ["--db", "postgresql://ana:secret@127.0.0.1:9/casework", "list"])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "harmtrack: error: --db postgresql://ana:***@127.0.0.1:9/casework needs PostgreSQL support: "
        "pip install 'harmtrack[postgres]'"
    )


def test_a_password_given_as_a_url_option_is_not_shown():
    from harmtrack.store.pg_files import shown

    assert shown("postgresql://u@db:5432/x?sslmode=require&password=s3cret") == (
        "postgresql://u@db:5432/x?sslmode=require&password=***"
    )
    assert shown("postgresql://u:s3c@ret@db/x") == "postgresql://u:***@db/x"

"""The man page is written from the commands: every command and option is in it, and troff reads it cleanly."""

import re
import shutil
import subprocess

import pytest
import typer
from typer._click.core import Context

from harmtrack.cli.app import app
from harmtrack.manual import page

MACROS = {".TH", ".SH", ".SS", ".PP", ".TP", ".B"}


def commands(group, path=()):
    for name in group.list_commands(Context(group)):
        command = group.get_command(Context(group), name)
        if hasattr(command, "list_commands"):
            if command.invoke_without_command:
                yield (*path, name), command
            yield from commands(command, (*path, name))
        else:
            yield (*path, name), command


def test_every_command_and_option_is_in_the_page():
    root = typer.main.get_command(app)
    text = page(root)
    listed = list(commands(root))
    paths = [path for path, _ in listed]
    assert ("report", "city") in paths and ("man",) in paths and ("import",) in paths
    for path, command in listed:
        assert ".SS harmtrack " + " ".join(path).replace("-", r"\-") + "\n" in text
        for param in command.params:
            for opt in getattr(param, "opts", ()):
                if opt.startswith("-") and not param.hidden:
                    assert r"\fB" + opt.replace("-", r"\-") + r"\fR" in text, (path, opt)
    assert "HARMTRACK_DB" in text and ".SH EXIT STATUS" in text


def test_no_line_of_help_text_becomes_a_troff_request():
    text = page(typer.main.get_command(app))
    for line in text.splitlines():
        if line.startswith((".", "'")):
            assert line.split(" ", 1)[0] in MACROS, line
    body = text.split("\n", 1)[1]  # after .TH, whose date has hyphens
    assert not re.search(r"(?<!\\)-", body), "an unescaped hyphen"


@pytest.mark.skipif(shutil.which("groff") is None, reason="groff is not installed, so troff cannot be run on the page")
def test_groff_formats_the_page_without_a_warning(harmtrack):
    source = harmtrack.ok("man").stdout
    result = subprocess.run(
        ["groff", "-man", "-Tutf8", "-ww", "-rLL=78n"], input=source, capture_output=True, text=True, check=True
    )
    assert result.stderr == ""
    shown = re.sub(".\b", "", result.stdout)  # bold and underline are overstruck
    assert "harmtrack report city" in shown and "EXIT STATUS" in shown


def test_man_writes_the_page_to_a_file_and_never_over_a_database(harmtrack, tmp_path):
    target = tmp_path / "harmtrack.1"
    harmtrack.ok("man", "--output", str(target))
    assert target.read_text(encoding="utf-8").startswith(".TH HARMTRACK 1 ")
    harmtrack.ok("add", "--date", "2024-10-30", "--city", "Sumy")
    refused = harmtrack("man", "--output", str(harmtrack.db_path))
    assert refused.exit_code == 2 and "SQLite database" in refused.stderr

"""The command line: a Typer app per command group, joined in app.py."""

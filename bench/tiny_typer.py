"""The smallest typer app: one command that prints a line. The start-up floor
that typer itself sets, for comparison with `harmtrack --version`.

    python bench/tiny_typer.py
"""

import typer

app = typer.Typer(add_completion=False)


@app.command()
def main() -> None:
    print("tiny 0.0")


if __name__ == "__main__":
    app()

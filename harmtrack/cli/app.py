"""The root of the command line: global options, command groups, and the one
place where errors become a single line on stderr."""

import errno
import io
import os
import re
import sqlite3
import sys
from typing import Annotated

import typer
from typer.core import TyperGroup

from harmtrack import __version__
from harmtrack.cli import backup as backup_command
from harmtrack.cli import coercion
from harmtrack.cli import config as config_command
from harmtrack.cli import dedupe as dedupe_commands
from harmtrack.cli import demo as demo_command
from harmtrack.cli import extract as extract_command
from harmtrack.cli import incidents as incident_commands
from harmtrack.cli import manual as manual_command
from harmtrack.cli import places as places_commands
from harmtrack.cli import publish as publish_commands
from harmtrack.cli import report as report_commands
from harmtrack.cli import team as team_commands
from harmtrack.cli import transfer as transfer_commands
from harmtrack.cli import vocab as vocab_commands
from harmtrack.cli.common import State
from harmtrack.errors import HarmtrackError

_click = typer._click


class HarmtrackGroup(TyperGroup):
    """Runs a command and turns every failure into one line and an exit code:
    1 for bad data or a failed operation, 2 for bad usage, never a traceback."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        args = global_options_first(list(sys.argv[1:] if args is None else args))
        if not args:
            # No arguments: the help, and success (clig.dev: show help when run with nothing).
            args = ["--help"]
        try:
            result = super().main(
                args=args, prog_name=prog_name or "harmtrack", complete_var=complete_var, standalone_mode=False, **extra
            )
        except _click.exceptions.ClickException as error:
            _fail(_usage_message(error), error.exit_code)
        except typer.Abort as abort:
            if isinstance(abort.__context__, KeyboardInterrupt):
                _fail("interrupted: the change in progress was not stored; nothing else changed", 130)
            _fail("aborted", 1)
        except HarmtrackError as error:
            _fail(str(error), error.exit_code)
        except sqlite3.IntegrityError as error:
            _fail(f"the database refused the change: {error}", 1)
        except sqlite3.OperationalError as error:
            _fail(f"database error: {error}", 1)
        except KeyboardInterrupt:
            _fail("interrupted: the change in progress was not stored; nothing else changed", 130)
        except OSError as error:
            # A closed pipe (`harmtrack export | head`) never gets here: typer
            # silences stdout and exits 1 itself, as click does.
            _fail(f"{error.strerror or error}: {error.filename or ''}".rstrip(": "), 1)
        except Exception as error:  # the last guard: a bug must not show a traceback
            if os.environ.get("HARMTRACK_DEBUG"):
                raise
            _fail(f"internal error ({type(error).__name__}: {error}); HARMTRACK_DEBUG=1 shows details", 1)
        sys.exit(result if isinstance(result, int) else 0)


GLOBAL_OPTIONS = ("--db",)


def global_options_first(args: list[str]) -> list[str]:
    """Global options may come after the command (`harmtrack report city --db
    x.db`): they are moved before it, where the root command reads them.
    Nothing after `--` moves."""
    front: list[str] = []
    rest: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--":
            rest.extend(args[index:])
            break
        name = arg.split("=", 1)[0]
        if name in GLOBAL_OPTIONS and rest:
            if "=" in arg:
                front.append(arg)
            else:
                front.extend(args[index : index + 2])
                index += 1
        else:
            rest.append(arg)
        index += 1
    return front + rest


def _readable_type(self, ctx) -> str | None:
    """Help shows what to type (TEXT, INTEGER, PATH, [a|b|c]), not Python
    types (<list[str]>, <bool>); a flag shows nothing."""
    from typing import get_args

    desc = self.type_descriptor
    annotation = desc.annotation
    if annotation is bool:
        return None
    if desc.is_choice:
        return "[" + "|".join(str(getattr(choice, "value", choice)) for choice in desc.choices or ()) + "]"
    if desc.is_path:
        return "PATH"
    if desc.is_list:
        annotation = (get_args(annotation) or (str,))[0]
    return {int: "INTEGER", float: "NUMBER"}.get(annotation, "TEXT")


# typer builds its parameter classes itself; this is the one place to change how they show.
typer.core.TyperOption.display_type = _readable_type  # type: ignore[method-assign,assignment]
typer.core.TyperArgument.display_type = _readable_type  # type: ignore[method-assign,assignment]
coercion.install()


def _usage_message(error) -> str:
    text = error.format_message()
    ctx = getattr(error, "ctx", None)
    if isinstance(error, _click.exceptions.UsageError) and ctx is not None:
        return f"{text} (see '{ctx.command_path} --help')"
    return text


_WHITESPACE = re.compile(r"[ \t\n]+")


def _fail(text: str, code: int):
    """The one error line. Runs of spaces, tabs and line breaks (click wraps
    some messages) become one space; the text may quote a value from a file,
    so every other control or invisible character is made `visible`."""
    from harmtrack.render import visible

    try:
        print(f"harmtrack: error: {visible(_WHITESPACE.sub(' ', text).strip())}", file=sys.stderr)
        sys.stderr.flush()
    except OSError:
        pass
    sys.exit(code)


app = typer.Typer(
    cls=HarmtrackGroup,
    help="Record incidents of civilian harm in war and report totals by city and weapon.",
    no_args_is_help=False,
    pretty_exceptions_enable=False,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool):
    if value:
        print(f"harmtrack {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="PATH|URL",
            help="The SQLite database file, or a PostgreSQL database as postgresql://user@host:port/dbname. "
            "Else HARMTRACK_DB, else the config file (harmtrack config), else ./harmtrack.db.",
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
):
    from harmtrack import config

    ctx.obj = State.of(config.database(db, from_option=db is not None).value)


incident_commands.register(app)
transfer_commands.register(app)
app.add_typer(vocab_commands.app, name="vocab")
app.add_typer(places_commands.app, name="places")
app.add_typer(report_commands.app, name="report")
demo_command.register(app)
backup_command.register(app)
extract_command.register(app)
dedupe_commands.register(app)
config_command.register(app)
publish_commands.register(app)
team_commands.register(app)
manual_command.register(app)


class _ClosedOutput(io.TextIOBase):
    """Standard output when the process was started without one: writing data
    fails with a clear error instead of a crash."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")

    def isatty(self) -> bool:
        return False


def main():
    # A process started with a standard stream closed sees None for it.
    if sys.stdin is None:
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 - for the life of the process
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    if sys.stdout is None:
        sys.stdout = _ClosedOutput()
    # Bytes that are not UTF-8 in an argument reach Python as lone surrogates.
    for argument in sys.argv[1:]:
        if any("\ud800" <= char <= "\udfff" for char in argument):
            shown = argument.encode("utf-8", "backslashreplace").decode("utf-8")
            _fail(f"the argument '{shown}' is not UTF-8 text; re-type it or pass the file's name in UTF-8", 2)
    app(prog_name="harmtrack")

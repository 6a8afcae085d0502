"""The manual page, written from the commands themselves.

`harmtrack man` walks the command tree typer builds (every
command, its arguments and options, their help) and writes one man(7) page,
so the manual cannot fall behind the commands. What is not in the command
tree (environment variables, files, exit statuses) is stated here once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from typer._click.core import Command, Context, Parameter
from typer.core import TyperArgument, TyperGroup, TyperOption

from harmtrack import __version__

ENVIRONMENT = (
    ("HARMTRACK_DB", "The database when --db is not given (a path to a SQLite file)."),
    ("HARMTRACK_USER", "The author name recorded with every change when --by is not given."),
    ("HARMTRACK_CONFIG", "The configuration file to read instead of the one in the user's config folder."),
    ("HARMTRACK_DEBUG", "Set to 1 to see the traceback of an internal error."),
)
EXIT_STATUS = (
    ("0", "Success: what the command reports was done (and committed)."),
    ("1", "Bad data or a failed operation; nothing was changed."),
    ("2", "Bad usage: an unknown option, a missing argument, a value an option does not take."),
    ("130", "Interrupted (Ctrl-C); the message says what was kept."),
)


def page(root: TyperGroup, *, date: dt.date | None = None) -> str:
    """The man page of `root` and every command under it, as troff source."""
    date = date or dt.date.today()
    lines = [
        f'.TH HARMTRACK 1 "{date.isoformat()}" "harmtrack {__version__}" "User Commands"',
        ".SH NAME",
        r"harmtrack \- " + _escape(_first_line(root.help or "")),
        ".SH SYNOPSIS",
        r".B harmtrack",
        r"[\fB\-\-db\fR \fIPATH\fR] \fICOMMAND\fR [\fIOPTIONS\fR] [\fIARGUMENTS\fR]",
        ".SH DESCRIPTION",
        *_paragraphs(root.help or ""),
        ".PP",
        "Global options may come before or after the command.",
        ".SH GLOBAL OPTIONS",
        *_options(root),
        ".SH COMMANDS",
    ]
    for path, command in _commands(root, ()):
        lines += [".SS " + _escape(" ".join(("harmtrack", *path))), *_usage(path, command)]
        lines += _paragraphs(command.help or "")
        lines += _options(command)
    lines.append(".SH ENVIRONMENT")
    for name, meaning in ENVIRONMENT:
        lines += [".TP", rf"\fB{name}\fR", _escape(meaning)]
    lines += [
        ".SH FILES",
        ".TP",
        r"\fIconfig.toml\fR",
        "In the user's config folder (`harmtrack config` shows where): the default database and the author name. "
        "Precedence: option, environment, config file, default.",
        ".SH EXIT STATUS",
    ]
    for code, meaning in EXIT_STATUS:
        lines += [".TP", rf"\fB{code}\fR", _escape(meaning)]
    lines += [".SH SEE ALSO", r"\fBsqlite3\fR(1), \fBsqlite\-utils\fR(1), \fBdatasette\fR(1)"]
    return "\n".join(lines) + "\n"


def _commands(group: TyperGroup, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Command]]:
    """Every visible command under `group`, depth first, in the order help lists them."""
    context = Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        if command is None or command.hidden:
            continue
        if isinstance(command, TyperGroup):
            if command.invoke_without_command:  # `harmtrack places` runs on its own too
                yield (*path, name), command
            yield from _commands(command, (*path, name))
        else:
            yield (*path, name), command


def _usage(path: tuple[str, ...], command: Command) -> list[str]:
    arguments = [
        f"[{_metavar(param)}]" if not param.required else _metavar(param)
        for param in command.params
        if isinstance(param, TyperArgument)
    ]
    return [".PP", r"\fBharmtrack " + _escape(" ".join(path)) + r"\fR " + _escape(" ".join(["[OPTIONS]", *arguments]))]


def _options(command: Command) -> list[str]:
    lines: list[str] = []
    for param in command.params:
        if not isinstance(param, TyperOption) or param.hidden:
            continue
        names = ", ".join(_bold(opt) for opt in (*param.opts, *param.secondary_opts))
        metavar = _metavar(param)
        value = r" \fI" + _escape(metavar) + r"\fR" if metavar else ""
        lines += [".TP", names + value, _escape(_first_paragraph(param.help or ""))]
    return lines


def _metavar(param: Parameter) -> str:
    """What to type, as help shows it (see cli.app._readable_type)."""
    if param.metavar:
        return param.metavar
    if isinstance(param, TyperArgument):
        return (param.name or "value").upper()
    return param.display_type(None) or ""  # type: ignore[attr-defined]


def _bold(option: str) -> str:
    return r"\fB" + _escape(option) + r"\fR"


def _paragraphs(text: str) -> list[str]:
    lines: list[str] = []
    for paragraph in _split_paragraphs(text):
        lines += [".PP", _escape(paragraph)]
    return lines


def _split_paragraphs(text: str) -> list[str]:
    # \b marks a paragraph click must not rewrap; the man page rewraps everything.
    blocks = text.replace("\b", "").split("\n\n")
    return [" ".join(block.split()) for block in blocks if block.strip()]


def _first_paragraph(text: str) -> str:
    paragraphs = _split_paragraphs(text)
    return paragraphs[0] if paragraphs else ""


def _first_line(text: str) -> str:
    return _first_paragraph(text).split(". ")[0].rstrip(".")


def _escape(text: str) -> str:
    """Text as troff shows it literally: backslashes and hyphens escaped, and
    no line starting with a control character ('.' or an apostrophe)."""
    escaped = text.replace("\\", r"\e").replace("-", r"\-")
    return "\n".join(r"\&" + line if line.startswith((".", "'")) else line for line in escaped.split("\n"))

"""vocab: the weapon families, delivery classes and site kinds, and their aliases."""

from enum import StrEnum
from typing import Annotated

import typer

from harmtrack.cli.common import FormatOption, database, message
from harmtrack.errors import UsageError

app = typer.Typer(
    help="List weapon families, delivery classes and site kinds with their aliases; add aliases or entries.",
    invoke_without_command=True,
    no_args_is_help=False,
)


class Kind(StrEnum):
    weapon = "weapon"
    site = "site"


@app.callback()
def show(ctx: typer.Context, fmt: FormatOption = None):
    """List the vocabularies (when no subcommand is given)."""
    if ctx.invoked_subcommand is not None:
        return
    from harmtrack import vocab
    from harmtrack.render import resolve_format, write_rows

    with database(ctx, create=False) as store:
        vocabularies = vocab.load(store)
    rows = [
        ("weapon", code, vocabularies.weapon_classes[code], "; ".join(vocabularies.weapons.aliases[code]))
        for code in vocabularies.weapons.codes
    ]
    rows += [
        ("site", code, "", "; ".join(vocabularies.site_kinds.aliases[code])) for code in vocabularies.site_kinds.codes
    ]
    write_rows(
        ("vocabulary", "code", "class", "aliases"), rows, resolve_format(fmt), wrap=("aliases",), grow=("aliases",)
    )


@app.command("alias")
def add_alias(
    ctx: typer.Context,
    kind: Annotated[Kind, typer.Argument(help="weapon or site")],
    alias: Annotated[str, typer.Argument(help="The new alias, e.g. 'Geran-3'.")],
    code: Annotated[str, typer.Argument(help="The code it stands for, e.g. loitering-munition.")],
):
    """Add an alias: harmtrack vocab alias weapon Geran-3 loitering-munition."""
    from harmtrack import vocab

    with database(ctx, create=True) as store, store.write():
        vocabulary = _vocabulary(vocab.load(store), kind)
        target = vocabulary.resolve(code)
        if target is None or target != code.strip():
            raise UsageError(f"'{code}' is not a {vocabulary.name} code; {vocabulary.closest(code)}")
        existing = vocabulary.resolve(alias)
        if existing is not None:
            raise UsageError(f"'{alias}' already stands for {existing}")
        table = "weapon_aliases" if kind is Kind.weapon else "site_kind_aliases"
        store.add_vocabulary(table, [(" ".join(alias.split()), target)])
    message(f"'{alias}' now stands for {target}")


@app.command("add")
def add_entry(
    ctx: typer.Context,
    kind: Annotated[Kind, typer.Argument(help="weapon or site")],
    code: Annotated[str, typer.Argument(help="The new code: lower case letters, digits and hyphens.")],
    label: Annotated[str, typer.Option(help="A short description.")] = "",
    delivery_class: Annotated[
        str | None, typer.Option("--class", help="For a weapon: its delivery class, e.g. missile.")
    ] = None,
):
    """Add a weapon family or site kind."""
    import re

    from harmtrack import vocab

    if not re.fullmatch(r"[a-z][a-z0-9-]*", code):
        raise UsageError(f"'{code}' is not a valid code: use lower case letters, digits and hyphens")
    with database(ctx, create=True) as store, store.write():
        vocabulary = _vocabulary(vocab.load(store), kind)
        if vocabulary.resolve(code) is not None:
            raise UsageError(f"'{code}' already exists as {vocabulary.resolve(code)}")
        if kind is Kind.weapon:
            classes = [class_code for class_code, _ in store.vocabulary().delivery_classes]
            if delivery_class is None:
                raise UsageError(f"a weapon needs --class, one of {', '.join(classes)}")
            if delivery_class not in classes:
                raise UsageError(f"--class '{delivery_class}' is not one of {', '.join(classes)}")
            store.add_vocabulary("weapons", [(code, delivery_class, label or code)])
        else:
            store.add_vocabulary("site_kinds", [(code, label or code)])
    message(f"added {vocabulary.name} {code}")


def _vocabulary(vocabularies, kind: Kind):
    return vocabularies.weapons if kind is Kind.weapon else vocabularies.site_kinds

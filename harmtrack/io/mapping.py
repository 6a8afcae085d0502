"""Mapping files: another monitor's export, read through a TOML table of its columns.

`harmtrack import FILE --map MAPPING` reads FILE with a mapping: a TOML file,
or the name of one that ships in harmtrack/io/mappings/. The mapping says

    format = "csv"                    # csv | json | jsonl
    records = "events"                # json: where the list of records is (default: the top level)
    date_order = "monthfirst"         # how the export writes numeric dates; a flag overrides it
    on_conflict = "update"            # what a stored uid means (default skip; --on-conflict overrides)
    about = "..."                     # one line for `import --list-maps`
    [columns]                         # harmtrack field = source column, JSON path, or {template}
    uid = "cir:{entry}/{date}"        # hashed into a stable UUID
    description = "{title}. {brief description}"
    sources = ["link", "geolocation"] # a list field: items from several columns
    weapon = 'filters[key="Weapon System"].value'
    [values.weapon]                   # source value = harmtrack value
    "HE rocket artillery" = "mlrs"
    [defaults]                        # for an empty or unmapped source value
    weapon = "unknown"
    [constants]                       # the same value on every row
    country = "Ukraine"
    [keep]                            # only rows whose column matches one of these glob patterns
    event_group = ["Civilian Casualty*"]

The reader is one more `Reader`: it yields rows with the canonical field
names and values as written (the date as text, for the import's one date
order; lists as lists), so every rule of import holds.

- A column spec without braces names a CSV column (case aside) or, for JSON,
  a path: `a.b`, `a[0]`, `a[]` (every item), `a[key="Weapon System"]` (the
  items whose `key` is that). A spec with braces is a template: each
  `{placeholder}` is a column or path, `{{` and `}}` are braces. An empty
  placeholder takes with it the separator before it and the brackets around
  it ("{name} ({type}). {damage}" without a damage is "Name (Type)"); a
  template whose placeholders are all empty is empty.
- Value maps compare values case- and space-insensitively. A value the map
  does not know is taken as it is when the field accepts it (a weapon alias of
  the vocabulary, a site kind, a status); otherwise it is the field's default
  with a warning, or, without one, the row's error, naming the value and the
  mapping: nothing lands as `unknown` silently. A value mapped to "" is empty
  (a list item mapped to "" is left out).
- uid: a column holding a UUID is taken as it is; any other value, and every
  template, is hashed: uuid5(MAPPED_NAMESPACE, text), the same on every
  import. A template with an empty placeholder gives no uid (a warning; the
  import derives one from the row's content). Start the template with the
  dataset's name (`"cir:{entry}"`): two datasets may use the same ids.
- Places: "Харків / Kharkiv" is tried part by part and the first the
  gazetteer knows is kept (else the text, as typed); a row with coordinates
  but no city gets the nearest settlement (places.nearest_settlement), noted
  in its description and counted; a city the gazetteer places in another
  region than the one given, whose coordinates lie on a settlement of that
  name, takes that settlement's region, with a warning and a note.

A CSV's rejects file has its own columns; a JSON record's rejects row has the
canonical columns with the values as mapped (the source value where a field
could not be mapped), so a fixed rejects file imports as canonical CSV.
"""

from __future__ import annotations

import fnmatch
import json
import re
import tomllib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harmtrack import dates, model, places
from harmtrack.errors import FieldError, HarmtrackError, UsageError
from harmtrack.io.base import CsvRows, Reader, Row, Source, text_lines, without_surrogates
from harmtrack.io.formats import Conflict, ImportFormat
from harmtrack.io.readers import json_lines_items, json_list_items, lone_surrogate_in

if TYPE_CHECKING:
    from harmtrack.vocab import Vocabularies

# uuid5(NAMESPACE_URL, "https://harmtrack/#mapped-uid"): a mapped row's uid is uuid5(this, the uid text).
# Fixed forever: the uids of every dataset imported with a mapping depend on it.
MAPPED_NAMESPACE = uuid.UUID("02278304-c7c6-5c61-8715-fbdd8f4a4d7a")
SHIPPED = "mappings"  # the folder of harmtrack.io that holds the shipped mappings
FORMATS = (ImportFormat.csv, ImportFormat.json, ImportFormat.jsonl)
LIST_FIELDS = model.LIST_FIELDS
NUMERIC_FIELDS = ("latitude", "longitude", *model.COUNT_FIELDS)
# Fields whose values come from a closed set: an unmapped value is checked against it.
CODED_FIELDS = ("weapon", "damaged", "status", "date_precision")
TOP_KEYS = (
    "about",
    "format",
    "records",
    "date_order",
    "on_conflict",
    "columns",
    "values",
    "defaults",
    "constants",
    "keep",
)
DATE_ORDERS = {"dayfirst": True, "monthfirst": False}


# --------------------------------------------------------------------------- specs


@dataclass(frozen=True)
class Ref:
    """A CSV column (its name in lower case) or a JSON path."""

    text: str
    steps: tuple[tuple[str, Any], ...] = ()  # a JSON path's steps; empty for a CSV column


@dataclass(frozen=True)
class Template:
    """Literal text and references: ("text", Ref, "text", Ref, ..., "text"), always odd in length."""

    text: str
    parts: tuple[str | Ref, ...]

    @property
    def refs(self) -> tuple[Ref, ...]:
        return tuple(part for part in self.parts if isinstance(part, Ref))


Spec = Ref | Template


@dataclass(frozen=True)
class MappingFile:
    """A parsed, checked mapping. `name` is how messages name it (the shipped name or the path)."""

    name: str
    format: ImportFormat
    columns: dict[str, tuple[Spec, ...]]  # field -> its specs (one, or several for a list field)
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> {value key: harmtrack value}
    defaults: dict[str, str] = field(default_factory=dict)
    constants: dict[str, object] = field(default_factory=dict)
    keep: tuple[tuple[Ref, tuple[str, ...]], ...] = ()
    records: Ref | None = None
    date_order: bool | None = None  # dayfirst
    on_conflict: Conflict | None = None
    about: str = ""
    value_keys: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> {value key: key as written}

    def refs(self) -> list[tuple[str, Ref]]:
        """(where the mapping names it, ref) for every column or path the mapping reads."""
        found = []
        for name, specs in self.columns.items():
            for spec in specs:
                for ref in spec.refs if isinstance(spec, Template) else (spec,):
                    found.append((f"[columns] {name}", ref))
        found += [(f"[keep] {ref.text}", ref) for ref, _ in self.keep]
        return found


def value_key(text: str) -> str:
    """How value maps compare values: case and runs of space aside."""
    return " ".join(text.split()).casefold()


# --------------------------------------------------------------------------- loading


def shipped_names() -> list[str]:
    folder = Path(__file__).resolve().parent / SHIPPED
    return sorted(entry.name[: -len(".toml")] for entry in folder.iterdir() if entry.name.endswith(".toml"))


def load(spec: str) -> MappingFile:
    """The mapping `spec` names: a TOML file, or a mapping that ships with harmtrack. Any problem with it is
    a UsageError (exit 2) naming the file, the key and what would be valid."""
    path = Path(spec)
    if path.is_file():
        try:
            data = path.read_bytes()
        except OSError as error:
            raise UsageError(f"--map: cannot read {spec}: {error.strerror}") from None
        return parse(data, spec)
    names = shipped_names()
    if spec in names:
        return parse((Path(__file__).resolve().parent / SHIPPED / f"{spec}.toml").read_bytes(), spec)
    raise UsageError(
        f"--map: no file {spec} and no mapping of that name ships with harmtrack; "
        f"the shipped mappings are: {', '.join(names)} (harmtrack import --list-maps)"
    )


def parse(data: bytes, name: str) -> MappingFile:
    try:
        table = tomllib.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise UsageError(f"mapping {name}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"mapping {name}: not valid TOML: {error}") from None
    return _Checker(name).mapping(table)


class _Checker:
    """Turns a TOML table into a MappingFile, or the one UsageError that says what is wrong where."""

    def __init__(self, name: str):
        self.name = name

    def fail(self, where: str, problem: str) -> UsageError:
        return UsageError(f"mapping {self.name}: {where}: {problem}")

    def mapping(self, table: dict[str, Any]) -> MappingFile:
        for key in table:
            if key not in TOP_KEYS:
                raise self.fail(
                    repr(key),
                    "not a key of a mapping; the keys are: about, format, records, date_order, on_conflict, "
                    "[columns], [values.FIELD], [defaults], [constants], [keep]",
                )
        if "format" not in table:
            raise self.fail("format", 'missing; say what the file is: format = "csv", "json" or "jsonl"')
        fmt_text = table["format"]
        if fmt_text not in [fmt.value for fmt in FORMATS]:
            raise self.fail("format", f'{fmt_text!r} is not csv, json or jsonl (format = "csv")')
        fmt = ImportFormat(fmt_text)
        about = table.get("about", "")
        if not isinstance(about, str):
            raise self.fail("about", "is one line of text saying what the mapping reads")
        records = None
        if "records" in table:
            if fmt is not ImportFormat.json:
                raise self.fail(
                    "records", 'says where the list of records is in a JSON document; only for format = "json"'
                )
            records = self.path("records", table["records"], fmt)
        date_order = None
        if "date_order" in table:
            if table["date_order"] not in DATE_ORDERS:
                raise self.fail("date_order", f'{table["date_order"]!r} is not "dayfirst" or "monthfirst"')
            date_order = DATE_ORDERS[table["date_order"]]
        on_conflict = None
        if "on_conflict" in table:
            if table["on_conflict"] not in [conflict.value for conflict in Conflict]:
                raise self.fail("on_conflict", f'{table["on_conflict"]!r} is not "skip", "update" or "error"')
            on_conflict = Conflict(table["on_conflict"])
        columns = self.columns(self.table(table, "columns"), fmt)
        constants = self.constants(self.table(table, "constants"), columns)
        if "date" not in columns and "date" not in constants:
            raise self.fail("[columns]", 'no date: every incident needs one (date = "the date column")')
        values, value_keys = self.values(self.table(table, "values"))
        defaults = self.defaults(self.table(table, "defaults"))
        keep = self.keep(self.table(table, "keep"), fmt)
        return MappingFile(
            name=self.name,
            format=fmt,
            columns=columns,
            values=values,
            defaults=defaults,
            constants=constants,
            keep=keep,
            records=records,
            date_order=date_order,
            on_conflict=on_conflict,
            about=about,
            value_keys=value_keys,
        )

    def table(self, table: dict[str, Any], key: str) -> dict[str, Any]:
        found = table.get(key, {})
        if not isinstance(found, dict):
            raise self.fail(key, f"is a table: [{key}] on a line of its own, then its entries")
        return found

    def known_field(self, where: str, name: str) -> None:
        if name not in model.FIELDS:
            raise self.fail(f"{where} {name}", f"not a harmtrack field; the fields are: {', '.join(model.FIELDS)}")

    def columns(self, table: dict[str, Any], fmt: ImportFormat) -> dict[str, tuple[Spec, ...]]:
        columns: dict[str, tuple[Spec, ...]] = {}
        for name, value in table.items():
            self.known_field("[columns]", name)
            where = f"[columns] {name}"
            if isinstance(value, list) and name in LIST_FIELDS:
                if not value or not all(isinstance(item, str) for item in value):
                    raise self.fail(where, 'a list of columns, paths or templates: ["link", "geolocation"]')
                columns[name] = tuple(self.spec(where, item, fmt) for item in value)
            elif isinstance(value, str):
                columns[name] = (self.spec(where, value, fmt),)
            else:
                lists = " (or, for a list field, a list of them)" if name in LIST_FIELDS else ""
                raise self.fail(
                    where,
                    f"{value!r} is not a column, path or {{template}}{lists}; "
                    f'write {name} = "column name", or put a fixed value in [constants]',
                )
        return columns

    def spec(self, where: str, text: str, fmt: ImportFormat) -> Spec:
        if not text.strip():
            raise self.fail(where, "is empty; name a column, a path or a {template}")
        if "{" in text or "}" in text:
            return self.template(where, text, fmt)
        return self.ref(where, text, fmt)

    def ref(self, where: str, text: str, fmt: ImportFormat) -> Ref:
        if fmt is ImportFormat.csv:
            return Ref(text.strip().lower())
        return self.path(where, text, fmt)

    def path(self, where: str, text: object, fmt: ImportFormat) -> Ref:
        if not isinstance(text, str) or not text.strip():
            raise self.fail(where, 'is a JSON path, such as "events" or "data.items"')
        try:
            return Ref(text.strip(), parse_path(text.strip()))
        except ValueError as error:
            raise self.fail(where, f"{text!r} is not a JSON path: {error}") from None

    def template(self, where: str, text: str, fmt: ImportFormat) -> Template:
        parts: list[str | Ref] = []
        literal: list[str] = []
        position = 0
        while position < len(text):
            char = text[position]
            if text.startswith("{{", position) or text.startswith("}}", position):
                literal.append(char)
                position += 2
            elif char == "{":
                end = text.find("}", position)
                if end < 0:
                    raise self.fail(where, f"{text!r}: a {{ without its }} (write {{{{ for a brace)")
                inner = text[position + 1 : end]
                if not inner.strip():
                    raise self.fail(where, f"{text!r}: an empty {{}}; name a column or path inside the braces")
                parts += ["".join(literal), self.ref(where, inner, fmt)]
                literal = []
                position = end + 1
            elif char == "}":
                raise self.fail(where, f"{text!r}: a }} without its {{ (write }}}} for a brace)")
            else:
                literal.append(char)
                position += 1
        parts.append("".join(literal))
        return Template(text, tuple(parts))

    def constants(self, table: dict[str, Any], columns: dict[str, tuple[Spec, ...]]) -> dict[str, object]:
        constants: dict[str, object] = {}
        for name, value in table.items():
            self.known_field("[constants]", name)
            where = f"[constants] {name}"
            if name in columns:
                raise self.fail(where, "is also in [columns]; a field comes from the file or is constant, not both")
            if name == "uid":
                raise self.fail(where, "would give every row the same uid; map uid in [columns]")
            if name in LIST_FIELDS:
                if isinstance(value, str):
                    value = [value]
                if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                    raise self.fail(where, 'is a list of text: ["item", ...]')
            elif isinstance(value, bool) or not isinstance(value, str | int | float):
                raise self.fail(where, f"{value!r} is not text or a number")
            constants[name] = value
        return constants

    def values(self, table: dict[str, Any]) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
        values: dict[str, dict[str, str]] = {}
        keys: dict[str, dict[str, str]] = {}
        for name, entries in table.items():
            self.known_field("[values]", name)
            where = f"[values.{name}]"
            if not isinstance(entries, dict):
                raise self.fail(where, 'is a table of source value = harmtrack value: "HE rocket artillery" = "mlrs"')
            mapped: dict[str, str] = {}
            written: dict[str, str] = {}
            for source, target in entries.items():
                if not isinstance(target, str):
                    raise self.fail(f"{where} {source!r}", f'{target!r} is not text; write "{source}" = "value"')
                key = value_key(source)
                if key in mapped:
                    raise self.fail(
                        f"{where} {source!r}", f"the same value as {written[key]!r} (case and spaces aside)"
                    )
                mapped[key], written[key] = target.strip(), source
            values[name], keys[name] = mapped, written
        return values, keys

    def defaults(self, table: dict[str, Any]) -> dict[str, str]:
        defaults: dict[str, str] = {}
        for name, value in table.items():
            self.known_field("[defaults]", name)
            if name == "uid":
                raise self.fail(
                    "[defaults] uid", "would give rows the same uid; a row without one gets one from its content"
                )
            if not isinstance(value, str | int | float) or isinstance(value, bool):
                raise self.fail(f"[defaults] {name}", f"{value!r} is not text or a number")
            defaults[name] = str(value)
        return defaults

    def keep(self, table: dict[str, Any], fmt: ImportFormat) -> tuple[tuple[Ref, tuple[str, ...]], ...]:
        keep = []
        for column, patterns in table.items():
            where = f"[keep] {column}"
            if isinstance(patterns, str):
                patterns = [patterns]
            if not isinstance(patterns, list) or not patterns or not all(isinstance(p, str) for p in patterns):
                raise self.fail(where, 'is a list of glob patterns: ["Civilian*", "Bombing or Explosion*"]')
            keep.append((self.ref(where, column, fmt), tuple(pattern.casefold() for pattern in patterns)))
        return tuple(keep)


_PATH_NAME = re.compile(r'"((?:[^"\\]|\\.)*)"|([^.\[\]"]+)')
_PATH_SELECTOR = re.compile(
    r'\[\s*(?:(\*?)|(-?\d+)|([^\]=\s]+|"(?:[^"\\]|\\.)*")\s*=\s*("(?:[^"\\]|\\.)*"|[^\]]*?))\s*\]'
)


def parse_path(text: str) -> tuple[tuple[str, Any], ...]:
    """The steps of a JSON path: ("key", name), ("each", None), ("index", n), ("where", (key, value)).

    `a.b` keys, `"a.b"` a key with a dot, `[]` or `[*]` every item of a list, `[2]` one item (from the
    end when negative), `[key="value"]` the items (objects) whose key is that value."""
    steps: list[tuple[str, Any]] = []
    position = 0
    expect_name = True
    while position < len(text):
        if text[position] == "[":
            match = _PATH_SELECTOR.match(text, position)
            if match is None:
                raise ValueError(f"'[' at character {position + 1} is not [], [*], [N] or [key=\"value\"]")
            star, index, key, value = match.groups()
            if index is not None:
                steps.append(("index", int(index)))
            elif key is not None:
                steps.append(("where", (_unquote(key), _unquote(value.strip()))))
            else:
                steps.append(("each", star))
            position = match.end()
            expect_name = False
        elif text[position] == ".":
            if expect_name:
                raise ValueError(f"a name is missing before the '.' at character {position + 1}")
            position += 1
            expect_name = True
            if position == len(text):
                raise ValueError("a name is missing after the last '.'")
        else:
            if not expect_name:
                raise ValueError(f"a '.' is missing before character {position + 1}")
            match = _PATH_NAME.match(text, position)
            if match is None:
                raise ValueError(f"unexpected {text[position]!r} at character {position + 1}")
            steps.append(("key", _unquote(match.group(0)) if match.group(1) is not None else match.group(2).strip()))
            position = match.end()
            expect_name = False
    if not steps:
        raise ValueError("it is empty")
    return tuple(steps)


def _unquote(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return json.loads(text)
    return text


def follow(steps: tuple[tuple[str, Any], ...], item: object) -> list[object]:
    """The values a path finds in a JSON item (empty when it finds nothing)."""
    current = [item]
    for kind, argument in steps:
        found: list[object] = []
        for value in current:
            if kind == "key":
                if isinstance(value, dict) and argument in value:
                    found.append(value[argument])
            elif kind == "index":
                if isinstance(value, list) and -len(value) <= argument < len(value):
                    found.append(value[argument])
            elif isinstance(value, list):
                if kind == "each":
                    found.extend(value)
                else:
                    key, wanted = argument
                    found.extend(part for part in value if isinstance(part, dict) and _text_of(part.get(key)) == wanted)
        current = found
    return [value for value in current if value is not None]


def _text_of(value: object) -> str:
    """A JSON scalar as text: strings as they are, numbers as JSON writes them, true/false; lists and
    objects as their JSON."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False)


# --------------------------------------------------------------------------- rendering


_CLOSERS = ")]}»›\"'”’"
_OPENERS = "([{«‹\"'“‘"


def _split_literal(text: str) -> tuple[str, str, str]:
    """(closing, separator, opening) of the text between two placeholders: the brackets and quotes that
    close the value before it, the separator, and those that open the value after it ("). " is ")", ". ",
    "" and " (" is "", " ", "(")."""
    close = len(text) - len(text.lstrip(_CLOSERS))
    rest = text[close:]
    open_ = len(rest) - len(rest.rstrip(_OPENERS))
    return text[:close], rest[: len(rest) - open_], rest[len(rest) - open_ :]


def render(template: Template, lookup) -> str:
    """The template with each reference replaced by `lookup(ref)` (text).

    An empty value takes with it the brackets around it and the separator before it ("{a} ({b})" with b
    empty is "A"; "{title}. {brief}" with title empty is "Brief"); the text before the first placeholder and
    after the last stays while any value is there; all empty gives ""."""
    parts = template.parts
    if len(parts) == 1:
        return str(parts[0])
    values = [lookup(parts[index]) for index in range(1, len(parts), 2)]
    if not any(values):
        return ""
    literals = [str(parts[index]) for index in range(0, len(parts), 2)]  # one more than the values
    prefix = literals[0].rstrip(_OPENERS)
    first_open = literals[0][len(prefix) :]
    suffix = literals[-1].lstrip(_CLOSERS)
    last_close = literals[-1][: len(literals[-1]) - len(suffix)]
    # (what closes the value before, the separator, what opens the value after) between two values
    between = [("", "", first_open), *(_split_literal(text) for text in literals[1:-1]), (last_close, "", "")]
    out = [prefix]
    previous = False
    for index, value in enumerate(values):
        if not value:
            continue
        if previous:
            out.append(between[index][1])
        out += [between[index][2], value, between[index + 1][0]]
        previous = True
    out.append(suffix)
    return "".join(out)


# --------------------------------------------------------------------------- the reader


class _Unmapped(Exception):
    def __init__(self, problem: str, source: str):
        self.problem = problem
        self.source = source  # the value as the mapping read it, for the rejects file
        super().__init__(problem)


@dataclass
class Traced:
    """One step of mapping a row, for --explain: where the value came from, what it was, what it became."""

    source: str
    value: str
    field: str
    mapped: object
    note: str = ""


class MappedReader(Reader):
    """A file read through a mapping; see the module docstring."""

    format = ImportFormat.csv  # each instance says its own, with the mapping's name
    left_out_note = "of the file's rows left out by the mapping's [keep]"

    def __init__(self, source: Source, encoding: str, mapping: MappingFile):
        super().__init__(source)
        self.mapping = mapping
        # base.Reader declares these per class, for the fixed adapters; a mapping's differ per mapping.
        self.format = f"{mapping.format.value} (mapping {mapping.name})"  # type: ignore[misc,assignment]
        self.column_of = {  # type: ignore[misc]
            name: ", ".join(spec.text for spec in specs) for name, specs in mapping.columns.items()
        }
        self.derived = 0  # rows whose city came from their coordinates alone
        self.undetermined = 0  # rows with coordinates, no city, and no settlement near enough to name one
        self.trace: list[Traced] | None = None  # when set (--explain), the last row's steps
        self.resolver = places.PlaceResolver()
        self._encoding = encoding
        if mapping.format is ImportFormat.csv:
            self.csv: CsvRows | None = CsvRows(source, encoding)
            missing = [(where, ref.text) for where, ref in mapping.refs() if ref.text not in self.csv.columns]
            if missing:
                where, column = missing[0]
                raise HarmtrackError(
                    f"{source.name}:1: no column {column!r}, which the mapping {mapping.name} reads for {where}; "
                    f"the file's columns are: {', '.join(self.csv.header)}"
                )
            self.columns = self.csv.header
        else:
            self.csv = None
            self.columns = model.FIELDS

    # ---------------------------------------------------------------- rows

    def rows(self, vocab: Vocabularies) -> Iterator[Row]:
        for _, row in self.mapped(vocab):
            if row is not None:
                yield row

    def mapped(self, vocab: Vocabularies) -> Iterator[tuple[str, Row | None]]:
        """(location, row) for each record; the row is None when [keep] leaves it out (counted in left_out)."""
        self.check_targets(vocab)
        if self.csv is not None:
            columns = self.csv.columns
            for line, cells, problem in self.csv:
                location = f"{self.source.name}:{line}"
                if problem:
                    self.trace = [] if self.trace is not None else None
                    yield location, Row(location, None, cells, problem)
                    continue
                record = dict(zip(columns, cells, strict=True))
                yield location, self.row(location, record, cells, vocab)
        else:
            for location, item, written in self.items():
                self.trace = [] if self.trace is not None else None
                if isinstance(item, _Broken):
                    yield location, Row(location, None, [item.line, *[""] * (len(model.FIELDS) - 1)], item.problem)
                    continue
                if not isinstance(item, dict):
                    cell = without_surrogates(_text_of(item))
                    yield location, Row(location, None, [cell, *[""] * (len(model.FIELDS) - 1)], "not a JSON object")
                    continue
                surrogate = lone_surrogate_in(item, written)
                if surrogate is not None:
                    yield location, Row(location, None, [""] * len(model.FIELDS), surrogate)
                    continue
                yield location, self.row(location, item, None, vocab)

    def items(self) -> Iterator[tuple[str, object, str | None]]:
        name, lines = self.source.name, text_lines(self.source, self._encoding)
        if self.mapping.format is ImportFormat.jsonl:
            for location, item, line, problem in json_lines_items(name, lines):
                if problem is not None:
                    yield location, _Broken(problem, line), None
                else:
                    yield location, item, line
            return
        if self.mapping.records is None:
            head = self.source.head().lstrip(b"\xef\xbb\xbf \t\r\n")
            if head.startswith(b"{"):
                raise HarmtrackError(
                    f"{name}:1: the file is a JSON object, not a list of records; say where its records are "
                    f'with records = "key" in the mapping {self.mapping.name}'
                )
            for location, item, written in json_list_items(name, lines):
                yield location, item, written or ""
            return
        text = "".join(lines)
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise HarmtrackError(f"{name}:{error.lineno}: not valid JSON: {error.msg}") from None
        except (ValueError, RecursionError) as error:
            raise HarmtrackError(f"{name}: not valid JSON: {error}") from None
        found = follow(self.mapping.records.steps, document)
        if len(found) != 1 or not isinstance(found[0], list):
            what = "nothing" if not found else type(found[0]).__name__ if len(found) == 1 else f"{len(found)} values"
            raise HarmtrackError(
                f"{name}: the mapping {self.mapping.name} says the records are at "
                f"records = {self.mapping.records.text!r}, but that finds {what}, not a list"
            )
        for index, item in enumerate(found[0], 1):
            yield f"{name}: item {index}", item, None

    def row(self, location: str, record: dict, cells: list[str] | None, vocab: Vocabularies) -> Row | None:
        mapping = self.mapping
        trace = self.trace = [] if self.trace is not None else None
        for ref, patterns in mapping.keep:
            texts = [value_key(text) for text in self.texts(record, ref)] or [""]
            if not any(fnmatch.fnmatchcase(text, pattern) for text in texts for pattern in patterns):
                self.left_out += 1
                if trace is not None:
                    written = "; ".join(self.texts(record, ref))
                    trace.append(Traced(f"[keep] {ref.text}", written, "", None, "left out: matches no pattern"))
                return None
        raw: dict[str, object] = {}
        shown: dict[str, str] = {}  # what the rejects file shows for each field
        warnings: list[str] = []
        errors: list[str] = []
        for name, specs in mapping.columns.items():
            try:
                raw[name] = self.field(name, specs, record, vocab, warnings)
            except _Unmapped as unmapped:
                errors.append(f"field {name!r} ({self.where(name)}): {unmapped.problem}")
                shown[name] = unmapped.source
        for name, value in mapping.constants.items():
            raw[name] = list(value) if isinstance(value, list) else value
            if trace is not None:
                trace.append(Traced("[constants]", _text_of(value), name, raw[name]))
        self.settle_places(raw, warnings)  # even for a refused row: its rejects line shows the place
        if cells is None:
            cells = [shown[name] if name in shown else _cell(raw.get(name), name) for name in model.FIELDS]
            cells = [without_surrogates(cell) for cell in cells]
        if errors:
            return Row(location, None, cells, errors[0], warnings)
        return Row(location, raw, cells, None, warnings)

    def where(self, name: str) -> str:
        return "; ".join(
            f"column {spec.text!r}" if isinstance(spec, Ref) else f"template {spec.text!r}"
            for spec in self.mapping.columns[name]
        )

    # ---------------------------------------------------------------- values

    def texts(self, record: dict, ref: Ref) -> list[str]:
        return [_text_of(value) for value in self.values(record, ref)]

    def values(self, record: dict, ref: Ref) -> list[object]:
        if not ref.steps:
            cell = record.get(ref.text)
            return [cell] if cell and not cell.isspace() else []
        found = follow(ref.steps, record)
        return [value for value in found if not (isinstance(value, str) and (not value or value.isspace()))]

    def read(self, record: dict, spec: Spec) -> tuple[list[object], str]:
        """The values of a spec (a column or path may find several; a template gives one text), and the
        source as --explain shows it."""
        if isinstance(spec, Ref):
            return self.values(record, spec), spec.text
        text = render(spec, lambda ref: "; ".join(self.texts(record, ref)))
        return ([text] if text else []), spec.text

    def field(self, name: str, specs: tuple[Spec, ...], record: dict, vocab: Vocabularies, warnings: list[str]):
        trace = self.trace
        if name == "uid":
            return self.uid(specs[0], record, warnings)
        items: list[object] = []
        for spec in specs:
            found, source = self.read(record, spec)
            if name in LIST_FIELDS and isinstance(spec, Ref) and not spec.steps and found:
                found = list(model.split_list(str(found[0])))  # a CSV cell holds a list as harmtrack writes it
            for value in found:
                mapped, note = self.map_value(name, value, vocab, warnings)
                if trace is not None:
                    trace.append(Traced(source, _text_of(value), name, mapped, note))
                if mapped not in (None, ""):
                    items.append(mapped)
            if not found and trace is not None:
                trace.append(Traced(source, "", name, None, "empty"))
        if not items and name in self.mapping.defaults:
            default = self.mapping.defaults[name]
            if trace is not None:
                trace.append(Traced("[defaults]", default, name, default, "the source is empty"))
            items = [default]
        if name in LIST_FIELDS:
            return [_text_of(item) for item in items]
        return self.one(name, items, warnings)

    def one(self, name: str, items: list[object], warnings: list[str]) -> object:
        """The one value of a scalar field that found several: text joined with "; "; for a coded field the
        first that says something (unknown gives way), with a warning naming the others."""
        distinct: list[object] = []
        for item in items:
            if item not in distinct:
                distinct.append(item)
        if not distinct:
            return None
        if len(distinct) == 1:
            return distinct[0]
        if name in CODED_FIELDS:
            telling = [item for item in distinct if item != "unknown"] or distinct
            chosen = telling[0]
            others = ", ".join(repr(_text_of(item)) for item in distinct if item != chosen)
            warnings.append(f"field {name!r}: several values; took {_text_of(chosen)!r}, not {others}")
            return chosen
        return "; ".join(_text_of(item) for item in distinct)

    def uid(self, spec: Spec, record: dict, warnings: list[str]) -> str | None:
        if isinstance(spec, Ref):
            found = self.texts(record, spec)
            text = found[0].strip() if len(found) == 1 else "; ".join(found)
            empty = not text
            if not empty:
                try:
                    return self._traced_uid(spec.text, text, str(uuid.UUID(text)), "already a UUID")
                except ValueError:
                    pass
            empty_refs = [spec.text]
        else:
            values = {ref: "; ".join(self.texts(record, ref)) for ref in spec.refs}
            text = render(spec, values.__getitem__)
            empty_refs = [ref.text for ref, value in values.items() if not value]
            empty = bool(empty_refs)
        if empty:
            named = ", ".join(repr(ref) for ref in empty_refs)
            warnings.append(f"no uid: {named} is empty; the uid is derived from the row's content")
            return self._traced_uid(spec.text, text, None, "empty: derived from the row's content")
        return self._traced_uid(spec.text, text, str(uuid.uuid5(MAPPED_NAMESPACE, text)), "hashed")

    def _traced_uid(self, source: str, text: str, uid: str | None, note: str) -> str | None:
        if self.trace is not None:
            self.trace.append(Traced(source, text, "uid", uid, note))
        return uid

    def map_value(self, name: str, value: object, vocab: Vocabularies, warnings: list[str]) -> tuple[object, str]:
        """(harmtrack value, how) for one source value of a field; raises _Unmapped."""
        if not isinstance(value, str):
            if name in NUMERIC_FIELDS and isinstance(value, int | float) and not isinstance(value, bool):
                return value, ""
            value = _text_of(value)
        table = self.mapping.values.get(name, {})
        key = value_key(value)
        if key in table:
            return table[key], f"[values.{name}]"
        if name == "damaged":
            kind, colon, site = value.partition(":")
            if colon and value_key(kind) in table:
                mapped = table[value_key(kind)]
                return (f"{mapped}:{site}" if ":" not in mapped else mapped), f"[values.{name}] (kind)"
        if name not in CODED_FIELDS or self.accepted(name, value, vocab):
            return value, ""
        what = {
            "weapon": "a weapon family or alias",
            "damaged": "a site kind or alias",
            "status": f"one of {', '.join(model.STATUSES)}",
            "date_precision": f"one of {', '.join(dates.PRECISIONS)}",
        }[name]
        if name in self.mapping.defaults:
            default = self.mapping.defaults[name]
            warnings.append(
                f"field {name!r}: {model.quote(value)} is not in the mapping's [values.{name}] nor {what}; "
                f"took the default {default!r}"
            )
            return default, f"[defaults]: {value!r} is not mapped"
        raise _Unmapped(
            f"{model.quote(value)} is not in [values.{name}] of the mapping {self.mapping.name} nor {what}; "
            f'add it there ("{value}" = "...") or give [defaults] {name}',
            value,
        )

    def accepted(self, name: str, value: str, vocab: Vocabularies) -> bool:
        """Whether a coded field takes the value as it is."""
        if name == "weapon":
            return vocab.weapons.resolve(value) is not None
        if name == "damaged":
            kind = value.partition(":")[0]
            return vocab.site_kinds.resolve(kind) is not None
        if name == "status":
            return value.strip().lower() in model.STATUSES
        return value.strip().lower() in dates.PRECISIONS

    def check_targets(self, vocab: Vocabularies) -> None:
        """Every harmtrack value the mapping names must be one the field takes (this database's vocabulary)."""
        mapping = self.mapping
        for name in CODED_FIELDS:
            targets = [
                (f"[values.{name}] {mapping.value_keys[name][key]!r}", target)
                for key, target in mapping.values.get(name, {}).items()
            ]
            if name in mapping.defaults:
                targets.append((f"[defaults] {name}", mapping.defaults[name]))
            if name in mapping.constants:
                constant = mapping.constants[name]
                for item in constant if isinstance(constant, list) else [constant]:
                    targets.append((f"[constants] {name}", str(item)))
            for where, target in targets:
                if target and not self.accepted(name, target, vocab):
                    hint = {
                        "weapon": lambda text: vocab.weapons.closest(text),
                        "damaged": lambda text: vocab.site_kinds.closest(text.partition(":")[0]),
                        "status": lambda text: f"valid: {', '.join(model.STATUSES)}",
                        "date_precision": lambda text: f"valid: {', '.join(dates.PRECISIONS)}",
                    }[name](target)
                    raise UsageError(f"mapping {mapping.name}: {where}: {target!r} is not a {name} value; {hint}")

    # ---------------------------------------------------------------- places

    def settle_places(self, raw: dict[str, object], warnings: list[str]) -> None:
        """Bilingual names, a city for a point, and the region of a city the coordinates find elsewhere."""
        trace = self.trace
        for name, kind in (("country", "country"), ("region", "region"), ("city", "city")):
            value = raw.get(name)
            if isinstance(value, str) and " / " in value:
                chosen = self.one_name(kind, value, raw)
                if chosen != value:
                    raw[name] = chosen
                    if trace is not None:
                        trace.append(
                            Traced(f"{name}, part by part", value, name, chosen, "the part the gazetteer knows")
                        )
        latitude, longitude = raw.get("latitude"), raw.get("longitude")
        city, region = raw.get("city"), raw.get("region")
        if _blank(city):
            found = places.nearest_settlement(latitude, longitude)
            if found is None:
                if _is_point(latitude, longitude):
                    self.undetermined += 1
                return
            self.derived += 1
            raw["city"] = found.city
            if _blank(raw.get("country")):
                raw["country"] = found.country
            note = f"[City derived from coordinates: {found.city}, {found.km:.1f} km from its centre.]"
            if not _blank(region) and self.region_of(region) != found.region:
                warnings.append(
                    f"region {region!r} given, but the coordinates lie at {found.city} in {found.region}; "
                    f"region set to {found.region}"
                )
                note += f" [Region {region!r} given; the coordinates lie in {found.region}.]"
            raw["region"] = found.region
            raw["description"] = _with_note(raw.get("description"), note)
            if trace is not None:
                trace.append(
                    Traced(
                        "latitude, longitude",
                        f"{_text_of(latitude)}, {_text_of(longitude)}",
                        "city",
                        found.city,
                        f"the nearest settlement, {found.km:.1f} km from its centre",
                    )
                )
            return
        if not isinstance(city, str) or _blank(latitude) or _blank(longitude):
            return
        resolved = self.resolver.resolve(_str(raw.get("country")), _str(region), city)
        if not resolved.has(places.PlaceIssue.CITY_OUTSIDE_REGION, places.PlaceIssue.UNKNOWN_REGION):
            return
        found = places.settlement_named(city, latitude, longitude)
        if found is None or found.region == resolved.region:
            return
        warnings.append(
            f"city {city!r} is not in {region!r}: the coordinates lie {found.km:.1f} km from {found.city} in "
            f"{found.region}; region set to {found.region}"
        )
        raw["region"] = found.region
        raw["description"] = _with_note(
            raw.get("description"),
            f"[Region corrected from coordinates: {region!r} given; {found.city} is in {found.region}.]",
        )
        if trace is not None:
            trace.append(
                Traced("latitude, longitude", f"{latitude}, {longitude}", "region", found.region, f"{city} lies there")
            )

    def one_name(self, kind: str, text: str, raw: dict[str, object]) -> str:
        """The first part of "Харків / Kharkiv" the gazetteer knows; else the text as typed."""
        unknown = {
            "country": places.PlaceIssue.UNKNOWN_COUNTRY,
            "region": places.PlaceIssue.UNKNOWN_REGION,
            "city": places.PlaceIssue.UNKNOWN_CITY,
        }[kind]
        for part in (part.strip() for part in text.split(" / ")):
            if not part:
                continue
            fields = {"country": None, "region": None, "city": None, kind: part}
            if kind == "city":
                fields["country"] = _str(raw.get("country"))
            if not self.resolver.resolve(fields["country"], fields["region"], fields["city"]).has(unknown):
                return part
        return text

    def region_of(self, region: object) -> str | None:
        resolved = self.resolver.resolve(None, _str(region), None)
        return None if resolved.has(places.PlaceIssue.UNKNOWN_REGION) else resolved.region


class _Broken:
    """A JSON Lines line that is not JSON: the reader yields it as a refused row."""

    def __init__(self, problem: str, line: str):
        self.problem, self.line = problem, line


def _is_point(latitude: object, longitude: object) -> bool:
    try:
        lat, lon = float(latitude), float(longitude)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return abs(lat) <= 90 and abs(lon) <= 180


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _with_note(description: object, note: str) -> str:
    text = description if isinstance(description, str) else ""
    return f"{text.rstrip()}\n\n{note}" if text.strip() else note


def _cell(value: object, name: str) -> str:
    """A mapped value as a canonical CSV cell (the rejects file of a JSON record)."""
    if value is None:
        return ""
    if isinstance(value, list):
        return model.join_list([_text_of(item) for item in value])
    if isinstance(value, float | int) and not isinstance(value, bool):
        return _text_of(value)
    return value if isinstance(value, str) else _text_of(value)


# --------------------------------------------------------------------------- --explain


def explain(
    reader: MappedReader, vocab: Vocabularies, resolver: places.PlaceResolver, order: dates.DateOrder, rows: int
) -> list[tuple[str, str, str, str, str]]:
    """For the first `rows` records: (row, source, value, field, became) for each value the mapping read,
    `became` being the value stored after validation and the gazetteer, with how it was mapped."""
    out: list[tuple[str, str, str, str, str]] = []
    reader.trace = []
    for seen, (location, row) in enumerate(reader.mapped(vocab), 1):
        trace = reader.trace or []
        record: dict | None = None
        problem = row.error if row is not None else None
        if row is not None and row.raw is not None:
            order.where = location
            try:
                record = model.validate(row.raw, vocab, order=order)
                places.normalise_record(record, resolver)
            except FieldError as error:
                problem = str(error)
            except dates.DateError as error:
                problem = str(error)
        for step in trace:
            became = _shown(record, step) if step.field and step.note != "empty" else ""
            if step.note:
                became = f"{became} ({step.note})" if became else f"({step.note})"
            out.append((location, step.source, step.value, step.field, became))
        if problem:
            out.append((location, "", "", "(error)", problem))
        for warning in row.warnings if row is not None else ():
            out.append((location, "", "", "(warning)", warning))
        if seen >= rows:
            break
    reader.source.close()
    return out


def _shown(record: dict | None, step: Traced) -> str:
    if record is None or step.field in LIST_FIELDS:  # an item: what the mapping made of it
        return _text_of(step.mapped) if step.mapped is not None else ""
    value = record.get(step.field)
    if step.field == "damaged":
        return "; ".join(f"{kind}:{name}" if name else kind for kind, name in value or [])
    if step.field == "sources":
        return "; ".join(source["url"] for source in value or [])
    return _text_of(value) if value is not None else ""


def listing() -> list[tuple[str, str, str]]:
    """(name, format, about) of each shipped mapping."""
    out = []
    for name in shipped_names():
        mapping = load(name)
        out.append((name, mapping.format.value, mapping.about))
    return out


def uid_for(text: str) -> str:
    """The uid a mapping gives a row whose uid text is `text`."""
    return str(uuid.uuid5(MAPPED_NAMESPACE, text))

"""The import formats and conflict policies, one name each, for the CLI and the import alike.

Kept apart from the readers so the CLI can name them at start-up without
importing what reads them.
"""

from enum import StrEnum


class ImportFormat(StrEnum):
    csv = "csv"
    json = "json"
    jsonl = "jsonl"
    acled = "acled"
    ucdp = "ucdp"


class Conflict(StrEnum):
    """What an import does with a row whose uid is already stored."""

    skip = "skip"
    update = "update"
    error = "error"

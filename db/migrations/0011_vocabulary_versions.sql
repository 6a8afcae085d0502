-- From here on the vocabularies that ship with harmtrack (weapons, site kinds
-- and every alias, the extractor's wording included) are data, not
-- migrations: harmtrack/data/vocabulary.json. When a database is opened, the
-- file's entries that the database lacks are added (INSERT OR IGNORE, so a
-- team's own aliases are never changed or removed), and the file's version
-- (its sha256) is recorded here so the merge runs once per version.
-- Migrations are for the schema only.

CREATE TABLE vocabulary_versions (
    version TEXT PRIMARY KEY,
    merged_at TEXT NOT NULL
) STRICT;

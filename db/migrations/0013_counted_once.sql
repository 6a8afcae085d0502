-- Counted once: reports of one event merged into one incident, undone
-- exactly when asked, and pairs a person judged to be different events.
--
-- merges keeps every record as it was before a merge (its snapshot), so
-- `harmtrack unmerge` can restore them; incident_aliases maps each
-- merged-away uid to the incident that holds it now, so importing a row with
-- that uid updates or skips that incident instead of re-creating it.

CREATE TABLE merges (
    id INTEGER PRIMARY KEY,
    kept_uid TEXT NOT NULL,
    merged_at TEXT NOT NULL,
    merged_by TEXT NOT NULL,
    snapshot TEXT NOT NULL CHECK (json_valid(snapshot)),
    undone_at TEXT
) STRICT;

CREATE INDEX merges_kept ON merges (kept_uid, id);

CREATE TABLE incident_aliases (
    uid TEXT PRIMARY KEY,
    incident_uid TEXT NOT NULL,
    merge_id INTEGER NOT NULL REFERENCES merges (id)
) STRICT;

CREATE INDEX incident_aliases_target ON incident_aliases (incident_uid);

CREATE TABLE dismissed_pairs (
    first_uid TEXT NOT NULL,
    second_uid TEXT NOT NULL CHECK (first_uid < second_uid),
    dismissed_at TEXT NOT NULL,
    dismissed_by TEXT NOT NULL,
    PRIMARY KEY (first_uid, second_uid)
) STRICT;

-- The last full duplicate check: how many groups were open, and a
-- fingerprint of the data it saw, so reports can say whether it still holds.
CREATE TABLE duplicate_checks (
    id INTEGER PRIMARY KEY,
    checked_at TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    open_groups INTEGER NOT NULL CHECK (open_groups >= 0)
) STRICT;

-- dedupe compares incidents of one settlement over a few days.
CREATE INDEX incidents_city_date ON incidents (city, date);

-- The change log learns the actions of merging, undoing and restoring. A
-- CHECK constraint cannot be altered in SQLite: the table is rebuilt, rows
-- and ids unchanged.
CREATE TABLE changes_new (
    id INTEGER PRIMARY KEY,
    incident_uid TEXT NOT NULL,
    action TEXT NOT NULL CHECK (
        action IN ('add', 'edit', 'delete', 'import', 'update', 'merge', 'unmerge', 'restore', 'revert')
    ),
    changed_at TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    batch_id INTEGER REFERENCES import_batches (id),
    before TEXT CHECK (before IS NULL OR json_valid(before)),
    after TEXT CHECK (after IS NULL OR json_valid(after)),
    reason TEXT
) STRICT;

INSERT INTO changes_new (id, incident_uid, action, changed_at, changed_by, batch_id, before, after, reason)
SELECT id, incident_uid, action, changed_at, changed_by, batch_id, before, after, reason FROM changes;

DROP TABLE changes;

ALTER TABLE changes_new RENAME TO changes;

CREATE INDEX changes_uid ON changes (incident_uid, id);

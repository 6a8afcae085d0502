-- Field copies merged back (`harmtrack pull`). See "Working as a team" in the
-- README for the design; in short:
--
-- * every change has a stable identity, `change_uid`, that travels with it:
--   a pulled change is logged under the uid it was made with, so no database
--   applies one change twice, whichever way it arrives;
-- * `origin` says where a pulled change came from (empty: made here);
-- * `resolves` names the change a conflict resolution settled, so the other
--   side accepts the resolution instead of meeting the conflict again;
-- * `db_user` is the database account that wrote the change (for SQLite, the
--   login of the process), beside the author name in `changed_by`;
-- * `conflicts` keeps each field changed differently on both sides, with both
--   values, authors and times, until a person resolves it;
-- * `pulls` records each pull: from where, when, by whom, and what it did.
--
-- Changes logged before this migration get a uid made from what they are
-- (their number, time and incident): copies of one database made before it
-- was migrated give their shared old changes the same uid. New changes get a
-- random UUID from the store.

ALTER TABLE changes ADD COLUMN change_uid TEXT;
ALTER TABLE changes ADD COLUMN origin TEXT;
ALTER TABLE changes ADD COLUMN resolves TEXT;
ALTER TABLE changes ADD COLUMN db_user TEXT;

UPDATE changes SET change_uid = 'legacy:' || id || ':' || changed_at || ':' || incident_uid;

CREATE UNIQUE INDEX changes_change_uid ON changes (change_uid);

CREATE TABLE conflicts (
    id INTEGER PRIMARY KEY,
    incident_uid TEXT NOT NULL,
    field TEXT NOT NULL,
    ours TEXT CHECK (ours IS NULL OR json_valid(ours)),
    theirs TEXT CHECK (theirs IS NULL OR json_valid(theirs)),
    ours_by TEXT,
    ours_at TEXT,
    theirs_by TEXT NOT NULL,
    theirs_at TEXT NOT NULL,
    their_change_uid TEXT NOT NULL,
    their_change TEXT NOT NULL CHECK (json_valid(their_change)),
    source TEXT NOT NULL,
    found_at TEXT NOT NULL,
    resolved_at TEXT,
    resolved_by TEXT,
    resolution TEXT CHECK (resolution IS NULL OR resolution IN ('ours', 'theirs', 'edited', 'agreed')),
    UNIQUE (their_change_uid, field)
) STRICT;

CREATE TABLE pulls (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    pulled_at TEXT NOT NULL,
    pulled_by TEXT NOT NULL,
    added INTEGER NOT NULL CHECK (added >= 0),
    applied INTEGER NOT NULL CHECK (applied >= 0),
    deleted INTEGER NOT NULL CHECK (deleted >= 0),
    conflicts INTEGER NOT NULL CHECK (conflicts >= 0)
) STRICT;

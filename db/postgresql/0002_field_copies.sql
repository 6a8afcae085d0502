-- Field copies merged back (`harmtrack pull`), as SQLite's 0018: every change
-- has a stable identity (change_uid) that travels with it, where a pulled
-- change came from (origin, empty when made here), the change a conflict
-- resolution settled (resolves); conflicts keeps each field changed
-- differently on both sides until a person resolves it, pulls each pull.
-- (db_user, the database account of each change, is in 0001 already.)
--
-- Changes logged before this migration get the uid SQLite gives its own old
-- changes (their number, time and incident); new ones a random UUID.

ALTER TABLE changes ADD COLUMN change_uid TEXT COLLATE "C";
ALTER TABLE changes ADD COLUMN origin TEXT;
ALTER TABLE changes ADD COLUMN resolves TEXT COLLATE "C";

UPDATE changes SET change_uid = 'legacy:' || id || ':' || changed_at || ':' || incident_uid;

ALTER TABLE changes ALTER COLUMN change_uid SET NOT NULL;
ALTER TABLE changes ADD CONSTRAINT changes_change_uid UNIQUE (change_uid);

CREATE TABLE conflicts (
    id BIGINT PRIMARY KEY CHECK (id > 0),
    incident_uid TEXT COLLATE "C" NOT NULL,
    field TEXT COLLATE "C" NOT NULL,
    ours JSON,
    theirs JSON,
    ours_by TEXT,
    ours_at TEXT,
    theirs_by TEXT NOT NULL,
    theirs_at TEXT NOT NULL,
    their_change_uid TEXT COLLATE "C" NOT NULL,
    their_change JSON NOT NULL,
    source TEXT NOT NULL,
    found_at TEXT NOT NULL,
    resolved_at TEXT,
    resolved_by TEXT,
    resolution TEXT CHECK (resolution IN ('ours', 'theirs', 'edited', 'agreed')),
    CHECK ((resolved_at IS NULL) = (resolution IS NULL)),
    UNIQUE (their_change_uid, field)
);

CREATE TABLE pulls (
    id BIGINT PRIMARY KEY CHECK (id > 0),
    source TEXT NOT NULL,
    pulled_at TEXT NOT NULL,
    pulled_by TEXT NOT NULL,
    db_user TEXT NOT NULL DEFAULT current_user,
    added INTEGER NOT NULL CHECK (added >= 0),
    applied INTEGER NOT NULL CHECK (applied >= 0),
    deleted INTEGER NOT NULL CHECK (deleted >= 0),
    conflicts INTEGER NOT NULL CHECK (conflicts >= 0)
);

-- The incident store on PostgreSQL: the tables, columns and meanings of the
-- SQLite schema (db/migrations/, as of 0015), declared in PostgreSQL's terms.
-- Every invariant of the record in SPEC.md is a CHECK constraint or a foreign
-- key, so no code path (add, edit, import, a hand-written UPDATE in psql) can
-- store a record the contract forbids.
--
-- Engine details that differ from SQLite, and why:
-- - Text that is sorted or compared is COLLATE "C": byte order, as SQLite's
--   BINARY, whatever locale the database was created with, so both engines
--   list and export in the same order. lower() on a "C" column folds ASCII
--   only, which is SQLite's NOCASE: case-insensitive keys are unique indexes
--   on lower(...).
-- - Dates are `date`; timestamps stay ISO 8601 text as harmtrack writes them.
-- - JSON columns are `json` (checked, kept as written: key order matters to
--   the history harmtrack shows).
-- - The vocabulary tables have a `seq` column: the order entries were added,
--   which SQLite keeps as the rowid.
-- - Ids of incidents, changes, batches and merges are assigned by harmtrack
--   under the write lock (the highest plus one, as SQLite does), so both
--   engines number the same work the same way and a refused command leaves
--   no gap.
-- - search_words is the full-text index: the words of the description,
--   places, weapon detail and perpetrator (a tsvector of plain lexemes),
--   written by harmtrack with every insert and update as SQLite's FTS5
--   unicode61 tokenizer reads them, searched through a GIN index.
-- - changes and import_batches record the database user (current_user) as
--   well as the author name harmtrack writes.

CREATE TABLE delivery_classes (
    code TEXT COLLATE "C" PRIMARY KEY,
    label TEXT NOT NULL,
    seq BIGINT GENERATED ALWAYS AS IDENTITY
);

CREATE TABLE weapons (
    code TEXT COLLATE "C" PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9-]*$'),
    delivery_class TEXT COLLATE "C" NOT NULL REFERENCES delivery_classes (code),
    label TEXT NOT NULL,
    seq BIGINT GENERATED ALWAYS AS IDENTITY
);

CREATE TABLE weapon_aliases (
    alias TEXT COLLATE "C" NOT NULL CHECK (length(btrim(alias)) > 0),
    weapon TEXT COLLATE "C" NOT NULL REFERENCES weapons (code),
    seq BIGINT GENERATED ALWAYS AS IDENTITY
);

CREATE UNIQUE INDEX weapon_aliases_alias ON weapon_aliases (lower(alias));

CREATE TABLE site_kinds (
    code TEXT COLLATE "C" PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9-]*$'),
    label TEXT NOT NULL,
    seq BIGINT GENERATED ALWAYS AS IDENTITY
);

CREATE TABLE site_kind_aliases (
    alias TEXT COLLATE "C" NOT NULL CHECK (length(btrim(alias)) > 0),
    kind TEXT COLLATE "C" NOT NULL REFERENCES site_kinds (code),
    seq BIGINT GENERATED ALWAYS AS IDENTITY
);

CREATE UNIQUE INDEX site_kind_aliases_alias ON site_kind_aliases (lower(alias));

CREATE TABLE vocabulary_versions (
    version TEXT COLLATE "C" PRIMARY KEY,
    merged_at TEXT NOT NULL
);

CREATE TABLE import_batches (
    id BIGINT PRIMARY KEY CHECK (id > 0),
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    format TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    imported INTEGER NOT NULL DEFAULT 0 CHECK (imported >= 0),
    updated INTEGER NOT NULL DEFAULT 0 CHECK (updated >= 0),
    skipped INTEGER NOT NULL DEFAULT 0 CHECK (skipped >= 0),
    rejected INTEGER NOT NULL DEFAULT 0 CHECK (rejected >= 0),
    imported_by TEXT,
    db_user TEXT NOT NULL DEFAULT current_user
);

CREATE TABLE incidents (
    id BIGINT PRIMARY KEY CHECK (id > 0),
    uid TEXT COLLATE "C" NOT NULL UNIQUE CHECK (uid ~ '^[0-9a-f]{8}-[0-9a-f-]{27}$'),
    date DATE NOT NULL CHECK (date BETWEEN '0001-01-01' AND '9999-12-31'),
    date_precision TEXT COLLATE "C" NOT NULL DEFAULT 'day' CHECK (
        date_precision = 'day'
        OR (date_precision = 'week' AND extract(isodow FROM date) = 1)
        OR (date_precision = 'month' AND extract(day FROM date) = 1)
        OR (date_precision = 'year' AND extract(month FROM date) = 1 AND extract(day FROM date) = 1)
    ),
    country TEXT COLLATE "C",
    region TEXT COLLATE "C",
    city TEXT COLLATE "C",
    district TEXT COLLATE "C",
    place TEXT COLLATE "C",
    latitude DOUBLE PRECISION CHECK (latitude BETWEEN -90 AND 90),
    longitude DOUBLE PRECISION CHECK (longitude BETWEEN -180 AND 180),
    weapon TEXT COLLATE "C" NOT NULL DEFAULT 'unknown' REFERENCES weapons (code),
    weapon_detail TEXT COLLATE "C",
    perpetrator TEXT COLLATE "C",
    killed INTEGER CHECK (killed >= 0),
    killed_min INTEGER CHECK (killed_min >= 0),
    killed_max INTEGER CHECK (killed_max >= 0),
    injured INTEGER CHECK (injured >= 0),
    injured_min INTEGER CHECK (injured_min >= 0),
    injured_max INTEGER CHECK (injured_max >= 0),
    children_killed INTEGER CHECK (children_killed >= 0),
    children_injured INTEGER CHECK (children_injured >= 0),
    status TEXT COLLATE "C" NOT NULL DEFAULT 'unverified' CHECK (
        status IN ('unverified', 'corroborated', 'confirmed', 'contested', 'discounted')
    ),
    description TEXT COLLATE "C",
    batch_id BIGINT REFERENCES import_batches (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    search_words TSVECTOR NOT NULL DEFAULT '',
    CHECK (coalesce(country, region, city) IS NOT NULL),
    CHECK ((latitude IS NULL) = (longitude IS NULL)),
    CHECK (killed_min IS NULL OR killed IS NULL OR killed_min <= killed),
    CHECK (killed_max IS NULL OR killed IS NULL OR killed <= killed_max),
    CHECK (killed_min IS NULL OR killed_max IS NULL OR killed_min <= killed_max),
    CHECK (injured_min IS NULL OR injured IS NULL OR injured_min <= injured),
    CHECK (injured_max IS NULL OR injured IS NULL OR injured <= injured_max),
    CHECK (injured_min IS NULL OR injured_max IS NULL OR injured_min <= injured_max),
    CHECK (children_killed IS NULL OR killed IS NULL OR children_killed <= killed),
    CHECK (children_killed IS NULL OR killed_max IS NULL OR children_killed <= killed_max),
    CHECK (children_injured IS NULL OR injured IS NULL OR children_injured <= injured),
    CHECK (children_injured IS NULL OR injured_max IS NULL OR children_injured <= injured_max)
);

CREATE INDEX incidents_date ON incidents (date, uid);
CREATE INDEX incidents_weapon ON incidents (weapon);
CREATE INDEX incidents_batch ON incidents (batch_id);
CREATE INDEX incidents_city_date ON incidents (city, date);
CREATE INDEX incidents_search ON incidents USING gin (search_words);
-- The report indexes of SQLite's 0005 and 0015: every column a report reads,
-- so `report city`/`matrix` and `report timeline` can scan an index only.
CREATE INDEX incidents_report ON incidents (
    city, weapon, status, date, date_precision,
    killed, injured, children_killed, children_injured,
    killed_min, killed_max, injured_min, injured_max
);
CREATE INDEX incidents_timeline ON incidents (
    date, date_precision, status, city, weapon,
    killed, injured, children_killed, children_injured,
    killed_min, killed_max, injured_min, injured_max
);

CREATE TABLE damaged_sites (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    incident_id BIGINT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position >= 0),
    kind TEXT COLLATE "C" NOT NULL REFERENCES site_kinds (code),
    name TEXT COLLATE "C" NOT NULL,
    UNIQUE (incident_id, position)
);

CREATE TABLE sources (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    incident_id BIGINT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position >= 0),
    url TEXT COLLATE "C" NOT NULL CHECK (length(btrim(url)) > 0),
    publisher TEXT COLLATE "C",
    published DATE CHECK (published BETWEEN '0001-01-01' AND '9999-12-31'),
    UNIQUE (incident_id, position)
);

-- The change log outlives the records it describes: no foreign key to
-- incidents, so a deleted record's history stays. incident_id is the id the
-- incident had when the change was logged (SQLite's 0016).
CREATE TABLE changes (
    id BIGINT PRIMARY KEY CHECK (id > 0),
    incident_uid TEXT COLLATE "C" NOT NULL,
    action TEXT COLLATE "C" NOT NULL CHECK (
        action IN ('add', 'edit', 'delete', 'import', 'update', 'merge', 'unmerge', 'restore', 'revert')
    ),
    changed_at TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    batch_id BIGINT REFERENCES import_batches (id),
    before JSON,
    after JSON,
    reason TEXT,
    incident_id BIGINT,
    db_user TEXT NOT NULL DEFAULT current_user
);

CREATE INDEX changes_uid ON changes (incident_uid, id);
CREATE INDEX changes_incident_id ON changes (incident_id, id);

-- Counted once (SQLite's 0013): merges with the records as they were before,
-- the merged-away uids and the incident holding each, and pairs a person
-- judged to be different events.
CREATE TABLE merges (
    id BIGINT PRIMARY KEY CHECK (id > 0),
    kept_uid TEXT COLLATE "C" NOT NULL,
    merged_at TEXT NOT NULL,
    merged_by TEXT NOT NULL,
    snapshot JSON NOT NULL,
    undone_at TEXT
);

CREATE INDEX merges_kept ON merges (kept_uid, id);

CREATE TABLE incident_aliases (
    uid TEXT COLLATE "C" PRIMARY KEY,
    incident_uid TEXT COLLATE "C" NOT NULL,
    merge_id BIGINT NOT NULL REFERENCES merges (id)
);

CREATE INDEX incident_aliases_target ON incident_aliases (incident_uid);

CREATE TABLE dismissed_pairs (
    first_uid TEXT COLLATE "C" NOT NULL,
    second_uid TEXT COLLATE "C" NOT NULL CHECK (first_uid < second_uid),
    dismissed_at TEXT NOT NULL,
    dismissed_by TEXT NOT NULL,
    PRIMARY KEY (first_uid, second_uid)
);

CREATE TABLE duplicate_checks (
    id BIGINT PRIMARY KEY CHECK (id > 0),
    checked_at TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    open_groups INTEGER NOT NULL CHECK (open_groups >= 0)
);

-- A team's own place aliases (SQLite's 0003); aliases match case-insensitively.
CREATE TABLE place_aliases (
    kind TEXT COLLATE "C" NOT NULL CHECK (kind IN ('city', 'region', 'country')),
    alias TEXT COLLATE "C" NOT NULL CHECK (length(btrim(alias)) > 0),
    canonical TEXT COLLATE "C" NOT NULL CHECK (length(btrim(canonical)) > 0),
    created_at TEXT NOT NULL
);

CREATE UNIQUE INDEX place_aliases_key ON place_aliases (kind, lower(alias));

-- The incident store. Every invariant of the record in ../SPEC.md is declared
-- here, so that no code path (add, edit, import, a hand-written UPDATE) can
-- store a record the contract forbids. Dates are checked with
-- date(x, '+0 days') because plain date() accepts 2024-02-30 unchanged.

CREATE TABLE delivery_classes (
    code TEXT PRIMARY KEY,
    label TEXT NOT NULL
) STRICT;

CREATE TABLE weapons (
    code TEXT PRIMARY KEY CHECK (code GLOB '[a-z]*' AND code NOT GLOB '*[^a-z0-9-]*'),
    delivery_class TEXT NOT NULL REFERENCES delivery_classes (code),
    label TEXT NOT NULL
) STRICT;

CREATE TABLE weapon_aliases (
    alias TEXT PRIMARY KEY COLLATE NOCASE CHECK (length(trim(alias)) > 0),
    weapon TEXT NOT NULL REFERENCES weapons (code)
) STRICT;

CREATE TABLE site_kinds (
    code TEXT PRIMARY KEY CHECK (code GLOB '[a-z]*' AND code NOT GLOB '*[^a-z0-9-]*'),
    label TEXT NOT NULL
) STRICT;

CREATE TABLE site_kind_aliases (
    alias TEXT PRIMARY KEY COLLATE NOCASE CHECK (length(trim(alias)) > 0),
    kind TEXT NOT NULL REFERENCES site_kinds (code)
) STRICT;

CREATE TABLE import_batches (
    id INTEGER PRIMARY KEY,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    format TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    imported INTEGER NOT NULL DEFAULT 0 CHECK (imported >= 0),
    updated INTEGER NOT NULL DEFAULT 0 CHECK (updated >= 0),
    skipped INTEGER NOT NULL DEFAULT 0 CHECK (skipped >= 0),
    rejected INTEGER NOT NULL DEFAULT 0 CHECK (rejected >= 0)
) STRICT;

CREATE TABLE incidents (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE CHECK (
        length(uid) = 36
        AND uid GLOB '[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]-*'
        AND uid NOT GLOB '*[^0-9a-f-]*'
    ),
    date TEXT NOT NULL CHECK (
        date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(date, '+0 days') IS date
    ),
    date_precision TEXT NOT NULL DEFAULT 'day' CHECK (
        date_precision = 'day'
        OR (date_precision = 'week' AND strftime('%w', date) = '1')
        OR (date_precision = 'month' AND substr(date, 9, 2) = '01')
        OR (date_precision = 'year' AND substr(date, 6, 5) = '01-01')
    ),
    country TEXT,
    region TEXT,
    city TEXT,
    district TEXT,
    place TEXT,
    latitude REAL CHECK (latitude BETWEEN -90 AND 90),
    longitude REAL CHECK (longitude BETWEEN -180 AND 180),
    weapon TEXT NOT NULL DEFAULT 'unknown' REFERENCES weapons (code),
    weapon_detail TEXT,
    perpetrator TEXT,
    killed INTEGER CHECK (killed >= 0),
    killed_min INTEGER CHECK (killed_min >= 0),
    killed_max INTEGER CHECK (killed_max >= 0),
    injured INTEGER CHECK (injured >= 0),
    injured_min INTEGER CHECK (injured_min >= 0),
    injured_max INTEGER CHECK (injured_max >= 0),
    children_killed INTEGER CHECK (children_killed >= 0),
    children_injured INTEGER CHECK (children_injured >= 0),
    status TEXT NOT NULL DEFAULT 'unverified' CHECK (
        status IN ('unverified', 'corroborated', 'confirmed', 'contested', 'discounted')
    ),
    description TEXT,
    batch_id INTEGER REFERENCES import_batches (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
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
) STRICT;

CREATE INDEX incidents_date ON incidents (date, uid);
CREATE INDEX incidents_city ON incidents (city);
CREATE INDEX incidents_weapon ON incidents (weapon);
CREATE INDEX incidents_batch ON incidents (batch_id);

CREATE TABLE damaged_sites (
    id INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position >= 0),
    kind TEXT NOT NULL REFERENCES site_kinds (code),
    name TEXT NOT NULL,
    UNIQUE (incident_id, position)
) STRICT;

CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position >= 0),
    url TEXT NOT NULL CHECK (length(trim(url)) > 0),
    publisher TEXT,
    published TEXT CHECK (
        published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(published, '+0 days') IS published
    ),
    UNIQUE (incident_id, position)
) STRICT;

-- The change log outlives the records it describes: no foreign key to
-- incidents, so a deleted record's history stays.
CREATE TABLE changes (
    id INTEGER PRIMARY KEY,
    incident_uid TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('add', 'edit', 'delete', 'import', 'update', 'merge')),
    changed_at TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    batch_id INTEGER REFERENCES import_batches (id),
    before TEXT CHECK (before IS NULL OR json_valid(before)),
    after TEXT CHECK (after IS NULL OR json_valid(after))
) STRICT;

CREATE INDEX changes_uid ON changes (incident_uid, id);

-- The status CHECK, written as comparisons: `status IN (five values)` builds a
-- temporary table for its list every time the INSERT runs, once a row in an
-- import (about 5% of a 100,000-row import, 0.21 s; bench/README.md, issue 20).
-- The same rule (status is NOT NULL, so IN and the OR chain never differ); the
-- rest of the table is unchanged. SQLite changes a CHECK only by rebuilding the
-- table (https://www.sqlite.org/lang_altertable.html, "Making Other Kinds Of
-- Table Schema Changes"): the new table, every row copied with its id, the old
-- one dropped, the new one renamed, then its indexes, the search triggers and the
-- map view made again as the earlier migrations made them. The migration runner
-- applies migrations with foreign keys off and checks them before committing, so
-- dropping the old table leaves damaged_sites and sources (ON DELETE CASCADE)
-- alone. The search index keeps its rows: ids do not change. PostgreSQL keeps
-- its own, equivalent CHECK.

CREATE TABLE incidents_new (
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
        status = 'unverified' OR status = 'corroborated' OR status = 'confirmed'
        OR status = 'contested' OR status = 'discounted'
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
INSERT INTO incidents_new (
    id, uid, date, date_precision, country, region,
    city, district, place, latitude, longitude, weapon,
    weapon_detail, perpetrator, killed, killed_min, killed_max, injured,
    injured_min, injured_max, children_killed, children_injured, status, description,
    batch_id, created_at, updated_at
)
SELECT
    id, uid, date, date_precision, country, region,
    city, district, place, latitude, longitude, weapon,
    weapon_detail, perpetrator, killed, killed_min, killed_max, injured,
    injured_min, injured_max, children_killed, children_injured, status, description,
    batch_id, created_at, updated_at
FROM incidents;

DROP VIEW incident_map;
DROP TRIGGER incidents_search_insert;
DROP TRIGGER incidents_search_delete;
DROP TRIGGER incidents_search_update;
DROP TABLE incidents;
ALTER TABLE incidents_new RENAME TO incidents;

CREATE INDEX incidents_batch ON incidents (batch_id);
CREATE INDEX incidents_place_period ON incidents (city, date_precision, date);
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
CREATE INDEX incidents_weapon ON incidents (weapon);

CREATE TRIGGER incidents_search_delete AFTER DELETE ON incidents BEGIN
    INSERT INTO incidents_search (incidents_search, rowid, description, city, district, place, weapon_detail, perpetrator)
    VALUES ('delete', old.id, old.description, old.city, old.district, old.place, old.weapon_detail, old.perpetrator);
END;

CREATE TRIGGER incidents_search_insert AFTER INSERT ON incidents BEGIN
    INSERT INTO incidents_search (rowid, description, city, district, place, weapon_detail, perpetrator)
    VALUES (new.id, new.description, new.city, new.district, new.place, new.weapon_detail, new.perpetrator);
END;

CREATE TRIGGER incidents_search_update
AFTER UPDATE OF description, city, district, place, weapon_detail, perpetrator ON incidents BEGIN
    INSERT INTO incidents_search (incidents_search, rowid, description, city, district, place, weapon_detail, perpetrator)
    VALUES ('delete', old.id, old.description, old.city, old.district, old.place, old.weapon_detail, old.perpetrator);
    INSERT INTO incidents_search (rowid, description, city, district, place, weapon_detail, perpetrator)
    VALUES (new.id, new.description, new.city, new.district, new.place, new.weapon_detail, new.perpetrator);
END;

CREATE VIEW incident_map AS
SELECT
    i.id,
    i.date,
    i.date_precision,
    i.city,
    i.place,
    i.weapon,
    i.killed,
    i.injured,
    i.status,
    i.latitude,
    i.longitude,
    json_object(
        'title',
        CASE i.date_precision
            WHEN 'day' THEN i.date
            WHEN 'week' THEN 'week of ' || i.date
            WHEN 'month' THEN substr(i.date, 1, 7)
            ELSE substr(i.date, 1, 4)
        END
        || ', ' || coalesce(i.place || ', ', '') || coalesce(i.city, i.region, i.country),
        'description',
        'weapon: ' || i.weapon
        || '; killed: ' || coalesce(CAST(i.killed AS TEXT), 'unknown')
        || '; injured: ' || coalesce(CAST(i.injured AS TEXT), 'unknown'),
        'link',
        'incidents/' || i.id
    ) AS popup
FROM incidents AS i
WHERE i.latitude IS NOT NULL AND i.status != 'discounted';

-- A team's own place aliases: a neighbourhood that reports call a city
-- ("Saltivka" -> Kharkiv), a local spelling of a region or country. They are
-- checked before the gazetteer (harmtrack/places.py); `canonical` is a
-- gazetteer name or any name the team chooses to store. Aliases match
-- case-insensitively here; places.py also ignores apostrophes, hyphens and
-- "city"/"oblast" words when it compares them.

CREATE TABLE place_aliases (
    kind TEXT NOT NULL CHECK (kind IN ('city', 'region', 'country')),
    alias TEXT NOT NULL COLLATE NOCASE CHECK (length(trim(alias)) > 0),
    canonical TEXT NOT NULL CHECK (length(trim(canonical)) > 0),
    created_at TEXT NOT NULL,
    PRIMARY KEY (kind, alias)
) STRICT;

-- As SQLite's 0021: duplicate search probes one date precision at a time
-- (harmtrack/store/pg_dedupe.py), so the index on (city, date) becomes one on
-- (city, date_precision, date).

DROP INDEX incidents_city_date;
CREATE INDEX incidents_place_period ON incidents (city, date_precision, date);

-- Duplicate search probes one date precision at a time (harmtrack/store/
-- sqlite_dedupe.py): the earlier neighbours of an incident that are of day
-- precision lie in the day before it, those of year precision in the year
-- before it. On (city, date) alone a probe read a year of the settlement's
-- incidents, each with a table look-up, for every new incident: 1,000 new rows
-- into 1,000,000 stored took two minutes (bench/README.md, issue 20). The index
-- replaces the one on (city, date), so an import keeps as many up to date.

DROP INDEX incidents_city_date;
CREATE INDEX incidents_place_period ON incidents (city, date_precision, date);

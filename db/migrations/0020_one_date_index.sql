-- The (date, uid) index of migration 0001 goes: the timeline index of migration
-- 0015 leads by date too, so export and list (ORDER BY date, uid) and --since /
-- --until ranges read it in date order and sort only the incidents of one day
-- by uid (SQLite's "temp b-tree for right part of ORDER BY"): on 1,100,000
-- incidents the export's ordered scan takes the same time either way. One index
-- less to keep up to date row by row when an import adds to a large table
-- (bench/README.md, issue 20). PostgreSQL keeps its own (date, uid) index.

DROP INDEX incidents_date;

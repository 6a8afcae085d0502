-- The map of `harmtrack serve` and of a publication copy (`harmtrack
-- publish`): the incidents that have coordinates and count in the reports
-- (every status but discounted), each with the popup datasette-cluster-map
-- shows for a marker: a JSON object whose title is the date and the place and
-- whose description is the weapon, killed and injured ("unknown" where the
-- figure is unknown, which is not 0). The link is relative to the database's
-- page, so it leads to the incident's row wherever the database is served.
-- A view reads the table as it is: nothing to keep in step on a write.
-- (Dropped first: a development database may hold it under an earlier number.)

DROP VIEW IF EXISTS incident_map;

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

-- One covering index for `harmtrack report`: every column the reports read,
-- led by city and weapon, so that `report city` and `report matrix` read the
-- index in group order (no table access, no sort) and the other reports scan
-- it instead of the wider table. On 1,000,000 incidents `report city` drops
-- from 1.5 s to about 0.5 s (bench/measure_reports.py).
-- It starts with city, so the single-column city index is redundant.

CREATE INDEX incidents_report ON incidents (
    city, weapon, status, date, date_precision,
    killed, injured, children_killed, children_injured,
    killed_min, killed_max, injured_min, injured_max
);

DROP INDEX incidents_city;

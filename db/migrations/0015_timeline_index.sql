-- A covering index for `harmtrack report timeline` (group by period): every
-- column the report reads, led by date and precision, so the per-(date,
-- precision) sums read the index in order (no table access, no sort of every
-- incident) and a --since/--until range reads only its part of it. The same
-- columns as the report index of migration 0005 in another order. On
-- 1,000,000 incidents `report timeline --period month` drops from about twice
-- `report city` to about the same (bench/README.md).

CREATE INDEX incidents_timeline ON incidents (
    date, date_precision, status, city, weapon,
    killed, injured, children_killed, children_injured,
    killed_min, killed_max, injured_min, injured_max
);

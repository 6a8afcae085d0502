-- Who ran each import, so that `harmtrack history` can say who brought a
-- record in, as it says who changed it. Earlier batches stay NULL (unknown).

ALTER TABLE import_batches ADD COLUMN imported_by TEXT;

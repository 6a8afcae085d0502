-- Full-text search over what people look for in records (`--search`):
-- description, place names, weapon detail and perpetrator. An FTS5 index on
-- the incidents table's own columns (external content), kept in step by
-- triggers on every insert, update and delete, whichever command writes.

CREATE VIRTUAL TABLE incidents_search USING fts5(
    description, city, district, place, weapon_detail, perpetrator,
    content = 'incidents', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);

INSERT INTO incidents_search (incidents_search) VALUES ('rebuild');

CREATE TRIGGER incidents_search_insert AFTER INSERT ON incidents BEGIN
    INSERT INTO incidents_search (rowid, description, city, district, place, weapon_detail, perpetrator)
    VALUES (new.id, new.description, new.city, new.district, new.place, new.weapon_detail, new.perpetrator);
END;

CREATE TRIGGER incidents_search_delete AFTER DELETE ON incidents BEGIN
    INSERT INTO incidents_search (incidents_search, rowid, description, city, district, place, weapon_detail, perpetrator)
    VALUES ('delete', old.id, old.description, old.city, old.district, old.place, old.weapon_detail, old.perpetrator);
END;

CREATE TRIGGER incidents_search_update
AFTER UPDATE OF description, city, district, place, weapon_detail, perpetrator ON incidents BEGIN
    INSERT INTO incidents_search (incidents_search, rowid, description, city, district, place, weapon_detail, perpetrator)
    VALUES ('delete', old.id, old.description, old.city, old.district, old.place, old.weapon_detail, old.perpetrator);
    INSERT INTO incidents_search (rowid, description, city, district, place, weapon_detail, perpetrator)
    VALUES (new.id, new.description, new.city, new.district, new.place, new.weapon_detail, new.perpetrator);
END;

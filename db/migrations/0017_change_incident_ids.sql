-- The id an incident had when a change was logged, so that `harmtrack history 2`
-- still finds incident 2's changes after it was deleted (ids of deleted
-- incidents are not stored anywhere else). Changes logged before this
-- migration take the id of their incident if it is still stored; the changes
-- of incidents deleted earlier stay without one and are found by uid only.

ALTER TABLE changes ADD COLUMN incident_id INTEGER;

UPDATE changes SET incident_id = (SELECT incidents.id FROM incidents WHERE incidents.uid = changes.incident_uid);

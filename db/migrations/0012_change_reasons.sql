-- Why a change was made, in words: a dataset that reclassified an event
-- ("ACLED now classes it as Battles"), or a researcher's reason for an edit.
-- Empty for the changes logged before this migration.

ALTER TABLE changes ADD COLUMN reason TEXT;

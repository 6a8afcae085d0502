-- Sixth round of wording for `harmtrack extract`: diplomatic premises ("the premises of several diplomatic
-- missions", an embassy, a consulate). INSERT OR IGNORE: a team may have added some of these already with
-- `harmtrack vocab`.

INSERT OR IGNORE INTO site_kind_aliases (alias, kind) VALUES
    ('diplomatic mission', 'administrative'),
    ('diplomatic missions', 'administrative'),
    ('embassy', 'administrative'),
    ('consulate', 'administrative'),
    ('consulate general', 'administrative');

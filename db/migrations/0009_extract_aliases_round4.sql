-- Fourth round of wording for `harmtrack extract`: ships told by their cargo, repair shops and
-- depots, institutes, sports grounds, and the first aliases of the "other" site kind (garages),
-- which the extractor now drafts. INSERT OR IGNORE: a team may have added some of these already
-- with `harmtrack vocab`.

INSERT OR IGNORE INTO site_kind_aliases (alias, kind) VALUES
    ('grain carrier', 'transport'),
    ('cargo carrier', 'transport'),
    ('tanker', 'transport'),
    ('trolleybus depot', 'transport'),
    ('tram depot', 'transport'),
    ('bus depot', 'transport'),
    ('car repair shop', 'commercial'),
    ('auto repair shop', 'commercial'),
    ('car dealership', 'commercial'),
    ('educational institute', 'education'),
    ('research institute', 'education'),
    ('sports complex', 'cultural'),
    ('sports centre', 'cultural'),
    ('sports center', 'cultural'),
    ('stadium', 'cultural'),
    ('garage', 'other'),
    ('garage cooperative', 'other'),
    ('garage complex', 'other');

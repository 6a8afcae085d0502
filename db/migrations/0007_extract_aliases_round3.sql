-- Third round of wording for `harmtrack extract`: ships and port traffic (strikes on civilian
-- vessels in the Odesa ports), the metro, and aid vehicles. INSERT OR IGNORE: a team may have
-- added some of these already with `harmtrack vocab`.

INSERT OR IGNORE INTO site_kind_aliases (alias, kind) VALUES
    ('ship', 'transport'),
    ('vessel', 'transport'),
    ('civilian ship', 'transport'),
    ('civilian vessel', 'transport'),
    ('cargo ship', 'transport'),
    ('cargo vessel', 'transport'),
    ('container ship', 'transport'),
    ('bulk carrier', 'transport'),
    ('grain ship', 'transport'),
    ('merchant ship', 'transport'),
    ('merchant vessel', 'transport'),
    ('port infrastructure', 'transport'),
    ('port terminal', 'transport'),
    ('metro station', 'transport'),
    ('subway station', 'transport'),
    ('aid vehicle', 'humanitarian'),
    ('humanitarian aid vehicle', 'humanitarian'),
    ('humanitarian vehicle', 'humanitarian'),
    ('humanitarian aid distribution point', 'humanitarian'),
    ('humanitarian convoy', 'humanitarian');

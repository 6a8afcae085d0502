"""`list --search` on a terminal puts the best matches first on both engines."""

import pg

from harmtrack.recording import Recorder
from harmtrack.store import Filters, open_store

pg_server, pg_url = pg.pg_server, pg.pg_url  # the fixtures of tests/pg.py

LONG = "Shelling through the night damaged a bakery, a school, a clinic, power lines and eleven houses in the district"


def ranked_cities(location) -> list[str]:
    store = open_store(location, create=True)
    try:
        recorder = Recorder(store)
        recorder.add({"date": "2024-10-01", "city": "Kharkiv", "description": LONG})
        recorder.add({"date": "2024-10-20", "city": "Sumy", "description": "Drone hit a bakery"})
        recorder.add({"date": "2024-10-21", "city": "Odesa", "description": "Missile hit the port"})
        return [record["city"] for record in store.select(Filters(search="bakery"), ranked=True)]
    finally:
        store.close()


def test_the_short_record_that_holds_the_words_comes_first_on_both_engines(pg_url, tmp_path):
    assert ranked_cities(tmp_path / "field.db") == ["Sumy", "Kharkiv"]
    assert ranked_cities(pg_url) == ["Sumy", "Kharkiv"]

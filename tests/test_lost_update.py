"""No lost update on SQLite: an edit whose command opened the database before
another command changed the same field is refused, never written over it."""

import pytest

from harmtrack.recording import Edit, Recorder
from harmtrack.store import open_store
from harmtrack.store.contract import ConcurrentEdit


def test_an_edit_that_did_not_see_a_change_to_its_field_is_refused(tmp_path, monkeypatch):
    db = tmp_path / "team.db"
    monkeypatch.setenv("HARMTRACK_USER", "Ana")
    first = open_store(db, create=True)
    incident, _, _ = Recorder(first).add({"date": "2024-10-30", "city": "Sumy", "killed": 1})
    first.close()

    late = open_store(db, create=False, write=True)  # opened, then waiting for the lock
    early = open_store(db, create=False, write=True)
    Recorder(early).edit(incident, Edit(values={"killed": 2}))
    early.close()

    monkeypatch.setenv("HARMTRACK_USER", "Bohdan")
    with pytest.raises(ConcurrentEdit, match=r"killed changed by Ana .* nothing was changed"):
        Recorder(late).edit(incident, Edit(values={"killed": 3}))
    Recorder(late).edit(incident, Edit(values={"injured": 4}))  # another field: no clash
    assert late.get(incident)["killed"] == 2 and late.get(incident)["injured"] == 4
    late.close()

    again = open_store(db, create=False, write=True)  # run again, having seen the change: it lands
    Recorder(again).edit(incident, Edit(values={"killed": 3}))
    assert again.get(incident)["killed"] == 3
    again.close()

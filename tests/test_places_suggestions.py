"""The shipped "did you mean" index is the one the gazetteer and today's fold rules give."""

import gzip
import hashlib

from harmtrack import places
from harmtrack.shipped import data_file


def shipped_text() -> str:
    return gzip.decompress(data_file(places.SUGGESTION_FILE).read_bytes()).decode("utf-8")


def test_the_shipped_index_is_what_a_fresh_build_gives():
    """Fails after a change to the gazetteer or to how names fold: run tools/build_suggestions.py."""
    assert shipped_text() == places.suggestion_file_text()


def test_an_index_made_from_another_gazetteer_is_not_used():
    digest = hashlib.sha256(places.data_path().read_bytes()).hexdigest()
    assert places.read_suggestion_file(shipped_text(), digest) == places.build_suggestion_index()
    assert places.read_suggestion_file(shipped_text(), "0" * 64) is None


def test_a_suggestion_reads_the_same_from_the_shipped_index(monkeypatch):
    def not_built():
        raise AssertionError("the shipped index should have been read, not built")

    monkeypatch.setattr(places, "build_suggestion_index", not_built)
    places._suggestion_index.cache_clear()
    try:
        resolver = places.PlaceResolver({}, lambda: [], None)
        assert resolver.did_you_mean("Kharkov") == "; did you mean Kharkiv (Kharkiv Oblast)?"
    finally:
        places._suggestion_index.cache_clear()

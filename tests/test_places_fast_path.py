"""The import's short path for coordinates near a known place gives what the full path gives."""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from harmtrack import places

CITIES = ("Kharkiv", "Sumy", "Kherson", "Nikopol", "Kupiansk", "Odesa", "Lyman")
OFFSETS = st.floats(min_value=-0.2, max_value=0.2, allow_nan=False)
ODD = st.sampled_from([math.nan, math.inf, -math.inf, 1e300, None])


def both_paths(city: str, dlat: object, dlon: object) -> tuple[tuple, tuple]:
    resolver = places.PlaceResolver({}, lambda: [], None)
    resolver.resolve_fields(None, None, city)  # caches the triple
    triple = resolver._cache[(None, None, city)]
    assert triple.place_point is not None
    lat = triple.place_point[0] + dlat if isinstance(dlat, float) and math.isfinite(dlat) else dlat
    lon = triple.place_point[1] + dlon if isinstance(dlon, float) and math.isfinite(dlon) else dlon
    return resolver.resolve_fields(None, None, city, lat, lon), resolver._with_coordinates(triple, lat, lon)


@settings(max_examples=300)
@given(st.sampled_from(CITIES), OFFSETS, OFFSETS)
def test_coordinates_near_or_far_give_the_full_paths_answer(city, dlat, dlon):
    short, full = both_paths(city, dlat, dlon)
    assert short == full


@given(st.sampled_from(CITIES), st.one_of(OFFSETS, ODD), ODD)
def test_odd_coordinates_take_the_full_path(city, dlat, dlon):
    short, full = both_paths(city, dlat, dlon)
    assert repr(short) == repr(full)  # repr: NaN is not equal to itself

"""GeoJSON export: a FeatureCollection of Points, the record as properties.

Streamed one feature per line. An incident without coordinates has no place
on a map: it is left out, and counted so the caller can say so.
"""

import json
from collections.abc import Iterable
from typing import TextIO

from harmtrack.model import to_json


def write_geojson(records: Iterable[dict], stream: TextIO) -> tuple[int, int]:
    """Returns (features written, incidents left out for want of coordinates)."""
    written = left_out = 0
    stream.write('{"type": "FeatureCollection", "features": [')
    for record in records:
        latitude, longitude = record["latitude"], record["longitude"]
        if latitude is None or longitude is None:
            left_out += 1
            continue
        feature = {
            "type": "Feature",
            "id": record["uid"],
            "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
            "properties": to_json(record),
        }
        stream.write(("\n" if written == 0 else ",\n") + json.dumps(feature, ensure_ascii=False))
        written += 1
    stream.write("\n]}\n" if written else "]}\n")
    return written, left_out

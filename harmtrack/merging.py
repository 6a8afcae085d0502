"""What one incident looks like when several reports of it become one.

- The kept record is the one asked for, else the one with the most recent
  source date (the latest account usually carries the updated toll), else
  the newest record.
- It keeps its best figures; `killed_min`/`killed_max` and
  `injured_min`/`injured_max` span every merged record's best, min and max,
  so the range says what the sources said. A best figure the kept record
  lacks comes from the most recent record that has one.
- Sources and damaged sites are the union, without repeats (a site listed
  twice in one report stays twice: two houses are two sites).
- The others' descriptions are appended, each marked with its source.
- Status: discounted or contested if any record is (the strictest wins, and
  the reason says so); confirmed if any is; corroborated when the sources
  come from two or more publishers; else as the kept record had it.
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlsplit

from harmtrack import model
from harmtrack.errors import UsageError

RANGED = ("killed", "injured")
CHILDREN = ("children_killed", "children_injured")
FILLED = ("country", "region", "city", "district", "place", "latitude", "longitude", "weapon_detail", "perpetrator")


def choose_kept(records: list[dict], into: int | None) -> dict:
    if into is not None:
        for record in records:
            if record["id"] == into:
                return record
        raise UsageError(f"--into {into} is not one of the incidents being merged")
    return max(records, key=lambda record: (_latest_source_date(record), record["id"]))


def _latest_source_date(record: dict) -> str:
    return max((source["published"] or "" for source in record["sources"]), default="")


def combine(kept: dict, others: list[dict]) -> tuple[dict, str]:
    """The merged record (in JSON form, for model.validate) and why its status is what it is."""
    everyone = [kept, *sorted(others, key=lambda record: (_latest_source_date(record), record["id"]), reverse=True)]
    merged = model.to_json(kept)
    for name in FILLED:
        if merged[name] is None:
            merged[name] = next((record[name] for record in everyone if record[name] is not None), None)
    if merged["weapon"] == "unknown":
        merged["weapon"] = next((record["weapon"] for record in everyone if record["weapon"] != "unknown"), "unknown")
    for name in RANGED:
        merged.update(_span(everyone, name))
    for name in CHILDREN:
        merged[name] = next((record[name] for record in everyone if record[name] is not None), None)
    merged["sources"] = _union_sources(everyone)
    merged["damaged"] = _union_sites(everyone)
    merged["description"] = _descriptions(kept, others)
    merged["status"], why = _status(everyone, merged["sources"])
    return merged, why


def _span(records: list[dict], name: str) -> dict:
    best = next((record[name] for record in records if record[name] is not None), None)
    values = [value for record in records for value in _figures(record, name) if value is not None]
    if best is None or not values or min(values) == max(values):
        return {name: best, f"{name}_min": None, f"{name}_max": None}
    return {name: best, f"{name}_min": min(values), f"{name}_max": max(values)}


def _figures(record: dict, name: str) -> tuple:
    return record[name], record[f"{name}_min"], record[f"{name}_max"]


def _union_sources(records: list[dict]) -> list[dict]:
    seen: dict[str, dict] = {}
    for record in records:
        for source in record["sources"]:
            seen.setdefault(source["url"], dict(source))
    return list(seen.values())


def _union_sites(records: list[dict]) -> list[dict]:
    """Each (kind, name) as many times as the report that lists it most often."""
    most: Counter = Counter()
    order: list[tuple[str, str]] = []
    for record in records:
        counts = Counter(record["damaged"])
        for site, count in counts.items():
            if site not in most:
                order.append(site)
            most[site] = max(most[site], count)
    return [{"kind": kind, "name": name} for kind, name in order for _ in range(most[(kind, name)])]


def _descriptions(kept: dict, others: list[dict]) -> str | None:
    parts = [kept["description"]] if kept["description"] else []
    for other in others:
        if other["description"]:
            parts.append(f"[merged from {_label(other)}, uid {other['uid']}] {other['description']}")
    return "\n\n".join(parts) or None


def _label(record: dict) -> str:
    for source in record["sources"]:
        return _publisher(source)
    return "a record without sources"


def _publisher(source: dict) -> str:
    if source["publisher"]:
        return str(source["publisher"]).strip()
    host = urlsplit(source["url"]).hostname if "://" in source["url"] else None
    return host.removeprefix("www.") if host else source["url"].strip()


def _status(records: list[dict], sources: list[dict]) -> tuple[str, str]:
    statuses = {record["status"] for record in records}
    for strict in ("discounted", "contested"):
        if strict in statuses:
            return strict, f"one of the merged records is {strict}; the merged incident keeps that status"
    if "confirmed" in statuses:
        return "confirmed", "one of the merged records is confirmed by an authoritative source"
    publishers = {_publisher(source).casefold() for source in sources}
    if len(publishers) >= 2:
        return "corroborated", f"sources from {len(publishers)} publishers"
    kept = records[0]["status"]
    return kept, f"sources from {len(publishers)} publisher{'s' if len(publishers) != 1 else ''}: not corroborated"

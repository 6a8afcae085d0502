"""Which stored incidents are probably one event reported more than once.

The store proposes neighbours (the same settlement, overlapping dates,
compatible weapons, no district apart: store/blocking.py); this module
judges each pair by the rules of casualty recording and says why in words:

- kept apart: days more than one apart at day precision, different named
  sites on both sides, coordinates more than MAX_KM apart;
- brought together: the same settlement and day, the same weapon family (or
  delivery class, or debris and the missile it came from), the same site;
- counts may differ (a later toll is often higher), but a figure of 0 against
  several, or one far below the other, counts against the pair.

Pairs a person dismissed ("these are different events") are not proposed
again. Groups are the connected pairs; a group's score is its weakest pair's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from itertools import islice

from harmtrack.places import haversine_km
from harmtrack.store.contract import Filters, Store

THRESHOLD = 0.6
CHUNK_PAIRS = 2_000  # pairs judged at a time: their records are in memory together
MAX_KM = 10.0
COUNT_NOW = 20_000  # incidents up to which a report's caption counts open duplicate groups itself


@dataclass
class Group:
    ids: list[int]
    uids: list[str]
    score: float
    reasons: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"ids": self.ids, "uids": self.uids, "score": self.score, "reasons": self.reasons}


Pair = tuple[int, int, float, list[str]]  # lower id, higher id, score, reasons


def find_groups(
    store: Store,
    *,
    ids: list[int] | None = None,
    classes: dict[str, str],
    progress: Callable[[int], None] | None = None,
) -> list[Group]:
    """Groups of probable duplicates; with `ids`, only groups holding one of them."""
    judged, uids = find_pairs(store, ids=ids, classes=classes, progress=progress)
    return _groups(judged, uids)


def find_pairs(
    store: Store,
    *,
    ids: list[int] | None = None,
    classes: dict[str, str],
    progress: Callable[[int], None] | None = None,
    budget: int | None = None,
) -> tuple[list[Pair], dict[int, str]]:
    """The pairs that are probably one event (not dismissed), and the uids of
    the incidents in them. Candidates stream from the store and are judged a
    chunk at a time: memory holds one chunk's records and the pairs kept.
    `progress` hears the number of candidate pairs judged after each chunk;
    with a `budget`, judging stops once that many have been judged."""
    compared = 0
    dismissed = store.dismissed_pairs()
    judged: list[Pair] = []
    uids: dict[int, str] = {}
    seen: set[tuple[int, int]] = set()
    candidates = store.duplicate_candidates(ids)
    while batch := list(islice(candidates, CHUNK_PAIRS)):
        # A restricted search meets a pair from both of its incidents: a batch
        # may hold only pairs already judged, and the search goes on after it.
        chunk = list(dict.fromkeys(pair for pair in batch if pair not in seen))
        if ids is not None:
            seen.update(chunk)
        records = store.records(sorted({incident for pair in chunk for incident in pair}))
        for first, second in chunk:
            a, b = records[first], records[second]
            if tuple(sorted((a["uid"], b["uid"]))) in dismissed:
                continue
            verdict = judge(a, b, classes)
            if verdict is not None and verdict[0] >= THRESHOLD:
                judged.append((first, second, *verdict))
                uids[first], uids[second] = a["uid"], b["uid"]
        compared += len(chunk)
        if progress is not None:
            progress(compared)
        if budget is not None and compared >= budget:
            break
    return judged, uids


def judge(a: dict, b: dict, classes: dict[str, str]) -> tuple[float, list[str]] | None:
    """(score, reasons) for two incidents, or None when something keeps them apart."""
    reasons: list[str] = []
    score = 0.0
    for found in (_place(a, b), _dates(a, b), _weapons(a, b, classes), _sites(a, b), _distance(a, b)):
        if found is None:
            return None
        points, reason = found
        score += points
        if reason:
            reasons.append(reason)
    for name in ("killed", "injured"):
        points, reason = _counts(a, b, name)
        score += points
        if reason:
            reasons.append(reason)
    return round(min(max(score, 0.0), 1.0), 2), reasons


def _place(a: dict, b: dict) -> tuple[float, str] | None:
    if a["city"] is not None and a["city"] == b["city"]:
        if a["district"] and a["district"] == b["district"]:
            return 0.45, f"same city and district ({a['city']}, {a['district']})"
        return 0.4, f"same city ({a['city']})"
    if a["city"] is None and b["city"] is None and a["region"] == b["region"]:
        return 0.3, f"same region, no settlement on either side ({a['region']})"
    return None


def _dates(a: dict, b: dict) -> tuple[float, str] | None:
    first, second = date.fromisoformat(a["date"]), date.fromisoformat(b["date"])
    if a["date_precision"] == "day" and b["date_precision"] == "day":
        apart = abs((second - first).days)
        if apart == 0:
            return 0.3, "same day"
        if apart == 1:
            return 0.2, "a day apart (night reports land on either day)"
        return None
    return 0.1, f"overlapping periods ({_period(a)} and {_period(b)})"


def _period(record: dict) -> str:
    precision = record["date_precision"]
    return record["date"] if precision == "day" else f"{precision} of {record['date']}"


def _weapons(a: dict, b: dict, classes: dict[str, str]) -> tuple[float, str] | None:
    first, second = a["weapon"], b["weapon"]
    if first == second:
        return (0.05, "weapon unknown on both sides") if first == "unknown" else (0.25, f"both {first}")
    if "unknown" in (first, second):
        return 0.05, f"weapon unknown on one side ({second if first == 'unknown' else first} on the other)"
    if "debris" in (first, second):
        weapon = second if first == "debris" else first
        return 0.2, f"debris and the {weapon} it can come from"
    if classes.get(first) == classes.get(second):
        return 0.15, f"same delivery class ({classes.get(first)}): {first} and {second}"
    return None


def _sites(a: dict, b: dict) -> tuple[float, str] | None:
    first = {name.casefold() for _, name in a["damaged"] if name}
    second = {name.casefold() for _, name in b["damaged"] if name}
    if not first or not second:
        return 0.0, ""
    shared = first & second
    if not shared:
        return None  # two named sites: two places hit
    return 0.15, f"same site ({sorted(shared)[0]})"


def _distance(a: dict, b: dict) -> tuple[float, str] | None:
    if a["latitude"] is None or b["latitude"] is None:
        return 0.0, ""
    km = haversine_km(a["latitude"], a["longitude"], b["latitude"], b["longitude"])
    if km > MAX_KM:
        return None
    return 0.0, f"{km:.1f} km apart" if km >= 0.05 else ""


def _counts(a: dict, b: dict, name: str) -> tuple[float, str]:
    first, second = a[name], b[name]
    if first is None or second is None:
        return 0.0, ""
    low, high = sorted((first, second))
    if low == high:
        return 0.05, f"{name} {low} on both"
    if (low == 0 and high >= 3) or (high >= 5 and low * 4 < high):
        return -0.3, f"{name} {first} vs {second}: far apart"
    return 0.0, f"{name} {first} vs {second}"


def _groups(judged: list[Pair], uids: dict[int, str]) -> list[Group]:
    parent: dict[int, int] = {}

    def root(node: int) -> int:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for first, second, _, _ in judged:
        parent[root(second)] = root(first)
    members: dict[int, list[Pair]] = {}
    for pair in judged:
        members.setdefault(root(pair[0]), []).append(pair)
    groups = []
    for pairs in members.values():
        ids = sorted({incident for first, second, _, _ in pairs for incident in (first, second)})
        score = min(pair_score for _, _, pair_score, _ in pairs)
        if len(ids) == 2:
            reasons = pairs[0][3]
        else:
            reasons = [f"{first} and {second}: " + "; ".join(why) for first, second, _, why in pairs]
        groups.append(Group(ids, [uids[incident] for incident in ids], score, reasons))
    return sorted(groups, key=lambda group: (-group.score, group.ids))


def like_stored(store: Store, record: dict, classes: dict[str, str]) -> list[tuple[int, list[str]]]:
    """(id, reasons) of stored incidents that a record not stored (a draft) looks like."""
    stored = store.records(store.neighbours(record))
    found = []
    for incident, other in sorted(stored.items()):
        verdict = judge(record, other, classes)
        if verdict is not None and verdict[0] >= THRESHOLD:
            found.append((incident, verdict[1]))
    return found


def open_groups_note(store: Store, classes: dict[str, str]) -> str | None:
    """For a report's caption: how many possible duplicate groups are open.
    Counted now for a small database; for a large one, taken from the last
    `harmtrack dedupe` when nothing has changed since, else said to be unknown."""
    if store.count(Filters()) <= COUNT_NOW:
        open_groups = len(find_groups(store, classes=classes))
    else:
        last = store.last_duplicate_check()
        if last is None or last[0] != store.fingerprint():
            return "Not checked for duplicates since the data last changed: harmtrack dedupe"
        open_groups = last[1]
    if not open_groups:
        return None
    plural = "group" if open_groups == 1 else "groups"
    return f"{open_groups:,} possible duplicate {plural} not reviewed: harmtrack dedupe"

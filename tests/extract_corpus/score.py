"""Precision, recall and field accuracy of `harmtrack extract` on the collection.

    python tests/extract_corpus/score.py [tuned|tuned2..tuned6|heldout|heldout2..heldout6|shared|all] [-v]

Each NAME.txt has a NAME.expected.json: the publication date and the incidents
a careful reader codes (lists give every acceptable value). A predicted
incident matches an expected one in the same city (or region, when the
expected one has no city), preferring one whose date is acceptable.
"""

import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent / "fixtures" / "shared"
COUNT_FIELDS = ("killed", "injured", "children_killed", "children_injured")


def cases(which: str) -> list[Path]:
    found: list[Path] = []
    for part in (
        "tuned",
        "tuned2",
        "tuned3",
        "tuned4",
        "tuned5",
        "tuned6",
        "heldout",
        "heldout2",
        "heldout3",
        "heldout4",
        "heldout5",
        "heldout6",
    ):
        if which in (part, "all"):
            found += sorted((HERE / part).glob("*.expected.json"))
    if which in ("shared", "all", "tuned") and (SHARED / "roundup-days-978-982.expected.json").exists():
        found.append(SHARED / "roundup-days-978-982.expected.json")
    return found


def _city(name: str | None) -> str | None:
    from harmtrack import places

    if not name:
        return None
    return places.resolve(None, None, name).city


def _region(name: str | None) -> str | None:
    from harmtrack import places

    if not name:
        return None
    return places.resolve(None, name, None).region


def run(path: Path, vocabularies, lexicon):
    from harmtrack.extract import extract

    spec = json.loads(path.read_text(encoding="utf-8"))
    text = (path.parent / spec["text"]).read_text(encoding="utf-8")
    result = extract(text, vocabularies, published=date.fromisoformat(spec["published"]), lexicon=lexicon)
    return spec, [draft.raw() for draft in result.drafts]


def match(expected: list[dict], predicted: list[dict]) -> list[tuple[dict, dict | None]]:
    pairs = []
    free = list(range(len(predicted)))
    for want in expected:
        city, region = _city(want.get("city")), _region(want.get("region"))
        candidates = [
            i
            for i in free
            if (city and predicted[i]["city"] == city) or (not city and region and predicted[i]["region"] == region)
        ]
        if want.get("district"):
            candidates.sort(key=lambda i: predicted[i]["district"] != want["district"])
        dated = [i for i in candidates if predicted[i]["date"] in want["date"]]
        chosen = (dated or candidates or [None])[0]
        if chosen is not None:
            free.remove(chosen)
        pairs.append((want, predicted[chosen] if chosen is not None else None))
    return pairs


def field_checks(want: dict, got: dict) -> dict[str, bool]:
    checks = {
        "date": got["date"] in want["date"],
        "weapon": got["weapon"] in want["weapon"],
        "counts": all(got[name] == want.get(name) for name in COUNT_FIELDS),
        "killed": got["killed"] == want.get("killed"),
        "injured": got["injured"] == want.get("injured"),
        "children": all(got[name] == want.get(name) for name in ("children_killed", "children_injured")),
        "site kinds": Counter(d.split(":")[0] for d in got["damaged"])
        == Counter(d.split(":")[0] for d in want.get("damaged", [])),
        "sites exact": sorted(got["damaged"]) == sorted(want.get("damaged", [])),
    }
    if "district" in want:
        checks["district"] = got["district"] == want["district"]
    if "perpetrator" in want:
        checks["perpetrator"] = got["perpetrator"] == want["perpetrator"]
    return checks


def score(which: str = "all", verbose: bool = False) -> dict:
    from harmtrack import vocab
    from harmtrack.extract.lexicon import Lexicon

    vocabularies = vocab.shipped()
    lexicon = Lexicon(vocabularies)
    totals = Counter()
    fields = Counter()
    field_totals = Counter()
    for path in cases(which):
        spec, predicted = run(path, vocabularies, lexicon)
        pairs = match(spec["incidents"], predicted)
        hits = [(want, got) for want, got in pairs if got is not None]
        totals["expected"] += len(spec["incidents"])
        totals["predicted"] += len(predicted)
        totals["matched"] += len(hits)
        problems = []
        for want, got in hits:
            for name, ok in field_checks(want, got).items():
                field_totals[name] += 1
                fields[name] += ok
                if not ok and name != "sites exact":
                    shown = {k: got[k] for k in ("date", "weapon", "district", "perpetrator", *COUNT_FIELDS, "damaged")}
                    problems.append(f"  {want.get('city')}: {name} wrong: {shown}")
        missed = [want.get("city") or want.get("region") for want, got in pairs if got is None]
        used = {id(got) for _, got in hits}
        extra = [f"{got['city'] or got['region']} {got['date']}" for got in predicted if id(got) not in used]
        if verbose and (missed or extra or problems):
            print(f"{path.name}:")
            for name in missed:
                print(f"  MISSED {name}")
            for name in extra:
                print(f"  EXTRA  {name}")
            for line in dict.fromkeys(problems):
                print(line)
    precision = totals["matched"] / totals["predicted"] if totals["predicted"] else 1.0
    recall = totals["matched"] / totals["expected"] if totals["expected"] else 1.0
    result = {
        "reports": len(cases(which)),
        "expected": totals["expected"],
        "predicted": totals["predicted"],
        "matched": totals["matched"],
        "precision": precision,
        "recall": recall,
    }
    for name in field_totals:
        result[name] = fields[name] / field_totals[name]
    return result


def main(argv: list[str]) -> None:
    which = next((arg for arg in argv if not arg.startswith("-")), "all")
    result = score(which, verbose="-v" in argv)
    print(
        f"{which}: {result['reports']} reports, {result['expected']} expected incidents, "
        f"{result['predicted']} predicted, {result['matched']} matched"
    )
    print(f"  precision {result['precision']:.1%}  recall {result['recall']:.1%}")
    for name, value in result.items():
        if name not in ("reports", "expected", "predicted", "matched", "precision", "recall"):
            print(f"  {name:<12} {value:.1%} of matched incidents right")


if __name__ == "__main__":
    main(sys.argv[1:])

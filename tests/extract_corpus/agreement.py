"""How far two human coders agree on the real texts, beside the extractor on the same texts.

    python tests/extract_corpus/agreement.py        # figures
    python tests/extract_corpus/agreement.py -v     # and every disagreement, text by text

A sample of the never-tuned texts was coded a second time, blind: the second coder had
the excerpt, its publication date and the coding rules (real/README.md), never the first
coding, the file's name or the extractor's output. The second codings are in
real/second-coding/ under the texts' names.

The second coding is scored against the first exactly as the extractor's drafts are
(`score.match_real`: same city or coded spelling, a region-only incident only by a
city-less one, dates preferred), with two differences that make it fair to a coder
who, like the first, may list several acceptable values:

- a field agrees when the two codings accept a common value (the dates, the weapon
  families, a count given as a list);
- an incident the second coder marked optional is never an extra.

The same texts are then scored for the extractor against each coder, so that its
precision and recall can be read against the agreement of two careful people: the
ceiling any extractor can be measured to.
"""

import json
import sys
from collections import Counter
from datetime import date

import score

SECOND = score.REAL / "second-coding"


def _values(value) -> list:
    return value if isinstance(value, list) else [value]


def _as_draft(incident: dict) -> dict:
    """A coded incident in the shape of an extractor draft, its lists kept for the field checks."""
    from harmtrack import places

    name = _values(incident.get("city"))[0]  # the first spelling of a list
    region = incident.get("region")
    placed = places.resolve(None, region, name) if name else None
    return {
        "city": (placed.city or name) if placed else None,
        "country": (placed.country or "Ukraine") if placed else None,
        "region": score._region(region) if region else (placed.region if placed else None),
        "district": incident.get("district"),
        "date": _values(incident["date"])[0],
        "coded": incident,
    }


def _agree(first, second) -> bool:
    return bool(set(map(json.dumps, _values(first))) & set(map(json.dumps, _values(second))))


def field_agreement(first: dict, second: dict) -> dict[str, bool]:
    """The five scored fields, and the date, of two codings of one incident."""
    checks = {name: _agree(first.get(name), second.get(name)) for name in score.REAL_FIELDS}
    checks["date"] = _agree(first["date"], second["date"])
    return checks


def _optional(draft: dict) -> bool:
    return bool(draft.get("coded", {}).get("optional"))


def compare(reference: dict, drafts: list[dict]) -> tuple[Counter, list[str]]:
    """Counts of `drafts` (coded or extracted) matched against `reference`'s incidents: a draft of an optional
    incident is neither a hit nor an extra, nor is an unmatched incident the drafting coder marked optional."""
    pairs = score.match_real(reference["incidents"], drafts)
    totals: Counter = Counter()
    lines: list[str] = []
    required = [(want, got) for want, got in pairs if not want.get("optional")]
    used = {id(got) for _, got in pairs if got is not None}
    on_optional = {id(got) for want, got in pairs if want.get("optional") and got is not None}
    extras = [got for got in drafts if id(got) not in used and not _optional(got)]
    totals["expected"] += len(required)
    totals["matched"] += sum(got is not None for _, got in required)
    totals["drafts"] += sum(id(got) not in on_optional and (id(got) in used or not _optional(got)) for got in drafts)
    for want, got in required:
        place = want.get("city") or want.get("region")
        if got is None:
            lines.append(f"  MISSED {place} {want['date'][0]}")
            continue
        values = got.get("coded", got)
        for name, ok in field_agreement(want, values).items():
            totals[f"field:{name}"] += 1
            totals[f"agree:{name}"] += ok
            if not ok:
                lines.append(f"  {place}: {name}: {want.get(name)!r} / {values.get(name)!r}")
    for got in extras:
        lines.append(f"  EXTRA  {got['city'] or got['region']} {got['date']}")
    return totals, lines


def _extracted(spec: dict, vocabularies, lexicon) -> list[dict]:
    from harmtrack.extract import extract

    text = (score.REAL / "texts" / spec["text"]).read_text(encoding="utf-8")
    result = extract(text, vocabularies, published=date.fromisoformat(spec["published"]), lexicon=lexicon)
    return [draft.raw() for draft in result.drafts]


def measure(verbose: bool = False) -> dict[str, Counter]:
    from harmtrack import vocab
    from harmtrack.extract.lexicon import Lexicon

    vocabularies = vocab.shipped()
    lexicon = Lexicon(vocabularies)
    runs = ("second vs first", "first vs second", "extractor vs first", "extractor vs second")
    results: dict[str, Counter] = {key: Counter() for key in runs}
    for path in sorted(SECOND.glob("*.expected.json")):
        first = json.loads((score.REAL / "texts" / path.name).read_text(encoding="utf-8"))
        second = json.loads(path.read_text(encoding="utf-8"))
        extracted = _extracted(first, vocabularies, lexicon)
        compared = {
            "second vs first": (first, [_as_draft(i) for i in second["incidents"]]),
            "first vs second": (second, [_as_draft(i) for i in first["incidents"]]),
            "extractor vs first": (first, extracted),
            "extractor vs second": (second, extracted),
        }
        for key, (reference, drafts) in compared.items():
            totals, lines = compare(reference, drafts)
            results[key] += totals
            results[key]["texts"] += 1
            if verbose and lines and key == "second vs first":
                print(path.name.removesuffix(".expected.json") + ":")
                print("\n".join(lines))
    return results


def show(results: dict[str, Counter]) -> None:
    for key, totals in results.items():
        precision = totals["matched"] / totals["drafts"] if totals["drafts"] else 1.0
        recall = totals["matched"] / totals["expected"] if totals["expected"] else 1.0
        five = sum(totals[f"agree:{n}"] for n in score.REAL_FIELDS)
        five_n = sum(totals[f"field:{n}"] for n in score.REAL_FIELDS)
        fields = "  ".join(
            f"{n.replace('children_', 'ch. ')} {totals[f'agree:{n}'] / totals[f'field:{n}']:.1%}"
            for n in (*score.REAL_FIELDS, "date")
            if totals[f"field:{n}"]
        )
        print(
            f"{key:<20} {totals['texts']} texts: precision {precision:.1%} ({totals['matched']}/{totals['drafts']})"
            f"  recall {recall:.1%} ({totals['matched']}/{totals['expected']})"
            f"  5 fields {five / five_n if five_n else 1.0:.1%} of {five_n}"
        )
        print(f"{'':<20} {fields}")


if __name__ == "__main__":
    show(measure(verbose="-v" in sys.argv[1:]))

"""Where the extractor loses the incidents it misses, counted by stage, never listed text by text.

    python tests/extract_corpus/misses.py real-heldout-last
    python tests/extract_corpus/misses.py real-tune

A held-out set's per-text output is not read (it would make it a tuning set); these counts are figures
like precision and recall, and tell which stage of the pipeline to work on. A missed required incident
(as `score.match_real` pairs them) is put in the first class that fits:

- a draft of its place exists: a draft names its settlement (or, region-only, its region) but was matched to
  another incident of the text, or is the place with a city where a region-only incident was coded;
- region-only, no draft: the incident has no settlement and no region-only draft was made; split by what its
  evidence names (a raion, another attack, a day of its own, the region, nothing);
- place never read: no sentence of the text yields the settlement as a place (the gazetteer knows the name,
  or not);
- evidence not found: the coded evidence is not a sentence of the text as split (quotes joined by the coder);
- evidence read as an aggregate: the sentence was taken for a total;
- no harm or site read: the sentence's harm and damage were not recognised;
- frame logic: place, harm and sentence were all read, and the incident walk made no incident of them.
"""

import json
import re
import sys
from collections import Counter
from datetime import date

import score

_RAION = re.compile(r"\b(?:district|raion|rayon)\b", re.IGNORECASE)
_ANOTHER = re.compile(r"\b(?:another|separate|second|other)\b", re.IGNORECASE)
_OWN_DAY = re.compile(
    r"\b(?:on|since)\s+(?:\d{1,2}\s+[A-Z]\w+|[A-Z]\w+\s+\d{1,2}|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
    r"Sunday)\b|\bearlier\b|\bdays?\s+(?:ago|earlier|before)\b",
    re.IGNORECASE,
)
_REGION = re.compile(r"\b(?:region|oblast|province)\b", re.IGNORECASE)


def _fragments(evidence: str) -> list[str]:
    return [f for f in (_plain(part) for part in re.split(r"\s*\.\.\.\s*|…", evidence)) if len(f) >= 15]


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def _region_only_class(evidence: str) -> str:
    for pattern, name in ((_RAION, "a raion"), (_ANOTHER, "another attack"), (_OWN_DAY, "a day of its own")):
        if pattern.search(evidence):
            return f"region-only, no draft: its evidence names {name}"
    if _REGION.search(evidence):
        return "region-only, no draft: its evidence names the region"
    return "region-only, no draft: its evidence names no place (the region is the text's)"


def classify(want: dict, predicted: list[dict], analyses: list) -> str:
    from harmtrack.extract import places as place_rules

    cities = score._cities(want) | score._coded_names(want)
    region = score._region(want.get("region"))
    if cities:
        drafted = [d for d in predicted if d["city"] in cities]
    else:
        drafted = [d for d in predicted if not d["city"] and d["region"] == region]
    if drafted:
        return "a draft of its place exists (taken by another incident)"
    if not cities:
        if any(d["region"] == region for d in predicted):
            return "region-only, no draft: a settlement of the region took it"
        return _region_only_class(want.get("evidence") or "")
    if not any(m.name in cities or m.written in cities for a in analyses for m in a.places if m.kind == "city"):
        known = any(place_rules.city_lookup(name) is not None for name in cities)
        return "place never read as a settlement" + (" (the gazetteer has it)" if known else " (not in the gazetteer)")
    fragments = _fragments(want.get("evidence") or "")
    told = [a for a in analyses if any(f in _plain(a.text) or _plain(a.text) in f for f in fragments)]
    if not told:
        return "evidence not found as a sentence (quotes joined by the coder)"
    if any(a.aggregate for a in told):
        return "evidence read as an aggregate"
    if not any(a.harms or a.sites for a in told):
        return "no harm or site read in the evidence"
    return "harm and place read, no incident made (frame logic)"


def count_misses(which: str) -> Counter:
    from harmtrack import vocab
    from harmtrack.extract import _analyse, _without_datelines, extract, sentences
    from harmtrack.extract.boilerplate import blank_furniture
    from harmtrack.extract.lexicon import Lexicon

    vocabularies = vocab.shipped()
    lexicon = Lexicon(vocabularies)
    counts: Counter = Counter()
    for path in score.real_cases(which):
        spec = json.loads(path.read_text(encoding="utf-8"))
        if spec.get("language") == "uk":
            continue  # read by the Ukrainian rules, which have no such stages
        text = (path.parent / spec["text"]).read_text(encoding="utf-8")
        published = date.fromisoformat(spec["published"])
        predicted = [d.raw() for d in extract(text, vocabularies, published=published, lexicon=lexicon).drafts]
        analyses = _analyse(_without_datelines(sentences.split(blank_furniture(text))), lexicon, published)
        for want, got in score.match_real(spec["incidents"], predicted):
            if want.get("optional"):
                continue
            counts["required"] += 1
            if got is None:
                counts["missed"] += 1
                counts[classify(want, predicted, analyses)] += 1
    return counts


if __name__ == "__main__":
    which = sys.argv[1] if len(sys.argv) > 1 else "real-tune"
    counts = count_misses(which)
    print(f"{which}: {counts.pop('missed')} of {counts.pop('required')} required incidents missed (English texts)")
    for name, n in counts.most_common():
        print(f"  {n:4d}  {name}")

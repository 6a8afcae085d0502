"""Write split.json: the real texts, two-thirds for development, a third held out.

    python tests/extract_corpus/real/make_split.py

The split was drawn once, with seed 16, before the extractor had been run on any
real text. English (r*) and Ukrainian (u*) texts are split separately. Rerunning
this script gives the same split; adding texts changes it, so new texts should be
added to split.json by hand instead.
"""

import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 16


def split(names: list[str]) -> tuple[list[str], list[str]]:
    names = sorted(names)
    random.Random(SEED).shuffle(names)
    n_dev = round(len(names) * 2 / 3)
    return sorted(names[:n_dev]), sorted(names[n_dev:])


def main() -> None:
    stems = [p.name.removesuffix(".expected.json") for p in (HERE / "texts").glob("*.expected.json")]
    dev, heldout = split([s for s in stems if s.startswith("r")])
    uk_dev, uk_heldout = split([s for s in stems if s.startswith("u")])
    out = {
        "seed": SEED,
        "method": "sorted names, random.Random(seed).shuffle, first round(2/3 n) are dev; English and Ukrainian apart",
        "real-dev": dev,
        "real-heldout": heldout,
        "real-uk-dev": uk_dev,
        "real-uk-heldout": uk_heldout,
    }
    (HERE / "split.json").write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print({k: len(v) for k, v in out.items() if isinstance(v, list)})


if __name__ == "__main__":
    main()

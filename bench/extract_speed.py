"""How long `extract` takes on a 10,000-word text (target: well under a second).

    python bench/extract_speed.py

Builds the text from the shared roundup and a report of the test collection,
repeated, and prints the median of five runs after a warm-up.
"""

import statistics
import time
from datetime import date
from pathlib import Path

from harmtrack import vocab
from harmtrack.extract import extract
from harmtrack.extract.lexicon import Lexicon

TESTS = Path(__file__).resolve().parent.parent / "tests"


def main() -> None:
    paragraph = (TESTS / "fixtures" / "shared" / "roundup-days-978-982.txt").read_text(encoding="utf-8") + "\n\n"
    paragraph += (TESTS / "extract_corpus" / "tuned" / "t03_ki_daily.txt").read_text(encoding="utf-8") + "\n\n"
    text = paragraph
    while len(text.split()) < 10_000:
        text += paragraph
    vocabularies = vocab.shipped()
    lexicon = Lexicon(vocabularies)
    extract("warm up: a strike on Kharkiv killed two.", vocabularies, published=date(2024, 11, 4), lexicon=lexicon)
    times = []
    for _ in range(5):
        start = time.perf_counter()
        drafts = extract(text, vocabularies, published=date(2024, 11, 4), lexicon=lexicon).drafts
        times.append(time.perf_counter() - start)
    print(f"{len(text.split()):,} words, {len(drafts)} drafts: median {statistics.median(times):.3f} s")


if __name__ == "__main__":
    main()

"""Write harmtrack/data/gazetteer-suggestions.tsv.gz from the shipped gazetteer.

    python tools/build_suggestions.py

The "did you mean" index (places.build_suggestion_index) worked out once, so a
command does not fold every gazetteer key again. tools/build_gazetteer.py runs
this after writing the gazetteer; run it by hand after changing how names fold
(places._fold). A stale file is never used: it names the gazetteer it was made
from, and tests/test_places_suggestions.py checks it against a fresh build.
"""

import gzip
import sys
from pathlib import Path

from harmtrack import places

OUTPUT = Path(__file__).resolve().parent.parent / "harmtrack" / "data" / places.SUGGESTION_FILE


def main() -> None:
    data = gzip.compress(places.suggestion_file_text().encode("utf-8"), compresslevel=9, mtime=0)
    OUTPUT.write_bytes(data)
    print(f"wrote {OUTPUT} ({len(data):,} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()

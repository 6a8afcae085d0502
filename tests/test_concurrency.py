"""Several processes writing one database at once: all succeed, nothing lost."""

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor


def harmtrack_process(db, *args):
    return subprocess.run(
        [sys.executable, "-m", "harmtrack", "--db", str(db), *args], capture_output=True, text=True, timeout=120
    )


def test_concurrent_adds_into_a_new_database_all_land(tmp_path):
    db = tmp_path / "shared.db"
    jobs = [("add", "--date", "2024-10-30", "--city", "Kharkiv", "--killed", str(n)) for n in range(12)]
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda args: harmtrack_process(db, *args), jobs))
    for result in results:
        assert result.returncode == 0, result.stderr
        assert "locked" not in result.stderr
    listed = json.loads(harmtrack_process(db, "list", "--format", "json").stdout)
    assert sorted(record["killed"] for record in listed) == list(range(12))
    ids = sorted(int(result.stdout) for result in results)
    assert ids == list(range(1, 13))

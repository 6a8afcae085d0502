"""Everything harmtrack writes, import reads again: export, extract's drafts, a fixed rejects file, list output.

What harmtrack writes beside a record's fields is ignored: `list`'s `id` (this
database's number, not the record's identity), a rejects file's `error` (the
reason the row was refused), and extract's `evidence` (the sentences extract
also wrote as the description; a description edited in review is the one
kept). Any other unknown column or key is still an error.
"""

import csv
import io
import json
from pathlib import Path

from harmtrack.model import FIELDS

FIXTURES = Path(__file__).parent / "fixtures" / "mapping"
NEWS = (
    "KYIV, Oct 30 (Reuters) - A Russian missile strike on Kharkiv killed 3 people and injured 12, "
    "including two children, on Tuesday, the governor said.\n"
)


def exported(harmtrack, *args) -> list[dict]:
    return json.loads(harmtrack.ok("export", "--format", "json", *args).stdout)


def seed(harmtrack) -> None:
    harmtrack.ok(
        "add",
        "--date",
        "2024-10-30",
        "--city",
        "Kharkiv",
        "--killed",
        "3",
        "--injured",
        "12",
        "--weapon",
        "KAB-500",
        "--damaged",
        "residential:apartment building; no 5",
        "--source",
        "https://example.org/a",
        "--description",
        "Strike on a residential block.",
    )
    harmtrack.ok("add", "--date", "2024-11", "--region", "Sumy Oblast", "--injured", "2")


def other(harmtrack, tmp_path, name="copy.db"):
    """A second database, run the same way."""
    return type(harmtrack)(tmp_path / name)


# --------------------------------------------------------------------------- extract's drafts


def test_extract_json_goes_back_in_and_its_evidence_is_ignored(harmtrack, tmp_path):
    news = tmp_path / "news.txt"
    news.write_text(NEWS, encoding="utf-8")
    drafts = harmtrack.ok("extract", str(news), "--published", "2024-10-30", "--format", "json").stdout
    [draft] = json.loads(drafts)
    assert "evidence" in draft
    result = harmtrack.ok("import", "-", input=drafts)
    assert "imported 1 incident" in result.stderr
    [record] = exported(harmtrack)
    assert record["uid"] == draft["uid"]
    assert record["description"] == draft["evidence"] == draft["description"]
    assert (record["city"], record["killed"], record["injured"]) == ("Kharkiv", 3, 12)
    # a description edited in review is kept; the evidence does not come back over it
    draft["description"] = "Missile strike on Kharkiv (reviewed)."
    draft["uid"] = "3f2b8c1e-9d4a-4f6e-8b7a-2c1d0e9f8a7b"
    harmtrack.ok("import", "-", input=json.dumps([draft]))
    assert {record["description"] for record in exported(harmtrack)} == {
        draft["evidence"],
        "Missile strike on Kharkiv (reviewed).",
    }


def test_extract_jsonl_and_csv_go_back_in(harmtrack, tmp_path):
    news = tmp_path / "news.txt"
    news.write_text(NEWS, encoding="utf-8")
    lines = harmtrack.ok("extract", str(news), "--published", "2024-10-30", "--format", "jsonl").stdout
    harmtrack.ok("import", "-", input=lines)
    table = harmtrack.ok("extract", str(news), "--published", "2024-10-30", "--format", "csv").stdout
    again = other(harmtrack, tmp_path)
    again.ok("import", "-", input=table)
    assert exported(harmtrack) == exported(again)
    # the same draft twice is one incident
    result = harmtrack.ok("import", "-", input=table)
    assert "0 updated, 1 skipped" in result.stderr


# --------------------------------------------------------------------------- a fixed rejects file


def test_a_fixed_csv_rejects_file_goes_back_in(harmtrack, tmp_path):
    source = tmp_path / "in.csv"
    source.write_text(
        "date,city,killed,damaged\n"
        "2024-10-30,Kharkiv,3,residential:house\n"
        "2024-10-31,Odesa,three,education:school\n"
        "2024-11-01,Sumy,1,hangar:north\n",
        encoding="utf-8",
    )
    rejects = tmp_path / "rejects.csv"
    harmtrack.ok("import", str(source), "--skip-invalid", "--rejects", str(rejects))
    rows = list(csv.DictReader(rejects.open(encoding="utf-8")))
    assert [row["city"] for row in rows] == ["Odesa", "Sumy"]
    assert list(rows[0]) == ["date", "city", "killed", "damaged", "error"]
    text = rejects.read_text(encoding="utf-8").replace(",three,", ",3,").replace("hangar:north", "other:hangar")
    rejects.write_text(text, encoding="utf-8")
    result = harmtrack.ok("import", str(rejects))  # the error column is ignored
    assert "imported 2 incidents" in result.stderr
    assert sorted(record["city"] for record in exported(harmtrack)) == ["Kharkiv", "Odesa", "Sumy"]


def test_a_rejects_file_refused_again_has_one_error_column(harmtrack, tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("date,city,killed\n2024-10-31,Odesa,three\n", encoding="utf-8")
    first, second = tmp_path / "r1.csv", tmp_path / "r2.csv"
    harmtrack.ok("import", str(source), "--skip-invalid", "--rejects", str(first))
    harmtrack.ok("import", str(first), "--skip-invalid", "--rejects", str(second))  # not fixed yet
    header = next(csv.reader(second.open(encoding="utf-8")))
    assert header == ["date", "city", "killed", "error"]


def test_a_fixed_json_rejects_file_goes_back_in_as_csv(harmtrack, tmp_path):
    items = [
        {"date": "2024-10-30", "city": "Kharkiv", "killed": 3},
        {
            "date": "2024-10-31",
            "city": "Odesa",
            "killed": -2,
            "damaged": [{"kind": "residential", "name": "house; no 5"}, "education:school"],
            "sources": [{"url": "https://example.org/b", "publisher": None, "published": None}],
        },
    ]
    source = tmp_path / "in.json"
    source.write_text(json.dumps(items), encoding="utf-8")
    rejects = tmp_path / "rejects.csv"
    harmtrack.ok("import", str(source), "--skip-invalid", "--rejects", str(rejects))
    [row] = list(csv.DictReader(rejects.open(encoding="utf-8")))
    assert row["damaged"] == "residential:house\\; no 5;education:school"  # as the canonical CSV writes it
    assert row["sources"] == "https://example.org/b"
    rejects.write_text(rejects.read_text(encoding="utf-8").replace(",-2,", ",2,"), encoding="utf-8")
    harmtrack.ok("import", str(rejects))
    odesa = next(record for record in exported(harmtrack) if record["city"] == "Odesa")
    assert odesa["killed"] == 2
    assert odesa["damaged"] == [
        {"kind": "residential", "name": "house; no 5"},
        {"kind": "education", "name": "school"},
    ]
    assert [source["url"] for source in odesa["sources"]] == ["https://example.org/b"]


def test_a_fixed_rejects_file_of_a_mapped_json_dataset_goes_back_in_without_the_mapping(harmtrack, tmp_path):
    events = json.loads((FIXTURES / "bellingcat-timemap.json").read_text(encoding="utf-8"))
    events[2]["filters"][0]["value"] = "Spaceport"  # a type of area the mapping does not know
    source = tmp_path / "timemap.json"
    source.write_text(json.dumps(events), encoding="utf-8")
    rejects = tmp_path / "rejects.csv"
    result = harmtrack.ok(
        "import", str(source), "--map", "bellingcat-timemap", "--skip-invalid", "--rejects", str(rejects)
    )
    assert "'Spaceport' is not in [values.damaged] of the mapping bellingcat-timemap" in result.stderr
    [row] = list(csv.DictReader(rejects.open(encoding="utf-8")))
    assert list(row) == [*FIELDS, "error"]
    assert row["damaged"] == "Spaceport" and row["date"] == "02/24/2022"
    assert (row["weapon"], row["country"], row["city"]) == ("cluster-munition", "Ukraine", "Vuhledar")
    assert row["sources"] == "Bellingcat TimeMap CIV0004;https://example.org/posts/1004"
    rejects.write_text(
        rejects.read_text(encoding="utf-8").replace(",Spaceport,", ",transport:spaceport,"), encoding="utf-8"
    )
    harmtrack.ok("import", str(rejects), "--monthfirst")
    records = exported(harmtrack)
    assert len(records) == 6
    fixed = next(record for record in records if record["damaged"] == [{"kind": "transport", "name": "spaceport"}])
    assert (fixed["date"], fixed["city"], fixed["place"]) == ("2022-02-24", "Vuhledar", "Vuhledar")
    # the same uid the mapping gives: importing the fixed dataset later adds nothing twice
    result = harmtrack.ok("import", str(FIXTURES / "bellingcat-timemap.json"), "--map", "bellingcat-timemap")
    assert "imported 0 incidents" in result.stderr


# --------------------------------------------------------------------------- list and export


def test_list_output_goes_back_in(harmtrack, tmp_path):
    seed(harmtrack)
    for fmt in ("csv", "json", "jsonl"):
        listed = harmtrack.ok("list", "--format", fmt).stdout
        copy = other(harmtrack, tmp_path, f"{fmt}.db")
        copy.ok("import", "-", input=listed)
        assert copy.ok("export").stdout == harmtrack.ok("export").stdout


def test_an_id_column_and_key_are_ignored(harmtrack, tmp_path):
    seed(harmtrack)
    exported_csv = harmtrack.ok("export").stdout
    rows = list(csv.reader(io.StringIO(exported_csv)))
    with_id = io.StringIO()
    writer = csv.writer(with_id, lineterminator="\n")
    writer.writerow(["id", *rows[0]])
    writer.writerows([str(number), *row] for number, row in enumerate(rows[1:], 41))
    copy = other(harmtrack, tmp_path)
    copy.ok("import", "-", input=with_id.getvalue())
    assert copy.ok("export").stdout == exported_csv
    items = [{"id": number, **item} for number, item in enumerate(exported(harmtrack), 7)]
    copy_json = other(harmtrack, tmp_path, "json.db")
    copy_json.ok("import", "-", input=json.dumps(items))
    assert copy_json.ok("export").stdout == exported_csv


def test_export_goes_back_in_in_every_format(harmtrack, tmp_path):
    seed(harmtrack)
    expected = harmtrack.ok("export").stdout
    for fmt in ("csv", "json", "jsonl"):
        copy = other(harmtrack, tmp_path, f"{fmt}.db")
        copy.ok("import", "-", input=harmtrack.ok("export", "--format", fmt).stdout)
        assert copy.ok("export").stdout == expected


def test_other_unknown_columns_and_keys_are_still_refused(harmtrack, tmp_path):
    result = harmtrack("import", "-", input="date,city,notes\n2024-10-30,Kharkiv,x\n")
    assert result.exit_code == 1 and "unknown column 'notes'" in result.stderr
    result = harmtrack("import", "-", input='[{"date": "2024-10-30", "city": "Kharkiv", "notes": "x"}]')
    assert result.exit_code == 1 and "unknown field 'notes'" in result.stderr
    assert not harmtrack.db_path.exists()

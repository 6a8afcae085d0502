"""Hostile files, hostile text (issue "Hostile files, hostile text", item 9): lone surrogates, codecs that
are no text encodings, times that are no times, and text that made extraction quadratic. Each is a clean
one-line error (exit 1 for bad data, 2 for bad usage) or the right behaviour, never "internal error"."""

import csv
import json
import re
import time
from datetime import date

import pytest

from harmtrack import vocab
from harmtrack.dates import DateError, parse_date
from harmtrack.extract import extract
from harmtrack.extract.lexicon import Lexicon


def clean(result, code: int) -> None:
    """Exit `code` with one line of error, no traceback and no internal error."""
    assert result.exit_code == code, f"exit {result.exit_code}: {result.stderr}{result.exception!r}"
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr, result.stderr


def exported(harmtrack) -> list[dict]:
    return [json.loads(line) for line in harmtrack.ok("export", "--format", "jsonl").stdout.splitlines()]


# --------------------------------------------------------------------------- 1. lone surrogates

SURROGATE_MESSAGE = "field 'description' contains a lone surrogate \\ud800, which is not text"


def test_a_lone_surrogate_in_a_json_list_refuses_that_row_only(harmtrack, tmp_path):
    path = tmp_path / "list.json"
    path.write_text(
        '[{"date": "2024-10-01", "city": "Kharkiv", "description": "bad \\ud800 here"},\n'
        ' {"date": "2024-10-02", "city": "Sumy"}]',
        encoding="utf-8",
    )
    rejects = tmp_path / "rejects.csv"
    result = harmtrack("import", str(path), "--skip-invalid", "--rejects", str(rejects))
    clean(result, 0)
    assert f"list.json:1 (item 1): {SURROGATE_MESSAGE}" in result.stderr
    assert [record["city"] for record in exported(harmtrack)] == ["Sumy"]
    # the rejects file is UTF-8 text: the surrogate is written as the escape it was read from
    rows = list(csv.DictReader(rejects.read_text(encoding="utf-8").splitlines()))
    assert rows[0]["description"] == "bad \\ud800 here"
    assert rows[0]["error"] == SURROGATE_MESSAGE


def test_a_lone_surrogate_in_jsonl_names_the_line(harmtrack, tmp_path):
    path = tmp_path / "lines.jsonl"
    path.write_text(
        '{"date": "2024-10-02", "city": "Sumy"}\n'
        '{"date": "2024-10-01", "city": "Kharkiv", "description": "bad \\ud800 here"}\n',
        encoding="utf-8",
    )
    result = harmtrack("import", str(path))
    clean(result, 1)
    assert f"lines.jsonl:2: {SURROGATE_MESSAGE}" in result.stderr
    assert not harmtrack.db_path.exists() or exported(harmtrack) == []
    rejects = tmp_path / "rejects.csv"
    clean(harmtrack("import", str(path), "--skip-invalid", "--rejects", str(rejects)), 0)
    assert [record["city"] for record in exported(harmtrack)] == ["Sumy"]
    assert "\\ud800" in rejects.read_text(encoding="utf-8")


def test_a_lone_surrogate_anywhere_in_an_item_is_found(harmtrack, tmp_path):
    path = tmp_path / "nested.jsonl"
    items = [
        '{"date": "2024-10-01", "city": "Sumy", "sources": [{"url": "https://example.org/\\uDC00"}]}',
        '{"date": "2024-10-01", "city": "Sumy", "\\udfff": 1}',
        '"\\ud800"',
        # a surrogate pair is one character, and a backslash before "ud800" is no escape: both are text
        '{"date": "2024-10-02", "city": "Kharkiv", "description": "a pair \\ud83d\\ude00 is text"}',
        '{"date": "2024-10-03", "city": "Odesa", "description": "\\\\ud800 is six characters"}',
    ]
    path.write_text("\n".join(items) + "\n", encoding="utf-8")
    rejects = tmp_path / "rejects.csv"
    result = harmtrack("import", str(path), "--skip-invalid", "--rejects", str(rejects))
    clean(result, 0)
    assert "nested.jsonl:1: field 'sources' contains a lone surrogate \\udc00, which is not text" in result.stderr
    assert "nested.jsonl:2: field name '\\udfff' contains a lone surrogate \\udfff" in result.stderr
    assert "nested.jsonl:3: not a JSON object" in result.stderr
    rejects.read_text(encoding="utf-8")
    records = {record["city"]: record for record in exported(harmtrack)}
    assert records["Kharkiv"]["description"] == "a pair \U0001f600 is text"
    assert records["Odesa"]["description"] == "\\ud800 is six characters"


def test_csv_bytes_never_decode_to_a_lone_surrogate(harmtrack, tmp_path):
    path = tmp_path / "encoded.csv"
    path.write_bytes(b"date,city\n2024-10-30,Kharkiv\n2024-10-31,Sumy\xed\xa0\x80\n")  # UTF-8 of \ud800
    result = harmtrack("import", str(path), "--skip-invalid")
    clean(result, 1)
    assert "encoded.csv:3: cannot be read as utf-8 (byte 0xed)" in result.stderr


def test_utf7_that_decodes_to_a_lone_surrogate_names_the_line(harmtrack, tmp_path):
    path = tmp_path / "seven.csv"
    path.write_bytes(b"date,city\n2024-10-30,Kharkiv\n2024-10-31,Sumy+2AA-\n")
    result = harmtrack("import", str(path), "--encoding", "utf-7", "--skip-invalid")
    clean(result, 1)
    assert (
        "seven.csv:3: cannot be read as utf-7: it decodes to a lone surrogate \\ud800, which is not text"
        in result.stderr
    )


def test_utf16_with_an_unpaired_surrogate_names_the_line(harmtrack, tmp_path):
    path = tmp_path / "wide.csv"
    good = "date,city\r\n2024-10-30,Kharkiv\r\n2024-10-31,".encode("utf-16")  # little-endian, after a BOM
    path.write_bytes(good + b"\x00\xd8S\x00\r\x00\n\x00")
    result = harmtrack("import", str(path), "--encoding", "utf-16", "--skip-invalid")
    clean(result, 1)
    assert "wide.csv:3: cannot be read as utf-16: bytes 00 d8 are a lone surrogate, which is not text" in (
        result.stderr
    )


def test_utf16_decode_error_far_into_the_file_names_its_line(harmtrack, tmp_path):
    lines = ["date,city\r\n"] + [f"2024-10-{day % 28 + 1:02d},Kharkiv\r\n" for day in range(6000)]
    path = tmp_path / "long.csv"
    path.write_bytes("".join(lines).encode("utf-16-be") + b"\xdc\x00")  # > 64 KiB, then a lone low surrogate
    result = harmtrack("import", str(path), "--encoding", "utf-16-be")
    clean(result, 1)
    assert "long.csv:6002: cannot be read as utf-16-be: bytes dc 00 are a lone surrogate" in result.stderr


def test_utf16_files_still_import(harmtrack, tmp_path):
    rows = ["date,city,description\r\n", '2024-10-30,Харків,"two lines\r\nin one cell"\r\n', "2024-10-31,Sumy,\r\n"]
    path = tmp_path / "wide.csv"
    path.write_bytes("".join(rows).encode("utf-16"))
    harmtrack.ok("import", str(path), "--encoding", "utf-16")
    records = exported(harmtrack)
    assert [record["city"] for record in records] == ["Kharkiv", "Sumy"]
    assert records[0]["description"] == "two lines\r\nin one cell"


def test_utf16_without_a_byte_order_mark_says_which_to_pass(harmtrack, tmp_path):
    path = tmp_path / "bare.csv"
    path.write_bytes("date,city\n2024-10-30,Kharkiv\n".encode("utf-16-le"))
    result = harmtrack("import", str(path), "--encoding", "utf-16")
    clean(result, 1)
    assert "bare.csv:1: cannot be read as utf-16: it does not start with a byte-order mark" in result.stderr
    assert "--encoding utf-16-le" in result.stderr
    harmtrack.ok("import", str(path), "--encoding", "utf-16-le")


# --------------------------------------------------------------------------- 2. codecs that are no text encodings


@pytest.mark.parametrize("name", ["rot13", "base64", "hex", "zlib", "bz2", "uu", "quopri"])
def test_a_codec_that_is_no_text_encoding_is_refused(harmtrack, tmp_path, name):
    path = tmp_path / "a.csv"
    path.write_text("date,city\n2024-10-30,Kharkiv\n", encoding="utf-8")
    result = harmtrack("import", str(path), "--encoding", name)
    clean(result, 2)
    assert f"option --encoding: '{name}' is not a text encoding; e.g. utf-8, cp1251, cp1252, latin-1" in result.stderr
    assert not harmtrack.db_path.exists()


@pytest.mark.parametrize("name", ["idna", "punycode", "unicode_escape", "raw_unicode_escape", "undefined"])
def test_a_text_codec_that_reads_no_files_is_refused(harmtrack, tmp_path, name):
    path = tmp_path / "a.csv"
    path.write_text("date,city\n2024-10-30,Kharkiv\n", encoding="utf-8")
    result = harmtrack("import", str(path), "--encoding", name)
    clean(result, 2)
    assert f"option --encoding: '{name}' is not an encoding for files" in result.stderr


def test_extract_refuses_a_codec_that_is_no_text_encoding(harmtrack, tmp_path):
    path = tmp_path / "news.txt"
    path.write_text("A drone killed two people in Kharkiv on 30 October 2024.\n", encoding="utf-8")
    result = harmtrack("extract", str(path), "--encoding", "rot13", "--published", "2024-10-31")
    clean(result, 2)


def test_extract_says_why_a_codec_is_refused(harmtrack, tmp_path):
    path = tmp_path / "news.txt"
    path.write_text("A drone killed two people in Kharkiv on 30 October 2024.\n", encoding="utf-8")
    result = harmtrack("extract", str(path), "--encoding", "rot13", "--published", "2024-10-31")
    clean(result, 2)
    assert "'rot13' is not a text encoding; e.g. utf-8, cp1251, cp1252, latin-1" in result.stderr


def test_extract_refuses_text_that_decodes_to_a_lone_surrogate(harmtrack, tmp_path):
    path = tmp_path / "news.txt"
    path.write_bytes(b"Strikes hit Kharkiv.\nA drone killed two people in Kharkiv +2AA- on 30 October 2024.\n")
    result = harmtrack("extract", str(path), "--encoding", "utf-7", "--published", "2024-10-31")
    clean(result, 1)
    assert "news.txt:2: cannot be read as utf-7: it decodes to a lone surrogate \\ud800" in result.stderr


# --------------------------------------------------------------------------- 3. a time that is no time


@pytest.mark.parametrize(
    "value",
    [
        "2024-10-30T99:99",
        "2024-10-30T24:01",
        "2024-10-30T24:00:00.5",
        "2024-10-30T23:60",
        "2024-10-30T23:59:60",
        "2024-10-30 25:00:00",
        "2024-10-30T12:00+25:00",
        "2024-10-30T12:00-03:61",
    ],
)
def test_a_date_with_an_impossible_time_is_refused(value):
    with pytest.raises(DateError, match=re.escape(f"'{value}' has no valid time of day")):
        parse_date(value)


@pytest.mark.parametrize(
    "value",
    [
        "2024-10-30T23:59:59Z",
        "2024-10-30 00:00:00.000",
        "2024-10-30T00:00",
        "2024-10-30T24:00",
        "2024-10-30T24:00:00.000",
        "2024-10-30T12:30:15.123456+02:00",
        "2024-10-30T12:30-0530",
    ],
)
def test_a_date_with_a_time_of_day_is_read(value):
    assert parse_date(value) == (date(2024, 10, 30), "day")


def test_add_and_import_refuse_an_impossible_time(harmtrack, tmp_path):
    result = harmtrack("add", "--date", "2024-10-30T99:99", "--city", "Kharkiv", "--weapon", "unknown")
    clean(result, 2)
    assert "option --date: '2024-10-30T99:99' has no valid time of day" in result.stderr
    path = tmp_path / "times.csv"
    path.write_text("date,city\n2024-10-30T99:99,Kharkiv\n2024-10-30 23:59:59,Sumy\n", encoding="utf-8")
    result = harmtrack("import", str(path), "--skip-invalid")
    clean(result, 0)
    assert "times.csv:2: field 'date': '2024-10-30T99:99' has no valid time of day" in result.stderr
    assert [(record["date"], record["city"]) for record in exported(harmtrack)] == [("2024-10-30", "Sumy")]


# --------------------------------------------------------------------------- 4. extraction in linear time

ROUNDUP = (
    "KYIV, Oct 30 (Reuters) - Russian drones and missiles struck several Ukrainian regions overnight, killing "
    "at least five people and injuring 20, officials said on Wednesday.\n\n"
)
PLACES = (
    "Kharkiv, Sumy, Odesa, Kherson, Dnipro, Zaporizhzhia, Kramatorsk, Sloviansk, Pokrovsk, Kostiantynivka, "
    "Nikopol, Kryvyi Rih, Poltava, Chernihiv, Kyiv, Lviv, "
)
PARAGRAPHS = (
    "A Russian glide bomb hit an apartment building in Kharkiv on Tuesday, killing two people and injuring 14, "
    "Governor Oleh Syniehubov said.\n\n"
    "In Zaporizhzhia, a missile strike damaged a school and a hospital; three people were wounded, regional "
    "governor Ivan Fedorov said.\n\n"
    "Shelling of Kherson killed a 65-year-old man on Monday, the regional administration said. A drone attack "
    "on a bus injured five.\n\n"
    "Ukraine's air force said it shot down 40 of 60 Shahed drones launched overnight. Debris fell on a house in "
    "Kyiv's Obolonskyi district.\n\n"
)


def _repeat(unit: str, size: int) -> str:
    return unit * max(1, size // len(unit))


# Texts that were quadratic: one sentence of a thousand places, of Kyiv and the Dnipro named again and again
# (each looked back at the whole sentence), of sites; a paragraph repeating one place (one incident with a
# thousand sentences); a run of full stops; and ordinary paragraphs, for comparison.
SHAPES = {
    "place list": lambda size: ROUNDUP + "Strikes hit " + _repeat(PLACES, size) + "and Kyiv.\n",
    "paragraphs": lambda size: ROUNDUP + _repeat(PARAGRAPHS, size),
    "capitals": lambda size: (
        ROUNDUP + "Strikes hit " + _repeat("the Kyiv and the Dnipro and Moscow with ", size) + "Kyiv.\n"
    ),
    "sites": lambda size: (
        ROUNDUP
        + "A missile hit Kharkiv damaging "
        + _repeat("a school, a hospital, a house, an office, ", size)
        + "and a bus.\n"
    ),
    "one place": lambda size: ROUNDUP + _repeat("Kharkiv Oblast: a drone killed 2 people.\n", size),
    "full stops": lambda size: ROUNDUP + _repeat("word ", size // 2) + "." * (size // 2) + " x y\n",
}


@pytest.fixture(scope="module")
def reader():
    vocabularies = vocab.shipped()
    lexicon = Lexicon(vocabularies)

    def run(text: str) -> float:
        start = time.perf_counter()
        extract(text, vocabularies, published=date(2024, 10, 30), lexicon=lexicon)
        return time.perf_counter() - start

    run(ROUNDUP)  # the gazetteer and the patterns, loaded once
    return run


def test_a_long_list_of_places_is_extracted_quickly(harmtrack, tmp_path):
    """50 KB of one roundup and a list of places took over 10 s; it takes well under one."""
    path = tmp_path / "list.txt"
    path.write_text(SHAPES["place list"](50_000), encoding="utf-8")
    start = time.perf_counter()
    result = harmtrack("extract", str(path), "--published", "2024-10-30", "--format", "csv")
    clean(result, 0)
    assert time.perf_counter() - start < 5


@pytest.mark.slow
@pytest.mark.parametrize("shape", list(SHAPES))
def test_extraction_time_grows_linearly(reader, shape):
    """Twice the text takes about twice the time (under three times, and a little for noise)."""
    size = 50_000
    once = min(reader(SHAPES[shape](size)) for _ in range(2))
    twice = min(reader(SHAPES[shape](2 * size)) for _ in range(2))
    assert twice < 3 * once + 0.25, f"{shape}: {size:,} characters {once:.2f} s, {2 * size:,} {twice:.2f} s"


@pytest.mark.slow
def test_200_kb_of_places_is_extracted_in_seconds(reader):
    assert reader(SHAPES["place list"](200_000)) < 10

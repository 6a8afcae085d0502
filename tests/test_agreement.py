"""tests/extract_corpus/agreement.py: two codings of one text, compared as the scorer compares drafts."""

import importlib.util
from pathlib import Path

import pytest

CORPUS = Path(__file__).parent / "extract_corpus"


@pytest.fixture
def agreement(monkeypatch):
    monkeypatch.syspath_prepend(str(CORPUS))  # agreement.py imports score.py beside it
    spec = importlib.util.spec_from_file_location("extract_corpus_agreement", CORPUS / "agreement.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def incident(city=None, region=None, **fields):
    coded = {"date": ["2024-03-02"], "weapon": ["drone"], "killed": 1, "injured": None, "damaged": []}
    coded.update(fields)
    if city:
        coded["city"] = city
    if region:
        coded["region"] = region
    return coded


def test_the_same_coding_agrees_on_everything(agreement):
    first = {"incidents": [incident("Kharkiv", killed=2, injured=[5, 6]), incident(region="Sumy Oblast")]}
    totals, lines = agreement.compare(first, [agreement._as_draft(i) for i in first["incidents"]])
    assert (totals["matched"], totals["drafts"], totals["expected"]) == (2, 2, 2)
    assert totals["agree:killed"] == totals["field:killed"] == 2
    assert lines == []


def test_fields_agree_when_the_codings_accept_a_common_value(agreement):
    either_day = ["2024-03-01", "2024-03-02"]
    first = {"incidents": [incident("Odesa", date=either_day, weapon=["drone", "loitering-munition"])]}
    second = [incident("Odesa", date=["2024-03-02"], weapon=["loitering-munition"], injured=[None, 3])]
    totals, lines = agreement.compare(first, [agreement._as_draft(i) for i in second])
    assert totals["agree:date"] == totals["agree:weapon"] == totals["agree:injured"] == 1
    assert lines == []


def test_a_different_count_is_a_disagreement_on_that_field_only(agreement):
    first = {"incidents": [incident("Kherson", killed=3, injured=7)]}
    totals, lines = agreement.compare(first, [agreement._as_draft(incident("Kherson", killed=3, injured=8))])
    assert (totals["agree:killed"], totals["agree:injured"], totals["field:injured"]) == (1, 0, 1)
    assert lines == ["  Kherson: injured: 7 / 8"]


def test_optional_incidents_are_neither_hits_nor_extras(agreement):
    first = {"incidents": [incident("Kharkiv"), incident(region="Kharkiv Oblast", optional=True)]}
    second = [
        incident("Kharkiv"),
        incident(region="Kharkiv Oblast"),  # the first coder's optional tally, coded as required: no extra
        incident("Izium", optional=True),  # the second coder's optional, absent from the first: no extra
    ]
    totals, lines = agreement.compare(first, [agreement._as_draft(i) for i in second])
    assert (totals["matched"], totals["drafts"], totals["expected"]) == (1, 1, 1)
    assert lines == []


def test_a_village_the_gazetteer_lacks_matches_its_coded_spelling(agreement):
    first = {"incidents": [incident(["Shyikivka", "Shiykivka"])]}
    totals, _ = agreement.compare(first, [agreement._as_draft(incident("Shyikivka"))])
    assert totals["matched"] == 1


def test_a_missed_and_an_extra_incident_are_listed(agreement):
    first = {"incidents": [incident("Kupiansk")]}
    totals, lines = agreement.compare(first, [agreement._as_draft(incident("Izium"))])
    assert (totals["matched"], totals["drafts"], totals["expected"]) == (0, 1, 1)
    assert lines == ["  MISSED Kupiansk 2024-03-02", "  EXTRA  Izium 2024-03-02"]

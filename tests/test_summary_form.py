"""The structured summary form: lossless through its dict and the database, tolerant of old data."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt

import pytest

from db.database import open_database
from workbench.case import Case
from workbench.store import CaseStore
from workbench.summary.form import (
    DRAFTED_KEY,
    FIELDS,
    STUDY_FIELDS,
    TREATMENT_FIELDS,
    Study,
    SummaryForm,
    Treatment,
    parse_day,
)


def full_form() -> SummaryForm:
    return SummaryForm(
        age=46, sex="female", represented=True, injury_date="2025-09-12",
        mechanism="lifting a case of bottled water", body_regions=["low back"],
        diagnoses=["lumbar sprain/strain", "left lumbar radiculopathy"],
        treatments=[Treatment("physical therapy", "12 sessions", "2025-11-03 to 2026-01-09",
                              "temporary relief")],
        medications=["naproxen 550 mg twice daily"],
        studies=[Study("MRI", "lumbar spine", "2026-01-20", "L4-5 disc bulge")],
        exam_findings="positive straight leg raise on the left", work_status="modified duty",
        request_provider="Paul Placeholder, M.D.", request_date="2026-10-06",
        ur_date="2026-10-14", ur_outcome="non-certified", complaints="low back pain",
        drafted=["An earlier draft."],
    )


def test_fields_describe_every_stored_key():
    keys = [spec.key for spec in FIELDS]
    names = {f.name for f in dataclasses.fields(SummaryForm)} - {"drafted", "extra", "unreadable"}
    assert set(keys) == names and len(keys) == len(set(keys))
    assert set(SummaryForm().to_dict()) == set(keys)
    assert [spec.key for spec in TREATMENT_FIELDS] == ["kind", "count", "dates", "outcome"]
    assert [spec.key for spec in STUDY_FIELDS] == ["kind", "region", "date", "findings"]
    assert all(spec.label for spec in FIELDS + TREATMENT_FIELDS + STUDY_FIELDS)


def test_round_trip_is_lossless():
    form = full_form()
    data = form.to_dict()
    assert data[DRAFTED_KEY] == ["An earlier draft."]
    assert data["treatments"][0] == {"kind": "physical therapy", "count": "12 sessions",
                                     "dates": "2025-11-03 to 2026-01-09",
                                     "outcome": "temporary relief"}
    assert SummaryForm.from_dict(data) == form
    assert SummaryForm.from_dict(data).to_dict() == data
    assert SummaryForm.from_dict({}).to_dict() == SummaryForm().to_dict()


def test_unknown_keys_are_kept_at_every_level():
    data = full_form().to_dict()
    data["pain_score"] = {"worst": 8}
    data["treatments"][0]["provider"] = "Tom Demo, DPT"
    data["studies"][0]["facility"] = "Example Imaging"
    form = SummaryForm.from_dict(copy.deepcopy(data))
    form.age = 47
    again = form.to_dict()
    assert again["pain_score"] == {"worst": 8}
    assert again["treatments"][0]["provider"] == "Tom Demo, DPT"
    assert again["studies"][0]["facility"] == "Example Imaging"
    assert again["age"] == 47


@pytest.mark.parametrize("junk", [None, 7, "text", [1, 2], {"a": {"b": []}}, True, 3.5, [None],
                                  [{"kind": ["x"]}], ["a", {"b": 1}]])
def test_malformed_values_never_raise(junk):
    data = {spec.key: junk for spec in FIELDS} | {DRAFTED_KEY: junk}
    form = SummaryForm.from_dict(data)
    again = form.to_dict()
    assert SummaryForm.from_dict(again).to_dict() == again
    for value in (form.injury_on, form.request_on, form.ur_on, form.empty):
        assert value is None or isinstance(value, (dt.date, bool))


@pytest.mark.parametrize("data", [None, [], "a form", 42])
def test_a_stored_form_that_is_not_a_dict_reads_as_empty(data):
    assert SummaryForm.from_dict(data) == SummaryForm()


def test_unreadable_values_stay_until_the_reviewer_fills_the_field():
    form = SummaryForm.from_dict({"age": "fifty-nine", "sex": "unknown", "studies": "see MRI",
                                  "treatments": [{"kind": "PT", "count": ["x", "y"]}]})
    assert form.age is None and form.sex is None and form.studies == []
    assert form.unreadable == {"age": "fifty-nine", "sex": "unknown", "studies": "see MRI"}
    assert form.treatments[0].kind == "PT" and form.treatments[0].count == ""
    data = form.to_dict()
    assert (data["age"], data["sex"], data["studies"]) == ("fifty-nine", "unknown", "see MRI")
    assert data["treatments"][0]["count"] == ["x", "y"]
    form.age, form.studies = 59, [Study("MRI")]
    form.treatments[0].count = "8"
    data = form.to_dict()
    assert data["age"] == 59 and data["studies"][0]["kind"] == "MRI" and data["sex"] == "unknown"
    assert data["treatments"][0]["count"] == "8"


def test_older_shapes_are_read_into_the_fields():
    form = SummaryForm.from_dict({
        "age": "59", "sex": "M", "represented": "yes", "diagnoses": "cervicalgia; lumbar strain",
        "treatments": ["chiropractic", {"kind": "PT", "count": 12}], "medications": ["Norco", 5],
        "injury_date": "6/27/02", "studies": [{"kind": "MRI", "date": "February 2014"}],
    })
    assert (form.age, form.sex, form.represented) == (59, "male", True)
    assert form.diagnoses == ["cervicalgia", "lumbar strain"]
    assert form.treatments == [Treatment("chiropractic"), Treatment("PT", "12")]
    assert form.medications == ["Norco", "5"]
    assert form.injury_date == "6/27/02" and form.injury_on == dt.date(2002, 6, 27)
    assert form.studies[0].date == "February 2014" and form.studies[0].day is None
    assert SummaryForm.from_dict({"age": 59.0, "represented": "No"}).represented is False
    assert SummaryForm.from_dict({"age": True}).age is None
    assert SummaryForm.from_dict({"age": 200}).unreadable == {"age": 200}


def test_dates_are_iso_in_the_dict_and_dates_on_the_form():
    form = SummaryForm()
    form.injury_on = dt.date(2007, 12, 17)
    form.request_on = dt.date(2015, 4, 15)
    form.ur_on = dt.date(2015, 4, 24)
    assert (form.injury_date, form.request_date, form.ur_date) == (
        "2007-12-17", "2015-04-15", "2015-04-24")
    assert form.ur_on == dt.date(2015, 4, 24)
    form.ur_on = None
    assert form.ur_date is None
    assert parse_day("2015-02-30") is None and parse_day("soon") is None
    assert parse_day(" 04/15/2015 ") == dt.date(2015, 4, 15)
    assert parse_day("1/22/13") == dt.date(2013, 1, 22)


def test_empty_means_nothing_filled_in():
    assert SummaryForm().empty and SummaryForm(drafted=["x"], extra={"a": 1}).empty
    assert not SummaryForm(age=40).empty and not SummaryForm(treatments=[Treatment()]).empty


def test_form_and_draft_survive_the_database(tmp_path):
    database = open_database(str(tmp_path / "cases.sqlite3"))
    try:
        store = CaseStore(database)
        data = full_form().to_dict() | {"pain_score": 7}
        case_id = store.add(Case("MAXIMUS Federal Services", "MAXIMUS", summary_form=data))
        stored = store.get(case_id).summary_form
        assert stored == data
        assert SummaryForm.from_dict(stored) == SummaryForm.from_dict(data)
    finally:
        database.close()

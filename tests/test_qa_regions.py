"""``region-mismatch``: body region, spinal level and side, between item, rationale and records."""

from __future__ import annotations

import pytest

import qa_cases
from workbench.qa.checks import check_case
from workbench.qa.regions import compatible, item_mismatches, levels, places
from workbench.store import CaseStore


def test_levels_are_read_in_every_way_letters_write_them_and_sequences_are_not_levels():
    found = [level.name for level in levels(
        "L4-5, L5-S1, C5-C6, L4/5, the right L5 root; T2-weighted images; S1 heart sound")]
    assert found == ["L4-5", "L5-S1", "C5-6", "L4-5", "L5"]


def test_places_carry_the_side_said_before_them():
    found = [(p.region, p.side) for p in places(
        "Right L4 transforaminal ESI, left knee and right shoulder; neck pain")]
    assert found == [("lumbar spine", "right"), ("knee", "left"), ("shoulder", "right"),
                     ("cervical spine", None)]


def test_near_regions_are_compatible_and_far_ones_not():
    assert compatible("lumbar spine", "lower extremity") and compatible("hand", "wrist")
    assert not compatible("lumbar spine", "cervical spine") and not compatible("knee", "shoulder")


@pytest.mark.parametrize("description, rationale, words", [
    ("MRI of the lumbar spine", "Imaging of the cervical spine is reserved for red flags. "
     "The neck examination was normal.", "region|cervical spine"),
    ("Left L4-5 transforaminal epidural steroid injection", "The MRI shows an L5-S1 "
     "extrusion.", "level|L5-S1"),
    ("Physical therapy for the left shoulder", "The right shoulder abducts to 90 degrees.",
     "side|right|shoulder"),
])
def test_the_rationale_discussing_another_region_level_or_side_is_named(description, rationale,
                                                                       words):
    found = item_mismatches(description, rationale)
    assert [w for _tail, _span, w in found] == [words]
    _tail, (start, end), _ = found[0]
    assert rationale[start:end].lower() in rationale.lower()


@pytest.mark.parametrize("description, rationale", [
    ("MRI of the lumbar spine", "The patient has neck and low back pain radiating to the leg."),
    ("MRI of the lumbar spine", "Straight leg raise is positive on the right at 30 degrees."),
    ("Left L4-5 ESI", "The MRI shows an L4-5 protrusion touching the L5 root."),
    ("Physical therapy for the left shoulder", "The left shoulder abducts to 90 degrees."),
    # The conclusion restates the request; it does not discuss another region.
    ("MRI of the lumbar spine", "Therefore, the request for MRI of the cervical spine is not "
     "medically necessary."),
    ("Norco 10/325 mg #60", "The patient has neck pain."),
])
def test_agreeing_rationales_are_not_named(description, rationale):
    assert item_mismatches(description, rationale) == []


def test_published_letters_raise_few_region_findings():
    import json
    from pathlib import Path

    from workbench.letters.reader import read_letter

    letters = sorted((Path(__file__).resolve().parents[2] / "shared" / "real-letters")
                     .glob("*.pdf"))
    items = [item for path in letters for item in read_letter(path).case.items]
    found = [item.description for item in items
             if item_mismatches(item.description, "\n\n".join(item.rationale))]
    # Both are real slips of those letters (a right hip item whose rationale says "left hips";
    # a left hand item whose rationale speaks of right fingers), not misreadings.
    assert len(found) <= 2, json.dumps(found)


def test_records_that_name_only_the_other_side_are_named(tmp_path, monkeypatch):
    monkeypatch.setenv("IMR_WORKBENCH_CONFIG", str(tmp_path / "config"))
    database, case_id = qa_cases.load(qa_cases.records_side("knee-mri"), tmp_path)
    try:
        case = CaseStore(database).get(case_id)
        found = [f for f in check_case(database, case) if f.check == "region-mismatch"]
        messages = " | ".join(f.message for f in found)
        assert "the records speak of the left knee, never the right" in messages
        assert any(p[2].startswith("(PR-2, 04/21/2015") for f in found for p in f.pages)
    finally:
        database.close()

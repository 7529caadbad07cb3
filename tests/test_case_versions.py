"""Two writers on one case: versions, refused stale saves, writes of changed rows only, merges."""

from __future__ import annotations

import copy
import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import event

from workbench.case import Case, Citation, Decision, Item, Role
from workbench.changes import CASE, FORM, ITEMS, SUMMARY, case_changes
from workbench.errors import Conflict
from workbench.merging import merge_cases
from workbench.startup import open_workbench
from workbench.store import CaseStore

ROOT = Path(__file__).resolve().parent.parent


def _same(stored: Case, case: Case) -> bool:
    """Equal content; the stored copy's time of change is the database's."""
    return dataclasses.replace(stored, updated_at=case.updated_at) == case


def _case(items: int = 5) -> Case:
    case = Case("Org", "ORG", case_number="CM26-0001", summary=["First paragraph."],
                summary_form={"age": "45"})
    for n in range(items):
        item = Item(f"Item {n}", Decision.UPHELD, rationale=[f"Rationale {n}."])
        item.citations(Role.REVIEWER).append(Citation("MTUS", f"Topic {n}", pages="1"))
        case.items.append(item)
    return case


@pytest.fixture
def store(tmp_path: Path) -> CaseStore:
    database = open_workbench(str(tmp_path / "cases.sqlite3"))
    yield CaseStore(database)
    database.close()


def test_each_save_counts_the_version_up_and_a_stale_copy_is_refused(store: CaseStore):
    case_id = store.add(_case())
    mine, theirs = store.get(case_id), store.get(case_id)
    assert mine.version == theirs.version == 1
    theirs.claim_number = "ADJ-1"
    assert store.save(theirs) == 2 and theirs.version == 2
    mine.summary = ["Mine."]
    with pytest.raises(Conflict) as refused:
        store.save(mine)
    assert refused.value.stored_version == 2 and "\n" not in str(refused.value)
    stored = store.get(case_id)
    assert stored.summary == ["First paragraph."] and stored.claim_number == "ADJ-1"
    assert stored.version == 2


def test_a_save_writes_only_the_rows_that_changed(store: CaseStore):
    case_id = store.add(_case(items=6))
    case = store.get(case_id)
    case.items[3].rationale.append("Another paragraph.")
    statements: list[str] = []

    def seen(_conn, _cursor, statement, _params, _context, _many):
        statements.append(statement.split()[0] + " " + statement.split()[2 if
                          statement.startswith(("INSERT", "DELETE")) else 1])

    engine = store.database.engine
    event.listen(engine, "before_cursor_execute", seen)
    try:
        store.save(case)
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    writes = [s for s in statements if not s.startswith("SELECT")]
    assert writes == ["UPDATE cases", "UPDATE items"]
    assert _same(store.get(case_id), case)


def test_saves_of_added_removed_and_moved_items_and_citations_read_back(store: CaseStore):
    case_id = store.add(_case(items=3))
    case = store.get(case_id)
    case.items.append(Item("New", Decision.OVERTURNED))
    case.items[0], case.items[1] = case.items[1], case.items[0]
    case.items[2].citations(Role.CLAIMS_ADMINISTRATOR).append(Citation("ODG", "Low Back"))
    del case.items[1].reviewer_citations[0]
    case.credentials.certifications = ["Orthopaedic Surgery"]
    store.save(case)
    assert _same(store.get(case_id), case)
    case.items = case.items[:1]
    store.save(case)
    assert _same(store.get(case_id), case)


def test_changes_name_the_parts_and_items_that_differ():
    before = _case()
    after = copy.deepcopy(before)
    assert not case_changes(before, after)
    after.items[2].decision = Decision.OVERTURNED
    after.summary_form["sex"] = "female"
    changes = case_changes(before, after)
    assert changes.parts == {ITEMS, FORM} and changes.items == {2}
    after.claim_number, after.summary = "X", []
    assert case_changes(before, after).parts == {ITEMS, FORM, CASE, SUMMARY}


def test_merge_combines_different_parts_and_reports_the_same_part_changed_twice():
    base = _case()
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    mine.summary = ["Mine."]
    mine.items[1].rationale = ["My rationale."]
    mine.summary_form["sex"] = "male"
    theirs.claim_number = "ADJ-9"
    theirs.items[3].decision = Decision.OVERTURNED
    theirs.summary_form["age"] = "46"
    merge = merge_cases(base, mine, theirs)
    assert merge.conflicts == []
    merged = merge.case
    assert merged.summary == ["Mine."] and merged.claim_number == "ADJ-9"
    assert merged.items[1].rationale == ["My rationale."]
    assert merged.items[3].decision is Decision.OVERTURNED
    assert merged.summary_form == {"age": "46", "sex": "male"}

    theirs.items[1].rationale = ["Their rationale."]
    theirs.summary = ["Theirs."]
    merge = merge_cases(base, mine, theirs)
    assert [c.label for c in merge.conflicts] == ["Clinical case summary", "Item 2: rationale"]
    assert merge.resolved("mine").items[1].rationale == ["My rationale."]
    assert merge.resolved("mine").claim_number == "ADJ-9"
    assert merge.resolved("theirs").summary == ["Theirs."]
    assert merge.resolved("theirs").summary_form == {"age": "46", "sex": "male"}


def test_merge_of_item_lists_changed_in_length_on_both_sides_is_one_conflict():
    base = _case(items=2)
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    mine.items.append(Item("Mine", Decision.UPHELD))
    theirs.items.pop()
    merge = merge_cases(base, mine, theirs)
    assert [c.key for c in merge.conflicts] == [("items",)]
    only_mine = merge_cases(base, mine, copy.deepcopy(base))
    assert not only_mine.conflicts and len(only_mine.case.items) == 3


_RACER = r"""
import json, sys
from workbench.errors import Conflict
from workbench.startup import open_workbench
from workbench.store import CaseStore

path, case_id, tag, count = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
store = CaseStore(open_workbench(path))
landed, refused = [], []
case = store.get(case_id)
for n in range(count):
    key = f"{tag}-{n}"
    case.summary_form[key] = n
    try:
        store.save(case)
        landed.append(key)
    except Conflict:
        refused.append(key)
        case = store.get(case_id)  # start again from what is stored
print(json.dumps({"landed": landed, "refused": refused}))
"""


def test_two_processes_saving_one_case_in_races_lose_nothing_unreported(tmp_path: Path):
    path = tmp_path / "race.sqlite3"
    database = open_workbench(str(path))
    store = CaseStore(database)
    case_id = store.add(_case(items=2))
    database.close()
    count = 1000
    children = [subprocess.Popen([sys.executable, "-c", _RACER, str(path), str(case_id), tag,
                                  str(count)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
                for tag in ("a", "b")]
    reports = [json.loads(child.communicate(timeout=600)[0]) for child in children]
    assert all(child.returncode == 0 for child in children)
    final = CaseStore(open_workbench(str(path))).get(case_id)
    for report in reports:
        assert len(report["landed"]) + len(report["refused"]) == count
        missing = [key for key in report["landed"] if key not in final.summary_form]
        assert missing == []  # every landed save is still there
        assert not any(key in final.summary_form for key in report["refused"])
    assert sum(len(r["refused"]) for r in reports) > 0  # the two really raced
    assert final.version == 1 + sum(len(r["landed"]) for r in reports)


def test_a_move_on_one_side_and_an_edit_on_the_other_is_one_conflict_over_the_list():
    base = _case(items=2)
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    mine.items.reverse()  # B moved above A
    theirs.items[0].decision = Decision.OVERTURNED  # A edited in place
    merge = merge_cases(base, mine, theirs)
    assert [c.key for c in merge.conflicts] == [("items",)]
    assert [i.description for i in merge.resolved("theirs").items] == ["Item 0", "Item 1"]
    assert [i.description for i in merge.resolved("mine").items] == ["Item 1", "Item 0"]
    moved_only = merge_cases(base, mine, copy.deepcopy(base))
    assert not moved_only.conflicts
    assert [i.description for i in moved_only.case.items] == ["Item 1", "Item 0"]


def test_a_citation_added_elsewhere_and_a_rationale_typed_here_in_one_item_combine():
    base = _case(items=3)
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    mine.items[2].rationale.append("Typed in the window.")
    theirs.items[2].citations(Role.REVIEWER).append(Citation("ODG", "Low Back", section="MRIs"))
    merge = merge_cases(base, mine, theirs)
    assert merge.conflicts == []
    item = merge.case.items[2]
    assert item.rationale[-1] == "Typed in the window."
    assert [c.source for c in item.reviewer_citations] == ["MTUS", "ODG"]

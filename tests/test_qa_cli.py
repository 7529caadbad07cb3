"""``qa check CASE [--json]`` in a child process: findings printed, exit 0 when none at or
above warning is left unacknowledged, 1 otherwise, 2 for a case that does not exist."""

from __future__ import annotations

import datetime as dt
import json

from workbench.case import Case, Decision, Item
from workbench.startup import open_workbench
from workbench.store import CaseStore

SUMMARY = ("The patient is a 45-year-old man with low back pain since a fall at work. On "
           "05/01/2015 utilization review non-certified the request for a TENS unit.")


def _store(cli, decision: Decision) -> int:
    database = open_workbench(str(cli.db_path))
    try:
        case = Case("MAXIMUS Federal Services", "MAXIMUS", case_number="CM15-0000001",
                    ur_decision_on=dt.date(2015, 5, 1), summary=[SUMMARY],
                    items=[Item("TENS unit", decision, number=1, rationale=[
                        "The patient has chronic low back pain without neuropathic features. "
                        "Therefore, the request for a TENS unit is not medically necessary."])])
        return CaseStore(database).add(case)
    finally:
        database.close()


def test_a_clean_case_exits_0_and_says_so(cli):
    case_id = _store(cli, Decision.UPHELD)
    done = cli("qa", "check", str(case_id))
    assert done.code == 0, done.err
    assert done.out.strip() == f"Case {case_id}: no findings"


def test_findings_exit_1_and_print_id_severity_item_message_and_json(cli):
    case_id = _store(cli, Decision.OVERTURNED)
    done = cli("qa", "check", str(case_id))
    assert done.code == 1, done.err
    line = next(l for l in done.out.splitlines() if "decision-conclusion" in l)
    assert line.startswith("ERROR") and "item 1" in line and "concludes" in line
    listed = json.loads(cli("qa", "check", str(case_id), "--json").out)
    finding, = [f for f in listed if f["id"] == "decision-conclusion"]
    assert finding["severity"] == "error" and finding["item"] == 1
    assert finding["pages"] == [] and finding["acknowledged"] is None
    assert set(finding) == {"id", "severity", "item", "message", "field", "span", "pages", "key",
                            "acknowledged"}

    database = open_workbench(str(cli.db_path))
    try:
        store = CaseStore(database)
        case = store.get(case_id)
        case.qa_acknowledgements[finding["key"]] = "Overturned on appeal evidence; wording kept"
        store.save(case)
    finally:
        database.close()
    done = cli("qa", "check", str(case_id))
    assert done.code == 0, done.out
    assert "acknowledged: Overturned on appeal evidence; wording kept" in done.out


def test_an_unknown_case_is_one_line_and_exit_2(cli):
    done = cli("qa", "check", "999")
    assert done.code == 2
    assert done.err.count("\n") == 1 and "999" in done.err and "Traceback" not in done.err

"""Every check fires where a fault was planted and nowhere else, on cases with records.

The cases are ``qa_cases.scenarios("test")``: clean letters and one planted fault each,
their records imported from generated PDFs (``bench/qa.py`` runs the larger set and prints
precision and recall). A scenario states which checks must fire on which item; every other
check must be silent on it.
"""

from __future__ import annotations

import pytest

import qa_cases
from workbench.qa.checks import CHECK_ORDER, CHECKS, check_case
from workbench.store import CaseStore

SCENARIOS = qa_cases.scenarios("test")


@pytest.fixture(scope="module")
def empty(tmp_path_factory):
    return qa_cases.empty_database(tmp_path_factory.mktemp("qa-empty"))


def test_the_set_plants_a_fault_for_every_check_and_leaves_cases_clean():
    planted = {check for s in SCENARIOS for check in s.planted}
    assert planted == set(CHECK_ORDER) == set(CHECKS)
    assert sum(1 for s in SCENARIOS if not s.planted) >= 5


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_checks_fire_where_the_fault_is_planted_and_nowhere_else(scenario, empty, tmp_path,
                                                                monkeypatch):
    monkeypatch.setenv("IMR_WORKBENCH_CONFIG", str(tmp_path / "config"))
    database, case_id = qa_cases.load(scenario, tmp_path, empty)
    try:
        case = CaseStore(database).get(case_id)
        fired: dict[str, set] = {}
        for finding in check_case(database, case):
            fired.setdefault(finding.check, set()).add(finding.item)
            assert finding.key.startswith(f"{finding.check}:")
            assert finding.message.strip() and "\n" not in finding.message
        assert fired == scenario.planted
    finally:
        database.close()

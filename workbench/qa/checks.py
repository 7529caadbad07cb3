"""Running the quality checks over a case or one item.

``check_case`` runs every registered check over the whole letter (or the
items named); ``check_item`` over one item, fast enough to run as the
reviewer types (< 50 ms). Findings come sorted: letter-wide ones first, then
by item, then in the order the checks are listed in ``CHECK_ORDER``, then by
where their words are.
"""

from __future__ import annotations

import importlib
from collections.abc import Collection

from workbench.case import Case
from workbench.qa.findings import Finding
from workbench.qa.registry import CHECKS, Check, CheckContext, register

__all__ = ["CHECKS", "CHECK_ORDER", "Check", "CheckContext", "check_case", "check_item",
           "register"]

# The checks as the panel and the command line list them; their modules, in workbench/qa/.
CHECK_ORDER: tuple[str, ...] = (
    "decision-missing", "decision-conclusion", "no-documentation", "record-facts",
    "boilerplate", "region-mismatch", "guideline-sequence", "summary-items",
    "claimant-term", "specialty", "spelling",
)
_MODULES = ("conclusion", "absence", "record_facts", "boilerplate", "regions", "sequence",
            "summary_items", "claimant_term", "specialty", "spelling")


def _load() -> None:
    for name in _MODULES:
        module = f"workbench.qa.{name}"
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as error:
            if error.name != module:  # a module that is there but fails to import is a bug
                raise


def check_case(database, case: Case, *, items: Collection[int] | None = None) -> list[Finding]:
    """Every check's findings on ``case``.

    ``database``: the workbench database (``db.database.Database``) holding
    the case's records, library and other cases, or None to check the letter
    alone. ``items``: 0-based indexes to check (None: all); the letter-wide
    findings (``item`` None) come either way.
    """
    wanted = tuple(range(len(case.items))) if items is None else tuple(
        sorted({i for i in items if 0 <= i < len(case.items)}))
    return _run(CheckContext(database, case, wanted, letter=True))


def check_item(database, case: Case, index: int) -> list[Finding]:
    """The findings on item ``index`` (0-based) alone, none of the letter-wide ones.

    Raises ``IndexError`` for an index the case does not have.
    """
    if not 0 <= index < len(case.items):
        raise IndexError(f"the case has no item {index + 1}")
    return _run(CheckContext(database, case, (index,), letter=False))


def _run(context: CheckContext) -> list[Finding]:
    _load()
    findings: list[Finding] = []
    for check in _ordered():
        for finding in check.run(context):
            if finding.item is None and not context.letter:
                continue
            if finding.item is not None and finding.item not in context.items:
                continue
            findings.append(finding)
    order = {check_id: n for n, check_id in enumerate(CHECK_ORDER)}
    findings.sort(key=lambda f: (f.item is not None, f.item or 0, order.get(f.check, len(order)),
                                 f.span[0] if f.span else -1))
    return findings


def _ordered() -> list[Check]:
    known = [CHECKS[c] for c in CHECK_ORDER if c in CHECKS]
    return known + [c for c in CHECKS.values() if c.id not in CHECK_ORDER]


_load()  # every check registered once this module is imported

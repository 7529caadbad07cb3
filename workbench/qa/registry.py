"""The checks by id, and what a check is given to look at.

A check is a function of a ``CheckContext`` that yields ``Finding``s. It
looks at the items named in ``context.items`` (0-based indexes) and, when
``context.letter`` is true, also raises the findings that concern the letter
or the case as a whole (``item=None``). Checks register themselves by id with
``register``, so a module such as the spelling check adds itself to
``CHECKS`` by being imported (``workbench.qa.checks`` imports them all).

Checks that need the case's records read them through ``context.records``
(None when there is no database or the case was never stored: such checks
then say nothing rather than guess).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from workbench.case import Case
from workbench.qa.findings import Finding

T = TypeVar("T")


@dataclass
class CheckContext:
    """One run of the checks over one case.

    ``database`` is a ``db.database.Database`` or None (a letter read from a
    file, without records). ``items``: the indexes to check. ``letter``: also
    raise letter-wide findings. ``memo`` lets checks share work within a run
    (``context.once(name, build)``).
    """

    database: Any
    case: Case
    items: tuple[int, ...]
    letter: bool = True
    memo: dict[str, Any] = field(default_factory=dict)

    def once(self, name: str, build: Callable[[], T]) -> T:
        """``build()``'s value, computed once per run under ``name``."""
        if name not in self.memo:
            self.memo[name] = build()
        return self.memo[name]

    @property
    def records(self):
        """The case's records (``workbench.qa.records.CaseRecords``), or None without them."""
        if self.database is None or self.case.id is None:
            return None
        from workbench.qa.records import case_records

        return self.once("records", lambda: case_records(self.database, self.case.id))


CheckFunction = Callable[[CheckContext], Iterable[Finding]]


@dataclass(frozen=True)
class Check:
    id: str  # the findings' ``check``
    title: str  # what it looks for, in a few words (panel, README, --help)
    run: CheckFunction


CHECKS: dict[str, Check] = {}


def register(check_id: str, title: str) -> Callable[[CheckFunction], CheckFunction]:
    """Decorator: add ``function`` to ``CHECKS`` as ``check_id``.

    Registering an id twice replaces the earlier function (a module imported
    again under a test keeps one entry).
    """

    def add(function: CheckFunction) -> CheckFunction:
        CHECKS[check_id] = Check(check_id, title, function)
        return function

    return add

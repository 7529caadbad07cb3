"""The case's records as the checks read them: searched, cited, and counted.

Checks ask the records questions ("is there a page about a home exercise
program?", "which body regions do the records name?") through one
``CaseRecords`` per check run. Searches and citations are remembered for the
run, so two checks asking the same thing cost one query.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.records.citations import cite_page
from workbench.records.search import PageHit, search_pages


@dataclass
class CaseRecords:
    database: object  # db.database.Database
    case_id: int
    _searches: dict[tuple[str, int], list[PageHit]] = field(default_factory=dict)
    _citations: dict[tuple[int, int], str] = field(default_factory=dict)

    def search(self, query: str, limit: int = 5) -> list[PageHit]:
        """Pages matching ``query`` (the workbench's query language), best first."""
        key = (query, limit)
        if key not in self._searches:
            self._searches[key] = search_pages(self.database, self.case_id, query, limit=limit)
        return self._searches[key]

    def cite(self, file_id: int, page: int) -> str:
        """The page's citation as the letter prints it: "(PR-2, 04/15/2015, p. 37)"."""
        key = (file_id, page)
        if key not in self._citations:
            self._citations[key] = cite_page(self.database, self.case_id, file_id, page).text
        return self._citations[key]


def case_records(database, case_id: int) -> CaseRecords:
    return CaseRecords(database, case_id)

"""The case's records as the checks read them: searched, cited, and read around a hit.

Checks ask the records questions ("does any page say the worker does a home
exercise program?", "do the records name the cervical spine?") through one
``CaseRecords`` per check run. A ``mention`` is a place where a page says a
thing, not where it denies it: "No HEP." or "denies numbness" are not
mentions of a home exercise program or of numbness, and neither is a plan or
a request ("will start HEP", "request for TENS unit"), which says nothing
about what was done. The IMR application and the UR determination are left
out: they restate the dispute and another reviewer's reading, not the
treating records.

A case's ``CaseRecords`` is kept between runs while its records stay the same
(the files, their states and the reviewer's corrections: ``fingerprint``),
with every search, page text, citation and mention it has answered: checking
an item again as the reviewer types asks the index only about words not asked
before. A search over 10,000 pages costs 10-30 ms; an answer kept, nothing.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import exists, select, tuple_

from db.models import RecordCorrectionRow, RecordFileRow, RecordPageRow
from workbench.errors import WorkbenchError
from workbench.records.kinds import ImportState
from workbench.records.citations import cite_page
from workbench.records.kinds import DocumentKind
from workbench.records.search import PageHit, search_pages

# Documents that restate the dispute rather than record care.
DISPUTE_KINDS = frozenset({DocumentKind.IMR_APPLICATION, DocumentKind.UR_DETERMINATION})
SEARCHED_PAGES = 24  # best pages read for a mention, per question
MAX_TEXTS = 2000  # page texts kept per case

# Words before a term, in its clause, that deny it or put it in the future.
_DENIED = re.compile(
    r"\b(?:no|not|non|without|denies|denied|deny|negative|absent|absence|none|never|nor|neither"
    r"|lacks?|lacking|unable|cannot|can't|didn't|doesn't|don't|hasn't|haven't|isn't|wasn't"
    r"|free\s+of|ruled\s+out|rule\s+out|r/o|no\s+evidence|no\s+signs?)\b",
    re.IGNORECASE)
_PLANNED = re.compile(
    r"\b(?:will|would|should|shall|plan(?:s|ned)?|planning|recommend(?:s|ed)?|consider"
    r"|request(?:s|ed|ing)?|requesting|order(?:ed)?\s+for|pending|awaiting|schedule[ds]?\s+for"
    r"|authori[sz]ation|rfa|if|may|might|candidate\s+for|refer(?:red)?\s+for)\b",
    re.IGNORECASE)
_AFTER_DENIED = re.compile(r"^\W{0,3}(?:(?:is|was|were|are|has\s+been|have\s+been|had\s+been)\s+)?"
                           r"(?:not|never|denied|negative|absent|none)\b", re.IGNORECASE)
_PLAN_LABEL = re.compile(r"\s*(?:treatment\s+)?(?:plan|recommendations?|requests?|requested"
                         r"|orders?|rfa|request\s+for\s+authorization)\b", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[.;:!?\n]|\bbut\b|\bhowever\b|\balthough\b", re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    """A page that says something, affirmatively."""

    file_id: int
    page: int  # 1-based page of the file
    citation: str  # "(PR-2, 04/15/2015, p. 37)"
    kind: DocumentKind
    words: str  # the words as the page has them ("HEP")

    @property
    def support(self) -> tuple[int, int, str]:
        """As ``Finding.pages`` holds it."""
        return (self.file_id, self.page, self.citation)


@lru_cache(maxsize=2048)
def form_pattern(form: str) -> re.Pattern[str]:
    """A pattern for one way of writing a term: words apart by spaces or hyphens, a plural
    or verb ending allowed on longer words, abbreviations in capitals matched as written."""
    words = re.findall(r"[A-Za-z0-9]+(?:['’][a-z]+)?|[^\sA-Za-z0-9]", form)
    parts = []
    for word in words:
        if not word[0].isalnum():
            parts.append(re.escape(word))
            continue
        tail = r"(?:s|es|ed|ing|al)?" if len(word) >= 4 and word.isalpha() else r"s?"
        parts.append(re.escape(word) + tail)
    body = r"[\s\-/,]*".join(parts)
    abbreviation = form.isupper() and len(form) <= 6
    flags = 0 if abbreviation else re.IGNORECASE
    return re.compile(r"(?<![\w-])" + body + r"(?![\w])", flags)


def affirmed(text: str, start: int, end: int) -> bool:
    """Whether the words at ``text[start:end]`` are said to be so: not denied ("no HEP",
    "HEP was not done") and not only planned or requested ("will start HEP")."""
    line_start = text.rfind("\n", 0, start) + 1
    if _PLAN_LABEL.match(text, line_start, start):
        return False  # "PLAN: TENS unit for a one-month trial" is a request, not a trial
    before = text[max(0, start - 80):start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    clause = before[breaks[-1].end():] if breaks else before
    if _DENIED.search(clause) or _PLANNED.search(clause):
        return False
    return not _AFTER_DENIED.search(text[end:end + 30])


def phrase_query(forms: Iterable[str]) -> str:
    """The records search for any of ``forms`` (each a phrase)."""
    quoted = []
    for form in forms:
        words = " ".join(re.findall(r"[A-Za-z0-9]+", form))
        if words:
            quoted.append(f'"{words}"')
    return " OR ".join(dict.fromkeys(quoted))


@dataclass
class CaseRecords:
    database: object  # db.database.Database
    case_id: int
    _searches: dict[tuple[str, int], list[PageHit]] = field(default_factory=dict)
    _texts: dict[tuple[int, int], str] = field(default_factory=dict)
    _citations: dict[tuple[int, int], str] = field(default_factory=dict)
    _mentions: dict[tuple, list[Mention]] = field(default_factory=dict)
    _has_pages: bool | None = None
    _derived: dict[str, Any] = field(default_factory=dict)

    def once(self, name: str, build: Callable[[], Any]) -> Any:
        """``build()``'s value, kept as long as the records are the same (the proposals read
        from the IMR application, say)."""
        if name not in self._derived:
            self._derived[name] = build()
        return self._derived[name]

    @property
    def has_pages(self) -> bool:
        """Whether the case has any record page read in (a file fully imported)."""
        if self._has_pages is None:
            query = select(exists().where(RecordFileRow.case_id == self.case_id,
                                          RecordFileRow.state == ImportState.READY,
                                          RecordFileRow.page_count > 0))
            with self.database.engine.connect() as connection:
                self._has_pages = bool(connection.scalar(query))
        return self._has_pages

    def search(self, query: str, limit: int = 5) -> list[PageHit]:
        """Pages matching ``query`` (the workbench's query language), best first."""
        key = (query, limit)
        if key not in self._searches:
            self._searches[key] = search_pages(self.database, self.case_id, query,
                                               limit=limit) if query else []
        return self._searches[key]

    def texts(self, pages: Collection[tuple[int, int]]) -> dict[tuple[int, int], str]:
        """The text of each (file_id, page) asked for."""
        wanted = [page for page in pages if page not in self._texts]
        if len(self._texts) > MAX_TEXTS:
            self._texts.clear()  # bounded memory; a page asked again is read again
        if wanted:
            with self.database.engine.connect() as connection:
                rows = connection.execute(
                    select(RecordPageRow.file_id, RecordPageRow.number, RecordPageRow.text)
                    .where(tuple_(RecordPageRow.file_id, RecordPageRow.number).in_(wanted)))
                for file_id, number, text in rows:
                    self._texts[(file_id, number)] = text or ""
        return {page: self._texts.get(page, "") for page in pages}

    def cite(self, file_id: int, page: int) -> str:
        """The page's citation as the letter prints it: "(PR-2, 04/15/2015, p. 37)"; "(p. 37)"
        while the documents of its file are being found."""
        key = (file_id, page)
        if key not in self._citations:
            try:
                self._citations[key] = cite_page(self.database, self.case_id, file_id, page).text
            except WorkbenchError:
                return f"(p. {page})"  # its file's documents are being found: not kept
        return self._citations[key]

    def mentions(self, forms: Sequence[str], *, limit: int = 3, affirmative: bool = True,
                 exclude: Collection[DocumentKind] = DISPUTE_KINDS) -> list[Mention]:
        """Up to ``limit`` pages, best first, where any of ``forms`` is said (``affirmative``:
        said to be so, see ``affirmed``; otherwise any use of the words)."""
        key = (tuple(forms), limit, affirmative, frozenset(exclude))
        if key in self._mentions:
            return self._mentions[key]
        hits = [hit for hit in self.search(phrase_query(forms), SEARCHED_PAGES)
                if hit.kind not in exclude]
        texts = self.texts([(hit.file_id, hit.page) for hit in hits])
        patterns = [form_pattern(form) for form in forms]
        found: list[Mention] = []
        for hit in hits:
            text = texts[(hit.file_id, hit.page)]
            match = next((m for pattern in patterns for m in pattern.finditer(text)
                          if not affirmative or affirmed(text, m.start(), m.end())), None)
            if match is None:
                continue
            found.append(Mention(hit.file_id, hit.page, self.cite(hit.file_id, hit.page),
                                 hit.kind, match.group(0)))
            if len(found) >= limit:
                break
        self._mentions[key] = found
        return found

    def says(self, forms: Sequence[str], *, exclude: Collection[DocumentKind] = ()) -> bool:
        """Whether any page uses any of ``forms`` at all (denied or not)."""
        return bool(self.mentions(forms, limit=1, affirmative=False, exclude=exclude))


KEPT_CASES = 8  # cases whose answers are kept (the open case, and a few checked from a list)
_kept: OrderedDict[tuple[str, int], tuple[str, CaseRecords]] = OrderedDict()
_lock = threading.Lock()


def fingerprint(database, case_id: int) -> str:
    """What the case's records are: their files (state, the rules that found their
    documents) and the reviewer's corrections. Any import, deletion or correction changes it."""
    with database.engine.connect() as connection:
        rows = connection.execute(
            select(RecordFileRow.id, RecordFileRow.state, RecordFileRow.found_with,
                   RecordFileRow.page_count)
            .where(RecordFileRow.case_id == case_id).order_by(RecordFileRow.id)).all()
        rows += connection.execute(
            select(RecordCorrectionRow.__table__).where(RecordCorrectionRow.case_id == case_id)
            .order_by(RecordCorrectionRow.sha256, RecordCorrectionRow.page)).all()
    return hashlib.blake2b(repr(rows).encode(), digest_size=12).hexdigest()


def case_records(database, case_id: int) -> CaseRecords:
    """The case's records, with the answers kept from earlier runs while they still hold."""
    key = (str(database.engine.url), case_id)
    stamp = fingerprint(database, case_id)
    with _lock:
        kept = _kept.get(key)
        if kept is not None and kept[0] == stamp and kept[1].database is database:
            _kept.move_to_end(key)
            return kept[1]
        records = CaseRecords(database, case_id)
        _kept[key] = (stamp, records)
        while len(_kept) > KEPT_CASES:
            _kept.popitem(last=False)
        return records

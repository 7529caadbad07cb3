"""``boilerplate``: a rationale that is nearly a snippet, or another case's rationale.

Two texts are compared apart from names and numbers: every number reads as
"#" and every capitalised word inside a sentence as "@" ("Norco 10/325 mg"
and "Percocet 5/325 mg" read alike), then as runs of four words. A rationale
is boilerplate when at least ``SHARED`` of its runs come from one other
text, the library's rationale snippets or another case's item (a case with
the same IMR case number, a copy of this one, is not another case). A
rationale that quotes a snippet and adds this worker's facts shares less
than that and passes; very short rationales are left to ``record-facts``.

The other cases' rationales are read once and indexed by run; a case whose
version changed is read again, alone, so checking one item as the reviewer
types costs one small query and a few dictionary lookups.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import func, select

from db.models import CaseRow, ItemRow, RationaleSnippetRow
from workbench.qa.findings import RATIONALE, Finding, Severity, finding_key
from workbench.qa.registry import CheckContext, register

CHECK = "boilerplate"
RUN = 4  # words per run
SHARED = 0.8  # share of a rationale's runs found in one other text
SHORTEST = 25  # words: shorter rationales are not judged

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'-]*|\d+(?:[.,/:-]\d+)*|[.!?]")


def runs(text: str) -> set[tuple[str, ...]]:
    """The text's runs of ``RUN`` words, names and numbers masked."""
    words: list[str] = []
    sentence_start = True
    for token in _TOKEN.findall(text):
        if token in ".!?":
            sentence_start = True
            continue
        if token[0].isdigit():
            words.append("#")
        elif token[0].isupper() and not sentence_start and not token.isupper():
            words.append("@")
        else:
            words.append(token.lower())
        sentence_start = False
    return {tuple(words[i:i + RUN]) for i in range(len(words) - RUN + 1)}


def word_count(text: str) -> int:
    return len(re.findall(r"[A-Za-z]+", text))


@dataclass(frozen=True)
class Other:
    """Another text a rationale may repeat: a snippet or an item of another case."""

    label: str  # 'the snippet "..."' or "case CM16-0221706, item 2"
    case_number: str | None
    case_id: int | None


DocKey = tuple  # ("snippet", key) or ("case", case id, item position)


@dataclass
class _Index:
    """Runs of the snippets and the stored cases' rationales, by run; brought up to date
    case by case (by version), snippets all together (by count and newest change)."""

    versions: dict[int, int] = field(default_factory=dict)
    snippets: tuple = ()
    docs: dict[DocKey, tuple[Other, int, frozenset]] = field(default_factory=dict)
    postings: dict[tuple[str, ...], set[DocKey]] = field(default_factory=dict)

    def put(self, key: DocKey, other: Other, text: str) -> None:
        own = frozenset(runs(text))
        self.docs[key] = (other, len(own), own)
        for run in own:
            self.postings.setdefault(run, set()).add(key)

    def drop(self, keep) -> None:
        """Remove the documents ``keep(key)`` refuses."""
        for key in [key for key in self.docs if not keep(key)]:
            _other, _size, own = self.docs.pop(key)
            for run in own:
                holders = self.postings.get(run)
                if holders is not None:
                    holders.discard(key)
                    if not holders:
                        del self.postings[run]


_indexes: dict[str, _Index] = {}
_lock = threading.RLock()  # the window may check on a thread while a command does too


def _index(database) -> _Index:
    """The index of ``database``'s snippets and cases, brought up to date."""
    name = str(database.engine.url)
    with _lock:
        index = _indexes.setdefault(name, _Index())
        with database.engine.connect() as connection:
            snippets = tuple(connection.execute(select(
                func.count(RationaleSnippetRow.id),
                func.max(RationaleSnippetRow.updated_at))).one())
            if snippets != index.snippets:
                index.drop(lambda key: key[0] != "snippet")
                for key, title, text in connection.execute(select(
                        RationaleSnippetRow.key, RationaleSnippetRow.title,
                        RationaleSnippetRow.text)):
                    index.put(("snippet", key), Other(f'the snippet "{title or key}"', None,
                                                      None), text)
                index.snippets = snippets
            current = {case_id: (version, number) for case_id, version, number in
                       connection.execute(select(CaseRow.id, CaseRow.version,
                                                 CaseRow.case_number)
                                          .where(CaseRow.deleted_at.is_(None)))}
            changed = [case_id for case_id, (version, _n) in current.items()
                       if index.versions.get(case_id) != version]
            gone = set(index.versions) - set(current)
            if changed or gone:
                stale = set(changed) | gone
                index.drop(lambda key: key[0] != "case" or key[1] not in stale)
                for chunk in range(0, len(changed), 500):
                    wanted = changed[chunk:chunk + 500]
                    for case_id, position, rationale in connection.execute(
                            select(ItemRow.case_id, ItemRow.position, ItemRow.rationale)
                            .where(ItemRow.case_id.in_(wanted))):
                        number = current[case_id][1]
                        other = Other(f"case {number or case_id}, item {position + 1}", number,
                                      case_id)
                        index.put(("case", case_id, position), other,
                                  "\n\n".join(rationale or []))
                for case_id in gone:
                    index.versions.pop(case_id, None)
                for case_id in changed:
                    index.versions[case_id] = current[case_id][0]
        return index


def closest(text: str, database, *, case_id: int | None, case_number: str | None
            ) -> tuple[Other, float] | None:
    """The other text sharing most of ``text``'s runs and the share, or None."""
    own = runs(text)
    if not own:
        return None
    with _lock:
        index = _index(database)
        counts: Counter[DocKey] = Counter()
        for run in own:
            for key in index.postings.get(run, ()):
                counts[key] += 1
        for key, shared in counts.most_common():
            other = index.docs[key][0]
            if other.case_id is not None and (other.case_id == case_id or (
                    case_number and other.case_number == case_number)):
                continue
            return other, shared / len(own)
    return None


@register(CHECK, "the rationale is nearly a snippet or another case's rationale")
def repeated_rationales(context: CheckContext) -> Iterator[Finding]:
    if context.database is None:
        return
    case = context.case
    for index in context.items:
        text = "\n\n".join(case.items[index].rationale)
        if word_count(text) < SHORTEST:
            continue
        found = closest(text, context.database, case_id=case.id, case_number=case.case_number)
        if found is None or found[1] < SHARED:
            continue
        other, share = found
        yield Finding(
            CHECK, Severity.WARNING, index,
            f"Item {index + 1}: the rationale is {share:.0%} the same as {other.label}, apart "
            "from names and numbers; say what in this worker's records decides it",
            field=RATIONALE, key=finding_key(CHECK, index, f"{other.label}|{text}"))

"""What a reviewer types into a search box, understood the same way everywhere.

The library search and the case-records search share one small query
language: words are all required, ``OR`` (in capitals) offers alternatives,
``"quoted words"`` are a phrase, and a trailing ``*`` matches word beginnings.
As the reviewer types, the last word is matched as a beginning too. The
parsed query is independent of the database; ``db.fulltext`` turns it into
the full-text engine's own syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from workbench.characters import searchable

_TOKEN = re.compile(r'"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+)')
_WORD_CHARS = re.compile(r"[^\W_]+(?:[-'./][^\W_]+)*", re.UNICODE)


@dataclass(frozen=True)
class Term:
    """One word (or a phrase of several) that a matching text must contain."""

    words: tuple[str, ...]
    prefix: bool = False

    @property
    def phrase(self) -> bool:
        return len(self.words) > 1

    @property
    def text(self) -> str:
        return " ".join(self.words)


@dataclass(frozen=True)
class Query:
    """Alternatives (OR) of conjunctions (AND) of terms: ``a b OR c`` is (a AND b) OR c."""

    alternatives: tuple[tuple[Term, ...], ...]

    def __bool__(self) -> bool:
        return any(self.alternatives)

    @property
    def terms(self) -> tuple[Term, ...]:
        return tuple(term for group in self.alternatives for term in group)

    def any_of_terms(self) -> Query:
        """Every term as its own alternative: the widest reading, for when the strict one finds little."""
        unique = tuple(dict.fromkeys(self.terms))
        return Query(tuple((term,) for term in unique))


def _words(text: str) -> tuple[str, ...]:
    return tuple(match.group(0).lower() for match in _WORD_CHARS.finditer(text))


def parse_query(text: str, *, as_typed: bool = False, prefix_all: bool = False) -> Query:
    """Parse the search box text.

    ``as_typed``: the last word is still being typed, so it matches as a
    beginning (unless the text ends with a space or a closing quote).
    ``prefix_all``: every word matches as a beginning (the library's
    search-as-you-type, where "lumb" should already find "lumbar").
    """
    # The records index holds text in this form; a query typed or pasted with an invisible
    # character ("radicu\u00adlopathy") must find the word it shows.
    text = searchable(text)
    alternatives: list[list[Term]] = [[]]
    for match in _TOKEN.finditer(text):
        if match["phrase"] is not None:
            words = _words(match["phrase"])
            if words:
                alternatives[-1].append(Term(words))
            continue
        raw = match["word"]
        if raw == "OR":
            if alternatives[-1]:
                alternatives.append([])
            continue
        if raw == "AND":
            continue
        star = raw.endswith("*")
        words = _words(raw)
        if not words:
            continue
        if len(words) > 1:
            # "pr-2" or "l4-5": the engine splits it the same way; keep it together.
            alternatives[-1].append(Term(words, prefix=star))
        else:
            alternatives[-1].append(Term(words, prefix=star or prefix_all))
    groups = [group for group in alternatives if group]
    if as_typed and groups and text and not text[-1].isspace() and not text.endswith('"'):
        last = groups[-1][-1]
        if not last.phrase:
            groups[-1][-1] = replace(last, prefix=True)
    return Query(tuple(tuple(group) for group in groups))

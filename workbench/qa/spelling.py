"""The spelling check: misspelled words in what the reviewer wrote, with suggestions.

What counts as a word spelled right, in the order it is asked:

1. English, from ``pyspellchecker``'s frequency dictionary (a maintained,
   MIT-licensed, pure-Python package: nothing to compile or install beside it);
2. the medical vocabulary shipped in ``resources/qa/medical-words.txt``
   (guidelines and their abbreviations, anatomy, diagnoses, procedures, drug
   names), written for this project;
3. the words of the guideline library (titles, topics, summaries, keywords,
   snippets), read again whenever the library's revision moves on;
4. the reviewer's own dictionary: a plain word list in the per-user config
   folder (``dictionary.txt``), so it follows the reviewer rather than the
   database, which several reviewers may share; "Add to Dictionary" appends to it;
5. the case's own records: a word found on a page of the case's record files
   (the SQLite full-text index, which stems as English does) is the worker's
   drug, provider or place and counts as known, except a word that is one
   swap of two neighbouring letters from an English word ("recieved",
   "teh"): records hold typos too, and such a word is a typo far more often
   than a name.

Words with digits (``L4-5``, ``5mg``), short all-capital words
(abbreviations: ``MTUS``, ``UDS``, up to six letters, with or without a plural
``s`` or a lower-case first letter, ``mTBI``), single letters, web and mail
addresses are not checked.

Everything but the records is held in memory once per process, so a paragraph
is checked in well under a millisecond; record words are asked of the index one
unknown word at a time and remembered per case until its records change.
Findings carry the check id ``"spelling"``, severity WARNING (a misspelling in
a signed determination is a fault to fix, not a matter of taste), the field and
the span of each misspelled word.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from workbench.case import Case
from workbench.logs import APP_NAME
from workbench.qa.findings import (
    DESCRIPTION, PARAGRAPH_JOIN, RATIONALE, SUMMARY, Finding, Severity, finding_key,
)
from workbench.qa.registry import CheckContext, register
from workbench.resources import resource_path

CHECK = "spelling"
DICTIONARY_NAME = "dictionary.txt"
ABBREVIATION_LETTERS = 6  # all-capital words up to this long are taken for abbreviations
SUGGESTIONS = 5

# A run of letters, digits, apostrophes, hyphens, periods and the characters of addresses:
# one "token" as a reader sees it, so "L4-5", "5mg", "e.g." and "www.dir.ca.gov" stay whole.
_TOKEN = re.compile(r"[\w'’.@:/+-]+")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_ADDRESS = re.compile(r"@|://|^www\.|\.(?:com|org|gov|net|edu)\b", re.IGNORECASE)
_ABBREVIATION = re.compile(rf"[a-z]?[A-Z]{{2,{ABBREVIATION_LETTERS}}}s?")  # MTUS, NSAIDs, mTBI
# Prefixes written with a hyphen ("non-MTUS", "re-evaluation"): known as a word's first part.
_HYPHEN_PREFIXES = frozenset({
    "non", "re", "pre", "post", "anti", "co", "de", "sub", "multi", "inter", "intra", "bi",
    "tri", "semi", "self", "ex", "over", "under", "peri", "para", "extra", "ultra", "micro",
    "mini", "neuro", "pseudo", "hyper", "hypo", "uni", "mid", "trans", "supra", "infra",
})


@dataclass(frozen=True)
class Misspelling:
    """One misspelled word of a text: the word as written and its [start, end) span."""

    word: str
    start: int
    end: int


# -- the vocabularies ------------------------------------------------------------------------

def _read_word_list(path: Path) -> set[str]:
    """Lower-case words of a shipped list: one a line, ``#`` starts a comment line."""
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.add(_fold(line))
    return words


def _fold(word: str) -> str:
    return word.replace("’", "'").lower()


_ENTRY = re.compile(r'"((?:[^"\\]|\\.)*)"\s*:\s*(\d+)')


def _english_frequencies() -> dict[str, int]:
    """pyspellchecker's English word frequencies, {word: count}.

    Read from the package's own file entry by entry rather than through
    ``SpellChecker()``, whose one ``json.loads`` holds Python's lock for a quarter
    of a second: loaded on a worker thread, that would freeze the window as long.
    Read so, the window's thread waits at most a few tens of milliseconds at a
    time. A package without that file is loaded the ordinary way.
    """
    import gzip
    import json
    from importlib.resources import files

    resource = files("spellchecker") / "resources" / "en.json.gz"
    if not resource.is_file():
        from spellchecker import SpellChecker

        return dict(SpellChecker(distance=1).word_frequency.dictionary)
    text = gzip.decompress(resource.read_bytes()).decode("utf-8")
    found: dict[str, int] = {}
    for match in _ENTRY.finditer(text):
        word = match.group(1)
        if "\\" in word:
            word = json.loads(f'"{word}"')
        found[word] = int(match.group(2))
    return found


class _Base:
    """English and the shipped medical words, loaded once per process (about half a second)."""

    def __init__(self) -> None:
        self.english: dict[str, int] = _english_frequencies()
        self.medical = frozenset(_read_word_list(resource_path("qa", "medical-words.txt")))
        self._by_initial: dict[str, list[str]] | None = None

    @property
    def by_initial(self) -> dict[str, list[str]]:
        """Words by first letter, for suggestions two edits away (typos keep the first letter
        far more often than not, and a bucket is a thirtieth of the whole); built at first use."""
        if self._by_initial is None:
            buckets: dict[str, list[str]] = {}
            for word in self.english.keys() | self.medical:
                if word.isalpha():
                    buckets.setdefault(word[0], []).append(word)
            self._by_initial = buckets
        return self._by_initial

    def knows(self, folded: str) -> bool:
        return folded in self.english or folded in self.medical

    def frequency(self, folded: str) -> int:
        """How common a word is; medical words rank with common English ones."""
        return max(self.english.get(folded, 0), 5000 if folded in self.medical else 0)


_base: _Base | None = None
_base_lock = threading.Lock()


def base_vocabulary() -> _Base:
    """The process's English and medical words (the first call loads them)."""
    global _base
    if _base is None:
        with _base_lock:
            if _base is None:
                _base = _Base()
    return _base


def dictionary_path() -> Path:
    """The reviewer's own dictionary: ``dictionary.txt`` in the per-user config folder
    (``IMR_WORKBENCH_CONFIG`` names another folder, as for the window's settings)."""
    from platformdirs import user_config_path

    override = os.environ.get("IMR_WORKBENCH_CONFIG")
    folder = Path(override) if override else user_config_path(APP_NAME, appauthor=False)
    return folder / DICTIONARY_NAME


class ReviewerDictionary:
    """Words the reviewer added ("Add to Dictionary"): a UTF-8 file, one word a line.

    Read again when the file changed on disk (another window added a word).
    The file and its folder are made owner-only, like the window's settings.
    """

    def __init__(self, path: Path | None = None):
        self.path = path or dictionary_path()
        self._words: set[str] = set()
        self._stamp: tuple[int, int] | None = None
        self._lock = threading.Lock()

    def _fresh(self) -> set[str]:
        try:
            stat = self.path.stat()
            stamp = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            stamp = None
        if stamp != self._stamp:
            words = set()
            if stamp is not None:
                try:
                    text = self.path.read_text(encoding="utf-8", errors="replace")
                except OSError:
                    text = ""
                words = {_fold(line.strip()) for line in text.splitlines() if line.strip()}
            self._words, self._stamp = words, stamp
        return self._words

    def __contains__(self, word: str) -> bool:
        return _fold(word) in self._fresh()

    def words(self) -> list[str]:
        return sorted(self._fresh())

    def add(self, word: str) -> None:
        """Add ``word`` (kept as one line, compared without case).

        Raises ``ValueError`` for text that is not one word; ``OSError`` when the file
        cannot be written.
        """
        from workbench.safe_files import OWNER_ONLY, private_folder

        word = word.strip()
        if not word or any(c.isspace() for c in word):
            raise ValueError("Only a single word can be added to the dictionary")
        with self._lock:
            if word in self:
                return
            private_folder(self.path.parent)
            descriptor = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, OWNER_ONLY)
            with os.fdopen(descriptor, "a", encoding="utf-8") as handle:
                handle.write(word + "\n")
            self._fresh()


def text_words(text: str) -> set[str]:
    """The lower-case words of ``text``, hyphenated words also whole (for the library's words)."""
    found = set()
    for token in _TOKEN.finditer(text):
        piece = token.group().strip(".'’-:/+")
        found.add(_fold(piece))
        found.update(_fold(m.group()) for m in _WORD.finditer(piece))
    return found


class _LibraryWords:
    """The guideline library's words, read again when the library's revision changes."""

    def __init__(self, database) -> None:
        self.database = database
        self._revision: int | None = None
        self._words: frozenset[str] = frozenset()

    def words(self) -> frozenset[str]:
        from workbench.library.store import LibraryStore

        store = LibraryStore(self.database)
        revision = store.revision()
        if revision != self._revision:
            texts: list[str] = []
            for source in store.sources():
                texts += [source.title, source.short_title or "", source.citation_title or "",
                          source.publisher or ""]
            for entry in store.entries():
                texts += [entry.chapter or "", entry.topic or "", entry.summary or "",
                          *entry.body_regions, *entry.treatments, *entry.keywords]
            for snippet in store.snippets():
                texts += [snippet.title, snippet.text]
            self._words = frozenset(text_words("\n".join(texts)))
            self._revision = revision
        return self._words


class _RecordWords:
    """Whether a word is on a page of one case's records, asked of the full-text index.

    Answers are remembered until ``forget`` (the window calls it when the records
    change) or until the case's record files are seen to differ (``check_stamp``).
    """

    def __init__(self, database, case_id: int) -> None:
        self.database = database
        self.case_id = case_id
        self._answers: dict[str, bool] = {}
        self._stamp: tuple | None = None
        self._usable = database.engine.dialect.name == "sqlite"

    def forget(self) -> None:
        self._answers = {}
        self._stamp = None

    def check_stamp(self) -> None:
        """Forget the answers when the case's record files changed since they were given."""
        from sqlalchemy import func, select

        from db.models import RecordFileRow

        if not self._usable:
            return
        with self.database.session() as session:
            stamp = tuple(session.execute(
                select(func.count(), func.max(RecordFileRow.id), func.max(RecordFileRow.state),
                       func.sum(RecordFileRow.page_count))
                .where(RecordFileRow.case_id == self.case_id)).one())
        if stamp != self._stamp:
            self._answers = {}
            self._stamp = stamp

    def __contains__(self, folded: str) -> bool:
        answer = self._answers.get(folded)
        if answer is None:
            answer = self._ask(folded)
            self._answers[folded] = answer
        return answer

    def _ask(self, folded: str) -> bool:
        if not self._usable:  # the records index is SQLite's FTS5; elsewhere no word is vouched
            return False
        from sqlalchemy import text

        from db.fulltext import _quote
        from db.models import RECORD_PAGE_INDEX

        index = RECORD_PAGE_INDEX.name
        statement = text(
            f"SELECT 1 FROM {index} JOIN record_pages ON record_pages.id = {index}.rowid "
            f"JOIN record_files ON record_files.id = record_pages.file_id "
            f"WHERE {index} MATCH :match AND record_files.case_id = :case_id LIMIT 1")
        with self.database.engine.connect() as connection:
            return connection.execute(
                statement, {"match": _quote(folded), "case_id": self.case_id}).first() is not None


# -- the speller -------------------------------------------------------------------------------

class Speller:
    """Finds misspelled words and suggests corrections; one per database, shared by the
    window's editors and the checks (``speller_for``), so its caches are built once.

    ``database`` None: English, medical and the reviewer's words only (a letter read from a
    file). ``dictionary``: the reviewer's dictionary (default: the per-user file).
    """

    def __init__(self, database=None, dictionary: ReviewerDictionary | None = None):
        self.database = database
        self.dictionary = dictionary or ReviewerDictionary()
        self._library = _LibraryWords(database) if database is not None else None
        self._records: dict[int, _RecordWords] = {}
        self._library_words: frozenset[str] = frozenset()
        self._library_read = False  # read at first use (a tenth of a second for the seed library)

    # -- what is known ------------------------------------------------------------------------
    def refresh_library(self) -> None:
        """Read the library's words again if the library changed (one query when it did not)."""
        if self._library is not None:
            try:
                self._library_words = self._library.words()
            except Exception:  # an unreadable library leaves its last words in place
                pass
            self._library_read = True

    def records(self, case_id: int | None) -> _RecordWords | None:
        if self.database is None or case_id is None:
            return None
        words = self._records.get(case_id)
        if words is None:
            words = self._records[case_id] = _RecordWords(self.database, case_id)
        return words

    def forget_records(self, case_id: int | None = None) -> None:
        """The records changed (of ``case_id``, or of any case): ask the index again."""
        for known_case, words in list(self._records.items()):
            if case_id is None or known_case == case_id:
                words.forget()

    def add_to_dictionary(self, word: str) -> None:
        self.dictionary.add(word)

    def knows(self, word: str, case_id: int | None = None) -> bool:
        """Whether ``word`` (one word, no digits) is spelled right for this case."""
        if len(word) < 2 or _ABBREVIATION.fullmatch(word):
            return True
        base = base_vocabulary()
        if not self._library_read:
            self.refresh_library()
        folded = _fold(word)
        for form in _forms(folded):
            if base.knows(form) or form in self._library_words or form in self.dictionary:
                return True
        records = self.records(case_id)
        if records is not None and not _swapped_from_english(folded, base) and folded in records:
            return True
        return False

    # -- finding -----------------------------------------------------------------------------
    def misspellings(self, text: str, case_id: int | None = None) -> list[Misspelling]:
        """The misspelled words of ``text``, in order, with their spans in ``text``."""
        return list(self._misspellings(text, case_id))

    def _misspellings(self, text: str, case_id: int | None) -> Iterator[Misspelling]:
        for token in _TOKEN.finditer(text):
            raw = token.group()
            if _ADDRESS.search(raw) or any(c.isdigit() for c in raw):
                continue
            for start, end in _word_spans(raw):
                word = raw[start:end]
                if "-" in word:
                    if self.knows(word.replace("-", ""), case_id) or self._knows_whole(word):
                        continue
                    for part_start, part_end in _hyphen_parts(word):
                        part = word[part_start:part_end]
                        if part.lower() in _HYPHEN_PREFIXES or self.knows(part, case_id):
                            continue
                        yield Misspelling(part, token.start() + start + part_start,
                                          token.start() + start + part_end)
                elif not self.knows(word, case_id):
                    yield Misspelling(word, token.start() + start, token.start() + end)

    def _knows_whole(self, word: str) -> bool:
        folded = _fold(word)
        return base_vocabulary().knows(folded) or folded in self._library_words \
            or folded in self.dictionary

    # -- suggesting ----------------------------------------------------------------------------
    def suggestions(self, word: str, limit: int = SUGGESTIONS) -> list[str]:
        """Likely corrections of ``word``, best first, written in its case ("Teh" -> "The")."""
        return [_cased(s, word) for s in _suggest(_fold(word), limit)]


@lru_cache(maxsize=4096)
def _suggest(folded: str, limit: int) -> tuple[str, ...]:
    """Known words one edit away (any letter), then two edits away (same first letter),
    more common words first. A few milliseconds for a long word."""
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    base = base_vocabulary()
    close = {w for w in _edits(folded) if base.knows(w)}
    ranked = sorted(close, key=lambda w: (-base.frequency(w), w))
    if len(ranked) < limit and folded[:1] in base.by_initial:
        bucket = base.by_initial[folded[0]]
        found = process.extract(folded, bucket, scorer=Levenshtein.distance, score_cutoff=2,
                                limit=limit * 4)
        further = sorted((w for w, distance, _ in found if w not in close and w != folded),
                         key=lambda w: (Levenshtein.distance(folded, w), -base.frequency(w), w))
        ranked += further
    return tuple(ranked[:limit])


def _edits(word: str) -> set[str]:
    """Every string one deletion, swap, replacement or insertion away from ``word``."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    swaps = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in letters]
    inserts = [a + c + b for a, b in splits for c in letters]
    return set(deletes + swaps + replaces + inserts)


def _swapped_from_english(folded: str, base: _Base) -> bool:
    """True when swapping two neighbouring letters of ``folded`` gives an English word."""
    for i in range(len(folded) - 1):
        if folded[i] != folded[i + 1]:
            swapped = folded[:i] + folded[i + 1] + folded[i] + folded[i + 2:]
            if swapped in base.english:
                return True
    return False


def _forms(folded: str) -> Iterator[str]:
    """The word, without a possessive, and singular (the lists hold singulars)."""
    yield folded
    for ending in ("'s", "s'", "'"):
        if folded.endswith(ending):
            folded = folded[: -len(ending)]
            yield folded
            break
    if folded.endswith("ies") and len(folded) > 4:
        yield folded[:-3] + "y"
    if folded.endswith("es") and len(folded) > 4:
        yield folded[:-2]
    if folded.endswith("s") and len(folded) > 3:
        yield folded[:-1]


def _word_spans(token: str) -> Iterator[tuple[int, int]]:
    """Words of one token: letter runs joined by apostrophes or hyphens; periods split."""
    for match in re.finditer(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", token):
        yield match.span()


def _hyphen_parts(word: str) -> Iterator[tuple[int, int]]:
    for match in re.finditer(r"[^-]+", word):
        yield match.span()


def _cased(suggestion: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return suggestion.upper()
    if like[:1].isupper():
        return suggestion[:1].upper() + suggestion[1:]
    return suggestion


_spellers: list[Speller] = []  # the newest first; a process opens one database, tests several
_spellers_lock = threading.Lock()
_SPELLERS_KEPT = 4


def speller_for(database) -> Speller:
    """The one ``Speller`` of ``database`` in this process (its caches shared by the window's
    editors, the QA panel and the command line)."""
    with _spellers_lock:
        for speller in _spellers:
            if speller.database is database:
                return speller
        speller = Speller(database)
        _spellers.insert(0, speller)
        del _spellers[_SPELLERS_KEPT:]
        return speller


# -- the check ----------------------------------------------------------------------------------

def case_texts(case: Case, items: Iterable[int], letter: bool = True
               ) -> Iterator[tuple[int | None, str, str]]:
    """``(item, field, text)`` of every text the spelling check reads, spans as in
    ``workbench.qa.findings.field_text``: the summary (``letter``), then each item's
    description and rationale."""
    if letter:
        yield None, SUMMARY, PARAGRAPH_JOIN.join(case.summary)
    for index in items:
        item = case.items[index]
        yield index, DESCRIPTION, item.description
        yield index, RATIONALE, PARAGRAPH_JOIN.join(item.rationale)


def spelling_findings(speller: Speller, case: Case, items: Iterable[int] | None = None, *,
                      letter: bool = True) -> list[Finding]:
    """One WARNING finding per misspelled word, with its field and span.

    The key is the check, the item and the field with the word (lower case), so an
    acknowledged word stays acknowledged wherever it moves in that text.
    """
    wanted = range(len(case.items)) if items is None else items
    speller.refresh_library()
    records = speller.records(case.id)
    if records is not None:
        records.check_stamp()
    findings = []
    for item, field, text in case_texts(case, wanted, letter):
        for wrong in speller.misspellings(text, case.id):
            suggestions = speller.suggestions(wrong.word, 3)
            hint = (" (" + ", ".join(f"“{s}”" for s in suggestions) + "?)") if suggestions else ""
            findings.append(Finding(
                CHECK, Severity.WARNING, item, f"“{wrong.word}” may be misspelled{hint}",
                field=field, span=(wrong.start, wrong.end),
                key=finding_key(CHECK, item, f"{field}:{_fold(wrong.word)}")))
    return findings


@register(CHECK, "Misspelled words (English, medical, the library's, the records' and yours)")
def check_spelling(context: CheckContext) -> list[Finding]:
    speller = speller_for(context.database) if context.database is not None else \
        context.once("speller", Speller)
    return spelling_findings(speller, context.case, context.items, letter=context.letter)


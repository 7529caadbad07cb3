"""``no-documentation``: a rationale says something is absent from the records; is it?

Each sentence that asserts an absence ("there is no documentation of a home
exercise program", "functional improvement is not documented", "no evidence
of peripheral neuropathy", "without a trial of TENS", "no mention of a urine
drug screen") is read for what it says is absent: the medical concepts named
at the head of the absent phrase (``resources/qa/concepts.json``: each with
the ways records write it, "HEP" for a home exercise program, "UDS" for a
urine drug screen), or, after an explicit "no documentation of" and when no
concept is named, the phrase's own medical words ("peripheral neuropathy").
Words after "with", "from", "after", "despite"... are context, not what is
absent ("no functional improvement with prior physical therapy" says the
improvement is missing, not the therapy). Abstract absences ("no clear
rationale", "no extenuating circumstances") cannot be searched and are left
alone.

The case's records are then searched for it; pages that say it (not "No
HEP", not "will start HEP"; see ``workbench.qa.records``) are the finding's
supporting pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from workbench.qa.findings import RATIONALE, SUMMARY, Finding, Severity, finding_key
from workbench.qa.records import CaseRecords, form_pattern
from workbench.qa.registry import CheckContext, register
from workbench.qa.sentences import Sentence, sentences
from workbench.resources import load_json

CHECK = "no-documentation"

_EVIDENCE = (r"(?:documentation|documented\s+evidence|documented|evidence|indication|mention"
             r"|record|report|notation|description|discussion|note|sign|signs|history|findings?"
             r"|objective\s+evidence|clinical\s+evidence|clear\s+evidence|clear\s+documentation"
             r"|objective\s+documentation|medical\s+documentation|reports?)\b")
_LINK = r"(?:\s+(?:of|that|regarding|concerning|about|to\s+suggest|showing|indicating))?"
# Explicit statements that the records lack something: the absent phrase follows.
_EXPLICIT = [
    rf"\bno\s+(?:(?:specific|significant|clear|objective|further|other|additional|recent|current"
    rf"|prior|documented|adequate|sufficient|submitted)\s+)*{_EVIDENCE}{_LINK}",
    rf"\b(?:lack|absence|paucity)\s+of\s+(?:(?:any|specific|significant|clear|objective|adequate"
    rf"|sufficient)\s+)*(?:{_EVIDENCE}{_LINK})?",
    r"\b(?:did|does|do|has|have|had)\s+not\s+(?:clearly\s+|specifically\s+)?(?:document|provide|show"
    r"|indicate|demonstrate|mention|reveal|include|describe|note|report|identify|contain)"
    r"(?:ed)?\s+(?:any\s+|a\s+|an\s+)?(?:(?:clear|objective|specific|significant)\s+)*"
    rf"(?:{_EVIDENCE}{_LINK}\s*)?",
    r"\bfail(?:s|ed)?\s+to\s+(?:document|show|demonstrate|indicate|mention|describe)\s+"
    rf"(?:any\s+)?(?:{_EVIDENCE}{_LINK}\s*)?",
    rf"\bwithout\s+(?:any\s+)?(?:(?:clear|objective|specific|documented)\s+)*{_EVIDENCE}{_LINK}",
]
# Loose wordings: only a named concept counts ("there were no red flags", "without a TENS
# trial", "has not tried a home exercise program").
_LOOSE = [
    r"\bthere\s+(?:is|are|was|were|has\s+been|have\s+been)\s+no\b",
    r"\bwithout\b",
    r"\bno\s+(?:prior|previous|recent|history\s+of)\b",
    r"\b(?:has|have|had)\s+not\s+(?:yet\s+)?(?:had|tried|undergone|attempted|completed|received"
    r"|participated\s+in|failed|used|been\s+(?:on|in|given|prescribed|trialed))\b",
]
# "X is not documented": the absent phrase comes before.
_AFTER = re.compile(
    r"\b(?:is|are|was|were|has|have|had)\s+not\s+(?:been\s+)?(?:clearly\s+|adequately\s+"
    r"|objectively\s+)?(?:documented|noted|reported|mentioned|described|evident|demonstrated"
    r"|submitted|recorded|provided|shown)\b",
    re.IGNORECASE)
_EXPLICIT_RE = [re.compile(p, re.IGNORECASE) for p in _EXPLICIT]
_LOOSE_RE = [re.compile(p, re.IGNORECASE) for p in _LOOSE]
# Where the absent phrase stops: the rest of the clause is context.
_PHRASE_END = re.compile(
    r"[.;:,()]|\b(?:with|from|after|following|since|during|despite|because|given|as|when|while|for"
    r"|which|who|whereas|but|however|therefore|thus|to\s+(?:support|warrant|justify|indicate)"
    r"|in\s+response|in\s+order|that\s+would|that\s+this|per|supporting|suggesting|consistent"
    r"|on\s+(?:the\s+)?(?:exam|examination"
    r"|physical)|in\s+the\s+(?:records?|documentation|notes?))\b",
    re.IGNORECASE)
_SUBJECT_START = re.compile(r"[.;:,()]|\b(?:and|but|however|therefore|thus|although|while"
                            r"|since|because)\b", re.IGNORECASE)
_LEAD = re.compile(r"^\s*(?:that\s+)?(?:(?:indicates|shows|suggests|demonstrates|documents)\s+"
                   r"(?:that\s+)?)?(?:(?:the|this|a|an|any|his|her|their)\s+)?(?:(?:patient|injured"
                   r"\s+worker|worker|claimant|applicant|employee|he|she|they)(?:'s)?\s+)?"
                   r"(?:(?:has|had|have|is|was|were|did|does)\s+(?:been\s+|ever\s+|previously\s+)?)?",
                   re.IGNORECASE)
# Words that say nothing searchable on their own.
_EMPTY = frozenset("""a an the any of to in on at for and or its his her their this that these
those such some specific significant clear clearly objective objectively subjective adequate
sufficient further other additional documented documentation evidence indication mention record
records report reports notation description prior previous recent current ongoing updated
complete completed detailed comprehensive formal thorough medical clinical physical patient
patients worker injured claimant applicant employee he she they has had have is was were been
be being any all both either provided submitted noted reported available review reviewed
improvement improved function functional response benefit any trial trials failed failure
use used using noting suggesting showing indicating regarding what how why whether improve
treatment treatments therapy therapies medication medications factors exceptional findings finding
symptoms symptom complaints change changes concerns severe acute consistent abnormal abnormalities
unclear questionable noncompliance non-compliance being performed done started given taken
trail day days week weeks month months year years time times level levels
over above below under within without into onto upon about injury injuries pain condition
conditions diagnosis diagnoses prescribed candidate abnormalities abnormality unable intolerant
tolerate attempted methods indicates shows suggests cannot similar information mentioned effectiveness relief
left right bilateral upper lower extremity extremities shoulder shoulders knee knees hip hips neck
back spine spinal lumbar cervical thoracic lumbosacral hand hands wrist wrists elbow elbows foot
feet ankle ankles thumb finger fingers arm arms leg legs head region area side""".split())
# A fallback phrase stops at these: "abnormal findings in a neurologic examination" is about
# the findings.
_HEAD_END = re.compile(r"\b(?:in|on|at|to|into|within|by|was|were|is|are|has|have|had)\b",
                       re.IGNORECASE)
_ADJECTIVE = re.compile(r"(?:al|ic|ous|ive|ary|ed|ful|less|ing|able|ible|ant|ent)$", re.IGNORECASE)
# Absences no page can settle: judgement, not fact.
_ABSTRACT = re.compile(
    r"\b(?:rationale|reason|reasons|necessity|efficacy|benefit|benefits|extenuating|circumstances"
    r"|guidelines?|criteria|plan|goals?|need|needs|indication|justification|explanation"
    r"|provision|recommendation|intent|purpose|quantity|frequency|duration|dose|dosage|request"
    r"|compliance|outcome|likelihood|expectation|certainty|modification|substantiation|support"
    r"|rational|indications|explaining|explain|why|effectiveness|information|candidate)\b",
    re.IGNORECASE)
_QUALIFIED = re.compile(r"\b(?:recent|current|updated|ongoing|repeat|new|interval|complete"
                        r"|comprehensive|formal|detailed|thorough)\b", re.IGNORECASE)


_REPORTS_UR = re.compile(r"utilization\s+review|\bUR\b|non-?certif|\bdenied\b|\bmodified\b"
                         r"|(?:prior|previous)\s+(?:review|determination|denial)", re.IGNORECASE)


@dataclass(frozen=True)
class Concept:
    name: str  # how a finding names it
    forms: tuple[str, ...]  # how records write it


@cache
def concepts() -> tuple[Concept, ...]:
    """The concepts of ``resources/qa/concepts.json``."""
    return tuple(Concept(entry["name"], tuple(entry["forms"]))
                 for entry in load_json("qa/concepts.json")["concepts"])


@dataclass(frozen=True)
class Absence:
    """One assertion that something is absent."""

    sentence: Sentence
    span: tuple[int, int]  # the assertion in the field's text, trigger to phrase end
    phrase: str  # what is said to be absent, as written
    concepts: tuple[Concept, ...]  # the concepts it names
    words: tuple[str, ...]  # the phrase's own terms ("tramadol"), when it names no concept

    @property
    def searches(self) -> list[tuple[str, tuple[str, ...]]]:
        """(name, forms) pairs to look for in the records."""
        if self.concepts:
            return [(c.name, c.forms) for c in self.concepts]
        return [(" or ".join(self.words), self.words)] if self.words else []


@lru_cache(maxsize=1024)
def find_absences(text: str) -> tuple[Absence, ...]:
    """The absence assertions in a field's text (a rationale or a summary: paragraphs joined
    with a blank line), kept per text."""
    return tuple(absence for sentence in sentences(text) for absence in _in_sentence(sentence))


def _in_sentence(sentence: Sentence) -> Iterator[Absence]:
    text = sentence.text
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    for explicit, patterns in ((True, _EXPLICIT_RE), (False, _LOOSE_RE)):
        for pattern in patterns:
            for match in pattern.finditer(text):
                phrase_start = match.end()
                rest = text[phrase_start:]
                lead = _LEAD.match(rest)
                if lead:
                    phrase_start += lead.end()
                    rest = text[phrase_start:]
                stop = _PHRASE_END.search(rest)
                phrase = rest[:stop.start() if stop else len(rest)].strip()
                if not phrase or not free(match.start(), phrase_start + len(phrase)):
                    continue
                absence = _absence(sentence, match.start(), phrase_start, phrase, explicit)
                if absence is not None:
                    taken.append((match.start(), phrase_start + len(phrase)))
                    yield absence
    for match in _AFTER.finditer(text):
        before = text[:match.start()]
        starts = [m.end() for m in _SUBJECT_START.finditer(before)]
        subject_start = starts[-1] if starts else 0
        phrase = before[subject_start:].strip()
        lead = _LEAD.match(phrase)
        if lead:
            phrase = phrase[lead.end():]
        if not phrase or not free(subject_start, match.end()):
            continue
        start = text.index(phrase, subject_start)
        absence = _absence(sentence, start, start, phrase, True, end=match.end())
        if absence is not None:
            taken.append((start, match.end()))
            yield absence


def _absence(sentence: Sentence, start: int, phrase_start: int, phrase: str, explicit: bool, *,
             end: int | None = None) -> Absence | None:
    named, first = [], len(phrase)
    for concept in concepts():
        hits = [m.start() for form in concept.forms for m in form_pattern(form).finditer(phrase)]
        if hits:
            named.append(concept)
            first = min(first, min(hits))
    if _ABSTRACT.search(phrase[:first]):
        return None  # "no clear rationale for an MRI": the reason is missing, not the MRI
    words: tuple[str, ...] = ()
    if not named:
        if not explicit or _QUALIFIED.search(phrase):
            return None
        words = tuple(_own_words(phrase))
        if not words:
            return None
    finish = end if end is not None else phrase_start + len(phrase)
    return Absence(sentence, (sentence.start + start, sentence.start + finish), phrase,
                   tuple(named), words)


def _own_words(phrase: str) -> list[str]:
    """The searchable terms of an absent phrase that names no concept: each alternative
    ("anticonvulsants or antidepressants") of one to three words that are not empty words,
    not a verb form first ("noting ...")."""
    terms = []
    head = phrase[:m.start()] if (m := _HEAD_END.search(phrase)) else phrase
    for part in re.split(r"\s*(?:\bor\b|\band\b|\band/or\b|/|,)\s*", head):
        words = re.findall(r"[A-Za-z][A-Za-z0-9'-]*", part)
        if words and re.search(r"(?:ing|ed)$", words[0].lower()) and words[0].lower() not in (
                "bleeding", "swelling"):
            return []
        kept = [i for i, w in enumerate(words) if w.lower() not in _EMPTY]
        if not kept:
            continue
        run = words[kept[0]:kept[-1] + 1]  # as written, so the phrase search finds it
        while len(run) > 1 and run[-1].lower().endswith("ing"):
            run = run[:-1]  # "nerve root compromise stemming (from ...)"
        if len(run) > 4 or not any(len(w) >= 5 for w in run):
            return []
        if len(run) == 1 and _ADJECTIVE.search(run[0]) and not run[0][0].isupper():
            return []  # "neurological" alone says nothing searchable
        terms.append(" ".join(run))
    return terms


def _absent_in(records: CaseRecords, absence: Absence) -> list[tuple[str, list]]:
    """(name, mentions) for each thing the absence names that the records do say."""
    found = []
    for name, forms in absence.searches:
        mentions = records.mentions(forms)
        if mentions:
            found.append((name, mentions))
    return found


@register(CHECK, "a rationale says something is absent that the records contain")
def contradicted_absences(context: CheckContext) -> Iterator[Finding]:
    records = context.records
    if records is None:
        return
    fields = [(index, RATIONALE, "\n\n".join(context.case.items[index].rationale))
              for index in context.items]
    if context.letter:
        fields.append((None, SUMMARY, "\n\n".join(context.case.summary)))
    for index, field, text in fields:
        for absence in find_absences(text):
            if field == SUMMARY and _REPORTS_UR.search(absence.sentence.text):
                continue  # the summary reporting the UR reviewer's reasons, not its own claim
            contradicted = _absent_in(records, absence)
            if not contradicted:
                continue
            names = ", ".join(name for name, _ in contradicted)
            mentions = [m for _, found in contradicted for m in found]
            pages = tuple(dict.fromkeys(m.support for m in mentions))[:5]
            where = f"Item {index + 1}" if index is not None else "The summary"
            said = _short(text[absence.span[0]:absence.span[1]])
            written = ", ".join(dict.fromkeys(f'"{m.words}"' for m in mentions[:3]))
            yield Finding(
                CHECK, Severity.WARNING, index,
                f"{where} says \"{said}\", but the records mention {names} ({written}): "
                + ", ".join(citation for _f, _p, citation in pages[:3]),
                field=field, span=absence.span, pages=pages,
                key=finding_key(CHECK, index, f"{absence.phrase}|{names}"))


def _short(phrase: str, words: int = 10) -> str:
    cut = phrase.split()
    return " ".join(cut[:words]) + ("…" if len(cut) > words else "")

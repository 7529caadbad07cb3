"""Drafting the clinical case summary from the form, and keeping the reviewer's prose safe.

The draft is a starting point in one house style, close to published
determinations: three paragraphs (who was injured, how, and what has been done
since; how the worker presents now; what was requested and what utilization
review decided), full dates ("December 17, 2007"), and nothing at all printed
for a field left empty, so a half-filled form still reads as finished prose.

A new draft must never silently replace prose the reviewer rewrote. The form
remembers the paragraphs last drafted (``DRAFTED_KEY``), which tells an
untouched draft from an edited summary; the window asks before overwriting
the latter.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from workbench.case import Case, ClaimantTerm
from workbench.summary.form import DRAFTED_KEY, Study, SummaryForm, Treatment, parse_day

# A clause that already joins itself to what comes before it.
_CONNECTIVES = {"after", "while", "when", "due", "from", "as", "in", "during", "by", "on", "at",
                "because", "following", "secondary", "with", "without", "which", "that", "but",
                "and", "though", "although", "resulting", "reportedly", "since", "through",
                "until", "between", "for", "of"}
_DATE_PREPOSITIONS = {"on", "in", "from", "between", "since", "during", "through", "until",
                      "starting", "beginning", "before", "after", "around", "approximately"}
# First words of a disputed item that are plain words, not a brand name to keep capitalised.
_GENERIC_WORDS = {
    "additional", "acupuncture", "aquatic", "arthroscopic", "bilateral", "cervical",
    "chiropractic", "cognitive", "computed", "consultation", "continued", "durable",
    "electromyography", "epidural", "evaluation", "facet", "follow-up", "functional", "home",
    "injection", "interferential", "left", "lumbar", "magnetic", "massage", "medial", "nerve",
    "occupational", "office", "outpatient", "pain", "physical", "post-operative",
    "postoperative", "psychological", "purchase", "referral", "rental", "repeat", "right",
    "retrospective", "spinal", "surgical", "thoracic", "topical", "total", "transforaminal",
    "trigger", "urine", "work", "x-ray", "x-rays",
}
_SUBJECT_WORDS = ("he ", "she ", "the ", "patient ", "pt ", "his ", "her ")
_ISO_OR_US = re.compile(r"\b(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/(?:\d{4}|\d{2}))\b(?!/)")
_DATE_COMMA = re.compile(r"(?<=\d), (?=\d{4})")  # "May 6, 2011" does not make a list item
_RANGE_SEPARATORS = (" to ", " through ", " - ", " \u2013 ", "\u2013")
_ABBREVIATION_END = re.compile(r"(?:\b[A-Za-z]\.){2,}$")


def draft_summary(form: SummaryForm, claimant_term: ClaimantTerm | str,
                  items: Sequence[str] = (), *,
                  ur_decision_on: dt.date | None = None) -> list[str]:
    """The summary paragraphs for ``form``; an empty form with no items gives none.

    ``items`` are the disputed items' descriptions, named in the request
    paragraph; ``ur_decision_on`` (the case's date) stands in when the form
    has no UR date.
    """
    term = ClaimantTerm(claimant_term).value
    person = _Person(form.sex, term)
    paragraphs = [
        _background(form, term),
        _presentation(form, person, bool(items or form.request_date)),
        _request(form, [item for item in items if item.strip()], ur_decision_on),
    ]
    return [" ".join(sentences) for sentences in paragraphs if sentences]


def draft_for_case(case: Case) -> list[str]:
    """``draft_summary`` for a case as stored: its form, claimant term, items and UR date."""
    return draft_summary(SummaryForm.from_dict(case.summary_form), case.claimant_term,
                         [item.description for item in case.items],
                         ur_decision_on=case.ur_decision_on)


def summary_edited(case: Case) -> bool:
    """Whether the case's summary holds prose a new draft would lose.

    An empty summary has nothing to lose; a summary never drafted here (typed,
    or read from a letter) is the reviewer's own. Differences in spacing and
    blank paragraphs are not edits.
    """
    if not _normalized(case.summary):
        return False
    drafted = SummaryForm.from_dict(case.summary_form).drafted
    return drafted is None or _normalized(drafted) != _normalized(case.summary)


def apply_draft(case: Case, paragraphs: Sequence[str]) -> None:
    """Make ``paragraphs`` the case's summary and remember them as the last draft."""
    case.summary = list(paragraphs)
    case.summary_form = {**case.summary_form, DRAFTED_KEY: list(paragraphs)}


def _normalized(paragraphs: Sequence[str]) -> list[str]:
    return [" ".join(p.split()) for p in paragraphs if p.strip()]


class _Person:
    """How later sentences refer to the worker: he, she, or the claimant term again."""

    def __init__(self, sex: str | None, term: str):
        self.subject, self.possessive = {
            "male": ("he", "his"), "female": ("she", "her"),
        }.get(sex or "", (f"the {term}", f"the {term}'s"))


# -- the three paragraphs ---------------------------------------------------


def _background(form: SummaryForm, term: str) -> list[str]:
    sentences = []
    opening = _opening(form, term)
    if opening:
        sentences.append(_sentence(opening))
    diagnoses = [_lower_first(_clause(d)) for d in form.diagnoses if _clause(d)]
    if len(diagnoses) == 1:
        sentences.append(_sentence(f"The diagnosis is {diagnoses[0]}"))
    elif diagnoses:
        sentences.append(_sentence(f"The diagnoses include {join(diagnoses)}"))
    treatments = [_treatment(t) for t in form.treatments if not t.empty]
    if treatments:
        sentences.append(_sentence(f"Treatment to date has included {join(treatments)}"))
    sentences.extend(_studies(form.studies))
    medications = [_clause(m) for m in form.medications if _clause(m)]
    if medications:
        sentences.append(_sentence(f"Current medications include {join(medications)}"))
    return sentences


def _opening(form: SummaryForm, term: str) -> str | None:
    """"The patient is a 59-year-old male who sustained an industrial injury to ... on ..."."""
    injury = _injury(form)
    described = [word for word in (
        {True: "represented", False: "unrepresented"}.get(form.represented),
        f"{form.age}-year-old" if form.age is not None else None,
        form.sex,
    ) if word]
    name = f"The {term}"
    if form.age is not None or form.sex:
        who = " ".join(described)
        text = f"{name} is {article(who)} {who}"
        return f"{text} who {injury}" if injury else text
    if form.represented is not None:
        text = f"{name} is {'represented' if form.represented else 'not represented'}"
        return f"{text} and {injury}" if injury else text
    return f"{name} {injury}" if injury else None


def _injury(form: SummaryForm) -> str | None:
    regions = [_lower_first(_clause(r)) for r in form.body_regions if _clause(r)]
    mechanism = _lower_first(_clause(form.mechanism))
    if not (form.injury_date or regions or mechanism):
        return None
    text = "sustained an industrial injury"
    if regions:
        text += f" to {_the(join(regions))}"
    if form.injury_date:
        text += f" on {full_date(form.injury_date)}"
    if mechanism:
        word = _first_word(mechanism)
        if word in _CONNECTIVES:
            text += f" {mechanism}"
        elif word.endswith("ing"):
            text += f" while {mechanism}"
        else:
            text += f" due to {mechanism}"
    return text


def _treatment(treatment: Treatment) -> str:
    text = _lower_first(_clause(treatment.kind)) or "treatment"
    count = _clause(treatment.count)
    if count.isdigit():
        text += f" x {count}"
    elif count:
        text += f" ({count})"
    dates = " ".join(treatment.dates.split()).rstrip(" .;,:")
    if dates:
        text += f" {_when(dates)}"
    outcome = _lower_first(_clause(treatment.outcome))
    if outcome:
        connected = _first_word(outcome) in _CONNECTIVES
        text += f", {outcome}" if connected else f", with {outcome}"
    return text


def _when(dates: str) -> str:
    """"on June 2, 2026", "from June 2, 2026 to July 25, 2026", or the words as typed."""
    if parse_day(dates):
        return f"on {full_date(dates)}"
    for separator in _RANGE_SEPARATORS:
        start, _, end = dates.partition(separator)
        if end and parse_day(start) and parse_day(end):
            return f"from {full_date(start)} to {full_date(end)}"
    if _first_word(dates) in _DATE_PREPOSITIONS:
        return full_dates_in(dates)
    if re.fullmatch(r"(?:[A-Za-z]+\.?\s+)?\d{4}", dates):  # "2025", "March 2025"
        return f"in {dates}"
    return f"({full_dates_in(dates)})"


def _studies(studies: list[Study]) -> list[str]:
    sentences, unreported = [], []
    for study in studies:
        if study.empty:
            continue
        kind, region = _clause(study.kind), _lower_first(_clause(study.region))
        name = f"{kind} of {_the(region)}" if kind and region else kind or (
            f"a study of {_the(region)}" if region else "a study")
        if _clause(study.date):
            name += f" dated {full_date(_clause(study.date))}"
        findings = _lower_first(_clause(study.findings))
        if findings:
            sentences.append(_sentence(f"{name} revealed {findings}"))
        else:
            unreported.append(name)
    if unreported:
        also = " also" if sentences else ""
        sentences.append(_sentence(f"Diagnostic studies have{also} included {join(unreported)}"))
    return sentences


def _presentation(form: SummaryForm, person: _Person, requested: bool) -> list[str]:
    sentences = []
    complaints = _clause(form.complaints)
    if complaints:
        if _is_sentence(complaints):
            sentences.append(_sentence(complaints))
        else:
            when = "At the time of the request, " if requested else ""
            sentences.append(_sentence(
                f"{when}{person.subject} reported {_lower_first(complaints)}"))
    exam = _clause(form.exam_findings)
    if exam:
        own = _is_sentence(exam) or _first_word(exam) in ("examination", "exam", "on", "physical")
        sentences.append(_sentence(exam if own else f"Examination revealed {_lower_first(exam)}"))
    status = _clause(form.work_status)
    if status:
        status_word = _first_word(status)
        if _is_sentence(status) or status_word == "work":
            sentences.append(_sentence(status))
        elif status_word in ("working", "not", "off", "unable", "currently"):
            sentences.append(_sentence(f"{person.subject} was {_lower_first(status)}"))
        else:
            sentences.append(_sentence(f"{person.possessive} work status was "
                                       f"{_lower_first(status)}"))
    return sentences


def _request(form: SummaryForm, items: list[str], ur_decision_on: dt.date | None) -> list[str]:
    sentences = []
    provider = " ".join(form.request_provider.split())
    when = f"On {full_date(form.request_date)}, " if form.request_date else ""
    named = join([_item_name(item) for item in items])
    if items:
        if provider or when:
            sentences.append(_sentence(f"{when}{provider or 'the treating provider'} requested "
                                       f"{named}"))
        else:
            sentences.append(_sentence(f"Under consideration is a request for {named}"))
    elif provider or when:
        sentences.append(_sentence(f"{when}{provider or 'the treating provider'} submitted a "
                                   "request for authorization"))
    requests = "the requests" if len(items) > 1 else "the request"
    ur_date = full_date(form.ur_date) if form.ur_date else (
        full_date(ur_decision_on.isoformat()) if ur_decision_on else "")
    outcome = _ur_verb(_clause(form.ur_outcome))
    review = f"In a Utilization Review determination dated {ur_date}, " if ur_date else (
        "In Utilization Review, ")
    if outcome and outcome[1]:
        sentences.append(_sentence(f"{review}the claims administrator {outcome[0]} {requests}"))
    elif outcome:
        sentences.append(_sentence(f"{review}the claims administrator's decision on {requests} "
                                   f"was {outcome[0]}"))
    elif ur_date:
        were = "were" if len(items) > 1 else "was"
        sentences.append(_sentence(f"{requests} {were} reviewed in a Utilization Review "
                                   f"determination dated {ur_date}"))
    return sentences


def _ur_verb(outcome: str) -> tuple[str, bool] | None:
    """The outcome as a verb ("non-certified", True) or, failing that, a noun (…, False)."""
    if not outcome:
        return None
    nouns = {"non-certification": "non-certified", "noncertification": "non-certified",
             "denial": "denied", "modification": "modified", "certification": "certified",
             "partial certification": "partially certified"}
    text = _lower_first(outcome)
    text = nouns.get(text.lower(), text)
    return (text, True) if text.split()[-1].lower().endswith("ed") else (text, False)


def _item_name(item: str) -> str:
    text = _clause(item)
    return _lower_first(text) if _first_word(text) in _GENERIC_WORDS else text


# -- words ------------------------------------------------------------------


def join(parts: Sequence[str]) -> str:
    """"A", "A and B", "A, B and C"; parts with commas of their own: "A, and B", "A; B; and C"."""
    parts = [part for part in parts if part]
    if len(parts) <= 1:
        return "".join(parts)
    if not any("," in _DATE_COMMA.sub("", part) for part in parts):
        return ", ".join(parts[:-1]) + " and " + parts[-1]
    if len(parts) == 2:
        return f"{parts[0]}, and {parts[1]}"
    return "; ".join(parts[:-1]) + "; and " + parts[-1]


def article(phrase: str) -> str:
    """"a" or "an" as the phrase is spoken: "an 18-year-old", "an MRI", "a unilateral"."""
    word = phrase.split()[0] if phrase.split() else ""
    number = re.match(r"\d+", word)
    if number:
        digits = number.group(0)
        return "an" if digits.startswith("8") or digits in ("11", "18") else "a"
    letters = re.sub(r"[^A-Za-z]", "", word)
    if not letters:
        return "a"
    if len(letters) > 1 and letters.isupper():  # an acronym, said letter by letter
        return "an" if letters[0] in "AEFHILMNORSX" else "a"
    low = letters.lower()
    if low.startswith(("uni", "use", "usu", "ure", "eu", "one", "once")):
        return "a"
    if low.startswith(("hour", "honest", "honor")):
        return "an"
    return "an" if low[0] in "aeiou" else "a"


def full_date(text: str) -> str:
    """An ISO or US date written out ("December 17, 2007"); other text as it was typed."""
    day = parse_day(text)
    return f"{day:%B} {day.day}, {day.year}" if day else " ".join(text.split())


def full_dates_in(text: str) -> str:
    """Every ISO or US date inside free text written out in the house style."""
    return _ISO_OR_US.sub(lambda m: full_date(m.group(1)), text)


def _clause(text: str) -> str:
    """Free text ready to sit inside a sentence: one line, dates written out, no closing stop."""
    text = " ".join((text or "").split())
    if not _ABBREVIATION_END.search(text):
        text = text.rstrip(" .;,:")
    return full_dates_in(text)


def _lower_first(text: str) -> str:
    """"Lumbar strain" -> "lumbar strain" inside a sentence; "MRI", "L5", "Parkinson's" stay."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first[0].isupper() and first[1:2].islower() \
            and not first.endswith(("'s", "\u2019s")):
        return text[0].lower() + text[1:]
    return text


def _first_word(text: str) -> str:
    return text.split(" ", 1)[0].lower().strip(",;:") if text else ""


def _is_sentence(text: str) -> bool:
    """Typed as a sentence with its own subject ("She reports ..."), to keep as written."""
    return text.lower().startswith(_SUBJECT_WORDS)


def _the(region: str) -> str:
    return region if region.lower().startswith(("the ", "both ", "his ", "her ")) else \
        f"the {region}"


def _sentence(text: str) -> str:
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."

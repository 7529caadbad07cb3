"""What kind of document this is, by rules a reviewer can read and predict.

Records announce themselves in a title near the top of their first page
("PRIMARY TREATING PHYSICIAN'S PROGRESS REPORT", "OPERATIVE REPORT",
"FACSIMILE TRANSMITTAL SHEET"). So the title decides first: a heading-like
line among the first lines, below any letterhead, read against each kind's
title phrases (``title_kind``). Then each kind's weighted patterns score the
opening text; a pattern found in the title zone (the top of the first page)
counts double. The title's kind gets a large bonus, so the body can overrule
it only by a wide margin. A document that scores too little is "other".
Fax stamp lines are dropped first: they are the fax machine's, not the
document's. The reviewer's override is stored beside the result, never over it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from workbench.records.kinds import DocumentKind
from workbench.records.page_marks import split_stamps

TITLE_ZONE = 600  # characters at the top of the first page
READ_CHARS = 6000  # the rules look at the first pages only
PAGES_CHARS = 3500  # ... and at a document's first page or two when it was found in a packet
MINIMUM_SCORE = 3
TITLE_BONUS = 12  # what a title is worth against the body's patterns
TITLE_LINES = 24  # non-empty lines at the top of a page where a title may stand
HEADING_CHARS = 90  # a longer line is prose, not a title

_RULES: dict[DocumentKind, list[tuple[str, int]]] = {
    DocumentKind.IMR_APPLICATION: [
        (r"application\s+for\s+independent\s+medical\s+review", 5),
        (r"\bIMR[- ]?1\b|\bform\s+IMR\b|IMR\s+application", 4),
        (r"(?:injured\s+worker|employee)\s+(?:requests|is\s+requesting)\s+(?:an\s+)?independent", 2),
        (r"disputed\s+(?:medical\s+)?treatment", 2),
    ],
    DocumentKind.UR_DETERMINATION: [
        (r"utilization\s+review", 3),
        (r"\bUR\s+(?:determination|decision|denial|notice)", 4),
        (r"notice\s+of\s+(?:utilization\s+review\s+)?(?:decision|determination)", 3),
        (r"non-?certif|not\s+medically\s+necessary|is\s+(?:denied|modified)", 2),
        (r"physician\s+(?:advisor|reviewer)|peer\s+review", 2),
    ],
    DocumentKind.PR2: [
        (r"primary\s+treating\s+physician'?s?\s+progress\s+report", 6),
        (r"\bPR-?2\b", 5),
        (r"progress\s+report|follow[- ]up\s+visit", 2),
        # A treating physician's visit: its sections, the worker's work status, a request.
        (r"work\s+status|disability\s+status|temporarily\s+(?:totally|partially)\s+disabled|"
         r"modified\s+(?:duty|work)|full\s+duty", 3),
        (r"^\s*(?:subjective|objective|assessment|history\s+of\s+present\s+illness|interval\s+history|"
         r"physical\s+examination|treatment\s+plan|chief\s+complaint)\b", 2),
        (r"request(?:ing)?\s+(?:for\s+)?authorization|\bRFA\b", 2),
        (r"subjective\s+complaints|objective\s+findings|treating\s+physician|\bPTP\b", 1),
    ],
    DocumentKind.IMAGING: [
        (r"\b(?:MRI|magnetic\s+resonance|CT\s+scan|computed\s+tomography|x-?rays?|radiographs?|"
         r"ultrasound|sonogra\w+|bone\s+scan)\b", 2),
        (r"radiolog\w+|imaging\s+report", 2),
        (r"\btechnique\s*:|\bcomparison\s*:", 2),
        (r"\bimpression\s*:", 1),
    ],
    DocumentKind.ELECTRODIAGNOSTIC: [
        (r"electrodiagnostic|electromyogra\w+|\bEMG\b", 3),
        (r"nerve\s+conduction|\bNCV\b|\bNCS\b", 3),
        (r"distal\s+(?:motor\s+)?latenc\w+|sensory\s+nerve|F-?waves?|needle\s+(?:exam|electromyo)", 1),
    ],
    DocumentKind.OPERATIVE: [
        (r"operative\s+report|operation\s+report|operative\s+note", 6),
        (r"pre-?operative\s+diagnosis|pre-?procedure\s+diagnosis", 4),
        (r"post-?operative\s+diagnosis|post-?procedure\s+diagnosis", 4),
        (r"\banesthesia\s*:|estimated\s+blood\s+loss|procedures?\s+performed", 2),
    ],
    DocumentKind.THERAPY: [
        # Named in most records; what makes a therapy note is what was done at the visit.
        (r"physical\s+therapy|occupational\s+therapy|physiotherapy|chiropractic|acupuncture", 2),
        (r"\bPT\s+(?:daily\s+)?(?:note|visit|evaluation|re-?evaluation)", 3),
        (r"\b97\d{3}\b|\b9894\d\b|therapeutic\s+(?:exercise|activities)|manual\s+therapy|"
         r"neuromuscular\s+re-?education|plan\s+of\s+care", 3),
        (r"\bvisit\s*(?:#\s*)?\d+(?:\s+of\s+\d+)?\b|\btherapist\b|\bDPT\b|\bL\.?Ac\.?", 2),
    ],
    DocumentKind.MEDICAL_LEGAL: [
        (r"agreed\s+medical\s+evaluat\w+|qualified\s+medical\s+evaluat\w+|panel\s+QME", 6),
        (r"\b(?:AME|QME)\b", 4),
        (r"medical-?\s?legal|med-?legal", 4),
        (r"permanent\s+and\s+stationary|maximum\s+medical\s+improvement|whole\s+person\s+"
         r"impairment|apportionment", 2),
    ],
    DocumentKind.MEDICATION: [
        (r"pharmacy|medication\s+(?:list|record|history|profile|log)", 4),
        (r"\bdispensed\b|\brefills?\b|\bNDC\b|days?\s+supply", 2),
        (r"prescription|\bRx\b|\bquantity\b", 1),
    ],
    DocumentKind.CORRESPONDENCE: [
        (r"^\s*dear\b", 3),
        (r"\bsincerely\b|\bregards\b|\bvery\s+truly\s+yours\b|\bcc\s*:", 2),
        (r"^\s*re\s*:|enclosed|this\s+letter|this\s+office\s+represents", 1),
    ],
    DocumentKind.FAX_COVER: [
        (r"\bfax\s+cover|\bfacsimile\b|\btransmittal\b", 4),
        (r"pages?\s*\(?\s*including\s+(?:the\s+)?cover|number\s+of\s+pages|no\.?\s+of\s+pages|"
         r"total\s+(?:no\.?\s+of\s+)?pages", 4),
        (r"received\s+this\s+(?:fax|facsimile|transmission|communication)\s+in\s+error|"
         r"intended\s+recipient", 2),
    ],
}


def leading_words(pattern: str) -> tuple[str, ...] | None:
    """Words one of which every match of ``pattern`` starts with, or None when they cannot
    be told from the pattern's text: a plain substring test then skips the regular
    expression on most pages (Python's matching tries each alternative at every character).

    Reads each top-level alternative's opening letters, after ``\\b``, ``^`` and
    ``\\s*``, and goes into an opening ``(?:...)`` group that is not optional.
    """
    words: list[str] = []
    for branch in _alternatives(pattern):
        found = _branch_words(branch)
        if found is None:
            return None
        words.extend(found)
    return tuple(words)


def _alternatives(pattern: str) -> list[str]:
    parts, depth, start, index = [], 0, 0, 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:index])
            start = index + 1
        index += 1
    parts.append(pattern[start:])
    return parts


def _branch_words(branch: str) -> list[str] | None:
    while True:
        for opening in ("\\b", "^", "\\s*"):
            if branch.startswith(opening):
                branch = branch[len(opening):]
                break
        else:
            break
    if branch.startswith("(?:"):
        depth, index = 0, 0
        while index < len(branch):
            if branch[index] == "\\":
                index += 2
                continue
            depth += branch[index] == "("
            depth -= branch[index] == ")"
            if depth == 0:
                break
            index += 1
        if branch[index + 1:index + 2] in ("?", "*", "{"):
            return None
        return leading_words(branch[3:index])
    word = ""
    for char in branch:
        if char in "\\()[]{}|?*+.^$":
            break
        word += char
    if branch[len(word):len(word) + 1] in ("?", "*", "{"):
        word = word[:-1]
    return [word] if len(word) >= 2 else None


# Matched on lower-cased text without re.IGNORECASE, which makes Python's matching three
# times slower (the patterns use only lower-case escapes: \s \b \d \w); each with the
# words it starts with, where it is tried (``_first_match``).
def _rule(pattern: str, weight: int) -> tuple[re.Pattern[str], int, tuple[str, ...] | None]:
    words = leading_words(pattern.lower())
    return re.compile(pattern.lower(), re.M), weight, words and tuple(dict.fromkeys(words))  # each once


_COMPILED = {kind: [_rule(pattern, weight) for pattern, weight in rules] for kind, rules in _RULES.items()}
_ORDER = {kind: index for index, kind in enumerate(_COMPILED)}  # the order ties are settled in
_MOST = {kind: sum(2 * weight for _, weight, _ in rules) for kind, rules in _COMPILED.items()}
_BY_MOST = sorted(_COMPILED, key=lambda kind: -_MOST[kind])

# Title phrases. The first tier names one kind unmistakably; the second is read only
# when no first-tier phrase is on the line, in this order (a "Physical Therapy Progress
# Note" is a therapy note, an "EMG of the upper extremities" not an imaging study).
_TITLES_SURE: list[tuple[DocumentKind, tuple[str, ...]]] = [
    (DocumentKind.FAX_COVER, (
        r"^(?:fax|facsimile)(?:\s+(?:cover(?:\s+sheet|\s+page)?|transmittal(?:\s+sheet)?|transmission|"
        r"message|sheet))?$",
        r"\bfax\s+cover\b", r"\bfacsimile\s+(?:cover|transmittal)", r"^transmittal(?:\s+sheet)?$")),
    (DocumentKind.IMR_APPLICATION, (
        r"application\s+for\s+independent\s+medical\s+review", r"\bDWC\s+form\s+IMR\b",
        r"\bIMR\s+application")),
    (DocumentKind.UR_DETERMINATION, (
        r"utilization\s+review", r"\bUR\s+(?:determination|decision|denial|notice)",
        r"notice\s+of\s+(?:decision|determination|non-?certification|modification)", r"non-?certification")),
    (DocumentKind.MEDICAL_LEGAL, (
        r"(?:qualified|agreed)\s+medical\s+(?:evaluat|examin)", r"\bpanel\s+QME\b", r"\b(?:QME|AME)\b",
        r"medical[- ]legal", r"\bML-?1\d\d\b", r"independent\s+medical\s+(?:evaluation|examination)")),
    (DocumentKind.PR2, (
        r"\bPR-?2\b", r"primary\s+treating\s+physician", r"treating\s+physician'?s?\s+(?:\w+\s+)?report")),
    (DocumentKind.OPERATIVE, (
        r"operative\s+(?:report|note)", r"report\s+of\s+operation", r"operation\s+report",
        r"procedure\s+(?:report|note)", r"surgical\s+report", r"\bop\s+note\b")),
]
_TITLES_GENERAL: list[tuple[DocumentKind, tuple[str, ...]]] = [
    (DocumentKind.ELECTRODIAGNOSTIC, (
        r"electrodiagnostic", r"electromyogra", r"nerve\s+conduction", r"\b(?:EMG|NCV|NCS)\b")),
    (DocumentKind.THERAPY, (
        r"physical\s+therapy", r"occupational\s+therapy", r"physiotherapy", r"acupuncture",
        r"\bchiropractic\b", r"\bPT\s+(?:daily|visit|note|evaluation|re-?evaluation|progress)",
        r"therapy\s+(?:note|evaluation|visit)",
        r"\bSOAP\s+note\b")),
    (DocumentKind.MEDICATION, (
        r"medication\s+(?:profile|list|record|history|reconciliation|log|summary)",
        r"prescription\s+(?:history|profile|record|log)",
        r"pharmacy\s+(?:record|profile|printout|dispensing|history)",
        r"dispensing\s+(?:record|log|history)")),
    (DocumentKind.IMAGING, (
        r"\b(?:MRI|MRA|MR\s+arthrogra\w*|magnetic\s+resonance|CT|CAT\s+scan|computed\s+tomography|x-?rays?|"
        r"radiographs?|ultrasound|sonogra\w+|bone\s+scan|DEXA|arthrogram)\b",
        r"radiology\s+report", r"imaging\s+report")),
    (DocumentKind.PR2, (
        r"progress\s+(?:report|note)",
        r"follow[- ]?up\s+(?:visit|consultation|evaluation|report|note|exam\w*)",
        r"re-?evaluation", r"office\s+(?:visit|note)", r"visit\s+note",
        r"orthopa?edic\s+(?:consultation|evaluation)", r"initial\s+(?:consultation|evaluation|report)",
        r"pain\s+management\s+consultation")),
    (DocumentKind.OTHER, (
        r"claim\s+form", r"\bDWC[- ]?1\b", r"statement\s+of\s+(?:charges|account)", r"itemized\s+statement",
        r"\bbill(?:ing)?\s+statement", r"\bledger\b", r"explanation\s+of\s+(?:benefits|review)", r"laborator",
        r"lab\s+results", r"questionnaire", r"intake\s+form", r"request\s+for\s+authorization", r"\bRFA\b",
        r"pain\s+diagram", r"work\s+status\s+(?:report|slip)", r"toxicology", r"drug\s+screen",
        r"proof\s+of\s+service")),
]


def _title_rule(kind: DocumentKind, phrases: tuple[str, ...]
                ) -> tuple[DocumentKind, re.Pattern[str], re.Pattern[str], tuple[str, ...] | None]:
    """A tier's phrases for one kind as one pattern; the same lower-cased, for a line of
    ASCII text lower-cased; and the words (lower-cased) such a line must hold for it to
    match, or None when the phrases do not tell (see ``line_kind``)."""
    pattern = "|".join(phrases)
    words = leading_words(pattern)
    return (kind, re.compile(pattern, re.I), re.compile(pattern.lower()),
            words and tuple(word.lower() for word in words))


_SURE = [_title_rule(kind, phrases) for kind, phrases in _TITLES_SURE]
_GENERAL = [_title_rule(kind, phrases) for kind, phrases in _TITLES_GENERAL]
_TITLE_RULES = _SURE + _GENERAL  # the first tier first
# Words that name a kind of paper: a title holding one is surely a title.
_PAPER = re.compile(r"\b(?:note|report|evaluation|re-?evaluation|examination|exam|record|visit|"
                    r"consultation|study|studies|summary|profile|list|log|history|statement|form|letter|"
                    r"notice|application|determination|decision|review|sheet|transmittal|results|"
                    r"questionnaire|procedure|operation|reconciliation|imr|pr-?2|mri|ct|x-?rays?|emg|ncv|"
                    r"fax)\b", re.I)
# A practice's name, not a title, though it may name a kind ("Coast Chiropractic & Rehab Center").
_FACILITY_NAME = re.compile(r"\b(?:group|associates|cent(?:er|re)|clinic|institute|hospital|inc|llp|llc)\b|"
                            r"&\s*rehab", re.I)
# A label whose value is the document's title ("EXAMINATION: MRI LUMBAR SPINE").
_TITLE_LABEL = re.compile(r"^(?:exam(?:ination)?|study|procedure|report|title|type\s+of\s+(?:study|report)|"
                          r"document)\s*:\s*", re.I)
_NOT_A_TITLE = re.compile(r"^(?:\d{1,2}[.)]\s|[-*\u2022\[]|(?:re|subject|regarding|cc)\b(?!-)|"
                          r"(?:diagnos[ie]s|request|decision|plan)\b)", re.I)
# Letterhead: a street-and-city or telephone line near the top of a page.
_CITY_LINE = re.compile(r"\b[A-Z][A-Za-z .'-]+,?\s+(?:CA|Calif\.?|California)\.?\s+9\d{4}\b")
_PHONE_LINE = re.compile(r"\b(?:tel|telephone|phone|ph|fax|facsimile|p|f|t)\b\.?\s*:?\s*"
                         r"\(?\d{3}\)?[\s.-]*\d{3}[\s.-]\d{4}", re.I)
LETTERHEAD_LINES = 6
LETTER_LINES = 30  # a letter's salutation stands among its first lines
_CLOSE = re.compile(r"\s*(?:sincerely|very\s+truly\s+yours|yours\s+truly|respectfully|(?:best|kind|warm)?\s*"
                    r"regards|cordially)\b", re.I)


def scores(text: str) -> dict[DocumentKind, int]:
    """Each kind's score for the opening text of a document (for tests and explanations)."""
    head = text[:READ_CHARS].lower()
    return {kind: sum(_rule_score(head, rule) for rule in rules) for kind, rules in _COMPILED.items()}


def _rule_score(head: str, rule: tuple[re.Pattern[str], int, tuple[str, ...] | None]) -> int:
    """What one rule adds for ``head`` (lower-cased): its weight, twice over when its first
    match starts in the title zone, 0 without a match."""
    pattern, weight, words = rule
    start = _first_match(head, pattern, words)
    if start is None:
        return 0
    return 2 * weight if start < TITLE_ZONE else weight


def _first_match(head: str, pattern: re.Pattern[str], words: tuple[str, ...] | None) -> int | None:
    """Where the first match of ``pattern`` in ``head`` starts, or None: what
    ``pattern.search(head)`` says, found faster.

    Every match starts with one of the pattern's leading ``words``, or in the spaces right
    before one (``^\\s*``), so the pattern is tried only there, in order, with ``match`` (which,
    like ``search``, sees the text before its position for ``\\b`` and ``^``), instead of at
    every character. Without leading words it is searched for as written.
    """
    if words is None:
        found = pattern.search(head)
        return found.start() if found else None
    starts: list[int] = []  # (a place twice, where two words start, is tried twice)
    for word in words:
        at = head.find(word)
        while at != -1:
            space = at
            while space and head[space - 1].isspace():
                space -= 1
            starts.extend(range(space, at + 1))
            at = head.find(word, at + 1)
    for start in sorted(starts):
        if pattern.match(head, start):
            return start
    return None


def letterhead_end(lines: Sequence[str]) -> int:
    """How many of ``lines`` (a page's non-empty top lines) are its letterhead: up to the
    last street-city or telephone line among the first few; 0 without a letterhead."""
    end = 0
    for index, line in enumerate(lines[:LETTERHEAD_LINES]):
        if len(line) > 100 or line.rstrip().endswith("."):
            continue  # a sentence that names a city is not a letterhead
        if _city_line(line) or _PHONE_LINE.search(line):
            end = index + 1
    return end


def _city_line(line: str) -> bool:
    # The state's name or abbreviation first: a plain substring test is far cheaper.
    return ("CA" in line or "Calif" in line) and bool(_CITY_LINE.search(line))


def title_kind(lines: Sequence[str], *, within: int = TITLE_LINES,
               letterhead: int | None = None) -> tuple[DocumentKind, int] | None:
    """The kind a page's title names, and the title's position among ``lines``.

    ``lines``: the page's non-empty lines, fax stamps removed. The title is a
    heading-like line below the letterhead (short, not a list item, not a "Re:"
    or other label line) and above the running text that holds a title phrase:
    the first that names a kind of paper ("... Note", "... Report"), else the
    first ("Sierra Physical Therapy" may be a practice's name above "Daily Note
    - Physical Therapy"). None when there is none. ``letterhead``: ``letterhead_end(lines)``
    when the caller has it already.
    """
    first: tuple[DocumentKind, int] | None = None
    start = letterhead_end(lines) if letterhead is None else letterhead
    for index in range(start, min(len(lines), within)):
        line = lines[index].strip()
        if _is_prose(line):
            break  # a title stands above the text it heads; headings further down are sections
        if len(line) > HEADING_CHARS or len(line) < 2:
            continue
        labelled = _TITLE_LABEL.match(line)
        if labelled:
            line = line[labelled.end():]
        elif _NOT_A_TITLE.match(line):
            continue
        elif ":" in line.rstrip(":"):
            # A heading in capitals may run on after a colon ("ELECTRODIAGNOSTIC
            # CONSULTATION: EMG ..."); any other "Label: value" line is a field.
            label = line.split(":", 1)[0]
            if not (label.isupper() and len(label.split()) >= 2):
                continue
            line = label
        if not heading_like(line):
            continue
        kind = line_kind(line)
        if kind is not None and not _FACILITY_NAME.search(line):
            if _PAPER.search(line):
                return kind, index
            first = first or (kind, index)
    return first


def heading_like(line: str) -> bool:
    """A line set like a heading: a few words, most of them capitalised, not a sentence or a
    wrapped line of one (no closing period, no trailing "and"), not starting with a date."""
    words = line.split()
    if not words or len(words) > 12 or line[0].isdigit():
        return False
    if line.endswith((".", ",", ";")) and not line.endswith(("M.D.", ".D.", "Inc.")):
        return False
    if words[-1].lower() in _TRAILING_SMALL_WORDS:
        return False
    initials = [w[0] for w in words if len(w) >= 4 and w[0].isalpha()]  # of the longer words
    return sum(map(str.isupper, initials)) * 5 >= len(initials) * 3  # (true without any)


def _is_prose(line: str) -> bool:
    """A line of running text: many words, not a "Label: value" field."""
    words = line.split()
    return len(words) >= 9 and (line.endswith(".") or len(line) >= 70) and ":" not in line[:30]


_TRAILING_SMALL_WORDS = {"and", "or", "the", "of", "to", "with", "a", "an", "in", "for", "at", "by", "on"}


def line_kind(line: str) -> DocumentKind | None:
    """The kind a title line names, or None: a first-tier phrase wins, then the general ones.

    A line of ASCII text, where ignoring case is lower-casing (the phrases use only
    lower-case escapes), is lower-cased once, and a kind's phrases are searched for in it
    only when it holds one of their leading words.
    """
    if not line.isascii():
        return next((kind for kind, pattern, _, _ in _TITLE_RULES if pattern.search(line)), None)
    low = line.lower()
    for kind, _, lowered, words in _TITLE_RULES:
        if (words is None or any(map(low.__contains__, words))) and lowered.search(low):
            return kind
    return None


def classify(text: str, *, read: int = READ_CHARS) -> DocumentKind:
    """The kind of a document from the text of its first pages (the first ``read`` characters)."""
    body, _ = split_stamps(text)
    lines = [line for line in body[:read].split("\n") if line.strip()]
    titled = title_kind(lines)
    if titled is not None:
        favoured: DocumentKind | None = titled[0]
    elif _is_letter(lines):
        # An untitled letter is correspondence, whatever it mentions (a QME, an EMG).
        favoured = DocumentKind.CORRESPONDENCE
    else:
        favoured = None
    kind, score = _best_kind("\n".join(lines)[:READ_CHARS].lower(), favoured)
    return kind if score >= MINIMUM_SCORE else DocumentKind.OTHER


def _best_kind(head: str, favoured: DocumentKind | None) -> tuple[DocumentKind, int]:
    """The kind with the highest score for ``head`` (lower-cased), ``favoured`` given
    TITLE_BONUS on top of its own, and that score; on a tie the first kind in ``_RULES``
    (then ``favoured``, when it has no rules), as ``max`` over ``scores`` would pick.

    Not every rule is tried: the favoured kind is scored first, then the others by the most
    they can score (twice their weights), each given up as soon as what it has plus the most
    its remaining rules could add cannot beat the best so far. Most documents are decided by
    their title's kind and a rule or two of the others.
    """
    best, best_score = favoured, -1
    if favoured is not None:
        best_score = TITLE_BONUS + sum(_rule_score(head, rule) for rule in _COMPILED.get(favoured, ()))

    def beats(kind: DocumentKind, score: int) -> bool:
        return score > best_score or (score == best_score and _ORDER[kind] < _ORDER.get(best, len(_ORDER)))

    for kind in _BY_MOST:
        if kind is favoured:
            continue
        score, most = 0, _MOST[kind]
        for rule in _COMPILED[kind]:
            if not beats(kind, score + most):
                break
            most -= 2 * rule[1]
            score += _rule_score(head, rule)
        else:
            if beats(kind, score):
                best, best_score = kind, score
    assert best is not None
    return best, best_score


def _is_letter(lines: Sequence[str]) -> bool:
    """A salutation ("Dear ...") among the first lines and a complimentary close after it."""
    for index, line in enumerate(lines[:LETTER_LINES]):
        if line.lstrip().lower().startswith("dear "):
            return any(_CLOSE.match(after) for after in lines[index + 1:])
    return False


def classify_pages(pages: Sequence[str], *, read: int = PAGES_CHARS) -> DocumentKind:
    """The kind of one document from its own pages (their first ``read`` characters), each
    page's fax stamp dropped, so the top of its first page is the title zone."""
    text, size = [], 0
    for page in pages:
        text.append(split_stamps(page)[0])
        size += len(text[-1])
        if size >= read:
            break
    return classify("\n".join(text), read=read)

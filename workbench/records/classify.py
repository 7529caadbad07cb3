"""What kind of document this is, by rules a reviewer can read and predict.

Each kind has weighted patterns; a pattern found in the title zone (the top
of the first page) counts double, because records announce themselves there
("PRIMARY TREATING PHYSICIAN'S PROGRESS REPORT", "OPERATIVE REPORT"). The
kind with the highest score wins; a document that scores too little is
"other". The reviewer's override is stored beside the result, never over it.
"""

from __future__ import annotations

import re

from workbench.records.kinds import DocumentKind

TITLE_ZONE = 600  # characters at the top of the first page
READ_CHARS = 6000  # the rules look at the first pages only
MINIMUM_SCORE = 3

_RULES: dict[DocumentKind, list[tuple[str, int]]] = {
    DocumentKind.IMR_APPLICATION: [
        (r"application\s+for\s+independent\s+medical\s+review", 5),
        (r"\bIMR[- ]?1\b|\bform\s+IMR\b|IMR\s+application", 4),
        (r"(?:injured\s+worker|employee)\s+(?:requests|is\s+requesting)\s+(?:an\s+)?independent", 2),
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
        (r"subjective\s+complaints|objective\s+findings|work\s+status", 1),
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
        (r"distal\s+(?:motor\s+)?latenc\w+|sensory\s+nerve|F-?wave|needle\s+exam", 1),
    ],
    DocumentKind.OPERATIVE: [
        (r"operative\s+report|operation\s+report|operative\s+note", 6),
        (r"pre-?operative\s+diagnosis", 4),
        (r"post-?operative\s+diagnosis", 4),
        (r"\banesthesia\s*:|estimated\s+blood\s+loss|procedures?\s+performed", 2),
    ],
    DocumentKind.THERAPY: [
        (r"physical\s+therapy|occupational\s+therapy|physiotherapy", 3),
        (r"\bPT\s+(?:daily\s+)?(?:note|visit|evaluation|re-?evaluation)", 3),
        (r"chiropractic|acupuncture", 3),
        (r"therapeutic\s+exercise|manual\s+therapy|visit\s+\d+\s+of\s+\d+", 2),
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
        (r"\bsincerely\b|\bregards\b|\bcc\s*:", 2),
        (r"^\s*re\s*:|enclosed|this\s+letter", 1),
    ],
}
_COMPILED = {kind: [(re.compile(pattern, re.I | re.M), weight) for pattern, weight in rules]
             for kind, rules in _RULES.items()}


def scores(text: str) -> dict[DocumentKind, int]:
    """Each kind's score for the opening text of a document (for tests and explanations)."""
    head = text[:READ_CHARS]
    result: dict[DocumentKind, int] = {}
    for kind, rules in _COMPILED.items():
        total = 0
        for pattern, weight in rules:
            # A match that starts in the title zone counts as the title's; the first
            # match starts there if any does, so one search answers both.
            found = pattern.search(head)
            if found:
                total += 2 * weight if found.start() < TITLE_ZONE else weight
        result[kind] = total
    return result


def classify(text: str) -> DocumentKind:
    """The kind of a document from the text of its first pages."""
    ranked = scores(text)
    kind = max(ranked, key=lambda k: ranked[k])
    return kind if ranked[kind] >= MINIMUM_SCORE else DocumentKind.OTHER

"""Cases with records and planted faults, for the quality checks' tests and ``bench/qa.py``.

Each ``Scenario`` is a case file (record documents: progress reports, imaging
and therapy notes, the IMR application and the UR letter) and a letter
written from it by hand, in the words reviewers use. The clean letters say
nothing the records contradict; a fault is planted by one small change (the
decision flipped, "there is no documentation of a home exercise program"
while a progress report says "continues HEP daily", the rationale moved to
the cervical spine, the summary silent about an item...) and the scenario
names the checks that must fire and on which item. Every other check must
stay silent: a finding it raises counts against its precision.

Expectations are stated here, from the faults planted, never from what the
checks return. All names, dates and findings are invented.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from application_texts import DENIED, Packet, application_2013, ur_notice
from record_files import scanned_pdf, text_pdf

UR_DATE = dt.date(2015, 5, 1)
INJURY_DATE = dt.date(2014, 6, 10)
RECEIVED = dt.date(2015, 5, 20)
LETTER = None  # an item's finding is keyed by its index; a letter-wide one by None


@dataclass
class Document:
    """One record file: a title line, a date line and the body lines of each page."""

    name: str
    pages: list[str]


@dataclass
class Theme:
    """A disputed item with the records that bear on it and a clean letter about it."""

    key: str
    description: str
    decision: str  # "Upheld" or "Overturned"
    entry: str  # the library entry the reviewer (and the claims administrator) cite
    intro: str  # the summary's first sentence when this theme leads the case
    facts: list[str]  # the summary's sentences about this item
    rationale: list[str]  # sentences; the last one is the conclusion
    documents: list[Document]
    body_part: str  # as the UR letter and the IMR application name it
    credentials: tuple[str, ...] = ("Physical Medicine and Rehabilitation", "Pain Medicine")


def _report(name: str, date: str, *lines: str) -> Document:
    return Document(name, ["PRIMARY TREATING PHYSICIAN'S PROGRESS REPORT (PR-2)\n"
                           f"Date of Service: {date}\nTreating Physician: Maria Lopez, M.D.\n"
                           + "\n".join(lines)])


def _imaging(name: str, title: str, date: str, *lines: str) -> Document:
    return Document(name, [f"{title}\nExam date: {date}\n"
                           "TECHNIQUE: Sagittal and axial T1 and T2 weighted images.\n"
                           + "\n".join(lines) + "\nRadiologist: Henry Park, M.D."])


def _therapy(name: str, date: str, *lines: str) -> Document:
    return Document(name, [f"PHYSICAL THERAPY DAILY NOTE\nDate of Service: {date}\n"
                           + "\n".join(lines) + "\nTherapist: Laura Green, DPT"])


THEMES: dict[str, Theme] = {theme.key: theme for theme in [
    Theme(
        "lumbar-pt", "Physical therapy 2 times a week for 6 weeks for the lumbar spine", "Upheld",
        "chronic-pain-2009.physical-medicine.physical-medicine",
        "The patient is a 45-year-old man who injured his low back lifting boxes at work on "
        "06/10/2014.",
        ["An MRI of the lumbar spine on 03/02/2015 showed an L4-5 disc protrusion contacting the "
         "left L5 nerve root.",
         "He completed 12 sessions of physical therapy by 03/20/2015.",
         "On 04/15/2015 the patient reported low back pain radiating to the left leg, rated "
         "7/10, and straight leg raise was positive on the left at 45 degrees."],
        ["The MTUS Chronic Pain Medical Treatment Guidelines allow 8 to 10 visits over 4 weeks "
         "for radiculitis, with a fading of treatment frequency and a transition to active "
         "exercise at home.",
         "In this case, the patient completed 12 sessions of physical therapy by 03/20/2015, "
         "and the therapy note of that date records pain of 7/10, the same as at the first "
         "visit.",
         "Twelve more visits would go well beyond the guideline's number of visits for a "
         "course that has not changed the pain.",
         "Therefore, the request for physical therapy 2 times a week for 6 weeks for the lumbar "
         "spine is not medically necessary."],
        [_report("pr2-lumbar-pt.pdf", "04/15/2015",
                 "SUBJECTIVE: Low back pain radiating to the left leg, rated 7/10.",
                 "OBJECTIVE: Lumbar flexion 40 degrees. Straight leg raise positive on the left "
                 "at 45 degrees.",
                 "TREATMENT TO DATE: 12 sessions of physical therapy completed in March 2015.",
                 "PLAN: Physical therapy 2 times a week for 6 weeks for the lumbar spine."),
         _therapy("pt-lumbar.pdf", "03/20/2015",
                  "Visit 12 of 12. Therapeutic exercise for the lumbar spine.",
                  "Pain 7/10, the same as at the first visit."),
         _imaging("mri-lumbar.pdf", "MRI LUMBAR SPINE WITHOUT CONTRAST", "03/02/2015",
                  "FINDINGS: Disc protrusion at L4-5 with moderate foraminal narrowing.",
                  "IMPRESSION: L4-5 disc protrusion contacting the left L5 nerve root.")],
        "Lumbar spine"),
    Theme(
        "lumbar-mri", "MRI of the lumbar spine without contrast", "Overturned",
        "acoem-2004.ch12.special-studies",
        "The patient is a 51-year-old woman who injured her low back pushing a cart at work on "
        "06/10/2014.",
        ["Physical therapy and naproxen gave her no lasting relief.",
         "On 04/16/2015 she reported numbness down the right leg for 4 months; sensation was "
         "decreased in the right L5 dermatome and extensor hallucis longus strength was 4/5 on "
         "the right."],
        ["The MTUS ACOEM guidelines support imaging of the lumbar spine when unequivocal "
         "objective findings identify specific nerve compromise in a patient who has not "
         "responded to treatment and would consider surgery.",
         "The progress report of 04/16/2015 records decreased sensation in the right L5 "
         "dermatome, extensor hallucis longus strength of 4/5 on the right and a positive "
         "straight leg raise at 30 degrees, after physical therapy and naproxen.",
         "She would consider surgery.",
         "Therefore, the request for an MRI of the lumbar spine without contrast is medically "
         "necessary."],
        [_report("pr2-lumbar-mri.pdf", "04/16/2015",
                 "SUBJECTIVE: Low back pain with numbness down the right leg for 4 months.",
                 "OBJECTIVE: Decreased sensation in the right L5 dermatome. Extensor hallucis "
                 "longus strength 4/5 on the right. Straight leg raise positive on the right at "
                 "30 degrees.",
                 "TREATMENT TO DATE: Physical therapy and naproxen, with no lasting relief.",
                 "PLAN: MRI of the lumbar spine. She would consider surgery."),
         _therapy("pt-lumbar-mri.pdf", "02/20/2015", "Visit 8 of 8. Lumbar stabilization.",
                  "Pain unchanged at 6/10.")],
        "Lumbar spine"),
    Theme(
        "cervical-mri", "MRI of the cervical spine", "Upheld", "acoem-2004.ch8.special-studies",
        "The patient is a 38-year-old man who strained his neck lifting a pallet at work on "
        "06/10/2014.",
        ["On 04/20/2015 he reported neck pain rated 5/10 that did not spread to the arms; "
         "sensation, strength and reflexes of both arms were normal."],
        ["ACOEM Chapter 8, as adopted by the MTUS, reserves imaging of the cervical spine for "
         "red flags, physiologic evidence of tissue insult or neurologic dysfunction, or "
         "clarification of the anatomy before an invasive procedure.",
         "On 04/20/2015 the examination of both arms was normal and the Spurling test was "
         "negative, with neck pain rated 5/10.",
         "As such, the request for an MRI of the cervical spine is not medically necessary."],
        [_report("pr2-cervical.pdf", "04/20/2015",
                 "SUBJECTIVE: Neck pain rated 5/10 that does not spread to the arms.",
                 "OBJECTIVE: Cervical rotation 60 degrees to each side. Sensation, strength and "
                 "reflexes of both arms are normal. Spurling test negative.",
                 "PLAN: MRI of the cervical spine."),
         _therapy("pt-cervical.pdf", "03/25/2015", "Visit 4 of 6. Cervical stretching.",
                  "Neck pain 5/10.")],
        "Cervical spine"),
    Theme(
        "knee-arthroscopy", "Right knee arthroscopy with partial medial meniscectomy",
        "Overturned", "acoem-2004.ch13.surgical-considerations",
        "The patient is a 34-year-old man who twisted his right knee stepping off a truck at "
        "work on 06/10/2014.",
        ["An MRI of the right knee on 02/10/2015 showed a complex tear of the posterior horn of "
         "the medial meniscus.",
         "On 04/08/2015 he reported locking and giving way of the right knee; there was an "
         "effusion and the McMurray test was positive."],
        ["ACOEM Chapter 13 supports arthroscopic partial meniscectomy when there are mechanical "
         "symptoms, clear signs of a meniscus tear on examination and a consistent MRI.",
         "The progress report of 04/08/2015 records locking and giving way of the right knee, "
         "an effusion and a positive McMurray test, and the MRI of 02/10/2015 shows a complex "
         "tear of the posterior horn of the medial meniscus.",
         "Twelve sessions of physical therapy and a cortisone injection on 01/15/2015 did not "
         "relieve the symptoms.",
         "Therefore, the request for right knee arthroscopy with partial medial meniscectomy is "
         "medically necessary."],
        [_report("pr2-knee.pdf", "04/08/2015",
                 "SUBJECTIVE: Right knee pain with locking and giving way for 5 months.",
                 "OBJECTIVE: Right knee effusion. McMurray test positive medially. Flexion 110 "
                 "degrees.",
                 "TREATMENT TO DATE: 12 sessions of physical therapy and a cortisone injection "
                 "on 01/15/2015.",
                 "PLAN: Right knee arthroscopy with partial medial meniscectomy."),
         _imaging("mri-knee.pdf", "MRI RIGHT KNEE WITHOUT CONTRAST", "02/10/2015",
                  "FINDINGS: Complex tear of the posterior horn of the medial meniscus.",
                  "IMPRESSION: Complex medial meniscus tear of the right knee.")],
        "Right knee", ("Orthopaedic Surgery",)),
    Theme(
        "tens", "TENS unit for a one-month home trial", "Upheld",
        "chronic-pain-2009.electrotherapy.tens",
        "The patient is a 57-year-old woman with chronic low back pain since lifting a patient "
        "at work on 06/10/2014.",
        ["On 04/22/2015 she rated her low back pain at 6/10; lumbar flexion was 50 degrees and "
         "the neurological examination was intact."],
        ["The MTUS Chronic Pain Medical Treatment Guidelines consider a one-month home trial of "
         "TENS only as an adjunct to functional restoration, for neuropathic pain, CRPS, "
         "phantom limb pain, spasticity or multiple sclerosis.",
         "The progress report of 04/22/2015 describes chronic low back pain rated 6/10 with "
         "lumbar flexion of 50 degrees and an intact neurological examination, none of those "
         "conditions.",
         "As such, the request for a TENS unit for a one-month home trial is not medically "
         "necessary."],
        [_report("pr2-tens.pdf", "04/22/2015",
                 "SUBJECTIVE: Chronic low back pain rated 6/10 for 2 years.",
                 "OBJECTIVE: Lumbar flexion 50 degrees. Neurological examination intact.",
                 "MEDICATIONS: Ibuprofen 800 mg twice a day.",
                 "PLAN: TENS unit for a one-month home trial.")],
        "Lumbar spine"),
    Theme(
        "lumbar-esi", "Left L4-5 transforaminal epidural steroid injection", "Overturned",
        "chronic-pain-2009.interventional.epidural-steroid-injections",
        "The patient is a 48-year-old man who injured his low back lifting a crate at work on "
        "06/10/2014.",
        ["An MRI of 02/26/2015 showed a left L4-5 disc extrusion compressing the left L5 nerve "
         "root.",
         "On 04/16/2015 he reported left leg pain rated 8/10 in the L5 distribution; straight "
         "leg raise was positive on the left at 35 degrees."],
        ["The MTUS Chronic Pain Medical Treatment Guidelines recommend epidural steroid "
         "injections for radicular pain when radiculopathy is documented by examination and "
         "corroborated by imaging, and the pain has not responded to conservative treatment.",
         "The progress report of 04/16/2015 records a positive straight leg raise on the left "
         "at 35 degrees and decreased sensation over the dorsum of the left foot, and the MRI "
         "of 02/26/2015 shows a left L4-5 disc extrusion compressing the left L5 nerve root.",
         "Three months of physical therapy, gabapentin and naproxen brought no improvement.",
         "Therefore, the request for a left L4-5 transforaminal epidural steroid injection is "
         "medically necessary."],
        [_report("pr2-esi.pdf", "04/16/2015",
                 "SUBJECTIVE: Left leg pain in the L5 distribution rated 8/10.",
                 "OBJECTIVE: Straight leg raise positive on the left at 35 degrees. Decreased "
                 "sensation over the dorsum of the left foot. Left extensor hallucis longus "
                 "4/5.",
                 "TREATMENT TO DATE: Physical therapy, gabapentin and naproxen for 3 months; "
                 "no improvement.",
                 "PLAN: Left L4-5 transforaminal epidural steroid injection."),
         _imaging("mri-esi.pdf", "MRI LUMBAR SPINE WITHOUT CONTRAST", "02/26/2015",
                  "FINDINGS: Left paracentral disc extrusion at L4-5.",
                  "IMPRESSION: L4-5 disc extrusion compressing the traversing left L5 nerve "
                  "root.")],
        "Lumbar spine", ("Anesthesiology", "Pain Medicine")),
    Theme(
        "norco", "Norco 10/325 mg #60", "Upheld",
        "chronic-pain-2009.opioids.on-going-management",
        "The patient is a 60-year-old man with chronic low back pain since a fall from a ladder "
        "at work on 06/10/2014.",
        ["He has taken Norco 10/325 mg twice a day since 2013.",
         "On 04/14/2015 he rated his pain at 8/10 with and without medication, and a urine drug "
         "screen of 02/10/2015 was positive for oxycodone, which is not prescribed."],
        ["The MTUS Chronic Pain Medical Treatment Guidelines ask for ongoing review of pain "
         "relief, function, side effects and aberrant drug-taking behavior before opioids are "
         "continued.",
         "The progress report of 04/14/2015 rates the pain at 8/10 with and without Norco, and "
         "the urine drug screen of 02/10/2015 was positive for oxycodone, which is not "
         "prescribed.",
         "As such, the request for Norco 10/325 mg #60 is not medically necessary."],
        [_report("pr2-norco.pdf", "04/14/2015",
                 "SUBJECTIVE: Chronic low back pain rated 8/10 with and without medication.",
                 "MEDICATIONS: Norco 10/325 mg twice a day since 2013.",
                 "Urine drug screen of 02/10/2015 positive for oxycodone, which is not "
                 "prescribed.",
                 "PLAN: Refill Norco 10/325 mg #60.")],
        "Lumbar spine"),
    Theme(
        "shoulder-pt", "Physical therapy 2 times a week for 4 weeks for the left shoulder",
        "Overturned", "acoem-2004.ch9.physical-methods-exercise",
        "The patient is a 42-year-old woman who fell on her left shoulder at work on "
        "02/02/2015.",
        ["She was treated with a sling and ibuprofen.",
         "On 04/09/2015 left shoulder abduction was 90 degrees and flexion 100 degrees, with "
         "positive impingement signs."],
        ["ACOEM Chapter 9, as adopted by the MTUS, supports a short course of supervised "
         "exercise to restore the range of motion of an impinged shoulder, moving to exercise "
         "at home.",
         "On 04/09/2015 left shoulder abduction was limited to 90 degrees and flexion to 100 "
         "degrees, with positive impingement signs, two months after the fall of 02/02/2015.",
         "Eight visits fall within the guideline's course.",
         "Therefore, the request for physical therapy 2 times a week for 4 weeks for the left "
         "shoulder is medically necessary."],
        [_report("pr2-shoulder.pdf", "04/09/2015",
                 "SUBJECTIVE: Left shoulder pain since a fall at work on 02/02/2015, rated "
                 "6/10.",
                 "OBJECTIVE: Left shoulder abduction 90 degrees, flexion 100 degrees. "
                 "Impingement signs positive on the left.",
                 "TREATMENT TO DATE: Sling and ibuprofen. She has had no physical therapy.",
                 "PLAN: Physical therapy 2 times a week for 4 weeks for the left shoulder.")],
        "Left shoulder"),
    Theme(
        "acupuncture", "Acupuncture 6 sessions for the low back", "Overturned",
        "acupuncture-mtg.general.frequency-duration",
        "The patient is a 39-year-old woman who injured her low back lifting a child at work "
        "on 06/10/2014.",
        ["On 04/17/2015 she rated her low back pain at 6/10, ibuprofen upset her stomach, and "
         "lumbar flexion was 60 degrees."],
        ["The MTUS Acupuncture Medical Treatment Guidelines allow acupuncture when pain "
         "medication is reduced or not tolerated, with 3 to 6 treatments to produce functional "
         "improvement.",
         "The progress report of 04/17/2015 notes that ibuprofen upsets her stomach, low back "
         "pain rated 6/10 and lumbar flexion of 60 degrees.",
         "Six sessions are within the guideline's trial.",
         "Therefore, the request for acupuncture 6 sessions for the low back is medically "
         "necessary."],
        [_report("pr2-acupuncture.pdf", "04/17/2015",
                 "SUBJECTIVE: Low back pain rated 6/10. Ibuprofen upsets her stomach.",
                 "OBJECTIVE: Lumbar paraspinal tenderness. Flexion 60 degrees.",
                 "PLAN: Acupuncture 6 sessions for the low back.")],
        "Lumbar spine"),
    Theme(
        "knee-mri", "MRI of the left knee", "Upheld", "acoem-2004.ch13.special-studies",
        "The patient is a 29-year-old man who hurt his left knee kneeling at work on "
        "03/30/2015.",
        ["On 04/21/2015, three weeks later, he rated the knee pain at 4/10; the left knee moved "
         "from 0 to 130 degrees with stable ligaments and a negative McMurray test."],
        ["ACOEM Chapter 13, as adopted by the MTUS, reserves MRI of the knee for a knee that "
         "does not improve after a period of conservative care, or for locking, instability or "
         "signs of a meniscus tear.",
         "On 04/21/2015, three weeks after the injury, the left knee moved from 0 to 130 "
         "degrees with stable ligaments and a negative McMurray test.",
         "As such, the request for an MRI of the left knee is not medically necessary."],
        [_report("pr2-knee-mri.pdf", "04/21/2015",
                 "SUBJECTIVE: Left knee pain since kneeling at work on 03/30/2015, rated 4/10.",
                 "OBJECTIVE: Left knee range of motion 0 to 130 degrees. Ligaments stable. "
                 "McMurray test negative.",
                 "PLAN: MRI of the left knee.")],
        "Left knee"),
]}


@dataclass
class Letter:
    """The parts of a letter a scenario writes; ``build_case`` turns it into a ``Case``."""

    items: list[dict]  # description, decision, rationale (sentences), entry, ca_entry
    summary: list[str]  # sentences
    credentials: tuple[str, ...]
    claimant_term: str = "patient"
    ur_date: dt.date | None = UR_DATE


@dataclass
class Scenario:
    name: str
    letter: Letter
    documents: list[Document]
    application_items: list[str]  # the treatments the IMR application lists
    planted: dict[str, set[int | None]] = field(default_factory=dict)
    other_rationales: list[list[str]] = field(default_factory=list)  # other cases in the database
    snippets: list[tuple[str, str]] = field(default_factory=list)  # (title, text) in the library
    scanned: bool = False  # the first record document as a scan, read by OCR

    def expected(self, check: str) -> set[int | None]:
        return self.planted.get(check, set())


def clean(*keys: str, name: str | None = None) -> Scenario:
    """A case of one or more themes, its letter free of faults."""
    themes = [THEMES[key] for key in keys]
    lead = themes[0]
    items = [{"description": t.description, "decision": t.decision,
              "rationale": list(t.rationale), "entry": t.entry, "ca_entry": t.entry}
             for t in themes]
    requested = _listing([t.description[0].lower() + t.description[1:] for t in themes])
    summary = [lead.intro] + [fact for t in themes for fact in t.facts] + [
        f"The treating physician requested {requested}.",
        f"On {UR_DATE:%m/%d/%Y} utilization review non-certified the "
        f"request{'s' if len(themes) > 1 else ''}."]
    credentials = tuple(dict.fromkeys(c for t in themes for c in t.credentials))
    documents = [d for t in themes for d in t.documents]
    return Scenario(name or "clean " + "+".join(keys), Letter(items, summary, credentials),
                    copy.deepcopy(documents), [t.description for t in themes])


def _listing(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _planted(scenario: Scenario, name: str, **checks: set[int | None]) -> Scenario:
    scenario.name = name
    scenario.planted = {check.replace("_", "-"): units for check, units in checks.items()}
    return scenario


def add_to_report(scenario: Scenario, line: str, document: int = 0) -> None:
    doc = scenario.documents[document]
    doc.pages[-1] = doc.pages[-1] + "\n" + line


def insert_before_conclusion(sentences: list[str], sentence: str) -> None:
    """Put a sentence just before the conclusion."""
    sentences.insert(len(sentences) - 1, sentence)


# -- faults, one check each --------------------------------------------------------------------

def flipped_decision(key: str) -> Scenario:
    s = clean(key)
    item = s.letter.items[0]
    item["decision"] = "Overturned" if item["decision"] == "Upheld" else "Upheld"
    return _planted(s, f"{key}: decision flipped", decision_conclusion={0})


def no_conclusion(key: str) -> Scenario:
    s = clean(key)
    s.letter.items[0]["rationale"].pop()
    return _planted(s, f"{key}: no conclusion", decision_conclusion={0})


def no_decision(key: str) -> Scenario:
    s = clean(key)
    s.letter.items[0]["decision"] = None
    return _planted(s, f"{key}: no decision", decision_missing={0})


# (records line, rationale sentence asserting its absence)
CONTRADICTED = {
    "hep": ("He continues his HEP daily.",
            "There is no documentation of a home exercise program."),
    "uds": ("UDS 03/02/2015: consistent with prescribed medications.",
            "There is no documentation of urine drug testing."),
    "esi": ("PAST TREATMENT: Epidural injection at L4-5 on 09/12/2014 with 60% relief.",
            "There is no evidence of a prior epidural steroid injection."),
    "tens": ("She used a transcutaneous electrical nerve stimulation unit for 30 days in "
             "January.", "The patient has not tried a TENS unit."),
    "function": ("Since the last visit she is able to walk farther and sit longer.",
                 "Functional improvement is not documented."),
    "red-flags": ("New bladder incontinence since 04/01/2015.",
                  "There are no red flags."),
    "opioid-agreement": ("Opioid agreement signed 01/05/2015.",
                         "There is no signed opioid treatment agreement."),
    "neuropathy": ("Burning pain and numbness and tingling in both feet.",
                   "The records contain no mention of neuropathic pain."),
}
# (records line or None, rationale sentence): the absence is true; the records deny it or
# only plan it, or say nothing.
TRUE_ABSENCES = {
    "uds-denied": ("No urine drug screen has been done.",
                   "There is no documentation of a urine drug screen."),
    "hep-planned": ("PLAN: Will start a home exercise program next visit.",
                    "There is no documentation of a home exercise program."),
    "agreement-none": ("No opioid agreement on file.",
                       "There is no signed opioid treatment agreement."),
    "esi-silent": (None, "There is no evidence of a prior epidural steroid injection."),
    "tens-denied": ("She has never used a TENS unit.",
                    "There is no documentation of a TENS trial."),
    "rationale": (None, "There is no clear rationale for twelve more visits."),
}


def contradicted_absence(key: str, fact: str) -> Scenario:
    s = clean(key)
    line, sentence = CONTRADICTED[fact]
    add_to_report(s, line)
    insert_before_conclusion(s.letter.items[0]["rationale"], sentence)
    return _planted(s, f"{key}: absence of {fact} contradicted", no_documentation={0})


def true_absence(key: str, fact: str) -> Scenario:
    s = clean(key)
    line, sentence = TRUE_ABSENCES[fact]
    if line:
        add_to_report(s, line)
    insert_before_conclusion(s.letter.items[0]["rationale"], sentence)
    return _planted(s, f"{key}: true absence ({fact})")


GENERIC = {
    "lumbar-pt": ["The MTUS Chronic Pain Medical Treatment Guidelines allow 8 to 10 visits over "
                  "4 weeks for radiculitis, with a transition to active exercise at home.",
                  "The request exceeds that number of visits.",
                  "Therefore, the request is not medically necessary."],
    "cervical-mri": ["ACOEM Chapter 8 reserves imaging of the cervical spine for specific "
                     "indications that are not met here.",
                     "As such, the request is not medically necessary."],
    "tens": ["The MTUS Chronic Pain Medical Treatment Guidelines do not recommend TENS as a "
             "primary treatment modality.",
             "As such, the request is not medically necessary."],
    "knee-mri": ["ACOEM Chapter 13 reserves MRI of the knee for specific indications.",
                 "Guideline criteria are not met.",
                 "As such, the request is not medically necessary."],
}
# The same findings of another worker: dates and measurements the records do not hold.
SOMEONE_ELSE = {
    "lumbar-pt": ["The MTUS Chronic Pain Medical Treatment Guidelines allow 8 to 10 visits over "
                  "4 weeks for radiculitis, with a transition to active exercise at home.",
                  "The progress report of 11/03/2016 documents lumbar flexion of 75 degrees "
                  "and pain of 3/10 after 18 visits.",
                  "Therefore, the request for physical therapy 2 times a week for 6 weeks for "
                  "the lumbar spine is not medically necessary."],
    "knee-mri": ["ACOEM Chapter 13 reserves MRI of the knee for locking, instability or signs "
                 "of a meniscus tear.",
                 "On 09/14/2016 the left knee flexed to 95 degrees with a 2+ effusion.",
                 "As such, the request for an MRI of the left knee is not medically "
                 "necessary."],
}


def generic_rationale(key: str) -> Scenario:
    s = clean(key)
    s.letter.items[0]["rationale"] = list(GENERIC[key])
    return _planted(s, f"{key}: rationale of guidelines only", record_facts={0})


def someone_elses_facts(key: str) -> Scenario:
    s = clean(key)
    s.letter.items[0]["rationale"] = list(SOMEONE_ELSE[key])
    return _planted(s, f"{key}: rationale of another worker's facts", record_facts={0})


def _renamed(sentences: list[str]) -> list[str]:
    """The same words with other numbers and names: how a rationale is carried over."""
    text = [re.sub(r"\d+", lambda m: str(int(m.group(0)) % 7 + 2), sentence)
            for sentence in sentences]
    return [sentence.replace("Norco", "Percocet").replace("naproxen", "meloxicam")
            for sentence in text]


def copied_from_case(key: str) -> Scenario:
    s = clean(key)
    s.other_rationales.append(_renamed(s.letter.items[0]["rationale"]))
    return _planted(s, f"{key}: rationale of another case", boilerplate={0})


def copied_from_snippet(key: str) -> Scenario:
    s = clean(key)
    s.snippets.append(("Saved rationale", " ".join(_renamed(s.letter.items[0]["rationale"]))))
    return _planted(s, f"{key}: rationale of a snippet", boilerplate={0})


def quoting_snippet(key: str) -> Scenario:
    """A snippet of the guideline's words that the rationale quotes and then applies."""
    s = clean(key)
    s.snippets.append(("Guideline", s.letter.items[0]["rationale"][0]))
    s.other_rationales.append([s.letter.items[0]["rationale"][0],
                               "The patient has no such findings.",
                               "The request is not medically necessary."])
    return _planted(s, f"{key}: snippet quoted and applied")


def _swap(sentences: list[str], old: str, new: str) -> None:
    for n, sentence in enumerate(sentences):
        sentences[n] = re.sub(old, new, sentence)


def rationale_region(key: str, *swaps: tuple[str, str]) -> Scenario:
    """The rationale's discussion moved to another region, level or side (as a rationale
    written for another case reads); its conclusion still names the item as requested."""
    s = clean(key)
    rationale = s.letter.items[0]["rationale"]
    for n in range(len(rationale) - 1):
        for old, new in swaps:
            rationale[n] = re.sub(old, new, rationale[n])
    return _planted(s, f"{key}: rationale about the {swaps[0][1]}", region_mismatch={0})


TO_NECK = ((r"lumbar spine", "cervical spine"), (r"\bL5\b", "C6"), (r"\bleg\b", "arm"),
           (r"extensor hallucis longus", "biceps"), (r"low back", "neck"))
TO_BACK = ((r"cervical spine", "lumbar spine"), (r"Chapter 8", "Chapter 12"),
           (r"neck pain", "low back pain"), (r"both arms", "both legs"),
           (r"Spurling test", "straight leg raise"))


def records_side(key: str) -> Scenario:
    """The item names the other side from the one records and rationale speak of."""
    s = clean(key)
    item = s.letter.items[0]
    side = "Left" if item["description"].startswith("Right") or "right" in item[
        "description"] else "Right"
    item["description"] = re.sub(r"\b(?:[Ll]eft|[Rr]ight)\b", lambda m: side if m.group(0)[0]
                                 .isupper() else side.lower(), item["description"])
    s.application_items = [item["description"]]
    s.letter.summary = [re.sub(re.escape(THEMES[key].description[1:]),
                               item["description"][1:], sentence)
                        for sentence in s.letter.summary]
    return _planted(s, f"{key}: item on the other side", region_mismatch={0})


def non_mtus_only(key: str, entry: str) -> Scenario:
    s = clean(key)
    s.letter.items[0]["entry"] = entry
    return _planted(s, f"{key}: non-MTUS citation where the MTUS applies",
                    guideline_sequence={0})


def out_of_effect(key: str, entry: str) -> Scenario:
    s = clean(key)
    s.letter.items[0]["entry"] = entry
    return _planted(s, f"{key}: a guideline not yet in effect on the UR date",
                    guideline_sequence={0})


def summary_without_item(first: str, second: str) -> Scenario:
    s = clean(first, second)
    theme = THEMES[second]
    s.letter.summary = [sentence for sentence in s.letter.summary if sentence not in theme.facts]
    s.letter.summary = [sentence.replace(" and " + theme.description[0].lower()
                                         + theme.description[1:], "")
                        for sentence in s.letter.summary]
    return _planted(s, f"{first}+{second}: the summary leaves out item 2", summary_items={1})


def summary_without_ur(key: str) -> Scenario:
    s = clean(key)
    s.letter.summary = s.letter.summary[:-1]
    return _planted(s, f"{key}: the summary leaves out the UR decision",
                    summary_items={LETTER})


def summary_wrong_ur_date(key: str) -> Scenario:
    s = clean(key)
    s.letter.summary[-1] = s.letter.summary[-1].replace(f"{UR_DATE:%m/%d/%Y}", "05/11/2015")
    return _planted(s, f"{key}: the summary gives another UR date", summary_items={LETTER})


def application_lists_more(key: str, extra: str) -> Scenario:
    s = clean(key)
    s.application_items.append(extra)
    return _planted(s, f"{key}: the IMR application lists another treatment",
                    summary_items={LETTER})


def application_quantity(key: str, theirs: str) -> Scenario:
    s = clean(key)
    s.application_items = [theirs]
    return _planted(s, f"{key}: the IMR application's quantity differs", summary_items={0})


def mixed_terms(key: str) -> Scenario:
    s = clean(key)
    rationale = s.letter.items[0]["rationale"]
    for n, sentence in enumerate(rationale):
        if "the patient" in sentence:
            rationale[n] = sentence.replace("the patient", "the injured worker", 1)
            break
    else:
        insert_before_conclusion(rationale, "The injured worker continues to work with restrictions.")
    return _planted(s, f"{key}: the rationale says the injured worker", claimant_term={0})


def wrong_specialty(key: str, credentials: tuple[str, ...]) -> Scenario:
    s = clean(key)
    s.letter.credentials = credentials
    return _planted(s, f"{key}: reviewed by {', '.join(credentials)}", specialty={0})


def misspelled(key: str) -> Scenario:
    s = clean(key)
    rationale = s.letter.items[0]["rationale"]
    rationale[1] = rationale[1].replace("The ", "Teh ", 1).replace("records", "recieved", 1)
    if "Teh " not in rationale[1]:
        rationale[1] = "Teh " + rationale[1][0].lower() + rationale[1][1:]
    return _planted(s, f"{key}: misspelled words", spelling={0})


def scenarios(size: str = "bench") -> list[Scenario]:
    """The planted-fault cases: "bench" (every theme clean and about fifty faults) or "test"
    (each check firing and not firing, fewer cases)."""
    every = [
        clean("lumbar-pt"), clean("knee-arthroscopy"), clean("lumbar-esi"),
        flipped_decision("lumbar-pt"), no_conclusion("knee-mri"), no_decision("tens"),
        contradicted_absence("lumbar-pt", "hep"), contradicted_absence("norco", "uds"),
        true_absence("tens", "uds-denied"), true_absence("lumbar-pt", "hep-planned"),
        generic_rationale("cervical-mri"), someone_elses_facts("lumbar-pt"),
        copied_from_case("lumbar-mri"), copied_from_snippet("knee-arthroscopy"),
        quoting_snippet("lumbar-pt"),
        rationale_region("lumbar-mri", *TO_NECK),
        rationale_region("lumbar-esi", (r"L4-5", "L5-S1")), records_side("knee-mri"),
        non_mtus_only("lumbar-pt", "odg.low-back.physical-therapy"),
        summary_without_item("lumbar-pt", "tens"), summary_without_ur("cervical-mri"),
        application_quantity("norco", "Norco 10/325 mg #90"),
        mixed_terms("lumbar-pt"), wrong_specialty("knee-arthroscopy", ("Psychiatry",)),
        clean("norco"),
        misspelled("cervical-mri"),
    ]
    if size == "test":
        return every
    more = [
        clean(key) for key in ("lumbar-mri", "cervical-mri", "tens", "shoulder-pt",
                               "acupuncture", "knee-mri")
    ] + [
        clean("lumbar-pt", "lumbar-mri"), clean("shoulder-pt", "knee-mri"),
        flipped_decision("shoulder-pt"), flipped_decision("cervical-mri"),
        flipped_decision("lumbar-esi"), flipped_decision("norco"),
        no_conclusion("acupuncture"), no_conclusion("tens"),
        no_decision("lumbar-mri"),
        contradicted_absence("lumbar-esi", "esi"), contradicted_absence("tens", "tens"),
        contradicted_absence("acupuncture", "function"),
        contradicted_absence("lumbar-mri", "red-flags"),
        contradicted_absence("norco", "opioid-agreement"),
        contradicted_absence("tens", "neuropathy"),
        contradicted_absence("cervical-mri", "hep"),
        true_absence("norco", "agreement-none"), true_absence("lumbar-esi", "esi-silent"),
        true_absence("tens", "tens-denied"), true_absence("lumbar-pt", "rationale"),
        generic_rationale("tens"), generic_rationale("knee-mri"), generic_rationale("lumbar-pt"),
        someone_elses_facts("knee-mri"),
        copied_from_case("norco"), copied_from_snippet("tens"), quoting_snippet("knee-mri"),
        rationale_region("cervical-mri", *TO_BACK),
        rationale_region("shoulder-pt", (r"left shoulder", "right shoulder")),
        rationale_region("knee-arthroscopy", (r"right knee", "left knee")),
        records_side("shoulder-pt"),
        non_mtus_only("lumbar-mri", "odg.low-back.mri"),
        out_of_effect("lumbar-pt", "chronic-pain-2016.physical-medicine.physical-medicine-treatment"),
        summary_without_item("shoulder-pt", "knee-mri"), summary_without_ur("norco"),
        summary_wrong_ur_date("lumbar-esi"),
        application_lists_more("tens", "Lumbar support brace"),
        mixed_terms("norco"), mixed_terms("lumbar-esi"),
        wrong_specialty("lumbar-esi", ("Family Medicine",)),
        wrong_specialty("knee-arthroscopy", ("Physical Medicine and Rehabilitation",)),
        wrong_specialty("norco", ("Chiropractor",)),
        misspelled("tens"),
    ]
    return every + more


# -- building the case and its database ---------------------------------------------------------

def build_case(scenario: Scenario, database) -> int:
    """Store the scenario's case (and the other cases and snippets it names) in ``database``,
    import its records, and return the case's id."""
    from workbench.case import Case, Credentials, CredentialForm, Decision, Item, Role
    from workbench.library.citing import cite
    from workbench.library.model import Snippet
    from workbench.library.store import LibraryStore
    from workbench.store import CaseStore

    store = CaseStore(database)
    library = LibraryStore(database)
    sources = {source.key: source for source in library.sources()}
    for number, rationale in enumerate(scenario.other_rationales, 1):
        store.add(Case("MAXIMUS Federal Services", "MAXIMUS", case_number=f"CM15-99{number:05d}",
                       items=[Item("Earlier item", Decision.UPHELD, rationale=[" ".join(rationale)])]))
    for number, (title, text) in enumerate(scenario.snippets, 1):
        library.add_snippet(Snippet(f"qa-snippet-{number}", title, text))
    letter = scenario.letter
    items = []
    for number, spec in enumerate(letter.items, 1):
        decision = Decision(spec["decision"]) if spec["decision"] else None
        item = Item(spec["description"], decision, number=number,
                    rationale=[" ".join(spec["rationale"])])
        for role, key in ((Role.REVIEWER, spec["entry"]), (Role.CLAIMS_ADMINISTRATOR,
                                                            spec["ca_entry"])):
            entry = library.entry(key)
            cite(item, entry, sources[entry.source], role)
        items.append(item)
    case = Case("MAXIMUS Federal Services", "MAXIMUS", case_number="CM15-0012345",
                claimant_term=letter.claimant_term, received_on=RECEIVED,
                ur_decision_on=letter.ur_date,
                credentials=Credentials(CredentialForm.BLOCK, list(letter.credentials), [],
                                        ["California"]),
                summary=[" ".join(letter.summary)], items=items)
    case_id = store.add(case)
    return case_id


def write_records(scenario: Scenario, folder: Path) -> list[Path]:
    """The scenario's record files as text PDFs in ``folder``: its documents, the IMR
    application and the UR letter (each listing the application's treatments)."""
    folder.mkdir(parents=True, exist_ok=True)
    packet = Packet(injury_date=INJURY_DATE, ur_date=UR_DATE,
                    request_date=UR_DATE - dt.timedelta(days=10),
                    body_parts=sorted({THEMES[t].body_part for t in _theme_keys(scenario)}),
                    items=[(what, DENIED) for what in scenario.application_items])
    files = [(scanned_pdf if scenario.scanned and n == 0 else text_pdf)(
        folder / document.name, document.pages) for n, document in enumerate(scenario.documents)]
    files.append(text_pdf(folder / "imr-application.pdf", application_2013(packet)))
    files.append(text_pdf(folder / "ur-determination.pdf", ur_notice(packet)))
    return files


def _theme_keys(scenario: Scenario) -> list[str]:
    return [key for key, theme in THEMES.items()
            if any(d.name == theme.documents[0].name for d in scenario.documents)] or ["lumbar-pt"]


def empty_database(folder: Path) -> Path:
    """A new database file with the seed library and no cases, closed: copied for each
    scenario, it saves building and seeding a database per case."""
    from workbench.startup import open_workbench

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "empty.sqlite3"
    open_workbench(str(path)).close()
    return path


def load(scenario: Scenario, folder: Path, empty: Path | None = None, *,
         documents: bool = True):
    """A new database in ``folder`` (a copy of ``empty`` when given) holding the scenario's
    case with its records imported; returns (database, case_id). ``documents=False``: the
    records only read, their documents not found yet (as the window has them for a moment)."""
    import shutil

    from workbench.records.intake import import_files, read_files
    from workbench.startup import open_workbench

    folder.mkdir(parents=True, exist_ok=True)
    if empty is not None:
        shutil.copyfile(empty, folder / "qa.sqlite3")
    database = open_workbench(str(folder / "qa.sqlite3"))
    case_id = build_case(scenario, database)
    load_files = import_files if documents else read_files
    for result in load_files(database, case_id, write_records(scenario, folder / "records")):
        if result.outcome.value != "imported":
            raise RuntimeError(f"{scenario.name}: {result.name} was not imported")
    return database, case_id

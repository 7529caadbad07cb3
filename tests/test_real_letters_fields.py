"""Every field of 21 published letters against what a reader of each letter finds in it.

The expectations below were written by reading the letters (pdftotext -layout and the
rendered pages), not by running the reader: the header, the credentials, the summary's
paragraphs (how each opens and closes; the letters' text is not copied here), and per
item its heading, decision, both guideline lines as printed, the citations they hold
(MTUS or not, the preface, and for an MTUS sentence its guideline and section), and the
rationale's paragraphs. Guideline lines are short and quoted whole.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache

import pytest
from real_letters import letter

from workbench.case import CredentialForm, Decision, ReviewType, Role
from workbench.citations import format_citation, format_line
from workbench.letters.reader import LetterReading, read_letter

DBO = "Decision based on"
NO_EVIDENCE_CA = "The Claims Administrator did not cite any medical evidence for its decision."
NO_EVIDENCE_RV = "The Expert Reviewer did not cite any medical evidence for its decision."
PREFACE_CA = ("The Claims Administrator based their decision on recommendation(s) outside of the "
              "MTUS Guidelines.")
PREFACE_RV = ("The Expert Reviewer based their decision on recommendation(s) outside of the MTUS "
              "Guidelines.")


@dataclass(frozen=True)
class Cited:
    """One "Decision based on" sentence: MTUS or not, after a preface or not, and for an
    MTUS sentence naming one guideline its title (with edition year) and section."""

    mtus: bool
    preface: bool = False
    source: str | None = None
    section: str | None = None


def mtus(source: str, section: str | None = None) -> Cited:
    return Cited(True, False, source, section)


def odg(preface: bool = False) -> Cited:
    return Cited(False, preface)


# A sentence citing several guidelines, each with its sections ("MTUS Shoulder Complaints 2004,
# Section(s): Initial Care, and Postsurgical Treatment 2009, Section(s): Elbow & Upper Arm."):
# its first guideline is checked; how the later ones are held is the citation module's choice.
SEVERAL = "(several guidelines)"


def several(first_source: str) -> Cited:
    return Cited(True, False, first_source, SEVERAL)


@dataclass(frozen=True)
class Expected:
    description: str
    decision: Decision
    ca_line: str
    ca: list[Cited]
    reviewer_line: str
    reviewer: list[Cited]
    rationale: list[tuple[str, str]]  # each paragraph: how it opens, how it closes


@dataclass(frozen=True)
class Letter:
    # Date Assigned, Date of Injury, Decision Date, UR Denial Date, Application Received
    dates: tuple[str, str, str, str, str]
    states: list[str]
    certifications: list[str]
    summary: list[tuple[str, str]]
    items: list[Expected]
    priority: ReviewType = ReviewType.STANDARD
    subspecialties: list[str] = field(default_factory=list)


UP, OVER = Decision.UPHELD, Decision.OVERTURNED
CHRONIC_PAIN = "Chronic Pain Medical Treatment 2016"
PHYSICAL_MEDICINE = "Physical medicine treatment"
CPMT_PT = f"{DBO} MTUS {CHRONIC_PAIN}, Section(s): {PHYSICAL_MEDICINE}."

LETTERS: dict[str, Letter] = {
    "CM16-0221706": Letter(
        ("11/23/2016", "10/16/2016", "12/21/2016", "10/20/2016", "11/15/2016"),
        ["California", "South Carolina"],
        ["Preventive Medicine", "Occupational Medicine", "Family Practice"],
        [("The injured worker is a 65", "non-certified by Utilization Review.")],
        [Expected(
            "Three months coverage of Viagra 50mg", UP,
            NO_EVIDENCE_CA, [],
            f"{PREFACE_RV} {DBO} Non-MTUS Citation Sildenafil: Drug information, accessed from "
            "UpToDate.com on 12/17/2016.", [odg(preface=True)],
            [("The MTUS Guidelines and ODG", "to not be medically necessary.")])],
    ),
    "CM16-0229336": Letter(
        ("12/05/2016", "10/20/2016", "12/30/2016", "10/28/2016", "11/28/2016"),
        ["California"], ["Preventive Medicine", "Occupational Medicine"],
        [("This is a 78 year old", "for left foot fracture.")],
        [Expected(
            "Acute inpatient rehabilitation physical therapy and occupational therapy 7-10 days "
            "for left foot fracture was the original request. The Claims Administrator "
            "authorized Skilled nursing facility for 7 days with PT/OT once a day for left foot "
            "fracture, leaving the original request IMR eligible. The original request, Acute "
            "inpatient rehabilitation physical therapy and occupational therapy 7-10 days for "
            "left foot fracture is", OVER,
            f"{PREFACE_CA} {DBO} Non-MTUS Citation Official Disability Guidelines, 2016, Web "
            "Version, Criteria for skilled nursing facility.", [odg(preface=True)],
            f"{PREFACE_RV} {DBO} Non-MTUS Citation http://www.slideshare.net/julenemcalister/"
            "differences-between-inpatient-rehabilitation-skilled-nursing-care, "
            "https://medicalinsider.holy-cross.com/acute-inpatient-rehabilitation-versus-skilled-"
            "nursing-facility-rehabilitation.", [odg(preface=True)],
            [("MTUS and ODG Guidelines do", "fracture, is medically necessary.")])],
    ),
    "CM16-0234202": Letter(
        ("12/09/2016", "10/27/2016", "01/06/2017", "11/15/2016", "12/05/2016"),
        ["California", "Oregon", "Washington"], ["Orthopedic Surgery"],
        [("The 58 year old female", "Norco 10/325mg #35.")],
        [Expected(
            "Norco 10/325mg #60 was the original request. Norco 10/325mg #25 was authorized by "
            "the Claims Administrator. The remaining IMR eligible portion of the original "
            "request, Norco 10/325mg #35 is", UP,
            NO_EVIDENCE_CA, [],
            f"{DBO} MTUS Opioid Treatment 2016, Section(s): 1.4 Opioids for Acute Pain: Opioids "
            "for Post-operative Pain.",
            [mtus("Opioid Treatment 2016",
                  "1.4 Opioids for Acute Pain: Opioids for Post-operative Pain")],
            [("According to the CA MTUS/Chronic", "medically necessary.")])],
    ),
    "CM16-0235869": Letter(
        ("12/13/2016", "10/27/2016", "01/18/2017", "11/30/2016", "12/08/2016"),
        ["Texas", "New York"], ["Physical Medicine & Rehabilitation", "Sports Medicine"],
        [("This case involves a now", "support ongoing physical therapy.")],
        [Expected(
            f"Four sessions of {kind} two times a week times 2 weeks", UP,
            CPMT_PT + (f" {DBO} Non-MTUS Citation Official Disability Guidelines (ODG), "
                       "Physical Therapy Guidelines." if odg_too else ""),
            [mtus(CHRONIC_PAIN, PHYSICAL_MEDICINE)] + ([odg()] if odg_too else []),
            f"{DBO} MTUS {CHRONIC_PAIN}, Section(s): {section}.", [mtus(CHRONIC_PAIN, section)],
            [(opening, closing)])
         for kind, odg_too, section, opening, closing in [
            ("physical therapy", True, PHYSICAL_MEDICINE, "According to California MTUS",
             "is not medically necessary."),
            ("electrical stimulation", True,
             "TENS, chronic pain (transcutaneous electrical nerve stimulation)",
             "According to California MTUS", "request is not medically necessary."),
            ("infrared therapy", False, "Thermography (infrared stress thermography)",
             "According to the California MTUS", "request is not medically necessary."),
            ("manual therapy", False, "Manual therapy & manipulation",
             "The California MTUS 2016", "request is not medically necessary."),
            ("therapeutic exercise", False, PHYSICAL_MEDICINE, "According to California MTUS",
             "is not medically necessary."),
            ("biofeedback", False, "Biofeedback", "According to the California MTUS",
             "request is not medically necessary."),
        ]],
    ),
    "CM16-0237844": Letter(
        ("12/14/2016", "10/20/2016", "01/12/2017", "12/05/2016", "12/12/2016"),
        ["California", "Texas", "Florida"],
        ["Anesthesiology", "Pain Management", "Hospice & Palliative Medicine"],
        [("The injured worker is a 51", "on December 05, 2016.")],
        [Expected(
            "Additional physical therapy two times four visits (8) for the lumbar and bilateral "
            "knees", UP,
            NO_EVIDENCE_CA, [], CPMT_PT, [mtus(CHRONIC_PAIN, PHYSICAL_MEDICINE)],
            [("Regarding the request for additional", "is not medically necessary.")])],
    ),
    "CM16-0239110": Letter(
        ("12/22/2016", "10/18/2016", "01/20/2017", "11/29/2016", "12/13/2016"),
        ["California"], ["Preventive Medicine", "Occupational Medicine"],
        [("The injured worker is a 38", "day supply: 30.")],
        [Expected(
            "Oxycodone HCL ER 20mg #60 day supply: 30", OVER,
            NO_EVIDENCE_CA, [],
            f"{DBO} MTUS Opioid Treatment 2016, Section(s): 1.3 Opioids for Acute Pain: Severe "
            "Acute Injuries.",
            [mtus("Opioid Treatment 2016", "1.3 Opioids for Acute Pain: Severe Acute Injuries")],
            [("MTUS Guidelines support limited time", "necessary.")])],
    ),
    "CM16-0243394": Letter(
        ("12/22/2016", "10/26/2016", "01/20/2017", "11/22/2016", "12/19/2016"),
        ["California"], ["Preventive Medicine", "Occupational Medicine"],
        [("The injured worker is a 28", "denied the request.")],
        [Expected(
            "Voltaren gel apply to affected area 4 times a day, #60 grams with 1 refill, DOS: "
            "11/11/2016", UP,
            f"{DBO} MTUS General Approaches 2004, Section(s): Initial Approaches to Treatment. "
            f"{DBO} Non-MTUS Citation Official Disability Guidelines (ODG), Pain Chapter (Online "
            "version) Diclofenac.",
            [mtus("General Approaches 2004", "Initial Approaches to Treatment"), odg()],
            f"{PREFACE_RV} {DBO} Non-MTUS Citation Official Disability Guidelines (ODG) Pain "
            "Section/Voltaren® Gel (diclofenac) Topic.", [odg(preface=True)],
            [("The injured worker is being", "to not be medically necessary.")]),
         Expected(
            "Lidoderm patch, 12 hours on 12 hours off to affected area, #1 box with 1 refill, "
            "DOS: 11/11/2016", UP,
            f"{DBO} MTUS General Approaches 2004, Section(s): Initial Approaches to Treatment. "
            f"{DBO} Non-MTUS Citation Official Disability Guidelines (ODG), Pain Chapter (Online "
            "Version) Lidoderm (lidocaine patch).",
            [mtus("General Approaches 2004", "Initial Approaches to Treatment"), odg()],
            f"{PREFACE_RV} {DBO} Non-MTUS Citation Official Disability Guidelines (ODG) Pain "
            "Section/Lidoderm® (lidocaine patch) Topic.", [odg(preface=True)],
            [("The injured worker is being", "medically necessary.")])],
    ),
    "CM16-0246487": Letter(
        ("12/29/2016", "10/21/2016", "01/31/2017", "11/21/2016", "12/23/2016"),
        ["Colorado", "Texas", "Arizona"], ["Orthopedic Surgery"],
        [("This case involves a now 42-year-old", "and date of request.")],
        [Expected(
            "Left shoulder arthroscopy with Bankart repair, possible biceps tenodesis", OVER,
            f"{DBO} MTUS Shoulder Complaints 2004, Section(s): Surgical Considerations. {DBO} "
            "Non-MTUS Citation Official Disability Guidelines (ODG), Shoulder.",
            [mtus("Shoulder Complaints 2004", "Surgical Considerations"), odg()],
            f"{DBO} MTUS Shoulder Complaints 2004, Section(s): Surgical Considerations. {DBO} "
            "Non-MTUS Citation Official Disability Guidelines (ODG) Shoulder, Surgery for "
            "shoulder dislocation & Surgery for biceps tenodesis.",
            [mtus("Shoulder Complaints 2004", "Surgical Considerations"), odg()],
            [("The ACOEM Guidelines recommend surgery", "tenodesis is medically necessary.")]),
         Expected(
            "Associated surgical service: Physical therapy, times 12", OVER,
            f"{DBO} MTUS Shoulder Complaints 2004, Section(s): Initial Care, and Postsurgical "
            "Treatment 2009, Section(s): Elbow & Upper Arm.",
            [several("Shoulder Complaints 2004")],
            f"{DBO} MTUS Postsurgical Treatment 2009, Section(s): Shoulder.",
            [mtus("Postsurgical Treatment 2009", "Shoulder")],
            [("The CA MTUS Post-surgical Treatment", "12 is medically necessary.")]),
         Expected(
            "Associated surgical service: Cold therapy for one week", OVER,
            f"{PREFACE_CA} {DBO} Non-MTUS Citation Official Disability Guidelines (ODG), "
            "Shoulder.", [odg(preface=True)],
            f"{PREFACE_RV} {DBO} Non-MTUS Citation Official Disability Guidelines (ODG) "
            "Shoulder, Continuous-flow cryotherapy.", [odg(preface=True)],
            [("The CA MTUS/ACOEM Guidelines do", "medically necessary.")]),
         Expected(
            "Associated surgical service: Slingshot sling", OVER,
            f"{DBO} MTUS Shoulder Complaints 2004, Section(s): Initial Care. {DBO} Non-MTUS "
            "Citation Official Disability Guidelines (ODG), Shoulder.",
            [mtus("Shoulder Complaints 2004", "Initial Care"), odg()],
            f"{PREFACE_RV} {DBO} Non-MTUS Citation Official Disability Guidelines (ODG) "
            "Shoulder, Postoperative abduction pillow sling.", [odg(preface=True)],
            [("The CA MTUS/ACOEM Guidelines do", "sling is medically necessary.")]),
         Expected(
            "Post-op Percocet 5/325mg", UP,
            f"{DBO} MTUS Shoulder Complaints 2004, Section(s): Summary, and Opioid Treatment "
            "2016, Section(s): 1.4 Opioids for Acute Pain: Opioids for Post-operative Pain, 3.2 "
            "Opioids for Chronic Pain and Chronic Opioid Treatment: Consideration of Alternative "
            "Treatments for Chronic Pain and Chronic Opioid Treatment, 3.3.1.2 Opioids for "
            "Chronic Pain and Chronic Opioid Treatment: Screening for Risk of Addiction or "
            "Adverse Events, Prior to Chronic Opioid Treatment: Screening for Alcohol "
            "Misuse/Abuse, 3.3.6 Opioids for Chronic Pain and Chronic Opioid Treatment: Use of "
            "Urine Drug Testing (UDT), 3.3.8 Opioids for Chronic Pain and Chronic Opioid "
            f"Treatment: Opioid Titration and Dosing Threshold. {DBO} Non-MTUS Citation Official "
            "Disability Guidelines (ODG), Pain.",
            [several("Shoulder Complaints 2004"), odg()],
            f"{DBO} MTUS Opioid Treatment 2016, Section(s): 1.4 Opioids for Acute Pain: Opioids "
            "for Post-operative Pain.",
            [mtus("Opioid Treatment 2016",
                  "1.4 Opioids for Acute Pain: Opioids for Post-operative Pain")],
            [("The CA MTUS Opioid Treatment", "terminating opioids for this patient.")]),
         Expected(
            "Post-op Zofran", UP,
            f"{PREFACE_CA} {DBO} Non-MTUS Citation Official Disability Guidelines (ODG), Pain.",
            [odg(preface=True)],
            f"{DBO} MTUS {CHRONIC_PAIN}, Section(s): Antiemetics (for opioid nausea).",
            [mtus(CHRONIC_PAIN, "Antiemetics (for opioid nausea)")],
            [("The CA MTUS 2016 Chronic", "not medically necessary.")])],
    ),
    "CM16-0247802": Letter(
        ("12/30/2016", "11/02/2016", "02/01/2017", "12/05/2016", "12/27/2016"),
        ["Texas", "Illinois"],
        ["Physical Medicine & Rehabilitation", "Pediatric Rehabilitation Medicine"],
        [("This case involves a now 45-year-old", "complaints of muscle spasms.")],
        [Expected(
            "Spine surgery evaluation for the lumbar", OVER,
            f"{DBO} MTUS Low Back Complaints 2004.", [mtus("Low Back Complaints 2004")],
            f"{DBO} MTUS {CHRONIC_PAIN}, Section(s): Office visits.",
            [mtus(CHRONIC_PAIN, "Office visits")],
            [("The California MTUS 2016 Chronic", "the request is medically necessary.")]),
         Expected(
            "Orphenadrine Citrate ER 100mg tabs #30", UP,
            NO_EVIDENCE_CA, [],
            f"{DBO} MTUS {CHRONIC_PAIN}, Section(s): Muscle relaxants (for pain).",
            [mtus(CHRONIC_PAIN, "Muscle relaxants (for pain)")],
            [("The California MTUS 2016 Chronic", "request is not medically necessary.")]),
         Expected(
            "Lidocaine 5% patch #1", UP,
            f"{PREFACE_CA} {DBO} Non-MTUS Citation Official Disability Guidelines (ODG), Pain "
            "(Chronic), Lidoderm (Lidocaine patch).", [odg(preface=True)],
            f"{DBO} MTUS {CHRONIC_PAIN}, Section(s): Topical analgesics.",
            [mtus(CHRONIC_PAIN, "Topical analgesics")],
            [("The California MTUS 2016 Chronic", "request is not medically necessary.")]),
         Expected(
            "Norco 5/325mg oral tablet, one tablet twice daily 14 days #40", UP,
            NO_EVIDENCE_CA, [],
            f"{DBO} MTUS Opioid Treatment 2016, Section(s): 3.3.9 Opioids for Chronic Pain and "
            "Chronic Opioid Treatment: Maintenance of Chronic Opioid Treatment.",
            [mtus("Opioid Treatment 2016", "3.3.9 Opioids for Chronic Pain and Chronic Opioid "
                  "Treatment: Maintenance of Chronic Opioid Treatment")],
            [("The California MTUS Opioid Treatment", "terminating opioids for this patient.")]),
         Expected(
            "Retrospective Cyclobenzaprine 5mg tab #30 DOS: 11/14/16", UP,
            f"{PREFACE_CA} {DBO} Non-MTUS Citation Official Disability Guidelines (ODG), Pain "
            "(Chronic), Cyclobenzaprine (Flexeril).", [odg(preface=True)],
            f"{DBO} MTUS {CHRONIC_PAIN}, Section(s): Cyclobenzaprine (Flexeril), Muscle "
            "relaxants (for pain).",
            [mtus(CHRONIC_PAIN, "Cyclobenzaprine (Flexeril), Muscle relaxants (for pain)")],
            [("The California MTUS 2016 Chronic", "medically necessary.")])],
    ),
    "CM16-0249724": Letter(
        ("01/05/2017", "10/25/2016", "02/07/2017", "12/07/2016", "12/29/2016"),
        ["California", "Washington"], ["Physical Medicine & Rehabilitation", "Pain Management"],
        [("This case involves a now 43-year-old", "should be promoted and practiced.")],
        [Expected(
            "Standard wheelchair for a 3 month rental was the original request. Standard "
            "wheelchair for a 1 month rental was authorized by the Claims Administrator. The "
            "remaining IMR eligible portion of the original request, standard wheelchair for a 2 "
            "month rental is", UP,
            f"{PREFACE_CA} {DBO} Non-MTUS Citation Official Disability Guidelines (ODG) Knee and "
            "Leg Chapter Guidelines.", [odg(preface=True)],
            f"{PREFACE_RV} {DBO} Non-MTUS Citation Official Disability Guidelines (ODG) Knee & "
            "Leg, Durable medical equipment (DME).", [odg(preface=True)],
            [("The California MTUS/ACOEM Guidelines", "rental is not medically necessary.")]),
         *(Expected(
            f"Purchase of {thing} was the original request. The Claims Administrator authorized "
            f"{thing} for 1 month, leaving the original "
            f"request IMR eligible. The original request, purchase of {thing} is", UP,
            f"{PREFACE_CA} {DBO} Non-MTUS Citation Official Disability Guidelines (ODG), Knee and "
            "Leg Chapter, Durable medical equipment.", [odg(preface=True)],
            f"{PREFACE_RV} {DBO} Non-MTUS Citation Official Disability Guidelines (ODG) Knee & "
            "Leg, Durable medical equipment (DME).", [odg(preface=True)],
            [("The California MTUS/ACOEM Guidelines",
              f"{thing[-13:]} is not medically necessary.")])
           for thing in ("a bedside 3 in 1 commode", "a bath/shower chair"))],
    ),
    "CM17-0002892": Letter(
        ("01/09/2017", "10/15/2016", "02/08/2017", "12/07/2016", "01/04/2017"),
        ["Colorado", "Texas", "Arizona"], ["Orthopedic Surgery"],
        [("This case involves a now 55-year-old", "of conservative care.")],
        [Expected(
            "Right knee arthroscopy with evaluation of ACL, medical meniscectomy", UP,
            f"{DBO} MTUS Knee Complaints 2004, Section(s): Surgical Considerations.",
            [mtus("Knee Complaints 2004", "Surgical Considerations")],
            f"{DBO} MTUS Knee Complaints 2004, Section(s): Surgical Considerations.",
            [mtus("Knee Complaints 2004", "Surgical Considerations")],
            [("According to the ACOEM", "medically necessary.")]),
         Expected("PA assist", UP, NO_EVIDENCE_CA, [], NO_EVIDENCE_RV, [],
                  [("As the requested surgical", "service is not medically necessary.")]),
         Expected("Post operative physical therapy for the right knee 2 times a week for 6 weeks",
                  UP, NO_EVIDENCE_CA, [], NO_EVIDENCE_RV, [],
                  [("As the requested surgical", "service is not medically necessary.")])],
    ),
    "CM17-0005418": Letter(
        ("01/12/2017", "10/22/2016", "02/06/2017", "01/06/2017", "01/09/2017"),
        ["California", "Texas", "Florida"],
        ["Anesthesiology", "Pain Management", "Hospice & Palliative Medicine"],
        [("The injured worker is a 57", "injection under fluoroscopic guidance.")],
        [Expected(
            f"Right {level} transforaminal epidural steroid injection under fluoroscopic guidance",
            UP,
            f"{DBO} MTUS Low Back Complaints 2004, Section(s): Physical Methods. {DBO} Non-MTUS "
            "Citation Official Disability Guidelines (ODG), Low Back.",
            [mtus("Low Back Complaints 2004", "Physical Methods"), odg()],
            f"{DBO} MTUS Low Back Complaints 2004, Section(s): Surgical Considerations, Physical "
            f"Methods, Summary. {DBO} Non-MTUS Citation Official Disability Guidelines (ODG) Low "
            "Back (Thoracic and Lumbar, Acute and Chronic) Chapter, Epidural Steroid Injection "
            "(ESI) and Other Medical Treatment Guidelines www.mdguidelines.com.",
            [mtus("Low Back Complaints 2004", "Surgical Considerations, Physical Methods, Summary"),
             odg()],
            [("Regarding the request for", "guidance, is not medically necessary.")])
         for level in ("L4", "L5")],
    ),
    "CM17-0007300": Letter(
        ("01/13/2017", "11/13/2016", "02/09/2017", "01/05/2017", "01/10/2017"),
        ["Iowa", "Montana", "California"],
        ["Preventive Medicine", "Occupational Medicine",
         "Public Health & General Preventive Medicine"],
        [("According to medical records available", "5%-Dextromethorphan.")],
        [Expected(
            "One container of Flurbiprofen 10%, Cyclobenzaprine 3%, Gabapentin 6%, Lidocaine "
            "5%/Dextromethorphan", UP,
            f"{DBO} MTUS {CHRONIC_PAIN}, Section(s): Compound drugs.",
            [mtus(CHRONIC_PAIN, "Compound drugs")],
            f"{DBO} MTUS {CHRONIC_PAIN}, Section(s): Topical analgesics, compounded.",
            [mtus(CHRONIC_PAIN, "Topical analgesics, compounded")],
            [("MTUS recommends usage of", "is not medically necessary.")]),
         Expected(
            "One month supply of Trezix capsule 320.5/30/16mg was the original request. The "
            "Claims Administrator authorized Trezix capsule 320.5/30/16mg #5, leaving the original "
            "request IMR eligible. The original request, one month supply of Trezix capsule "
            "30.5/30/16mg is", UP,
            f"{DBO} MTUS Opioid Treatment 2016, Section(s): 3. Opioids for Chronic Pain and "
            "Chronic Opioid Treatment: Overview of Recommendations Regarding Chronic Opioid "
            "Treatment, 3.3.4 Opioids for Chronic Pain and Chronic Opioid Treatment: Use of CURES "
            "to Ensure Safe and Effective Opioid Use, 3.3.5 Opioids for Chronic Pain and Chronic "
            "Opioid Treatment: Use of Tools to Monitor Patients on Chronic Opioid Treatment, 4.1 "
            "Tapering Opioids: Indications for Tapering Opioids.",
            [mtus("Opioid Treatment 2016",
                  "3. Opioids for Chronic Pain and Chronic Opioid Treatment: Overview of "
                  "Recommendations Regarding Chronic Opioid Treatment, 3.3.4 Opioids for Chronic "
                  "Pain and Chronic Opioid Treatment: Use of CURES to Ensure Safe and Effective "
                  "Opioid Use, 3.3.5 Opioids for Chronic Pain and Chronic Opioid Treatment: Use "
                  "of Tools to Monitor Patients on Chronic Opioid Treatment, 4.1 Tapering "
                  "Opioids: Indications for Tapering Opioids")],
            f"{DBO} MTUS Opioid Treatment 2016, Section(s): 3.3.9 Opioids for Chronic Pain and "
            "Chronic Opioid Treatment: Maintenance of Chronic Opioid Treatment.",
            [mtus("Opioid Treatment 2016", "3.3.9 Opioids for Chronic Pain and Chronic Opioid "
                  "Treatment: Maintenance of Chronic Opioid Treatment")],
            [('MTUS States "Once a', "is not medically necessary.")])],
    ),
    "CM17-0009995": Letter(
        ("01/19/2017", "10/31/2016", "02/16/2017", "01/13/2017", "01/16/2017"),
        ["Texas"], ["Physical Medicine & Rehabilitation"],
        [("This case involves a now 54-year-old", "the requested topical ointment.")],
        [Expected(
            "Retrospective Cyclobenzaprine 7.5mg #60, per 12/07/2016 order was the original "
            "request. Retrospective Cyclobenzaprine 7.5mg #42, per 12/07/2016 order was "
            "authorized by the Claims Administrator. The remaining IMR eligible portion of the "
            "original request, Retrospective Cyclobenzaprine 7.5mg #18, per 12/07/2016 order is",
            UP,
            f"{DBO} MTUS {CHRONIC_PAIN}, Section(s): Cyclobenzaprine (Flexeril), Muscle "
            "relaxants (for pain).",
            [mtus(CHRONIC_PAIN, "Cyclobenzaprine (Flexeril), Muscle relaxants (for pain)")],
            f"{DBO} MTUS {CHRONIC_PAIN}, Section(s): Cyclobenzaprine (Flexeril).",
            [mtus(CHRONIC_PAIN, "Cyclobenzaprine (Flexeril)")],
            [("The California MTUS 2016", "request is not medically necessary.")]),
         Expected(
            "Retrospective Famotidine 20mg #60, per 12/07/2016 order", UP,
            f"{PREFACE_CA} {DBO} Non-MTUS Citation http://www.drugs.com/famotidine.html.",
            [odg(preface=True)],
            f"{DBO} MTUS {CHRONIC_PAIN}, Section(s): NSAIDs, GI symptoms & cardiovascular risk.",
            [mtus(CHRONIC_PAIN, "NSAIDs, GI symptoms & cardiovascular risk")],
            [("The California MTUS 2016", "medically necessary.")]),
         Expected(
            "Retrospective Lidopro 4%-27.5%-0.0325% 121gm #1, per 12/07/2016 order", UP,
            f"{DBO} MTUS {CHRONIC_PAIN}, Section(s): Topical analgesics.",
            [mtus(CHRONIC_PAIN, "Topical analgesics")],
            f"{DBO} MTUS {CHRONIC_PAIN}, Section(s): Topical analgesics.",
            [mtus(CHRONIC_PAIN, "Topical analgesics")],
            [("The California MTUS 2016", "necessary.")])],
    ),
    "CM17-0010728": Letter(
        ("01/20/2017", "10/10/2016", "02/14/2017", "01/03/2017", "01/17/2017"),
        ["California"], ["Internal Medicine"],
        [("The injured worker is a 46", "non-certified.")],
        [Expected(
            "MRI (magnetic resonance imaging) of the left shoulder", UP,
            f"{DBO} MTUS Shoulder Complaints 2004. {DBO} Non-MTUS Citation Official Disability "
            "Guidelines: Shoulder (Acute & Chronic) - Indications for imaging, MRI (magnetic "
            "resonance imaging).", [mtus("Shoulder Complaints 2004"), odg()],
            f"{DBO} MTUS Shoulder Complaints 2004, Section(s): Special Studies. {DBO} Non-MTUS "
            "Citation Official Disability Guidelines (ODG) Shoulder section, MRI shoulder.",
            [mtus("Shoulder Complaints 2004", "Special Studies"), odg()],
            [("Pursuant to the ACOEM and", "left shoulder is not medically necessary.")])],
    ),
    "CM17-0012640": Letter(
        ("01/25/2017", "10/12/2016", "02/16/2017", "01/13/2017", "01/18/2017"),
        ["Florida"], ["Neurology", "Pain Management"],
        [("The injured worker is a 22-year-old", "for a total hip arthroplasty.")],
        [Expected(
            "MRI of the left shoulder", UP,
            f"{DBO} MTUS Shoulder Complaints 2004.", [mtus("Shoulder Complaints 2004")],
            f"{PREFACE_RV} {DBO} Non-MTUS Citation Official Disability Guidelines (ODG) "
            "Shoulder, MRI.", [odg(preface=True)],
            [("There was documentation that the", "medically necessary.")]),
         Expected(
            "Consult with hip replacement specialist to evaluation for a total hip "
            "arthroplasty", OVER,
            f"{DBO} MTUS Low Back Complaints 2004.", [mtus("Low Back Complaints 2004")],
            f"{DBO} MTUS {CHRONIC_PAIN}, Section(s): Office visits.",
            [mtus(CHRONIC_PAIN, "Office visits")],
            [("The medical records provided", "medically necessary.")])],
    ),
    "CM17-0013077": Letter(
        ("01/24/2017", "12/17/2016", "02/22/2017", "01/04/2017", "01/19/2017"),
        ["California", "Washington"], ["Physical Medicine & Rehabilitation", "Pain Management"],
        [("This case involves a now 42-year-old", "management and functional improvement.")],
        [Expected(
            "MRI of the lumbar spine", UP,
            f"{DBO} MTUS Low Back Complaints 2004. {DBO} Non-MTUS Citation Official Disability "
            "Guidelines, Neck and upper back.", [mtus("Low Back Complaints 2004"), odg()],
            f"{DBO} MTUS Low Back Complaints 2004, Section(s): Special Studies.",
            [mtus("Low Back Complaints 2004", "Special Studies")],
            [("The ACOEM Guidelines state", "request is not medically necessary.")]),
         Expected(
            "Diazepam (Valium) 5mg take 1 tab orally 1 hour before exam, may repeat dose 1/2 "
            "hour after first dose for anxiety", UP,
            f"{PREFACE_CA} {DBO} Non-MTUS Citation Official Disability Guidelines, Pain, "
            "Benzodiazepines.", [odg(preface=True)],
            f"{PREFACE_RV} {DBO} Non-MTUS Citation Official Disability Guidelines (ODG) Pain "
            "(Benzodiazepines).", [odg(preface=True)],
            [("The California MTUS and", "request is not medically necessary.")]),
         Expected(
            "Tramadol (Ultram) 50mg take 1 tab orally every 4-6 hours as needed for moderate to "
            "severe pain #30", UP,
            f"{DBO} MTUS Opioid Treatment 2016.", [mtus("Opioid Treatment 2016")],
            f"{DBO} MTUS Opioid Treatment 2016, Section(s): 2. Opioids for Subacute Pain.",
            [mtus("Opioid Treatment 2016", "2. Opioids for Subacute Pain")],
            [("The California MTUS 2016", "terminating opioids for this patient.")])],
    ),
    "CM17-0017776": Letter(
        ("02/01/2017", "10/31/2016", "02/24/2017", "12/22/2016", "01/26/2017"),
        ["Texas", "New York", "California"], ["Preventive Medicine", "Occupational Medicine"],
        [("The applicant is a 28-year-old", "throughout the entire body.")],
        [Expected(
            "TENS unit, daily trial, cervical and thoracic spine, #30", UP,
            f"{DBO} MTUS {CHRONIC_PAIN}, Section(s): TENS, chronic pain (transcutaneous "
            f"electrical nerve stimulation). {DBO} Non-MTUS Citation Official Disability "
            "Guidelines, Neck and Upper Back, TENS (Transcutaneous electrical nerve "
            "stimulation); Low Back - Lumbar & Thoracic (Acute & Chronic).",
            [mtus(CHRONIC_PAIN, "TENS, chronic pain (transcutaneous electrical nerve "
                  "stimulation)"), odg()],
            f"{DBO} MTUS General Approaches 2004, Section(s): Initial Approaches to Treatment, "
            "and Neck and Upper Back Complaints 2004, Section(s): Summary.",
            [several("General Approaches 2004")],
            [("The request for a", "request was not medically necessary.")]),
         Expected(
            "MRI of the thoracic spine without contrast, #1", UP,
            f"{PREFACE_CA} {DBO} Non-MTUS Citation Official Disability Guidelines, Lumbar & "
            "Thoracic (Acute & Chronic), MRI (Magnetic Resonance Imaging).",
            [odg(preface=True)],
            f"{DBO} MTUS Neck and Upper Back Complaints 2004, Section(s): Summary.",
            [mtus("Neck and Upper Back Complaints 2004", "Summary")],
            [("Similarly, the request for", "necessary.")])],
    ),
    "CM17-0021656": Letter(
        ("02/02/2017", "11/02/2016", "02/27/2017", "01/25/2017", "02/02/2017"),
        ["Arizona", "California"], ["Family Practice"],
        [("The injured worker is a 65", "MRI of the right foot.")],
        [Expected(
            "MRI of the right foot", UP,
            f"{DBO} MTUS Ankle and Foot Complaints 2004, Section(s): Special Studies, Diagnostic "
            "Criteria.",
            [mtus("Ankle and Foot Complaints 2004", "Special Studies, Diagnostic Criteria")],
            f"{DBO} MTUS Ankle and Foot Complaints 2004, Section(s): Summary.",
            [mtus("Ankle and Foot Complaints 2004", "Summary")],
            [("According to the ACOEM", "foot is not medically necessary.")])],
    ),
    "CM16-0236969": Letter(
        ("12/13/2016", "10/14/2016", "01/11/2017", "11/16/2016", "12/09/2016"),
        ["California", "South Carolina"],
        ["Preventive Medicine", "Occupational Medicine", "Family Practice"],
        # One paragraph, though PDFium runs "shoulder-" and "upper arm" into one line.
        [("The injured worker is a 26", "cervical and thoracic spine.")],
        [Expected(
            "MRI of the cervical and thoracic spine", UP,
            f"{DBO} MTUS Neck and Upper Back Complaints 2004.",
            [mtus("Neck and Upper Back Complaints 2004")],
            f"{DBO} MTUS Neck and Upper Back Complaints 2004, Section(s): Special Studies.",
            [mtus("Neck and Upper Back Complaints 2004", "Special Studies")],
            [("Per the MTUS Guidelines,", "medically necessary.")])],
    ),
    "CM17-0006912": Letter(
        ("01/13/2017", "11/15/2016", "02/17/2017", "12/20/2016", "01/10/2017"),
        ["California", "Texas"], ["Orthopedic Surgery", "Sports Medicine"],
        [("This case involves a now 34-year-old", "initial trial is recommended.")],
        [*(Expected(
            thing, UP,
            f"{PREFACE_CA} {DBO} Non-MTUS Citation Official Disability Guidelines (ODG), Knee & "
            "Leg.", [odg(preface=True)],
            f"{PREFACE_RV} {DBO} Non-MTUS Citation Official Disability Guidelines (ODG) Knee and "
            "Leg (Durable medical equipment (DME)).", [odg(preface=True)],
            [("The California MTUS and", closing)])
           for thing, closing in (("Large gloves", "medically necessary."),
                                  ("Hygiene wipes", "not medically necessary."))),
         Expected(
            "PT/OT two to three times a week for six to eight weeks (24 sessions) left hand, "
            "right lower leg was the original request. PT/OT 6 sessions left hand, right lower "
            "leg was authorized by the Claims Administrator. The remaining IMR eligible portion "
            "of the original request, PT/OT 18 sessions left hand, right lower leg is", UP,
            f"{DBO} MTUS Postsurgical Treatment 2009, Section(s): Forearm, Wrist, & Hand.",
            [mtus("Postsurgical Treatment 2009", "Forearm, Wrist, & Hand")],
            f"{DBO} MTUS Postsurgical Treatment 2009, Section(s): Knee, Forearm, Wrist, & Hand.",
            [mtus("Postsurgical Treatment 2009", "Knee, Forearm, Wrist, & Hand")],
            [("The California MTUS Postsurgical", "request is not medically necessary.")])],
    ),
}


@cache
def reading(name: str) -> LetterReading:
    return read_letter(letter(name))


def day(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%m/%d/%Y").date()


def opens_and_closes(paragraph: str, expected: tuple[str, str]) -> bool:
    return paragraph.startswith(expected[0]) and paragraph.endswith(expected[1])


def test_enough_letters_are_checked_field_by_field():
    assert len(LETTERS) >= 20


@pytest.mark.parametrize("name", sorted(LETTERS))
def test_header_credentials_and_summary(name: str):
    expected, result = LETTERS[name], reading(name)
    case = result.case
    assert result.unplaced == []
    assert case.case_number == name
    assigned, injury, decided, ur_denial, application = expected.dates
    assert case.received_on == day(assigned)
    assert case.summary_form == {"injury_date": day(injury).isoformat()}
    assert case.decided_on == day(decided)
    assert case.ur_decision_on == day(ur_denial)
    assert case.application_received_on == day(application)
    assert case.review_type is expected.priority
    assert (case.organization, case.organization_short) == ("MAXIMUS Federal Services", "MAXIMUS")
    assert case.wording.how_made is None  # the template's block-form paragraph, word for word
    assert case.wording.summary_lead_in is None and case.wording.issues_lead_in is None
    assert case.credentials.form is CredentialForm.BLOCK
    assert case.credentials.licensure_states == expected.states
    assert case.credentials.certifications == expected.certifications
    assert case.credentials.subspecialties == expected.subspecialties
    assert len(case.summary) == len(expected.summary)
    for paragraph, ends in zip(case.summary, expected.summary):
        assert opens_and_closes(paragraph, ends), paragraph[:60]


@pytest.mark.parametrize("name", sorted(LETTERS))
def test_items(name: str):
    expected, case = LETTERS[name], reading(name).case
    assert [(i.description, i.decision) for i in case.items] == \
        [(e.description, e.decision) for e in expected.items]
    for item, want in zip(case.items, expected.items):
        assert item.number is None
        assert format_line(item.claims_administrator_citations, Role.CLAIMS_ADMINISTRATOR) == \
            want.ca_line
        assert format_line(item.reviewer_citations, Role.REVIEWER) == want.reviewer_line
        assert len(item.rationale) == len(want.rationale)
        for paragraph, ends in zip(item.rationale, want.rationale):
            assert opens_and_closes(paragraph, ends), paragraph[:60]


@pytest.mark.parametrize("name", sorted(LETTERS))
def test_citations(name: str):
    """Each guideline line's "Decision based on" sentences as structured citations."""
    expected, case = LETTERS[name], reading(name).case
    for item, want in zip(case.items, expected.items):
        for role, cited in ((Role.CLAIMS_ADMINISTRATOR, want.ca), (Role.REVIEWER, want.reviewer)):
            sentences = [c for c in item.citations(role) if DBO in format_citation(c, role)]
            assert len(sentences) == len(cited), item.description
            for citation, expectation in zip(sentences, cited):
                assert citation.source is not None
                assert citation.mtus is expectation.mtus
                assert citation.preface is expectation.preface
                if expectation.source is not None:
                    assert citation.source == expectation.source
                if expectation.section != SEVERAL and expectation.source is not None:
                    assert citation.section == expectation.section

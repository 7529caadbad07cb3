"""Page texts of IMR applications and UR determination letters, in the layouts real case files
show them: the DWC Form IMR of 2013 and its later revisions (labels and values on one line, or
the value in the box under its label, checkboxes, a table of disputed treatments), and UR
letters of several styles (a notice with a header block, a prose letter, an itemised table).

Every text is built from a ``Packet`` of particulars, so a test states what it expects from
the same values it put in, never from what the code under test read. All names, numbers and
dates are invented.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

DENIED, MODIFIED = "denied", "modified"


@dataclass
class Packet:
    """The particulars a case file states; ``items`` are (treatment as written, UR outcome)."""

    claim_number: str = "05-12345-A"
    injury_date: dt.date = dt.date(2013, 3, 14)
    ur_date: dt.date = dt.date(2014, 9, 5)
    request_date: dt.date = dt.date(2014, 8, 28)
    provider: str = "Maria Lopez, M.D."
    age: int = 52
    sex: str = "female"
    # As the UR letter writes them, and the summary form's words for them.
    body_parts: list[str] = field(default_factory=lambda: ["Lumbar spine", "Left shoulder"])
    regions: list[str] = field(default_factory=lambda: ["low back", "left shoulder"])
    # (ICD-10 code, the code's words) and the summary form's words for them.
    diagnosis_codes: list[tuple[str, str]] = field(default_factory=lambda: [
        ("M54.16", "Radiculopathy, lumbar region"),
        ("M75.42", "Impingement syndrome of left shoulder")])
    diagnoses: list[str] = field(default_factory=lambda: [
        "radiculopathy, lumbar region", "impingement syndrome of left shoulder"])
    items: list[tuple[str, str]] = field(default_factory=lambda: [
        ("Physical therapy 2x6 for the lumbar spine", DENIED),
        ("Norco 10/325 mg #60", MODIFIED)])


def us(day: dt.date) -> str:
    return day.strftime("%m/%d/%Y")


def short_us(day: dt.date) -> str:
    """3/14/13: month and day without zeros, a two-digit year."""
    return f"{day.month}/{day.day}/{day.strftime('%y')}"


def spelled(day: dt.date) -> str:
    return f"{day.strftime('%B')} {day.day}, {day.year}"


_FORM_HEAD = """STATE OF CALIFORNIA
DIVISION OF WORKERS' COMPENSATION
APPLICATION FOR INDEPENDENT MEDICAL REVIEW
DWC Form IMR"""


# -- IMR applications ---------------------------------------------------------------------

def application_2013(p: Packet) -> list[str]:
    """The 2013 form as a text PDF gives it: one label and value per line, checkboxes per item."""
    items = "\n".join(f"{n}. {what}   [{'X' if outcome == DENIED else ' '}] Denied   "
                      f"[{'X' if outcome == MODIFIED else ' '}] Modified"
                      for n, (what, outcome) in enumerate(p.items, 1))
    return [f"""{_FORM_HEAD}
Instructions: Use this form to request independent medical review of a utilization review
decision that denied, modified or delayed a treatment recommendation.
EMPLOYEE INFORMATION
Employee Name: Pat Example
Employee Address: 100 Main Street, Sacramento, CA 95814
Employer: Acme Distribution
Claim Number: {p.claim_number}
Date of Injury: {us(p.injury_date)}
CLAIMS ADMINISTRATOR
Claims Administrator: Example Insurance Company   Adjuster: Sam Sample
UTILIZATION REVIEW
Date of UR Decision: {us(p.ur_date)}
Requesting Physician: {p.provider}
Specialty: Orthopedic Surgery   Phone: (916) 555-0100
""", f"""DISPUTED MEDICAL TREATMENT OR SERVICE
List each treatment the utilization review decision denied or modified.
{items}
Signature of Employee: ____________   Date: {us(p.ur_date + dt.timedelta(days=10))}"""]


def application_2016(p: Packet) -> list[str]:
    """A later revision, read by OCR: numbered sections, each value on the line under its box
    label, dates written out, the outcome as the last word of each treatment line."""
    items = "\n".join(f"{what}    {outcome.capitalize()}" for what, outcome in p.items)
    return [f"""{_FORM_HEAD} (Rev. 02/2016)
Section 1. Employee Information
Employee Name
Pat Example
Claim No.
{p.claim_number}
Date of Injury
{spelled(p.injury_date)}
Section 2. Claims Administrator
Example Insurance Company, P.O. Box 1000, Fresno, CA 93710
Section 3. Requesting Physician
Name: {p.provider}
Phone: (916) 555-0100
Section 4. Treatment in Dispute
UR Decision Date: {spelled(p.ur_date)}
Treatment / Service Requested    UR Decision
{items}
Section 5. Signature
I request an independent medical review of the treatment listed above."""]


def application_boxes(p: Packet) -> list[str]:
    """A faxed form read by OCR: unicode checkboxes before the outcome words, in either order,
    a short date of injury, "Claim #" and the requested treatment on its own labelled line."""
    lines = []
    for what, outcome in p.items:
        lines.append(f"Requested treatment: {what}")
        lines.append(f"UR decision: {'☒' if outcome == MODIFIED else '☐'} Modified  "
                     f"{'☒' if outcome == DENIED else '☐'} Denied")
    body = "\n".join(lines)
    return ["FAX 09/16/2014 10:42 PAGE 001/004", f"""{_FORM_HEAD}
Claim #: {p.claim_number}          DOI: {short_us(p.injury_date)}
Utilization Review Determination Date: {short_us(p.ur_date)}
Requesting Provider: {p.provider}
DISPUTED TREATMENT
{body}"""]


def application_table(p: Packet) -> list[str]:
    """The disputed treatments as a table: an X under the Denied or the Modified column."""
    width = max(len(what) for what, _ in p.items) + 6
    header = f"{'Disputed Treatment / Service':<{width}}Denied    Modified"
    rows = "\n".join(f"{what:<{width}}" + ("  X" if outcome == DENIED else "            X")
                     for what, outcome in p.items)
    return [f"""{_FORM_HEAD}
Claim Number: {p.claim_number}
Date of Injury: {us(p.injury_date)}
Date of the Utilization Review Decision: {us(p.ur_date)}
Name of Requesting Physician: {p.provider}
{header}
{rows}"""]


APPLICATIONS = [application_2013, application_2016, application_boxes, application_table]


# -- UR determination letters ----------------------------------------------------------------

def _outcome_word(outcome: str) -> str:
    return "NON-CERTIFIED" if outcome == DENIED else "MODIFIED"


def ur_notice(p: Packet) -> list[str]:
    """A UR company's notice: a header block of labelled particulars, the diagnoses one ICD-10
    code a line under their label, then each request with its determination."""
    diagnoses = "\n".join(f"{code} {words}" for code, words in p.diagnosis_codes)
    requests = "\n".join(f"Request: {what}\nDetermination: {_outcome_word(outcome)}"
                         for what, outcome in p.items)
    return [f"""NOTICE OF UTILIZATION REVIEW DETERMINATION
Date: {us(p.ur_date)}
Claim #: {p.claim_number}     Date of Injury: {us(p.injury_date)}
Requesting Provider: {p.provider}
Date of Request: {us(p.request_date)}
Body Part(s): {", ".join(p.body_parts)}
Diagnosis:
{diagnoses}
Dear Provider,
{requests}
""", f"""CLINICAL SUMMARY
The patient is a {p.age}-year-old {p.sex} who was injured on {us(p.injury_date)} while
lifting boxes. The progress report of {us(p.request_date)} describes low back pain radiating
to the left leg.
Physician Reviewer: Alan Brooks, M.D.
Date of Decision: {us(p.ur_date)}"""]


def ur_prose(p: Packet) -> list[str]:
    """A letter in sentences: "The request for ... is non-certified", the particulars in an
    RE block, age and sex on one line, the diagnoses separated by semicolons."""
    sentences = []
    for what, outcome in p.items:
        if outcome == DENIED:
            sentences.append(f"The request for {what} is non-certified.")
        else:
            sentences.append(f"The request for {what} is modified to a smaller quantity.")
    sex = p.sex[0].upper()
    return [f"""{spelled(p.ur_date + dt.timedelta(days=1))}
Example Utilization Review Services
RE: Pat Example
Claim Number: {p.claim_number}
Date of Injury: {spelled(p.injury_date)}
UR Decision Date: {spelled(p.ur_date)}
Age: {p.age}   Sex: {sex}
Treating Physician: {p.provider}
Diagnoses: {"; ".join(words for _code, words in p.diagnosis_codes)}
Injured Body Parts: {" and ".join(p.body_parts)}
We have completed our review of the request received on {us(p.request_date)}.
{" ".join(sentences)}
A request for a follow-up office visit is certified.
Sincerely, the Utilization Review Department"""]


def ur_table(p: Packet) -> list[str]:
    """An itemised decision table with pipes, and particulars two to a line."""
    rows = "\n".join(f"{n} | {what} | {'Non-Certified' if outcome == DENIED else 'Modified'}"
                     for n, (what, outcome) in enumerate(p.items, 1))
    return [f"""UTILIZATION REVIEW DETERMINATION
Claim No: {p.claim_number} | DOI: {us(p.injury_date)}
Determination Date: {us(p.ur_date)} | Requesting Physician: {p.provider}
Patient: Pat Example | Gender: {p.sex.capitalize()} | Age: {p.age}
Body Region: {", ".join(p.body_parts)}
ICD-10: {", ".join(f"{code} {words}" for code, words in p.diagnosis_codes)}
# | Requested Service | Decision
{rows}
4 | Follow-up visit | Certified"""]


UR_LETTERS = [ur_notice, ur_prose, ur_table]

"""Reports and their copies as case files hold them, for the duplicate finder's tests and
benchmark: a PR-2 template filled per visit, fax headers and footers of several machines,
Bates numbers, fax cover sheets, and OCR-like misreads made deterministically from a seed.

Everything here is synthetic: the names, numbers and findings are made up.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

LETTERHEAD = ("LOPEZ ORTHOPEDIC MEDICAL GROUP\n1200 Main Street, Suite 300, Fresno, CA 93721\n"
              "Phone: (559) 555-0142   Fax: (559) 555-0143")
HISTORY = (
    "The patient is a 46-year-old warehouse worker who sustained an injury to the low back "
    "while lifting boxes at work. She was initially treated at the company clinic with "
    "medication, activity modification and a course of physical therapy, with temporary "
    "benefit. An MRI of the lumbar spine showed a disc protrusion at L4-5 with moderate left "
    "foraminal narrowing. Electrodiagnostic studies showed a chronic left L5 radiculopathy. She "
    "has continued a home exercise program as instructed and uses heat and ice at home.")
EXAM = (
    "Gait is antalgic favoring the left lower extremity. There is tenderness to palpation over "
    "the lower lumbar paraspinal muscles bilaterally, worse on the left, with muscle guarding. "
    "Sensation is decreased to light touch along the left L5 dermatome. Motor strength is 5/5 "
    "in the bilateral lower extremities except 4+/5 left extensor hallucis longus. Deep tendon "
    "reflexes are 2+ and symmetric at the knees and 1+ at the left ankle.")
DIAGNOSES = ("1. Lumbar disc protrusion at L4-5 (M51.26).\n2. Left lumbar radiculopathy "
             "(M54.16).\n3. Lumbar muscle spasm (M62.830).")
MEDICATIONS = ("Naproxen 550 mg twice daily with food. Omeprazole 20 mg daily for gastric "
               "protection. Cyclobenzaprine 7.5 mg at bedtime as needed for spasm.")
ATTESTATION = (
    "I declare under penalty of perjury that the information contained in this report and its "
    "attachments, if any, is true and correct to the best of my knowledge and belief, except as "
    "to information that I have indicated I received from others, and as to that information I "
    "declare under penalty of perjury that the information accurately describes the "
    "information provided to me and, except as noted herein, that I believe it to be true. I "
    "have not violated Labor Code section 139.3, and the contents of this report are true and "
    "correct to the best of my knowledge. This statement is made under penalty of perjury.")
WORK_STATUS = (
    "Modified duty with no lifting over {lift} pounds, no repetitive bending or stooping, and "
    "the option to sit or stand as needed. If modified duty is not available, the patient is "
    "to be considered temporarily totally disabled per the employer.")


@dataclass(frozen=True)
class Visit:
    """What changes between two PR-2s of one doctor: dates, scores, findings, plan."""

    date: str  # MM/DD/YYYY
    next_visit: str
    pain: int  # 0-10
    flexion: int  # degrees
    extension: int
    lift: int  # pounds
    complaints: str
    findings: str
    plan: str


VISIT_APRIL = Visit(
    date="04/15/2015", next_visit="05/13/2015", pain=7, flexion=40, extension=10, lift=15,
    complaints=("The patient returns with constant low back pain radiating into the left "
                "buttock and posterior thigh down to the lateral calf, with intermittent "
                "numbness of the left foot. Sitting longer than twenty minutes aggravates it. "
                "She reports the medications help her sleep but the leg symptoms are unchanged "
                "since the last visit."),
    findings=("Straight leg raise is positive on the left at forty degrees, reproducing leg "
              "pain, and negative on the right."),
    plan=("Request authorization for a left L4-5 transforaminal epidural steroid injection "
          "under fluoroscopy, as the radicular findings correlate with the MRI and "
          "electrodiagnostic studies. Continue the current medications and the home exercise "
          "program."))
VISIT_MAY = Visit(
    date="05/13/2015", next_visit="06/10/2015", pain=6, flexion=45, extension=15, lift=20,
    complaints=("The patient returns reporting that her leg pain is somewhat better after "
                "the injection was denied and she resumed walking, though she still has "
                "aching in the low back at the end of the workday and occasional tingling "
                "of the left great toe. She is tolerating the medications without side "
                "effects."),
    findings=("Straight leg raise is now positive on the left only at sixty degrees, with "
              "back pain rather than leg pain, and negative on the right."),
    plan=("Appeal the denial of the epidural steroid injection through independent medical "
          "review. Add six sessions of physical therapy for core strengthening. Continue the "
          "current medications and the home exercise program."))


def pr2_pages(visit: Visit) -> list[str]:
    """A three-page PR-2 of ``visit``: letterhead, history, findings, plan and attestation."""
    return [
        f"{LETTERHEAD}\nPRIMARY TREATING PHYSICIAN'S PROGRESS REPORT (PR-2)\n"
        f"Patient: Jane Sample   DOB: 02/03/1969   Claim #: 05-123456\n"
        f"Employer: Valley Distribution Inc.   Date of Injury: 11/02/2014\n"
        f"Date of Service: {visit.date}\n"
        f"SUBJECTIVE COMPLAINTS: {visit.complaints} Pain is rated {visit.pain}/10 on the "
        f"visual analog scale.\nHISTORY: {HISTORY}",
        f"Patient: Jane Sample   Claim #: 05-123456   Date of Service: {visit.date}\n"
        f"OBJECTIVE FINDINGS: Lumbar range of motion is flexion {visit.flexion} degrees and "
        f"extension {visit.extension} degrees, limited by pain. {visit.findings} {EXAM}\n"
        f"DIAGNOSES:\n{DIAGNOSES}\nCURRENT MEDICATIONS: {MEDICATIONS}",
        f"Patient: Jane Sample   Claim #: 05-123456   Date of Service: {visit.date}\n"
        f"TREATMENT PLAN: {visit.plan}\n"
        f"WORK STATUS: {WORK_STATUS.format(lift=visit.lift)}\n"
        f"Next appointment: {visit.next_visit}\n{ATTESTATION}\n"
        f"Executed at Fresno, California on {visit.date}.\nMaria Lopez, M.D.",
    ]


def only_dates_moved(visit: Visit, date: str, next_visit: str) -> Visit:
    """The same visit's text under other dates: a copied-forward note, a different report."""
    return replace(visit, date=date, next_visit=next_visit)


def fax_cover(sender: str, date: str, pages: int, regarding: str, note: str) -> str:
    """A one-page fax cover sheet with the usual fields and confidentiality notice."""
    return (f"FAX COVER SHEET\nDate: {date}\nTo: State Compensation Insurance Fund, Claims\n"
            f"Fax: (916) 555-2200\nFrom: {sender}\nFax: (559) 555-0143\nPhone: (559) 555-0142\n"
            f"Number of pages (including cover): {pages}\nRE: {regarding}\n"
            f"Comments: {note}\nCONFIDENTIALITY NOTICE: This facsimile contains confidential "
            "medical information intended only for the use of the recipient named above. If "
            "you have received this transmission in error, please notify the sender by "
            "telephone immediately and destroy the documents.")


def work_status(date: str, lift: int, until: str) -> str:
    """A one-page work status slip of the treating physician (a template with blanks)."""
    return (f"{LETTERHEAD}\nWORK STATUS REPORT\nPatient: Jane Sample   Claim #: 05-123456\n"
            f"Date of Examination: {date}\n"
            f"The patient was seen today for the industrial injury of 11/02/2014.\n"
            f"Work status: modified duty, no lifting over {lift} pounds, no repetitive bending, "
            f"alternate sitting and standing as needed, from {date} until {until}.\n"
            "If modified duty is not available, the patient is temporarily totally disabled.\n"
            "Maria Lopez, M.D.")


def fax_header(style: int, page: int, total: int, when: str) -> str:
    """One fax machine's header line on page ``page`` of ``total``; ``when`` MM/DD/YYYY HH:MM;
    ``style`` 0 to 4, one per machine."""
    date, clock = when.split()
    month, day, year = date.split("/")
    names = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    if style == 0:
        return f"FROM: (559) 555-0143 TO: (916) 555-2200 P. {page}/{total} {date} {clock} AM"
    if style == 1:
        return (f"Received {names[int(month) - 1]}-{day}-{year} {clock}am From-5595550143 "
                f"To-STATE COMP INS FUND Page {page:03d}")
    if style == 2:
        return f"{date} {clock} FAX LOPEZ ORTHO P.{page:03d}/{total:03d}"
    if style == 3:
        return f"{names[int(month) - 1]} {int(day)} {year} {clock}AM HP LASERJET FAX p.{page}"
    # No word says "fax": the sender's name and number, the time and a page counter.
    return (f"{names[int(month) - 1]} {day} {year} {clock}AM  Valley Claims Services  "
            f"(661) 442-8239  page {page} of {total}")


def stamped(pages: list[str], *, header: int | None = None, when: str = "10/14/2024 09:12",
            footer: bool = False, bates: str | None = None, first_bates: int = 1) -> list[str]:
    """``pages`` as one copy of them arrives: a fax header line above each page, a "Page n of
    m" footer and a Bates number below, each when asked for."""
    total = len(pages)
    copies = []
    for index, text in enumerate(pages):
        lines = []
        if header is not None:
            lines.append(fax_header(header, index + 1, total, when))
        lines.append(text)
        if footer:
            lines.append(f"Page {index + 1} of {total}")
        if bates:
            lines.append(f"{bates}{first_bates + index:06d}")
        copies.append("\n".join(lines))
    return copies


# What OCR makes of a character (or two) of a fax scan: letters of like shape, a digit read as
# the letter it resembles, punctuation lost. A digit read as another digit is left out (see
# ``ocr_noise``'s ``digit_misreads``).
_CONFUSIONS = {
    "rn": "m", "m": "rn", "cl": "d", "d": "cl", "l": "1", "i": "l", "e": "c", "c": "e",
    "o": "a", "a": "o", "h": "b", "u": "n", "n": "u", "t": "f", "f": "t", "g": "q", "y": "v",
    "s": "5", "b": "h", "O": "0", "I": "l", "S": "5", "B": "8", "0": "O", "1": "l",
    "5": "S", "8": "B", ".": ",", ",": ".",
}


def ocr_noise(text: str, rate: float, seed: int, *, digit_misreads: float = 0.0) -> str:
    """``text`` as a poor OCR reading might give it, the same for the same seed.

    About ``rate`` of the characters are misread: a letter or two taken for a letter of like
    shape, punctuation lost or swapped, a letter lost, a space lost or one put inside a
    word. A digit is only ever read as the letter it resembles (0 as O, 1 as l, 5 as S, 8
    as B); ``digit_misreads`` is the share of digits read as another digit or lost, which
    real OCR does far more rarely (none unless asked).
    """
    rng = random.Random(seed)
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char.isdigit():
            roll = rng.random()
            if roll < digit_misreads:  # another digit, or none
                out.append(rng.choice([d for d in "0123456789" if d != char] + [""]))
            elif char in _CONFUSIONS and roll < digit_misreads + rate * 0.7:
                out.append(_CONFUSIONS[char])
            else:
                out.append(char)
            index += 1
            continue
        if char != "\n" and rng.random() < rate:
            pair = text[index:index + 2]
            if pair in _CONFUSIONS:
                out.append(_CONFUSIONS[pair])
                index += 2
                continue
            roll = rng.random()
            if char in _CONFUSIONS and roll < 0.7:
                out.append(_CONFUSIONS[char])
            elif char == " ":
                pass  # two words run together
            elif char in ".,:;()/-'" or roll < 0.85:
                pass  # a mark or letter lost
            else:
                out.append(char + " ")  # a word broken in two
            index += 1
            continue
        out.append(char)
        index += 1
    return "".join(out)


def noisy(pages: list[str], rate: float, seed: int, *, digit_misreads: float = 0.0) -> list[str]:
    """Each page of ``pages`` through ``ocr_noise``, each with a seed of its own."""
    return [ocr_noise(text, rate, seed * 1000 + index, digit_misreads=digit_misreads)
            for index, text in enumerate(pages)]


_COMPLAINTS = (
    "The patient returns with constant low back pain radiating into the left buttock and "
    "posterior thigh, worse with prolonged sitting.",
    "She reports that the leg pain is somewhat better since she resumed walking, though the "
    "low back still aches at the end of the workday.",
    "She describes new burning pain along the lateral left foot at night, waking her twice "
    "a night.",
    "Her pain flared after she lifted a laundry basket at home last week; she went to urgent "
    "care and was given a Medrol Dosepak.",
    "She has been attending physical therapy twice a week and notes improved tolerance for "
    "standing and household chores.",
    "She reports stomach upset with the naproxen and has been taking it only once a day.",
    "She has returned to modified work four hours a day and finds the bending at work "
    "aggravates her symptoms.",
    "Numbness of the left great toe is unchanged; she denies bowel or bladder changes.",
)
_FINDINGS = (
    "Straight leg raise is positive on the left at forty degrees, reproducing leg pain.",
    "Straight leg raise is now negative bilaterally, with back pain only at the end of range.",
    "There is new weakness of left ankle dorsiflexion graded 4/5.",
    "Palpation reveals a trigger point over the left quadratus lumborum with a twitch response.",
    "The left Achilles reflex is now absent; the right remains 2+.",
    "Gait is now normal and she can heel and toe walk without difficulty.",
)
_PLANS = (
    "Request authorization for a left L4-5 transforaminal epidural steroid injection.",
    "Appeal the denial of the epidural steroid injection through independent medical review.",
    "Add six sessions of physical therapy for core strengthening.",
    "Discontinue naproxen and start topical diclofenac gel to the low back.",
    "Refer to a spine surgeon for a consultation regarding the L4-5 disc protrusion.",
    "Order a repeat MRI of the lumbar spine given the new neurologic deficit.",
)


def random_visit(rng: random.Random) -> Visit:
    """A PR-2 visit of the same doctor and claimant: another date, other findings and plan."""
    month, year = rng.randint(1, 12), rng.choice((2015, 2016))
    day = rng.randint(1, 28)
    following = (month % 12) + 1, year + (month == 12)
    return Visit(
        date=f"{month:02d}/{day:02d}/{year}",
        next_visit=f"{following[0]:02d}/{rng.randint(1, 28):02d}/{following[1]}",
        pain=rng.randint(3, 9), flexion=rng.choice(range(30, 75, 5)),
        extension=rng.choice(range(5, 25, 5)), lift=rng.choice((10, 15, 20, 25)),
        complaints=" ".join(rng.sample(_COMPLAINTS, 2)),
        findings=" ".join(rng.sample(_FINDINGS, 2)),
        plan=" ".join(rng.sample(_PLANS, 2)))

"""Case packets made for the tests and the benchmark: many documents of every kind in one file.

An IMR case file arrives as a few long packets: the IMR application, the UR
determination, years of progress reports, imaging and nerve studies, therapy
notes, operative reports, medical-legal reports, pharmacy printouts, letters
and fax cover sheets, often faxed (a transmission line across the top of every
page), sometimes twice. The builders here write such documents as a records
clerk sees them, in several layouts per kind (letterhead, state form, EHR
printout with a block repeated on every page, business letter), with running
headers and page footers on continuation pages, signatures, blank separator
pages, and duplicates. Every name, number and address is made up.

A packet is a seeded random sequence of documents with its ground truth,
``[(first_page, last_page, kind)]`` (1-based, inclusive). A blank separator
page belongs to the document before it. Three forms:

- ``make_packet(seed)``: page texts and truth, for fast tests and the benchmark;
- ``packet_pdf(path, packet)``: the same pages as a PDF with a text layer;
- ``scanned_packet_pdf(path, packet)``: the same pages as pictures only (rendered,
  slightly turned and speckled, re-scanned duplicates more so), for OCR.

``imr_application_pages`` and ``ur_determination_pages`` take their fields as
parameters, for tests that read those two documents' contents.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import tempfile
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from record_files import text_pdf

from workbench.records.kinds import DocumentKind

WIDTH = 95  # characters a line: record_files.text_pdf wraps there, so pages read back as written

# -- made-up people and places ------------------------------------------------

FIRST_NAMES = ("Rosa", "Martin", "Alicia", "Dwayne", "Teresa", "Gregory", "Lupe", "Hector",
               "Janet", "Kevin", "Marisol", "Victor", "Denise", "Armando", "Colleen", "Raymond",
               "Imelda", "Trevor", "Yolanda", "Curtis", "Norma", "Felipe", "Brenda", "Oscar")
LAST_NAMES = ("Delgado", "Keller", "Okafor", "Brennan", "Villalobos", "Huang", "Prescott",
              "Lindqvist", "Marquez", "Whitfield", "Castellanos", "Nakamura", "Abernathy",
              "Sandoval", "Pruitt", "Esquivel", "Hollister", "Quintero", "Rasmussen", "Tafoya",
              "Underhill", "Vasquez", "Winslow", "Zamora")
DOCTOR_FIRST = ("Alan", "Beatrice", "Carl", "Diana", "Edwin", "Farah", "Gordon", "Helen", "Ivan",
                "Judith", "Kenneth", "Lena", "Morris", "Nadia", "Owen", "Priya", "Quentin",
                "Ruth", "Samuel", "Tamara", "Ulrich", "Vera", "Warren", "Xiomara")
DOCTOR_LAST = ("Ashcroft", "Bellamy", "Corrigan", "Dunleavy", "Ellison", "Fairbanks", "Galloway",
               "Harrington", "Iverson", "Jablonski", "Kowalczyk", "Lockhart", "Mendelsohn",
               "Northcott", "Oyelaran", "Pemberton", "Quinlan", "Rutherford", "Stavros",
               "Thornbury", "Umberger", "Vandermeer", "Wexley", "Yarborough")
CITIES = (("Fresno", "93721"), ("Bakersfield", "93301"), ("Riverside", "92501"),
          ("Stockton", "95202"), ("Oxnard", "93030"), ("Modesto", "95354"), ("Torrance", "90503"),
          ("Pomona", "91766"), ("Santa Rosa", "95401"), ("Visalia", "93291"), ("Ontario", "91764"))
STREETS = ("Oak Park Blvd", "Herndon Ave", "Mission Inn Ave", "Pacific Ave", "Harbor Way",
           "Sierra Vista Dr", "Industrial Pkwy", "Palm Ave", "Camino Real", "Center St")
EMPLOYERS = ("Central Valley Packing Co.", "Sunrise Home Health", "Golden Bear Logistics",
             "Inland Empire Warehousing", "Sequoia Unified School District", "Bayview Hotel Group",
             "Delta Agricultural Services", "Coastline Transit Authority")
ADMINISTRATORS = ("Redwood Claims Services", "Pacific Compensation Administrators",
                  "State Workers Insurance Exchange", "Cascade Risk Management",
                  "Foothill Self-Insured Group")
UR_COMPANIES = ("Meridian Review Services", "ClearPath Utilization Management",
                "Western Medical Review, Inc.", "Summit UR Associates")
LAW_FIRMS = ("Law Offices of Baxter & Quill", "Ortega, Fenn & Associates",
             "Harlow Injury Law Group", "Pinnacle Defense Attorneys, LLP")
IRO = "Maximus Federal Services"

# Practices a document can come from, by who writes it.
PRACTICES = {
    "ptp": ("Valley Orthopaedic Medical Group", "Harbor Spine & Pain Institute",
            "Foothill Occupational Medicine", "Mission Pain Management Associates",
            "Central Coast Chiropractic & Rehabilitation"),
    "imaging": ("Pacific Open MRI", "Coastal Diagnostic Imaging Center", "Sunset Radiology Medical Group",
                "Inland Advanced Imaging"),
    "edx": ("Golden State Neurodiagnostics", "Sierra Neurology & EMG Lab",
            "Bayside Physical Medicine & Rehabilitation"),
    "surgery": ("Mission Ambulatory Surgery Center", "St. Agnes Surgical Pavilion",
                "Valley Orthopaedic Surgery Center"),
    "therapy": ("Sierra Physical Therapy", "Momentum Rehab & Sports Therapy", "Lotus Acupuncture Clinic",
                "Active Motion Physical Therapy"),
    "medlegal": ("Comprehensive Medical-Legal Evaluations", "Westside Orthopaedic Medical-Legal Group",
                 "California Independent Evaluators"),
    "pharmacy": ("Bayside Pharmacy", "Rx Direct Workers' Comp Pharmacy", "Corner Drug #214",
                 "MedExpress Mail Order Pharmacy"),
}
CREDENTIALS = {
    "ptp": ("M.D.", "MD", "D.O.", "D.C."), "imaging": ("M.D.", "MD"), "edx": ("M.D.", "MD", "D.O."),
    "surgery": ("M.D.", "MD"), "therapy": ("PT, DPT", "DPT", "MPT", "L.Ac.", "D.C."),
    "medlegal": ("M.D.", "MD", "D.C."), "pharmacy": ("Pharm.D.", "R.Ph."), "ur": ("M.D.", "D.O."),
}
SPECIALTIES = {"ptp": ("Orthopaedic Surgery", "Pain Medicine", "Occupational Medicine",
                       "Physical Medicine & Rehabilitation", "Chiropractic"),
               "ur": ("Orthopaedic Surgery", "Pain Medicine", "Physical Medicine and Rehabilitation",
                      "Occupational Medicine", "Neurology")}

# What a body region's records talk about.
REGIONS = {
    "lumbar": dict(
        part="lumbar spine",
        pain="low back pain",
        radiating=(
            "down the left leg", "into the right buttock and thigh", "to both legs", "to the left calf",
        ),
        diagnoses=(
            ("Lumbar radiculopathy", "M54.16"), ("Lumbar disc protrusion L4-5", "M51.26"),
            ("Lumbar sprain/strain", "S39.012A"), ("Lumbar facet arthropathy", "M47.816"),
        ),
        exam=(
            "Tenderness to palpation over the lumbar paraspinal muscles with spasm.",
            "Straight leg raise is positive on the left at 40 degrees.",
            "Lumbar flexion is limited to 45 degrees, extension to 10 degrees.",
            "Sensation is decreased over the left L5 dermatome.",
            "Heel and toe walk performed with difficulty.",
        ),
        requests=(
            "Lumbar epidural steroid injection L4-5",
            "Physical therapy 2 times a week for 6 weeks, lumbar spine", "Lumbar support brace",
            "Repeat MRI of the lumbar spine", "L4-5 microdiscectomy", "Chiropractic treatment 8 visits",
        ),
        imaging=("MRI LUMBAR SPINE WITHOUT CONTRAST", "X-RAY LUMBAR SPINE, 3 VIEWS", "CT LUMBAR SPINE"),
        findings=(
            "At L4-5 there is a 4 mm broad-based disc protrusion with mild bilateral foraminal narrowing.",
            "At L5-S1 there is desiccation of the disc with a 2 mm posterior annular fissure.",
            "The conus medullaris terminates normally at L1.", "Mild facet hypertrophy at L4-5 and L5-S1.",
        ),
        surgery=(
            "Left L4-5 microdiscectomy and foraminotomy",
            "Lumbar epidural steroid injection, L4-5 interlaminar",
        ),
        limbs="bilateral lower extremities",
        nerves=("Peroneal motor (EDB)", "Tibial motor (AH)", "Sural sensory", "Superficial peroneal sensory"),
        muscles=(
            "Tibialis anterior", "Peroneus longus", "Gastrocnemius medial", "L5 paraspinal",
            "Vastus medialis",
        ),
    ),
    "cervical": dict(
        part="cervical spine",
        pain="neck pain",
        radiating=(
            "into the right arm", "to the left hand with numbness", "to both shoulders",
            "into the right thumb and index finger",
        ),
        diagnoses=(
            ("Cervical radiculopathy", "M54.12"), ("Cervical disc herniation C5-6", "M50.20"),
            ("Cervical sprain/strain", "S16.1XXA"), ("Cervicogenic headache", "G44.86"),
        ),
        exam=(
            "Tenderness over the cervical paraspinals and upper trapezius bilaterally.",
            "Spurling's test is positive on the right.",
            "Cervical rotation limited to 50 degrees to the right and 60 degrees to the left.",
            "Diminished sensation in the right C6 distribution.",
            "Grip strength decreased on the right by dynamometer.",
        ),
        requests=(
            "Cervical epidural steroid injection C5-6", "Physical therapy 12 sessions, cervical spine",
            "MRI of the cervical spine", "Anterior cervical discectomy and fusion C5-6",
            "Home cervical traction unit", "Acupuncture 6 sessions",
        ),
        imaging=(
            "MRI CERVICAL SPINE WITHOUT CONTRAST", "X-RAYS CERVICAL SPINE, 5 VIEWS WITH FLEXION/EXTENSION",
        ),
        findings=(
            "At C5-6 there is a 3 mm disc osteophyte complex indenting the ventral thecal sac.",
            "Moderate right neural foraminal stenosis at C5-6.",
            "Straightening of the normal cervical lordosis, which may be positional.",
            "No cord signal abnormality.",
        ),
        surgery=(
            "Anterior cervical discectomy and fusion, C5-6",
            "Cervical epidural steroid injection, C6-7 interlaminar",
        ),
        limbs="bilateral upper extremities",
        nerves=(
            "Median motor (APB)", "Ulnar motor (ADM)", "Median sensory", "Ulnar sensory", "Radial sensory",
        ),
        muscles=("Deltoid", "Biceps", "Triceps", "Extensor digitorum communis", "First dorsal interosseous"),
    ),
    "shoulder": dict(
        part="right shoulder",
        pain="right shoulder pain",
        radiating=(
            "into the upper arm", "worse with overhead reaching", "at night when lying on the right side",
            "with lifting",
        ),
        diagnoses=(
            ("Right shoulder impingement syndrome", "M75.41"),
            ("Partial rotator cuff tear, right", "M75.111"),
            ("Adhesive capsulitis, right shoulder", "M75.01"),
            ("Acromioclavicular arthritis, right", "M19.011"),
        ),
        exam=(
            "Positive Neer and Hawkins impingement signs on the right.",
            "Forward flexion 130 degrees, abduction 110 degrees, internal rotation to L3.",
            "Supraspinatus strength 4/5 with pain.", "Tenderness over the acromioclavicular joint.",
            "Drop arm test is negative.",
        ),
        requests=(
            "Right shoulder arthroscopy with subacromial decompression",
            "Post-operative physical therapy 12 visits", "MR arthrogram of the right shoulder",
            "Subacromial corticosteroid injection", "Cold therapy unit rental 7 days", "Shoulder sling",
        ),
        imaging=(
            "MRI RIGHT SHOULDER WITHOUT CONTRAST", "X-RAY RIGHT SHOULDER, 3 VIEWS",
            "MR ARTHROGRAM RIGHT SHOULDER",
        ),
        findings=(
            "Partial-thickness articular-surface tear of the supraspinatus tendon measuring 6 mm.",
            "Type II acromion with mild subacromial spurring.", "Moderate acromioclavicular joint arthrosis.",
            "Small amount of fluid in the subacromial-subdeltoid bursa.",
        ),
        surgery=(
            "Right shoulder arthroscopy, subacromial decompression and debridement",
            "Right shoulder arthroscopic rotator cuff repair",
        ),
        limbs="right upper extremity",
        nerves=(
            "Median motor (APB)", "Ulnar motor (ADM)", "Axillary motor (deltoid)", "Musculocutaneous motor",
        ),
        muscles=("Deltoid", "Supraspinatus", "Infraspinatus", "Biceps", "Cervical paraspinal"),
    ),
    "knee": dict(
        part="left knee",
        pain="left knee pain",
        radiating=(
            "with swelling after standing", "with giving way", "on stairs", "with locking and catching",
        ),
        diagnoses=(
            ("Tear of medial meniscus, left knee", "S83.242A"), ("Chondromalacia patella, left", "M22.42"),
            ("Primary osteoarthritis, left knee", "M17.12"), ("Sprain of left knee", "S83.92XA"),
        ),
        exam=(
            "Medial joint line tenderness on the left.", "McMurray test is positive medially.",
            "Range of motion 0 to 115 degrees with pain at end flexion.", "Trace effusion.",
            "Ligaments stable to varus and valgus stress.",
        ),
        requests=(
            "Left knee arthroscopy with partial medial meniscectomy",
            "Viscosupplementation injections x3, left knee", "Post-operative physical therapy 12 visits",
            "Hinged knee brace", "MRI of the left knee",
        ),
        imaging=("MRI LEFT KNEE WITHOUT CONTRAST", "X-RAYS LEFT KNEE, STANDING AP AND LATERAL"),
        findings=(
            "Oblique tear of the posterior horn of the medial meniscus extending to the inferior articular "
            "surface.",
            "Grade 2 chondromalacia of the medial patellar facet.", "Small joint effusion.",
            "Intact cruciate and collateral ligaments.",
        ),
        surgery=("Left knee arthroscopy with partial medial meniscectomy and chondroplasty",),
        limbs="left lower extremity",
        nerves=("Peroneal motor (EDB)", "Tibial motor (AH)", "Sural sensory", "Saphenous sensory"),
        muscles=("Vastus medialis", "Tibialis anterior", "Gastrocnemius", "Biceps femoris short head"),
    ),
    "wrist": dict(
        part="right wrist and hand",
        pain="right wrist pain",
        radiating=(
            "with numbness of the thumb, index and middle fingers", "waking her at night",
            "with dropping objects", "into the forearm",
        ),
        diagnoses=(
            ("Carpal tunnel syndrome, right", "G56.01"), ("De Quervain tenosynovitis, right", "M65.4"),
            ("Trigger finger, right middle finger", "M65.331"), ("Sprain of right wrist", "S63.501A"),
        ),
        exam=(
            "Positive Tinel's and Phalen's signs at the right wrist.", "Thenar atrophy is not present.",
            "Two-point discrimination 6 mm in the median distribution.", "Finkelstein test negative.",
            "Grip strength by Jamar 18 kg right, 30 kg left.",
        ),
        requests=(
            "Right carpal tunnel release", "Occupational therapy 8 visits, right hand", "Wrist splint",
            "EMG/NCV of the bilateral upper extremities", "Corticosteroid injection right carpal tunnel",
        ),
        imaging=("X-RAYS RIGHT WRIST, 3 VIEWS", "ULTRASOUND RIGHT WRIST", "MRI RIGHT WRIST WITHOUT CONTRAST"),
        findings=(
            "Enlargement of the median nerve at the pisiform level, cross-sectional area 14 mm2.",
            "No fracture or dislocation.", "Mild tenosynovitis of the first extensor compartment.",
            "Small ganglion cyst dorsal to the scapholunate interval.",
        ),
        surgery=("Right open carpal tunnel release", "Right endoscopic carpal tunnel release"),
        limbs="bilateral upper extremities",
        nerves=(
            "Median motor (APB)", "Ulnar motor (ADM)", "Median sensory (digit 2)", "Ulnar sensory (digit 5)",
            "Median-ulnar palmar comparison",
        ),
        muscles=(
            "Abductor pollicis brevis", "First dorsal interosseous", "Pronator teres",
            "Flexor carpi radialis",
        ),
    ),
}
MEDICATIONS = (("Tramadol ER", "150 mg", "1 tab daily"), ("Norco", "10/325 mg", "1 tab every 6 hours as "
                                                                                "needed"),
               ("Cyclobenzaprine", "7.5 mg", "1 tab at bedtime"), ("Naproxen sodium", "550 mg", "1 tab twice "
                                                                                                "daily"),
               ("Gabapentin", "300 mg", "1 cap three times daily"), ("Omeprazole", "20 mg", "1 cap daily"),
               ("Lidocaine 5% patch", "", "apply 12 hours on, 12 hours off"),
               ("Meloxicam", "15 mg", "1 tab daily"),
               ("Duloxetine", "60 mg", "1 cap daily"), ("Tizanidine", "4 mg", "1 tab twice daily as needed"),
               ("Diclofenac sodium gel 1%", "100 g", "apply four times daily"),
               ("Oxycodone", "10 mg", "1 tab every 8 hours"),
               ("Celecoxib", "200 mg", "1 cap daily"), ("Zolpidem", "10 mg", "1 tab at bedtime"))


@dataclass(frozen=True)
class Person:
    """Someone who writes or signs records: ``signed`` is how a signature line prints them."""

    first: str
    last: str
    credential: str
    role: str
    specialty: str = ""
    practice: str = ""
    practice_index: int = 0

    @property
    def signed(self) -> str:
        return f"{self.first} {self.last}, {self.credential}"


@dataclass(frozen=True)
class Claimant:
    """The injured worker and the claim a packet is about."""

    first: str
    last: str
    birth: dt.date
    injury: dt.date
    claim_number: str
    employer: str
    administrator: str
    region: str
    sex: str

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


@dataclass(frozen=True)
class TrueDocument:
    """One document of a packet as it was put in: pages 1-based, inclusive; ``layout`` names
    the builder and variant (for failure messages); ``copy_of`` the index of the document
    this one duplicates; ``date`` and ``author`` the report's own, where it has one."""

    first_page: int
    last_page: int
    kind: DocumentKind
    layout: str
    copy_of: int | None = None
    date: dt.date | None = None
    author: str | None = None


@dataclass
class Packet:
    """Page texts and the documents they hold (1-based page numbers in the sets)."""

    seed: int
    pages: list[str]
    documents: list[TrueDocument]
    rescanned: set[int] = field(default_factory=set)
    faxed: set[int] = field(default_factory=set)  # pages that came through a fax machine

    @property
    def truth(self) -> list[tuple[int, int, DocumentKind]]:
        return [(d.first_page, d.last_page, d.kind) for d in self.documents]


# -- small writing helpers ----------------------------------------------------


def written_date(day: dt.date, style: int) -> str:
    """A date as the records write it; style picks one of the common forms."""
    month = day.strftime("%B")
    return [f"{day.month:02d}/{day.day:02d}/{day.year}", f"{day.month}/{day.day}/{day.year}",
            f"{day.month:02d}/{day.day:02d}/{day.year % 100:02d}", f"{month} {day.day}, {day.year}",
            f"{month[:3]}. {day.day}, {day.year}" if month != "May" else f"May {day.day}, {day.year}",
            f"{day.month:02d}-{day.day:02d}-{day.year}"][style % 6]


def _phone(rng: random.Random) -> str:
    area = rng.choice(("559", "661", "951", "209", "805", "310", "909"))
    return f"({area}) {rng.randint(200, 989)}-{rng.randint(1000, 9999)}"


def _person(rng: random.Random, role: str) -> Person:
    practices = PRACTICES.get(role, ("",))
    index = rng.randrange(len(practices))
    return Person(rng.choice(DOCTOR_FIRST), rng.choice(DOCTOR_LAST), rng.choice(CREDENTIALS[role]), role,
                  rng.choice(SPECIALTIES.get(role, ("",))), practices[index], index)


def _address(rng_seed: str) -> tuple[str, str, str, str]:
    """A practice's street, city line, phone and fax: the same practice always prints the same."""
    rng = random.Random(rng_seed)
    city, zip_code = rng.choice(CITIES)
    number, name = rng.randint(100, 9899), rng.choice(STREETS)
    street = f"{number} {name}{rng.choice(('', ', Suite 200', ', Ste. 105', ', Bldg B'))}"
    return street, f"{city}, CA {zip_code}", _phone(rng), _phone(rng)


def _sentences(rng: random.Random, pool: Sequence[str], count: int) -> str:
    return " ".join(rng.sample(list(pool), min(count, len(pool))))


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _wrap(lines: Sequence[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        out.extend(textwrap.wrap(line, WIDTH) or [""])
    return out


def letterhead(rng: random.Random, practice: str, style: int) -> list[str]:
    """The block at the top of a practice's first page: name, address, telephone and fax."""
    street, city, phone, fax = _address(practice)
    if style % 3 == 0:
        return [practice.upper(), street, city, f"Tel {phone}  Fax {fax}", ""]
    if style % 3 == 1:
        return [practice, f"{street} | {city}", f"Phone: {phone} | Fax: {fax}", ""]
    return [f"{practice}  *  {street}  *  {city}", f"P {phone}   F {fax}", ""]


# -- paging -------------------------------------------------------------------


@dataclass
class Sheet:
    """How one document is laid out. ``top`` opens page 1; ``each_page`` prints at the top of
    every page (an EHR printout's block); ``running(n)`` heads continuation pages;
    ``footer(n, total)`` closes every page; ``lines`` is the page's capacity."""

    top: list[str]
    body: list[str]
    closing: list[str]
    lines: int = 56
    each_page: list[str] | None = None
    running: Callable[[int], list[str]] | None = None
    footer: Callable[[int, int], list[str]] | None = None

    def pages(self) -> list[str]:
        text = _wrap(self.top) + _wrap(self.body) + _wrap(self.closing)
        head = len(self.each_page or [])
        foot = len(self.footer(1, 1)) + 1 if self.footer else 0
        chunks: list[list[str]] = []
        while text:
            room = self.lines - head - foot - (len(self.running(2)) + 1 if chunks and self.running else 0)
            chunk, text = text[:room], text[room:]
            while text and not text[0].strip():
                text = text[1:]
            if text and len(text) < 4:  # a signature is not left alone on a page
                chunk, text = chunk[:-4], chunk[-4:] + text
            chunks.append(chunk)
        total = len(chunks)
        pages = []
        for number, chunk in enumerate(chunks, 1):
            lines = list(self.each_page or [])
            if number > 1 and self.running:
                lines += self.running(number) + [""]
            lines += chunk
            if self.footer:
                lines += [""] + self.footer(number, total)
            pages.append("\n".join(lines).strip("\n"))
        return pages


def _footer_style(rng: random.Random, practice: str = "") -> Callable[[int, int], list[str]] | None:
    if rng.random() < 0.3:  # many records number no page
        return None
    style = rng.randrange(7)
    if style == 0:
        return lambda n, total: [f"Page {n} of {total}"]
    if style == 1:
        return lambda n, total: [f"Page {n}"]
    if style == 2:
        return lambda n, total: [f"{n}/{total}"]
    if style == 3:
        return lambda n, total: [f"- {n} -"]
    if style == 4 and practice:
        return lambda n, total: [f"{practice} | Confidential patient information | Pg {n} of {total}"]
    if style == 5:
        return lambda n, total: [f"{n} of {total}"]
    return None


def _running_style(rng: random.Random, claimant: Claimant, day: dt.date, title: str,
                   date_style: int) -> Callable[[int], list[str]] | None:
    """What a continuation page repeats at its top: the patient, the date, often the page."""
    if rng.random() < 0.25:
        return None
    style = rng.randrange(6)
    when = written_date(day, date_style)
    if style == 0:
        return lambda n: [f"{claimant.last.upper()}, {claimant.first.upper()}   DOB: "
                          f"{written_date(claimant.birth, 0)}   DOS: {when}"]
    if style == 1:
        return lambda n: [f"Re: {claimant.name}", f"Claim No.: {claimant.claim_number}", when, f"Page {n}"]
    if style == 2:
        return lambda n: [f"Patient Name: {claimant.name}        Date: {when}        Page {n}"]
    if style == 3:
        return lambda n: [f"{title.title()} - {claimant.name} - continued"]
    if style == 4:
        return lambda n: [f"{claimant.name}", f"{when}", f"Page {n}"]
    return None


def _signature(rng: random.Random, author: Person, day: dt.date, date_style: int) -> list[str]:
    style = rng.randrange(5)
    when = written_date(day + dt.timedelta(days=rng.choice((0, 0, 1, 2))), date_style)
    if style == 0:
        return ["", f"Electronically signed by {author.signed} on {when} at {rng.randint(7, 18)}:"
                    f"{rng.randint(0, 59):02d}"]
    if style == 1:
        return ["", "Sincerely,", "", "", author.signed, author.specialty or author.practice]
    if style == 2:
        return ["", "_______________________________", author.signed, f"Date: {when}"]
    if style == 3:
        return ["", f"Dictated by: {author.signed}", f"D: {when}  T: "
                                                     f"{written_date(day + dt.timedelta(days=2), 0)}",
                "Dictated but not read to expedite care."]
    return ["", "I declare under penalty of perjury under the laws of the State of California that the "
                "foregoing is true and correct.", "", f"Executed on {when}, at "
                                                      f"{_address(author.practice)[1]}.",
            "", author.signed]


# -- the documents ------------------------------------------------------------


@dataclass
class Context:
    """What every builder needs: the seeded random, the claimant and the people in the case."""

    rng: random.Random
    claimant: Claimant
    ptp: Person
    region: dict

    @property
    def he(self) -> str:
        return "She" if self.claimant.sex == "F" else "He"

    @property
    def his(self) -> str:
        return "her" if self.claimant.sex == "F" else "his"


@dataclass(frozen=True)
class Built:
    """A document made: its pages, kind and layout name, and the report's own date and author
    as a reviewer would list them (None where a document has no one date or author)."""

    pages: list[str]
    kind: DocumentKind
    layout: str
    date: dt.date | None = None
    author: str | None = None


def _subjective(ctx: Context) -> str:
    rng, region = ctx.rng, ctx.region
    return (f"{ctx.he} {rng.choice(('reports', 'continues to report', 'complains of', 'presents with'))} "
            f"{rng.choice(('constant', 'intermittent', 'frequent', 'daily'))} {region['pain']} "
            f"{rng.choice(region['radiating'])}, rated {rng.randint(3, 9)}/10 "
            f"{rng.choice(('without medication', 'at its worst', 'today', 'on average'))} and "
            f"{rng.randint(2, 6)}/10 with medication. "
            + rng.choice((f"{ctx.he} states that the pain is worse with prolonged sitting and bending.",
                          f"Sleep is disturbed {rng.randint(2, 5)} nights a week.",
                          f"{ctx.he} has been doing the home exercise program as instructed.",
                          "The last injection gave about 50 percent relief for six weeks.",
                          f"{ctx.he} denies bowel or bladder changes.")))


def _plan(ctx: Context, request: str | None = None) -> str:
    rng = ctx.rng
    med = rng.choice(MEDICATIONS)
    parts = [f"Continue {med[0]} {med[1]} {med[2]}.".replace("  ", " "),
             rng.choice(("Continue the home exercise program.", "Follow up in 4 to 6 weeks.",
                         "Return to clinic in one month for re-evaluation.",
                         "Urine drug screen today was consistent with the prescribed medications."))]
    if request:
        parts.insert(0, f"Request authorization for {request.lower()}.")
    return " ".join(parts)


_DISCUSSION = (
    "{he} has completed {n} sessions of physical therapy with temporary relief only.",
    "Conservative care has included rest, activity modification, NSAIDs and a home exercise program.",
    "{he} remains symptomatic despite {n} months of conservative treatment.",
    "The {part} examination is unchanged from the prior visit.",
    "There are no red flags on history or examination.",
    "{his_cap} functional capacity is limited to sitting for {n} minutes and walking for {n2} minutes.",
    "{he} is able to perform self-care but needs help with heavier household chores.",
    "Activities of daily living are limited by pain, particularly lifting groceries and yard work.",
    "The requested treatment is consistent with the guidelines given the documented objective findings.",
    "Opioid risk was reviewed; a pain agreement is on file and CURES was checked.",
    "{he} reports gastrointestinal upset with oral anti-inflammatory medication.",
    "Mood is affected by the chronic pain; a psychological consultation may be considered.",
    "Diagnostic studies were reviewed and correlate with the clinical findings.",
    "The past medical history is significant for hypertension controlled with medication.",
    "{he} smokes {n} cigarettes a day and was counseled on cessation.",
    "{he} last worked on a modified basis {n} months ago.",
    "The job requires lifting up to 50 pounds, prolonged standing and repetitive reaching.",
    "There was no prior injury to the {part} before the industrial injury.",
    "Family history is noncontributory.",
    "Review of systems is otherwise negative except as noted in the history.",
)
_REVIEWED = ("progress report", "initial orthopaedic consultation", "physical therapy note",
             "MRI report", "X-ray report", "EMG/NCV report", "utilization review determination",
             "pain management consultation", "chiropractic note", "operative report",
             "request for authorization", "pharmacy printout", "acupuncture note")


def _discussion(ctx: Context, sentences: int) -> str:
    """Clinical prose of about ``sentences`` sentences, in the claimant's particulars."""
    rng = ctx.rng
    chosen = [rng.choice(_DISCUSSION) for _ in range(sentences)]
    return " ".join(x.format(he=ctx.he, his_cap=ctx.his.capitalize(), part=ctx.region["part"],
                             n=rng.randint(2, 20), n2=rng.randint(5, 40)) for x in chosen)


def _records_review(ctx: Context, start: dt.date, end: dt.date, count: int, date_style: int) -> list[str]:
    """A summary of records read, one dated entry each, as medical-legal and consultation reports
    list them (some entries set out with their own "Date of Service" and "Provider" labels)."""
    rng = ctx.rng
    span = max(1, (end - start).days)
    days = sorted(start + dt.timedelta(days=rng.randrange(span)) for _ in range(count))
    structured = rng.random() < 0.3
    lines: list[str] = []
    for day in days:
        what = rng.choice(_REVIEWED)
        first, last = rng.choice(DOCTOR_FIRST), rng.choice(DOCTOR_LAST)
        who = f"{first} {last}, {rng.choice(('M.D.', 'D.C.', 'PT', 'D.O.'))}"
        summary = _discussion(ctx, rng.randint(1, 3))
        if structured:
            lines += [f"Date of Service: {written_date(day, date_style)}", f"Provider: {who}",
                      f"Type: {what.capitalize()}", f"Summary: {summary}", ""]
        else:
            lines += [f"{written_date(day, date_style)} - {what.capitalize()}, {who}. {summary}", ""]
    return lines


def progress_report(ctx: Context, day: dt.date, author: Person, request: str | None = None) -> Built:
    """The treating physician's progress report, in the state form or as a narrative."""
    rng, claimant, region = ctx.rng, ctx.claimant, ctx.region
    ds = rng.randrange(6)
    diagnoses = rng.sample(region["diagnoses"], rng.randint(1, 3))
    variant = rng.randrange(4)
    exam = _sentences(rng, region["exam"], rng.randint(2, 4))
    if variant == 0:  # the DWC PR-2 form itself
        top = ["State of California", "Division of Workers' Compensation",
               "PRIMARY TREATING PHYSICIAN'S PROGRESS REPORT (PR-2)", "",
               "Check the box(es) which indicate why you are submitting a report at this time.",
               "[X] Periodic Report (required 45 days after last report)  [ ] Change in treatment plan",
               f"[ ] Released from care  [ ] Change in work status  [{'X' if request else ' '}] Request for "
               f"authorization",
               "", "Patient:",
               f"Last {claimant.last}   First {claimant.first}   Sex {claimant.sex}   Date of Birth "
               f"{written_date(claimant.birth, 0)}",
               f"Date of Injury {written_date(claimant.injury, 0)}   Claim No. {claimant.claim_number}",
               f"Employer {claimant.employer}   Claims Administrator {claimant.administrator}", ""]
        body = ["The information below must be provided. You may use this form or you may substitute or "
                "append a narrative report.", "",
                "Subjective complaints:", _subjective(ctx), "",
                "Objective findings: (Include significant physical examination, laboratory, imaging, or "
                "other "
                "diagnostic findings.)", exam, "",
                "Diagnoses:"] + [f"{i}. {name} ({code})" for i, (name, code) in enumerate(diagnoses, 1)] + [
                "", "Treatment Plan: (Include treatment rendered to date. List methods, frequency and "
                    "duration of "
                "planned treatment(s). Specify consultation/referral, surgery, and hospitalization. Specify "
                "type, "
                "frequency and duration of physical medicine services (e.g., physical therapy, manipulation, "
                "acupuncture).)", _plan(ctx, request), "",
                "Work Status: This patient has been instructed to:",
                rng.choice(("[ ] Remain off work until ____  [X] Return to modified work with the following "
                            "limitations or restrictions: no lifting over 10 pounds, no repetitive bending.",
                            "[X] Remain off work until the next visit  [ ] Return to full duty",
                            "[ ] Remain off work  [X] Return to full duty with no limitations or "
                            "restrictions"))]
        closing = ["", "Primary Treating Physician (original signature, do not stamp)",
                   f"Date of exam: {written_date(day, ds)}",
                   "I declare under penalty of perjury that this report is true and correct to the best of "
                   "my "
                   "knowledge and that I have not violated Labor Code section 139.3.",
                   f"Signature: ________________   Cal. Lic. # "
                   f"{rng.choice('AGC')}{rng.randint(10000, 99999)}",
                   f"Executed at: {_address(author.practice)[1].split(',')[0]}, California   Date: "
                   f"{written_date(day + dt.timedelta(days=rng.randint(0, 3)), ds)}",
                   f"Name: {author.signed}   Specialty: {author.specialty}",
                   f"Address: {_address(author.practice)[0]}   Phone: {_address(author.practice)[2]}"]
        sheet = Sheet(top, body, closing, lines=rng.randint(48, 58),
                      footer=lambda n, total: [f"DWC PR-2 (Rev. 11/2005)   Page {n} of {total}"])
        return Built(sheet.pages(), DocumentKind.PR2, "pr2/state form", day, author.signed)
    titles = ("PRIMARY TREATING PHYSICIAN'S PROGRESS REPORT", "PR-2 FOLLOW-UP REPORT",
              "ORTHOPAEDIC PROGRESS REPORT", "PAIN MANAGEMENT FOLLOW-UP CONSULTATION",
              "Primary Treating Physician's Progress Report (PR-2)", "FOLLOW-UP VISIT / PR-2",
              "Interim Progress Report", "Orthopedic Re-Evaluation", "Treating Physician's Report",
              "CHIROPRACTIC PROGRESS REPORT (PR-2)", "Office Note", "Pain Medicine Progress Note",
              "COMPREHENSIVE FOLLOW-UP EXAMINATION")
    title = rng.choice(titles)
    placement = rng.choice(("top", "top", "top", "below", "none"))
    if variant == 3:  # an EHR printout: the same block tops every page
        each = [author.practice, f"Patient: {claimant.last.upper()}, {claimant.first.upper()}  "
                f"MRN: {rng.randint(100000, 999999)}  DOB: {written_date(claimant.birth, 0)}",
                f"Encounter date: {written_date(day, ds)}   Provider: {author.last}, {author.first} "
                f"{author.credential}", "-" * 60]
        top = [title.upper(), ""]
        running = None
        printed = written_date(day + dt.timedelta(days=rng.randint(30, 400)), 0)
        footer = lambda n, total: [f"Printed {printed}   Page {n} of {total}"]  # noqa: E731
    else:
        each = None
        when_label = rng.choice(("Date of Service", "DOS", "Date of Visit", "Visit Date", "Date of Exam",
                                 "Date of Evaluation"))
        fields = [f"Patient: {claimant.name}"
                  + rng.choice(("", f"   DOB: {written_date(claimant.birth, 0)}")),
                  f"{when_label}: {written_date(day, ds)}",
                  f"Date of Injury: {written_date(claimant.injury, ds)}",
                  f"Claim #: {claimant.claim_number}", f"Employer: {claimant.employer}",
                  rng.choice((f"Treating Physician: {author.signed}", f"Provider: {author.signed}", "")), ""]
        heading = {"top": [title, ""], "below": [], "none": []}[placement]
        after = [title, ""] if placement == "below" else []
        top = ((letterhead(rng, author.practice, rng.randrange(3)) if variant == 1 else [])
               + heading + fields + after)
        running = _running_style(rng, claimant, day, title, ds)
        footer = _footer_style(rng, author.practice)
    colon = ":" if rng.random() < 0.6 else ""  # many reports set headings on lines of their own
    body = [rng.choice(("SUBJECTIVE", "HISTORY OF PRESENT ILLNESS", "Interval History")) + colon,
            _subjective(ctx),
            _subjective(ctx) if rng.random() < 0.5 else "", "",
            rng.choice(("CURRENT MEDICATIONS", "Medications")) + colon,
            "; ".join(f"{m[0]} {m[1]}".strip() for m in rng.sample(MEDICATIONS, rng.randint(2, 5))), "",
            rng.choice(("OBJECTIVE", "PHYSICAL EXAMINATION", "Exam")) + colon, exam, "",
            rng.choice(("DIAGNOSTIC STUDIES", "IMAGING REVIEWED")) + colon,
            f"{rng.choice(region['imaging']).title()} dated "
            f"{written_date(day - dt.timedelta(days=rng.randint(30, 400)), ds)} showed "
            + _lower_first(rng.choice(region["findings"])), "",
            rng.choice(("ASSESSMENT", "DIAGNOSES", "Impression")) + colon]
    if rng.random() < 0.3:  # studies done or read at the visit, under headings of their own
        body[-1:-1] = [rng.choice(("X-RAYS OBTAINED TODAY", "X-RAYS TAKEN IN THE OFFICE", "MRI REVIEW",
                                   "EMG/NCV RESULTS")) + rng.choice(("", ":")),
                       rng.choice((f"Three views of the {region['part']} were obtained and reviewed today.",
                                   f"The study was reviewed with {ctx.his} today.")) + " "
                       + rng.choice(region["findings"]), ""]
    body += [f"{i}. {name}" for i, (name, _) in enumerate(diagnoses, 1)]
    body += ["", rng.choice(("PLAN:", "TREATMENT PLAN:", "Recommendations:")), _plan(ctx, request), "",
             rng.choice(("WORK STATUS:", "Disability status:")),
             rng.choice(("Modified duty: no lifting over 15 pounds, no overhead work.", "Temporarily totally "
                                                                                        "disabled "
                         "until the next visit.", "Return to full duty.", "Remain off work for four weeks."))]
    if rng.random() < 0.35:
        body[3:3] = ["", rng.choice(("DISCUSSION:", "HISTORY:", "Past history and function:")),
                     _discussion(ctx, rng.randint(4, 14))]
    if rng.random() < 0.2:
        body += ["", "REVIEW OF RECORDS:"] + _records_review(ctx, claimant.injury, day, rng.randint(2, 8), ds)
    if rng.random() < 0.5:
        body += ["", _sentences(rng, (
            "Records from the prior treating physician were reviewed today.",
            f"The MRI of the {region['part']} was reviewed with the patient.",
            f"{ctx.he} was seen by physical therapy for six visits with partial improvement.",
            "Utilization review previously non-certified the requested injection; an appeal is pending.",
            "Risks and benefits of the proposed treatment were discussed at length.",
            f"{ctx.he} wishes to avoid surgery if possible."), rng.randint(2, 4))]
    sheet = Sheet(top, body, _signature(rng, author, day, ds), lines=rng.randint(34, 56), each_page=each,
                  running=running, footer=footer)
    return Built(sheet.pages(), DocumentKind.PR2, f"pr2/{['form', 'letterhead', 'plain', 'ehr'][variant]}",
                 day,
                 author.signed)


def imaging_report(ctx: Context, day: dt.date, author: Person) -> Built:
    rng, claimant, region = ctx.rng, ctx.claimant, ctx.region
    ds = rng.randrange(6)
    exam = rng.choice(region["imaging"])
    variant = rng.randrange(3)
    top = letterhead(rng, author.practice, rng.randrange(3)) if variant != 2 else []
    if variant == 0:
        top += [f"PATIENT: {claimant.last.upper()}, {claimant.first.upper()}",
                f"DOB: {written_date(claimant.birth, 0)}",
                f"EXAM DATE: {written_date(day, ds)}",
                f"REFERRING PHYSICIAN: {ctx.ptp.signed}", "", f"EXAMINATION: {exam}", ""]
    elif variant == 1:
        top += ["RADIOLOGY REPORT", "", f"Name: {claimant.name}    Acct #: {rng.randint(10000, 99999)}",
                f"Date of Exam: {written_date(day, ds)}    Ordering: {ctx.ptp.last}, {ctx.ptp.first}", "",
                exam, ""]
    else:
        top += [exam, f"{claimant.name} | DOB {written_date(claimant.birth, 0)} | Study date "
                      f"{written_date(day, ds)}", ""]
    body = [rng.choice(("CLINICAL HISTORY:", "INDICATION:", "History:")),
            f"{region['pain'].capitalize()} {rng.choice(region['radiating'])} since a work injury.", "",
            rng.choice(("TECHNIQUE:", "Technique:")),
            rng.choice(("Multiplanar multisequence images were obtained without intravenous contrast.",
                        "Standard views were obtained.",
                        "Axial and sagittal T1 and T2 weighted images.")), "",
            rng.choice(("COMPARISON:", "Comparison:")),
            rng.choice(("None.", f"Prior study dated "
                                 f"{written_date(day - dt.timedelta(days=rng.randint(200, 700)), ds)}.")),
            "", rng.choice(("FINDINGS:", "Findings:"))]
    body += list(rng.sample(region["findings"], rng.randint(2, 4)))
    body += ["", rng.choice(("IMPRESSION:", "Impression:", "CONCLUSION:"))]
    body += [f"{i}. {x}" for i, x in enumerate(rng.sample(region["findings"], 2), 1)]
    closing = rng.choice((
        ["", f"Electronically signed by: {author.signed}, Radiologist", f"Signed: {written_date(day, ds)}"],
        ["", "Thank you for this referral.", "", author.signed, "Diplomate, American Board of Radiology"],
        ["", f"Interpreted by {author.signed}", f"Transcribed {written_date(day, 0)}"]))
    sheet = Sheet(top, body, closing, lines=rng.randint(30, 50), footer=_footer_style(rng, author.practice),
                  running=_running_style(rng, claimant, day, exam, ds))
    return Built(sheet.pages(), DocumentKind.IMAGING, f"imaging/{variant}", day, author.signed)


def electrodiagnostic_report(ctx: Context, day: dt.date, author: Person) -> Built:
    rng, claimant, region = ctx.rng, ctx.claimant, ctx.region
    ds = rng.randrange(6)
    title = rng.choice(("ELECTRODIAGNOSTIC CONSULTATION", "EMG / NERVE CONDUCTION STUDY REPORT",
                        "ELECTROMYOGRAPHY AND NERVE CONDUCTION STUDIES",
                        f"NCV/EMG OF THE {region['limbs'].upper()}"))
    top = letterhead(rng, author.practice, rng.randrange(3)) if rng.random() < 0.7 else []
    top += [title, "", f"Patient: {claimant.name}", f"Date of Study: {written_date(day, ds)}",
            f"Referring: {ctx.ptp.signed}", f"Study: {region['limbs']}", ""]
    body = ["HISTORY:", f"{region['pain'].capitalize()} {rng.choice(region['radiating'])}.", "",
            "NERVE CONDUCTION STUDIES:", "Nerve / Site            Latency (ms)   Amplitude   Velocity (m/s)"]
    for nerve in region["nerves"]:
        for side in ("L", "R"):
            body.append(f"{nerve:32s}{side}  {rng.uniform(2.1, 5.2):.1f}          {rng.uniform(2, 20):.1f}"
                        f"        {rng.randint(38, 62)}")
    body += ["", "F-WAVES:", "Minimal F-wave latencies are within normal limits.", "",
             "NEEDLE ELECTROMYOGRAPHY:", "Muscle            Ins Act   Fibs   PSW   MUAP      Recruitment"]
    for muscle in region["muscles"]:
        for side in ("L", "R"):
            abnormal = rng.random() < 0.2
            body.append(f"{muscle:28s}{side}  {'Incr' if abnormal else 'Nml'}    {'1+' if abnormal else '0'}"
                        f"      {'1+' if abnormal else '0'}     {'Large' if abnormal else 'Nml'}     "
                        f"{'Reduced' if abnormal else 'Full'}")
    body += ["", rng.choice(("INTERPRETATION:", "IMPRESSION:", "SUMMARY AND CONCLUSIONS:")),
             rng.choice(("This is an abnormal study.", "This is a normal study.")),
             rng.choice(("There is electrodiagnostic evidence of a chronic radiculopathy without active "
                         "denervation.",
                         "Findings are consistent with a moderate median neuropathy at the wrist.",
                         "There is no electrodiagnostic evidence of a peripheral neuropathy or plexopathy."))]
    sheet = Sheet(top, body, _signature(rng, author, day, ds), lines=rng.randint(32, 50),
                  footer=_footer_style(rng, author.practice),
                  running=_running_style(rng, claimant, day, title, ds))
    return Built(sheet.pages(), DocumentKind.ELECTRODIAGNOSTIC, "edx", day, author.signed)


def therapy_note(ctx: Context, day: dt.date, author: Person, visit: int, of: int) -> Built:
    rng, claimant, region = ctx.rng, ctx.claimant, ctx.region
    ds = rng.randrange(6)
    discipline = rng.choice(("PHYSICAL THERAPY", "PHYSICAL THERAPY", "OCCUPATIONAL THERAPY", "ACUPUNCTURE",
                             "CHIROPRACTIC"))
    kind_of_note = rng.choice(("DAILY NOTE", "TREATMENT NOTE", "PROGRESS NOTE", "RE-EVALUATION",
                               "INITIAL EVALUATION", "Visit Note", "SOAP NOTE"))
    title = (f"{discipline} {kind_of_note}" if rng.random() < 0.7
             else f"{kind_of_note.title()} - {discipline.title()}")
    layout = rng.randrange(3)
    if layout == 0:
        top = letterhead(rng, author.practice, rng.randrange(3)) + [title, ""]
    elif layout == 1:
        top = [author.practice, title, ""]
    else:
        top = [title, ""]
    top += [f"Patient: {claimant.name}", rng.choice((f"Date of Service: {written_date(day, ds)}",
                                                     f"Visit date: {written_date(day, ds)}",
                                                     f"DOS {written_date(day, ds)}",
                                                     f"Date: {written_date(day, ds)}")),
            f"Visit {visit} of {of}" if rng.random() < 0.7 else f"Visit #{visit}",
            f"Diagnosis: {rng.choice(region['diagnoses'])[0]}", ""]
    codes = rng.sample((("97110", "Therapeutic exercise"), ("97140", "Manual therapy"),
                        ("97112", "Neuromuscular re-education"), ("97530", "Therapeutic activities"),
                        ("97014", "Electrical stimulation, unattended"), ("97810", "Acupuncture, initial 15 "
                                                                                   "min"),
                        ("98940", "Chiropractic manipulation, 1-2 regions")), 3)
    body = ["S:", f"{ctx.he} reports {region['pain']} at {rng.randint(2, 8)}/10 "
            f"{rng.choice(('after the last visit', 'today', 'with improved tolerance for walking'))}.", "",
            "O:", rng.choice(region["exam"]), "",
            "Treatment provided:"] + [
            f"CPT {code} {name} x {rng.randint(1, 3)} units" for code, name in codes] + [
            "", "A:", rng.choice(("Progressing toward goals.", "Slow progress; tolerated treatment well.",
                                  "Plateau in function noted over the last three visits.")), "",
            "P:", rng.choice(("Continue plan of care 2x/week.", "Re-evaluate after 6 visits.",
                              "Discharge to home exercise program."))]
    if kind_of_note in ("INITIAL EVALUATION", "RE-EVALUATION"):
        body += ["", "Goals:", "1. Decrease pain to 3/10 within 4 weeks.",
                 "2. Increase lifting tolerance to 25 pounds.", "3. Independent with home program."]
    closing = rng.choice((["", f"Therapist: {author.signed}"],
                          ["", f"{author.signed}", f"Lic. # PT{rng.randint(10000, 99999)}"],
                          ["", f"Electronically signed by {author.signed} {written_date(day, ds)}"]))
    sheet = Sheet(top, body, closing, lines=rng.randint(28, 56), footer=_footer_style(rng, author.practice),
                  running=_running_style(rng, claimant, day, title, ds))
    return Built(sheet.pages(), DocumentKind.THERAPY, f"therapy/{layout}", day, author.signed)


def operative_report(ctx: Context, day: dt.date, author: Person) -> Built:
    rng, claimant, region = ctx.rng, ctx.claimant, ctx.region
    ds = rng.randrange(6)
    procedure = rng.choice(region["surgery"])
    injection = "injection" in procedure.lower()
    title = rng.choice(("PROCEDURE REPORT", "PROCEDURE NOTE") if injection else
                       ("OPERATIVE REPORT", "OPERATIVE NOTE", "REPORT OF OPERATION", "Operative Report"))
    top = (letterhead(rng, author.practice, rng.randrange(3)) if rng.random() < 0.6
           else [author.practice.upper()])
    top += [title, "", f"PATIENT NAME: {claimant.name}",
            f"{rng.choice(('DATE OF SURGERY', 'DATE OF PROCEDURE', 'Date of Operation'))}: "
            f"{written_date(day, ds)}",
            f"SURGEON: {author.signed}" if not injection else f"PHYSICIAN: {author.signed}",
            rng.choice(("ASSISTANT: None.", f"ASSISTANT: {rng.choice(DOCTOR_FIRST)} "
                                            f"{rng.choice(DOCTOR_LAST)}, PA-C")),
            ""]
    dx = rng.choice(region["diagnoses"])[0]
    pre = "PRE-PROCEDURE DIAGNOSIS" if injection else rng.choice(("PREOPERATIVE DIAGNOSIS", "PRE-OPERATIVE "
                                                                                            "DIAGNOSIS"))
    post = ("POST-PROCEDURE DIAGNOSIS" if injection
            else rng.choice(("POSTOPERATIVE DIAGNOSIS", "POST-OPERATIVE DIAGNOSIS")))
    body = [f"{pre}: {dx}.", f"{post}: Same." if rng.random() < 0.5 else f"{post}: {dx}, confirmed.",
            "", f"PROCEDURE{'S' if rng.random() < 0.5 else ''} PERFORMED: {procedure}.",
            "ANESTHESIA: "
            + rng.choice(("General endotracheal.", "Monitored anesthesia care with local.", "Local only.")),
            f"ESTIMATED BLOOD LOSS: {rng.choice(('Minimal.', '25 mL.', 'Less than 10 mL.'))}",
            "COMPLICATIONS: None.", "", "INDICATIONS:",
            f"The patient has {region['pain']} refractory to conservative care including physical therapy, "
            "medications and activity modification. Risks, benefits and alternatives were discussed and "
            "informed consent was obtained.", "",
            "DESCRIPTION OF PROCEDURE:"]
    steps = ("The patient was brought to the operating room and placed supine on the table.",
             "Time-out was performed confirming the correct patient, side and site.",
             "The area was prepped and draped in the usual sterile fashion.",
             "Under fluoroscopic guidance the needle was advanced to the target with loss of resistance.",
             "Contrast confirmed epidural spread without vascular uptake.",
             "Standard portals were established and a diagnostic arthroscopy was carried out.",
             "The damaged tissue was debrided back to a stable rim with a shaver.",
             "Hemostasis was obtained with electrocautery.",
             "The wounds were closed with 3-0 nylon and a sterile dressing was applied.",
             "The patient tolerated the procedure well and was taken to recovery in stable condition.")
    for _ in range(rng.randint(2, 5)):
        body.append(_sentences(rng, steps, rng.randint(3, 6)))
    sheet = Sheet(top, body, _signature(rng, author, day, ds), lines=rng.randint(32, 54),
                  footer=_footer_style(rng, author.practice),
                  running=_running_style(rng, claimant, day, title, ds))
    return Built(sheet.pages(), DocumentKind.OPERATIVE,
                 "operative/injection" if injection else "operative/surgery",
                 day, author.signed)


def medical_legal_report(ctx: Context, day: dt.date, author: Person,
                         earlier: Sequence[tuple[dt.date, str]]) -> Built:
    """A QME/AME report: long, with a records review that lists many dated documents."""
    rng, claimant, region = ctx.rng, ctx.claimant, ctx.region
    ds = rng.randrange(6)
    title = rng.choice(("PANEL QUALIFIED MEDICAL EVALUATION", "AGREED MEDICAL EVALUATION",
                        "QUALIFIED MEDICAL EVALUATOR'S SUPPLEMENTAL REPORT",
                        "COMPREHENSIVE MEDICAL-LEGAL EVALUATION (ML-102)", "AME RE-EVALUATION REPORT"))
    top = letterhead(rng, author.practice, rng.randrange(3)) + [
        written_date(day + dt.timedelta(days=rng.randint(5, 20)), ds), "",
        rng.choice(LAW_FIRMS), f"{_address(rng.choice(LAW_FIRMS))[0]}",
        f"{_address('x' + author.practice)[1]}", "",
        f"{claimant.administrator}", "Attn: Claims Examiner", "",
        f"RE: {claimant.name}", f"Claim No.: {claimant.claim_number}", f"Employer: {claimant.employer}",
        f"Date of Injury: {written_date(claimant.injury, ds)}",
        f"Date of Evaluation: {written_date(day, ds)}", "", title, "",
        rng.choice(("Dear Counsel:", "Dear Counselors and Claims Examiner:", "Dear Parties:")), "",
        f"This {rng.choice(('Panel QME', 'AME', 'medical-legal'))} evaluation was performed at the request "
        f"of the "
        f"parties. I personally examined {claimant.name} on the date above. Time spent face to face was "
        f"{rng.randint(30, 90)} minutes; record review took {rng.randint(2, 9)} hours.", ""]
    body = ["HISTORY OF INJURY:",
            f"On {written_date(claimant.injury, ds)}, while employed by {claimant.employer}, the applicant "
            + rng.choice(("lifted a heavy box", "slipped on a wet floor", "was pulling a pallet jack",
                          "fell from a ladder")) +
            f" and felt the onset of {region['pain']}.", "",
            _discussion(ctx, rng.randint(3, 8)), "",
            "PRESENT COMPLAINTS:", _subjective(ctx), _discussion(ctx, rng.randint(2, 6)), "",
            "PAST MEDICAL HISTORY:", _discussion(ctx, rng.randint(2, 5)), "",
            "EMPLOYMENT HISTORY:", _discussion(ctx, rng.randint(2, 5)), "",
            "PHYSICAL EXAMINATION:", _sentences(rng, region["exam"], 4),
            _discussion(ctx, rng.randint(2, 6)), "",
            "REVIEW OF MEDICAL RECORDS:"]
    for when, what in earlier:
        body.append(f"{written_date(when, ds)} - {what}. " + rng.choice((
            f"{ctx.he} reported ongoing {region['pain']}.", "Findings as noted.",
            "Treatment was continued.", "Modified duty was recommended.", "Request for additional therapy.")))
    body += _records_review(ctx, claimant.injury, day, rng.randint(5, 60), ds)
    body += ["", "DIAGNOSTIC STUDIES REVIEWED", ""]
    for _ in range(rng.randint(1, 4)):
        study = rng.choice(region["imaging"] + ("EMG/NCV STUDY", "NERVE CONDUCTION STUDY"))
        when = written_date(claimant.injury + dt.timedelta(days=rng.randint(20, 500)), ds)
        body += [rng.choice((f"{study}, {when}", f"{study.title()} dated {when}", f"{study} ({when})")),
                 " ".join(rng.sample(region["findings"], 2)), ""]
    body += ["DISCUSSION:", _discussion(ctx, rng.randint(6, 20)), "",
             "CAUSATION:", _discussion(ctx, rng.randint(2, 6))]
    body += ["", "DIAGNOSES:"] + [f"{i}. {x[0]}" for i, x in enumerate(rng.sample(region["diagnoses"], 2), 1)]
    body += ["", "DISABILITY STATUS:", rng.choice((
        "The applicant has reached maximum medical improvement and is permanent and stationary as of the "
        "date of "
        "this evaluation.",
        "The applicant is not yet permanent and stationary; re-evaluation in six months.")),
             "", "IMPAIRMENT RATING:",
             f"Per the AMA Guides, Fifth Edition, the applicant has {rng.randint(5, 15)}% whole person "
             f"impairment "
             f"of the {region['part']}.", "", "APPORTIONMENT:",
             f"{rng.randint(60, 90)}% of the permanent disability is caused by the industrial injury and the "
             f"remainder "
             "by pre-existing degenerative disease.", "", "FUTURE MEDICAL CARE:",
             f"Future medical care should include {rng.choice(region['requests']).lower()} and medications.",
             "",
             "DISCLOSURE:", "I have not violated Labor Code section 139.3, and the contents of this report "
                            "are true "
             "and correct to the best of my knowledge. The report was prepared by me."]
    running = rng.choice((
        lambda n: [f"RE: {claimant.name}", f"Claim No.: {claimant.claim_number}",
                   f"Date of Evaluation: {written_date(day, ds)}", f"Page {n}"],
        lambda n: [f"{claimant.last.upper()}, {claimant.first.upper()}  |  {title.title()}  |  Page {n}"],
        lambda n: [f"{claimant.name}", f"{written_date(day, ds)}", f"Page {n}"]))
    closing = ["", "Sincerely,", "", author.signed,
               rng.choice(("Qualified Medical Evaluator", "Agreed Medical Evaluator", "Diplomate, ABIME")),
               f"Signed this {day.day}th day of {day.strftime('%B')}, {day.year} at "
               f"{_address(author.practice)[1]}."]
    sheet = Sheet(top, body, closing, lines=rng.randint(46, 58), running=running, footer=rng.choice((
        None, lambda n, total: [f"Page {n} of {total}"])))
    return Built(sheet.pages(), DocumentKind.MEDICAL_LEGAL, "medlegal", day, author.signed)


def medication_record(ctx: Context, day: dt.date, author: Person) -> Built:
    rng, claimant = ctx.rng, ctx.claimant
    ds = rng.randrange(6)
    variant = rng.randrange(3)
    fills = sorted(day - dt.timedelta(days=rng.randint(0, 300)) for _ in range(rng.randint(6, 40)))
    if variant == 0:  # a pharmacy's fill history
        title = rng.choice(("PATIENT MEDICATION PROFILE", "PRESCRIPTION HISTORY", "Pharmacy Dispensing "
                                                                                  "Record"))
        top = letterhead(rng, author.practice, rng.randrange(3)) + [
            title, f"Patient: {claimant.last.upper()}, {claimant.first.upper()}   DOB: "
                   f"{written_date(claimant.birth, 0)}",
            f"Report period: {written_date(fills[0], 0)} to {written_date(day, 0)}", "",
            "Rx#       Fill Date    Drug / Strength                Qty   Days   Refills  Prescriber"]
        body = []
        for when in fills:
            med = rng.choice(MEDICATIONS)
            body.append(f"{rng.randint(1000000, 9999999)}   {written_date(when, 0)}   "
                        f"{(med[0] + ' ' + med[1]):32s}"
                        f" {rng.choice((30, 60, 90, 120)):4d}  {rng.choice((15, 30)):4d}    "
                        f"{rng.randint(0, 3)}     "
                        f"{ctx.ptp.last}")
        closing = ["", f"Pharmacist: {author.signed}", "NDC numbers available on request."]
        layout = "medication/pharmacy"
    elif variant == 1:  # the treating clinic's medication list
        title = rng.choice(("MEDICATION LIST", "Current Medication List", "MEDICATION RECONCILIATION"))
        top = [ctx.ptp.practice, title, f"Patient: {claimant.name}", f"Date: {written_date(day, ds)}", ""]
        body = []
        for med in rng.sample(MEDICATIONS, rng.randint(4, 9)):
            body.append(f"- {med[0]} {med[1]} - {med[2]}; started {written_date(rng.choice(fills), ds)}")
        body += ["", "Allergies: " + rng.choice(("NKDA", "Penicillin (rash)", "Sulfa"))]
        closing = ["", f"Reviewed by: {ctx.ptp.signed}"]
        layout = "medication/list"
    else:  # a physician dispensing log
        title = "PHYSICIAN DISPENSING LOG"
        top = [ctx.ptp.practice.upper(), title, "", f"Patient: {claimant.name}   Claim: "
                                                    f"{claimant.claim_number}", ""]
        body = [f"{written_date(when, 0)}  Dispensed {rng.choice(MEDICATIONS)[0]} qty "
                f"{rng.choice((30, 60, 90))}, "
                f"NDC {rng.randint(10000, 99999)}-{rng.randint(100, 999)}-{rng.randint(10, 99)}"
                for when in fills]
        closing = ["", f"Dispensing physician: {ctx.ptp.signed}"]
        layout = "medication/dispensing"
    sheet = Sheet(top, body, closing, lines=rng.randint(30, 52), footer=_footer_style(rng, author.practice),
                  running=rng.choice((None, lambda n: [f"{title} - {claimant.name} (continued)"],
                                      lambda n: [f"Profile for: {claimant.last.upper()}, "
                                                 f"{claimant.first.upper()}   Page {n}"])))
    return Built(sheet.pages(), DocumentKind.MEDICATION, layout, day if layout == "medication/list" else None)


def correspondence(ctx: Context, day: dt.date, request: str) -> Built:
    """A letter between the parties: an attorney, the adjuster, or the IRO."""
    rng, claimant = ctx.rng, ctx.claimant
    ds = rng.randrange(6)
    who = rng.randrange(3)
    if who == 0:
        sender = rng.choice(LAW_FIRMS)
        via = ("VIA FACSIMILE AND U.S. MAIL", "Via Fax Only", "")
        signer = f"{rng.choice(DOCTOR_FIRST)} {rng.choice(LAW_FIRMS).split()[-1].strip(',')}, Esq."
        top = letterhead(rng, sender, rng.randrange(3)) + [written_date(day, ds), "",
                                                           rng.choice(via),
                                                           ctx.ptp.signed, ctx.ptp.practice, ""]
        greeting = f"Dear Dr. {ctx.ptp.last}:"
        text = [f"This office represents {claimant.name} in the above workers' compensation matter. Please "
                f"direct "
                "all future correspondence regarding the applicant to this office.",
                f"We are in receipt of the denial of {request.lower()}. Please forward copies of all "
                f"reports, "
                "including any requests for authorization, so that we may pursue the applicant's remedies.",
                rng.choice(("The applicant was seen by the Panel QME, who recommended an EMG/NCV study and "
                            "further physical therapy.", "We also request the MRI report and the operative "
                            "report for our file.", "Please note that the AME deposition is set for next "
                                                    "month."))]
    elif who == 1:
        sender = claimant.administrator
        signer = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}, Senior Claims Examiner"
        top = letterhead(rng, sender, rng.randrange(3)) + [written_date(day, ds), "", ctx.ptp.signed,
                                                           _address(ctx.ptp.practice)[0],
                                                           _address(ctx.ptp.practice)[1], ""]
        greeting = rng.choice((f"Dear Dr. {ctx.ptp.last}:", "Dear Provider:"))
        text = [f"We are in receipt of your report requesting {request.lower()}.",
                rng.choice(("The request has been forwarded for review. You will be notified of the outcome.",
                            "Please provide the most recent progress notes so that the request can be "
                            "processed.",
                            "Enclosed please find a copy of the signed medical release.")),
                "If you have any questions, please contact the undersigned."]
    else:
        sender = IRO
        signer = "IMR Intake Unit"
        top = letterhead(rng, sender, rng.randrange(3)) + [written_date(day, ds), "", claimant.administrator,
                                                           "Attn: Claims Examiner", ""]
        greeting = "Dear Claims Administrator:"
        text = [f"The Division of Workers' Compensation has assigned the above case for independent medical "
                f"review of the disputed treatment: {request}.",
                "Within 15 days, please provide all medical records in your possession that are relevant to "
                "the "
                "disputed treatment, including the utilization review file.",
                "Records should be organized in chronological order and should not include duplicates."]
    top += [f"Re: {claimant.name}", f"Claim Number: {claimant.claim_number}",
            f"Date of Injury: {written_date(claimant.injury, ds)}", "", greeting, ""]
    body = []
    for paragraph in text:
        body += [paragraph, ""]
    closing = [rng.choice(("Very truly yours,", "Sincerely,", "Respectfully,")), "", "", signer]
    if rng.random() < 0.5:
        closing += ["", f"cc: {claimant.name}", f"    {claimant.administrator}"]
    sheet = Sheet(top, body, closing, lines=rng.randint(40, 56),
                  running=_running_style(rng, claimant, day, "Letter", ds))
    return Built(sheet.pages(), DocumentKind.CORRESPONDENCE, f"correspondence/{who}", day)


def fax_cover(ctx: Context, day: dt.date, sender: str, pages: int, about: str) -> Built:
    rng = ctx.rng
    ds = rng.randrange(6)
    street, city, phone, fax = _address(sender)
    variant = rng.randrange(3)
    title = ("FAX", "FACSIMILE TRANSMITTAL SHEET", "Fax Cover Sheet")[variant]
    to = rng.choice((IRO, ctx.claimant.administrator, "IMR Records Unit", "Medical Records Dept."))
    if variant == 0:
        lines = [sender, street, city, "", title, "",
                 f"To: {to}", f"Fax: {_phone(rng)}", f"From: {rng.choice(FIRST_NAMES)} ({sender})",
                 f"Phone: {phone}", f"Date: {written_date(day, ds)}", f"Pages (including cover): {pages}",
                 f"Re: {about}", "", "[ ] Urgent  [X] For Review  [ ] Please Comment  [ ] Please Reply"]
    elif variant == 1:
        lines = [title, "", f"DATE: {written_date(day, ds)}", f"TO: {to}", f"FROM: {sender}",
                 f"FAX NUMBER: {_phone(rng)}", f"SENDER'S FAX: {fax}",
                 f"TOTAL NO. OF PAGES INCLUDING COVER: {pages}", f"SUBJECT: {about}", "", "NOTES/COMMENTS:",
                 rng.choice(("Attached are the records you requested.", f"Please see attached "
                                                                        f"{about.lower()}.",
                             "Records for IMR. Please call with any questions."))]
    else:
        lines = [sender.upper(), f"{street}, {city}", "", title, "",
                 f"Date: {written_date(day, ds)}     Number of pages: {pages}",
                 f"To: {to}     Fax #: {_phone(rng)}", f"From: {rng.choice(FIRST_NAMES)} "
                                                       f"{rng.choice(LAST_NAMES)}",
                 f"Regarding: {about}"]
    lines += ["", rng.choice((
        "CONFIDENTIALITY NOTICE: This facsimile contains confidential information which is legally "
        "privileged. "
        "If you have received this fax in error, please notify the sender immediately and destroy the "
        "documents.",
        "The documents accompanying this transmission contain protected health information. If you are not "
        "the "
        "intended recipient, any disclosure, copying or distribution is prohibited.",
        "PRIVILEGED AND CONFIDENTIAL. If you receive this transmission in error, please call us at the "
        "number above."))]
    return Built(["\n".join(_wrap(lines))], DocumentKind.FAX_COVER, f"fax cover/{variant}", day)


def other_document(ctx: Context, day: dt.date) -> Built:
    """Papers that are none of the named kinds: billing, claim forms, questionnaires, labs."""
    rng, claimant = ctx.rng, ctx.claimant
    ds = rng.randrange(6)
    variant = rng.randrange(4)
    if variant == 0:
        top = letterhead(rng, ctx.ptp.practice, 0) + ["ITEMIZED STATEMENT OF CHARGES",
                                                      f"Account: {claimant.name}",
                                                      f"Statement date: {written_date(day, ds)}", "",
                                                      "Date        CPT     Description                     "
                                                      "Charge"]
        body = [f"{written_date(day - dt.timedelta(days=7 * i), 0)}  "
                f"{rng.choice(('99213', '99214', '97110', '20552'))}   "
                f"{rng.choice(('Office visit, established', 'Trigger point injection', 'Supplies'))}     "
                f"${rng.randint(80, 400)}.00" for i in range(rng.randint(5, 25))]
        body += ["", f"Balance due: ${rng.randint(800, 5000)}.00", "Bill to: " + claimant.administrator]
        layout = "other/billing"
    elif variant == 1:
        top = ["WORKERS' COMPENSATION CLAIM FORM (DWC 1)", "Employee: complete the Employee section and give "
                                                           "the "
               "form to your employer.", ""]
        body = [f"1. Name: {claimant.name}   Today's date: {written_date(day, ds)}",
                f"2. Home address: {_address(claimant.name)[0]}, {_address(claimant.name)[1]}",
                f"3. Date of injury: {written_date(claimant.injury, ds)}",
                f"4. Describe injury and part of body affected: {ctx.region['part']} strain while lifting",
                "5. Social Security Number: XXX-XX-" + str(rng.randint(1000, 9999)),
                "Signature of employee: ______________", "", "Employer -- complete this section.",
                f"6. Name of employer: {claimant.employer}", f"7. Insurance carrier: "
                                                             f"{claimant.administrator}",
                f"8. Date employer first knew of injury: {written_date(claimant.injury, 0)}"]
        layout = "other/claim form"
    elif variant == 2:
        top = [ctx.ptp.practice, "PATIENT INTAKE QUESTIONNAIRE", ""]
        body = [f"Name: {claimant.name}   Date: {written_date(day, ds)}",
                "Please mark where you feel pain on the diagram below.", "[ diagram ]",
                "How would you rate your pain today (0-10)? " + str(rng.randint(3, 9)),
                "Do you smoke? [ ] Yes [X] No", "Emergency contact: ________________",
                "Preferred language: " + rng.choice(("English", "Spanish")),
                "Oswestry Disability Index score: " + str(rng.randint(20, 60)) + "%"]
        layout = "other/questionnaire"
    else:
        top = [rng.choice(("QUEST CLINICAL LABORATORIES", "Central California Reference Lab")),
               "LABORATORY RESULTS",
               f"Patient: {claimant.name}   Collected: {written_date(day, 0)}", ""]
        body = ["Test                         Result     Flag   Reference"]
        body += [f"{name:28s} {rng.choice(('Negative', 'Positive', 'Not detected'))}          "
                 f"{rng.choice(('', 'H'))}"
                 for name in ("Amphetamines", "Benzodiazepines", "Opiates", "Oxycodone", "Tramadol",
                              "Creatinine", "Specific gravity")]
        body += ["", "Results reviewed by laboratory director."]
        layout = "other/lab"
    sheet = Sheet(top, body, [], lines=rng.randint(30, 50), footer=_footer_style(rng))
    return Built(sheet.pages(), DocumentKind.OTHER, layout)


# -- the IMR application and the UR determination ------------------------------


def imr_application_pages(*, employee: str, claim_number: str, date_of_injury: dt.date,
                          ur_decision_date: dt.date, requesting_physician: str,
                          treatments: Sequence[tuple[str, str]], employer: str = "Golden Bear Logistics",
                          claims_administrator: str = "Redwood Claims Services",
                          physician_specialty: str = "Orthopaedic Surgery", signed: dt.date | None = None,
                          instructions: bool = True, date_style: int = 0) -> list[str]:
    """The pages of a DWC Form IMR as the worker (or attorney) fills it in.

    ``treatments``: each disputed treatment with what UR did to it, ``"denied"`` or
    ``"modified"``. ``signed``: the application's date (default: a week after the UR
    decision). ``instructions`` adds the form's second page. Returns page texts.
    """
    signed = signed or ur_decision_date + dt.timedelta(days=7)
    when = lambda day: written_date(day, date_style)  # noqa: E731
    rows = [f"{i}. {treatment:60s} [{'X' if result.lower().startswith('den') else ' '}] Denied   "
            f"[{'X' if result.lower().startswith('mod') else ' '}] Modified"
            for i, (treatment, result) in enumerate(treatments, 1)]
    first = ["STATE OF CALIFORNIA", "DIVISION OF WORKERS' COMPENSATION",
             "APPLICATION FOR INDEPENDENT MEDICAL REVIEW", "DWC FORM IMR", "",
             "This form is used to request Independent Medical Review of a utilization review decision that "
             "denied, modified or delayed a treatment request.", "",
             "EMPLOYEE INFORMATION", f"Employee name: {employee}",
             f"Claim number: {claim_number}", f"Date of injury: {when(date_of_injury)}",
             f"Employer: {employer}", "",
             "CLAIMS ADMINISTRATOR", f"Name: {claims_administrator}", "",
             "UTILIZATION REVIEW DECISION", f"Date of the UR decision: {when(ur_decision_date)}",
             f"Requesting physician: {requesting_physician}", f"Specialty: {physician_specialty}", "",
             "DISPUTED MEDICAL TREATMENT (list each treatment denied or modified by utilization review)",
             "   Treatment requested                                             UR decision"] + rows + [
             "", "Attach a copy of the written UR decision. Do not attach medical records.", "",
             "Signature of employee or representative: ___________________________",
             f"Date: {when(signed)}", "", "DWC Form IMR (Effective 2/15/2014)   Page 1 of 2"]
    pages = ["\n".join(_wrap(first))]
    if instructions:
        second = ["INSTRUCTIONS FOR COMPLETING THE APPLICATION FOR INDEPENDENT MEDICAL REVIEW", "",
                  "Who may request IMR: the employee, or a parent or guardian of the employee, or the "
                  "employee's "
                  "attorney. The treating physician may join the request.", "",
                  "When: the request must be sent within 30 days of service of the utilization review "
                  "decision.",
                  "", "Where to send this form: mail or fax the completed form and the UR decision to the "
                  "Independent Medical Review organization at the address on the UR decision letter.", "",
                  "There is no cost to the employee for independent medical review.", "",
                  "DWC Form IMR (Effective 2/15/2014)   Page 2 of 2"]
        pages.append("\n".join(_wrap(second)))
    return pages


def ur_determination_pages(*, employee: str, claim_number: str, date_of_injury: dt.date,
                           decision_date: dt.date, requesting_physician: str, reviewer: str,
                           items: Sequence[tuple[str, str]], reviewer_specialty: str = "Orthopaedic Surgery",
                           received: dt.date | None = None, ur_organization: str = "Meridian Review Services",
                           claims_administrator: str = "Redwood Claims Services",
                           guideline: str = "CA MTUS Chronic Pain Medical Treatment Guidelines",
                           variant: int = 0, date_style: int = 0, seed: int = 0) -> list[str]:
    """The pages of a utilization review determination letter to the requesting physician.

    ``items``: each requested treatment with the decision, ``"non-certified"``,
    ``"modified"`` or ``"certified"`` (a modification names what was certified
    after a semicolon: ``("PT x12", "modified; PT x6")``). ``variant`` picks one of
    three layouts. Returns page texts (a few pages, "Page n of N" at the foot of each).
    """
    rng = random.Random(seed)
    received = received or decision_date - dt.timedelta(days=5)
    when = lambda day: written_date(day, date_style)  # noqa: E731
    street, city, phone, fax = _address(ur_organization)
    title = ("NOTICE OF UTILIZATION REVIEW DETERMINATION", "UTILIZATION REVIEW DECISION",
             "Notice of Decision - Utilization Review")[variant % 3]
    top = [ur_organization, f"{street}, {city}", f"Telephone {phone}   Facsimile {fax}", "", title, "",
           f"Date of notice: {when(decision_date)}", "", requesting_physician, "", f"Employee: {employee}",
           f"Claim #: {claim_number}", f"Date of injury: {when(date_of_injury)}",
           f"Claims administrator: {claims_administrator}", f"Date request received: {when(received)}", ""]
    if variant % 3 == 1:
        top.insert(4, "")
        top.insert(5, f"Dear Dr. {requesting_physician.split(',')[0].split()[-1]}:")
    body = ["Your request for authorization of the following treatment has been reviewed by a physician "
            "reviewer. The decision for each item follows.", ""]
    for number, (treatment, decision) in enumerate(items, 1):
        verdict, _, certified = decision.partition(";")
        body += [f"Request {number}: {treatment}", f"Decision: {verdict.strip().upper()}"]
        if certified.strip():
            body.append(f"Certified as modified: {certified.strip()}")
        body += [f"Date of decision: {when(decision_date)}", ""]
    body += ["CLINICAL SUMMARY:", rng.choice((
        "The claimant has chronic pain following the industrial injury and has been treated with "
        "medications, "
        "physical therapy and activity modification.", "Per the submitted progress report the claimant "
                                                       "continues "
        "to have pain with functional limitation. Prior treatment includes therapy and injections.")), "",
             "RATIONALE:", f"According to the {guideline}, the requested treatment is recommended only when "
             "specific criteria are documented. The submitted records do not document objective functional "
             "improvement from prior treatment or the failure of conservative care. Therefore the request is "
             "not "
             "medically necessary at this time.", "",
             "Guideline criteria used: " + guideline + ".", "",
             f"Physician Reviewer: {reviewer}", f"Specialty: {reviewer_specialty}", "",
             "YOUR RIGHT TO DISPUTE THIS DECISION:", "If you disagree with this decision, the injured worker "
                                                     "may "
             "request Independent Medical Review (IMR) by completing the enclosed Application for "
             "Independent "
             "Medical Review, DWC Form IMR, within 30 days of service of this decision. For questions about "
             "this "
             "decision, call the reviewer at the number above.", "",
             f"cc: {employee}", f"    {claims_administrator}"]
    sheet = Sheet(top, body, [], lines=rng.randint(44, 56),
                  footer=lambda n, total: [f"{title.title() if variant % 3 else 'UR Determination'}  "
                                           f"{claim_number}   Page {n} of {total}"])
    return sheet.pages()


# -- packets -------------------------------------------------------------------

# How a fax machine stamps each page of a transmission across its top.
FAX_HEADERS: tuple[Callable[[str, str, dt.datetime, int, int], str], ...] = (
    lambda sender, number, at, page, total: (f"FROM: {number}  TO: {_digits(sender)}  PAGE {page}/{total}  "
                                             f"{at:%m/%d/%Y %H:%M}"),
    lambda sender, number, at, page, total: (f"{at:%m/%d/%Y %H:%M}  FAX {number.replace(' ', '')}  "
                                             f"{sender.upper()[:24]}  P.{page:03d}/{total:03d}"),
    lambda sender, number, at, page, total: (f"{at:%b %d %Y %I:%M%p}  {sender[:28]}  {number}  page {page} "
                                             f"of {total}"),
    lambda sender, number, at, page, total: f"Received {at:%m/%d/%Y %I:%M %p} from {number} -> Page "
                                            f"{page:02d}",
    lambda sender, number, at, page, total: (f"{at:%Y-%m-%d %H:%M:%S} (GMT-08:00)  {_digits(number)}  From: "
                                             f"{sender[:20]}  P {page}/{total}"),
)


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit()) or "18005550199"


def rescan_noise(text: str, rng: random.Random, rate: float = 0.03) -> str:
    """The text a copy scanned again reads as: a few letters confused as OCR confuses them."""
    swaps = (("rn", "m"), ("l", "1"), ("O", "0"), ("e", "c"), ("S", "5"), ("cl", "d"), ("i", "l"), (",", "."))
    words = text.split(" ")
    for index, word in enumerate(words):
        if rng.random() < rate:
            old, new = rng.choice(swaps)
            words[index] = word.replace(old, new, 1)
    return " ".join(words)


RECORD_KINDS = ("pr2", "imaging", "edx", "therapy", "operative", "medlegal", "medication", "correspondence",
                "other")
# How often each kind turns up in a case file's medical records.
_RECORD_MIX = ("pr2",) * 8 + ("imaging",) * 2 + ("edx",) + ("therapy",) * 5 + ("operative",) + \
              ("medlegal",) + \
              ("medication",) * 2 + ("correspondence",) * 2 + ("other",) * 2


def _record_set(ctx: Context, rng: random.Random, count: int, start: dt.date, end: dt.date,
                requests: Sequence[str], kinds: Sequence[str] | None = None) -> list[tuple[dt.date, Built]]:
    """Medical records over the life of the claim, in the proportions case files hold them
    (or of the ``kinds`` given, one each in that order; "therapy" makes a run of visits)."""
    people = {role: [_person(rng, role) for _ in range(2)] for role in PRACTICES}
    people["ptp"] = [ctx.ptp, _person(rng, "ptp")]
    span = max(1, (end - start).days)
    made: list[tuple[dt.date, Built]] = []
    earlier: list[tuple[dt.date, str]] = []
    visit = 0
    queue = list(kinds) if kinds is not None else None
    while (queue if queue is not None else len(made) < count):
        kind = queue.pop(0) if queue is not None else rng.choice(_RECORD_MIX)
        day = start + dt.timedelta(days=rng.randrange(span))
        if kind == "pr2":
            doc = progress_report(ctx, day, rng.choice(people["ptp"][:1] * 3 + people["ptp"][1:]),
                                  rng.choice(list(requests) + [None, None]))
        elif kind == "imaging":
            doc = imaging_report(ctx, day, rng.choice(people["imaging"]))
        elif kind == "edx":
            doc = electrodiagnostic_report(ctx, day, rng.choice(people["edx"]))
        elif kind == "therapy":
            run = rng.randint(1, 4)  # therapy notes come in runs of visits
            therapist = rng.choice(people["therapy"])
            for step in range(run):
                visit += 1
                made.append((day + dt.timedelta(days=3 * step),
                             therapy_note(ctx, day + dt.timedelta(days=3 * step), therapist, visit,
                                          12 * (1 + (visit - 1) // 12))))
            continue
        elif kind == "operative":
            doc = operative_report(ctx, day, rng.choice(people["surgery"]))
        elif kind == "medlegal":
            doc = medical_legal_report(ctx, day, rng.choice(people["medlegal"]), sorted(earlier)[-25:] or [
                (day - dt.timedelta(days=40), "Progress report")])
        elif kind == "medication":
            doc = medication_record(ctx, day, rng.choice(people["pharmacy"]))
        elif kind == "correspondence":
            doc = correspondence(ctx, day, rng.choice(requests))
        else:
            doc = other_document(ctx, day)
        made.append((day, doc))
        earlier.append((day, doc.kind.label))
    return made


def _case(seed: int, rng: random.Random) -> tuple[Context, dt.date, list[str], list[Built]]:
    """A claimant and the dispute: the context, the UR decision date, the disputed requests,
    and the IMR application and UR determination (in either order)."""
    sex = rng.choice("FM")
    region_name = rng.choice(list(REGIONS))
    injury = dt.date(rng.randint(2012, 2022), rng.randint(1, 12), rng.randint(1, 28))
    claimant = Claimant(rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES),
                        dt.date(rng.randint(1955, 1995), rng.randint(1, 12), rng.randint(1, 28)), injury,
                        f"{rng.choice(('WC', 'CL', '0'))}{rng.randint(10, 99)}-{rng.randint(100000, 999999)}",
                        rng.choice(EMPLOYERS), rng.choice(ADMINISTRATORS), region_name, sex)
    ptp = _person(rng, "ptp")
    ctx = Context(rng, claimant, ptp, REGIONS[region_name])
    decision = injury + dt.timedelta(days=rng.randint(200, 1100))
    requests = rng.sample(REGIONS[region_name]["requests"], rng.randint(1, 3))
    outcomes = [rng.choice(("non-certified", "non-certified", "modified")) for _ in requests]
    reviewer = _person(rng, "ur")
    ds = rng.randrange(6)
    application = imr_application_pages(
        employee=claimant.name, claim_number=claimant.claim_number, date_of_injury=injury,
        ur_decision_date=decision, requesting_physician=ptp.signed,
        treatments=[(r, "modified" if o == "modified" else "denied") for r, o in zip(requests, outcomes)],
        employer=claimant.employer, claims_administrator=claimant.administrator,
        physician_specialty=ptp.specialty, instructions=rng.random() < 0.6, date_style=ds)
    variant = rng.randrange(3)
    determination = ur_determination_pages(
        employee=claimant.name, claim_number=claimant.claim_number, date_of_injury=injury,
        decision_date=decision, requesting_physician=ptp.signed, reviewer=reviewer.signed,
        items=[(r, o if o != "modified" else "modified; " + r.split(",")[0] + " (reduced)")
               for r, o in zip(requests, outcomes)],
        reviewer_specialty=reviewer.specialty, ur_organization=rng.choice(UR_COMPANIES),
        claims_administrator=claimant.administrator, variant=variant, date_style=ds, seed=seed)
    items = [Built(application, DocumentKind.IMR_APPLICATION, f"imr application/{len(application)} page",
                   decision + dt.timedelta(days=7)),
             Built(determination, DocumentKind.UR_DETERMINATION, f"ur determination/{variant}", decision,
                   reviewer.signed)]
    if rng.random() < 0.3:
        items.reverse()
    return ctx, decision, requests, items


def make_packet(seed: int, *, documents: tuple[int, int] = (14, 28), duplicates: int | None = None) -> Packet:
    """A case packet: the IMR application and UR determination, then medical records, often in
    fax transmissions (some with a cover sheet), blank separators and duplicates.

    ``documents``: how many records (before covers and copies), at least and at most.
    Deterministic for a seed.
    """
    rng = random.Random(seed)
    ctx, decision, requests, items = _case(seed, rng)
    injury = ctx.claimant.injury
    records = _record_set(ctx, rng, rng.randint(*documents), injury + dt.timedelta(days=3), decision,
                          requests)
    if rng.random() < 0.7:
        records.sort(key=lambda pair: pair[0])
    elif rng.random() < 0.5:
        records.sort(key=lambda pair: pair[0], reverse=True)
    items += [doc for _, doc in records]
    return _assemble(seed, rng, ctx, decision, items, rng.randint(1, 3) if duplicates is None else duplicates)


def catalogue_packet(seed: int, *, each: int = 4) -> Packet:
    """A packet holding ``each`` records of every kind (their layouts drawn at random), besides
    the application and the UR determination, in a shuffled order, faxed and copied as
    ``make_packet`` does: for checking every kind document by document."""
    rng = random.Random(seed)
    ctx, decision, requests, items = _case(seed, rng)
    kinds = [kind for kind in RECORD_KINDS for _ in range(each)]
    rng.shuffle(kinds)
    records = _record_set(ctx, rng, 0, ctx.claimant.injury + dt.timedelta(days=3), decision, requests, kinds)
    items += [doc for _, doc in records]
    return _assemble(seed, rng, ctx, decision, items, 3)


def _assemble(seed: int, rng: random.Random, ctx: Context, decision: dt.date, items: list[Built],
              copies: int) -> Packet:
    """The documents put together as they arrive: copies added, faxed in transmissions."""
    claimant, ptp = ctx.claimant, ctx.ptp
    # Copies: the same report again, exact, faxed again under another header, or scanned again.
    placed: list[tuple[Built, int, str]] = [(doc, number, "") for number, doc in enumerate(items)]
    for _ in range(copies):
        source = rng.randrange(len(items))
        at = next(i for i, (_, number, how) in enumerate(placed) if number == source and not how)
        placed.insert(rng.randint(at + 1, len(placed)),
                      (items[source], source, rng.choice(("exact", "refaxed", "rescanned"))))

    # Fax transmissions: runs of documents, each page stamped; some open with a cover sheet.
    # A copy faxed again always opens a transmission of its own.
    pages: list[str] = []
    truth: list[TrueDocument] = []
    rescanned: set[int] = set()
    faxed_pages: set[int] = set()
    original_at: dict[int, int] = {}  # item number -> its place in truth
    sent = (dt.datetime(decision.year, decision.month, decision.day, 9, 0)
            + dt.timedelta(days=rng.randint(10, 40)))
    senders = [ptp.practice, claimant.administrator, rng.choice(LAW_FIRMS), rng.choice(UR_COMPANIES)]
    index = 0
    while index < len(placed):
        size = rng.randint(1, 6)
        run = [placed[index]]
        while len(run) < size and index + len(run) < len(placed) and placed[index + len(run)][2] != "refaxed":
            run.append(placed[index + len(run)])
        index += len(run)
        faxed = run[0][2] == "refaxed" or rng.random() < 0.65
        sender = rng.choice(senders)
        number = _phone(rng)
        header = rng.choice(FAX_HEADERS)
        at_foot = rng.random() < 0.15  # some machines stamp the foot of the page
        sent += dt.timedelta(hours=rng.randint(1, 60), minutes=rng.randint(0, 59))
        body: list[tuple[list[str], Built, int | None, str, str | None]] = []
        if faxed and rng.random() < 0.6:
            cover = fax_cover(ctx, sent.date(), sender, 1 + sum(len(d.pages) for d, _, _ in run),
                              rng.choice(("Medical records", "IMR records request", "Requested reports",
                                          f"{claimant.name} - records")))
            body.append((cover.pages, cover, None, "", None))
        for doc, number_in_items, how in run:
            doc_pages = list(doc.pages)
            if how == "rescanned":
                noise = random.Random(seed * 1000 + index)
                doc_pages = [rescan_noise(p, noise) for p in doc_pages]
            blank = None
            if rng.random() < 0.08:
                blank = rng.choice(("", " ", "\n\n", "This page intentionally left blank."))
            body.append((doc_pages, doc, number_in_items, how, blank))
        total = sum(len(p) + (b is not None) for p, _, _, _, b in body)
        transmission_page = 0
        for doc_pages, doc, number_in_items, how, blank in body:
            first = len(pages) + 1
            for text in doc_pages + ([blank] if blank is not None else []):
                transmission_page += 1
                if faxed and at_foot:
                    text = text + "\n" + header(sender, number, sent, transmission_page, total)
                elif faxed:
                    text = header(sender, number, sent, transmission_page, total) + "\n" + text
                pages.append(text)
                if faxed:
                    faxed_pages.add(len(pages))
                if how == "rescanned":
                    rescanned.add(len(pages))
            layout = doc.layout + (f" ({how} copy)" if how else "")
            copy_of = original_at.get(number_in_items) if how else None
            truth.append(TrueDocument(first, len(pages), doc.kind, layout, copy_of, doc.date, doc.author))
            if number_in_items is not None and not how:
                original_at[number_in_items] = len(truth) - 1
    return Packet(seed, pages, truth, rescanned, faxed_pages)


# -- the packet as files --------------------------------------------------------


def packet_pdf(path: Path, packet: Packet) -> Path:
    """The packet as one PDF with a text layer, a page per page (``record_files.text_pdf``)."""
    return text_pdf(path, packet.pages)


def scanned_packet_pdf(path: Path, packet: Packet, *, dpi: int = 200,
                       pages: Sequence[int] | None = None) -> Path:
    """The packet as a scanner makes it: each page a picture only, no text layer.

    Each page is drawn as a text PDF, rendered by PDFium at ``dpi``, turned by up to
    half a degree and speckled; a page that came by fax is black and white at a fax
    machine's standard resolution (half the lines, doubled back); re-scanned copies
    are turned and speckled more. ``pages`` (1-based) limits the file to some pages.
    """
    import pypdfium2 as pdfium
    from PIL import Image
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    numbers = list(pages) if pages is not None else list(range(1, len(packet.pages) + 1))
    rng = random.Random(packet.seed)
    with tempfile.TemporaryDirectory() as folder:
        drawn = text_pdf(Path(folder) / "pages.pdf", [packet.pages[n - 1] for n in numbers])
        document = pdfium.PdfDocument(drawn.read_bytes())
    out = canvas.Canvas(str(path), pagesize=LETTER)
    width, height = LETTER
    try:
        for position, number in enumerate(numbers):
            image = document[position].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            again = number in packet.rescanned
            angle = rng.uniform(-1.2, 1.2) if again else rng.uniform(-0.5, 0.5)
            image = image.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255, expand=False)
            if number in packet.faxed:
                half = image.resize((image.width, image.height // 2), Image.Resampling.BILINEAR)
                image = half.point(lambda value: 255 if value > 150 else 0).resize(
                    (image.width, image.height), Image.Resampling.NEAREST)
            pixels = image.load()
            for _ in range(int(image.width * image.height * (0.0008 if again else 0.0003))):
                x, y = rng.randrange(image.width), rng.randrange(image.height)
                pixels[x, y] = rng.choice((0, 96))
            buffer = io.BytesIO()
            image.save(buffer, format="PNG")
            buffer.seek(0)
            out.drawImage(ImageReader(buffer), 0, 0, width, height)
            out.showPage()
    finally:
        document.close()
    out.save()
    return path

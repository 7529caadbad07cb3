"""Every seed letter reads into a case, and every export of it reads back to the same case."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import SEED_FILES, collapse

from workbench.case import Case, CredentialForm, Decision, Role
from workbench.citations import format_line
from workbench.letters.document import build_letter
from workbench.letters.export import export_letter
from workbench.letters.reader import read_letter
from workbench.letters.text import render_text

HEADINGS = ["HOW THE IMR FINAL DETERMINATION WAS MADE", "CLINICAL CASE SUMMARY",
            "IMR ISSUES, DECISIONS AND RATIONALES"]


def undo_extraction(raw: str) -> str:
    """The seed's text with the extractor's artifacts undone, written independently of the reader:
    empty lines dropped, wrapped lines joined with a space, a word split after a hyphen rejoined."""
    text = ""
    for line in raw.split("\n"):
        if not line.strip():
            continue
        if text and not text.endswith("-"):
            text += " "
        text += line.strip()
        if not line.endswith("-"):
            text += " "
    return collapse(text)


def sections(text: str) -> list[str]:
    pattern = "|".join(re.escape(h) for h in HEADINGS)
    parts = re.split(pattern, text)
    assert len(parts) == 4, "each of the three headings appears once"
    return [collapse(part) for part in parts[1:]]


# Facts read off the seeds by hand.
EXPECTED = {
    "000": dict(
        form=CredentialForm.SENTENCE, certifications=["Physical Medicine and Rehabilitation"],
        subspecialties=["Neuromuscular Medicine"], states=["Maryland"], summary_paragraphs=1,
        items=[("X-RAYS OF THE CERVICAL SPINE AND LUMBAR SPINE", Decision.UPHELD),
               ("PHYSICAL THERAPY , LUMBAR SPINE AND CERVICAL SPINE X 8", Decision.UPHELD)],
        reviewer_pages=["303", "98-99"],
    ),
    "001": dict(
        form=CredentialForm.BLOCK, certifications=["Preventive Medicine", "Occupational Medicine"],
        subspecialties=[], states=["Texas", "New York", "California"], summary_paragraphs=1,
        items=[("MRI of the cervical spine with and without contrast", Decision.OVERTURNED),
               ("MRI of the lumbar spine with and without contrast", Decision.UPHELD)],
        reviewer_pages=["182", "304"],
    ),
    "002": dict(
        form=CredentialForm.BLOCK, certifications=["Family Practice"], subspecialties=[],
        states=["Texas", "California"], summary_paragraphs=1,
        items=[("Additional physical therapy treatment to the lumbar spine for 8 sessions, "
                "2 times a week for 4 weeks", Decision.UPHELD),
               ("Pain management follow up office visit regarding the lumbar spine",
                Decision.OVERTURNED)],
        reviewer_pages=["98", "127"],
    ),
}


def seed_id(path: Path) -> str:
    return path.name[:3]


@pytest.fixture(params=SEED_FILES, ids=seed_id)
def seed(request) -> Path:
    return request.param


def test_seed_reads_into_the_expected_case(seed: Path):
    reading = read_letter(seed)
    case, expected = reading.case, EXPECTED[seed_id(seed)]
    assert reading.unplaced == []
    assert case.organization == "MAXIMUS Federal Services"
    assert case.organization_short == "MAXIMUS"
    assert case.credentials.form is expected["form"]
    assert case.credentials.certifications == expected["certifications"]
    assert case.credentials.subspecialties == expected["subspecialties"]
    assert case.credentials.licensure_states == expected["states"]
    assert len(case.summary) == expected["summary_paragraphs"]
    assert [(i.description, i.decision) for i in case.items] == expected["items"]
    assert [i.reviewer_citations[-1].pages for i in case.items] == expected["reviewer_pages"]
    assert all(item.rationale for item in case.items)
    assert all(c.source for i in case.items for r in Role for c in i.citations(r))


def test_sections_keep_the_seed_text_word_for_word(seed: Path):
    case = read_letter(seed).case
    source = sections(undo_extraction(seed.read_text(encoding="utf-8")))
    ours = sections(render_text(build_letter(case)))
    assert ours == source


def test_guideline_lines_keep_the_seed_wording(seed: Path):
    source = undo_extraction(seed.read_text(encoding="utf-8"))
    for item in read_letter(seed).case.items:
        for role, label in ((Role.CLAIMS_ADMINISTRATOR, "Claims Administrator guideline: "),
                            (Role.REVIEWER, "MAXIMUS guideline: ")):
            assert label + format_line(item.citations(role), role) in source


def assert_same_case(actual: Case, expected: Case) -> None:
    """Field by field, so a failure names the field."""
    assert actual.organization == expected.organization
    assert actual.organization_short == expected.organization_short
    assert actual.case_number == expected.case_number
    assert actual.credentials == expected.credentials
    assert actual.wording == expected.wording
    assert actual.summary == expected.summary
    assert len(actual.items) == len(expected.items)
    for got, want in zip(actual.items, expected.items):
        assert got.number == want.number
        assert got.description == want.description
        assert got.decision == want.decision
        for role in Role:
            assert format_line(got.citations(role), role) == format_line(want.citations(role), role)
            assert got.citations(role) == want.citations(role)
        assert got.rationale == want.rationale
    assert actual == expected


@pytest.mark.parametrize("kind", ["txt", "docx", "pdf"])
def test_export_reads_back_to_the_same_case(seed: Path, kind: str, tmp_path: Path):
    original = read_letter(seed).case
    original.case_number = "CM15-0100" + seed_id(seed)
    [path] = export_letter(original, {kind: tmp_path / f"letter.{kind}"})
    reading = read_letter(path)
    assert reading.unplaced == []
    assert_same_case(reading.case, original)
    again = read_letter(export_letter(reading.case, {kind: tmp_path / f"again.{kind}"})[0])
    assert_same_case(again.case, original)


WORDS = ("the patient reported low back pain radiating to the left leg after lifting while "
         "therapy visits gave no lasting functional improvement and imaging showed disc "
         "bulging at L4-L5 with x-rays normal per the treating physician").split()


def long_case(seed: int) -> Case:
    """Many paragraphs of many lengths, so page breaks fall at sentence ends, mid-sentence and
    between paragraphs, including paragraphs without a final full stop."""
    import random

    rng = random.Random(seed)

    def paragraph() -> str:
        sentences = []
        for _ in range(rng.randint(1, 9)):
            words = [rng.choice(WORDS) for _ in range(rng.randint(4, 18))]
            sentences.append(" ".join(words).capitalize() + ".")
        text = " ".join(sentences)
        ending = rng.random()
        if ending < 0.2:
            return text[:-1]  # no final full stop
        if ending < 0.35:
            return text + f" (PR-2, 04/15/2015, p. {rng.randint(1, 300)})"  # a page citation
        return text

    case = read_letter(SEED_FILES[0]).case
    case.summary = [paragraph() for _ in range(30)]
    for item in case.items:
        item.rationale = [paragraph() for _ in range(8)]
    return case


@pytest.mark.parametrize("seed", range(24))
def test_pdf_page_breaks_keep_paragraphs(seed: int, tmp_path: Path):
    case = long_case(seed)
    [path] = export_letter(case, {"pdf": tmp_path / "long.pdf"})
    reading = read_letter(path)
    assert reading.unplaced == []
    assert reading.case.summary == case.summary
    assert [i.rationale for i in reading.case.items] == [i.rationale for i in case.items]

"""What the Letter view lists as missing, and the names exports get."""

from __future__ import annotations

from conftest import SEED_FILES

from workbench.case import Case, Citation, Credentials, Decision, Item
from workbench.letters.file_names import export_file_name
from workbench.letters.readiness import letter_problems
from workbench.letters.reader import read_letter


def messages(case: Case) -> list[str]:
    return [problem.message for problem in letter_problems(case)]


def test_a_blank_case_lacks_everything():
    found = messages(Case("MAXIMUS Federal Services", "MAXIMUS"))
    assert any("case number" in m for m in found)
    assert any("credentials" in m for m in found)
    assert "The clinical case summary is empty" in found
    assert "No disputed items yet" in found


def test_items_without_rationale_or_citations_are_named():
    case = Case("MAXIMUS Federal Services", "MAXIMUS", case_number="CM26-1",
                credentials=Credentials(certifications=["Neurology"],
                                        licensure_states=["California"]),
                summary=["The patient is a 40 year old."],
                items=[Item("MRI", Decision.UPHELD, rationale=["  "]),
                       Item("Therapy", Decision.OVERTURNED, rationale=["Indicated."],
                            claims_administrator_citations=[Citation("MTUS")],
                            reviewer_citations=[Citation("MTUS")])])
    problems = letter_problems(case)
    assert [(p.item, p.message) for p in problems] == [
        (1, "Item 1 has no decision rationale"),
        (1, "Item 1 has no Claims Administrator guideline"),
        (1, "Item 1 has no guideline citation of the reviewer's"),
    ]


def test_seed_letters_are_complete():
    for seed in SEED_FILES:
        case = read_letter(seed).case
        case.case_number = case.case_number or "CM13-0000001"
        assert letter_problems(case) == [], seed.name


def test_file_names_come_from_the_case_number_and_are_safe():
    assert export_file_name("CM26-0001234", "pdf") == "CM26-0001234 Final Determination.pdf"
    assert export_file_name("CM26/0001234:x", ".docx") == "CM26-0001234-x Final Determination.docx"
    assert export_file_name(" ../CM26\t1 ", "pdf") == "CM26 1 Final Determination.pdf"
    assert export_file_name(None, "pdf") == "Final Determination.pdf"
    assert export_file_name('<>:"|?*', "pdf") == "Final Determination.pdf"

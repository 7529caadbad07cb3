"""What the records say: kinds, dates and providers, the chronology, page citations, the
documents-reviewed list and the letter section that prints it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from db.database import open_database
from record_files import KIND_DATES, KIND_SAMPLES, docx_file, text_pdf
from workbench.case import Case
from workbench.errors import NotFound
from workbench.letters.document import build_letter
from workbench.letters.reader import parse_letter
from workbench.letters.sources import plain_text
from workbench.letters.text import render_text
from workbench.records import chronology as chron
from workbench.records.citations import cite_hit, cite_page, resolve_citation
from workbench.records.classify import classify
from workbench.records.documents import (
    correct_document,
    documents_reviewed,
    letter_documents,
    list_documents,
    set_case_documents_reviewed,
    set_documents_reviewed_default,
)
from workbench.records.facts import page_facts, service_date
from workbench.records.intake import import_files
from workbench.records.kinds import DocumentKind, EntryOrigin
from workbench.records.search import search_pages
from workbench.store import CaseStore


@pytest.mark.parametrize("kind", list(KIND_SAMPLES))
def test_each_kind_is_classified_and_dated(kind: str):
    text = KIND_SAMPLES[kind]
    assert classify(text) is DocumentKind(kind)
    expected = KIND_DATES[kind]
    assert service_date(text) == (dt.date.fromisoformat(expected) if expected else None)


@pytest.mark.parametrize("text, expected", [
    ("DOS: 4/5/15 follow-up", dt.date(2015, 4, 5)),
    ("Date of Birth: 01/02/1960\nDate of Injury: 03/04/2013\nDate: April 15, 2015",
     dt.date(2015, 4, 15)),
    ("Date: 02/01/2015\nDate of Service: 01/20/2015", dt.date(2015, 1, 20)),
    ("Dictated on 2015-06-01 by the surgeon", dt.date(2015, 6, 1)),
    ("DOB 01/02/1960 only", None),
    ("Date of Service: 13/45/2015", None),
])
def test_dates_of_service_are_found_by_label_and_never_taken_from_birth_or_injury(text, expected):
    assert service_date(text) == expected


def test_providers_are_found_by_label_or_signature():
    assert page_facts("Treating Physician: Maria Lopez, M.D.\n").provider == "Maria Lopez, M.D."
    assert page_facts("...plan discussed.\nElectronically signed by: Tom Reyes, DC").provider \
        == "Tom Reyes, DC"
    assert page_facts("Thank you.\nRobert Hale, M.D.\nOrthopaedic Surgery").provider \
        == "Robert Hale, M.D."
    assert page_facts("No one signed this page.").provider is None


@pytest.fixture
def case_file(tmp_path: Path):
    """A case with one document of every kind, each generated as a text PDF or DOCX."""
    database = open_database(str(tmp_path / "cases.sqlite3"))
    case_id = CaseStore(database).add(Case("MAXIMUS Federal Services", "MAXIMUS"))
    files = []
    for index, (kind, sample) in enumerate(KIND_SAMPLES.items()):
        pages = [sample, f"Continued {kind} page two with detail.", f"Page three of {kind}."]
        maker = docx_file if index % 3 == 0 else text_pdf
        suffix = ".docx" if maker is docx_file else ".pdf"
        files.append(maker(tmp_path / f"{kind}{suffix}", pages))
    visits = text_pdf(tmp_path / "visits.pdf", [
        "PR-2 PROGRESS REPORT\nDate of Service: 01/10/2015\nProvider: Maria Lopez, M.D.\n"
        "ASSESSMENT: Lumbar strain, improving.",
        "Date of Service: 02/14/2015\nProvider: Maria Lopez, M.D.\nASSESSMENT: Radiculopathy.",
        "Date of Service: 02/14/2015\n(continued) Plan: continue home exercise.",
    ])
    files.append(visits)
    results = import_files(database, case_id, files)
    assert all(r.ok for r in results), [r.line for r in results]
    yield database, case_id
    database.close()


def test_documents_are_classified_dated_and_attributed(case_file):
    database, case_id = case_file
    documents = {d.file_name.rsplit(".", 1)[0]: d for d in list_documents(database, case_id)}
    for kind, expected in KIND_DATES.items():
        assert documents[kind].kind is DocumentKind(kind), kind
        assert documents[kind].service_date == (dt.date.fromisoformat(expected)
                                                if expected else None), kind
        assert documents[kind].page_count == 3
    assert documents["imaging"].provider == "Henry Park, M.D."
    assert documents["operative"].provider == "David Chen, M.D."
    assert documents["visits"].dates == "01/10/2015 to 02/14/2015"


def test_reviewer_overrides_kind_date_and_provider(case_file):
    database, case_id = case_file
    other = next(d for d in list_documents(database, case_id) if d.kind is DocumentKind.OTHER)
    corrected = correct_document(database, case_id, other.id, kind=DocumentKind.CORRESPONDENCE,
                                 service_date=dt.date(2015, 9, 1), provider="Front desk")
    assert (corrected.kind, corrected.found_kind) == (DocumentKind.CORRESPONDENCE,
                                                      DocumentKind.OTHER)
    assert corrected.service_date == dt.date(2015, 9, 1) and corrected.corrected
    entries = [e for e in chron.chronology(database, case_id) if e.document_id == other.id]
    assert [(e.date, e.kind, e.provider) for e in entries] == [
        (dt.date(2015, 9, 1), DocumentKind.CORRESPONDENCE, "Front desk")]
    back = correct_document(database, case_id, other.id, kind=None, service_date=None)
    assert back.kind is DocumentKind.OTHER and back.service_date is None
    assert back.corrected and back.provider == "Front desk"  # the provider is still the reviewer's
    with pytest.raises(NotFound):
        correct_document(database, case_id, 9999, kind=DocumentKind.PR2)


def test_chronology_is_sorted_linked_and_editable(case_file):
    database, case_id = case_file
    entries = chron.chronology(database, case_id)
    assert [e.date for e in entries] == sorted(e.date for e in entries)
    visits = [e for e in entries if e.document == "visits.pdf"]
    assert [(e.date, e.page, e.provider) for e in visits] == [
        (dt.date(2015, 1, 10), 1, "Maria Lopez, M.D."), (dt.date(2015, 2, 14), 2, "Maria Lopez, M.D.")]
    assert visits[0].excerpt == "Assessment: Lumbar strain, improving."
    assert all(e.origin is EntryOrigin.RECORDS for e in entries)
    assert {e.kind for e in entries} >= {DocumentKind.PR2, DocumentKind.OPERATIVE}

    chron.edit_entry(database, visits[0].id, excerpt_text="Lumbar strain; PT ordered.")
    chron.hide_entry(database, visits[1].id)
    added = chron.add_entry(database, case_id, dt.date(2015, 1, 1), "Phone call with adjuster",
                            kind=DocumentKind.CORRESPONDENCE)
    shown = chron.chronology(database, case_id)
    assert visits[1].id not in [e.id for e in shown]
    assert next(e for e in shown if e.id == visits[0].id).excerpt == "Lumbar strain; PT ordered."
    mine = next(e for e in shown if e.id == added)
    assert (mine.origin, mine.document) == (EntryOrigin.REVIEWER, None)
    assert visits[1].id in [e.id for e in chron.chronology(database, case_id, include_hidden=True)]
    # an edited entry survives the document being reclassified
    correct_document(database, case_id, visits[0].document_id, kind=DocumentKind.THERAPY)
    kept = next(e for e in chron.chronology(database, case_id) if e.id == visits[0].id)
    assert kept.excerpt == "Lumbar strain; PT ordered."
    chron.hide_entry(database, visits[1].id, hidden=False)
    assert len(chron.chronology(database, case_id)) == len(shown) + 1
    with pytest.raises(NotFound):
        chron.add_entry(database, case_id, dt.date(2015, 1, 1), "x", file_id=visits[0].file_id,
                        page=99)


def test_page_citations_are_made_and_resolve_back(case_file):
    database, case_id = case_file
    hit = search_pages(database, case_id, "radiculopathy continue OR \"home exercise\"")[0]
    assert (hit.document, hit.page) == ("visits.pdf", 3)
    citation = cite_hit(database, case_id, hit)
    assert citation.text == "(PR-2, 02/14/2015, p. 3)"
    assert resolve_citation(database, case_id, citation.text) == citation
    operative = next(d for d in list_documents(database, case_id)
                     if d.kind is DocumentKind.OPERATIVE)
    text = cite_page(database, case_id, operative.file_id, 2).text
    assert text == "(Operative Report, 06/20/2014, p. 2)"
    assert resolve_citation(database, case_id, text).file_id == operative.file_id
    other = next(d for d in list_documents(database, case_id) if d.kind is DocumentKind.OTHER)
    assert cite_page(database, case_id, other.file_id, 1).text == "(Other, p. 1)"
    with pytest.raises(NotFound):
        resolve_citation(database, case_id, "(PR-2, 02/14/2015, p. 30)")
    with pytest.raises(NotFound):
        cite_page(database, case_id, operative.id, 4)


def test_documents_reviewed_list_and_letter_section(case_file):
    database, case_id = case_file
    reviewed = documents_reviewed(database, case_id)
    assert len(reviewed) == len(KIND_SAMPLES) + 1
    lines = [document.line for document in reviewed]
    assert "Imaging Report, Henry Park, M.D., 03/02/2015, 3 pages" in lines
    assert "PR-2, Maria Lopez, M.D., 01/10/2015 to 02/14/2015, 3 pages" in lines
    store = CaseStore(database)
    case = store.get(case_id)
    assert letter_documents(database, case) is None  # off by default
    set_documents_reviewed_default(database, True)
    assert letter_documents(database, store.get(case_id)) == lines
    set_case_documents_reviewed(database, case_id, False)
    assert letter_documents(database, store.get(case_id)) is None
    set_case_documents_reviewed(database, case_id, True)
    set_documents_reviewed_default(database, False)
    case = store.get(case_id)
    letter = build_letter(case, documents_reviewed=letter_documents(database, case))
    headings = [section.heading for section in letter.sections]
    assert headings[2] == "DOCUMENTS REVIEWED"
    assert [block.text for block in letter.sections[2].blocks] == lines
    # a letter that printed the section reads back as asking for it, and nothing is unplaced
    reading = parse_letter(plain_text(render_text(letter)))
    assert reading.case.documents_reviewed is True and reading.unplaced == []
    assert "DOCUMENTS REVIEWED" not in [s.heading for s in build_letter(case).sections]

"""The demonstration case: made in a real database from resources/ alone, whole and current."""

from __future__ import annotations

import datetime as dt
import json
import time

import pytest
from conftest import ROOT

from workbench import demo
from workbench.case import ClaimantTerm, Decision, ReviewType, Role
from workbench.letters.export import export_letter
from workbench.letters.reader import read_letter
from workbench.library.citing import check_search_sequence
from workbench.library.seed import load_seed
from workbench.library.store import LibraryStore
from workbench.records.classify import classify
from workbench.records.documents import letter_documents, list_documents
from workbench.records.kinds import DocumentKind
from workbench.records.search import search_pages
from workbench.startup import open_workbench
from workbench.store import CaseStore
from workbench.summary.draft import draft_for_case, full_date, summary_edited
from workbench.summary.form import SummaryForm

SOURCE = json.loads((ROOT / "resources" / "demo" / "case.json").read_text(encoding="utf-8"))
ANCHOR = dt.date.fromisoformat(SOURCE["anchor"])
KINDS = {
    "1-imr-application": DocumentKind.IMR_APPLICATION,
    "2-ur-determination": DocumentKind.UR_DETERMINATION,
    "3-pr2-progress-report": DocumentKind.PR2,
    "4-mri-lumbar-spine": DocumentKind.IMAGING,
    "5-physical-therapy-discharge": DocumentKind.THERAPY,
}


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """One database holding the demo case made today, and its creation time in seconds."""
    folder = tmp_path_factory.mktemp("demo")
    database = open_workbench(str(folder / "cases.sqlite3"))
    started = time.perf_counter()
    case_id = demo.create_demo_case(database)
    seconds = time.perf_counter() - started
    yield database, case_id, seconds
    database.close()


def test_the_demo_is_made_from_resources_alone():
    assert demo.demo_folder() == ROOT / "resources" / "demo"
    assert [path.stem for path in demo.demo_records()] == list(KINDS)
    text = (ROOT / "workbench" / "demo.py").read_text(encoding="utf-8")
    assert "shared" not in text and "seeds" not in text


def test_each_record_reads_as_its_kind():
    for path in demo.demo_records():
        assert classify(path.read_text(encoding="utf-8")) is KINDS[path.stem], path.name


def test_the_cited_entries_are_in_the_shipped_library():
    entries = {entry.key for entry in load_seed()[0].entries}
    for item in SOURCE["items"]:
        for key in item["claims_administrator"] + item["reviewer"]:
            assert key in entries


def test_the_case_is_stored_whole_and_current(made):
    database, case_id, seconds = made
    case = CaseStore(database).get(case_id)
    today = dt.date.today()
    shift = dt.timedelta((today - ANCHOR).days)
    assert case.case_number == f"CM{case.received_on:%y}-0000001"
    assert case.claim_number == "DEMO-25-004417"
    assert case.review_type is ReviewType.STANDARD
    assert case.claimant_term is ClaimantTerm.INJURED_WORKER
    assert (case.organization, case.organization_short) == ("MAXIMUS Federal Services", "MAXIMUS")
    assert case.received_on == today - dt.timedelta(days=2)
    assert case.due_on == case.received_on + dt.timedelta(days=30)
    assert case.ur_decision_on == dt.date(2026, 10, 14) + shift
    assert case.credentials.certifications == ["Physical Medicine and Rehabilitation"]
    assert [(item.description, item.decision) for item in case.items] == [
        ("Physical therapy, lumbar spine, 8 sessions", Decision.UPHELD),
        ("MRI of the lumbar spine", Decision.OVERTURNED)]
    for item, spec in zip(case.items, SOURCE["items"]):
        assert item.rationale and all(len(paragraph) > 100 for paragraph in item.rationale)
        for name, role in (("claims_administrator", Role.CLAIMS_ADMINISTRATOR),
                           ("reviewer", Role.REVIEWER)):
            assert [c.entry_key for c in item.citations(role)] == spec[name]
        assert item.reviewer_citations[0].mtus and not item.reviewer_citations[1].mtus
        assert item.claims_administrator_citations[0].preface  # ODG alone: "did not base ..."
    assert f"on {full_date((dt.date(2026, 10, 5) + shift).isoformat())} the treating" in \
        case.items[1].rationale[0]
    print(f"demo case made in {seconds:.2f} s")


def test_the_citations_follow_the_search_sequence(made):
    database, case_id, _ = made
    case = CaseStore(database).get(case_id)
    assert check_search_sequence(case, LibraryStore(database)) == []


def test_the_form_loads_and_the_summary_is_its_untouched_draft(made):
    database, case_id, _ = made
    case = CaseStore(database).get(case_id)
    form = SummaryForm.from_dict(case.summary_form)
    assert (form.age, form.sex, form.represented) == (46, "female", True)
    assert form.injury_on == case.ur_decision_on - dt.timedelta(days=397)
    assert form.treatments[0].count == "12 sessions" and form.studies[0].kind == "MRI"
    assert form.unreadable == {} and form.extra == {}
    assert not form.medications and not form.exam_findings  # left for the reviewer
    assert case.summary == draft_for_case(case) == form.drafted
    assert len(case.summary) == 3 and not summary_edited(case)
    assert case.summary[0].startswith("The injured worker is a represented 46-year-old female")


APPLICATION = "IMR application and UR determination.pdf"
PACKET = "Medical records from the claims administrator.pdf"


def test_the_records_arrive_in_two_files_one_a_packet_with_a_copy():
    files = demo.demo_files()
    assert [file.name for file in files] == [APPLICATION[:-4], PACKET[:-4]]
    stems = [[record.stem for record in file.records] for file in files]
    assert stems == [["1-imr-application", "2-ur-determination"],
                     ["3-pr2-progress-report", "4-mri-lumbar-spine",
                      "5-physical-therapy-discharge", "3-pr2-progress-report"]]
    assert sorted({stem for names in stems for stem in names}) == list(KINDS)
    assert [bool(record.fax_header) for record in files[1].records] == [False] * 3 + [True]


def test_the_records_are_imported_dated_and_searchable(made):
    database, case_id, _ = made
    documents = list_documents(database, case_id, order="file")
    shift = dt.timedelta((dt.date.today() - ANCHOR).days)
    # the documents inside each file, as page ranges of it; the PR-2 faxed again is a copy
    assert [(doc.file_name, doc.pages, doc.kind) for doc in documents] == [
        (APPLICATION, "p. 1", DocumentKind.IMR_APPLICATION),
        (APPLICATION, "p. 2", DocumentKind.UR_DETERMINATION),
        (PACKET, "pp. 1-2", DocumentKind.PR2),
        (PACKET, "p. 3", DocumentKind.IMAGING),
        (PACKET, "p. 4", DocumentKind.THERAPY),
        (PACKET, "pp. 5-6", DocumentKind.PR2)]
    assert [doc.duplicate_of for doc in documents] == [None] * 5 + [documents[2].id]
    dates = {doc.kind: doc.service_date for doc in documents}
    assert dates[DocumentKind.PR2] == dt.date(2026, 10, 5) + shift
    assert dates[DocumentKind.IMAGING] == dt.date(2026, 1, 15) + shift
    providers = {doc.kind: doc.provider for doc in documents}
    assert providers[DocumentKind.UR_DETERMINATION] == "Alan Imaginary, M.D."
    assert providers[DocumentKind.IMAGING] == "Rita Example, M.D."
    assert providers[DocumentKind.IMR_APPLICATION] is None  # the worker's own form
    assert sum(doc.page_count for doc in documents) == 8
    hits = search_pages(database, case_id, '"extensor hallucis"')
    assert {(hit.document, hit.page) for hit in hits} == {(PACKET, 1), (PACKET, 2)}
    assert "[great toe]" in search_pages(database, case_id, '"great toe"')[0].highlighted()
    assert search_pages(database, case_id, "foraminal narrowing")[0].kind is DocumentKind.IMAGING
    assert search_pages(database, case_id, "Oswestry")[0].kind is DocumentKind.THERAPY


def test_the_letter_exports_and_reads_back(made, tmp_path):
    database, case_id, _ = made
    case = CaseStore(database).get(case_id)
    reviewed = letter_documents(database, case)
    assert reviewed is not None and len(reviewed) == 5
    targets = {kind: tmp_path / f"demo.{kind}" for kind in ("docx", "pdf", "txt")}
    written = export_letter(case, targets, documents_reviewed=reviewed)
    assert written == list(targets.values()) and all(path.stat().st_size for path in written)
    text = targets["txt"].read_text(encoding="utf-8")
    assert "DOCUMENTS REVIEWED" in text and case.summary[2] in text
    for path in (targets["pdf"], targets["docx"]):
        read = read_letter(path).case
        assert read.case_number == case.case_number
        assert [(i.description, i.decision) for i in read.items] == [
            (i.description, i.decision) for i in case.items]
        assert read.summary == case.summary


def test_on_its_anchor_day_the_demo_says_what_its_files_say(tmp_path):
    database = open_workbench(str(tmp_path / "cases.sqlite3"))
    try:
        case_id = demo.create_demo_case(database, today=ANCHOR)
        case = CaseStore(database).get(case_id)
        assert case.received_on.isoformat() == SOURCE["case"]["received_on"]
        assert case.case_number == "CM26-0000001"
        assert case.items[0].rationale == SOURCE["items"][0]["rationale"]
        assert SummaryForm.from_dict(case.summary_form).request_date == "2026-10-05"
        hits = search_pages(database, case_id, '"10/05/2026"')
        assert PACKET in {hit.document for hit in hits}
    finally:
        database.close()


def test_a_failed_import_leaves_no_case(tmp_path, monkeypatch):
    database = open_workbench(str(tmp_path / "cases.sqlite3"))
    try:
        real = demo.import_files

        def failing(database, case_id, paths, **options):
            return real(database, case_id, [*paths[:-1], tmp_path / "missing.pdf"], **options)

        monkeypatch.setattr(demo, "import_files", failing)
        with pytest.raises(demo.DemoError):
            demo.create_demo_case(database)
        assert CaseStore(database).count() == 0
    finally:
        database.close()


@pytest.mark.parametrize("text, days, expected", [
    ("DOS 10/05/2026; ISO 2026-10-05; long October 5, 2026.", 30,
     "DOS 11/04/2026; ISO 2026-11-04; long November 4, 2026."),
    ("February 28, 2024 and 02/28/2023", 1, "February 29, 2024 and 03/01/2023"),
    ("Strength 4/5, pain 7/10, Norco 10/325 mg, 2026", -400,
     "Strength 4/5, pain 7/10, Norco 10/325 mg, 2026"),
    ("Exam 01/15/2026", 0, "Exam 01/15/2026"),
])
def test_dates_move_and_keep_their_form(text, days, expected):
    assert demo.shift_dates(text, days) == expected


def test_record_pdfs_have_a_text_layer(tmp_path):
    import pypdfium2

    path = demo.render_record("TITLE LINE\nFirst page.\fSecond page on 01/15/2026.", 1,
                              tmp_path / "record.pdf")
    pdf = pypdfium2.PdfDocument(path.read_bytes())
    try:
        pages = [pdf[index].get_textpage().get_text_range() for index in range(len(pdf))]
    finally:
        pdf.close()
    assert len(pages) == 2 and "TITLE LINE" in pages[0] and "01/16/2026" in pages[1]
    assert "fictional" in pages[1]

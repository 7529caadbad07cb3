"""Citing library entries on items: the letter's wording, matching old citations, the MTUS-first check."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import SEED_FILES, collapse

from workbench.case import Case, Citation, Decision, Item, Role
from workbench.citations import format_line
from workbench.letters.export import export_letter
from workbench.letters.reader import read_letter
from workbench.library.citing import (
    CitingError,
    check_search_sequence,
    cite,
    link_citations,
    match_citation,
    uncite,
)
from workbench.library.search import LibrarySearch
from workbench.library.store import LibraryStore
from workbench.startup import open_workbench
from workbench.store import CaseStore

NECK_LINE = "Decision based on MTUS ACOEM Chapter 8 Neck and Upper Back Complaints Page(s): 182."
ODG_LINE = ("The Claims Administrator did not base their decision on the MTUS. Decision based on "
            "Non-MTUS Citation Official Disability Guidelines, Pain (Chronic)-Office Visits.")


@pytest.fixture
def database(db_url):
    database = open_workbench(db_url)
    yield database
    database.close()


def _seed_item(line: str, role: Role) -> tuple[Case, Item]:
    """The seed letter and item whose ``role`` line reads ``line`` (as extracted from the PDF)."""
    for path in SEED_FILES:
        case = read_letter(path).case
        for item in case.items:
            if format_line(item.citations(role), role) == line:
                return case, item
    raise AssertionError(f"no seed letter has the line {line!r}")


def _entry(store: LibraryStore, **fields):
    matches = [e for e in store.entries() if all(getattr(e, k) == v for k, v in fields.items())]
    assert len(matches) == 1, (fields, [m.key for m in matches])
    entry = matches[0]
    return entry, store.source(entry.source)


@pytest.mark.parametrize(("line", "role", "fields"), [
    (NECK_LINE, Role.REVIEWER,
     {"chapter": "Chapter 8 Neck and Upper Back Complaints", "pages": "182"}),
    (ODG_LINE, Role.CLAIMS_ADMINISTRATOR, {"chapter": "Pain (Chronic)", "topic": "Office Visits"}),
])
def test_a_cited_entry_prints_the_seed_letters_wording(database, tmp_path, line, role, fields):
    case, item = _seed_item(line, role)
    library, cases = LibraryStore(database), CaseStore(database)
    item.citations(role).clear()
    entry, source = _entry(library, **fields)
    citation = cite(item, entry, source, role)
    assert citation.entry_key == entry.key
    case.id = cases.add(case)
    stored = cases.get(case.id)
    number = case.items.index(item)
    assert stored.items[number].citations(role)[0].entry_key == entry.key
    paths = export_letter(stored, {kind: tmp_path / f"letter.{kind}" for kind in ("txt", "docx", "pdf")})
    for path in paths:
        again = read_letter(path).case.items[number]
        assert format_line(again.citations(role), role) == line, path.suffix
        assert collapse(format_line(again.citations(role), role)) == collapse(line)


def test_an_entry_is_cited_once_per_role_and_the_preface_opens_only_all_non_mtus_lines(database):
    library = LibraryStore(database)
    item = Item(description="Office visit", decision=Decision.UPHELD)
    non_mtus = [e for e in library.entries() if not library.source(e.source).mtus][:2]
    mtus = next(e for e in library.entries() if library.source(e.source).mtus)
    preface = ("The Expert Reviewer based their decision on recommendation(s) outside of the MTUS "
               "Guidelines.")  # a new letter: the wording of the day
    cite(item, non_mtus[0], library.source(non_mtus[0].source), Role.REVIEWER)
    assert format_line(item.reviewer_citations, Role.REVIEWER).startswith(preface)
    for entry in (mtus, non_mtus[1]):
        cite(item, entry, library.source(entry.source), Role.REVIEWER)
    assert [c.entry_key for c in item.reviewer_citations] == [mtus.key, *(e.key for e in non_mtus)]
    with pytest.raises(CitingError, match="already cited"):
        cite(item, mtus, library.source(mtus.source), Role.REVIEWER)
    assert [c.preface for c in item.reviewer_citations] == [False, False, False]
    assert preface not in format_line(item.reviewer_citations, Role.REVIEWER)
    uncite(item, Role.REVIEWER, 0)
    assert [c.preface for c in item.reviewer_citations] == [True, False]
    assert format_line(item.reviewer_citations, Role.REVIEWER).count(preface) == 1


def test_citations_read_from_letters_match_their_library_entries(database):
    search, library = LibrarySearch(database), LibraryStore(database)
    neck, _ = _entry(library, chapter="Chapter 8 Neck and Upper Back Complaints", pages="182")
    case, item = _seed_item(NECK_LINE, Role.REVIEWER)
    assert item.reviewer_citations[0].entry_key is None
    candidates, sure = match_citation(item.reviewer_citations[0], search)
    assert sure is not None and sure.entry.key == neck.key
    assert link_citations(case, search) >= 1
    assert item.reviewer_citations[0].entry_key == neck.key

    loose = Citation(text="Decision based on MTUS Chronic Pain Treatment Guidelines Physical "
                          "therapy: page 98.", source="Chronic Pain Treatment Guidelines",
                     topic="Physical therapy", pages="98", mtus=True)
    candidates, sure = match_citation(loose, search)
    assert sure is not None and sure.entry.pages == "98-99" and sure.entry.pages_verified
    unknown = Citation(text="Decision based on a note from a colleague.")
    assert match_citation(unknown, search)[1] is None


def test_non_mtus_citations_where_the_mtus_applies_get_a_warning_naming_the_entry(database):
    library = LibraryStore(database)
    sources = {s.key: s for s in library.sources()}
    odg_mri = next(e for e in library.entries() if not sources[e.source].mtus
                   and "low back" in e.body_regions and "imaging" in e.treatments)
    imaging, _ = _entry(library, chapter="Chapter 12 Low Back Complaints", pages="303-304")
    case = Case(organization="MAXIMUS Federal Services, Inc.", organization_short="MAXIMUS",
                ur_decision_on=dt.date(2015, 3, 2), items=[
        Item(description="MRI of the lumbar spine", decision=Decision.UPHELD),
        Item(description="MRI of the lumbar spine", decision=Decision.UPHELD),
    ])
    cite(case.items[0], odg_mri, sources[odg_mri.source], Role.REVIEWER)
    cite(case.items[1], imaging, sources[imaging.source], Role.REVIEWER)
    cite(case.items[1], odg_mri, sources[odg_mri.source], Role.REVIEWER)
    warnings = check_search_sequence(case, library)
    assert [(w.item, w.entry_key) for w in warnings] == [(1, imaging.key)]
    assert "Chapter 12 Low Back Complaints" in warnings[0].message
    assert "non-MTUS" in warnings[0].message

    # the ACOEM 2004 chapters gave way to the current ACOEM guidelines in December 2017
    case.ur_decision_on = dt.date(2019, 5, 1)
    messages = [w.message for w in check_search_sequence(case, library)]
    assert any("was not in effect on 05/01/2019" in m for m in messages)
    assert not any(imaging.key in m for m in messages if "non-MTUS" in m)


def test_the_check_also_reads_free_text_citations(database):
    library, search = LibraryStore(database), LibrarySearch(database)
    case = Case(organization="MAXIMUS Federal Services, Inc.", organization_short="MAXIMUS",
                items=[Item(description="Lumbar MRI", decision=Decision.UPHELD)])
    sources = {s.key: s for s in library.sources()}
    odg_mri = next(e for e in library.entries() if not sources[e.source].mtus
                   and "low back" in e.body_regions and "imaging" in e.treatments)
    cite(case.items[0], odg_mri, sources[odg_mri.source], Role.REVIEWER)
    case.items[0].reviewer_citations[0].entry_key = None  # as if read from an old letter
    assert check_search_sequence(case, library) == []
    assert [w.item for w in check_search_sequence(case, library, search)] == [1]


def test_an_mtus_part_cited_as_non_mtus_is_reported(database):
    library, search = LibraryStore(database), LibrarySearch(database)
    line = ("The Expert Reviewer did not base their decision on the MTUS. Decision based on "
            "Non-MTUS Citation American College of Occupational and Environmental Medicine "
            "(ACOEM), 2nd Edition, (2004) Chapter 7, Independent Medical Examinations and "
            "Consultations, page 127.")
    case, item = _seed_item(line, Role.REVIEWER)
    number = case.items.index(item) + 1
    warnings = [w for w in check_search_sequence(case, library, search) if w.item == number]
    assert [w.entry_key for w in warnings] == ["acoem-2004.ch7.referral-consultation"]
    assert "cited as non-MTUS, but it is part of the MTUS" in warnings[0].message


def test_no_warning_names_an_mtus_entry_for_another_region_or_a_broader_treatment(database):
    library = LibraryStore(database)
    sources = {s.key: s for s in library.sources()}
    entries = {e.key: e for e in library.entries()}
    for entry in entries.values():
        if sources[entry.source].mtus:
            continue
        case = Case(organization="MAXIMUS Federal Services, Inc.", organization_short="MAXIMUS",
                    items=[Item(description=entry.topic, decision=Decision.UPHELD)])
        cite(case.items[0], entry, sources[entry.source], Role.REVIEWER)
        for warning in check_search_sequence(case, library):
            named = entries[warning.entry_key]
            assert set(named.body_regions) & (set(entry.body_regions) | {"any"}), (entry.key, named.key)
            if "any" in entry.body_regions:
                assert "any" in named.body_regions, (entry.key, named.key)
            assert set(named.treatments) & set(entry.treatments) - {
                "medication", "surgery", "DME", "injections", "referral", "consultation",
                "evaluation"}, (entry.key, named.key)


def _case(ur: dt.date | None = None, *items: Item) -> Case:
    return Case(organization="MAXIMUS Federal Services", organization_short="MAXIMUS",
                ur_decision_on=ur, items=list(items))


def test_a_letter_keeps_the_citation_style_it_has_and_a_new_one_cites_by_section():
    from workbench.citations import parse_line
    from workbench.letters.template import CitationWording
    from workbench.library.citing import letter_wording

    assert letter_wording(_case()) is CitationWording.SECTIONS
    dated = _case()
    dated.decided_on = dt.date(2015, 4, 1)  # decided in the page-style period
    assert letter_wording(dated) is CitationWording.PAGES
    seed = read_letter(SEED_FILES[0]).case
    assert letter_wording(seed, today=dt.date(2017, 1, 5)) is CitationWording.PAGES
    by_section = Item(description="MRI", decision=Decision.UPHELD)
    by_section.reviewer_citations = parse_line(
        "Decision based on MTUS Low Back Complaints 2004, Section(s): Special Studies.",
        Role.REVIEWER)
    assert letter_wording(_case(None, by_section), today=dt.date(2015, 1, 1)) \
        is CitationWording.SECTIONS


def test_a_page_style_preface_moves_with_the_line_and_a_statement_gives_way(database):
    from workbench.citations import is_statement, parse_line

    library = LibraryStore(database)
    _, item = _seed_item(ODG_LINE, Role.CLAIMS_ADMINISTRATOR)
    mtus = library.entry("acoem-2004.ch12.special-studies")
    cite(item, mtus, library.source(mtus.source), Role.CLAIMS_ADMINISTRATOR)
    line = format_line(item.claims_administrator_citations, Role.CLAIMS_ADMINISTRATOR)
    assert line == ("Decision based on MTUS ACOEM Chapter 12 Low Back Complaints Page(s): "
                    "303-304. " + ODG_LINE.split("MTUS. ", 1)[1])  # the letter cites by page
    uncite(item, Role.CLAIMS_ADMINISTRATOR, 0)
    assert format_line(item.claims_administrator_citations, Role.CLAIMS_ADMINISTRATOR) == ODG_LINE

    nothing = Item(description="Viagra", decision=Decision.UPHELD)
    nothing.claims_administrator_citations = parse_line(
        "The Claims Administrator did not cite any medical evidence for its decision.",
        Role.CLAIMS_ADMINISTRATOR)
    assert is_statement(nothing.claims_administrator_citations[0])
    odg = library.entry("odg.pain.chapter")
    cite(nothing, odg, library.source("odg"), Role.CLAIMS_ADMINISTRATOR)
    assert format_line(nothing.claims_administrator_citations, Role.CLAIMS_ADMINISTRATOR) == (
        "The Claims Administrator based their decision on recommendation(s) outside of the MTUS "
        "Guidelines. Decision based on Non-MTUS Citation Official Disability Guidelines (ODG), "
        "Pain.")
    cite(nothing, library.entry("odg.head.ct"), library.source("odg"), Role.REVIEWER,
         as_cited=None)
    with pytest.raises(CitingError, match="not cited that way"):
        cite(nothing, library.entry("odg.head.x-rays"), library.source("odg"), Role.REVIEWER,
             as_cited="Decision based on Non-MTUS Citation ODG Hip & Pelvis.")


def test_the_sequence_check_knows_the_guidelines_of_2016(database):
    from workbench.citations import parse_line

    library, search = LibraryStore(database), LibrarySearch(database)
    sources = {s.key: s for s in library.sources()}
    january_2017 = dt.date(2017, 1, 9)

    # the 2009 chronic pain guideline gave way to the 2016 one in July 2016
    old = library.entry("chronic-pain-2009.opioids.criteria-for-use")
    case = _case(january_2017, Item(description="Norco", decision=Decision.UPHELD))
    cite(case.items[0], old, sources[old.source], Role.REVIEWER)
    [warning] = check_search_sequence(case, library)
    assert warning.message == ("Item 1: Chronic Pain Guidelines 2009 was not in effect on "
                               "01/09/2017, the date of the UR decision")

    # ODG alone for therapy: the warning names an MTUS part in force in 2017, not the 2009 one
    odg = library.entry("odg.low-back.physical-therapy")
    case = _case(january_2017, Item(description="PT lumbar x 8", decision=Decision.UPHELD))
    cite(case.items[0], odg, sources["odg"], Role.REVIEWER)
    [warning] = check_search_sequence(case, library)
    assert sources[library.entry(warning.entry_key).source].in_effect_on(january_2017)
    assert "the MTUS addresses this treatment" in warning.message

    # a sentence naming two guidelines (read from a letter) is checked for both
    line = ("Decision based on MTUS Low Back Complaints 2004, Section(s): Physical Methods, and "
            "Chronic Pain Medical Treatment 2016, Section(s): TENS, chronic pain (transcutaneous "
            "electrical nerve stimulation).")
    item = Item(description="TENS unit", decision=Decision.UPHELD)
    item.reviewer_citations = parse_line(line, Role.REVIEWER)
    assert check_search_sequence(_case(january_2017, item), library, search) == []
    later = check_search_sequence(_case(dt.date(2018, 3, 1), item), library, search)
    assert sorted(w.entry_key for w in later) == [
        "acoem-2004.ch12.physical-methods", "chronic-pain-2016.electrotherapy.tens"]
    assert all("was not in effect on 03/01/2018" in w.message for w in later)

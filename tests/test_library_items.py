"""Editing disputed items without a window: order and numbers, citation order, rationale text,
the printed guideline line, snippets for an item, entry details and guideline page images."""

from __future__ import annotations

import io

import pytest
from conftest import SEED_FILES
from PIL import Image
from record_files import text_pdf

from workbench.case import Case, Citation, Decision, Item, Role
from workbench.errors import NotFound
from workbench.letters.document import BlockStyle, build_letter
from workbench.letters.reader import read_letter
from workbench.library.citing import check_search_sequence, cite
from workbench.library.display import details_html, entry_title, source_line
from workbench.library.guidelines import GuidelineLibrary, render_page
from workbench.library.items import (
    add_item, citation_label, guideline_line, move_citation, move_item, rationale_paragraphs,
    rationale_text, remove_item, renumber, snippets_for, warnings_for,
)
from workbench.library.model import Snippet
from workbench.library.store import LibraryStore
from workbench.startup import open_workbench


@pytest.fixture
def database(db_url):
    database = open_workbench(db_url)
    yield database
    database.close()


def _case(*descriptions: str, numbered: bool = True) -> Case:
    case = Case("MAXIMUS Federal Services", "MAXIMUS")
    for number, description in enumerate(descriptions, start=1):
        case.items.append(Item(description, Decision.UPHELD, number if numbered else None))
    return case


def _described(case: Case) -> list[tuple[int | None, str]]:
    return [(item.number, item.description) for item in case.items]


def test_items_keep_their_numbers_in_order():
    case = Case("MAXIMUS Federal Services", "MAXIMUS")
    assert add_item(case, "MRI") == 0
    assert add_item(case, "Norco", Decision.OVERTURNED) == 1
    assert add_item(case, "TENS", position=0) == 0
    assert _described(case) == [(1, "TENS"), (2, "MRI"), (3, "Norco")]
    assert case.items[2].decision is Decision.OVERTURNED
    assert move_item(case, 0, 5) == 2
    assert _described(case) == [(1, "MRI"), (2, "Norco"), (3, "TENS")]
    assert remove_item(case, 1).description == "Norco"
    assert _described(case) == [(1, "MRI"), (2, "TENS")]
    assert move_item(case, 1, 1) == 1


def test_a_letter_read_without_numbers_keeps_printing_none():
    case = _case("X-rays", "Physical therapy", numbered=False)
    add_item(case, "Acupuncture", Decision.UPHELD)
    move_item(case, 2, 0)
    remove_item(case, 1)
    assert _described(case) == [(None, "Acupuncture"), (None, "Physical therapy")]
    assert build_letter(case).sections[-1].blocks[1].text == "Acupuncture: Upheld"
    case.items[0].number = 7
    renumber(case)
    assert _described(case) == [(1, "Acupuncture"), (2, "Physical therapy")]


def test_moving_a_citation_moves_the_preface_rule_not_the_preface(database):
    store = LibraryStore(database)
    item = Item("MRI", Decision.UPHELD)
    for key in ("odg.low-back.mri", "acr-ac.imaging.low-back-pain"):
        entry = store.entry(key)
        cite(item, entry, store.source(entry.source), Role.REVIEWER)
    assert [c.preface for c in item.reviewer_citations] == [True, False]
    assert move_citation(item, Role.REVIEWER, 1, 0) == 0
    assert [c.entry_key for c in item.reviewer_citations] == [
        "acr-ac.imaging.low-back-pain", "odg.low-back.mri"]
    assert [c.preface for c in item.reviewer_citations] == [True, False]
    entry = store.entry("acoem-2004.ch12.special-studies")
    cite(item, entry, store.source(entry.source), Role.REVIEWER)
    move_citation(item, Role.REVIEWER, 0, 2)
    assert [c.mtus for c in item.reviewer_citations] == [False, False, True]
    assert not any(c.preface for c in item.reviewer_citations)  # an MTUS sentence is on the line


def test_rationale_text_and_paragraphs():
    text = "First line\nwraps here.  \n\n\n  Second paragraph.\n \nThird."
    assert rationale_paragraphs(text) == ["First line wraps here.", "Second paragraph.", "Third."]
    assert rationale_paragraphs("") == [] and rationale_paragraphs("\n\n \n") == []
    paragraphs = ["One.", "Two (PR-2, 04/15/2015, p. 37)."]
    assert rationale_paragraphs(rationale_text(paragraphs)) == paragraphs
    assert rationale_paragraphs("Typing a word ") == ["Typing a word"]


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.stem)
def test_the_guideline_line_is_the_letters(path):
    case = read_letter(path).case
    blocks = [b.text for b in build_letter(case).sections[-1].blocks
              if b.style is BlockStyle.GUIDELINE]
    shown = [guideline_line(case, item, role) for item in case.items
             for role in (Role.CLAIMS_ADMINISTRATOR, Role.REVIEWER)]
    assert shown == blocks and len(shown) >= 2


def test_citation_labels():
    assert citation_label(Citation(source="ACOEM Chapter 12", pages="303")) == \
        "ACOEM Chapter 12, p. 303"
    assert citation_label(Citation(source="ODG", topic="Low Back-MRI", mtus=False)) == \
        "ODG Low Back-MRI"
    assert citation_label(Citation(source="ODG", section="Special Studies")) == \
        "ODG, Special Studies"
    assert citation_label(Citation(text="Per the guidelines, page 9.")) == \
        "Per the guidelines, page 9."


def test_snippets_for_an_item_put_its_guidelines_first():
    snippets = [Snippet("a", "PT: gains", "No functional gains after therapy."),
                Snippet("b", "Red flags: MRI", "No red flags.",
                        ["acoem-2004.ch12.special-studies"]),
                Snippet("c", "Opioids", "No pain contract, no urine drug screens.")]
    assert [s.key for s in snippets_for(snippets, set())] == ["c", "a", "b"]
    cited = {"acoem-2004.ch12.special-studies"}
    assert [s.key for s in snippets_for(snippets, cited)] == ["b", "c", "a"]
    assert [s.key for s in snippets_for(snippets, cited, "NO gains")] == ["a"]
    assert snippets_for(snippets, cited, "acupuncture") == []


def test_sequence_warnings_for_one_item(database):
    store = LibraryStore(database)
    case = _case("Knee brace", "MRI lumbar spine")
    entry = store.entry("odg.low-back.mri")
    cite(case.items[1], entry, store.source(entry.source), Role.REVIEWER)
    warnings = check_search_sequence(case, store)
    assert warnings_for(warnings, 0) == []
    [warning] = warnings_for(warnings, 1)
    assert warning.message.startswith("Item 2: ") and "MTUS" in warning.message


def test_entry_details_say_what_prints_and_what_is_unverified(database):
    store = LibraryStore(database)
    entry = store.entry("acoem-2004.ch12.special-studies")
    source = store.source(entry.source)
    html = details_html(entry, source, [Snippet("s", "Red <flags>", "x")], pdf=False)
    assert "Page(s): 303-304." in html and "pages verified" in html
    assert "Red &lt;flags&gt;" in html and "No guideline PDF of ACOEM 2004" in html
    assert "No guideline PDF" not in details_html(entry, source, pdf=True)
    entry.pages_verified = False
    assert "not yet verified" in details_html(entry, source, pdf=True)
    assert source_line(entry, source) == "ACOEM 2004 — MTUS — p. 303-304 (unverified)"
    odg = store.entry("odg.low-back.mri")
    assert source_line(odg, store.source("odg")).startswith("ODG — Non-MTUS, tier 2 — ")
    assert entry_title(odg) == "MRIs (magnetic resonance imaging) · " + odg.chapter


def test_a_guideline_page_renders_as_an_image(database, tmp_path):
    pdf = text_pdf(tmp_path / "guide.pdf", ["Page one", "Page two"])
    document = GuidelineLibrary(database).add_pdf(pdf, "acoem-2004", page_offset=0)
    image = Image.open(io.BytesIO(render_page(document.path, 2, width=600)))
    assert image.format == "PNG" and 590 <= image.width <= 610
    assert image.height > image.width  # letter-size, upright
    with pytest.raises(NotFound):
        render_page(document.path, 3)


def test_browsing_a_guideline_lists_its_entries_with_the_filters(database):
    from workbench.library.search import Filters, LibrarySearch

    search = LibrarySearch(database)
    odg = LibraryStore(database).entries("odg")
    assert search.browse(Filters()) == []
    hits = search.browse(Filters(source="odg"))
    assert [hit.entry.key for hit in hits] == [entry.key for entry in odg]
    assert hits[0].citation.startswith("Decision based on Non-MTUS Citation")
    assert search.browse(Filters(source="odg", mtus=True)) == []
    assert search.browse(Filters(source="odg", tier=1)) == []
    knee = search.browse(Filters(source="odg", body_region="knee"))
    assert 0 < len(knee) < len(odg)
    assert all({"knee", "any"} & set(hit.entry.body_regions) for hit in knee)

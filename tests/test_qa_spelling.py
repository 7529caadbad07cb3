"""The spelling check: typos flagged with suggestions; English, the medical vocabulary, the
library, the case's own records and the reviewer's dictionary count as known."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from workbench.case import Case, Decision, Item
from workbench.library.model import Snippet
from workbench.library.store import LibraryStore
from workbench.qa.checks import check_case, check_item
from workbench.qa.findings import DESCRIPTION, RATIONALE, SUMMARY, Severity, field_text
from workbench.qa.spelling import CHECK, ReviewerDictionary, Speller, speller_for
from workbench.records.intake import import_files
from workbench.store import CaseStore

LETTERS = Path(__file__).resolve().parent.parent.parent / "shared" / "real-letters"


@pytest.fixture
def dictionary(tmp_path: Path) -> ReviewerDictionary:
    return ReviewerDictionary(tmp_path / "config" / "dictionary.txt")


@pytest.fixture
def speller(database, dictionary) -> Speller:
    return Speller(database, dictionary)


def words(found) -> list[str]:
    return [m.word for m in found]


def records(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_typos_are_flagged_at_their_place_with_suggestions(speller):
    text = "Teh worker recieved Norco."
    found = speller.misspellings(text)
    assert words(found) == ["Teh", "recieved"]
    assert [text[m.start:m.end] for m in found] == ["Teh", "recieved"]
    assert speller.suggestions("Teh")[0] == "The"
    assert speller.suggestions("recieved")[0] == "received"
    assert "gabapentin" in speller.suggestions("gabapenten")
    assert speller.suggestions("RECIEVED")[0] == "RECEIVED"


def test_the_english_words_are_pyspellcheckers():
    """Read entry by entry (so a worker thread loading them never freezes the window), the
    words and their counts are the ones pyspellchecker itself loads."""
    from spellchecker import SpellChecker

    from workbench.qa.spelling import _english_frequencies

    assert _english_frequencies() == dict(SpellChecker(distance=1).word_frequency.dictionary)


def test_medical_words_abbreviations_and_levels_are_known(speller):
    text = ("Norco 10/325 mg for L4-5 radiculopathy per the MTUS and ODG; Ibuprofen and "
            "cyclobenzaprine failed. The claimant's paraspinal tenderness, non-MTUS "
            "follow-up, x-ray and NSAIDs (see www.dir.ca.gov, e.g. UDS, TENS, C5-6, 5mg) after "
            "an mTBI; tender inferiorly.")
    assert speller.misspellings(text) == []
    # Plurals and possessives of listed words, and hyphenated words made of known parts.
    assert speller.misspellings("radiculopathies, osteophytes, Lyrica's re-evaluation") == []


def test_a_misspelled_part_of_a_hyphenated_word_is_flagged_alone(speller):
    text = "a non-surgcal option"
    [wrong] = speller.misspellings(text)
    assert (wrong.word, text[wrong.start:wrong.end]) == ("surgcal", "surgcal")


def test_the_workers_own_medications_are_known_from_the_case_records(
        speller, database, case_id, tmp_path):
    text = "She takes Xartemis and Belbuca; Teh dose recieved was low."
    assert words(speller.misspellings(text, case_id)) == ["Xartemis", "Belbuca", "Teh",
                                                          "recieved"]
    notes = records(tmp_path, "pr2.txt",
                    "PROGRESS REPORT\nMedications: Xartemis XR twice daily, Belbuca film.\n"
                    "Teh patient recieved a refill.\n")
    assert import_files(database, case_id, [notes])[0].outcome.value == "imported"
    speller.forget_records(case_id)
    # The records vouch for the drug names, not for a word that is a typo of an English one.
    assert words(speller.misspellings(text, case_id)) == ["Teh", "recieved"]
    # Another case's records vouch for nothing here.
    other = CaseStore(database).add(Case("MAXIMUS Federal Services", "MAXIMUS"))
    assert words(speller.misspellings(text, other)) == ["Xartemis", "Belbuca", "Teh",
                                                        "recieved"]


def test_records_imported_later_are_seen_by_the_next_check(database, case_id, tmp_path,
                                                           dictionary):
    speller = Speller(database, dictionary)
    case = CaseStore(database).get(case_id)
    case.summary = ["Current medications include Zohydro."]
    assert [f.message for f in speller_findings(speller, case)] != []
    import_files(database, case_id, [records(tmp_path, "meds.txt", "Zohydro ER 20 mg daily.")])
    assert speller_findings(speller, case) == []  # the check notices the new file itself


def speller_findings(speller: Speller, case: Case):
    from workbench.qa.spelling import spelling_findings

    return spelling_findings(speller, case)


def test_the_librarys_words_are_known_and_followed(database, dictionary):
    speller = Speller(database, dictionary)
    assert words(speller.misspellings("as Airaksinen showed")) == ["Airaksinen"]
    LibraryStore(database).add_snippet(Snippet(
        key="", title="Exercise", text="Exercise programs help (Airaksinen, 2006)."))
    speller.refresh_library()
    assert speller.misspellings("as Airaksinen showed") == []


def test_the_reviewers_dictionary_is_kept_in_a_private_file(database, dictionary):
    speller = Speller(database, dictionary)
    assert words(speller.misspellings("Dr. Okonkwo-Nwosu noted")) == ["Okonkwo", "Nwosu"]
    speller.add_to_dictionary("Okonkwo")
    speller.add_to_dictionary("okonkwo")  # once, whatever its case
    assert words(speller.misspellings("Dr. Okonkwo-Nwosu noted")) == ["Nwosu"]
    assert dictionary.path.read_text(encoding="utf-8") == "Okonkwo\n"
    assert stat.S_IMODE(dictionary.path.stat().st_mode) == 0o600
    # Another window (another Speller over the same file) knows it too.
    again = Speller(None, ReviewerDictionary(dictionary.path))
    assert again.misspellings("OKONKWO") == []
    with pytest.raises(ValueError, match="single word"):
        speller.add_to_dictionary("two words")


def test_findings_name_the_field_item_and_span_of_each_word(database, case_id, monkeypatch,
                                                          tmp_path):
    monkeypatch.setenv("IMR_WORKBENCH_CONFIG", str(tmp_path / "config"))
    case = CaseStore(database).get(case_id)
    case.summary = ["The worker was seen.", "Teh MRI was normal."]
    case.items = [
        Item("Physcial therapy", Decision.UPHELD,
             rationale=["Therapy helped.", "It was recieved well; recieved twice."]),
        Item("Norco 10/325 mg", Decision.OVERTURNED, rationale=["Norco is medically necessary."]),
    ]
    found = [f for f in check_case(database, case) if f.check == CHECK]
    assert {(f.item, f.field, field_text(case, f.item, f.field)[f.span[0]:f.span[1]])
            for f in found} == {(None, SUMMARY, "Teh"), (0, DESCRIPTION, "Physcial"),
                                (0, RATIONALE, "recieved")}
    assert len(found) == 4  # "recieved" twice, once per place
    assert all(f.severity is Severity.WARNING for f in found)
    recieved = [f for f in found if f.field == RATIONALE]
    assert recieved[0].key == recieved[1].key  # one word, one acknowledgement
    assert "“received”" in recieved[0].message
    # The key stays when other words of the rationale change.
    case.items[0].rationale[0] = "Therapy helped a great deal."
    assert recieved[0].key in {f.key for f in check_item(database, case, 0)}
    assert [f for f in check_item(database, case, 1) if f.check == CHECK] == []


def test_the_window_and_the_checks_share_one_speller_per_database(database, tmp_path):
    from db.database import open_database

    other = open_database(str(tmp_path / "other.sqlite3"))
    try:
        assert speller_for(database) is speller_for(database)
        assert speller_for(other) is not speller_for(database)
    finally:
        other.close()


@pytest.mark.skipif(not LETTERS.is_dir(), reason="the published letters are not beside the repo")
def test_published_letters_typos_are_found_and_little_else():
    """The 90 published letters were signed as they are: their few real typos are found, and
    the words flagged are few (each flagged word is a real typo or a rare name)."""
    from workbench.letters.reader import read_letter
    from workbench.qa.spelling import case_texts

    speller = Speller(None, ReviewerDictionary(Path("/nonexistent/dictionary.txt")))
    flagged: set[str] = set()
    words_read = 0
    for path in sorted(LETTERS.glob("*.pdf")):
        case = read_letter(path).case
        for _item, _field, text in case_texts(case, range(len(case.items))):
            words_read += len(text.split())
            flagged |= {m.word.lower() for m in speller.misspellings(text)}
    assert {"tramdol", "diazempam", "ketaprofen", "parasthesias"} <= flagged
    assert len(flagged) * 1000 < words_read * 2, (len(flagged), words_read)

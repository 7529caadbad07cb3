"""The guideline library: the shipped seed, upgrades, editing, exchange files and guideline PDFs."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, replace
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas
from sqlalchemy import text

from db.database import open_database
from workbench.errors import NotFound, UnreadableFile
from workbench.library.exchange import (
    LibraryFileError,
    from_csv,
    from_json,
    read_library_file,
    to_csv,
    to_json,
)
from workbench.library.guidelines import GuidelineLibrary
from workbench.library.model import Entry, Snippet, Source
from workbench.library.search import LibrarySearch
from workbench.library.seed import load_seed, seed_file, upgrade_library
from workbench.library.store import LibraryError, LibraryStore
from workbench.startup import open_workbench


@pytest.fixture
def database(db_url):
    database = open_workbench(db_url)
    yield database
    database.close()


def _snapshot(store: LibraryStore) -> str:
    return to_json(store.export_data())


def test_a_new_database_holds_the_seed_library(database):
    store = LibraryStore(database)
    seed, _ = load_seed()
    assert store.count() == len(seed.entries) >= 150
    assert {s.key for s in store.sources()} == {s.key for s in seed.sources}
    assert store.entries() == sorted(
        seed.entries, key=lambda e: ({s.key: s.tier for s in seed.sources}[e.source], e.key))
    # every entry is searchable from the start
    with database.engine.connect() as connection:
        indexed = connection.execute(text("SELECT count(*) FROM guideline_entry_search")).scalar()
    assert indexed == len(seed.entries)


def test_the_seed_covers_the_mtus_parts_and_marks_unconfirmed_pages(database):
    seed, _ = load_seed()
    sources = {s.key: s for s in seed.sources}
    mtus = [e for e in seed.entries if sources[e.source].mtus]
    chapters = {e.chapter for e in mtus if e.chapter}
    for chapter in ("Chapter 7 Independent Medical Examinations and Consultations",
                    "Chapter 8 Neck and Upper Back Complaints", "Chapter 9 Shoulder Complaints",
                    "Chapter 10 Elbow Disorders", "Chapter 11 Forearm, Wrist, and Hand Complaints",
                    "Chapter 12 Low Back Complaints", "Chapter 13 Knee Complaints",
                    "Chapter 14 Ankle and Foot Complaints", "Chapter 15 Stress Related Conditions",
                    "Chapter 16 Eye"):
        assert chapter in chapters, chapter
    titles = {sources[e.source].citation_title for e in seed.entries}
    for title in ("Chronic Pain Treatment Guidelines", "Postsurgical Treatment Guidelines",
                  "Acupuncture Medical Treatment Guidelines", "Opioids Treatment Guidelines",
                  "Drug Formulary", "Official Disability Guidelines", "ACR Appropriateness Criteria"):
        assert title in titles, title
    confirmed = {("Chapter 8 Neck and Upper Back Complaints", "182"),
                 ("Chapter 12 Low Back Complaints", "303-304"),
                 ("Chapter 7 Independent Medical Examinations and Consultations", "127"),
                 (None, "98-99")}
    verified = {(e.chapter, e.pages) for e in seed.entries if e.pages_verified}
    assert verified <= confirmed and len(verified) == len(confirmed)
    assert all(e.summary and len(e.summary) < 700 for e in seed.entries)


def _edited_seed(tmp_path: Path, change) -> Path:
    document = json.loads(seed_file().read_text(encoding="utf-8"))
    change(document)
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_an_upgrade_adds_new_seed_entries_and_keeps_the_reviewers_edits(database, tmp_path):
    store = LibraryStore(database)
    entries = store.entries()
    edited, removed, untouched = entries[0], entries[1], entries[2]
    store.update_entry(replace(edited, summary="My own reading of this section."))
    store.delete_entry(removed.key)
    own = store.add_entry(Entry(key="", source=edited.source, topic="My topic", pages="12"))
    before = store.count()

    def change(document):
        for entry in document["entries"]:
            if entry["key"] in (edited.key, removed.key, untouched.key):
                entry["summary"] = "Revised in the new release."
        document["entries"].append({**document["entries"][0], "key": "new.release.entry",
                                    "topic": "A topic added in the new release"})
    report = upgrade_library(database, _edited_seed(tmp_path, change))
    assert (report.added, report.refreshed, report.kept) == (1, 1, 2)
    assert store.count() == before + 1
    assert store.entry(edited.key).summary == "My own reading of this section."
    assert store.entry(untouched.key).summary == "Revised in the new release."
    assert store.entry(own).topic == "My topic"
    with pytest.raises(NotFound):
        store.entry(removed.key)  # a removed seed entry does not come back
    # running the same upgrade again changes nothing
    snapshot = _snapshot(store)
    assert upgrade_library(database, tmp_path / "seed.json").current
    assert _snapshot(store) == snapshot


def test_a_database_of_the_previous_release_receives_the_section_style_library(tmp_path):
    """The previous release had no 2016 chronic pain guideline and dated the 2016 opioid
    guideline from December 2017; starting this release brings both in."""
    def previous(document):
        document["sources"] = [s for s in document["sources"] if s["key"] != "chronic-pain-2016"]
        document["entries"] = [e for e in document["entries"]
                               if e["source"] != "chronic-pain-2016" and e["key"] != "odg.head.ct"]
        for source in document["sources"]:
            if source["key"] == "mtus-opioids-2016":
                source["effective_from"] = "2017-12-01"
    old_seed = _edited_seed(tmp_path, previous)
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    open_database(url, populate=lambda db: upgrade_library(db, old_seed)).close()
    old = open_database(url)
    assert not [e for e in LibraryStore(old).entries() if e.source == "chronic-pain-2016"]
    old.close()

    database = open_workbench(url)  # this release's start
    try:
        store = LibraryStore(database)
        seed, _ = load_seed()
        assert store.count() == len(seed.entries)
        assert store.source("mtus-opioids-2016").effective_from == dt.date(2016, 7, 28)
        new = [e for e in store.entries() if e.source == "chronic-pain-2016"]
        assert len(new) == len([e for e in seed.entries if e.source == "chronic-pain-2016"]) > 40
        hits = LibrarySearch(database).search("head CT", limit=3, on=dt.date(2017, 1, 5))
        assert hits[0].entry.key == "odg.head.ct"
        assert hits[0].citation == ("Decision based on Non-MTUS Citation Official Disability "
                                    "Guidelines (ODG) Head, CT (computed tomography).")
    finally:
        database.close()


def test_entries_sources_and_snippets_can_be_added_edited_and_removed(database):
    store, search = LibraryStore(database), LibrarySearch(database)
    store.add_source(Source(key="my-notes", title="Journal article notes", short_title="Notes",
                            citation_title="Smith et al. 2019", mtus=False, tier=4))
    key = store.add_entry(Entry(key="", source="my-notes", topic="Platelet rich plasma knee",
                                keywords=["PRP"], body_regions=["knee"]))
    assert key.startswith("my-notes.platelet-rich-plasma-knee.")
    assert [hit.entry.key for hit in search.search("platelet", filters=_only("my-notes"))] == [key]
    store.update_entry(replace(store.entry(key), topic="Autologous blood injections"))
    assert search.search("platelet", filters=_only("my-notes")) == []
    assert search.search("autologous", filters=_only("my-notes"))[0].entry.key == key

    snippet = store.add_snippet(Snippet(key="", title="PRP evidence",
                                        text="Evidence for this injection remains limited.",
                                        entries=[key]))
    assert store.snippet(snippet).entries == [key]
    assert search.search("evidence remains limited", filters=_only("my-notes"))[0].entry.key == key
    store.update_snippet(replace(store.snippet(snippet), entries=[]))
    assert search.search("remains limited", filters=_only("my-notes")) == []
    store.delete_snippet(snippet)

    with pytest.raises(LibraryError, match="still has 1 entries"):
        store.delete_source("my-notes")
    store.delete_entry(key)
    store.delete_source("my-notes")
    with pytest.raises(NotFound):
        store.source("my-notes")


def _only(source: str):
    from workbench.library.search import Filters
    return Filters(source=source)


def test_json_and_csv_round_trips_are_lossless(database, tmp_path):
    store = LibraryStore(database)
    entries = store.entries()
    store.add_snippet(Snippet(key="snip.one", title="Fading frequency",
                              text='Therapy "fades" from 3 visits a week, to self-directed care;\n'
                                   "then home exercise.", entries=[entries[0].key, entries[5].key]))
    store.update_entry(replace(entries[3], keywords=["a; b", "comma, inside"], document_page=7,
                               pages=None, section="Section with \u00e9 accent"))
    data = store.export_data()
    for name, write, read in (("library.json", to_json, from_json), ("library.csv", to_csv, from_csv)):
        written = write(data)
        again = read(written)
        assert again.sources == data.sources and again.entries == data.entries
        assert again.snippets == data.snippets
        # into a fresh database, then out again: every field survives
        fresh = open_database(f"sqlite:///{tmp_path / name}.sqlite3")
        LibraryStore(fresh).import_data(again)
        out = LibraryStore(fresh).export_data()
        assert [asdict(s) for s in out.sources] == [asdict(s) for s in data.sources]
        assert [asdict(e) for e in out.entries] == [asdict(e) for e in data.entries]
        assert [asdict(s) for s in out.snippets] == [asdict(s) for s in data.snippets]
        fresh.close()
        path = tmp_path / name
        path.write_text(written, encoding="utf-8")
        assert read_library_file(path).entries == data.entries


@pytest.mark.parametrize(("name", "content", "message"), [
    ("bad.json", '{"sources": [],\n "entries": [\n  {"key": "x",}\n ]}', "bad.json line 3"),
    ("bad.json", '{"entries": [{"key": "k", "source": "odg", "topic": "t", "pages_verified": 2}]}',
     "entries[0].pages_verified: expected yes or no"),
    ("bad.json", '{"entries": [{"key": "k", "source": "nowhere", "topic": "t"}]}',
     "names source 'nowhere'"),
    ("bad.json", '{"sources": [{"key": "s", "title": "t", "short_title": "t", '
                 '"citation_title": "t", "mtus": false, "tier": 9}]}', "sources[0].tier"),
    ("bad.json", '{"entries": [{"key": "k", "source": "odg", "topic": "t", "colour": "red"}]}',
     "entries[0].colour: unknown field"),
    ("bad.csv", "kind,key,source,topic,pages_verified\r\nentry,k1,odg,Topic,yes\r\n"
                "entry,k2,odg,Topic,maybe\r\n", "bad.csv line 3, column pages_verified"),
    ("bad.csv", "kind,key,source,topic\r\nentry,k1,odg,\r\n", "bad.csv line 2, column topic: missing"),
    ("bad.csv", "kind,key,source,topic\r\nbook,k1,odg,T\r\n", "bad.csv line 2, column kind"),
    ("bad.csv", "kind,key,source,topic,effective_from\r\nentry,k1,odg,T,2020-01-01\r\n",
     "bad.csv line 2, column effective_from: not a field of an entry"),
    ("bad.txt", "anything", "must end in .json or .csv"),
    ("bad.json", "", "bad.json line 1"),
])
def test_a_malformed_file_says_where_and_changes_nothing(database, tmp_path, name, content, message):
    store = LibraryStore(database)
    before = _snapshot(store)
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LibraryFileError) as raised:
        store.import_data(read_library_file(path))
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)
    assert _snapshot(store) == before


def test_an_import_naming_a_missing_entry_is_refused_whole(database):
    store = LibraryStore(database)
    before = _snapshot(store)
    data = store.export_data()
    data.entries[0].summary = "changed"
    data.snippets.append(Snippet(key="s", title="t", text="x", entries=["no.such.entry"]))
    with pytest.raises(LibraryFileError, match="no.such.entry"):
        store.import_data(data)
    assert _snapshot(store) == before


# -- guideline PDFs -------------------------------------------------------------

FRONT_MATTER = 2
PRINTED = {97: "Opioids and their ongoing review.",
           98: "Physical medicine: allow for fading of treatment frequency toward home exercise.",
           99: "Myalgia and myositis: nine to ten visits over eight weeks."}


def _guideline_pdf(path: Path) -> Path:
    pdf = canvas.Canvas(str(path), pagesize=letter)
    for title in ("Chronic Pain Medical Treatment Guidelines", "Contents"):
        pdf.drawString(72, 700, title)
        pdf.showPage()
    for number, words in PRINTED.items():
        pdf.drawString(72, 700, words)
        pdf.drawString(300, 40, str(number))
        pdf.showPage()
    pdf.save()
    return path


def test_a_guideline_pdf_is_searchable_and_opens_at_the_cited_page(database, tmp_path):
    library, store = GuidelineLibrary(database), LibraryStore(database)
    entry = next(e for e in store.entries() if e.pages == "98-99" and e.pages_verified)
    source = entry.source
    original = _guideline_pdf(tmp_path / "my guideline.pdf")
    content = original.read_bytes()
    document = library.add_pdf(original, source, page_offset=FRONT_MATTER - 96)
    assert document.page_count == 5 and document.path.read_bytes() == content
    assert (document.path.stat().st_mode & 0o777) == 0o600
    original.unlink()  # the library keeps its own copy

    location = library.open_at(entry.key)
    assert (location.pdf_page, location.printed_page) == (4, 98)
    assert location.path == document.path

    hits = LibrarySearch(database).search_pages("fading frequency")
    assert [(hit.pdf_page, hit.printed_page, hit.source) for hit in hits] == [(4, 98, source)]
    assert "\x02fading\x03" in hits[0].snippet
    assert library.page_text(document.id, 5).startswith("Myalgia")

    library.set_page_offset(document.id, FRONT_MATTER - 95)  # a correction of the offset
    assert library.open_at(entry.key).pdf_page == 5
    store.update_entry(replace(entry, document_page=97))
    assert library.open_at(entry.key).pdf_page == 4

    copy = tmp_path / "copy.pdf"
    copy.write_bytes(content)
    again = library.add_pdf(copy, source)
    assert again.id == document.id  # the same file is recognised, not stored twice
    library.remove(document.id)
    assert not document.path.exists()
    assert LibrarySearch(database).search_pages("fading") == []
    with pytest.raises(NotFound, match="add-pdf"):
        library.open_at(entry.key)


def test_unreadable_guideline_pdfs_fail_with_one_line(database, tmp_path):
    library = GuidelineLibrary(database)
    source = LibraryStore(database).sources()[0].key
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(_guideline_pdf(tmp_path / "good.pdf").read_bytes()[:400])
    encrypted = tmp_path / "locked.pdf"
    pdf = canvas.Canvas(str(encrypted), encrypt="secret")
    pdf.drawString(72, 700, "locked")
    pdf.save()
    for path, message in ((empty, "is empty"), (broken, "not a readable PDF"),
                          (encrypted, "password-protected"), (tmp_path / "gone.pdf", "No such file")):
        with pytest.raises(UnreadableFile, match=message):
            library.add_pdf(path, source)
    with pytest.raises(NotFound):
        library.add_pdf(tmp_path / "good.pdf", "no-such-source")
    assert library.documents() == []
    assert list(library.folder().iterdir()) == []


def test_a_partial_file_may_refer_to_what_the_library_holds(database, tmp_path):
    store, search = LibraryStore(database), LibrarySearch(database)
    path = tmp_path / "mine.json"
    path.write_text(json.dumps({"entries": [
        {"key": "my.knee.1", "source": "odg", "topic": "Hinged knee brace after ACL repair",
         "keywords": ["hinged brace"]}],
        "snippets": [{"key": "my.snip", "title": "t", "text": "x", "entries": ["odg.knee.mri"]}]}))
    store.import_data(read_library_file(path))
    assert store.entry("my.knee.1").source == "odg"
    assert store.snippet("my.snip").entries == ["odg.knee.mri"]
    assert search.search("hinged brace")[0].entry.key == "my.knee.1"


def test_renaming_a_source_reindexes_its_entries(database):
    store, search = LibraryStore(database), LibrarySearch(database)
    odg = store.source("odg")
    data = store.export_data()
    data.sources = [replace(odg, title="Zebraguide")]
    data.entries, data.snippets = [], []
    store.import_data(data)
    hits = search.search("zebraguide", limit=100)
    assert len(hits) == len(store.entries("odg")) > 0


def test_a_shipped_source_cannot_be_deleted_so_an_upgrade_cannot_bring_it_back(database):
    store = LibraryStore(database)
    with pytest.raises(LibraryError, match="ships with the workbench"):
        store.delete_source("acr-ac")
    for entry in store.entries("acr-ac"):
        store.delete_entry(entry.key)
    assert store.entries("acr-ac") == []


@pytest.mark.parametrize(("content", "message"), [
    ('{"entries": [{"key": "k", "source": "odg", "topic": "t", "keywords": "brace, hinged"}]}',
     "entries[0].keywords: expected a list of words"),
    ('{"entries": [{"key": "k", "source": "odg", "topic": "t", "document_page": 2.7}]}',
     "entries[0].document_page: expected a page number"),
])
def test_hand_edited_json_is_not_quietly_changed(database, tmp_path, content, message):
    path = tmp_path / "edited.json"
    path.write_text(content)
    with pytest.raises(LibraryFileError, match=message.replace("[", r"\[").replace("]", r"\]")):
        read_library_file(path)


def test_csv_errors_name_the_line_where_the_record_starts(database, tmp_path):
    store = LibraryStore(database)
    entry = store.entries()[0]
    data = store.export_data()
    data.sources, data.snippets = [], []
    data.entries = [replace(entry, keywords=["one", "two", "three"]), replace(entry, key="k2")]
    rows = to_csv(data).split("\r\n")
    rows[2] = rows[2].replace(",yes,", ",perhaps,").replace(",no,", ",perhaps,")
    path = tmp_path / "multi.csv"
    path.write_text("\r\n".join(rows) + ",,,\r\n", encoding="utf-8", newline="")
    second_starts = 2 + rows[1].count("\n") + 1  # the first record's list cells span lines
    assert second_starts > 3
    with pytest.raises(LibraryFileError,
                       match=rf"multi.csv line {second_starts}, column pages_verified"):
        read_library_file(path)

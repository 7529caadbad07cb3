"""The library and item commands, run as a reviewer runs them."""

from __future__ import annotations

import json

from conftest import SEED_FILES
from reportlab.pdfgen import canvas

from workbench.library.seed import load_seed

HIT_KEYS = {"key", "source", "chapter", "topic", "pages", "section", "mtus", "tier", "summary",
            "citation", "cited_as", "in_effect"}


def test_search_prints_entries_best_first_as_json(cli):
    result = cli("library", "search", "lumbr mri", "--json", "--limit", "5")
    assert result.code == 0, result.err
    hits = json.loads(result.out)
    assert 0 < len(hits) <= 5
    assert all(HIT_KEYS <= set(hit) for hit in hits)
    top = {hit["key"]: hit for hit in hits[:3]}
    assert "acoem-2004.ch12.special-studies" in top
    assert top["acoem-2004.ch12.special-studies"]["citation"] == (
        "Decision based on MTUS Low Back Complaints 2004, Section(s): Special Studies.")
    assert hits[0]["mtus"] is True and hits[0]["tier"] == 1
    by_page = json.loads(cli("library", "search", "lumbr mri", "--json", "--wording", "pages").out)
    assert "Decision based on MTUS ACOEM Chapter 12 Low Back Complaints Page(s): 303-304." in [
        hit["citation"] for hit in by_page]
    scores = [hit["score"] for hit in hits]
    assert scores == sorted(scores, reverse=True)

    odg = json.loads(cli("library", "search", "mri", "--json", "--non-mtus", "--region", "knee").out)
    assert odg and all(not hit["mtus"] for hit in odg)
    text = cli("library", "search", "gabapentin")
    assert text.code == 0 and "Decision based on MTUS Chronic Pain Medical Treatment 20" in text.out
    nothing = cli("library", "search", "qqqzzz")
    assert nothing.code == 0 and "No entries found" in nothing.out


def test_search_on_a_date_ranks_the_guidelines_then_in_effect_first(cli):
    hits = json.loads(cli("library", "search", "norco", "--json", "--on", "01/15/2017",
                          "--limit", "40").out)
    assert hits[0]["source"] == "mtus-opioids-2016" and hits[0]["in_effect"] is True
    effect = [hit["in_effect"] for hit in hits]
    assert effect == sorted(effect, reverse=True) and False in effect  # 2009 sections follow
    assert "chronic-pain-2009" in {hit["source"] for hit in hits if not hit["in_effect"]}
    text = cli("library", "search", "norco", "--on", "2017-01-15", "--limit", "40")
    assert "(not in effect on that date)" in text.out
    bad = cli("library", "search", "norco", "--on", "last tuesday")
    assert bad.code == 2 and bad.err.count("\n") == 1 and "--on" in bad.err


def test_export_then_import_round_trips_and_a_bad_file_changes_nothing(cli, tmp_path):
    exported = tmp_path / "library.csv"
    result = cli("library", "export", str(exported))
    assert result.code == 0, result.err
    assert exported.stat().st_mode & 0o777 == 0o600
    before = cli("library", "export", str(tmp_path / "before.json"))
    assert before.code == 0

    bad = tmp_path / "edited.csv"
    lines = exported.read_bytes().decode("utf-8").split("\r\n")
    header = lines[0].split(",")
    bad.write_text("\r\n".join([lines[0], lines[1].replace(",yes,", ",perhaps,", 1)]) + "\r\n",
                   encoding="utf-8")
    result = cli("library", "import", str(bad))
    assert result.code == 2 and result.out == ""
    assert result.err.count("\n") == 1 and "edited.csv line 2" in result.err
    assert "mtus" in header
    cli("library", "export", str(tmp_path / "after.json"))
    assert (tmp_path / "after.json").read_text() == (tmp_path / "before.json").read_text()

    result = cli("library", "import", str(exported))
    assert result.code == 0, result.err
    seed, _ = load_seed()
    assert result.out.startswith(f"Imported {len(seed.sources)} sources, "
                                 f"{len(seed.entries)} entries, 0 snippets")
    cli("library", "export", str(tmp_path / "again.json"))
    assert (tmp_path / "again.json").read_text() == (tmp_path / "before.json").read_text()


def test_add_pdf_then_open_at_the_cited_page(cli, tmp_path):
    pdf_path = tmp_path / "chronic pain.pdf"
    pdf = canvas.Canvas(str(pdf_path))
    for page in range(1, 104):
        pdf.drawString(72, 700, "Physical medicine fading frequency" if page == 100 else f"p{page}")
        pdf.showPage()
    pdf.save()
    result = cli("library", "add-pdf", str(pdf_path), "--source", "chronic-pain-2009",
                 "--page-offset", "2")
    assert result.code == 0, result.err
    assert "103 pages" in result.out
    opened = cli("library", "open", "chronic-pain-2009.physical-medicine.physical-medicine")
    assert opened.code == 0 and opened.out.strip().endswith(".pdf#page=100")
    pages = json.loads(cli("library", "search", "fading frequency", "--pages", "--json").out)
    assert [(p["pdf_page"], p["printed_page"]) for p in pages["pages"]] == [(100, 98)]

    missing = cli("library", "add-pdf", str(pdf_path), "--source", "nowhere")
    assert missing.code == 2 and "nowhere" in missing.err and "Traceback" not in missing.err
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.7 not really")
    broken = cli("library", "add-pdf", str(junk), "--source", "odg")
    assert broken.code == 2 and broken.err.strip() == (
        "error: junk.pdf is not a readable PDF (damaged or not a PDF)")


def test_item_cite_prints_the_line_and_warns_when_the_mtus_is_skipped(cli, tmp_path):
    assert cli("letter", "import", str(SEED_FILES[0])).code == 0
    removed = cli("item", "uncite", "1", "1", "1", "--as", "reviewer")
    assert removed.code == 0 and removed.out.strip() == "(no citations)"
    result = cli("item", "cite", "1", "1", "odg.low-back.mri", "--as", "reviewer")
    assert result.code == 0, result.err
    odg_line = ("The Expert Reviewer did not base their decision on the MTUS. Decision based on "
                "Non-MTUS Citation Official Disability Guidelines, Low Back - Lumbar & Thoracic "
                "(Acute & Chronic)-MRIs (magnetic resonance imaging).")
    assert result.out.strip() == odg_line
    assert result.err.startswith("warning: Item 1: the reviewer's citations are all non-MTUS")
    assert "(acoem-2004.ch12.special-studies)" in result.err
    check = cli("item", "check", "1")
    assert check.code == 0 and "acoem-2004.ch12.special-studies" in check.out

    cited = cli("item", "cite", "1", "1", "acoem-2004.ch12.special-studies", "--as", "reviewer")
    assert cited.code == 0 and cited.err == ""
    odg_sentence = odg_line.split("MTUS. ", 1)[1]  # a line citing the MTUS has no preface
    assert cited.out.strip() == ("Decision based on MTUS ACOEM Chapter 12 Low Back Complaints "
                                 "Page(s): 303-304. " + odg_sentence)
    assert "No warnings" in cli("item", "check", "1").out

    again = cli("item", "cite", "1", "1", "odg.low-back.mri", "--as", "reviewer")
    assert again.code == 2 and "already cited" in again.err
    for bad in (("item", "cite", "1", "9", "odg.low-back.mri", "--as", "reviewer"),
                ("item", "cite", "1", "1", "no.such.key", "--as", "reviewer"),
                ("item", "cite", "99", "1", "odg.low-back.mri", "--as", "reviewer"),
                ("item", "uncite", "1", "1", "5", "--as", "reviewer")):
        result = cli(*bad)
        assert result.code == 2 and result.err.count("\n") == 1, result.err

    as_printed = cli("item", "cite", "1", "1", "odg.low-back.radiography", "--as",
                     "claims-administrator", "--as-cited", "2")
    assert as_printed.code == 0, as_printed.err
    assert as_printed.out.strip().endswith("Decision based on Non-MTUS Citation Official "
                                           "Disability Guidelines (ODG) Low Back chapter/ x-ray.")
    by_section = cli("item", "cite", "1", "1", "acoem-2004.ch12.chapter", "--as",
                     "claims-administrator", "--wording", "sections")
    assert "Decision based on MTUS Low Back Complaints 2004." in by_section.out
    missing = cli("item", "cite", "1", "1", "odg.low-back.tpii", "--as", "reviewer",
                  "--as-cited", "9")
    assert missing.code == 2 and "no wording 9" in missing.err

    letter = tmp_path / "letter.txt"
    assert cli("letter", "export", "1", "--txt", str(letter)).code == 0
    assert f"MAXIMUS guideline: Decision based on MTUS ACOEM Chapter 12 Low Back Complaints " \
           f"Page(s): 303-304. {odg_sentence}" in " ".join(letter.read_text(encoding="utf-8").split())

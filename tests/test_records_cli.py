"""``records`` commands as a reviewer runs them: a child process on a real SQLite file."""

from __future__ import annotations

import json

from record_files import KIND_SAMPLES, bad_inputs, png_scan, text_pdf


def make_case(cli) -> str:
    from conftest import SEED_FILES

    result = cli("letter", "import", str(SEED_FILES[0]))
    assert result.code == 0, result.err
    return result.out.strip()


def test_import_list_search_chronology_and_cite(cli, tmp_path):
    case_id = make_case(cli)
    pr2 = text_pdf(tmp_path / "pr2.pdf", [KIND_SAMPLES["pr2"], "Plan: trial of gabapentin."])
    scan = png_scan(tmp_path / "mri scan.png", KIND_SAMPLES["imaging"])
    result = cli("records", "import", case_id, str(pr2), str(scan), "--progress")
    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        "imported: pr2.pdf (2 pages, PR-2, 04/15/2015)",
        "imported: mri scan.png (1 page, Imaging Report, 03/02/2015)"]
    assert "pages" in result.err  # the progress bar

    listing = json.loads(cli("records", "list", case_id, "--json").out)
    assert [(d["file"], d["kind"], d["pages"]) for d in listing] == [
        ("mri scan.png", "imaging", 1), ("pr2.pdf", "pr2", 2)]
    assert "PR-2" in cli("records", "list", case_id).out

    hits = json.loads(cli("records", "search", case_id, "gabapentin OR foraminal", "--json").out)
    assert {(h["file"], h["page"]) for h in hits} == {("pr2.pdf", 2), ("mri scan.png", 1)}
    for hit in hits:
        assert set(hit) >= {"file", "file_id", "document_id", "page", "snippet", "score"}
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
    assert "[gabapentin]" in next(h["snippet"] for h in hits if h["file"] == "pr2.pdf")

    entries = json.loads(cli("records", "chronology", case_id, "--json").out)
    assert [(e["date"], e["kind"], e["page"]) for e in entries] == [
        ("2015-03-02", "imaging", 1), ("2015-04-15", "pr2", 1)]
    hidden = cli("records", "entry", case_id, str(entries[0]["entry_id"]), "--hide")
    assert hidden.code == 0, hidden.err
    assert len(json.loads(cli("records", "chronology", case_id, "--json").out)) == 1
    added = cli("records", "entry", case_id, "--date", "05/01/2015", "--excerpt", "IMR filed")
    assert added.code == 0, added.err
    assert "IMR filed" in cli("records", "chronology", case_id).out

    pr2 = next(d for d in listing if d["file"] == "pr2.pdf")
    pr2_id = str(pr2["id"])
    cited = cli("records", "cite", case_id, pr2_id, "2")
    assert cited.out.strip() == "(PR-2, 04/15/2015, p. 2)"
    resolved = json.loads(cli("records", "resolve", case_id, cited.out.strip()).out)
    assert resolved == {"document_id": int(pr2_id), "file_id": pr2["file_id"], "file": "pr2.pdf",
                        "page": 2}

    corrected = cli("records", "correct", case_id, pr2_id, "--kind", "therapy")
    assert corrected.code == 0 and "Therapy Note" in corrected.out

    reviewed = cli("records", "reviewed", case_id, "--letter", "on")
    assert reviewed.code == 0 and "Imaging Report, Henry Park, M.D., 03/02/2015, 1 page" in \
        reviewed.out
    exported = cli("letter", "export", case_id, "--txt", str(tmp_path / "letter.txt"))
    assert exported.code == 0, exported.err
    letter = (tmp_path / "letter.txt").read_text()
    assert "DOCUMENTS REVIEWED" in letter and "Therapy Note, Maria Lopez, M.D." in letter


def test_bad_files_get_one_line_each_and_the_rest_imports(cli, tmp_path):
    case_id = make_case(cli)
    bad = bad_inputs(tmp_path / "bad")
    good = text_pdf(tmp_path / "good.pdf", [KIND_SAMPLES["operative"]])
    result = cli("records", "import", case_id, *map(str, bad.values()), str(good))
    assert result.code == 2
    assert result.out.strip() == "imported: good.pdf (1 page, Operative Report, 06/20/2014)"
    errors = result.err.strip().splitlines()
    assert len(errors) == len(bad) and all(line.startswith("failed: ") for line in errors)
    assert "Traceback" not in result.err
    unlocked = cli("records", "import", case_id, str(bad["encrypted"]), "--password", "s3cret")
    assert unlocked.code == 0 and unlocked.out.startswith("imported: locked.pdf")


def test_unknown_case_and_bad_arguments_are_one_line(cli, tmp_path):
    make_case(cli)
    for args in (("records", "search", "42", "x"), ("records", "list", "42"),
                 ("records", "cite", "1", "5", "1"), ("records", "resolve", "1", "nonsense"),
                 ("records", "import", "42", str(tmp_path / "none.pdf"))):
        result = cli(*args)
        assert result.code == 2, args
        assert len(result.err.strip().splitlines()) == 1 and "Traceback" not in result.err

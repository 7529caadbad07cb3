"""The command line, run as a reviewer runs it: a child process on a real SQLite file."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SEED_FILES
from docx import Document
from reportlab.lib.pagesizes import LETTER
from reportlab.pdfgen import canvas

EXPECTED_KEYS = {"case_id", "organization", "credentials", "summary", "items", "unplaced"}
ITEM_KEYS = {"number", "description", "decision", "claims_administrator_guideline",
             "reviewer_guideline", "citations", "rationale"}
CITATION_KEYS = {"source", "mtus", "pages", "section", "topic", "text"}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_import_prints_the_new_case_id_and_lists_it(cli):
    first = cli("letter", "import", str(SEED_FILES[0]))
    second = cli("letter", "import", str(SEED_FILES[1]))
    assert (first.code, second.code) == (0, 0), first.err + second.err
    assert (first.out.strip(), second.out.strip()) == ("1", "2")
    listing = cli("cases", "list")
    assert listing.code == 0
    lines = listing.out.strip().splitlines()
    assert lines[0].split()[:2] == ["ID", "CASE"] and len(lines) == 3
    as_json = json.loads(cli("cases", "list", "--json").out)
    assert sorted(c["id"] for c in as_json) == [1, 2]
    assert all(c["items"] == 2 for c in as_json)


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name[:3])
def test_import_json_has_the_documented_shape(cli, seed: Path):
    result = cli("letter", "import", str(seed), "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert EXPECTED_KEYS <= set(data)
    assert data["case_id"] == 1
    assert data["organization"] == "MAXIMUS Federal Services"
    assert data["credentials"]["form"] in ("sentence", "block")
    assert data["unplaced"] == []
    for item in data["items"]:
        assert ITEM_KEYS <= set(item)
        assert item["decision"] in ("Upheld", "Overturned")
        assert item["claims_administrator_guideline"].startswith(
            ("Decision based on", "The Claims Administrator did not base"))
        for role in ("claims_administrator", "reviewer"):
            for citation in item["citations"][role]:
                assert CITATION_KEYS <= set(citation)
        joined = " ".join(c["text"] for c in item["citations"]["reviewer"])
        assert joined == item["reviewer_guideline"]
    raw = " ".join(seed.read_text(encoding="utf-8").split())
    assert data["items"][0]["description"] in raw


def test_export_then_import_again_gives_the_same_case(cli, tmp_path: Path):
    seed = SEED_FILES[-1]
    original = json.loads(cli("letter", "import", str(seed), "--json").out)
    out = tmp_path / "out"
    result = cli("letter", "export", "1", "--docx", str(out / "l.docx"), "--pdf",
                 str(out / "l.pdf"), "--txt", str(out / "l.txt"))
    assert result.code == 0, result.err
    assert sorted(p.name for p in out.iterdir()) == ["l.docx", "l.pdf", "l.txt"]
    for name in ("l.docx", "l.pdf", "l.txt"):
        again = json.loads(cli("letter", "import", str(out / name), "--json").out)
        for key in ("organization", "credentials", "summary", "items", "unplaced"):
            assert again[key] == original[key], (name, key)


def bad_inputs(folder: Path) -> dict[str, Path]:
    folder.mkdir()
    empty = folder / "empty.txt"
    empty.write_bytes(b"")
    binary = folder / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 40)
    scanned = folder / "scanned.pdf"
    drawing = canvas.Canvas(str(scanned), pagesize=LETTER)
    drawing.rect(72, 72, 300, 400, fill=1)
    drawing.showPage()
    drawing.save()
    not_letter = folder / "groceries.docx"
    document = Document()
    document.add_paragraph("Groceries: milk, eggs, bread.")
    document.save(not_letter)
    broken = folder / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ntruncated")
    return {"empty": empty, "binary": binary, "scanned": scanned, "not a letter": not_letter,
            "broken": broken, "missing": folder / "no-such-file.pdf", "folder": folder}


def test_bad_input_fails_alone_with_one_line_and_leaves_the_database(cli, tmp_path: Path):
    assert cli("letter", "import", str(SEED_FILES[0])).code == 0
    before = digest(cli.db_path)
    for kind, path in bad_inputs(tmp_path / "bad").items():
        result = cli("letter", "import", str(path))
        assert result.code == 2, kind
        assert result.out == "", kind
        lines = result.err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), (kind, result.err)
        assert "Traceback" not in result.err
        assert digest(cli.db_path) == before, kind
    assert len(json.loads(cli("cases", "list", "--json").out)) == 1


def test_bad_import_on_a_fresh_machine_creates_no_database(cli, tmp_path: Path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert cli("letter", "import", str(empty)).code == 2
    assert not cli.db_path.exists()


@pytest.mark.parametrize("args", [
    ["letter", "export", "42", "--pdf", "x.pdf"],
    ["letter", "export", "1"],
    ["letter", "export", "abc", "--pdf", "x.pdf"],
    ["letter", "frobnicate"],
])
def test_export_mistakes_are_one_line(cli, args):
    assert cli("letter", "import", str(SEED_FILES[0])).code == 0
    result = cli(*args)
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1


def test_help_lists_the_commands(cli):
    result = cli("--help")
    assert result.code == 0
    assert "letter" in result.out and "cases" in result.out and "screenshots" in result.out


def test_without_a_display_the_window_says_how_to_run_it(cli):
    result = cli(environment={"DISPLAY": None, "WAYLAND_DISPLAY": None, "QT_QPA_PLATFORM": None})
    assert result.code == 2
    assert result.err.count("\n") == 1 and "xvfb-run" in result.err
    assert not cli.db_path.exists()


def test_output_closed_by_its_reader_ends_quietly(cli, tmp_path):
    """``library search ... --json | head``: the reader stops early; no error, no traceback."""
    assert cli("library", "search", "pain").code == 0  # the database and its library exist
    env = dict(os.environ, WORKBENCH_DB=str(cli.db_path), XDG_STATE_HOME=str(tmp_path / "st"))
    child = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "library", "search", "pain", "--json",
         "--limit", "250"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert child.stdout.read(100)
    child.stdout.close()  # as `head -c 100` does
    err = child.stderr.read().decode()
    assert child.wait(timeout=60) == 0 and err == ""

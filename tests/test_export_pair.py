"""A letter's files change together: a killed export recovers all old or all new, no leftovers."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from bench.export_kills import export_kills, long_case
from workbench.errors import WorkbenchError
from workbench.letters.export import export_letter, recover_exports
from workbench.safe_files import JOURNAL_NAME, PART_SUFFIX, Recovery


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()
                  if p.name.endswith(PART_SUFFIX) or p.name == JOURNAL_NAME)


def old_pair(folder: Path) -> dict[str, Path]:
    folder.mkdir(exist_ok=True)
    pair = {"docx": folder / "letter.docx", "pdf": folder / "letter.pdf"}
    for kind, path in pair.items():
        path.write_bytes(f"old {kind}".encode())
    return pair


def test_killed_exports_are_all_old_or_all_new(tmp_path: Path):
    figures = export_kills(20, tmp_path, seed=1)
    print(figures)
    assert figures["runs"] == 20
    assert figures["mixed"] == 0
    assert figures["leftovers"] == 0
    assert figures["not_owner_only"] == 0
    assert figures["old"] + figures["new"] == 20
    stages = ("before_writing", "temporaries", "journal", "finished")
    assert sum(figures[stage] for stage in stages) == 20


def test_temporaries_without_journal_are_removed(tmp_path: Path):
    pair = old_pair(tmp_path)
    (tmp_path / f".letter.docx.abc{PART_SUFFIX}").write_bytes(b"new docx")
    (tmp_path / f".letter.pdf.def{PART_SUFFIX}").write_bytes(b"new pdf, half written")
    assert recover_exports(tmp_path) == Recovery(finished=0, removed=2)
    assert {kind: p.read_bytes() for kind, p in pair.items()} == {"docx": b"old docx",
                                                                  "pdf": b"old pdf"}
    assert leftovers(tmp_path) == []


def test_temporaries_an_earlier_release_left_are_removed_and_nothing_else(tmp_path: Path):
    old_pair(tmp_path)
    (tmp_path / ".k3x_9qzb.part").write_bytes(b"half a letter from an export killed long ago")
    keep = [tmp_path / "notes.part", tmp_path / ".letter.docx.part", tmp_path / ".ab.part"]
    for path in keep:
        path.write_bytes(b"the reviewer's own file")
    assert recover_exports(tmp_path) == Recovery(finished=0, removed=1)
    assert all(path.exists() for path in keep)


def test_a_journal_finishes_the_renames(tmp_path: Path):
    pair = old_pair(tmp_path)
    # killed after the DOCX was renamed into place and before the PDF was
    pair["docx"].write_bytes(b"new docx")
    (tmp_path / f".letter.pdf.def{PART_SUFFIX}").write_bytes(b"new pdf")
    (tmp_path / f"..imr-export-journal.x{PART_SUFFIX}").write_bytes(b"{")  # another leftover
    (tmp_path / JOURNAL_NAME).write_text(json.dumps({"files": [
        [f".letter.docx.abc{PART_SUFFIX}", "letter.docx"],
        [f".letter.pdf.def{PART_SUFFIX}", "letter.pdf"]]}))
    assert recover_exports(tmp_path) == Recovery(finished=1, removed=1)
    assert pair["docx"].read_bytes() == b"new docx" and pair["pdf"].read_bytes() == b"new pdf"
    assert leftovers(tmp_path) == []
    assert recover_exports(tmp_path) == Recovery()


def test_a_journal_naming_files_elsewhere_is_refused(tmp_path: Path):
    outside = tmp_path / "outside.txt"
    outside.write_text("kept")
    folder = tmp_path / "letters"
    old_pair(folder)
    (folder / JOURNAL_NAME).write_text(json.dumps({"files": [["../outside.txt", "letter.pdf"]]}))
    with pytest.raises(WorkbenchError) as caught:
        recover_exports(folder)
    assert "\n" not in str(caught.value) and JOURNAL_NAME in str(caught.value)
    assert outside.read_text() == "kept" and (folder / "letter.pdf").read_bytes() == b"old pdf"


def test_an_export_recovers_the_folder_first_and_writes_owner_only(tmp_path: Path):
    pair = old_pair(tmp_path)
    (tmp_path / f".letter.docx.abc{PART_SUFFIX}").write_bytes(b"from a killed export")
    written = export_letter(long_case("A"), pair)
    assert written == [pair["docx"], pair["pdf"]]
    assert pair["pdf"].read_bytes().startswith(b"%PDF") and pair["docx"].read_bytes()[:2] == b"PK"
    assert leftovers(tmp_path) == []
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in written)


def test_an_export_into_a_new_folder_makes_it_owner_only(tmp_path: Path):
    folder = tmp_path / "new" / "letters"
    [path] = export_letter(long_case("A"), {"txt": folder / "letter.txt"})
    assert path.read_text(encoding="utf-8").strip()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    existing = tmp_path / "shared"
    existing.mkdir(mode=0o755)
    os.chmod(existing, 0o755)
    export_letter(long_case("A"), {"txt": existing / "letter.txt"})
    assert stat.S_IMODE(existing.stat().st_mode) == 0o755  # not ours: left as it was


def test_two_formats_on_one_path_are_refused(tmp_path: Path):
    with pytest.raises(WorkbenchError, match="its own file name"):
        export_letter(long_case("A"), {"docx": tmp_path / "x", "pdf": tmp_path / "x"})
    assert list(tmp_path.iterdir()) == []


FULL_DISK = """
import resource, signal, sys
from pathlib import Path
from bench.export_kills import long_case
from workbench.errors import WorkbenchError
from workbench.letters.export import export_letter
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
resource.setrlimit(resource.RLIMIT_FSIZE, (60_000, 60_000))
folder = Path(sys.argv[1])
try:
    export_letter(long_case("B"), {"docx": folder / "letter.docx", "pdf": folder / "letter.pdf"})
except WorkbenchError as error:
    print(error, file=sys.stderr)
    sys.exit(2)
"""


def test_a_failed_write_names_the_file_and_leaves_the_old_pair(tmp_path: Path):
    pair = old_pair(tmp_path)
    done = subprocess.run([sys.executable, "-c", FULL_DISK, str(tmp_path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines() == ["Cannot write letter.pdf: File too large"]
    assert pair["docx"].read_bytes() == b"old docx" and pair["pdf"].read_bytes() == b"old pdf"
    assert leftovers(tmp_path) == []

"""Letter exports killed at random moments: after recovery, each pair is all old or all new.

Child processes export a long letter (many items, long rationales) as DOCX and
PDF over the pair already in a folder, and are sent SIGKILL at a random moment
within the measured duration of an export. Right after each kill the folder is
inspected (which stage the kill interrupted), then ``recover_exports`` runs
and the pair is compared byte for byte with the two known versions. Each run
exports the other version over the one in place, so the folder keeps a real
history. PDFs are made byte-reproducible with reportlab's ``RL_invariant``;
DOCX files are compared by the bytes of their zip members.

Half the kill times are drawn over the whole export, half around its commit
(the last few milliseconds, measured in the same run), where the renames
happen; that aim moves earlier after a kill that came too late and later
after one that came too early.

    .venv/bin/python -m bench.export_kills [RUNS]      # 100 by default
"""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import stat
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VERSIONS = ("A", "B")
NAMES = {"docx": "letter.docx", "pdf": "letter.pdf"}


def long_case(version: str):
    """A synthetic case with 30 items and long rationales; the two versions differ in every item."""
    from workbench.case import Case, Citation, Decision, Item

    sentence = (f"Version {version}: the records document chronic low back pain with radiation "
                "to the left leg, treated with physical therapy, medication and home exercise, "
                "without a documented functional improvement over the period reviewed. ")
    items = [
        Item(description=f"Item {n} ({version}): lumbar epidural steroid injection "
                         f"at L{n % 5 + 1}",
             decision=Decision.UPHELD if n % 2 else Decision.OVERTURNED,
             rationale=[sentence * 8 for _paragraph in range(4)],
             reviewer_citations=[Citation(source="MTUS Chronic Pain Medical Treatment Guidelines",
                                          topic="Epidural steroid injections", pages="46")])
        for n in range(1, 31)]
    return Case(organization="Synthetic Review Organization", organization_short="SRO",
                case_number=f"CM26-00000{'1' if version == 'A' else '2'}",
                received_on=dt.date(2026, 1, 5), summary=[sentence * 6] * 5, items=items)


def _child(folder: Path, version: str, measure: bool) -> None:
    """Export one version into ``folder``; with ``measure``, print the export and commit seconds."""
    from workbench.letters.export import WRITERS, export_letter
    from workbench.safe_files import write_together

    case = long_case(version)
    targets = {kind: folder / name for kind, name in NAMES.items()}
    print("ready", flush=True)
    start = time.perf_counter()
    export_letter(case, targets)
    export_seconds = time.perf_counter() - start
    if measure:
        from workbench.letters.document import build_letter

        letter = build_letter(case)
        scratch = folder.parent / f"scratch-{version}"
        rendered = {scratch / name: WRITERS[kind](letter) for kind, name in NAMES.items()}
        start = time.perf_counter()
        write_together(rendered)
        print(f"{export_seconds} {time.perf_counter() - start}", flush=True)


def _start(folder: Path, version: str, measure: bool = False) -> subprocess.Popen:
    env = dict(os.environ, RL_invariant="1", PYTHONPATH=str(ROOT))
    command = [sys.executable, "-m", "bench.export_kills", "--child", str(folder), version]
    if measure:
        command.append("--measure")
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    if child.stdout.readline().strip() != "ready":
        child.kill()
        child.wait()
        raise RuntimeError("the export child did not start")
    return child


def _export(folder: Path, version: str) -> tuple[float, float]:
    child = _start(folder, version, measure=True)
    out, _ = child.communicate(timeout=300)
    if child.returncode != 0:
        raise RuntimeError(f"the export child failed ({child.returncode})")
    export_seconds, commit_seconds = (float(value) for value in out.split())
    return export_seconds, commit_seconds


def _pair(folder: Path) -> dict[str, bytes]:
    """The pair's contents: the PDF's bytes, the DOCX's member files' bytes.

    A DOCX is a zip whose members carry the second they were written, so two
    exports of the same letter differ there only; the members are compared.
    """
    with zipfile.ZipFile(folder / NAMES["docx"]) as docx:
        members = b"".join(docx.read(info) for info in docx.infolist())
    return {"docx": members, "pdf": (folder / NAMES["pdf"]).read_bytes()}


def _leftovers(folder: Path) -> list[str]:
    from workbench.safe_files import JOURNAL_NAME, PART_SUFFIX

    return [p.name for p in folder.iterdir()
            if p.name.endswith(PART_SUFFIX) or p.name == JOURNAL_NAME]


def export_kills(runs: int, folder: Path, seed: int = 0) -> dict:
    """Kill ``runs`` exports at random moments in ``folder``; returns the figures.

    Keys: ``runs``; ``mixed`` (pairs of two versions after recovery) and
    ``leftovers`` (runs leaving a temporary file or journal after recovery),
    both 0 when exports are safe; ``old``/``new`` (which version the
    recovered pair is); ``not_owner_only`` (a letter file not 0600); the stage
    each kill interrupted, seen before recovery: ``before_writing`` (nothing
    written yet), ``temporaries`` (temporaries, no journal: rolled back),
    ``journal`` (journal written: rolled forward), of which
    ``between_renames`` (some targets renamed, some not), ``finished`` (done
    before the kill); ``export_seconds`` and ``commit_seconds`` measured.
    """
    from workbench.letters.export import recover_exports
    from workbench.safe_files import JOURNAL_NAME, PART_SUFFIX

    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "letters"
    target.mkdir(exist_ok=True)
    known: dict[str, dict[str, bytes]] = {}
    for version in reversed(VERSIONS):  # ends with A in place
        reference = folder / f"reference-{version}"
        reference.mkdir(exist_ok=True)
        export_seconds, commit_seconds = _export(reference, version)
        known[version] = _pair(reference)
    _export(target, "A")
    assert _pair(target) == known["A"], "exports are not byte-reproducible"
    figures = dict(runs=runs, mixed=0, leftovers=0, old=0, new=0, not_owner_only=0,
                   before_writing=0, temporaries=0, journal=0, between_renames=0, finished=0,
                   export_seconds=round(export_seconds, 3), commit_seconds=round(commit_seconds, 4))
    in_place = "A"
    # Late kills aim at the commit, a few milliseconds at the end of the export whose
    # start moves from run to run: the aim moves towards it after each late kill.
    aim, spread = export_seconds - commit_seconds, max(2 * commit_seconds, 0.004)
    for run in range(runs):
        version = VERSIONS[1 - VERSIONS.index(in_place)]
        late = run % 2 == 0
        if late:
            delay = min(max(rng.uniform(aim - spread, aim + spread), 0), export_seconds * 1.5)
        else:
            delay = rng.uniform(0, export_seconds * 1.1)
        child = _start(target, version)
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.communicate()

        names = {p.name for p in target.iterdir()}
        parts = [name for name in names if name.endswith(PART_SUFFIX)]
        before = _pair(target)
        if JOURNAL_NAME in names:
            figures["journal"] += 1
            renamed = [kind for kind in NAMES if before[kind] == known[version][kind]]
            if 0 < len(renamed) < len(NAMES):
                figures["between_renames"] += 1
        elif parts:
            figures["temporaries"] += 1
        elif before == known[version]:
            figures["finished"] += 1
            aim -= spread / 2 if late else 0
        else:
            figures["before_writing"] += 1
            aim += spread / 2 if late else 0

        recover_exports(target)
        after = _pair(target)
        if after == known[version]:
            figures["new"] += 1
            in_place = version
        elif after == known[in_place]:
            figures["old"] += 1
        else:
            figures["mixed"] += 1
            in_place = "A" if after["docx"] == known["A"]["docx"] else "B"
        if _leftovers(target):
            figures["leftovers"] += 1
        if any(stat.S_IMODE((target / name).stat().st_mode) != 0o600 for name in NAMES.values()):
            figures["not_owner_only"] += 1
    return figures


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        _child(Path(sys.argv[2]), sys.argv[3], "--measure" in sys.argv)
        return
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    with tempfile.TemporaryDirectory() as scratch:
        figures = export_kills(runs, Path(scratch))
    for name, value in figures.items():
        print(f"{name:>16}: {value}")


if __name__ == "__main__":
    main()

"""``case show / accept / dismiss`` as a reviewer runs them: a child process on a real SQLite
file, the IMR application and the UR determination imported as text PDFs built here."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from application_texts import Packet, application_2013, ur_notice
from conftest import ROOT
from record_files import text_pdf

PACKET = Packet()


def new_case(cli, **particulars) -> str:
    """An empty case in the command line's database; returns its id as the CLI takes it."""
    from workbench.case import Case
    from workbench.startup import open_workbench
    from workbench.store import CaseStore

    database = open_workbench(str(cli.db_path))
    try:
        return str(CaseStore(database).add(Case("MAXIMUS Federal Services", "MAXIMUS",
                                                **particulars)))
    finally:
        database.close()


def import_packet(cli, tmp_path: Path, case_id: str) -> dict[str, int]:
    """The IMR application and the UR letter imported as two PDFs; their document ids by kind."""
    application = text_pdf(tmp_path / "imr application.pdf", application_2013(PACKET))
    letter = text_pdf(tmp_path / "ur letter.pdf", ur_notice(PACKET))
    imported = cli("records", "import", case_id, str(application), str(letter))
    assert imported.code == 0, imported.err
    listing = json.loads(cli("records", "list", case_id, "--json").out)
    return {d["kind"]: d["id"] for d in listing}


def show(cli, case_id: str) -> dict:
    result = cli("case", "show", case_id, "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def proposals(shown: dict) -> dict[str, dict]:
    return {p["key"]: p for p in shown["proposals"]}


def test_show_lists_each_proposed_value_with_its_source_and_state(cli, tmp_path):
    case_id = new_case(cli)
    documents = import_packet(cli, tmp_path, case_id)
    found = proposals(show(cli, case_id))
    assert {key: p["value"] for key, p in found.items()} == {
        "claim_number": PACKET.claim_number, "injury_date": PACKET.injury_date.isoformat(),
        "ur_date": PACKET.ur_date.isoformat(), "request_provider": PACKET.provider,
        "age": PACKET.age, "sex": PACKET.sex, "body_regions": PACKET.regions,
        "diagnoses": PACKET.diagnoses,
        "item:1": {"description": PACKET.items[0][0], "ur_outcome": PACKET.items[0][1]},
        "item:2": {"description": PACKET.items[1][0], "ur_outcome": PACKET.items[1][1]},
    }
    assert {p["state"] for p in found.values()} == {"new"}
    # The application states the claim and the items (its page 2); only the letter the worker.
    application, letter = documents["imr_application"], documents["ur_determination"]
    assert (found["claim_number"]["document_id"], found["claim_number"]["page"]) == \
        (application, 1)
    assert (found["item:2"]["document_id"], found["item:2"]["page"]) == (application, 2)
    assert (found["age"]["document_id"], found["age"]["page"]) == (letter, 2)
    assert PACKET.claim_number in found["claim_number"]["excerpt"]

    text = cli("case", "show", case_id)
    assert text.code == 0, text.err
    lines = text.out.splitlines()
    claim = lines.index(next(line for line in lines if line.strip().startswith("Claim number")))
    assert lines[claim + 1].split() == [
        "proposed:", PACKET.claim_number, "[new]", "(IMR", "Application,", "document",
        f"{application},", "imr", "application.pdf,", "p.", "1)"]
    assert any(line.split()[:1] == ["item:1"] and PACKET.items[0][0] in line for line in lines)


def test_accept_writes_the_value_where_the_field_belongs_and_dismiss_sets_it_aside(cli,
                                                                                   tmp_path):
    case_id = new_case(cli, claim_number="OLD-1")
    import_packet(cli, tmp_path, case_id)

    for args, said in (
            (["claim_number"], f"accepted: Claim number = {PACKET.claim_number}"),
            (["ur_date", "--value", "09/06/2014"], "accepted: Date of UR decision = 09/06/2014"),
            (["item:2"], "accepted: Disputed item 2 = "),
            (["diagnoses"], "accepted: Diagnoses = "),
            (["sex"], "accepted: Sex = female")):
        result = cli("case", "accept", case_id, *args)
        assert result.code == 0 and result.out.startswith(said), result.out + result.err
    dismissed = cli("case", "dismiss", case_id, "age")
    assert dismissed.code == 0 and dismissed.out.strip() == f"dismissed: Age = {PACKET.age}"

    shown = show(cli, case_id)
    assert shown["particulars"]["claim_number"] == PACKET.claim_number
    # The UR date is the case's and the form's, both the reviewer's own value.
    assert shown["particulars"]["ur_decision_on"] == "2014-09-06"
    assert shown["form"]["ur_date"] == "2014-09-06"
    assert shown["form"]["diagnoses"] == PACKET.diagnoses and shown["form"]["sex"] == "female"
    assert shown["form"]["age"] is None
    assert [(i["description"], i["decision"]) for i in shown["items"]] == \
        [(PACKET.items[1][0], None)]  # accepted from the records: no decision yet
    states = {key: p["state"] for key, p in proposals(shown).items()}
    assert states == {"claim_number": "same", "ur_date": "accepted", "item:1": "new",
                      "item:2": "same", "diagnoses": "same", "sex": "same", "age": "dismissed",
                      "injury_date": "new", "request_provider": "new", "body_regions": "new"}
    assert proposals(shown)["ur_date"]["current"] == "2014-09-06"

    # Accepting what the case already says changes nothing.
    again = cli("case", "accept", case_id, "claim_number")
    assert again.code == 0 and again.out.startswith("already so: Claim number")
    text = cli("case", "show", case_id).out
    assert f"proposed: {PACKET.age}  [dismissed]" in text


def test_bad_input_is_one_line_and_changes_nothing(cli, tmp_path):
    case_id = new_case(cli)
    import_packet(cli, tmp_path, case_id)
    before = show(cli, case_id)
    for args, words in (
            (["accept", case_id, "mechanism"], "Nothing proposed for 'mechanism'"),
            (["accept", case_id, "item"], "Name the item: item:1 to item:2"),
            (["accept", case_id, "item:7"], "Nothing proposed for 'item:7'"),
            (["accept", case_id, "injury_date", "--value", "last spring"], "not a date"),
            (["accept", case_id, "age", "--value", "fifty"], "Age: a whole number"),
            (["accept", case_id, "sex", "--value", "x"], "Sex: male or female"),
            (["dismiss", "999", "age"], "No case with id 999"),
            (["show", "999"], "No case with id 999")):
        result = cli("case", *args)
        assert result.code == 2, (args, result.out, result.err)
        assert len(result.err.strip().splitlines()) == 1 and words in result.err, result.err
        assert "Traceback" not in result.err
    assert show(cli, case_id) == before


def test_a_case_without_those_documents_has_nothing_proposed(cli):
    case_id = new_case(cli)
    text = cli("case", "show", case_id)
    assert text.code == 0 and "Nothing proposed" in text.out
    assert show(cli, case_id)["proposals"] == []


# Another writer saves the case at the moment ``case accept`` stores its copy: the command is
# run in a child process that first starts listening to every SQLAlchemy engine, and, before
# the save's first statement (the version bump), commits a change to the case over a
# connection of its own, as a second window would.
_RACED = r"""
import sqlite3, sys
from sqlalchemy import event
from sqlalchemy.engine import Engine

path, argv = sys.argv[1], sys.argv[2:]
raced = []

@event.listens_for(Engine, "before_cursor_execute")
def other_writer(connection, cursor, statement, parameters, context, executemany):
    if statement.lstrip().upper().startswith("UPDATE CASES SET VERSION") and not raced:
        raced.append(True)
        other = sqlite3.connect(path)
        other.execute("UPDATE cases SET version = version + 1, case_number = 'THEIRS'")
        other.commit()
        other.close()

from workbench.cli import main
sys.exit(main(argv))
"""


def test_a_save_refused_for_a_stale_copy_is_one_line_and_status_2(cli, tmp_path):
    case_id = new_case(cli)
    import_packet(cli, tmp_path, case_id)
    env = dict(os.environ, WORKBENCH_DB=str(cli.db_path),
               XDG_DATA_HOME=str(tmp_path / "data"), XDG_STATE_HOME=str(tmp_path / "state"),
               XDG_CACHE_HOME=str(tmp_path / "cache"),
               IMR_WORKBENCH_CONFIG=str(tmp_path / "config"))
    done = subprocess.run([sys.executable, "-c", _RACED, str(cli.db_path), "case", "accept",
                           case_id, "claim_number"], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=120)
    assert done.returncode == 2, done.stdout + done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "changed elsewhere" in done.stderr
    shown = show(cli, case_id)
    assert shown["particulars"]["case_number"] == "THEIRS"  # the other writer's work stands
    assert shown["particulars"]["claim_number"] is None
    assert proposals(shown)["claim_number"]["state"] == "new"  # no answer stored either


def test_a_whole_faxed_packet_proposes_from_the_pages_of_its_application_and_ur_letter(
        cli, tmp_path):
    """One PDF holding the application, the UR letter and the records, faxed and copied as
    they arrive: every proposal names a page of the file inside one of those two documents
    (as the packet was put together), and the value stands on that page."""
    from packet_files import make_packet, packet_pdf
    from workbench.records.kinds import DocumentKind

    for seed in (3, 11):
        packet = make_packet(seed, documents=(6, 10))
        case_id = new_case(cli)
        path = packet_pdf(tmp_path / f"packet {seed}.pdf", packet)
        imported = cli("records", "import", case_id, str(path))
        assert imported.code == 0, imported.err
        found = show(cli, case_id)["proposals"]
        fields = {p["field"] for p in found}
        assert {"claim_number", "injury_date", "ur_date", "request_provider", "item"} <= fields
        for proposal in found:
            holder = next(d for d in packet.documents
                          if d.first_page <= proposal["page"] <= d.last_page)
            assert holder.kind in (DocumentKind.IMR_APPLICATION,
                                   DocumentKind.UR_DETERMINATION), (seed, proposal)
            assert proposal["file"] == path.name and proposal["state"] == "new"
            page = " ".join(packet.pages[proposal["page"] - 1].split())
            value = proposal["value"]
            words = value["description"] if isinstance(value, dict) else value
            if isinstance(words, str) and proposal["field"] not in ("injury_date", "ur_date"):
                assert words in page, (seed, proposal)

"""``qa`` on the command line: the quality checks of one case.

``qa check CASE`` prints one line per finding (severity, check id, item,
message) with its supporting record pages under it, and exits 0 when no
finding at or above warning is left unacknowledged, 1 otherwise. An
acknowledged finding (a note stored with the case) is printed with its note
and does not count. ``--json`` prints the findings as a list of objects:
``id`` (the check), ``severity``, ``item`` (1-based, null for the letter),
``message``, ``field``, ``span``, ``pages`` ([{file_id, page, citation}]),
``key`` and ``acknowledged`` (the note, or null). An unknown case is one
line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import json

from workbench.qa.findings import Finding, Severity

EXIT_CLEAN, EXIT_FINDINGS = 0, 1


def register(subparsers) -> None:
    qa = subparsers.add_parser("qa", help="quality checks of a case's determination")
    actions = qa.add_subparsers(dest="action", metavar="ACTION", required=True,
                                parser_class=type(qa))
    check = actions.add_parser("check", help="the findings of every check; exit 1 when one at "
                                             "or above warning is not acknowledged")
    check.add_argument("case_id", type=int, metavar="CASE")
    check.add_argument("--json", action="store_true")
    check.set_defaults(run=_check)


def finding_json(finding: Finding, acknowledged: str | None = None) -> dict:
    return {
        "id": finding.check,
        "severity": finding.severity.value,
        "item": None if finding.item is None else finding.item + 1,
        "message": finding.message,
        "field": finding.field,
        "span": list(finding.span) if finding.span else None,
        "pages": [{"file_id": file_id, "page": page, "citation": citation}
                  for file_id, page, citation in finding.pages],
        "key": finding.key,
        "acknowledged": acknowledged,
    }


def _check(args: argparse.Namespace) -> int:
    from workbench.cli import open_database_from
    from workbench.qa.checks import check_case
    from workbench.store import CaseStore

    database = open_database_from(args)
    case = CaseStore(database).get(args.case_id)
    findings = check_case(database, case)
    notes = dict(getattr(case, "qa_acknowledgements", {}) or {})
    open_findings = [f for f in findings
                     if f.severity.rank >= Severity.WARNING.rank and f.key not in notes]
    if args.json:
        print(json.dumps([finding_json(f, notes.get(f.key)) for f in findings], indent=2))
    elif not findings:
        print(f"Case {args.case_id}: no findings")
    else:
        for finding in findings:
            where = "letter" if finding.item is None else f"item {finding.item + 1}"
            print(f"{finding.severity.value.upper():<8} {finding.check:<20} {where:<8} "
                  f"{finding.message}")
            for _file, _page, citation in finding.pages:
                print(f"{'':<38}{citation}")
            if finding.key in notes:
                print(f"{'':<38}acknowledged: {notes[finding.key]}")
        print(f"{len(findings)} finding(s), {len(open_findings)} at or above warning "
              "not acknowledged")
    return EXIT_FINDINGS if open_findings else EXIT_CLEAN

"""``case`` on the command line: a case's particulars and form, and what the records propose.

``case show CASE`` prints the case particulars and the summary form's fields,
each with its value and, under it, what the IMR application or the UR
determination proposes for it: the value, where it was read (document id,
file, page) and its state (new, same, accepted, dismissed). ``case accept
CASE FIELD`` writes one proposal into the case (``--value`` writes the
reviewer's own value instead) and ``case dismiss CASE FIELD`` sets one aside.
FIELD is a field name as ``case show`` prints it, or ``item:N`` for the Nth
proposed disputed item (``item`` alone when there is one).

Saving goes through ``CaseStore.save``: when another writer saved the case in
between, nothing is written and the command ends with one line and status 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json

from workbench.errors import WorkbenchError

# The particulars ``case show`` lists: Case attribute to label.
PARTICULARS = {
    "case_number": "IMR case number", "claim_number": "Claim number",
    "review_type": "Review type", "status": "Status", "claimant_term": "Claimant is called",
    "received_on": "Received", "ur_decision_on": "UR decision (case)", "due_on": "Due",
}
# Where a proposal is listed: under the case's particular, or under the form's field.
_PARTICULAR_OF = {"claim_number": "claim_number"}


def register(subparsers) -> None:
    case = subparsers.add_parser("case", help="one case: its particulars, and what its records "
                                              "propose for them")
    actions = case.add_subparsers(dest="action", metavar="ACTION", required=True,
                                  parser_class=type(case))

    show = actions.add_parser("show", help="the particulars and summary form, with each value "
                                           "the IMR application or UR determination proposes")
    show.add_argument("case_id", type=int, metavar="CASE")
    show.add_argument("--json", action="store_true")
    show.set_defaults(run=_show)

    accept = actions.add_parser("accept", help="write a proposed value into the case")
    accept.add_argument("case_id", type=int, metavar="CASE")
    accept.add_argument("field", metavar="FIELD",
                        help="a field as `case show` names it, or item:N for a proposed item")
    accept.add_argument("--value", metavar="V",
                        help="your value instead of the proposed one (dates MM/DD/YYYY, "
                             "lists separated by ';')")
    accept.set_defaults(run=_accept)

    dismiss = actions.add_parser("dismiss", help="set a proposed value aside")
    dismiss.add_argument("case_id", type=int, metavar="CASE")
    dismiss.add_argument("field", metavar="FIELD")
    dismiss.set_defaults(run=_dismiss)


def _store(args: argparse.Namespace):
    from workbench.startup import open_workbench
    from workbench.store import CaseStore

    return CaseStore(open_workbench(args.db))


def _plain(value: object) -> object:
    """A value for JSON: dates ISO, enums their value."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(part) for part in value]
    if isinstance(value, dict):
        return {key: _plain(part) for key, part in value.items()}
    return getattr(value, "value", value)


def _proposal_json(found) -> dict:
    p = found.proposal
    return {"key": found.key, "field": p.field, "label": found.label,
            "value": _plain(p.value), "current": _plain(found.current), "state": found.state,
            "document_id": p.document_id, "document_kind": found.document_kind.value,
            "file_id": p.file_id, "file": found.file_name, "page": p.page,
            "excerpt": p.excerpt}


def _where(found) -> str:
    p = found.proposal
    file = f", {found.file_name}" if found.file_name else ""
    return f"{found.document_kind.label}, document {p.document_id}{file}, p. {p.page}"


def _show(args: argparse.Namespace) -> int:
    from workbench.proposals import shown, case_proposals
    from workbench.summary.form import FIELDS as FORM_FIELDS
    from workbench.summary.form import SummaryForm

    store = _store(args)
    case = store.get(args.case_id)
    found = case_proposals(store.database, args.case_id, case)
    form = SummaryForm.from_dict(case.summary_form)
    form_values = {spec.key: getattr(form, spec.key) for spec in FORM_FIELDS}
    if args.json:
        print(json.dumps({
            "case_id": case.id,
            "particulars": {name: _plain(getattr(case, name)) for name in PARTICULARS},
            "form": {key: _plain([r.to_dict() for r in value]
                                 if key in ("treatments", "studies") else value)
                     for key, value in form_values.items()},
            "items": [{"number": item.number, "description": item.description,
                       "decision": item.decision.value if item.decision is not None else None}
                      for item in case.items],
            "proposals": [_proposal_json(p) for p in found],
            "qa_acknowledgements": dict(case.qa_acknowledgements),
        }, indent=2))
        return 0

    by_field: dict[str, list] = {}
    for proposal in found:
        by_field.setdefault(proposal.field, []).append(proposal)

    def proposed(field: str) -> None:
        for p in by_field.get(field, []):
            print(f"{'':4}proposed: {shown(p.field, p.proposal.value)}  [{p.state}]  "
                  f"({_where(p)})")

    print(f"Case {case.id}" + (f" ({case.case_number})" if case.case_number else ""))
    print("\nPARTICULARS")
    for name, label in PARTICULARS.items():
        value = getattr(case, name)
        print(f"  {label:<28} {_text(value) or '-'}")
        proposed(next((f for f, n in _PARTICULAR_OF.items() if n == name), ""))
    print("\nSUMMARY FORM")
    for spec in FORM_FIELDS:
        value = form_values[spec.key]
        if spec.kind in ("treatments", "studies"):
            text = f"{len(value)} listed" if value else ""
        elif spec.kind == "date":
            text = _text(_day(value))
        else:
            text = _text(value)
        print(f"  {spec.label:<28} {text or '-'}")
        if spec.key not in _PARTICULAR_OF:
            proposed(spec.key)
    print("\nDISPUTED ITEMS")
    if not case.items:
        print("  -")
    for position, item in enumerate(case.items, 1):
        print(f"  {item.number or position}. {item.description} ({item.decision_word})")
    items = by_field.get("item", [])
    if items:
        print("\nPROPOSED ITEMS")
        for p in items:
            print(f"  {p.key:<8} {shown('item', p.proposal.value)}  [{p.state}]  ({_where(p)})")
    if not found:
        print("\nNothing proposed: no IMR application or UR determination in the records "
              "states these particulars.")
    if case.qa_acknowledgements:  # quality findings the reviewer let stand, and why
        print("\nQA ACKNOWLEDGEMENTS")
        for key, note in sorted(case.qa_acknowledgements.items()):
            print(f"  {key:<28} {note}")
    return 0


def _day(value: object) -> object:
    from workbench.summary.form import parse_day

    return parse_day(value) or value if isinstance(value, str) else value


def _text(value: object) -> str:
    from workbench.proposals import shown

    if isinstance(value, bool):
        return "yes" if value else "no"
    return shown("", getattr(value, "value", value))


def _find(store, case_id: int, key: str):
    """The case and the proposal ``key`` names; ``WorkbenchError`` when none does."""
    from workbench.proposals import case_proposals

    case = store.get(case_id)
    found = case_proposals(store.database, case_id, case)
    wanted = key.strip().lower()
    items = [p for p in found if p.field == "item"]
    if wanted == "item" and len(items) == 1:
        return case, items[0]
    for proposal in found:
        if proposal.key == wanted:
            return case, proposal
    keys = ", ".join(p.key for p in found) or "none"
    if wanted == "item" and items:
        raise WorkbenchError(f"Name the item: item:1 to item:{len(items)}")
    raise WorkbenchError(f"Nothing proposed for {key!r} in case {case_id} (proposed: {keys})")


def _accept(args: argparse.Namespace) -> int:
    from workbench.proposals import ACCEPTED, SAME, accept, read_value, record_answer, shown

    store = _store(args)
    case, found = _find(store, args.case_id, args.field)
    value = read_value(found.field, args.value) if args.value is not None else None
    if found.state == SAME and value is None:
        print(f"already so: {found.label} = {shown(found.field, found.proposal.value)}")
        return 0
    changed = accept(case, found.proposal, value)
    store.save(changed)  # Conflict (exit 2) when another writer saved the case since
    record_answer(store.database, args.case_id, found.proposal, ACCEPTED)
    written = value if value is not None else found.proposal.value
    print(f"accepted: {found.label} = {shown(found.field, written)}")
    return 0


def _dismiss(args: argparse.Namespace) -> int:
    from workbench.proposals import DISMISSED, record_answer, shown

    store = _store(args)
    _case, found = _find(store, args.case_id, args.field)
    record_answer(store.database, args.case_id, found.proposal, DISMISSED)
    print(f"dismissed: {found.label} = {shown(found.field, found.proposal.value)}")
    return 0

"""A demonstration case: a whole, fictional IMR case made in the reviewer's own database.

A reviewer trying the workbench needs a case that shows every part at work:
disputed items with decisions, rationales and library citations, a summary
drafted from a partly filled form, and a case file of records to search and
cite. Its sources are human-readable files in ``resources/demo/`` (the case
as JSON, each record as plain text) so they can be read and edited like the
seed library. Their dates are written as of an anchor day and moved to today,
so the demo case is always current; the records become real text PDFs and go
through the same intake as any case file. ``files.json`` says which PDFs the
records arrive in: as in a real case file, one of them is a packet of several
documents holding a report twice (the second copy faxed again), so the demo
shows documents found inside a file, a copy marked, and something to split
or merge.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from db.database import Database
from workbench.case import (
    Case,
    ClaimantTerm,
    CredentialForm,
    Credentials,
    Decision,
    Item,
    ReviewType,
    Role,
    Status,
)
from workbench.errors import WorkbenchError
from workbench.letters.pdf_writer import FONT, FONT_BOLD, register_fonts
from workbench.library.citing import cite
from workbench.library.seed import load_seed
from workbench.records.intake import import_files
from workbench.resources import resource_path
from workbench.store import CaseStore
from workbench.summary.draft import apply_draft, draft_for_case

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_DATE = re.compile(r"\b(?:(?P<iso>\d{4}-\d{2}-\d{2})|(?P<us>\d{2}/\d{2}/\d{4})|"
                   rf"(?P<long>(?:{'|'.join(_MONTHS)}) \d{{1,2}}, \d{{4}}))\b")
_ROLES = {"claims_administrator": Role.CLAIMS_ADMINISTRATOR, "reviewer": Role.REVIEWER}


class DemoError(WorkbenchError):
    pass


def demo_folder() -> Path:
    return resource_path("demo")


def create_demo_case(database: Database, *, today: dt.date | None = None) -> int:
    """Add the demonstration case, with its records imported; returns its id.

    Nothing is left behind when any part fails: the case is removed again.
    """
    source = json.loads((demo_folder() / "case.json").read_text(encoding="utf-8"))
    days = ((today or dt.date.today()) - dt.date.fromisoformat(source["anchor"])).days
    source = _shifted(source, days)
    case = _case(source)
    apply_draft(case, draft_for_case(case))
    store = CaseStore(database)
    case_id = store.add(case)
    try:
        with tempfile.TemporaryDirectory(prefix="imr-demo-") as folder:
            pdfs = [render_file(file.records, days, Path(folder) / f"{file.name}.pdf")
                    for file in demo_files()]
            failed = [result for result in import_files(database, case_id, pdfs)
                      if not result.ok]
        if failed:
            raise DemoError(f"{len(failed)} demo record(s) could not be imported")
    except BaseException:
        store.delete(case_id)
        raise
    return case_id


def demo_records() -> list[Path]:
    return sorted((demo_folder() / "records").glob("*.txt"))


@dataclass(frozen=True)
class DemoRecord:
    """One record as a file carries it: its text, and the fax header printed across the
    top of each of its pages when it was faxed (None: as the author printed it)."""

    stem: str
    text: str
    fax_header: str | None = None


@dataclass(frozen=True)
class DemoFile:
    """A file the demo's records arrive in (``resources/demo/files.json``)."""

    name: str
    records: list[DemoRecord]


def demo_files() -> list[DemoFile]:
    """The files of the demo case's records, in the order they are imported; every record
    of ``records/`` is in one of them. ``DemoError`` names a record the folder lacks."""
    listing = json.loads((demo_folder() / "files.json").read_text(encoding="utf-8"))
    texts = {path.stem: path.read_text(encoding="utf-8") for path in demo_records()}
    files = []
    for spec in listing["files"]:
        records = []
        for entry in spec["records"]:
            entry = {"record": entry} if isinstance(entry, str) else entry
            if entry["record"] not in texts:
                raise DemoError(f"The demo's files name a record it lacks: {entry['record']}")
            records.append(DemoRecord(entry["record"], texts[entry["record"]],
                                      entry.get("fax_header")))
        files.append(DemoFile(spec["name"], records))
    return files


def shift_dates(text: str, days: int) -> str:
    """Every date in ``text`` moved by ``days`` and written as it was.

    Three forms are moved: ISO, 04/15/2015 and April 15, 2015.
    """
    if not days:
        return text

    def moved(match: re.Match[str]) -> str:
        if match["iso"]:
            return (dt.date.fromisoformat(match["iso"]) + dt.timedelta(days)).isoformat()
        if match["us"]:
            day = dt.datetime.strptime(match["us"], "%m/%d/%Y").date() + dt.timedelta(days)
            return day.strftime("%m/%d/%Y")
        day = dt.datetime.strptime(match["long"], "%B %d, %Y").date() + dt.timedelta(days)
        return f"{day:%B} {day.day}, {day.year}"

    return _DATE.sub(moved, text)


def _shifted(value: Any, days: int) -> Any:
    if isinstance(value, str):
        return shift_dates(value, days)
    if isinstance(value, list):
        return [_shifted(part, days) for part in value]
    if isinstance(value, dict):
        return {key: _shifted(part, days) for key, part in value.items()}
    return value


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _case(source: dict[str, Any]) -> Case:
    info = source["case"]
    credentials = info.get("credentials", {})
    received = _day(info.get("received_on"))
    case = Case(
        organization=info["organization"],
        organization_short=info["organization_short"],
        case_number=info["case_number"].replace("{yy}", f"{(received or dt.date.today()):%y}"),
        claim_number=info.get("claim_number"),
        review_type=ReviewType(info.get("review_type", "standard")),
        status=Status(info.get("status", "draft")),
        claimant_term=ClaimantTerm(info.get("claimant_term", "patient")),
        received_on=received,
        ur_decision_on=_day(info.get("ur_decision_on")),
        due_on=_day(info.get("due_on")),
        documents_reviewed=info.get("documents_reviewed"),
        credentials=Credentials(
            form=CredentialForm(credentials.get("form", "block")),
            certifications=list(credentials.get("certifications", [])),
            subspecialties=list(credentials.get("subspecialties", [])),
            licensure_states=list(credentials.get("licensure_states", [])),
        ),
        summary_form=dict(source.get("summary_form", {})),
    )
    library, _ = load_seed()
    entries = {entry.key: entry for entry in library.entries}
    sources = {guideline.key: guideline for guideline in library.sources}
    for spec in source["items"]:
        item = Item(description=spec["description"], decision=Decision(spec["decision"]),
                    rationale=list(spec.get("rationale", [])))
        for name, role in _ROLES.items():
            for key in spec.get(name, []):
                if key not in entries:
                    raise DemoError(f"The demo cites {key}, which the seed library lacks")
                entry = entries[key]
                cite(item, entry, sources[entry.source], role)
        case.items.append(item)
    return case


def render_record(text: str, days: int, path: Path) -> Path:
    """A plain-text record as a text PDF: a form feed starts a page, the first line is its title."""
    return render_file([DemoRecord(path.stem, text)], days, path)


_MARGIN, _SIZE, _LEADING = 60, 10.5, 14


def render_file(records: list[DemoRecord], days: int, path: Path) -> Path:
    """Records as one text PDF, each starting on a new page, dates moved by ``days``.

    In each record a form feed starts a page, the first line is its title (bold, as are
    upper-case headings ending in a colon), and a page that runs over continues on the
    next; every page's foot says "Page N of M" of its record, and a faxed record has its
    fax header, with the page of the transmission, across the top of each page.
    """
    register_fonts()
    laid = [(record, _pages(shift_dates(record.text, days))) for record in records]
    total = sum(len(pages) for _, pages in laid)
    width, height = LETTER
    pdf = canvas.Canvas(str(path), pagesize=LETTER, invariant=True)
    pdf.setTitle(path.stem)
    pdf.setAuthor("IMR Reviewer Workbench demonstration (fictional)")
    sent = 0
    for record, pages in laid:
        for number, lines in enumerate(pages, start=1):
            sent += 1
            if record.fax_header:
                pdf.setFont(FONT, 8)
                pdf.drawString(_MARGIN / 2, height - _MARGIN / 2,
                               f"{shift_dates(record.fax_header, days)}  P. {sent}/{total}")
            y = height - _MARGIN
            for font, line in lines:
                if line is None:
                    y -= _LEADING / 2
                    continue
                pdf.setFont(font, _SIZE)
                pdf.drawString(_MARGIN, y, line)
                y -= _LEADING
            pdf.setFont(FONT, 8)
            pdf.drawString(_MARGIN, _MARGIN / 2, "Synthetic demonstration record; every name "
                                                 f"in it is fictional. Page {number} of "
                                                 f"{len(pages)}")
            pdf.showPage()
    pdf.save()
    return path


def _pages(text: str) -> list[list[tuple[str, str | None]]]:
    """A record's printed pages: lines as (font, text), None for a blank line's half space."""
    width, height = LETTER
    pages: list[list[tuple[str, str | None]]] = []
    for page in text.split("\f"):
        lines: list[tuple[str, str | None]] = []
        y = height - _MARGIN
        for index, line in enumerate(page.strip("\n").split("\n")):
            font = FONT_BOLD if index == 0 or (line.isupper() and line.endswith(":")) else FONT
            if not line.strip():
                lines.append((font, None))
                y -= _LEADING / 2
                continue
            for part in simpleSplit(line, font, _SIZE, width - 2 * _MARGIN):
                if y < _MARGIN + _LEADING:
                    pages.append(lines)
                    lines, y = [], height - _MARGIN
                lines.append((font, part))
                y -= _LEADING
        pages.append(lines)
    return pages

"""One letter document model, built from a case, that every writer draws.

The standard layout lives here and only here: DOCX, PDF and plain text differ
in how they draw blocks and runs, never in what the letter says.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from workbench.case import Case, CredentialForm, Credentials, Item, Role
from workbench.citations import format_line
from workbench.letters.header import HeaderCell, header_rows
from workbench.letters.template import Template, default_template


class BlockStyle(str, Enum):
    BODY = "body"  # narrative paragraph
    LEAD_IN = "lead_in"  # fixed sentence under a section heading
    CREDENTIALS = "credentials"  # the credential block, one line per credential kind
    ITEM_HEADING = "item_heading"  # "<DESCRIPTION>: <Decision>"
    GUIDELINE = "guideline"  # "<label> <citations>"
    RATIONALE = "rationale"  # first rationale paragraph (starts with its label)


@dataclass
class Run:
    text: str
    bold: bool = False


@dataclass
class Block:
    style: BlockStyle
    lines: list[list[Run]]
    outline: str | None = None  # bookmark title, for blocks that open an item

    @property
    def text(self) -> str:
        return "\n".join("".join(run.text for run in line) for line in self.lines)


@dataclass
class Section:
    heading: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class LetterDocument:
    """The letter as every writer draws it.

    ``case_header`` is the table above the first heading on page 1 (rows of one
    or two label/value cells, see ``header.py``); ``logo`` the organization's
    image drawn above it, when the template names one. ``page_header`` is page
    furniture: the running "IMR Case Number: ..." line of the DOCX and PDF.
    """

    title: str
    subject: str
    author: str
    page_header: str
    sections: list[Section]
    case_header: list[list[HeaderCell]] = field(default_factory=list)
    logo: Path | None = None


def _block(style: BlockStyle, *runs: Run, outline: str | None = None) -> Block:
    return Block(style, [list(runs)], outline)


def join_names(names: list[str]) -> str:
    """"A", "A and B", "A, B and C": the way credential sentences list names."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def credential_sentence(credentials: Credentials, template: Template) -> str:
    if credentials.verbatim is not None:
        return credentials.verbatim
    pattern = (
        template.credential_sentence_with_subspecialty
        if credentials.subspecialties
        else template.credential_sentence_without_subspecialty
    )
    return pattern.format(
        certifications=join_names(credentials.certifications),
        subspecialties=join_names(credentials.subspecialties),
        states=join_names(credentials.licensure_states),
    )


def credential_block_lines(credentials: Credentials, template: Template) -> list[str]:
    if credentials.verbatim is not None:
        return credentials.verbatim.split("\n")
    lines = [
        template.block_intro,
        f"{template.block_states} {', '.join(credentials.licensure_states)}".rstrip(),
        f"{template.block_certifications} {', '.join(credentials.certifications)}".rstrip(),
    ]
    if credentials.subspecialties:
        lines.append(f"{template.block_subspecialties} {', '.join(credentials.subspecialties)}")
    return lines


def how_made_paragraph(case: Case, template: Template) -> str:
    pattern = case.wording.how_made or template.how_made[case.credentials.form]
    sentence = ""
    if case.credentials.form is CredentialForm.SENTENCE:
        sentence = credential_sentence(case.credentials, template)
    text = pattern.replace("{organization}", case.organization)
    text = text.replace("{credentials}", sentence)
    return " ".join(text.split())


def item_heading(item: Item) -> str:
    prefix = f"{item.number} " if item.number is not None else ""
    return f"{prefix}{item.description}: {item.decision_word}"


def item_heading_runs(item: Item) -> list[Run]:
    """The heading as the letters print it: the description and its colon bold, the
    decision not ("**MRI of the left shoulder:** Upheld")."""
    prefix = f"{item.number} " if item.number is not None else ""
    return [Run(f"{prefix}{item.description}:", bold=True), Run(f" {item.decision_word}")]


def build_letter(case: Case, template: Template | None = None,
                 documents_reviewed: Sequence[str] | None = None) -> LetterDocument:
    """The letter for ``case``; ``documents_reviewed`` lines add that section after the summary.

    Whether the section is printed is the case's (or the workbench's) setting,
    decided by the caller, which also owns the records the lines come from.
    """
    template = template or default_template()
    how_made = Section(template.heading_how_made)
    how_made.blocks.append(_block(BlockStyle.BODY, Run(how_made_paragraph(case, template))))
    if case.credentials.form is CredentialForm.BLOCK:
        lines = credential_block_lines(case.credentials, template)
        how_made.blocks.append(Block(BlockStyle.CREDENTIALS, [[Run(line)] for line in lines]))

    summary = Section(template.heading_summary)
    summary.blocks.extend(_lead_in(case.wording.summary_lead_in, template.summary_lead_in))
    summary.blocks.extend(_block(BlockStyle.BODY, Run(p)) for p in case.summary)

    sections = [how_made, summary]
    if documents_reviewed is not None:
        reviewed = Section(template.heading_documents_reviewed)
        reviewed.blocks.extend(_block(BlockStyle.BODY, Run(line)) for line in documents_reviewed)
        sections.append(reviewed)

    issues = Section(template.heading_issues)
    issues.blocks.extend(_lead_in(case.wording.issues_lead_in, template.issues_lead_in))
    for item in case.items:
        issues.blocks.extend(_item_blocks(item, case, template))

    header = template.page_header.format(case_number=case.case_number) if case.case_number else ""
    return LetterDocument(
        title="IMR Final Determination Letter",
        subject=f"Independent Medical Review {case.case_number}" if case.case_number else
        "Independent Medical Review",
        author=case.organization,
        page_header=header,
        sections=[*sections, issues],
        case_header=header_rows(case, template),
        logo=template.logo,
    )


def _lead_in(wording: str | None, default: str) -> list[Block]:
    """The lead-in sentence; an empty override is a letter that had none."""
    text = default if wording is None else wording
    return [_block(BlockStyle.LEAD_IN, Run(text))] if text else []


def _item_blocks(item: Item, case: Case, template: Template) -> list[Block]:
    heading = item_heading(item)
    blocks = [_block(BlockStyle.ITEM_HEADING, *item_heading_runs(item), outline=heading)]
    for role in (Role.CLAIMS_ADMINISTRATOR, Role.REVIEWER):
        label = template.guideline_label(role, case.organization_short)
        line = format_line(item.citations(role), role, template)
        runs = [Run(label, bold=True)] + ([Run(" " + line)] if line else [])
        blocks.append(_block(BlockStyle.GUIDELINE, *runs))
    rationale = item.rationale or [""]
    first = [Run(template.label_rationale, bold=True)]
    if rationale[0]:
        first.append(Run(" " + rationale[0]))
    blocks.append(_block(BlockStyle.RATIONALE, *first))
    blocks.extend(_block(BlockStyle.BODY, Run(p)) for p in rationale[1:])
    return blocks

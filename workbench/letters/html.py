"""The letter as HTML, for the window's live preview.

Drawn from the same ``LetterDocument`` as the DOCX, PDF and text files, so the
preview says exactly what an export will say. The markup keeps to what Qt's
rich-text engine renders (tables, paragraphs, inline styles, a stylesheet with
class selectors): a white sheet on a grey desk, the letter's serif type, the
case header table, centered bold upper-case headings and bold labels, as in
the PDF.
"""

from __future__ import annotations

from html import escape

from workbench.letters.document import Block, BlockStyle, LetterDocument
from workbench.letters.header import HeaderCell

FONT_FAMILY = "'Liberation Serif', 'Times New Roman', Times, serif"
DESK = "#d6d8dc"
SHEET_PADDING = 56  # pixels of white around the text, the sheet's margins

STYLESHEET = f"""
body {{ background-color: {DESK}; }}
p {{ font-family: {FONT_FAMILY}; font-size: 12pt; color: #000000;
     margin-top: 0px; margin-bottom: 16px; line-height: 120%; }}
p.page-header {{ font-size: 9pt; color: #555555; margin-bottom: 20px; }}
p.heading {{ font-weight: bold; text-transform: uppercase; text-align: center;
             margin-top: 10px; margin-bottom: 8px; }}
table.case-header {{ margin-bottom: 16px; border-collapse: collapse; }}
table.case-header td {{ font-family: {FONT_FAMILY}; font-size: 10pt; color: #000000;
                        padding: 1px 4px; }}
p.empty {{ color: #777777; font-style: italic; }}
"""


def _anchor_id(kind: str, number: int) -> str:
    return f"{kind}-{number}"


def section_anchor(number: int) -> str:
    """The anchor of the ``number``-th section (1-based), to scroll the preview there."""
    return _anchor_id("section", number)


def item_anchor(number: int) -> str:
    """The anchor of the ``number``-th disputed item's heading (1-based)."""
    return _anchor_id("item", number)


_CLASSES = {
    BlockStyle.ITEM_HEADING: "item-heading",
    BlockStyle.CREDENTIALS: "credentials",
    BlockStyle.LEAD_IN: "lead-in",
    BlockStyle.GUIDELINE: "guideline",
    BlockStyle.RATIONALE: "rationale",
    BlockStyle.BODY: "body",
}


def _text(text: str) -> str:
    """Escaped text; a line break typed inside a paragraph stays a line break."""
    return "<br/>".join(escape(part) for part in text.split("\n"))


def _block_html(block: Block, anchor: str | None) -> str:
    lines = []
    for line in block.lines:
        parts = []
        for run in line:
            text = _text(run.text)
            parts.append(f"<b>{text}</b>" if run.bold else text)
        lines.append("".join(parts))
    opening = f'<a name="{anchor}"></a>' if anchor else ""
    body = "<br/>".join(lines) or "&nbsp;"
    return f'<p class="{_CLASSES[block.style]}">{opening}{body}</p>'


def _case_header_html(rows: list[list[HeaderCell]]) -> str:
    """The case header as a bordered four-column table, labels bold."""
    lines = ['<table class="case-header" width="100%" border="1" cellspacing="0" '
             'cellpadding="2">']
    for cells in rows:
        parts = []
        for cell in cells:
            parts.append(f"<td><b>{escape(cell.label)}</b></td><td>{escape(cell.value)}</td>")
        parts += ["<td></td><td></td>"] * (2 - len(cells))
        lines.append(f"<tr>{''.join(parts)}</tr>")
    lines.append("</table>")
    return "\n".join(lines)


def write_html(letter: LetterDocument, *, empty_hint: str | None = None) -> str:
    """A complete HTML page of ``letter``.

    Sections and item headings carry anchors (``section_anchor``,
    ``item_anchor``) so the preview can scroll to them. ``empty_hint`` is
    shown, greyed, where the letter has nothing beyond its fixed wording.
    """
    parts = [
        "<!DOCTYPE html>",
        "<html><head><meta charset=\"utf-8\"/>",
        f"<title>{escape(letter.title)}</title>",
        f"<style>{STYLESHEET}</style></head>",
        f'<body bgcolor="{DESK}">',
        (f'<table width="100%" cellspacing="0" cellpadding="{SHEET_PADDING}" border="0" '
         f'bgcolor="#ffffff" style="background-color: #ffffff;"><tr><td>'),
    ]
    if letter.page_header:
        parts.append(f'<p class="page-header">{escape(letter.page_header)}</p>')
    if letter.case_header:
        parts.append(_case_header_html(letter.case_header))
    item_number = 0
    for section_number, section in enumerate(letter.sections, start=1):
        parts.append(f'<p class="heading" align="center">'
                     f'<a name="{section_anchor(section_number)}"></a>'
                     f"<b>{escape(section.heading)}</b></p>")
        for block in section.blocks:
            anchor = None
            if block.style is BlockStyle.ITEM_HEADING:
                item_number += 1
                anchor = item_anchor(item_number)
            parts.append(_block_html(block, anchor))
    if empty_hint:
        parts.append(f'<p class="empty">{escape(empty_hint)}</p>')
    parts.append("</td></tr></table></body></html>")
    return "\n".join(parts)

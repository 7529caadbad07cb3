"""Reading RTF and HTML records as text, through maintained parsers.

Dictation systems export RTF and patient portals HTML; both are words with
markup. RTF goes through striprtf (its code pages, Unicode escapes, pictures
and font tables dropped); HTML through lxml's HTML parser, which never loads
a DTD or the network. Scripts, styles and other things a browser never shows
as text are dropped, and block elements (paragraphs, rows, list items) become
lines so the page reads as it did on screen. The text is then cut into pages
like a plain text file. Runs in the reading child process.
"""

from __future__ import annotations

import re
from pathlib import Path

from workbench.records.reading import PAGE_BREAK, ReadFailure, decode_text, split_pages

# Elements whose content is never shown as text.
_HIDDEN = {"script", "style", "noscript", "template", "head", "object", "embed", "iframe",
           "svg", "math", "select", "button"}
# Elements that begin and end a line of their own.
_BLOCKS = {"p", "div", "section", "article", "header", "footer", "main", "aside", "nav",
           "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "table",
           "thead", "tbody", "tfoot", "tr", "caption", "blockquote", "pre", "address",
           "figure", "figcaption", "form", "fieldset", "legend", "hr", "title", "center"}
_CELLS = {"td", "th"}
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_RTF_PAGE = re.compile(rb"\\page(?![a-zA-Z])(-?\d+)? ?")


def markup_pages(path: Path, media: str) -> list[str]:
    """The pages of an RTF (``media == "rtf"``) or HTML (``"html"``) record."""
    data = path.read_bytes()
    text = rtf_text(data) if media == "rtf" else html_text(data)
    return split_pages(text)


def rtf_text(data: bytes) -> str:
    """Plain text of an RTF file; its ``\\page`` breaks start new pages."""
    from striprtf.striprtf import rtf_to_text

    # striprtf writes a page break as a blank line; a form feed keeps the page.
    marked = _RTF_PAGE.sub(rb"\\u12 ?", data)
    try:
        text = rtf_to_text(decode_text(marked), errors="replace")
    except (ValueError, IndexError, LookupError, OverflowError):
        raise ReadFailure("is a damaged RTF file") from None
    return text.replace("\xad", "")  # RTF's optional hyphens are not part of the words


def html_text(data: bytes) -> str:
    """Visible text of an HTML page, a line per block and a tab between table cells."""
    import lxml.html
    from lxml import etree

    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True,
                                  default_doctype=False)
    try:
        root = lxml.html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError):
        raise ReadFailure("is an HTML file without readable text") from None
    title = root.findtext(".//title")
    lines: list[str] = [_SPACES.sub(" ", title).strip()] if title and title.strip() else []
    current: list[str] = []

    def flush() -> None:
        line = "".join(current).strip(" ")
        if line.strip():
            lines.append(line)
        current.clear()

    def add(text: str | None, pre: bool) -> None:
        if text:
            if pre:
                parts = text.split("\n")
                current.append(parts[0])
                for part in parts[1:]:
                    flush()
                    current.append(part)
            else:
                current.append(_SPACES.sub(" ", text))

    def walk(element, pre: bool) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag.lower() in _HIDDEN or not tag:
            add(element.tail, pre)
            return
        tag = tag.lower()
        inside_pre = pre or tag == "pre"
        if tag in _BLOCKS:
            flush()
        if tag == "br":
            flush()
        add(element.text, inside_pre)
        for child in element:
            walk(child, inside_pre)
        if tag in _CELLS:
            current.append("\t")
        if tag in _BLOCKS:
            flush()
        add(element.tail, pre)

    body = root.find("body")
    walk(body if body is not None else root, False)
    flush()
    cleaned = [re.sub(r"[ \t]*\t[ \t]*", "\t", line).strip() for line in lines]
    return "\n".join(line for line in cleaned if line).replace(PAGE_BREAK, "\n")

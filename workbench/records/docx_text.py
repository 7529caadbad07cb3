"""Reading a DOCX record as text: the body, its text boxes, headers and footers, and notes.

A note's date and "PR-2" often stand only in the page header, and a form's
fields in text boxes, so all of these are read, each exactly once:

- **Text boxes.** Word stores a text box twice, a DrawingML copy
  (``mc:Choice``/``wps:txbx``) and a legacy VML copy (``mc:Fallback``/
  ``v:textbox``) for older readers. Only the ``mc:Choice`` is read; a box
  without that pair (VML only) is read as it is. A box's paragraphs come on
  lines of their own after the paragraph it is anchored to, never glued to it.
- **Headers and footers** belong to a section, not to a page: each part a
  section names (first-page, odd, even) is read once for that section. The
  headers stand at the start of the section's first page, the footers at the
  end of its last page. A section break other than "continuous" starts a page.
- **Footnotes** follow the paragraph that cites them, as ``[1] text`` (the
  citing paragraph carries ``[1]``); **endnotes** (``[i] text``) come at the end
  of the document, before the last section's footers. Notes are numbered in
  the order they are cited, as Word shows them.
- **Password-protected DOCX** (an OLE compound file holding the encrypted
  package) is decrypted in memory with msoffcrypto-tool when a password is given.

Every part is checked against zip bombs (unpacked size, per-member ratio) and
refused if it declares XML entities; the parser never loads a DTD or the
network. Messages complete "<file name> ..." and quote nothing from the file.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from workbench.records.reading import PAGE_BREAK, ReadFailure, split_pages

DOCX_MAX_UNPACKED = 200 * 1024 * 1024
DOCX_MAX_RATIO = 200  # unpacked / packed size of one member
MAX_SPIN = 10_000_000  # key-derivation rounds a password may ask for (Office uses 100,000)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
NEEDS_PASSWORD = "is a password-protected DOCX: give its password (--password)"
WRONG_PASSWORD = "is a password-protected DOCX, and the password given does not open it"

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_PART_TYPES = ("header", "footer", "footnotes", "endnotes")
_HEADER_ORDER = {"first": 0, "default": 1, "even": 2}


def docx_pages(path: Path, password: str | None = None) -> list[str]:
    """The document's text, split into pages at its page and section breaks (or every few
    thousand characters when it has none)."""
    with _open_package(path, password) as archive:
        package = _Package(archive)
        root = package.xml("word/document.xml", missing="is a ZIP archive, not a DOCX")
        body = root.find(f"{_W}body")
        writer = _Writer(package)
        if body is not None:
            writer.body(body)
    return split_pages("".join(writer.out))


# -- the package: plain ZIP or decrypted in memory ------------------------


def _open_package(path: Path, password: str | None) -> zipfile.ZipFile:
    try:
        with path.open("rb") as handle:
            encrypted = handle.read(len(OLE_MAGIC)) == OLE_MAGIC
    except OSError:
        raise ReadFailure("is not a readable DOCX") from None
    if encrypted:
        return zipfile.ZipFile(io.BytesIO(_decrypt(path, password)))
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise ReadFailure("is not a readable DOCX") from None


def _decrypt(path: Path, password: str | None) -> bytes:
    """The DOCX inside an encrypted OLE package; the wrong password or none is one line."""
    import msoffcrypto
    from msoffcrypto.format.ooxml import OOXMLFile

    if not password:
        raise ReadFailure(NEEDS_PASSWORD)
    with path.open("rb") as handle:
        try:
            office = OOXMLFile(handle)
            if office.type not in ("agile", "standard"):
                raise ReadFailure("is a password-protected DOCX encrypted in a way that cannot "
                                  "be opened here; save it without a password and add it again")
            if office.type == "agile" and int(office.info.get("spinValue", 0)) > MAX_SPIN:
                raise ReadFailure("is a password-protected DOCX that asks for far more work "
                                  "than a record may take to open (refused)")
            if office.file.get_size("EncryptedPackage") > DOCX_MAX_UNPACKED:
                raise ReadFailure("unpacks to far more than it holds (refused as a zip bomb)")
            office.load_key(password=password, verify_password=True)
            out = io.BytesIO()
            office.decrypt(out)
        except (ReadFailure, MemoryError):
            raise
        except msoffcrypto.exceptions.InvalidKeyError:
            raise ReadFailure(WRONG_PASSWORD) from None
        except Exception:  # the library's own failure on a damaged or hostile package
            raise ReadFailure("is a damaged password-protected Office file") from None
    data = out.getvalue()
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except zipfile.BadZipFile:
        raise ReadFailure(WRONG_PASSWORD) from None
    if "word/document.xml" not in names:
        raise ReadFailure("is a password-protected Office file, but not a DOCX")
    return data


@dataclass
class _Package:
    """The parts of one DOCX, each read under the zip-bomb and entity checks."""

    archive: zipfile.ZipFile
    relations: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (type, part)
    _parsed: dict[str, etree._Element | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        total = sum(member.file_size for member in self.archive.infolist())
        if total > DOCX_MAX_UNPACKED:
            raise ReadFailure("unpacks to far more than it holds (refused as a zip bomb)")
        rels = self.xml("word/_rels/document.xml.rels", missing=None)
        if rels is None:
            return
        for relation in rels.iter(f"{_RELS}Relationship"):
            kind = (relation.get("Type") or "").rsplit("/", 1)[-1]
            target = relation.get("Target") or ""
            if kind in _PART_TYPES and relation.get("TargetMode") != "External" and target:
                part = target.lstrip("/") if target.startswith("/") else \
                    posixpath.normpath(posixpath.join("word", target))
                self.relations[relation.get("Id") or ""] = (kind, part)

    def part(self, kind: str) -> etree._Element | None:
        """The one part of a kind the document names (footnotes, endnotes)."""
        for part_kind, name in self.relations.values():
            if part_kind == kind:
                return self.xml(name, missing=None)
        return None

    def related(self, relation_id: str | None, kind: str) -> tuple[str, etree._Element] | None:
        part_kind, name = self.relations.get(relation_id or "", ("", ""))
        if part_kind != kind:
            return None
        root = self.xml(name, missing=None)
        return (name, root) if root is not None else None

    def xml(self, name: str, *, missing: str | None) -> etree._Element | None:
        if name in self._parsed:
            return self._parsed[name]
        try:
            info = self.archive.getinfo(name)
        except KeyError:
            if missing:
                raise ReadFailure(missing) from None
            return None
        if info.file_size > DOCX_MAX_RATIO * max(info.compress_size, 1024):
            raise ReadFailure("unpacks to far more than it holds (refused as a zip bomb)")
        try:
            with self.archive.open(info) as member:
                data = member.read(DOCX_MAX_UNPACKED + 1)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
            raise ReadFailure("is not a readable DOCX") from None
        except RuntimeError:  # a member encrypted with ZIP's own scheme
            raise ReadFailure("is an encrypted DOCX") from None
        if len(data) > DOCX_MAX_UNPACKED:
            raise ReadFailure("unpacks to far more than it holds (refused as a zip bomb)")
        if b"<!DOCTYPE" in data[:4096].upper() or b"<!ENTITY" in data.upper():
            raise ReadFailure("declares XML entities (refused: a DOCX never needs them)")
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                                 huge_tree=False, remove_comments=True)
        try:
            root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError:
            raise ReadFailure("is not a readable DOCX") from None
        self._parsed[name] = root
        return root


# -- the text ---------------------------------------------------------------


def _roman(number: int) -> str:
    numerals = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
    out = []
    for value, letters in numerals:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def _section_break(section: etree._Element, body: etree._Element) -> bool:
    """A section's own properties: the body's last, or a body paragraph's (not a tracked
    change's earlier properties, not a paragraph inside a text box)."""
    parent = section.getparent()
    if parent is body:
        return True
    if parent.tag != f"{_W}pPr" or parent.getparent().tag != f"{_W}p":
        return False
    return not any(ancestor.tag == f"{_W}txbxContent" for ancestor in section.iterancestors())


@dataclass
class _Paragraph:
    """One paragraph's own line, and what follows it: its text boxes' lines, then its notes."""

    line: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class _Writer:
    """Walks the document in reading order, appending text to ``out``."""

    def __init__(self, package: _Package):
        self.package = package
        self.out: list[str] = []
        self.footnotes = self._notes("footnotes", "footnote")
        self.endnotes = self._notes("endnotes", "endnote")
        self.cited: dict[tuple[str, str], str] = {}  # (kind, id) -> its mark
        self.endnote_lines: list[str] = []
        self._reading_note = False

    def _notes(self, part: str, tag: str) -> dict[str, etree._Element]:
        root = self.package.part(part)
        if root is None:
            return {}
        return {note.get(f"{_W}id") or "": note for note in root.iter(f"{_W}{tag}")}

    # sections -------------------------------------------------------------

    def body(self, body: etree._Element) -> None:
        sections = [element for element in body.iter(f"{_W}sectPr")
                    if _section_break(element, body)]
        self.sections = iter(sections)
        self.section = next(self.sections, None)
        self.out.extend(self._furniture("header"))
        self.out.extend(self._blocks(body, main=True))
        self.out.extend(self.endnote_lines)
        self.out.extend(self._furniture("footer"))

    def _next_section(self) -> Iterator[str]:
        """Between two sections: the footers of the one ending, a page break unless the next
        one is continuous, and the next one's headers."""
        yield from self._furniture("footer")
        self.section = next(self.sections, None)
        if self.section is None:
            return
        kind = self.section.find(f"{_W}type")
        if kind is None or kind.get(f"{_W}val") != "continuous":
            yield PAGE_BREAK
        yield from self._furniture("header")

    def _furniture(self, kind: str) -> list[str]:
        """The text of each header (or footer) part the section names, each part once."""
        if self.section is None:
            return []
        references = sorted(self.section.iter(f"{_W}{kind}Reference"),
                            key=lambda ref: _HEADER_ORDER.get(ref.get(f"{_W}type") or "", 1))
        lines: list[str] = []
        seen: set[str] = set()
        for reference in references:
            found = self.package.related(reference.get(f"{_R}id"), kind)
            if found is None or found[0] in seen:
                continue
            seen.add(found[0])
            lines.extend(line for line in self._blocks(found[1]) if line.strip())
        return lines

    # blocks and paragraphs ----------------------------------------------

    def _blocks(self, container: etree._Element, main: bool = False) -> Iterator[str]:
        """Lines (each ending in a newline) of the paragraphs and tables in ``container``."""
        for child in container:
            tag = child.tag
            if tag == f"{_W}p":
                yield from self._paragraph(child, main)
            elif tag == f"{_MC}AlternateContent":
                chosen = self._choice(child)
                if chosen is not None:
                    yield from self._blocks(chosen, main)
            elif tag in (f"{_W}sectPr", f"{_W}pPr", f"{_W}rPr", f"{_W}tblPr", f"{_W}trPr",
                         f"{_W}tcPr", f"{_W}sdtPr") or not isinstance(tag, str):
                continue
            else:  # tables, rows, cells, content controls, inserted text
                yield from self._blocks(child, main)

    def _paragraph(self, paragraph: etree._Element, main: bool) -> Iterator[str]:
        if paragraph.find(f"{_W}pPr/{_W}pageBreakBefore") is not None:
            yield PAGE_BREAK
        state = _Paragraph()
        self._inline(paragraph, state)
        yield "".join(state.line) + "\n"
        yield from state.after
        yield from state.notes
        if main and paragraph.find(f"{_W}pPr/{_W}sectPr") is not None:
            yield from self._next_section()

    def _inline(self, element: etree._Element, state: _Paragraph) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == f"{_W}t":
                state.line.append(child.text or "")
            elif tag == f"{_W}tab":
                state.line.append("\t")
            elif tag == f"{_W}noBreakHyphen":
                state.line.append("-")
            elif tag in (f"{_W}br", f"{_W}cr"):
                state.line.append(PAGE_BREAK if child.get(f"{_W}type") == "page" else "\n")
            elif tag == f"{_MC}AlternateContent":
                chosen = self._choice(child)
                if chosen is not None:
                    self._inline(chosen, state)
            elif tag == f"{_W}txbxContent":
                state.after.extend(line for line in self._blocks(child) if line.strip())
            elif tag == f"{_W}footnoteReference":
                self._cite(child, state, "footnote")
            elif tag == f"{_W}endnoteReference":
                self._cite(child, state, "endnote")
            elif tag in (f"{_W}pPr", f"{_W}rPr", f"{_W}sdtPr", f"{_W}delText", f"{_W}instrText",
                         f"{_W}del", f"{_W}moveFrom"):
                continue  # formatting, field codes, and text a tracked change removed
            else:  # runs, hyperlinks, fields, insertions, drawings, VML shapes
                self._inline(child, state)

    @staticmethod
    def _choice(alternate: etree._Element) -> etree._Element | None:
        """The first ``mc:Choice`` (Word's current form); ``mc:Fallback`` only without one."""
        choice = alternate.find(f"{_MC}Choice")
        return choice if choice is not None else alternate.find(f"{_MC}Fallback")

    def _cite(self, reference: etree._Element, state: _Paragraph, kind: str) -> None:
        note_id = reference.get(f"{_W}id") or ""
        notes = self.footnotes if kind == "footnote" else self.endnotes
        note = notes.get(note_id)
        if note is None or self._reading_note or (kind, note_id) in self.cited:
            return
        count = sum(1 for cited in self.cited if cited[0] == kind) + 1
        mark = f"[{count}]" if kind == "footnote" else f"[{_roman(count)}]"
        self.cited[(kind, note_id)] = mark
        state.line.append(mark)
        self._reading_note = True
        try:
            text = " ".join(line.strip() for line in self._blocks(note) if line.strip())
        finally:
            self._reading_note = False
        line = f"{mark} {text}\n"
        (state.notes if kind == "footnote" else self.endnote_lines).append(line)

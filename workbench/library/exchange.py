"""The library as a file: JSON and CSV, both lossless, both checked field by field.

The shipped seed library, an exported library and a file the reviewer edited
by hand all go through the same checks, so a mistake is reported with the
line or field it is in, and nothing is stored until the whole file is sound.
CSV holds one record per row; a ``kind`` column says whether the row is a
source, an entry or a snippet, and list cells hold one item per line.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from workbench.characters import xml_safe
from workbench.errors import WorkbenchError
from workbench.library.model import TIERS, CitationStyle, Entry, Snippet, Source

FORMAT = "imr-workbench-library"
FORMAT_VERSION = 1
MAX_FILE_BYTES = 50 * 1024 * 1024


class LibraryFileError(WorkbenchError):
    """A library file that cannot be taken as it is; the message says where."""


@dataclass
class LibraryData:
    sources: list[Source] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    snippets: list[Snippet] = field(default_factory=list)
    version: str | None = None


# -- field checks -------------------------------------------------------------

class _Bad(ValueError):
    pass


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise _Bad("expected text")
    return xml_safe(value).strip()  # control characters would make the letter unwritable


def _required(value: Any) -> str:
    value = _text(value)
    if not value:
        raise _Bad("must not be empty")
    return value


def _optional(value: Any) -> str | None:
    return None if value is None else (_text(value) or None)


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("yes", "true"):
        return True
    if isinstance(value, str) and value.strip().lower() in ("no", "false", ""):
        return False
    raise _Bad("expected yes or no")


def _whole_number(value: Any) -> int:
    if isinstance(value, bool) or isinstance(value, float):
        raise ValueError
    return int(value.strip() if isinstance(value, str) else value)


def _tier(value: Any) -> int:
    try:
        tier = _whole_number(value)
    except (TypeError, ValueError):
        raise _Bad(f"expected a tier number {min(TIERS)}-{max(TIERS)}") from None
    if tier not in TIERS:
        raise _Bad(f"expected a tier number {min(TIERS)}-{max(TIERS)}")
    return tier


def _page(value: Any) -> int | None:
    if value is None or value == "":
        return None
    try:
        page = _whole_number(value)
    except (TypeError, ValueError):
        raise _Bad("expected a page number") from None
    if page < 1:
        raise _Bad("expected a page number")
    return page


def _date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    try:
        return dt.date.fromisoformat(_text(value))
    except ValueError:
        raise _Bad("expected a date as YYYY-MM-DD") from None


def _words(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _Bad("expected a list of words")
    return [" ".join(xml_safe(item).split()) for item in value if xml_safe(item).strip()]


def _style(value: Any) -> CitationStyle:
    try:
        return CitationStyle(_text(value) or CitationStyle.TOPIC.value)
    except ValueError:
        allowed = ", ".join(style.value for style in CitationStyle)
        raise _Bad(f"expected one of {allowed}") from None


Check = Callable[[Any], Any]
_SOURCE_FIELDS: dict[str, tuple[Check, bool]] = {
    "key": (_required, True), "title": (_required, True), "short_title": (_required, True),
    "citation_title": (_required, True), "citation_style": (_style, False),
    "publisher": (_optional, False), "edition": (_optional, False),
    "effective_from": (_date, False), "effective_to": (_date, False),
    "mtus": (_flag, True), "tier": (_tier, True),
}
_ENTRY_FIELDS: dict[str, tuple[Check, bool]] = {
    "key": (_required, True), "source": (_required, True), "chapter": (_optional, False),
    "topic": (_required, True), "pages": (_optional, False), "section": (_optional, False),
    "summary": (_text, False), "body_regions": (_words, False), "treatments": (_words, False),
    "keywords": (_words, False), "pages_verified": (_flag, False),
    "document_page": (_page, False),
}
_SNIPPET_FIELDS: dict[str, tuple[Check, bool]] = {
    "key": (_required, True), "title": (_required, True), "text": (_required, True),
    "entries": (_words, False),
}
_KINDS = {"source": (Source, _SOURCE_FIELDS), "entry": (Entry, _ENTRY_FIELDS),
          "snippet": (Snippet, _SNIPPET_FIELDS)}


def _record(kind: str, raw: Any, where: Callable[[str], str]) -> Any:
    cls, specs = _KINDS[kind]
    if not isinstance(raw, dict):
        raise LibraryFileError(f"{where('')}: expected an object with the {kind}'s fields")
    unknown = sorted(set(raw) - set(specs) - {"kind"})
    if unknown:
        raise LibraryFileError(f"{where(unknown[0])}: unknown field")
    values = {}
    for name, (check, required) in specs.items():
        present = name in raw and raw[name] not in (None, "")
        if required and not present:
            raise LibraryFileError(f"{where(name)}: missing")
        if name not in raw:
            continue
        try:
            values[name] = check(raw[name])
        except _Bad as error:
            raise LibraryFileError(f"{where(name)}: {error}") from None
    return cls(**values)


def check_references(data: LibraryData, known_sources: Iterable[str] | None = None,
                     known_entries: Iterable[str] | None = None, label: str = "library") -> None:
    """Keys are unique; with the keys already stored, also that entries name a source
    and snippets name entries that exist (a file may refer to what the library holds)."""
    for kind, records in (("source", data.sources), ("entry", data.entries),
                          ("snippet", data.snippets)):
        seen: set[str] = set()
        for record in records:
            if record.key in seen:
                raise LibraryFileError(f"{label}: {kind} key {record.key!r} appears twice")
            seen.add(record.key)
    if known_sources is None or known_entries is None:
        return
    sources = {source.key for source in data.sources} | set(known_sources)
    for entry in data.entries:
        if entry.source not in sources:
            raise LibraryFileError(
                f"{label}: entry {entry.key!r} names source {entry.source!r}, which does not exist")
    entries = {entry.key for entry in data.entries} | set(known_entries)
    for snippet in data.snippets:
        for key in snippet.entries:
            if key not in entries:
                raise LibraryFileError(
                    f"{label}: snippet {snippet.key!r} names entry {key!r}, which does not exist")


# -- JSON ---------------------------------------------------------------------

def _plain(record: Any) -> dict[str, Any]:
    out = {}
    for f in fields(record):
        value = getattr(record, f.name)
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, CitationStyle):
            value = value.value
        elif isinstance(value, list):
            value = list(value)
        out[f.name] = value
    return out


def to_json(data: LibraryData) -> str:
    document = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "version": data.version,
        "sources": [_plain(source) for source in data.sources],
        "entries": [_plain(entry) for entry in data.entries],
        "snippets": [_plain(snippet) for snippet in data.snippets],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def from_json(text: str, label: str = "library") -> LibraryData:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise LibraryFileError(
            f"{label} line {error.lineno}, column {error.colno}: not valid JSON ({error.msg})"
        ) from None
    if not isinstance(document, dict):
        raise LibraryFileError(f"{label}: expected a JSON object with sources and entries")
    unknown = sorted(set(document) - {"format", "format_version", "version", "vocabulary",
                                      "sources", "entries", "snippets", "_comment"})
    if unknown:
        raise LibraryFileError(f"{label}: unknown field {unknown[0]!r}")
    if document.get("format", FORMAT) != FORMAT:
        raise LibraryFileError(f"{label}: not a workbench library file")
    data = LibraryData(version=document.get("version"))
    for kind, plural in (("source", "sources"), ("entry", "entries"), ("snippet", "snippets")):
        records = document.get(plural, [])
        if not isinstance(records, list):
            raise LibraryFileError(f"{label}: {plural} must be a list")
        for index, raw in enumerate(records):
            def where(name: str, index: int = index, plural: str = plural) -> str:
                return f"{label}: {plural}[{index}]" + (f".{name}" if name else "")
            getattr(data, plural).append(_record(kind, raw, where))
    check_references(data, label=label)
    return data


# -- CSV ----------------------------------------------------------------------

CSV_COLUMNS = ["kind", *dict.fromkeys([*_SOURCE_FIELDS, *_ENTRY_FIELDS, *_SNIPPET_FIELDS])]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "\n".join(value)
    return str(value)


def to_csv(data: LibraryData) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for kind, records in (("source", data.sources), ("entry", data.entries),
                          ("snippet", data.snippets)):
        for record in records:
            writer.writerow({"kind": kind, **{name: _cell(value)
                                             for name, value in _plain(record).items()}})
    return buffer.getvalue()


def from_csv(text: str, label: str = "library") -> LibraryData:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    if "kind" not in header:
        raise LibraryFileError(f"{label} line 1: the header has no 'kind' column "
                               "(a library CSV is comma-separated, with the exported header)")
    unknown = [name for name in header if name not in CSV_COLUMNS]
    if unknown:
        raise LibraryFileError(f"{label} line 1: unknown column {unknown[0]!r}")
    data = LibraryData()
    plural = {"source": "sources", "entry": "entries", "snippet": "snippets"}
    line = 2  # where the next record starts (a quoted cell may span lines)
    try:
        for row in reader:
            start, line = line, reader.line_num + 1
            if not any((value or "").strip() for value in row.values() if isinstance(value, str)):
                continue  # a spreadsheet's trailing empty row
            line_here = start
            kind = (row.get("kind") or "").strip()
            if kind not in _KINDS:
                raise LibraryFileError(
                    f"{label} line {line_here}, column kind: expected source, entry or snippet")
            if None in row:
                raise LibraryFileError(f"{label} line {line_here}: more cells than columns")
            specs = _KINDS[kind][1]
            raw = {name: value.splitlines() if specs[name][0] is _words else value
                   for name, value in row.items() if name in specs and value != ""}
            stray = [name for name, value in row.items()
                     if name not in specs and name != "kind" and value]
            if stray:
                article = "an" if kind[0] in "aeiou" else "a"
                raise LibraryFileError(
                    f"{label} line {line_here}, column {stray[0]}: not a field of {article} {kind}")

            def where(name: str, line: int = line_here) -> str:
                return f"{label} line {line}" + (f", column {name}" if name else "")
            getattr(data, plural[kind]).append(_record(kind, raw, where))
    except csv.Error as error:
        raise LibraryFileError(f"{label} line {reader.line_num}: {error}") from None
    check_references(data, label=label)
    return data


# -- files --------------------------------------------------------------------

def read_library_file(path: Path) -> LibraryData:
    """Read a .json or .csv library file completely, or raise with the place it is wrong."""
    label = path.name
    suffix = path.suffix.lower()
    if suffix not in (".json", ".csv"):
        raise LibraryFileError(f"{label}: a library file must end in .json or .csv")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise LibraryFileError(f"{label}: too large for a library file")
        raw = path.read_bytes()
    except OSError as error:
        raise LibraryFileError(f"{label}: cannot read ({error.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise LibraryFileError(f"{label}: not UTF-8 text (byte {error.start})") from None
    return from_json(text, label) if suffix == ".json" else from_csv(text, label)


def library_file_text(data: LibraryData, path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".json":
        return to_json(data)
    if suffix == ".csv":
        return to_csv(data)
    raise LibraryFileError(f"{path.name}: export to a .json or .csv file")

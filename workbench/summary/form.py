"""The structured summary form, kept in ``Case.summary_form`` as a plain JSON dict.

The dict outlives any one version of this module: cases are saved by older
and newer workbenches, and by hand-edited imports. So reading never fails.
A value that cannot be read is kept aside and written back unchanged while
its field stays empty, keys this version does not know are carried along,
and a form written by ``to_dict`` reads back to the same dict.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

DRAFTED_KEY = "_drafted"  # the paragraphs last drafted from the form (see draft.py)
UNREADABLE = object()  # a stored value that does not fit its field


@dataclass(frozen=True)
class FieldSpec:
    """One field as a form window shows it; ``kind`` picks the widget."""

    key: str
    label: str
    kind: str  # int, choice, bool, date, text, long text, list, treatments, studies
    choices: tuple[str, ...] = ()
    hint: str = ""


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("age", "Age", "int"),
    FieldSpec("sex", "Sex", "choice", ("male", "female")),
    FieldSpec("represented", "Represented by an attorney", "bool"),
    FieldSpec("injury_date", "Date of injury", "date"),
    FieldSpec("mechanism", "Mechanism of injury", "text", hint="lifting a 40-pound box"),
    FieldSpec("body_regions", "Body regions", "list", hint="low back"),
    FieldSpec("diagnoses", "Diagnoses", "list", hint="lumbar radiculopathy"),
    FieldSpec("treatments", "Treatment to date", "treatments"),
    FieldSpec("medications", "Current medications", "list", hint="naproxen 550 mg twice daily"),
    FieldSpec("studies", "Diagnostic studies", "studies"),
    FieldSpec("complaints", "Current complaints", "long text",
              hint="low back pain radiating to the left leg, rated 6/10"),
    FieldSpec("exam_findings", "Examination findings", "long text"),
    FieldSpec("work_status", "Work status", "text", hint="modified duty"),
    FieldSpec("request_provider", "Requesting provider", "text"),
    FieldSpec("request_date", "Date of request", "date"),
    FieldSpec("ur_date", "Date of UR decision", "date"),
    FieldSpec("ur_outcome", "UR outcome", "text", ("non-certified", "modified", "denied"),
              hint="non-certified"),
)

TREATMENT_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("kind", "Treatment", "text", hint="physical therapy"),
    FieldSpec("count", "How many", "text", hint="12 sessions"),
    FieldSpec("dates", "When", "text", hint="06/02/2026 to 07/25/2026"),
    FieldSpec("outcome", "Outcome", "text", hint="temporary relief"),
)

STUDY_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("kind", "Study", "text", hint="MRI"),
    FieldSpec("region", "Region", "text", hint="lumbar spine"),
    FieldSpec("date", "Date", "date"),
    FieldSpec("findings", "Findings", "long text"),
)


def _text(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return UNREADABLE


def _optional_text(value: Any) -> Any:
    text = _text(value)
    return (text or None) if text is not UNREADABLE else UNREADABLE


def _texts(value: Any) -> Any:
    """A list of strings; a lone string (an older form's "A; B") is split at semicolons."""
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    if not isinstance(value, list):
        return UNREADABLE
    items = [_text(item) for item in value if item is not None]
    return UNREADABLE if any(item is UNREADABLE for item in items) else items


def _age(value: Any) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return UNREADABLE
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    return value if isinstance(value, int) and 0 <= value <= 130 else UNREADABLE


def _sex(value: Any) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        sex = {"m": "male", "f": "female"}.get(value.strip().lower(), value.strip().lower())
        if sex in ("male", "female"):
            return sex
    return UNREADABLE


def _flag(value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value
    words = {"": None, "yes": True, "true": True, "no": False, "false": False}
    if isinstance(value, str) and value.strip().lower() in words:
        return words[value.strip().lower()]
    return UNREADABLE


def _parts(data: Any, readers: dict[str, Any], cls: type) -> Any:
    """A dataclass from a dict of strings; a plain string fills its first field."""
    if isinstance(data, str):
        data = {next(iter(readers)): data}
    if not isinstance(data, dict):
        return UNREADABLE
    values, extra = {}, {}
    for key, value in data.items():
        reader = readers.get(key)
        read = reader(value) if reader else UNREADABLE
        if reader is None or read is UNREADABLE:
            extra[key] = value
        else:
            values[key] = read
    return cls(**values, extra=extra)


def _records(cls: type) -> Any:
    def read(value: Any) -> Any:
        if value is None:
            return []
        if not isinstance(value, list):
            return UNREADABLE
        records = [cls.from_dict(item) for item in value if item is not None]
        return UNREADABLE if any(r is UNREADABLE for r in records) else records
    return read


def _record_dict(record: Any, names: tuple[str, ...]) -> dict[str, Any]:
    """Its fields over its extra keys; an unreadable stored value stays while its field is empty."""
    data = dict(record.extra)
    for name in names:
        value = getattr(record, name)
        if value or name not in data:
            data[name] = value
    return data


@dataclass
class Treatment:
    kind: str = ""
    count: str = ""  # free text: "8 sessions", "12"
    dates: str = ""  # free text: "06/02/2026 to 07/25/2026", "2025"
    outcome: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Any) -> Treatment | object:
        return _parts(data, {"kind": _text, "count": _text, "dates": _text, "outcome": _text}, cls)

    def to_dict(self) -> dict[str, Any]:
        return _record_dict(self, ("kind", "count", "dates", "outcome"))

    @property
    def empty(self) -> bool:
        return not any(part.strip() for part in (self.kind, self.count, self.dates, self.outcome))


@dataclass
class Study:
    kind: str = ""
    region: str = ""
    date: str = ""  # ISO, or free text as the record gives it ("February 2014")
    findings: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Any) -> Study | object:
        return _parts(data, {"kind": _text, "region": _text, "date": _text, "findings": _text},
                      cls)

    def to_dict(self) -> dict[str, Any]:
        return _record_dict(self, ("kind", "region", "date", "findings"))

    @property
    def day(self) -> dt.date | None:
        return parse_day(self.date)

    @property
    def empty(self) -> bool:
        return not any(part.strip() for part in (self.kind, self.region, self.date, self.findings))


_READERS = {
    "age": _age, "sex": _sex, "represented": _flag, "injury_date": _optional_text,
    "mechanism": _text, "body_regions": _texts, "diagnoses": _texts,
    "treatments": _records(Treatment), "medications": _texts, "studies": _records(Study),
    "exam_findings": _text, "work_status": _text, "request_provider": _text,
    "request_date": _optional_text, "ur_date": _optional_text, "ur_outcome": _text,
    "complaints": _text,
}
assert set(_READERS) == {spec.key for spec in FIELDS}


@dataclass
class SummaryForm:
    age: int | None = None
    sex: str | None = None  # "male", "female" or None
    represented: bool | None = None
    injury_date: str | None = None  # ISO date; free text from older data is kept as is
    mechanism: str = ""
    body_regions: list[str] = field(default_factory=list)
    diagnoses: list[str] = field(default_factory=list)
    treatments: list[Treatment] = field(default_factory=list)
    medications: list[str] = field(default_factory=list)
    studies: list[Study] = field(default_factory=list)
    exam_findings: str = ""
    work_status: str = ""
    request_provider: str = ""
    request_date: str | None = None
    ur_date: str | None = None
    ur_outcome: str = ""
    complaints: str = ""
    drafted: list[str] | None = None  # stored under DRAFTED_KEY
    # Keys this version does not know, and known keys whose value it could not read
    # (written back while the field stays empty, so nothing stored is ever lost).
    extra: dict[str, Any] = field(default_factory=dict)
    unreadable: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Any) -> SummaryForm:
        form = cls()
        if not isinstance(data, dict):
            return form
        for key, value in data.items():
            if key == DRAFTED_KEY and isinstance(value, list) \
                    and all(isinstance(p, str) for p in value):
                form.drafted = list(value)
            elif key in _READERS:
                read = _READERS[key](value)
                if read is UNREADABLE:
                    form.unreadable[key] = value
                else:
                    setattr(form, key, read)
            else:
                form.extra[key] = value
        return form

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        defaults = SummaryForm()
        for spec in FIELDS:
            value = getattr(self, spec.key)
            if spec.key in self.unreadable and value == getattr(defaults, spec.key):
                data[spec.key] = self.unreadable[spec.key]
            elif spec.kind in ("treatments", "studies"):
                data[spec.key] = [record.to_dict() for record in value]
            elif isinstance(value, list):
                data[spec.key] = list(value)
            else:
                data[spec.key] = value
        if self.drafted is not None:
            data[DRAFTED_KEY] = list(self.drafted)
        for key, value in self.extra.items():
            data.setdefault(key, value)
        return data

    @property
    def injury_on(self) -> dt.date | None:
        return parse_day(self.injury_date)

    @injury_on.setter
    def injury_on(self, day: dt.date | None) -> None:
        self.injury_date = day.isoformat() if day else None

    @property
    def request_on(self) -> dt.date | None:
        return parse_day(self.request_date)

    @request_on.setter
    def request_on(self, day: dt.date | None) -> None:
        self.request_date = day.isoformat() if day else None

    @property
    def ur_on(self) -> dt.date | None:
        return parse_day(self.ur_date)

    @ur_on.setter
    def ur_on(self, day: dt.date | None) -> None:
        self.ur_date = day.isoformat() if day else None

    @property
    def empty(self) -> bool:
        defaults = SummaryForm()
        return all(getattr(self, spec.key) == getattr(defaults, spec.key) for spec in FIELDS)


_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})")


def parse_day(text: str | None) -> dt.date | None:
    """An ISO or US (month first) date; anything else is free text and gives None.

    Two-digit years are read as records write them: not in the future.
    """
    if not text:
        return None
    text = text.strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    match = _US_DATE.fullmatch(text)
    if not match:
        return None
    month, day, year = (int(part) for part in match.groups())
    if len(match[3]) == 2:
        year += 2000 if 2000 + year <= dt.date.today().year else 1900
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
